"""Sound and video uploads checked by `server.media.av` on real files (tests/media/fixtures,
see its README): the type from the bytes whatever the name, the play time measured, the tags
(titles, comments, a phone's location) gone while the file still parses, and anything else
refused with the right code, never an unexpected error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mutagen import File as MutagenFile

from server.media.av import CleanMedia, Limits, MediaRefused, clean_av, sniff

FIXTURES = Path(__file__).parent / "fixtures"
LIMITS = Limits(audio_bytes=5 << 20, video_bytes=25 << 20, audio_ms=120_000, video_ms=60_000)
SECRETS = (b"HUDDLE-SECRET-TAG", b"Secret Title", b"HuddleTagArtist", b"48.8577")
REFUSALS = {(415, "unsupported_type"), (422, "invalid_media"), (422, "too_long")}
EXPECTED = {
    "tone.mp3": ("audio", "mp3", "audio/mpeg"),
    "tone.ogg": ("audio", "ogg", "audio/ogg"),
    "tone.m4a": ("audio", "m4a", "audio/mp4"),
    "clip.mp4": ("video", "mp4", "video/mp4"),
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_the_fixtures_are_small_and_carry_tags_to_remove() -> None:
    assert sum(p.stat().st_size for p in FIXTURES.iterdir()) <= 50 * 1024
    for name in EXPECTED:
        assert any(secret in fixture(name) for secret in SECRETS), name
    assert b"48.8577" in fixture("clip.mp4")  # a phone-style location key


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_file_is_typed_from_its_bytes_timed_and_stripped_of_its_tags(name: str) -> None:
    clean = clean_av(fixture(name), LIMITS)
    assert (clean.kind, clean.extension, clean.content_type) == EXPECTED[name]
    assert 950 <= clean.duration_ms <= 1100
    assert clean.name.endswith("." + clean.extension) and len(clean.name.split(".")[0]) == 64
    for secret in SECRETS:
        assert secret not in clean.data, (name, secret)
    again = MutagenFile(io.BytesIO(clean.data))
    assert again is not None and 0.9 < again.info.length < 1.2  # still a sound file
    assert not again.tags  # nothing left for mutagen to show


def test_an_mp4_keeps_its_size_and_sample_offsets() -> None:
    """Metadata boxes become `free` boxes of the same size: nothing after them moves."""
    original = fixture("clip.mp4")
    clean = clean_av(original, LIMITS)
    assert len(clean.data) == len(original)
    start = original.index(b"mdat")
    assert clean.data[start:] == original[start:]


def test_limits_refuse_a_file_too_long_or_too_large_for_its_kind() -> None:
    short = Limits(audio_bytes=5 << 20, video_bytes=25 << 20, audio_ms=900, video_ms=900)
    for name in EXPECTED:
        with pytest.raises(MediaRefused) as err:
            clean_av(fixture(name), short)
        assert (err.value.status, err.value.code) == (422, "too_long")
    small = Limits(audio_bytes=4000, video_bytes=6000, audio_ms=120_000, video_ms=60_000)
    for name in EXPECTED:
        with pytest.raises(MediaRefused) as err:
            clean_av(fixture(name), small)
        assert (err.value.status, err.value.code) == (413, "too_large")
    # The video's limit is not the sound's: a 6.3 KB video passes where a sound may not.
    video_ok = Limits(audio_bytes=1024, video_bytes=7000, audio_ms=120_000, video_ms=60_000)
    assert clean_av(fixture("clip.mp4"), video_ok).kind == "video"


def test_an_mp4_with_a_data_track_is_refused() -> None:
    """A track that is neither sound nor picture (a GPS or timed-metadata track) could carry
    what no tag removal reaches: refused."""
    data = bytearray(fixture("clip.mp4"))
    at = data.index(b"hdlr") + 12  # after size+type: version/flags, pre_defined, handler
    assert bytes(data[at : at + 4]) in (b"vide", b"soun")
    data[at : at + 4] = b"meta"
    with pytest.raises(MediaRefused) as err:
        clean_av(bytes(data), LIMITS)
    assert (err.value.status, err.value.code) == (422, "invalid_media")


@pytest.mark.parametrize(
    "data",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"%PDF-1.7\n",
        b"OggS" + b"\0" * 60,  # an Ogg page that is no Vorbis or Opus sound
        b"",
    ],
)
def test_other_files_are_not_sound_or_video(data: bytes) -> None:
    with pytest.raises(MediaRefused) as err:
        clean_av(data, LIMITS)
    assert err.value.status == 415 or err.value.code == "invalid_media"
    if not data.startswith(b"OggS"):
        assert sniff(data) is None and err.value.code == "unsupported_type"


def test_a_truncated_file_is_refused_as_damaged() -> None:
    for name in ("tone.ogg", "clip.mp4"):
        with pytest.raises(MediaRefused) as err:
            clean_av(fixture(name)[:300], LIMITS)
        assert (err.value.status, err.value.code) == (422, "invalid_media"), name


SAMPLES = {name: fixture(name) for name in EXPECTED}


@settings(max_examples=50, deadline=None)
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.integers(0, 10**6),
)
def test_a_damaged_file_is_cleaned_or_refused_never_an_unexpected_error(
    name: str, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(SAMPLES[name])
    for at, value in flips:
        data[at % len(data)] = value
    data = data[: max(1, cut % (len(data) + 1))]
    try:
        clean: CleanMedia = clean_av(bytes(data), LIMITS)
    except MediaRefused as err:
        assert (err.status, err.code) in REFUSALS
    else:
        assert clean.kind in ("audio", "video") and clean.duration_ms > 0
