"""Migration 0005 on a database filled through the previous schema (0004): every quiz becomes
shared, its author its last editor, its question count set, and the search index finds it by
title, prompt and answer; it downgrades back to 0004 and up again. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

from test_db_migration_0002 import downgrade, empty_db, fill_at, query  # noqa: F401

from server.db.database import Database
from server.db.migrate import upgrade
from server.db.scope import Role, Scope

T0 = "'2025-01-01 00:00:00+00'"

DOCUMENT = {
    "title": "Volcanoes",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which is hottest?",
            "choices": ["Magma", "Ice"],
            "correct": [0],
        },
        {"kind": "true_false", "prompt": "Pumice floats.", "correct": True},
    ],
}


def _rows_0004() -> list[str]:
    doc = json.dumps(DOCUMENT).replace("'", "''")
    return [
        "INSERT INTO hosts (id, email, name, password_hash, created_at) "
        f"VALUES ('ha', 'ha@example.com', 'Ada', 'x', {T0})",
        f"INSERT INTO workspaces (id, name, created_at) VALUES ('ha', 'Ada''s workspace', {T0})",
        "INSERT INTO memberships (workspace_id, account_id, role, created_at) "
        f"VALUES ('ha', 'ha', 'owner', {T0})",
        "INSERT INTO quizzes (id, workspace_id, host_id, title, document, created_at, updated_at) "
        f"VALUES ('q1', 'ha', 'ha', 'Volcanoes', '{doc}', {T0}, {T0})",
        "INSERT INTO quizzes (id, workspace_id, host_id, title, document, created_at, updated_at) "
        f"VALUES ('q2', 'ha', 'ha', 'Empty', '{{}}', {T0}, {T0})",
    ]


async def _found(url: str, schema: str | None, words: str) -> list[str]:
    db = Database(url, schema=schema)
    try:
        bob = Scope(workspace_id="ha", account_id="someone-else", role=Role.HOST)
        return [q["id"] for q in (await db.quizzes.search(bob, words)).items]
    finally:
        await db.close()


async def test_existing_quizzes_are_shared_and_indexed(
    empty_db: tuple[str, str | None],  # noqa: F811
) -> None:
    url, schema = empty_db
    await fill_at(url, schema, "0004_workspaces", _rows_0004())

    upgrade(url, schema=schema, revision="0005_library")
    assert await query(
        url,
        schema,
        "SELECT id, visibility, updated_by, question_count FROM quizzes ORDER BY id",
    ) == [("q1", "shared", "ha", 2), ("q2", "shared", "ha", 0)]
    # The repository reads the models, which later revisions extend: migrate to the head.
    upgrade(url, schema=schema)
    # Another host of the workspace finds the old quiz by its title, a prompt or an answer.
    for words in ("volcano", "pumice", "magm"):
        assert await _found(url, schema, words) == ["q1"], words

    downgrade(url, schema, "0004_workspaces")
    assert await query(url, schema, "SELECT count(*) FROM quizzes") == [(2,)]
    upgrade(url, schema=schema)
    assert await _found(url, schema, "pumice") == ["q1"]
