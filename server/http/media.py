"""Quiz images kept on this server (docs/privacy.md).

- ``POST /api/images`` (a host): an image as the raw body or a multipart form's ``file``, at
  most ``HUDDLE_MEDIA_MAX_BYTES``; checked and re-encoded by `server.media.images` in a small
  pool of worker threads (`IMAGE_WORKERS`, at most `IMAGE_QUEUE` uploads in hand per node),
  stored under its content hash; ``201 {"url": "/media/<hash>.webp", "width", "height"}``.
  Refused, storing nothing: too large ``413 too_large``, not an image of an accepted type
  ``415 unsupported_type``, damaged ``422 invalid_image``, too many pixels
  ``422 too_many_pixels``, the node busy ``503 busy``.
- ``POST /api/media`` (any member): an image, a sound (MP3, M4A, Ogg) or a short MP4 video,
  the type read from the bytes; images as above, sound and video checked and stripped of their
  tags by `server.media.av` in the same pool; at most ``HUDDLE_UPLOAD_PER_HOUR`` uploads per
  account each clock hour (``429 rate_limited``); ``201 {"url", "kind", "content_type",
  "width"?, "height"?, "duration_ms"?}``. Refused (stored nothing): too large ``413``, another
  type ``415 unsupported_type``, damaged ``422 invalid_image`` / ``invalid_media``, playing too
  long ``422 too_long``, too many pixels ``422 too_many_pixels``, the node busy ``503 busy``.
- ``GET /media/<name>``: a stored file, from this origin, with its type, ``nosniff`` and a
  year's cache (a name never changes what it holds); sound and video answer ``Range`` requests
  (``206``) so players can seek; any other name ``404``.

The storage is the app's `media_storage()`: a local folder, or an S3-compatible bucket
(`server.media.s3`).
"""

from __future__ import annotations

import asyncio
import functools
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from quart import Blueprint, Response, current_app, request
from quart.typing import ResponseReturnValue
from quart_schema import (
    DataSource,
    document_querystring,
    document_request,
    document_response,
)
from werkzeug.exceptions import RequestEntityTooLarge

from server.context import get_context
from server.http.api_models import ImageForm, ImageStored, MediaQuery, MediaStored
from server.http.common import (
    ApiError,
    api_error,
    current_host,
    invalid,
    require_host,
    require_member,
)
from server.http.openapi import api
from server.media.av import Limits, clean_av, sniff
from server.media.images import CleanImage, ImageRefused, clean_image
from server.media.s3 import storage_from_settings
from server.media.storage import MediaStorage, content_type, is_media_name, media_kind
from server.settings import Settings
from server.store.rates import HOUR_WINDOW_MS

media_bp = Blueprint("media", __name__)

UPLOAD_PATH = "/api/images"
MEDIA_PATH = "/api/media"
#: The paths that take uploads larger than other bodies (`limit_bodies` exempts them).
UPLOAD_PATHS = (UPLOAD_PATH, MEDIA_PATH)
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
    test) put one there, else the settings' (`storage_from_settings`: an S3 bucket when
    ``HUDDLE_MEDIA_S3_BUCKET`` is set, else a local folder in ``HUDDLE_MEDIA_DIR``)."""
    storage: MediaStorage | None = current_app.extensions.get("huddle.media")
    if storage is None:
        storage = storage_from_settings(get_context().settings)
        current_app.extensions["huddle.media"] = storage
    return storage


def _too_large(limit: int, what: str = "image") -> ApiError:
    return ApiError(
        413, "too_large", f"the {what} is larger than {limit // 1024:,} KB", field="file"
    )


def media_body_limit(settings: Settings) -> int:
    """The largest body ``POST /api/media`` reads: the largest file of any kind."""
    return max(
        settings.media_max_bytes, settings.media_max_audio_bytes, settings.media_max_video_bytes
    )


async def _upload_bytes(limit: int, what: str = "image") -> bytes:
    """The raw body, or the multipart form's ``file``; `_too_large` past `limit` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit, what)
    try:
        if (request.mimetype or "").startswith("multipart/form-data"):
            files = await request.files
            upload = files.get("file")
            if upload is None:
                raise ApiError(
                    422, "invalid", f"send the {what} as the form field 'file'", field="file"
                )
            data: bytes = upload.read(limit + 1)
        else:
            data = await request.get_data(cache=False, as_text=False, parse_form_data=False)
    except RequestEntityTooLarge:
        raise _too_large(limit, what) from None
    if len(data) > limit:
        raise _too_large(limit, what)
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
    settings = get_context().settings
    with _slot():
        data = await _upload_bytes(settings.media_max_bytes)
        image = await _in_worker(
            functools.partial(clean_image, data, max_pixels=settings.media_max_pixels)
        )
        await media_storage().put(image.name, image.data)
    return {"url": f"/media/{image.name}", "width": image.width, "height": image.height}, 201


class _slot:
    """One of the node's `IMAGE_QUEUE` upload slots, held while the upload is read, checked
    and stored; none free: ``503 busy``."""

    def __enter__(self) -> None:
        global _in_hand
        if _in_hand >= IMAGE_QUEUE:
            raise ApiError(
                503, "busy", "too many uploads are being processed; try again shortly",
                headers={"Retry-After": "2"},
            )  # fmt: skip
        _in_hand += 1

    def __exit__(self, *exc: object) -> None:
        global _in_hand
        _in_hand -= 1


_T = TypeVar("_T")


async def _in_worker(check: Callable[[], _T]) -> _T:
    """`check` run in the upload pool; its `ImageRefused` (or `MediaRefused`) as an answer."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_workers, check)
    except ImageRefused as err:
        raise ApiError(err.status, err.code, err.message, field="file") from None


#: How an image file starts (PNG, JPEG, GIF, WebP): such an upload goes to `clean_image`.
def _is_image(data: bytes) -> bool:
    return data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    )


async def _count_upload(account_id: str) -> None:
    """Count an upload of the account: past ``HUDDLE_UPLOAD_PER_HOUR`` this clock hour,
    ``429 rate_limited`` with ``Retry-After`` the seconds left in the hour. Counted in Redis,
    so an unreachable Redis refuses uploads (``503``) rather than letting them through."""
    ctx = get_context()
    limit = ctx.settings.upload_per_hour
    if limit == 0:
        return
    now_ms = int(ctx.games.clock())
    if await ctx.games.store.count_upload(account_id, now_ms) > limit:
        wait_s = max(1, math.ceil((HOUR_WINDOW_MS - now_ms % HOUR_WINDOW_MS) / 1000))
        raise ApiError(
            429,
            "rate_limited",
            f"at most {limit} uploads an hour; wait a while",
            headers={"Retry-After": str(wait_s)},
        )


_KINDS = ("image", "audio", "video")
_KIND_NAMES = {"image": "an image", "audio": "a sound", "video": "a video"}


def _wanted_kinds() -> tuple[str, ...]:
    """The ``kinds`` query parameter: the kinds the caller takes (default every kind)."""
    raw = request.args.get("kinds")
    if raw is None:
        return _KINDS
    kinds = tuple(k.strip() for k in raw.split(","))
    if not kinds or len(kinds) > len(_KINDS) or any(k not in _KINDS for k in kinds):
        raise invalid("kinds", "kinds must be image, audio or video, separated by commas")
    return kinds


def _check_kind(kind: str, wanted: tuple[str, ...]) -> None:
    """``415 unsupported_type`` (before anything is stored) when `kind` is not wanted."""
    if kind not in wanted:
        takes = " or ".join(_KIND_NAMES[k] for k in wanted)
        raise ApiError(
            415, "unsupported_type",
            f"the file is {_KIND_NAMES[kind]}; this takes {takes} only", field="file",
        )  # fmt: skip


@media_bp.post(MEDIA_PATH)
@api(
    "Upload an image, a sound or a short video (stored cleaned, served from /media/)",
    ok=201,
    limited=True,
    also_accepts={
        "image/*": None,
        "audio/*": None,
        "video/mp4": None,
        "application/octet-stream": None,
    },
    errors={
        413: "larger than its kind allows: HUDDLE_MEDIA_MAX_BYTES (image), "
        "HUDDLE_MEDIA_MAX_AUDIO_BYTES, HUDDLE_MEDIA_MAX_VIDEO_BYTES (code too_large)",
        415: "not a PNG, JPEG, GIF or WebP image, an MP3, M4A or Ogg sound or an MP4 video, "
        "whatever its name (unsupported_type)",
        422: "damaged (invalid_image, invalid_media: also an MP4 with a track other than "
        "sound and picture), playing longer than HUDDLE_MEDIA_MAX_AUDIO_S / _VIDEO_S "
        "(too_long), too many pixels (too_many_pixels), or no file",
        429: "more than HUDDLE_UPLOAD_PER_HOUR uploads of the account this clock hour "
        "(rate_limited; Retry-After)",
        503: "the node is busy with other uploads (code busy), or Redis or SQL unreachable; "
        "retry after Retry-After",
    },
    description="Any member may upload (question and tip media). The type is read from the "
    "bytes. Images are cleaned and re-encoded as for POST /api/images; sound and video are "
    "parsed, their play time checked and their tags (titles, comments, cover art, a phone's "
    "location) removed, then stored as they are under their content hash. Use the answer's "
    "`url` as `media.image`, `media.audio` or `media.video`. Refused uploads store nothing.",
)
@document_request(ImageForm, source=DataSource.FORM_MULTIPART)
@document_querystring(MediaQuery)
@document_response(MediaStored, 201)
@require_member
async def upload_media() -> ResponseReturnValue:
    """Store an uploaded image, sound or video, checked and cleaned, under its content hash."""
    settings = get_context().settings
    kinds = _wanted_kinds()
    await _count_upload(current_host().id)
    with _slot():
        data = await _upload_bytes(media_body_limit(settings), "file")
        if _is_image(data):
            _check_kind("image", kinds)
            if len(data) > settings.media_max_bytes:
                raise _too_large(settings.media_max_bytes)
            image: CleanImage = await _in_worker(
                functools.partial(clean_image, data, max_pixels=settings.media_max_pixels)
            )
            await media_storage().put(image.name, image.data)
            return {
                "url": f"/media/{image.name}", "kind": "image", "content_type": image.content_type,
                "width": image.width, "height": image.height,
            }, 201  # fmt: skip
        if sniff(data) is None:
            raise ApiError(
                415, "unsupported_type",
                "the file is not a PNG, JPEG, GIF or WebP image, an MP3, M4A or Ogg sound or "
                "an MP4 video", field="file",
            )  # fmt: skip
        limits = Limits(
            audio_bytes=settings.media_max_audio_bytes,
            video_bytes=settings.media_max_video_bytes,
            audio_ms=settings.media_max_audio_s * 1000,
            video_ms=settings.media_max_video_s * 1000,
        )
        media = await _in_worker(functools.partial(clean_av, data, limits))
        _check_kind(media.kind, kinds)
        await media_storage().put(media.name, media.data)
    return {
        "url": f"/media/{media.name}", "kind": media.kind, "content_type": media.content_type,
        "duration_ms": media.duration_ms,
    }, 201  # fmt: skip


@media_bp.get("/media/<path:name>")
async def media_file(name: str) -> ResponseReturnValue:
    """A stored media file (``206`` for a ``Range`` of a sound or video); ``404`` for any
    name that is not one."""
    data = await media_storage().get(name) if is_media_name(name) else None
    if data is None:
        return api_error(404, "not_found", "no such media file")
    response = Response(data, content_type=content_type(name))
    if media_kind(name) != "image":
        # Browsers fetch sound and video in ranges to seek (and Safari plays nothing without).
        # The name is the content's hash: a strong validator for If-Range.
        response.set_etag(name.split(".", 1)[0])
        await response.make_conditional(request, accept_ranges=True, complete_length=len(data))
        response.headers["Accept-Ranges"] = "bytes"  # on a whole answer, too
    response.headers["Cache-Control"] = MEDIA_CACHE
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Shown by Huddle's own pages only, never run as a document.
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
