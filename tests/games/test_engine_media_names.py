"""games.media_names: the one rule for stored media file names."""

from __future__ import annotations

import pytest

from games.media_names import content_type, is_media_name, media_kind, media_path_name

HASH = "a" * 64


@pytest.mark.parametrize(
    ("ext", "kind", "ctype"),
    [
        ("webp", "image", "image/webp"),
        ("mp3", "audio", "audio/mpeg"),
        ("m4a", "audio", "audio/mp4"),
        ("ogg", "audio", "audio/ogg"),
        ("mp4", "video", "video/mp4"),
    ],
)
def test_each_kept_type_is_a_name_of_its_kind(ext: str, kind: str, ctype: str) -> None:
    name = f"{HASH}.{ext}"
    assert is_media_name(name)
    assert media_kind(name) == kind
    assert content_type(name) == ctype
    assert media_path_name(f"/media/{name}") == name


@pytest.mark.parametrize(
    "name",
    [
        f"{HASH}.png",
        f"{HASH.upper()}.webp",
        f"{HASH[:-1]}.mp3",
        f"../{HASH}.mp3",
        f"{HASH}.mp3/x",
        f"{HASH}.MP4",
        f"{HASH}.mp3\n",
        "",
    ],
)
def test_other_names_are_refused(name: str) -> None:
    assert not is_media_name(name)
    assert media_path_name(f"/media/{name}") is None
    with pytest.raises(ValueError):
        media_kind(name)


def test_only_media_paths_give_a_name() -> None:
    assert media_path_name(f"/images/{HASH}.mp3") is None
    assert media_path_name(f"https://x.example/media/{HASH}.mp3") is None
