"""HTTP tests on SQLite and PostgreSQL: a Quart app with every API blueprint over a migrated
database, and (for the flows that play games) live games on an in-process fakeredis.

Test modules import `sql_pg_schema` (a session fixture) and build their own fixtures with
`make_api`::

    from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401

    @pytest.fixture(params=BACKENDS)
    async def api(request, tmp_path):
        async with make_api(request, tmp_path) as api:
            yield api
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fakeredis
import pytest
from http_support import SECRET, bearer, register
from quart import Quart
from quart.testing import QuartClient
from sqlalchemy import text

from server.auth import TokenSigner
from server.context import AppContext
from server.db.database import Database
from server.db.engine import make_engine
from server.db.migrate import upgrade, upgrade_async
from server.db.models import Base
from server.http.auth import auth_bp
from server.http.challenges import challenges_bp
from server.http.community import community_bp
from server.http.contributions import contributions_bp
from server.http.daily import daily_bp
from server.http.drives import drives_bp
from server.http.duels import duels_bp
from server.http.events import events_bp
from server.http.games import games_bp
from server.http.handlers import register_error_handlers
from server.http.invites import invites_bp
from server.http.leaderboards import leaderboards_bp
from server.http.lifecycle import lifecycle_bp
from server.http.media import media_bp
from server.http.people import people_bp
from server.http.players import players_bp
from server.http.quiz_stats import quiz_stats_bp
from server.http.quizzes import questions_bp, quizzes_bp
from server.http.reports import reports_bp
from server.http.teams import teams_bp
from server.http.workspaces import workspaces_bp
from server.outbox import OutboxWriter
from server.rooms.runtime import Rooms
from server.settings import Settings
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import Clock
from tests.server.inproc import RecordingFanout

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg(sql: str) -> None:
    async def run() -> None:
        engine = make_engine(PG_URL, null_pool=True)
        try:
            async with asyncio.timeout(10), engine.begin() as conn:
                await conn.execute(text(sql))
        finally:
            await engine.dispose()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def sql_pg_schema() -> Iterator[str]:
    """A migrated PostgreSQL schema for the session (skips when PostgreSQL is unreachable)."""
    schema = f"huddle_h_{secrets.token_hex(6)}"
    try:
        _pg(f'CREATE SCHEMA "{schema}"')
    except Exception as err:
        pytest.skip(f"PostgreSQL unreachable at {PG_URL} (set TEST_DATABASE_URL): {err!r}")
    try:
        upgrade(PG_URL, schema=schema)
        yield schema
    finally:
        _pg(f'DROP SCHEMA "{schema}" CASCADE')


@dataclass
class Api:
    """The test client and what stands behind it."""

    client: QuartClient
    db: Database
    live: Rooms
    writer: OutboxWriter
    fanout: RecordingFanout
    clock: Clock

    async def host(self, email: str = "ada@example.com") -> dict[str, str]:
        """Register a host; its Authorization header."""
        return bearer((await register(self.client, email=email))["token"])

    async def call(
        self, method: str, path: str, auth: dict[str, str] | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        headers = {**(auth or {}), **kwargs.pop("headers", {})}
        resp = await self.client.open(path, method=method, headers=headers, **kwargs)
        body = await resp.get_data(as_text=False)
        if resp.mimetype == "application/json" and body:
            return resp.status_code, await resp.get_json()
        return resp.status_code, body


@asynccontextmanager
async def make_api(
    request: pytest.FixtureRequest, tmp_path: Path, **overrides: Any
) -> AsyncIterator[Api]:
    """An `Api` on the backend of `request.param` ("sqlite" or "postgres"), with `overrides`
    of the settings."""
    schema: str | None = None
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
        await upgrade_async(url)
    else:
        url = PG_URL
        schema = request.getfixturevalue("sql_pg_schema")
        tables = ", ".join(f'"{schema}"."{t.name}"' for t in Base.metadata.sorted_tables)
        _pg(f"TRUNCATE {tables} CASCADE")
    settings = Settings(
        **{
            "secret": SECRET,
            "database_url": url,
            "max_payload_bytes": 256 * 1024,
            "media_dir": str(tmp_path / "media"),
            **overrides,
        }
    )
    db = Database(url, schema=schema)
    redis = fakeredis.FakeAsyncRedis(decode_responses=True)
    store = GameStore(redis, Keys("htest"))
    fanout = RecordingFanout()
    clock = Clock()
    live = Rooms(settings, store, fanout, clock)
    writer = OutboxWriter(store, db, 50, clock, fanout.broadcast_nodes)
    quart = Quart(__name__)
    for bp in (
        auth_bp,
        quizzes_bp,
        questions_bp,
        games_bp,
        events_bp,
        leaderboards_bp,
        players_bp,
        lifecycle_bp,
        reports_bp,
        teams_bp,
        quiz_stats_bp,
        workspaces_bp,
        invites_bp,
        people_bp,
        challenges_bp,
        duels_bp,
        daily_bp,
        contributions_bp,
        drives_bp,
        community_bp,
        media_bp,
    ):
        quart.register_blueprint(bp)
    register_error_handlers(quart)
    quart.extensions["huddle"] = AppContext(
        settings=settings,
        db=db,
        tokens=TokenSigner(SECRET, settings.token_ttl_s),
        games=live,
    )
    try:
        yield Api(quart.test_client(), db, live, writer, fanout, clock)
    finally:
        await live.drain()
        await db.close()
        await redis.aclose()
