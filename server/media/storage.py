"""Where cleaned media files are kept: the `MediaStorage` interface and its local-folder
implementation, the embedded default (``HUDDLE_MEDIA_DIR``); `server.media.s3` keeps them in
an S3-compatible bucket instead.

Files are named by the hash of their content (`server.media.images.CleanImage.name`), so a
name never changes what it points at, the same file uploaded twice is stored once, and a name
is hard to guess. `is_media_name` (`games.media_names`, the one rule) is the only shape of name
read or written: nothing else (``..``, slashes, other extensions) reaches the file system.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from games.media_names import content_type, is_media_name, media_kind

__all__ = ["LocalMediaStorage", "MediaStorage", "content_type", "is_media_name", "media_kind"]


class MediaStorage(Protocol):
    """A place for media files of `is_media_name` names: `LocalMediaStorage` or
    `server.media.s3.S3MediaStorage`."""

    async def put(self, name: str, data: bytes) -> None:
        """Store `data` as `name`, completely or not at all."""

    async def get(self, name: str) -> bytes | None:
        """The file `name`, or None when there is none."""


class LocalMediaStorage:
    """Media files in one folder on this node (made when the first file is stored)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        if not is_media_name(name):
            raise ValueError(f"not a media file name: {name!r}")
        return self.folder / name

    async def put(self, name: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(name), data)

    async def get(self, name: str) -> bytes | None:
        if not is_media_name(name):
            return None
        return await asyncio.to_thread(self._read, self.folder / name)

    def _write(self, path: Path, data: bytes) -> None:
        if path.is_file():
            return  # the same content under the same name
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written beside its place and renamed into it: a reader never sees half a file, and a
        # failed write leaves no file behind.
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @staticmethod
    def _read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
