"""``POST /api/media`` and ``GET /media/<name>`` for sound and video, on SQLite with the local
folder and on PostgreSQL with a real S3-compatible server on loopback (moto's server mode),
the upload limit counted in the real Redis: any member uploads, the type comes from the bytes,
the tags are gone, sound and video answer Range requests, and every refusal leaves the storage
as it was."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register
from PIL import Image
from quart.datastructures import FileStorage
from redis.asyncio import Redis

from server.db.scope import Role, Scope
from server.http.media import MEDIA_PATH, UPLOAD_PATHS
from server.rooms.runtime import Rooms
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix
from tests.media.s3_server import S3Server, s3_server
from tests.server.inproc import RecordingFanout

FIXTURES = Path(__file__).resolve().parents[1] / "media" / "fixtures"
SECRET_TAG = b"HUDDLE-SECRET-TAG"


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


class World:
    """The app, a member-only account of Ann's workspace, and what the storage holds."""

    def __init__(self, api: Api, listing: Callable[[], list[str]]) -> None:
        self.api, self.listing = api, listing
        self.member: dict[str, str] = {}

    @property
    def ctx(self) -> Any:
        return self.api.client.app.extensions["huddle"]

    async def upload(self, data: bytes, name: str = "clip.bin", query: str = "") -> tuple[int, Any]:
        form = {"file": FileStorage(io.BytesIO(data), filename=name)}
        return await self.api.call("POST", MEDIA_PATH + query, self.member, files=form)


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[World]:
    # SQLite with the local folder; PostgreSQL with the S3 bucket: both storages, both SQLs.
    async with make_api(request, tmp_path, upload_per_hour=60) as api:
        app = api.client.app
        app.config["MAX_CONTENT_LENGTH"] = 32 << 20
        if request.param == "sqlite":
            folder = tmp_path / "media"

            def listing() -> list[str]:
                return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
        else:
            server: S3Server = request.getfixturevalue("s3")
            bucket = server.new_bucket()
            app.extensions["huddle.media"] = server.storage(bucket, "huddle/")

            def listing() -> list[str]:
                return server.keys(bucket)

        redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        prefix = new_prefix()
        ctx = app.extensions["huddle"]
        ctx.games = Rooms(
            ctx.settings, GameStore(redis, Keys(prefix)), RecordingFanout(), api.clock
        )
        w = World(api, listing)
        ann = await register(api.client, email="ann@example.com", name="Ann")
        wid = ann["workspaces"][0]["id"]
        bob = await register(api.client, email="bob@example.com", name="Bob")
        invite = await api.db.workspaces.create_invite(
            Scope.personal(wid), Role.MEMBER, timedelta(days=1)
        )
        await api.db.workspaces.accept(invite.id, bob["host"]["id"])
        # Bob acts in Ann's workspace, where he is a member only.
        w.member = {**bearer(bob["token"]), "X-Workspace": wid}
        try:
            yield w
        finally:
            await delete_prefix(redis, prefix)
            await redis.aclose()


@pytest.mark.parametrize(
    ("fixture", "kind", "ctype"),
    [
        ("tone.mp3", "audio", "audio/mpeg"),
        ("tone.ogg", "audio", "audio/ogg"),
        ("tone.m4a", "audio", "audio/mp4"),
        ("clip.mp4", "video", "video/mp4"),
    ],
)
async def test_a_member_uploads_sound_and_video_served_with_ranges(
    world: World, fixture: str, kind: str, ctype: str
) -> None:
    original = (FIXTURES / fixture).read_bytes()
    # The name and the declared type say nothing: the bytes decide.
    status, body = await world.upload(original, "holiday.png")
    assert status == 201, body
    assert (body["kind"], body["content_type"]) == (kind, ctype)
    assert 950 <= body["duration_ms"] <= 1100 and "width" not in body
    name = body["url"].removeprefix("/media/")
    assert name.endswith(Path(fixture).suffix)
    assert len(world.listing()) == 1 and world.listing()[0].endswith(name)

    whole = await world.api.client.get(body["url"])
    data = await whole.get_data()
    assert whole.status_code == 200 and whole.headers["Content-Type"] == ctype
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert whole.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "immutable" in whole.headers["Cache-Control"]
    assert SECRET_TAG not in data and len(data) > 1000

    part = await world.api.client.get(body["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert await part.get_data() == data[100:200]
    tail = await world.api.client.get(body["url"], headers={"Range": f"bytes={len(data) + 5}-"})
    assert tail.status_code == 416


async def test_an_image_through_the_media_route_is_cleaned_as_before(world: World) -> None:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (9, 9, 9)).save(out, format="PNG")
    status, body = await world.upload(out.getvalue(), "a.mp3")
    assert status == 201, body
    assert (body["kind"], body["content_type"], body["width"], body["height"]) == (
        "image", "image/webp", 30, 20,
    )  # fmt: skip
    served = await world.api.client.get(body["url"])
    assert served.headers["Content-Type"] == "image/webp"


async def test_every_refusal_leaves_the_storage_as_it_was(world: World) -> None:
    status, kept = await world.upload((FIXTURES / "tone.ogg").read_bytes())
    assert status == 201
    before = world.listing()
    mp3 = (FIXTURES / "tone.mp3").read_bytes()
    ctx = world.ctx
    cases: list[tuple[bytes, dict[str, Any], int, str]] = [
        (b"<html><script>alert(1)</script></html>", {}, 415, "unsupported_type"),
        ((FIXTURES / "clip.mp4").read_bytes()[:400], {}, 422, "invalid_media"),
        (mp3, {"media_max_audio_s": 1}, 422, "too_long"),  # it plays 1.07 s
        (mp3, {"media_max_audio_bytes": 4096}, 413, "too_large"),
        (mp3 + b"\0" * 5000, {"media_max_audio_bytes": 4096, "media_max_video_bytes": 8192,
                              "media_max_bytes": 4096}, 413, "too_large"),  # past any kind
    ]  # fmt: skip
    base = ctx.settings
    for data, overrides, code_status, code in cases:
        ctx.settings = base.with_overrides(**overrides)
        status, body = await world.upload(data)
        assert (status, body["error"]["code"]) == (code_status, code), (overrides, body)
        assert body["error"]["field"] == "file"
        assert world.listing() == before
    ctx.settings = base
    # The caller says which kinds it takes (an image field): a sound is refused, not stored.
    status, body = await world.upload(mp3, query="?kinds=image")
    assert (status, body["error"]["code"]) == (415, "unsupported_type"), body
    assert "a sound; this takes an image only" in body["error"]["message"]
    status, body = await world.upload(mp3, query="?kinds=image,pdf")
    assert (status, body["error"]["field"]) == (422, "kinds")
    assert world.listing() == before
    status, body = await world.upload(mp3, query="?kinds=video,audio")
    assert status == 201 and body["kind"] == "audio"
    assert len(world.listing()) == len(before) + 1
    before = world.listing()
    assert (await world.api.client.get(kept["url"])).status_code == 200
    # No token: refused before anything is read.
    status, _ = await world.api.call(
        "POST", MEDIA_PATH, files={"file": FileStorage(io.BytesIO(mp3), filename="a.mp3")}
    )
    assert status == 401
    assert world.listing() == before


async def test_uploads_per_hour_are_limited_per_account_in_redis(world: World) -> None:
    ctx = world.ctx
    ctx.settings = ctx.settings.with_overrides(upload_per_hour=2)
    ogg = (FIXTURES / "tone.ogg").read_bytes()
    assert (await world.upload(ogg))[0] == 201
    assert (await world.upload(b"not media"))[0] == 415  # a refused upload counts too
    resp = await world.api.client.post(
        MEDIA_PATH, headers=world.member,
        files={"file": FileStorage(io.BytesIO((FIXTURES / "tone.mp3").read_bytes()), filename="a")},
    )  # fmt: skip
    assert resp.status_code == 429
    assert (await resp.get_json())["error"]["code"] == "rate_limited"
    assert 1 <= int(resp.headers["Retry-After"]) <= 3600
    assert len(world.listing()) == 1
    world.api.clock.now += 3_600_000  # the next clock hour
    assert (await world.upload((FIXTURES / "tone.mp3").read_bytes()))[0] == 201


def test_the_media_route_takes_larger_bodies_than_other_paths() -> None:
    assert MEDIA_PATH in UPLOAD_PATHS
