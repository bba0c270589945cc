"""Quiz images uploaded to the server (``POST /api/images``) and served from its own origin
(``GET /media/<name>``): cleaned of their metadata, resized, re-encoded; anything that is not
a sound image of an accepted type refused with nothing left behind."""

from __future__ import annotations

import asyncio
import io
import struct
import threading
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_support import SECRET, bearer, register
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from quart import Quart, request
from quart.datastructures import FileStorage
from quart.testing import QuartClient

from server.auth import TokenSigner
from server.context import AppContext
from server.db.database import Database
from server.db.migrate import upgrade_async
from server.http import media
from server.http.auth import auth_bp
from server.http.handlers import limit_bodies, register_error_handlers
from server.http.media import UPLOAD_PATH, media_bp
from server.media import storage as storage_module
from server.media.images import ImageRefused, clean_image
from server.media.storage import LocalMediaStorage
from server.settings import Settings, SettingsError

MAX_BYTES = 512 * 1024
MAX_PIXELS = 20_000_000
GPS_IFD = 0x8825
REFUSALS = {(415, "unsupported_type"), (422, "invalid_image"), (422, "too_many_pixels")}


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    return folder


@pytest.fixture
async def client(tmp_path: Path, media_dir: Path) -> AsyncIterator[Any]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
    await upgrade_async(url)
    settings = Settings(
        secret=SECRET,
        database_url=url,
        max_payload_bytes=64 * 1024,
        auth_rate_per_min=0,
        media_dir=str(media_dir),
        media_max_bytes=MAX_BYTES,
        media_max_pixels=MAX_PIXELS,
    )
    db = Database(url)
    quart = Quart(__name__)
    # As the app factory does: the app admits the larger uploads, other paths keep their limit.
    quart.config["MAX_CONTENT_LENGTH"] = MAX_BYTES
    quart.register_blueprint(auth_bp)
    quart.register_blueprint(media_bp)
    register_error_handlers(quart)
    limit_bodies(quart, settings.max_payload_bytes, exempt=(UPLOAD_PATH,))
    quart.extensions["huddle"] = AppContext(
        settings=settings, db=db, tokens=TokenSigner(SECRET, settings.token_ttl_s)
    )
    try:
        yield quart.test_client()
    finally:
        await db.close()


async def auth(client: QuartClient) -> dict[str, str]:
    token: str = (await register(client))["token"]
    return bearer(token)


def photo(size: tuple[int, int], fmt: str = "JPEG", *, gps: bool = True) -> bytes:
    """A photo as a camera writes it: EXIF with the camera's make and a GPS position."""
    image = Image.new("RGB", size, (200, 40, 40))
    for x in range(0, size[0], 37):
        for y in range(0, size[1], 41):
            image.putpixel((x, y), (10, 220, 90))
    exif = Image.Exif()
    exif[0x010F] = "HuddleCam"  # Make
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def form(data: bytes, name: str = "photo.png") -> dict[str, Any]:
    return {"files": {"file": FileStorage(io.BytesIO(data), filename=name)}}


def plant(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir()
    (folder / name).write_bytes(data)


def stored(media_dir: Path) -> list[str]:
    return sorted(p.name for p in media_dir.iterdir()) if media_dir.exists() else []


async def test_a_photo_loses_its_gps_position_and_is_resized(
    client: QuartClient, media_dir: Path
) -> None:
    original = photo((2400, 1600))
    with Image.open(io.BytesIO(original)) as before:  # the test photo does carry a position
        assert before.getexif().get_ifd(GPS_IFD)
    resp = await client.post(UPLOAD_PATH, headers=await auth(client), **form(original))
    body = await resp.get_json()
    assert resp.status_code == 201, body
    assert body["url"].startswith("/media/") and body["url"].endswith(".webp")
    assert (body["width"], body["height"]) == (1920, 1280)
    assert stored(media_dir) == [body["url"].removeprefix("/media/")]

    served = await client.get(body["url"])
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    data = await served.get_data()
    assert b"HuddleCam" not in data
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "WEBP"
        assert after.size == (1920, 1280)
        assert not after.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(after.info)


async def test_a_raw_png_body_is_taken_and_the_same_image_is_stored_once(
    client: QuartClient, media_dir: Path
) -> None:
    png = photo((300, 200), "PNG")
    headers = {**await auth(client), "Content-Type": "application/octet-stream"}
    first = await client.post(UPLOAD_PATH, headers=headers, data=png)
    again = await client.post(UPLOAD_PATH, headers=headers, data=png)
    assert first.status_code == again.status_code == 201
    url = (await first.get_json())["url"]
    assert (await again.get_json())["url"] == url
    assert len(stored(media_dir)) == 1
    with Image.open(io.BytesIO(await (await client.get(url)).get_data())) as after:
        assert after.size == (300, 200)  # never enlarged
        assert not after.getexif()


async def test_an_upload_needs_a_host(client: QuartClient, media_dir: Path) -> None:
    resp = await client.post(UPLOAD_PATH, **form(photo((50, 50))))
    assert resp.status_code == 401
    assert stored(media_dir) == []


async def test_text_named_png_is_refused_as_not_an_image(
    client: QuartClient, media_dir: Path
) -> None:
    text = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    resp = await client.post(UPLOAD_PATH, headers=await auth(client), **form(text, "cat.png"))
    assert resp.status_code == 415
    error = (await resp.get_json())["error"]
    assert error["code"] == "unsupported_type" and error["field"] == "file"
    assert stored(media_dir) == []


async def test_a_truncated_image_is_refused_as_damaged(
    client: QuartClient, media_dir: Path
) -> None:
    png = photo((400, 300), "PNG")
    resp = await client.post(UPLOAD_PATH, headers=await auth(client), **form(png[: len(png) // 2]))
    assert resp.status_code == 422
    assert (await resp.get_json())["error"]["code"] == "invalid_image"
    assert stored(media_dir) == []


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` pixels, with a few bytes of data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def compressed_bomb() -> bytes:
    """A real, valid PNG of 8000 × 8000 one-bit pixels: a few KB that decode to 64 M pixels
    (past the default budget of 40 M, too)."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize("bomb", [png_claiming(100_000, 100_000), compressed_bomb()])
async def test_a_decompression_bomb_is_refused_from_its_header(
    client: QuartClient, media_dir: Path, bomb: bytes
) -> None:
    assert len(bomb) < MAX_BYTES
    resp = await client.post(UPLOAD_PATH, headers=await auth(client), **form(bomb))
    assert resp.status_code == 422
    assert (await resp.get_json())["error"]["code"] == "too_many_pixels"
    assert stored(media_dir) == []


async def test_a_file_over_the_size_limit_is_refused(client: QuartClient, media_dir: Path) -> None:
    big = photo((50, 50), "PNG") + b"\0" * MAX_BYTES
    headers = await auth(client)
    resp = await client.post(UPLOAD_PATH, headers=headers, **form(big))
    assert resp.status_code == 413
    assert (await resp.get_json())["error"]["code"] == "too_large"
    raw = await client.post(UPLOAD_PATH, headers={**headers, "Content-Type": "image/png"}, data=big)
    assert raw.status_code == 413
    assert stored(media_dir) == []


async def test_other_paths_keep_the_smaller_body_limit() -> None:
    """The app admits bodies up to the upload limit; `limit_bodies` refuses a larger declared
    body on any other path before a view reads it."""
    app = Quart(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BYTES
    register_error_handlers(app)
    limit_bodies(app, 64 * 1024, exempt=(UPLOAD_PATH,))

    async def echo() -> dict[str, int]:
        return {"read": len(await request.get_data())}

    app.add_url_rule("/api/echo", "echo", echo, methods=["POST"])
    app.add_url_rule(UPLOAD_PATH, "upload", echo, methods=["POST"])
    client = app.test_client()
    body = b"x" * (100 * 1024)
    declared = {"Content-Length": str(len(body))}
    refused = await client.post("/api/echo", data=body, headers=declared)
    assert refused.status_code == 422
    assert (await refused.get_json())["error"]["message"] == "body too large"
    assert (await client.post("/api/echo", data=body[: 60 * 1024])).status_code == 200
    taken = await client.post(UPLOAD_PATH, data=body, headers=declared)
    assert (taken.status_code, await taken.get_json()) == (200, {"read": len(body)})


@pytest.mark.parametrize(
    "path",
    [
        "/media/../huddle.db",
        "/media/..%2Fhuddle.db",
        "/media/%2e%2e/huddle.db",
        "/media/" + "a" * 64 + ".png",
        "/media/" + "A" * 64 + ".webp",
        "/media/x.webp",
        "/media/sub/" + "a" * 64 + ".webp",
        "/media/" + "a" * 64 + ".webp",  # the right shape, but nothing stored
    ],
)
async def test_any_other_name_under_media_is_404(
    client: QuartClient, media_dir: Path, tmp_path: Path, path: str
) -> None:
    plant(media_dir, "a" * 64 + ".png", b"not served")
    resp = await client.get(path)
    assert resp.status_code == 404
    data = await resp.get_data()
    assert b"SQLite format" not in data and b"not served" not in data
    assert (tmp_path / "huddle.db").exists()


async def test_images_are_decoded_in_worker_threads_and_a_full_node_says_busy(
    client: QuartClient, media_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upload's decode is held in its worker thread: meanwhile the event loop answers other
    requests, and past `IMAGE_QUEUE` uploads in hand the next is ``503 busy`` at once."""
    headers = await auth(client)
    decoding, release = threading.Event(), threading.Event()
    threads: list[str] = []
    real = media.clean_image

    def held(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        decoding.set()
        assert release.wait(60), "the test never released the decode"
        return real(*args, **kwargs)

    monkeypatch.setattr(media, "clean_image", held)
    monkeypatch.setattr(media, "IMAGE_QUEUE", 1)
    upload = asyncio.create_task(client.post(UPLOAD_PATH, headers=headers, **form(photo((80, 60)))))
    try:
        assert await asyncio.to_thread(decoding.wait, 60)
        assert threads == [t for t in threads if t.startswith("huddle-image")] != []
        other = await client.get("/media/" + "b" * 64 + ".webp")  # the loop is free
        assert other.status_code == 404
        busy = await client.post(UPLOAD_PATH, headers=headers, **form(photo((80, 60))))
        assert busy.status_code == 503
        assert (await busy.get_json())["error"]["code"] == "busy"
        assert busy.headers["Retry-After"] == "2"
        assert not upload.done()  # the decode is still under way in its thread
    finally:
        release.set()
    resp = await asyncio.wait_for(upload, 60)
    assert resp.status_code == 201
    assert len(stored(media_dir)) == 1
    after = await client.post(UPLOAD_PATH, headers=headers, **form(photo((80, 60), gps=False)))
    assert after.status_code == 201  # the slot was given back


def test_the_media_settings_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "HUDDLE_MEDIA_DIR": "/srv/huddle/media",
            "HUDDLE_MEDIA_MAX_BYTES": "1048576",
            "HUDDLE_MEDIA_MAX_PIXELS": "1000000",
        }
    )
    assert settings.media_dir == "/srv/huddle/media"
    assert (settings.media_max_bytes, settings.media_max_pixels) == (1048576, 1_000_000)
    defaults = Settings.from_env({})
    assert (defaults.media_dir, defaults.media_max_bytes) == ("huddle-media", 8 * 1024 * 1024)
    for name, value in [("HUDDLE_MEDIA_MAX_BYTES", "0"), ("HUDDLE_MEDIA_MAX_PIXELS", "-1")]:
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: value})


SAMPLES = {fmt: photo((120, 90), fmt, gps=fmt == "JPEG") for fmt in ("PNG", "JPEG", "GIF", "WEBP")}


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(sorted(SAMPLES)),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.integers(0, 10**6),
)
def test_a_damaged_file_is_cleaned_or_refused_never_an_unexpected_error(
    fmt: str, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(SAMPLES[fmt])
    for at, value in flips:
        data[at % len(data)] = value
    data = data[: max(1, cut % (len(data) + 1))]
    try:
        image = clean_image(bytes(data), max_pixels=MAX_PIXELS)
    except ImageRefused as err:
        assert (err.status, err.code) in REFUSALS
    else:
        with Image.open(io.BytesIO(image.data)) as again:
            assert again.format == "WEBP" and max(again.size) <= 1920


async def test_the_local_storage_writes_whole_files_under_media_names_only(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    storage = LocalMediaStorage(folder)
    name = "c" * 64 + ".webp"
    await storage.put(name, b"first")
    await storage.put(name, b"first")  # the same content again: one file
    assert await storage.get(name) == b"first"
    assert stored(folder) == [name]
    for bad in ("../escape.webp", "c" * 64 + ".png", ".upload-x.part", "", "/etc/passwd"):
        with pytest.raises(ValueError):
            await storage.put(bad, b"x")
        assert await storage.get(bad) is None
    assert await storage.get("d" * 64 + ".webp") is None
    assert stored(folder) == [name]
    assert not (tmp_path / "escape.webp").exists()


async def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    storage = LocalMediaStorage(folder)

    def full_disk(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", full_disk)
    with pytest.raises(OSError):
        await storage.put("e" * 64 + ".webp", b"data")
    assert stored(folder) == []
