"""Media files in an S3-compatible bucket (AWS S3, MinIO, Ceph, …): `S3MediaStorage`, chosen
by the app factory when ``HUDDLE_MEDIA_S3_BUCKET`` is set (`storage_from_settings`).

boto3 is a blocking client: every call runs in a worker thread, never on the event loop. A
put is one ``PutObject``, which S3 stores completely or not at all, so a failed upload leaves
no object behind. Objects are private; this server reads them and serves them from its own
origin (``GET /media/<name>``), so no other site sees the players.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from server.media.storage import LocalMediaStorage, MediaStorage, content_type, is_media_name
from server.settings import Settings

#: The error codes S3 (and its look-alikes) answer for an object that is not there.
_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3MediaStorage:
    """Media files as objects ``<prefix><name>`` of one bucket."""

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        config = Config(
            # A custom endpoint (MinIO, a loopback test server) rarely has per-bucket host names.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
        )
        # A client is thread-safe: one for every worker thread. Credentials left None fall back
        # to boto3's usual chain (environment, instance role).
        self._client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None,
            config=config,
        )

    def _key(self, name: str) -> str:
        if not is_media_name(name):
            raise ValueError(f"not a media file name: {name!r}")
        return f"{self.prefix}{name}"

    async def put(self, name: str, data: bytes) -> None:
        """Store `data` as `name` (one PutObject: completely or not at all)."""
        key = self._key(name)
        await asyncio.to_thread(
            self._client.put_object,
            Bucket=self.bucket,
            Key=key,
            Body=data,
            ContentType=content_type(name),
        )

    async def get(self, name: str) -> bytes | None:
        """The object `name`, or None when there is none (or the name is not a media name)."""
        if not is_media_name(name):
            return None
        return await asyncio.to_thread(self._read, self._key(name))

    def _read(self, key: str) -> bytes | None:
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as err:
            if str(err.response.get("Error", {}).get("Code")) in _MISSING:
                return None
            raise
        body = answer["Body"]
        try:
            data: bytes = body.read()
        finally:
            body.close()
        return data


def storage_from_settings(settings: Settings) -> MediaStorage:
    """The media storage the settings name: an `S3MediaStorage` when ``HUDDLE_MEDIA_S3_BUCKET``
    is set, else a `LocalMediaStorage` in ``HUDDLE_MEDIA_DIR``."""
    if settings.media_s3_bucket:
        return S3MediaStorage(
            settings.media_s3_bucket,
            prefix=settings.media_s3_prefix,
            endpoint_url=settings.media_s3_endpoint or None,
            region=settings.media_s3_region or None,
            access_key=settings.media_s3_access_key or None,
            secret_key=settings.media_s3_secret_key or None,
        )
    return LocalMediaStorage(Path(settings.media_dir))
