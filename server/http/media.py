"""Quiz images kept on this server (docs/privacy.md).

- ``POST /api/images`` (a host): an image as the raw body or a multipart form's ``file``, at
  most ``HUDDLE_MEDIA_MAX_BYTES``; checked and re-encoded by `server.media.images` in a small
  pool of worker threads (`IMAGE_WORKERS`, at most `IMAGE_QUEUE` uploads in hand per node),
  stored under its content hash; ``201 {"url": "/media/<hash>.webp", "width", "height"}``.
  Refused, storing nothing: too large ``413 too_large``, not an image of an accepted type
  ``415 unsupported_type``, damaged ``422 invalid_image``, too many pixels
  ``422 too_many_pixels``, the node busy ``503 busy``.
- ``GET /media/<name>``: a stored file, from this origin, with its type, ``nosniff`` and a
  year's cache (a name never changes what it holds); any other name ``404``.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from quart import Blueprint, Response, current_app, request
from quart.typing import ResponseReturnValue
from quart_schema import DataSource, document_request, document_response
from werkzeug.exceptions import RequestEntityTooLarge

from server.context import get_context
from server.http.api_models import ImageForm, ImageStored
from server.http.common import ApiError, api_error, require_host
from server.http.openapi import api
from server.media.images import CleanImage, ImageRefused, clean_image
from server.media.storage import LocalMediaStorage, MediaStorage, content_type, is_media_name

media_bp = Blueprint("media", __name__)

UPLOAD_PATH = "/api/images"
MEDIA_CACHE = "public, max-age=31536000, immutable"
#: Images decoded at once on a node; more wait their turn, never on the event loop.
IMAGE_WORKERS = 2
#: Uploads a node holds at once (decoding or waiting); past it ``503 busy``, so a burst of
#: large uploads cannot pile up their bytes in memory.
IMAGE_QUEUE = 8

# Threads start on the first upload, not at import time.
_workers = ThreadPoolExecutor(max_workers=IMAGE_WORKERS, thread_name_prefix="huddle-image")
_in_hand = 0


def media_storage() -> MediaStorage:
    """The app's media storage: ``app.extensions["huddle.media"]`` when the app factory (or a
    test) put one there, else a `LocalMediaStorage` in ``HUDDLE_MEDIA_DIR``."""
    storage: MediaStorage | None = current_app.extensions.get("huddle.media")
    if storage is None:
        storage = LocalMediaStorage(Path(get_context().settings.media_dir))
        current_app.extensions["huddle.media"] = storage
    return storage


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413, "too_large", f"the image is larger than {limit // 1024:,} KB", field="file"
    )


async def _upload_bytes(limit: int) -> bytes:
    """The raw body, or the multipart form's ``file``; `_too_large` past `limit` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    try:
        if (request.mimetype or "").startswith("multipart/form-data"):
            files = await request.files
            upload = files.get("file")
            if upload is None:
                raise ApiError(
                    422, "invalid", "send the image as the form field 'file'", field="file"
                )
            data: bytes = upload.read(limit + 1)
        else:
            data = await request.get_data(cache=False, as_text=False, parse_form_data=False)
    except RequestEntityTooLarge:
        raise _too_large(limit) from None
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ApiError(422, "invalid", "the upload is empty", field="file")
    return data


@media_bp.post(UPLOAD_PATH)
@api(
    "Upload a quiz image (stored cleaned, served from /media/)",
    ok=201,
    also_accepts={"image/*": None, "application/octet-stream": None},
    errors={
        413: "larger than HUDDLE_MEDIA_MAX_BYTES (code too_large)",
        415: "not a PNG, JPEG, GIF or WebP image, whatever its name (unsupported_type)",
        422: "damaged (invalid_image), more pixels than HUDDLE_MEDIA_MAX_PIXELS "
        "(too_many_pixels), or no file",
        503: "the node is busy with other uploads (code busy), or SQL unreachable; retry "
        "after Retry-After",
    },
    description="The type is read from the bytes; the image is verified, its metadata (EXIF, "
    "GPS, …) dropped, scaled to at most 1920 px on its long side and stored as WebP under its "
    "content hash. Use the answer's `url` as a question's `media.image`: phones show only "
    "images of this site. Refused uploads store nothing.",
)
@document_request(ImageForm, source=DataSource.FORM_MULTIPART)
@document_response(ImageStored, 201)
@require_host
async def upload_image() -> ResponseReturnValue:
    """Store an uploaded image, cleaned and re-encoded, under its content hash."""
    global _in_hand
    settings = get_context().settings
    if _in_hand >= IMAGE_QUEUE:
        raise ApiError(
            503, "busy", "too many images are being processed; try again shortly",
            headers={"Retry-After": "2"},
        )  # fmt: skip
    _in_hand += 1
    try:
        data = await _upload_bytes(settings.media_max_bytes)
        loop = asyncio.get_running_loop()
        try:
            image: CleanImage = await loop.run_in_executor(
                _workers,
                functools.partial(clean_image, data, max_pixels=settings.media_max_pixels),
            )
        except ImageRefused as err:
            raise ApiError(err.status, err.code, err.message, field="file") from None
        await media_storage().put(image.name, image.data)
    finally:
        _in_hand -= 1
    return {"url": f"/media/{image.name}", "width": image.width, "height": image.height}, 201


@media_bp.get("/media/<path:name>")
async def media_file(name: str) -> ResponseReturnValue:
    """A stored media file; ``404`` for any name that is not one."""
    data = await media_storage().get(name) if is_media_name(name) else None
    if data is None:
        return api_error(404, "not_found", "no such media file")
    response = Response(data, content_type=content_type(name))
    response.headers["Cache-Control"] = MEDIA_CACHE
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Shown by Huddle's own pages only, never run as a document.
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
