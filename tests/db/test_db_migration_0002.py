"""Migration 0002 on a database that already holds results: nothing is lost (no cascade from
rebuilding ``games`` on SQLite), the leaderboard columns are filled in, and it downgrades
back to 0001 and up again; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from server.db.engine import make_engine
from server.db.migrate import alembic_config, upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

ROWS_0001 = [
    "INSERT INTO hosts VALUES ('h', 'a@example.com', 'Ada', 'x', '2025-01-01 00:00:00+00')",
    "INSERT INTO games VALUES ('g', 'h', NULL, '123456', 'T', '{}', '{}', "
    "'2025-01-01 00:00:00+00', '2025-01-02 00:00:00+00', '2025-01-02 00:05:00+00', "
    "'2025-01-02 00:05:01+00')",
    "INSERT INTO game_players VALUES ('g', 'p1', 'Ann', NULL, 900, 1, 1, 1, 1000, NULL)",
    "INSERT INTO game_players VALUES ('g', 'p2', 'Bob', NULL, 0, 2, 0, 1, 0, NULL)",
    "INSERT INTO game_answers VALUES ('g', 'p1', 0, '1', true, 900, 1000)",
    "INSERT INTO game_questions VALUES ('g', 0, 'choice', 'Q', 2, 1, '{}')",
    "INSERT INTO game_teams VALUES ('g', 'Red', 450, 1, 2)",
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def empty_db(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[str, str | None]]:
    """``(url, schema)`` of a database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}", None
        return
    schema = f"huddle_m_{secrets.token_hex(6)}"
    admin = make_engine(PG_URL, null_pool=True)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:
        await admin.dispose()
        pytest.skip(f"PostgreSQL unreachable at {PG_URL} (set TEST_DATABASE_URL): {err!r}")
    try:
        yield PG_URL, schema
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


def downgrade(url: str, schema: str | None, revision: str) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(command.downgrade, alembic_config(url, schema=schema), revision).result()


async def query(url: str, schema: str | None, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(url, schema=schema, null_pool=True)
    try:
        async with engine.connect() as conn:
            return [tuple(r) for r in await conn.execute(text(sql))]
    finally:
        await engine.dispose()


async def fill_at(url: str, schema: str | None, revision: str, statements: list[str]) -> None:
    """Migrate the empty database to `revision` and run `statements` through that schema (the
    rows an older release would have written), in one transaction."""
    upgrade(url, schema=schema, revision=revision)
    engine = make_engine(url, schema=schema, null_pool=True)
    try:
        async with engine.begin() as conn:
            for sql in statements:
                await conn.execute(text(sql))
    finally:
        await engine.dispose()


async def test_upgrade_keeps_results_and_fills_leaderboard_columns(
    empty_db: tuple[str, str | None],
) -> None:
    url, schema = empty_db
    await fill_at(url, schema, "0001", ROWS_0001)

    upgrade(url, schema=schema, revision="0002")
    players = await query(
        url,
        schema,
        "SELECT player_id, host_id, won, identity_id FROM game_players ORDER BY player_id",
    )
    assert [(p, h, bool(w), i) for p, h, w, i in players] == [
        ("p1", "h", True, None),
        ("p2", "h", False, None),
    ]
    assert await query(url, schema, "SELECT players, event_id FROM games") == [(2, None)]
    finished = await query(
        url, schema, "SELECT count(*) FROM game_players WHERE finished_at IS NOT NULL"
    )
    assert finished == [(2,)]
    for table in ("game_answers", "game_questions", "game_teams"):
        assert await query(url, schema, f"SELECT count(*) FROM {table}") == [(1,)], table

    downgrade(url, schema, "0001")
    assert await query(url, schema, "SELECT count(*) FROM game_players") == [(2,)]
    assert await query(url, schema, "SELECT count(*) FROM game_answers") == [(1,)]
    upgrade(url, schema=schema, revision="0002")
    assert await query(url, schema, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert await query(url, schema, "SELECT count(*) FROM game_players WHERE won") == [(1,)]
