"""Register and login attempts per client address per minute (``HUDDLE_AUTH_RATE_PER_MIN``),
counted in Redis (here an in-process fakeredis) on the game clock (here moved by hand)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import fakeredis
import pytest
from http_sql import Clock
from http_support import SECRET
from quart import Quart
from redis.asyncio import Redis

from server.auth import TokenSigner
from server.context import AppContext
from server.db.database import Database
from server.db.migrate import upgrade_async
from server.http.auth import auth_bp
from server.http.handlers import register_error_handlers
from server.rooms.runtime import Rooms
from server.settings import Settings, SettingsError
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.e2e.conftest import free_port
from tests.server.inproc import RecordingFanout

LIMIT = 3
PROXY = "10.0.0.5"
CREDENTIALS = {"email": "ada@example.com", "password": "wrong password"}

AppFactory = Callable[..., Any]


@pytest.fixture
async def make_app(tmp_path: Path) -> AsyncIterator[AppFactory]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
    await upgrade_async(url)
    made: list[tuple[Database, Redis]] = []

    def make(redis: Redis | None = None, **overrides: Any) -> tuple[Quart, Clock]:
        settings = Settings(
            **{
                "secret": SECRET,
                "database_url": url,
                "auth_rate_per_min": LIMIT,
                "trusted_proxies": (PROXY,),
                **overrides,
            }
        )
        redis = redis or fakeredis.FakeAsyncRedis(decode_responses=True)
        db = Database(url)
        made.append((db, redis))
        clock = Clock()
        clock.now = 1_764_000_000_000  # the start of a clock minute
        live = Rooms(settings, GameStore(redis, Keys("htest")), RecordingFanout(), clock)
        quart = Quart(__name__)
        quart.register_blueprint(auth_bp)
        register_error_handlers(quart)
        quart.extensions["huddle"] = AppContext(
            settings=settings,
            db=db,
            tokens=TokenSigner(SECRET, settings.token_ttl_s),
            games=live,
        )
        return quart, clock

    yield make
    for db, redis in made:
        await db.close()
        await redis.aclose()


async def login(app: Quart, peer: str = "203.0.113.9", **headers: str) -> Any:
    return await app.test_client().post(
        "/api/auth/login", json=CREDENTIALS, headers=headers, scope_base={"client": (peer, 4321)}
    )


async def test_attempts_over_the_limit_answer_429_until_the_next_minute(
    make_app: AppFactory,
) -> None:
    app, clock = make_app()
    for _ in range(LIMIT):
        assert (await login(app)).status_code == 401  # counted, and answered as usual
    clock.now += 45_500
    refused = await login(app)
    assert refused.status_code == 429
    assert await refused.get_json() == {
        "error": {
            "code": "rate_limited",
            "message": "too many login attempts from here; wait a minute",
        }
    }
    assert refused.headers["Retry-After"] == "15"  # the seconds left in this minute
    # Register shares the budget, even with a valid body.
    resp = await app.test_client().post(
        "/api/auth/register",
        json={"email": "new@example.com", "password": "correct horse", "name": "New"},
        scope_base={"client": ("203.0.113.9", 4321)},
    )
    assert resp.status_code == 429
    clock.now += 15_000  # the next minute
    assert (await login(app)).status_code == 401


async def test_each_address_has_its_own_budget(make_app: AppFactory) -> None:
    app, _ = make_app()
    for _ in range(LIMIT):
        await login(app, "203.0.113.9")
    assert (await login(app, "203.0.113.9")).status_code == 429
    assert (await login(app, "198.51.100.7")).status_code == 401


async def test_the_address_is_found_as_for_joins(make_app: AppFactory) -> None:
    """Behind a trusted proxy the client is the X-Forwarded-For hop; from anyone else the
    header is ignored, so a client cannot pick a fresh address for every attempt."""
    app, _ = make_app()
    for i in range(LIMIT + 2):
        resp = await login(app, "203.0.113.9", **{"X-Forwarded-For": f"192.0.2.{i}"})
        assert resp.status_code == (401 if i < LIMIT else 429)
    for i in range(LIMIT):
        resp = await login(app, PROXY, **{"X-Forwarded-For": f"192.0.2.{i}, {PROXY}"})
        assert resp.status_code == 401  # each a client of its own
    for _ in range(LIMIT):
        await login(app, PROXY, **{"X-Forwarded-For": "198.51.100.1"})
    assert (await login(app, PROXY, **{"X-Forwarded-For": "198.51.100.1"})).status_code == 429


async def test_zero_means_no_limit(make_app: AppFactory) -> None:
    app, _ = make_app(auth_rate_per_min=0)
    for _ in range(LIMIT * 3):
        assert (await login(app)).status_code == 401


async def test_while_redis_is_down_logins_still_work_and_the_outage_is_logged_once(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", decode_responses=True)
    app, _ = make_app(redis=dead)
    caplog.set_level(logging.WARNING)
    for _ in range(LIMIT + 2):
        assert (await login(app)).status_code == 401  # accounts live in SQL
    outage = [r for r in caplog.records if r.name == "server.http.handlers"]
    assert len(outage) == 1, [r.getMessage() for r in outage]
    assert outage[0].getMessage().startswith("redis unavailable: ConnectionError")
    assert outage[0].exc_info is None


def test_the_setting_is_read_from_the_environment() -> None:
    assert Settings.from_env({}).auth_rate_per_min == 20
    assert Settings.from_env({"HUDDLE_AUTH_RATE_PER_MIN": "0"}).auth_rate_per_min == 0
    assert Settings.from_env({"HUDDLE_AUTH_RATE_PER_MIN": "300"}).auth_rate_per_min == 300
    for bad in ("-1", "lots"):
        with pytest.raises(SettingsError, match="HUDDLE_AUTH_RATE_PER_MIN"):
            Settings.from_env({"HUDDLE_AUTH_RATE_PER_MIN": bad})
