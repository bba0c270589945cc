"""Migration 0009 on a database filled through the previous schema (0008): the challenge tables
come empty beside the existing rows, take a challenge on its game, keep one daily challenge
per workspace and day, cascade with the game, and downgrade back to 0008 (the games stay)
and up again. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from test_db_migration_0002 import downgrade, empty_db, fill_at, query  # noqa: F401

from server.db.engine import make_engine
from server.db.migrate import upgrade

T0 = "'2025-01-01 00:00:00+00'"
T1 = "'2025-01-08 00:00:00+00'"

ROWS_0008 = [
    "INSERT INTO hosts (id, email, name, password_hash, created_at) "
    f"VALUES ('ha', 'ha@example.com', 'Ada', 'x', {T0})",
    f"INSERT INTO workspaces (id, name, created_at) VALUES ('ha', 'Ada''s', {T0})",
    "INSERT INTO memberships (workspace_id, account_id, role, created_at) "
    f"VALUES ('ha', 'ha', 'owner', {T0})",
    "INSERT INTO games (id, workspace_id, host_id, quiz_id, pin, title, settings, quiz, "
    f"created_at) VALUES ('g1', 'ha', 'ha', NULL, '123456', 'T', '{{}}', '{{}}', {T0})",
    "INSERT INTO games (id, workspace_id, host_id, quiz_id, pin, title, settings, quiz, "
    f"created_at) VALUES ('g2', 'ha', 'ha', NULL, '654321', 'T', '{{}}', '{{}}', {T0})",
]


def _challenge(cid: str, gid: str, day: str) -> str:
    return (
        "INSERT INTO challenges (id, workspace_id, kind, title, quiz_id, game_id, pin, host_id, "
        "opens_at, closes_at, audience, team_ids, team_rule, attempts, settings, created_at, day) "
        f"VALUES ('{cid}', 'ha', 'daily', 'Daily', NULL, '{gid}', '123456', 'ha', {T0}, {T1}, "
        f"'members', '[]', '\"average\"', 1, '{{}}', {T0}, '{day}')"
    )


async def _run(url: str, schema: str | None, sql: str) -> None:
    engine = make_engine(url, schema=schema, null_pool=True)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


async def test_challenges_upgrade_and_downgrade(
    empty_db: tuple[str, str | None],  # noqa: F811
) -> None:
    url, schema = empty_db
    await fill_at(url, schema, "0008_teams", ROWS_0008)

    upgrade(url, schema=schema, revision="0009_challenges")
    assert await query(url, schema, "SELECT count(*) FROM challenges") == [(0,)]
    await _run(url, schema, _challenge("c1", "g1", "2025-01-01"))
    await _run(
        url,
        schema,
        "INSERT INTO daily_settings (workspace_id, enabled, tag, count, time_limit_s, "
        f"updated_at) VALUES ('ha', true, NULL, 5, 20, {T0})",
    )
    # One daily challenge per workspace and day.
    with pytest.raises(IntegrityError):
        await _run(url, schema, _challenge("c2", "g2", "2025-01-01"))
    # Deleting the game takes its challenge with it.
    await _run(url, schema, "DELETE FROM games WHERE id = 'g1'")
    assert await query(url, schema, "SELECT count(*) FROM challenges") == [(0,)]
    await _run(url, schema, _challenge("c2", "g2", "2025-01-01"))

    downgrade(url, schema, "0008_teams")
    assert await query(url, schema, "SELECT id FROM games ORDER BY id") == [("g2",)]
    upgrade(url, schema=schema)
    assert await query(url, schema, "SELECT count(*) FROM challenges") == [(0,)]
