"""The one rule for the names of media files this site stores and serves: a SHA-256 content
hash (lower-case hex) and the extension of a kept type (``/media/<sha256>.<ext>``).

Pure: the engine checks question media against it, the server stores and serves only such
names (so nothing else, ``..`` or slashes included, reaches a file system or a bucket).
"""

from __future__ import annotations

import re
from typing import Literal

MediaKind = Literal["image", "audio", "video"]

#: Extension -> the Content-Type its files are served with.
MEDIA_EXTENSIONS: dict[str, str] = {
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
}

_NAME = re.compile(r"[0-9a-f]{64}\.(" + "|".join(MEDIA_EXTENSIONS) + r")")


def is_media_name(name: str) -> bool:
    """Whether `name` is the name of a stored media file (``<sha256>.<ext>``)."""
    return _NAME.fullmatch(name) is not None


def media_kind(name: str) -> MediaKind:
    """'image', 'audio' or 'video': what a stored file of `name` (an `is_media_name`) holds."""
    kind = MEDIA_EXTENSIONS[name.rsplit(".", 1)[1]].split("/", 1)[0]
    if kind == "image":
        return "image"
    return "video" if kind == "video" else "audio"
