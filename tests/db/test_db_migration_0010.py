"""Migration 0010 on a database filled through the previous schema (0009): the member content
tables come empty beside the existing rows, ``game_questions`` gains an empty
``contribution_id``, a contribution cascades with its workspace, and the migration downgrades
back to 0009 (the games' tallies stay) and up again. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text
from test_db_migration_0002 import downgrade, empty_db, fill_at, query  # noqa: F401

from server.db.engine import make_engine
from server.db.migrate import upgrade

T0 = "'2025-01-01 00:00:00+00'"
T1 = "'2025-01-08 00:00:00+00'"

ROWS_0009 = [
    "INSERT INTO hosts (id, email, name, password_hash, created_at) "
    f"VALUES ('ha', 'ha@example.com', 'Ada', 'x', {T0})",
    f"INSERT INTO workspaces (id, name, created_at) VALUES ('ha', 'Ada''s', {T0})",
    "INSERT INTO memberships (workspace_id, account_id, role, created_at) "
    f"VALUES ('ha', 'ha', 'owner', {T0})",
    "INSERT INTO games (id, workspace_id, host_id, quiz_id, pin, title, settings, quiz, "
    f"created_at) VALUES ('g1', 'ha', 'ha', NULL, '123456', 'T', '{{}}', '{{}}', {T0})",
    "INSERT INTO game_questions (game_id, index, kind, prompt, answered, correct, question_id, "
    "distribution) VALUES ('g1', 0, 'true_false', 'Q?', 1, 1, 'q1', '{}')",
]


async def _run(url: str, schema: str | None, sql: str) -> None:
    engine = make_engine(url, schema=schema, null_pool=True)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


async def test_contributions_upgrade_and_downgrade(
    empty_db: tuple[str, str | None],  # noqa: F811
) -> None:
    url, schema = empty_db
    rows = [r.replace("index,", '"index",') for r in ROWS_0009]
    await fill_at(url, schema, "0009_challenges", rows)

    upgrade(url, schema=schema, revision="0010_contributions")
    assert await query(url, schema, "SELECT contribution_id FROM game_questions") == [(None,)]
    for table in ("contributions", "question_drives", "reviewers", "author_milestones"):
        assert await query(url, schema, f"SELECT count(*) FROM {table}") == [(0,)]
    await _run(
        url,
        schema,
        "INSERT INTO question_drives (id, workspace_id, created_by, title, deadline, "
        f"per_member_limit, created_at) VALUES ('d1', 'ha', 'ha', 'Drive', {T1}, 3, {T0})",
    )
    await _run(
        url,
        schema,
        "INSERT INTO contributions (id, workspace_id, author_id, kind, document, tags, status, "
        "drive_id, created_at, updated_at, votes, version) VALUES ('c1', 'ha', 'ha', 'tip', "
        f"'{{}}', '[]', 'pending', 'd1', {T0}, {T0}, 0, 1)",
    )
    await _run(
        url,
        schema,
        "INSERT INTO contribution_votes (contribution_id, account_id, created_at) "
        f"VALUES ('c1', 'ha', {T0})",
    )
    # The drive goes: the contribution stays, out of it.
    await _run(url, schema, "DELETE FROM question_drives WHERE id = 'd1'")
    assert await query(url, schema, "SELECT drive_id FROM contributions") == [(None,)]

    downgrade(url, schema, "0009_challenges")
    assert await query(url, schema, "SELECT question_id FROM game_questions") == [("q1",)]
    upgrade(url, schema=schema)
    assert await query(url, schema, "SELECT count(*) FROM contributions") == [(0,)]
