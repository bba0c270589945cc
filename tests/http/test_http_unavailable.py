"""Redis or SQL unreachable: the API answers ``503 unavailable`` with ``Retry-After`` (not 500),
logs the outage as one line every few seconds (not a traceback per request), and ``/readyz``
says what is down while ``/healthz`` still answers. The app is the real one (`create_app`),
pointed at a Redis port where nothing listens or at an SQLite file that cannot be opened."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_support import SECRET, bearer
from quart import Quart
from redis.exceptions import BusyLoadingError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import exc as sql_exc

from server.app import create_app
from server.db.migrate import upgrade_async
from server.http.handlers import (
    RETRY_AFTER_S,
    note_outage,
    register_error_handlers,
    unavailable_service,
)
from server.logs import OutageLog, Throttle
from server.settings import Settings
from tests.e2e.conftest import free_port

QUIZ = {"title": "T", "questions": [{"kind": "true_false", "prompt": "Yes?", "correct": True}]}
ACCOUNT = {"email": "ada@example.com", "password": "correct horse", "name": "Ada"}


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
    await upgrade_async(url)
    return url


@pytest.fixture
async def apps() -> AsyncIterator[list[Any]]:
    made: list[Any] = []
    yield made
    for app in made:
        await app.huddle.db.close()
        await app.huddle.games.store.redis.aclose()


def outage_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "server.http.handlers"]


async def assert_unavailable(resp: Any, what: str) -> None:
    assert resp.status_code == 503, await resp.get_data(as_text=True)
    assert resp.headers["Retry-After"] == str(RETRY_AFTER_S)
    assert await resp.get_json() == {
        "error": {"code": "unavailable", "message": f"{what} is unavailable; try again shortly"}
    }


async def test_redis_down_answers_503_and_logs_once(
    sqlite_url: str, apps: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    app = create_app(Settings(secret=SECRET, database_url=sqlite_url, redis_url=dead))
    apps.append(app)
    client = app.quart.test_client()
    caplog.set_level(logging.INFO)

    # What lives in SQL still works: an account (the login limit lets it through) and a quiz.
    resp = await client.post("/api/auth/register", json=ACCOUNT)
    assert resp.status_code == 201, await resp.get_data(as_text=True)
    auth = bearer((await resp.get_json())["token"])
    resp = await client.post("/api/quizzes", json=QUIZ, headers=auth)
    assert resp.status_code == 201
    quiz_id = (await resp.get_json())["id"]

    # A game lives in Redis: 503, every time, and nothing logged as an unhandled error.
    for _ in range(4):
        resp = await client.post("/api/games", json={"quiz_id": quiz_id}, headers=auth)
        await assert_unavailable(resp, "the game store")
    lines = outage_lines(caplog)
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelno == logging.WARNING and lines[0].exc_info is None
    assert lines[0].getMessage().startswith("redis unavailable: ConnectionError: ")
    assert "\n" not in lines[0].getMessage()

    assert (await client.get("/healthz")).status_code == 200
    ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert await ready.get_json() == {"ok": False, "redis": False, "sql": True}


async def test_sql_down_answers_503_and_logs_once(
    tmp_path: Path, apps: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    missing = f"sqlite+aiosqlite:///{tmp_path / 'no-such-dir' / 'huddle.db'}"
    app = create_app(Settings(secret=SECRET, database_url=missing))  # in-process Redis
    apps.append(app)
    client = app.quart.test_client()
    caplog.set_level(logging.INFO)
    for path, body in [("/api/auth/login", ACCOUNT), ("/api/auth/register", ACCOUNT)] * 2:
        await assert_unavailable(await client.post(path, json=body), "the database")
    lines = outage_lines(caplog)
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].getMessage().startswith("sql unavailable: OperationalError: ")
    assert lines[0].exc_info is None
    assert (await client.get("/healthz")).status_code == 200
    ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert (await ready.get_json())["sql"] is False


class _AdaptedError(Exception):
    """What SQLAlchemy's asyncpg dialect wraps: an error carrying the server's SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


def _dbapi(sqlstate: str) -> sql_exc.DBAPIError:
    return sql_exc.DBAPIError("SELECT 1", None, _AdaptedError(sqlstate))


@pytest.mark.parametrize(
    ("err", "service"),
    [
        (RedisConnectionError("refused"), "redis"),
        (RedisTimeoutError("slow"), "redis"),
        (BusyLoadingError("loading the AOF"), "redis"),
        (ResponseError("WRONGTYPE"), None),
        (sql_exc.OperationalError("SELECT 1", None, Exception("unable to open")), "sql"),
        (sql_exc.InterfaceError("SELECT 1", None, Exception("closed")), "sql"),
        (sql_exc.TimeoutError("QueuePool limit reached"), "sql"),
        (_dbapi("28000"), "sql"),  # the role may not log in (any more)
        (_dbapi("08006"), "sql"),  # connection failure
        (_dbapi("57P01"), "sql"),  # admin shutdown
        (_dbapi("53300"), "sql"),  # too many connections
        (_dbapi("23505"), None),  # a unique violation is a bug, not an outage
        (_dbapi("57014"), None),  # a cancelled statement neither
        (sql_exc.IntegrityError("INSERT", None, Exception("dup")), None),
        (ConnectionRefusedError(111, "Connect call failed"), "sql"),  # asyncpg, raw
        (TimeoutError(), "sql"),
        (_AdaptedError("08001"), "sql"),
        (ValueError("bug"), None),
        (KeyError("bug"), None),
    ],
)
def test_which_errors_mean_a_store_is_down(err: Exception, service: str | None) -> None:
    assert unavailable_service(err) == service


def test_the_throttle_lets_a_line_through_once_per_interval_and_counts_the_rest() -> None:
    now = [100.0]
    throttle = Throttle(10.0, clock=lambda: now[0])
    assert throttle.check("redis") == 0
    assert [throttle.check("redis") for _ in range(3)] == [None] * 3
    assert throttle.check("sql") == 0  # each service on its own
    now[0] += 9.9
    assert throttle.check("redis") is None
    now[0] += 0.1
    assert throttle.check("redis") == 4  # and it says how many lines it held back
    assert throttle.check("redis") is None
    now[0] += 10
    assert throttle.check("redis") == 1


async def test_the_next_outage_line_says_how_many_it_stood_for(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    app = Quart(__name__)
    register_error_handlers(app)
    app.extensions["huddle.outage_log"] = OutageLog(
        logging.getLogger("server.http.handlers"), Throttle(10.0, clock=lambda: now[0])
    )
    caplog.set_level(logging.WARNING)
    err = RedisConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
    async with app.app_context():
        for _ in range(4):
            note_outage("redis", err)
        now[0] = 10.0
        note_outage("redis", err)
    assert [r.getMessage() for r in outage_lines(caplog)] == [
        "redis unavailable: ConnectionError: Error 111 connecting to 127.0.0.1:6390. "
        "Connection refused.",
        "redis unavailable: ConnectionError: Error 111 connecting to 127.0.0.1:6390. "
        "Connection refused. (3 more since the last such line)",
    ]
