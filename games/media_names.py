"""The one rule for the names of stored media files and the site paths that point at them.

A stored file is named by the SHA-256 of its content (lower-case hex) and the extension of its
kept type, ``<sha256>.<ext>``; it is served at ``/media/<name>``. The storage (server/media),
the upload route and the question and tip documents all read the rule from here, so a name
accepted by one is accepted by all, and nothing else (``..``, slashes, other extensions) reaches
the file system or a document.
"""

from __future__ import annotations

import re
from typing import Literal

MediaKind = Literal["image", "audio", "video"]

# Extension -> the Content-Type the file is served with.
MEDIA_EXTENSIONS: dict[str, str] = {
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
}

MEDIA_PREFIX = "/media/"

_NAME = re.compile(r"[0-9a-f]{64}\.(" + "|".join(MEDIA_EXTENSIONS) + ")")


def is_media_name(name: str) -> bool:
    """Whether `name` is the name of a stored media file (``<sha256>.<ext>``, ext one of
    `MEDIA_EXTENSIONS`)."""
    return _NAME.fullmatch(name) is not None


def media_kind(name: str) -> MediaKind:
    """Whether the stored file `name` is an image, audio or video; ValueError when `name` is not
    a media name."""
    if not is_media_name(name):
        raise ValueError(f"not a media file name: {name!r}")
    major = MEDIA_EXTENSIONS[name.rsplit(".", 1)[1]].split("/", 1)[0]
    if major == "image":
        return "image"
    return "audio" if major == "audio" else "video"


def content_type(name: str) -> str:
    """The Content-Type the stored file `name` is served with (ValueError when not a media
    name)."""
    if not is_media_name(name):
        raise ValueError(f"not a media file name: {name!r}")
    return MEDIA_EXTENSIONS[name.rsplit(".", 1)[1]]


def media_path_name(url: str) -> str | None:
    """The stored file name of the site path `url` (``/media/<name>``), or None when `url` is
    not such a path."""
    if not url.startswith(MEDIA_PREFIX):
        return None
    name = url[len(MEDIA_PREFIX) :]
    return name if is_media_name(name) else None
