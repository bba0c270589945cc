"""Challenges in SQL: created with their game row, read and listed by status through the scope
(another workspace sees nothing), closed idempotently; one daily challenge per workspace and
day."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from server.db.challenge_models import Challenge, DailySettings
from server.db.challenges import CLOSED, OPEN, SCHEDULED, NewChallenge
from server.db.database import Database
from server.db.models import new_id
from server.db.scope import Scope
from server.db.times import now

QUIZ = {
    "title": "Rivers",
    "questions": [
        {"id": "qa", "kind": "choice", "prompt": "Longest?", "choices": ["Nile", "Po"],
         "correct": [0], "time_limit_ms": 20000},
        {"id": "qb", "kind": "true_false", "prompt": "The Po is in Italy.", "correct": True,
         "time_limit_ms": 20000},
    ],
}  # fmt: skip


async def owner_scope(db: Database, name: str = "Olga") -> Scope:
    host = await db.hosts.create(f"{name}-{secrets.token_hex(4)}@example.com", name, "x")
    return Scope.personal(host.id)


def new_challenge(**changes: object) -> NewChallenge:
    at = now()
    base: dict[str, object] = {
        "kind": "challenge",
        "title": "Rivers",
        "quiz_id": None,
        "opens_at": at - timedelta(minutes=1),
        "closes_at": at + timedelta(days=7),
        "audience": "members",
        "team_rule": "average",
        "settings": {},
    }
    base.update(changes)
    return NewChallenge(**base)  # type: ignore[arg-type]


async def make(db: Database, scope: Scope, **changes: object) -> str:
    cid = new_id()
    await db.challenges.create(
        scope, new_challenge(**changes), challenge_id=cid, game_id=new_id(), pin="123456",
        quiz=QUIZ,
    )  # fmt: skip
    return cid


async def test_created_read_listed_and_closed(db: Database) -> None:
    scope = await owner_scope(db)
    cid = await make(db, scope)
    later = await make(db, scope, opens_at=now() + timedelta(days=1))
    got = await db.challenges.get(scope, cid)
    assert got is not None and got.title == "Rivers" and got.host_id == scope.account_id
    assert got.status(now()) == OPEN and got.runs == 0
    game = await db.games.get(scope, got.game_id)
    assert game is not None and game.quiz == QUIZ and game.results_at is None
    assert [c.id for c in await db.challenges.list_all(scope, status=OPEN)] == [cid]
    assert [c.id for c in await db.challenges.list_all(scope, status=SCHEDULED)] == [later]
    closed = await db.challenges.close(scope, cid)
    assert closed is not None and closed.closed_at is not None
    again = await db.challenges.close(scope, cid)
    assert again is not None and again.closed_at == closed.closed_at
    assert [c.id for c in await db.challenges.list_all(scope, status=CLOSED)] == [cid]
    assert {c.id for c in await db.challenges.list_all(scope)} == {cid, later}


async def test_another_workspace_sees_nothing(db: Database) -> None:
    scope = await owner_scope(db)
    cid = await make(db, scope)
    other = await owner_scope(db, "Zed")
    assert await db.challenges.get(other, cid) is None
    assert await db.challenges.close(other, cid) is None
    assert await db.challenges.list_all(other) == []
    got = await db.challenges.get(scope, cid)
    assert got is not None and got.closed_at is None


async def test_one_daily_challenge_per_workspace_and_day(db: Database) -> None:
    scope = await owner_scope(db)
    await make(db, scope, kind="daily", day="2026-12-07")
    with pytest.raises(IntegrityError):
        await make(db, scope, kind="daily", day="2026-12-07")
    await make(db, scope, kind="daily", day="2026-12-08")
    await make(db, await owner_scope(db, "Zed"), kind="daily", day="2026-12-07")
    assert len(await db.challenges.list_all(scope)) == 2


async def test_deleting_the_workspace_deletes_its_challenges(db: Database) -> None:
    scope = await owner_scope(db)
    cid = await make(db, scope)
    async with db.session() as session, session.begin():
        session.add(DailySettings(workspace_id=scope.workspace_id, enabled=True, tag=None,
                                  count=5, time_limit_s=20, updated_at=now()))  # fmt: skip
    other = await owner_scope(db, "Zed")
    kept = await make(db, other)
    await db.workspaces.delete(scope)
    async with db.session() as session:
        assert await session.get(Challenge, cid) is None
        assert await session.get(DailySettings, scope.workspace_id) is None
        assert await session.get(Challenge, kept) is not None
