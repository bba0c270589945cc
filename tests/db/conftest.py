"""SQL tests: every `db` test runs on SQLite (a file in tmp_path) and on PostgreSQL.

PostgreSQL comes from ``TEST_DATABASE_URL`` (an SQLAlchemy async URL, default
``postgresql+asyncpg://postgres@127.0.0.1:5432/test``). The session creates one throwaway schema
``huddle_t_<random>``, migrates it, empties its tables before each test and drops it at the end;
nothing outside that schema is touched. When the server is unreachable the PostgreSQL cases are
skipped, saying why.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sqlalchemy import text  # noqa: E402

from server.db.database import Database  # noqa: E402
from server.db.engine import make_engine  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.db.models import Base  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

T = TypeVar("T")


def run_in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion on its own loop in a worker thread (from sync code)."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


async def _pg_execute(sql: str, timeout_s: float = 10.0) -> None:
    engine = make_engine(PG_URL, null_pool=True)
    try:
        async with asyncio.timeout(timeout_s), engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[str]:
    """A migrated, session-wide PostgreSQL schema (skips when PostgreSQL is unreachable)."""
    schema = f"huddle_t_{secrets.token_hex(6)}"
    try:
        run_in_thread(lambda: _pg_execute(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:
        pytest.skip(f"PostgreSQL unreachable at {PG_URL} (set TEST_DATABASE_URL): {err!r}")
    try:
        upgrade(PG_URL, schema=schema)
        yield schema
    finally:
        run_in_thread(lambda: _pg_execute(f'DROP SCHEMA "{schema}" CASCADE'))


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str | None]:
    """``(url, schema)`` of an empty, migrated database."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
        upgrade(url)
        return url, None
    schema: str = request.getfixturevalue("pg_schema")
    tables = ", ".join(f'"{schema}"."{t.name}"' for t in Base.metadata.sorted_tables)
    run_in_thread(lambda: _pg_execute(f"TRUNCATE {tables} CASCADE"))
    return PG_URL, schema


@pytest.fixture
async def db(backend: tuple[str, str | None]) -> AsyncIterator[Database]:
    url, schema = backend
    database = Database(url, schema=schema)
    try:
        yield database
    finally:
        await database.close()
