"""Uploaded sound and video made safe to keep: the type read from the bytes (never the file's
name or the browser's word), the file parsed by `mutagen`, its play time checked, and the
metadata the library can reach removed before the file is stored under its content hash.

- MP3 (``audio/mpeg``): ID3v1, ID3v2 and APEv2 tags deleted (titles, comments, cover art);
- Ogg Vorbis / Opus (``audio/ogg``): the comment header emptied (its vendor string stays);
- MP4 / M4A (``video/mp4`` / ``audio/mp4``): every ``udta`` and ``meta`` box (iTunes tags,
  QuickTime keys such as a phone's location) and top-level ``uuid`` box (XMP) turned into a
  ``free`` box of the same size, zero-filled, so no sample offset moves. A file with a video
  track is a video, one with sound only an M4A; a track of any other kind (timed metadata
  such as a GPS track, subtitles) is refused, as nothing here could remove it.

Audio and video are not re-encoded (that needs codecs this server does not carry): what is
kept is the uploaded stream. Blocking work: callers on the event loop run it in a thread.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
from dataclasses import dataclass
from typing import Any

from mutagen import apev2, id3, mp3, mp4, oggopus, oggvorbis
from mutagen.mp4._atom import Atoms

from games.media_names import MediaKind
from server.media.images import ImageRefused

#: Boxes whose whole content is metadata, blanked wherever they sit under these parents.
_META_BOXES = (b"udta", b"meta")
_PARENTS = ((b"moov",), (b"moov", b"trak"))
# mutagen's file classes carry no annotations on their constructors.
_MP3: Any = mp3.MP3
_MP4: Any = mp4.MP4
_OGG: tuple[Any, ...] = (oggvorbis.OggVorbis, oggopus.OggOpus)


class MediaRefused(ImageRefused):
    """An upload that is not sound or video Huddle keeps: `status` and `code` for the answer."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The largest file and longest play time of each kind."""

    audio_bytes: int
    video_bytes: int
    audio_ms: int
    video_ms: int


@dataclass(frozen=True, slots=True)
class CleanMedia:
    """A checked sound or video file, its tags removed, and its content-hash name."""

    data: bytes
    kind: MediaKind
    extension: str
    content_type: str
    duration_ms: int

    @property
    def name(self) -> str:
        return f"{hashlib.sha256(self.data).hexdigest()}.{self.extension}"


def sniff(data: bytes) -> str | None:
    """The container `data` starts like: 'mp3', 'ogg', 'mp4', or None."""
    if data[:4] == b"OggS":
        return "ogg"
    if data[4:8] == b"ftyp":
        return "mp4"
    # An MP3 starts with an ID3v2 tag or straight with a frame's sync word (11 bits set).
    if data[:3] == b"ID3" or (len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def unsupported() -> MediaRefused:
    return MediaRefused(
        415, "unsupported_type", "the file is not an MP3, M4A or Ogg sound or an MP4 video"
    )


def _damaged() -> MediaRefused:
    return MediaRefused(422, "invalid_media", "the file is damaged and cannot be read")


def clean_av(data: bytes, limits: Limits) -> CleanMedia:
    """`data` (an uploaded file) checked and stripped of its tags; `MediaRefused` when it is not
    an MP3, Ogg (Vorbis or Opus), M4A or MP4 file (``415 unsupported_type``), is damaged or
    holds a track of another kind (``422 invalid_media``), is larger than its kind allows
    (``413 too_large``) or plays longer (``422 too_long``)."""
    container = sniff(data)
    if container is None:
        raise unsupported()
    buffer = io.BytesIO(data)
    kind: MediaKind = "audio"
    try:
        if container == "mp3":
            ext, ctype, seconds = "mp3", "audio/mpeg", _mp3(buffer)
        elif container == "ogg":
            ext, ctype, seconds = "ogg", "audio/ogg", _ogg(buffer)
        else:
            video, seconds = _mp4(buffer)
            ext, ctype = ("mp4", "video/mp4") if video else ("m4a", "audio/mp4")
            kind = "video" if video else "audio"
    except MediaRefused:
        raise
    except Exception:  # a damaged file makes the parsers raise many kinds of error
        raise _damaged() from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise _damaged()
    duration_ms = round(seconds * 1000)
    is_video = kind == "video"
    max_bytes = limits.video_bytes if is_video else limits.audio_bytes
    max_ms = limits.video_ms if is_video else limits.audio_ms
    if len(data) > max_bytes:
        raise MediaRefused(
            413, "too_large", f"the {kind} file is larger than {max_bytes // 1024:,} KB"
        )
    if duration_ms > max_ms:
        raise MediaRefused(
            422, "too_long", f"the {kind} plays longer than {max_ms // 1000} seconds"
        )
    return CleanMedia(buffer.getvalue(), kind, ext, ctype, duration_ms)


def _mp3(buffer: io.BytesIO) -> float:
    audio = _MP3(buffer)
    if audio.info.sketchy:
        # mutagen found no run of consistent frame headers: not an MP3 stream.
        raise _damaged()
    seconds = float(audio.info.length)
    buffer.seek(0)
    id3.delete(buffer, delete_v1=True, delete_v2=True)
    buffer.seek(0)
    apev2.delete(buffer)
    return seconds


def _ogg(buffer: io.BytesIO) -> float:
    audio: Any = None
    for kind in _OGG:
        buffer.seek(0)
        try:
            audio = kind(buffer)
            break
        except Exception:  # not this codec's headers (or damaged): mutagen raises many kinds
            continue
    if audio is None:
        data = buffer.getvalue()
        # The first page's packet (after the 27-byte header and its segment table) names the
        # codec: Vorbis or Opus that mutagen could not read is damaged; anything else (Theora
        # video, …) is not a kept type.
        first = data[27 + data[26] :] if len(data) > 27 else b""
        if first.startswith((b"\x01vorbis", b"OpusHead")):
            raise _damaged()
        raise unsupported()
    seconds = float(audio.info.length)
    if audio.tags is not None:
        audio.tags.clear()
        buffer.seek(0)
        audio.save(buffer)
    return seconds


def _mp4(buffer: io.BytesIO) -> tuple[bool, float]:
    """Whether the MP4 file holds a video track, and its play time; its metadata boxes are
    blanked in `buffer`."""
    movie = _MP4(buffer)
    seconds = float(movie.info.length)
    buffer.seek(0)
    atoms = Atoms(buffer)
    data = buffer.getbuffer()
    handlers: list[bytes] = []
    try:
        for track in atoms[b"moov"].findall(b"trak"):
            hdlr = track[b"mdia", b"hdlr"]
            # hdlr: size, type, version+flags, pre_defined, then the handler type.
            start = hdlr.offset + 16
            handlers.append(bytes(data[start : start + 4]))
        boxes = [
            box
            for parents in _PARENTS
            for parent in _all(atoms, parents)
            for name in _META_BOXES
            for box in parent.findall(name)
        ]
        boxes += [box for box in atoms.atoms if box.name in (b"uuid", b"meta", b"udta")]
        for box in boxes:
            _blank(data, box.offset, box.length)
    finally:
        data.release()
    if not handlers or any(h not in (b"vide", b"soun") for h in handlers):
        raise MediaRefused(
            422,
            "invalid_media",
            "the file must hold sound and picture tracks only (no location or other data tracks)",
        )
    return b"vide" in handlers, seconds


def _all(atoms: Atoms, path: tuple[bytes, ...]) -> list[Any]:
    """Every box at `path` (``moov``, or each ``moov/trak``)."""
    found: list[Any] = [atoms[path[0]]] if path[0] in {a.name for a in atoms.atoms} else []
    for name in path[1:]:
        found = [child for box in found for child in box.findall(name)]
    return found


def _blank(data: memoryview, offset: int, length: int) -> None:
    """Turn the box at `offset` into a ``free`` box of the same size, its content zeros."""
    wide = struct.unpack_from(">I", data, offset)[0] == 1  # a 64-bit size follows the type
    header = 16 if wide else 8
    data[offset + 4 : offset + 8] = b"free"
    data[offset + header : offset + length] = bytes(length - header)
