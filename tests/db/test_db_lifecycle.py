"""Data life-cycle on SQLite and PostgreSQL: a person erased or anonymised, and the retention
sweep with a given `now` (server/db/lifecycle.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from results_support import DAY_MS, T0, P, play, results
from sqlalchemy import func, or_, select, text, update

from server.db.database import Database
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.lifecycle import REMOVED, RemoveMode
from server.db.models import (
    Base,
    GameAnswer,
    GamePlayer,
    GameQuestion,
    Identity,
    MilestoneAwarded,
    TeamMember,
    Workspace,
)
from server.db.scope import Role, Scope
from server.db.search_dialects import SEARCH_TABLE
from server.db.times import ms_to_datetime

ANN = "ann@example.com"
KEY = "device-ann-0123456789"


@pytest.fixture
async def scope(db: Database) -> Scope:
    """The owner's scope of Ada's own workspace."""
    return Scope.personal((await db.hosts.create("ada@example.com", "Ada", "x")).id)


@pytest.fixture
async def other_scope(db: Database) -> Scope:
    return Scope.personal((await db.hosts.create("bob@example.com", "Bob", "x")).id)


async def count(db: Database, model: type, *where: object) -> int:
    async with db.session() as session:
        query = select(func.count()).select_from(model)
        for condition in where:
            query = query.where(condition)  # type: ignore[arg-type]
        return int(await session.scalar(query) or 0)


async def players(db: Database, gid: str) -> list[tuple[str, str, int, str | None]]:
    async with db.session() as session:
        rows = await session.execute(
            select(
                GamePlayer.player_id, GamePlayer.nickname, GamePlayer.score, GamePlayer.identity_id
            )
            .where(GamePlayer.game_id == gid)
            .order_by(GamePlayer.player_id)
        )
        return [(p, n, s, i) for p, n, s, i in rows]


async def two_games(db: Database, scope: Scope) -> None:
    """Ann (identifier and key) and Bo play two games; Ann wins both (a badge)."""
    for gid, at in (("g1", T0), ("g2", T0 + DAY_MS)):
        await play(
            db,
            scope.account_id,
            results(
                gid,
                [
                    P("ann", 900, identifier=ANN, key=KEY, right=[(0, 1000)], wrong=[1]),
                    P("bo", 100, right=[(0, 3000)], wrong=[1], nickname="Bo"),
                ],
                finished_ms=at,
            ),
        )


async def test_anonymise_keeps_the_aggregates_without_the_person(
    db: Database, scope: Scope
) -> None:
    await two_games(db, scope)
    answers, tallies = await count(db, GameAnswer), await count(db, GameQuestion)
    assert await count(db, MilestoneAwarded) > 0
    assert await db.identities.forget(scope, identifier=ANN, mode=RemoveMode.ANONYMISE)
    for gid in ("g1", "g2"):
        assert await players(db, gid) == [("ann", REMOVED, 900, None), ("bo", "Bo", 100, None)]
    assert await count(db, GameAnswer) == answers  # her answers stay, by the game's player id
    assert await count(db, GameQuestion) == tallies
    assert await count(db, Identity) == 0
    assert await count(db, MilestoneAwarded) == 0
    assert await db.identities.history(KEY) is None
    # Results still rank her figures: the game's ranking is unchanged.
    res = await db.results.get(scope, "g1")
    assert [(p["nickname"], p["rank"]) for p in res["players"]] == [(REMOVED, 1), ("Bo", 2)]


async def test_erase_deletes_every_row_about_the_person(db: Database, scope: Scope) -> None:
    await two_games(db, scope)
    tallies = await count(db, GameQuestion)
    bo_answers = await count(db, GameAnswer, GameAnswer.player_id == "bo")
    assert not await db.identities.forget(
        scope, identifier="nobody@example.com", mode=RemoveMode.ERASE
    )
    assert await db.identities.forget(scope, identifier=ANN, mode=RemoveMode.ERASE)
    for gid in ("g1", "g2"):
        assert await players(db, gid) == [("bo", "Bo", 100, None)]
    assert await count(db, GameAnswer, GameAnswer.player_id == "ann") == 0
    assert await count(db, GameAnswer, GameAnswer.player_id == "bo") == bo_answers
    assert await count(db, GameQuestion) == tallies  # counts that name no one stay
    assert await count(db, Identity) == 0
    assert await count(db, MilestoneAwarded) == 0
    assert await db.identities.history(KEY) is None


async def test_removing_reaches_one_workspace_only(
    db: Database, scope: Scope, other_scope: Scope
) -> None:
    await two_games(db, scope)
    await play(
        db,
        other_scope.account_id,
        results("g3", [P("ann", 50, identifier=ANN, key="other-device-0123456")]),
    )
    identity = await count(db, Identity, Identity.workspace_id == other_scope.workspace_id)
    assert identity == 1
    # The other workspace's identity is not found from this one, by identifier or by id.
    async with db.session() as session:
        theirs = await session.scalar(
            select(Identity.id).where(Identity.workspace_id == other_scope.workspace_id)
        )
    assert theirs is not None
    assert not await db.identities.forget(scope, identity_id=theirs, mode=RemoveMode.ERASE)
    assert await db.identities.forget(scope, identifier=ANN, mode=RemoveMode.ERASE)
    assert await players(db, "g3") == [("ann", "ANN", 50, theirs)]


async def set_retention(db: Database, workspace_id: str, days: int | None) -> None:
    async with db.session() as session, session.begin():
        await session.execute(
            update(Workspace).where(Workspace.id == workspace_id).values(retention_days=days)
        )


async def test_retention_sweep_anonymises_old_results_once(
    db: Database, scope: Scope, other_scope: Scope
) -> None:
    await two_games(db, scope)  # g1 at T0, g2 a day later
    await play(
        db,
        other_scope.account_id,
        results("g3", [P("cy", 70, identifier="cy@example.com")], finished_ms=T0),
    )
    now = ms_to_datetime(T0) + timedelta(days=30, hours=12)
    # No setting: nothing changes.
    report = await db.lifecycle.sweep_retention(now)
    assert (report.workspaces, report.anonymised) == (0, 0)
    await set_retention(db, scope.workspace_id, 30)
    report = await db.lifecycle.sweep_retention(now)
    assert (report.workspaces, report.anonymised) == (1, 2)
    g1 = await players(db, "g1")
    assert [(p, n, s, i) for p, n, s, i in g1] == [
        ("ann", REMOVED, 900, None),
        ("bo", REMOVED, 100, None),
    ]
    # g2 finished 29.5 days before now: kept; the other workspace has no setting: kept.
    assert [n for _, n, _, _ in await players(db, "g2")] == ["ANN", "Bo"]
    assert [n for _, n, _, _ in await players(db, "g3")] == ["CY"]
    assert await count(db, Identity) == 2  # identities stay (their later games keep the link)
    # Idempotent: a second sweep (another node's) changes nothing.
    again = await db.lifecycle.sweep_retention(now)
    assert (again.workspaces, again.anonymised) == (1, 0)
    # A day later g2 is old enough too.
    later = await db.lifecycle.sweep_retention(now + timedelta(days=1))
    assert later.anonymised == 2
    assert [n for _, n, _, _ in await players(db, "g2")] == [REMOVED, REMOVED]


async def rows_of(db: Database, workspace_id: str, game_ids: list[str]) -> dict[str, int]:
    """Rows per table that belong to the workspace: by its ``workspace_id`` column, or by a
    ``game_id`` of its games, or ``identity_id`` of its identities (every table, so the tables
    of later features are counted too)."""
    async with db.session() as session:
        identities = list(
            await session.scalars(select(Identity.id).where(Identity.workspace_id == workspace_id))
        )
        out: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            conditions = []
            if "workspace_id" in table.c:
                conditions.append(table.c.workspace_id == workspace_id)
            if "game_id" in table.c and game_ids:
                conditions.append(table.c.game_id.in_(game_ids))
            if "identity_id" in table.c and identities:
                conditions.append(table.c.identity_id.in_(identities))
            if table.name == "workspaces":
                conditions.append(table.c.id == workspace_id)
            if not conditions:
                continue
            query = select(func.count()).select_from(table).where(or_(*conditions))
            out[table.name] = int(await session.scalar(query) or 0)
    return out


QUESTION = {"kind": "true_false", "prompt": "Is the sky green?", "correct": False}


async def indexed(db: Database, quiz_id: str) -> int:
    """The quiz's rows in the library's search index."""
    async with db.session() as session:
        found = await session.scalar(
            text(f"SELECT count(*) FROM {SEARCH_TABLE} WHERE quiz_id = :id"), {"id": quiz_id}
        )
    return int(found or 0)


async def test_deleting_a_workspace_removes_everything_it_owns(
    db: Database, scope: Scope, other_scope: Scope
) -> None:
    await two_games(db, scope)
    await play(db, other_scope.account_id, results("g3", [P("ann", 50, identifier=ANN, key=KEY)]))
    quiz = await db.quizzes.create(scope, {"title": "Mine", "questions": [QUESTION]})
    kept = await db.quizzes.create(other_scope, {"title": "Theirs", "questions": [QUESTION]})
    await db.workspaces.create_invite(scope, Role.MEMBER, timedelta(days=1))
    member = await db.hosts.create("cy@example.com", "Cy", "x")
    invite = await db.workspaces.create_invite(scope, Role.HOST, timedelta(days=1))
    await db.workspaces.accept(invite.id, member.id)
    team = await db.teams.create(scope, "Owls")
    await db.teams.set_members(scope, team["id"], [member.id], replace=True)
    mine = await rows_of(db, scope.workspace_id, ["g1", "g2"])
    assert mine["teams"] == 1 and mine["team_members"] == 1
    assert all(mine[t] > 0 for t in ("games", "game_players", "game_answers", "identities"))
    assert mine["milestones_awarded"] > 0 and mine["memberships"] == 2 and mine["invites"] == 2
    theirs = await rows_of(db, other_scope.workspace_id, ["g3"])
    with pytest.raises(Forbidden):
        await db.workspaces.delete(
            Scope(workspace_id=scope.workspace_id, account_id=member.id, role=Role.ADMIN)
        )
    assert await rows_of(db, scope.workspace_id, ["g1", "g2"]) == mine
    assert await indexed(db, quiz["id"]) > 0
    await db.workspaces.delete(scope)
    # The library's search index (outside the models' tables) forgets its quizzes' text too.
    assert await indexed(db, quiz["id"]) == 0
    assert await indexed(db, kept["id"]) > 0
    assert await rows_of(db, scope.workspace_id, ["g1", "g2"]) == dict.fromkeys(mine, 0)
    assert await rows_of(db, other_scope.workspace_id, ["g3"]) == theirs
    # The accounts stay: Ada may still sign in, Cy keeps Cy's own workspace.
    assert await db.hosts.by_id(scope.account_id) is not None
    assert [w.id for w in await db.workspaces.for_account(member.id)] == [member.id]


@pytest.mark.parametrize("mode", list(RemoveMode))
async def test_removing_a_member_takes_their_signed_in_and_guest_identities(
    db: Database, scope: Scope, other_scope: Scope, mode: RemoveMode
) -> None:
    cy = await db.hosts.create("cy@example.com", "Cy", "x")
    invite = await db.workspaces.create_invite(scope, Role.MEMBER, timedelta(days=1))
    await db.workspaces.accept(invite.id, cy.id)
    team = await db.teams.create(scope, "Owls")
    await db.teams.set_members(scope, team["id"], [cy.id], replace=True)
    # Cy played signed in, and once as a guest by e-mail; Cy's own workspace too.
    await play(db, scope.account_id, results("g1", [P("c", 700, account=cy.id), P("bo", 5)]))
    await play(db, scope.account_id, results("g2", [P("c2", 600, identifier="cy@example.com")]))
    await play(db, cy.id, results("g3", [P("c3", 500, account=cy.id)]))
    mine = Identity.workspace_id == scope.workspace_id
    assert await count(db, Identity, mine) == 2
    member = Scope(workspace_id=scope.workspace_id, account_id=cy.id, role=Role.MEMBER)
    with pytest.raises(Forbidden):  # a member removes no one (leaving is the members route)
        await db.lifecycle.remove_person(member, scope.account_id, mode)
    with pytest.raises(NotFound):
        await db.lifecycle.remove_person(scope, other_scope.account_id, mode)
    with pytest.raises(Conflict):  # the last owner
        await db.lifecycle.remove_person(scope, scope.account_id, mode)
    await db.lifecycle.remove_person(scope, cy.id, mode)
    assert await count(db, Identity, mine) == 0
    assert await db.workspaces.membership(scope.workspace_id, cy.id) is None
    assert await count(db, TeamMember) == 0  # out of the workspace, out of its team
    kept = [] if mode is RemoveMode.ERASE else [("c", REMOVED, 700, None)]
    assert await players(db, "g1") == [("bo", "BO", 5, None), *kept]
    assert len(await players(db, "g2")) == (0 if mode is RemoveMode.ERASE else 1)
    # Cy's own workspace keeps Cy's games there.
    g3 = await players(db, "g3")
    assert [(p, n) for p, n, _, _ in g3] == [("c3", "C3")] and g3[0][3] is not None
