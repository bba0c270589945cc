"""Migration 0004 on a database filled through the previous schema (0003): every account gets a
workspace of its own (same id, owner), every owned row lands in its account's workspace and
nothing is lost; identities become unique per workspace; it downgrades back to 0003 and up
again. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from test_db_migration_0002 import downgrade, empty_db, fill_at, query  # noqa: F401

from server.db.engine import make_engine
from server.db.migrate import upgrade

T0 = "'2025-01-01 00:00:00+00'"
T1 = "'2025-01-02 00:05:00+00'"


def _rows_0003() -> list[str]:
    """Two accounts with a quiz, an event, a finished game with results, identities and
    milestones each; plus a game of Ada's not finished yet."""
    rows = []
    for h, name in (("ha", "Ada"), ("hb", "Bob")):
        rows += [
            f"INSERT INTO hosts (id, email, name, password_hash, created_at) "
            f"VALUES ('{h}', '{h}@example.com', '{name}', 'x', {T0})",
            f"INSERT INTO host_tokens (id, host_id, created_at, expires_at) "
            f"VALUES ('t-{h}', '{h}', {T0}, '2099-01-01 00:00:00+00')",
            f"INSERT INTO quizzes (id, host_id, title, document, created_at, updated_at) "
            f"VALUES ('q-{h}', '{h}', 'Quiz', '{{}}', {T0}, {T0})",
            f"INSERT INTO events (id, host_id, name, starts_at, ends_at, teams, "
            f"require_identifier, created_at) "
            f"VALUES ('e-{h}', '{h}', 'Cup', {T0}, NULL, '[\"Red\"]', false, {T0})",
            # The same identifier at both hosts: one person per workspace, as before per host.
            f"INSERT INTO identities (id, host_id, identifier, player_key, created_at) "
            f"VALUES ('i1-{h}', '{h}', 'ann@example.com', NULL, {T0})",
            f"INSERT INTO identities (id, host_id, identifier, player_key, created_at) "
            f"VALUES ('i2-{h}', '{h}', NULL, 'key-{h}-0123456789', {T0})",
            f"INSERT INTO games (id, host_id, quiz_id, pin, title, settings, quiz, created_at, "
            f"started_at, finished_at, results_at, event_id, players) VALUES ('g-{h}', '{h}', "
            f"'q-{h}', '123456', 'T', '{{}}', '{{}}', {T0}, {T0}, {T1}, {T1}, 'e-{h}', 2)",
            f"INSERT INTO game_players (game_id, player_id, nickname, team, score, rank, correct, "
            f"answered, correct_time_ms, joined_at, identity_id, host_id, finished_at, won) "
            f"VALUES ('g-{h}', 'p1', 'Ann', 'Red', 900, 1, 1, 1, 1000, NULL, 'i1-{h}', '{h}', "
            f"{T1}, true)",
            f"INSERT INTO game_players (game_id, player_id, nickname, team, score, rank, correct, "
            f"answered, correct_time_ms, joined_at, identity_id, host_id, finished_at, won) "
            f"VALUES ('g-{h}', 'p2', 'Bo', 'Red', 0, 2, 0, 1, 0, NULL, 'i2-{h}', '{h}', "
            f"{T1}, false)",
            f"INSERT INTO game_answers (game_id, player_id, question_index, answer, correct, "
            f"points, elapsed_ms) VALUES ('g-{h}', 'p1', 0, '1', true, 900, 1000)",
            f"INSERT INTO game_questions (game_id, index, kind, prompt, answered, correct, "
            f"distribution) VALUES ('g-{h}', 0, 'choice', 'Q', 2, 1, '{{}}')",
            f"INSERT INTO game_teams (game_id, team, score, rank, members) "
            f"VALUES ('g-{h}', 'Red', 450, 1, 2)",
            f"INSERT INTO milestones_awarded (identity_id, code, game_id, awarded_at) "
            f"VALUES ('i1-{h}', 'first_game', 'g-{h}', {T1})",
        ]
    rows.append(
        "INSERT INTO games (id, host_id, quiz_id, pin, title, settings, quiz, created_at) "
        f"VALUES ('g-open', 'ha', 'q-ha', '654321', 'Open', '{{}}', '{{}}', {T0})"
    )
    return [r.replace(" index,", ' "index",') for r in rows]


_COUNTS = {
    "hosts": 2,
    "host_tokens": 2,
    "quizzes": 2,
    "events": 2,
    "identities": 4,
    "games": 3,
    "game_players": 4,
    "game_answers": 2,
    "game_questions": 2,
    "game_teams": 2,
    "milestones_awarded": 2,
}
_OWNED = ("quizzes", "events", "identities", "games", "game_players")


async def _counts(url: str, schema: str | None) -> dict[str, int]:
    out = {}
    for table in _COUNTS:
        [(n,)] = await query(url, schema, f"SELECT count(*) FROM {table}")
        out[table] = int(str(n))
    return out


async def test_every_row_lands_in_its_accounts_workspace(
    empty_db: tuple[str, str | None],  # noqa: F811
) -> None:
    url, schema = empty_db
    await fill_at(url, schema, "0003", _rows_0003())

    upgrade(url, schema=schema, revision="0004_workspaces")
    assert await _counts(url, schema) == _COUNTS
    assert await query(
        url, schema, "SELECT id, name, retention_days FROM workspaces ORDER BY id"
    ) == [
        ("ha", "Ada's workspace", None),
        ("hb", "Bob's workspace", None),
    ]
    assert await query(
        url, schema, "SELECT workspace_id, account_id, role FROM memberships ORDER BY 1"
    ) == [("ha", "ha", "owner"), ("hb", "hb", "owner")]
    for table in _OWNED:
        misplaced = await query(
            url,
            schema,
            f"SELECT count(*) FROM {table} WHERE workspace_id IS NULL OR workspace_id <> host_id",
        )
        assert misplaced == [(0,)], table
        placed = await query(url, schema, f"SELECT count(*) FROM {table} WHERE workspace_id = 'hb'")
        assert placed[0][0] >= 1, table
    # Results and badges are still linked to the same people and games.
    assert await query(
        url,
        schema,
        "SELECT gp.workspace_id, gp.player_id, i.identifier, gp.won FROM game_players gp "
        "JOIN identities i ON i.id = gp.identity_id WHERE gp.player_id = 'p1' ORDER BY 1",
    ) in (
        [("ha", "p1", "ann@example.com", True), ("hb", "p1", "ann@example.com", True)],
        [("ha", "p1", "ann@example.com", 1), ("hb", "p1", "ann@example.com", 1)],
    )
    # Identities are unique per workspace now, and a workspace must exist.
    engine = make_engine(url, schema=schema, null_pool=True)
    try:
        for sql in (
            "INSERT INTO identities (id, workspace_id, host_id, identifier, created_at) "
            f"VALUES ('dup', 'ha', 'hb', 'ann@example.com', {T0})",
            "INSERT INTO quizzes (id, workspace_id, host_id, title, document, created_at, "
            f"updated_at) VALUES ('q-x', 'nowhere', 'ha', 'Q', '{{}}', {T0}, {T0})",
        ):
            with pytest.raises(IntegrityError):
                async with engine.begin() as conn:
                    if engine.dialect.name == "sqlite":
                        await conn.execute(text("PRAGMA foreign_keys=ON"))
                    await conn.execute(text(sql))
    finally:
        await engine.dispose()

    downgrade(url, schema, "0003")
    assert await _counts(url, schema) == _COUNTS
    assert await query(url, schema, "SELECT count(*) FROM games WHERE host_id = 'ha'") == [(2,)]
    upgrade(url, schema=schema, revision="0004_workspaces")
    assert await _counts(url, schema) == _COUNTS
    assert await query(url, schema, "SELECT count(*) FROM memberships") == [(2,)]
