"""Workspace teams in SQL: the teams and rosters (one team per person and workspace, only for
members, nothing seen across workspaces), what a game takes of them, the results' team ids and
the team boards by id, the event's first teams, and a team's accuracy per tag."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest
from results_support import DAY_MS, T0, P, play, results
from sqlalchemy import select

from games.teams import fixed_key
from server.db.database import Database
from server.db.errors import NotFound
from server.db.models import GamePlayer, GameTeam, TeamMember
from server.db.records import TeamResult
from server.db.scope import Role, Scope
from server.db.teams import NameTaken, NotMembers, RosterChanged, fixed_teams
from server.db.times import now


async def account(db: Database, name: str) -> str:
    host = await db.hosts.create(f"{name}-{secrets.token_hex(4)}@example.com", name, "x")
    return host.id


async def join(db: Database, owner: str, account_id: str, role: Role = Role.MEMBER) -> Scope:
    """`account_id` joins the owner's workspace by an invite; its scope there."""
    invite = await db.workspaces.create_invite(Scope.personal(owner), role, timedelta(days=1))
    await db.workspaces.accept(invite.id, account_id)
    return Scope(workspace_id=owner, account_id=account_id, role=role)


async def workspace(db: Database) -> tuple[Scope, str, str, str]:
    """An owner's workspace with three members: (owner's scope, ann, bob, cat)."""
    owner = await account(db, "Olga")
    people = [await account(db, n) for n in ("Ann", "Bob", "Cat")]
    for p in people:
        await join(db, owner, p)
    return Scope.personal(owner), people[0], people[1], people[2]


async def test_teams_are_created_renamed_and_deleted_with_unique_names(db: Database) -> None:
    scope, *_ = await workspace(db)
    owls = await db.teams.create(scope, "Owls")
    await db.teams.create(scope, "Larks")
    assert [t["name"] for t in await db.teams.list_all(scope)] == ["Larks", "Owls"]
    for taken in ("owls", "ＯＷＬＳ"):
        with pytest.raises(NameTaken):
            await db.teams.create(scope, taken)
    with pytest.raises(NameTaken):
        await db.teams.rename(scope, owls["id"], "LARKS")
    renamed = await db.teams.rename(scope, owls["id"], "Night owls")
    assert renamed["name"] == "Night owls"
    assert await db.teams.delete(scope, owls["id"])
    assert not await db.teams.delete(scope, owls["id"])
    assert [t["name"] for t in await db.teams.list_all(scope)] == ["Larks"]
    # Another workspace may use the same name.
    elsewhere = Scope.personal(await account(db, "Zed"))
    assert (await db.teams.create(elsewhere, "Larks"))["name"] == "Larks"


async def test_another_workspace_sees_and_changes_nothing(db: Database) -> None:
    scope, ann, _, _ = await workspace(db)
    owls = await db.teams.create(scope, "Owls")
    await db.teams.set_members(scope, owls["id"], [ann], replace=True)
    other = Scope.personal(await account(db, "Zed"))
    assert await db.teams.list_all(other) == []
    assert await db.teams.get(other, owls["id"]) is None
    with pytest.raises(NotFound):
        await db.teams.rename(other, owls["id"], "Mine")
    with pytest.raises(NotFound):
        await db.teams.set_members(other, owls["id"], [], replace=True)
    with pytest.raises(NotFound):
        await db.teams.remove_member(other, owls["id"], ann)
    assert not await db.teams.delete(other, owls["id"])
    assert await db.teams.get(scope, owls["id"]) == {**owls, "members": [
        {"account_id": ann, "name": "Ann"}
    ]}  # fmt: skip


async def test_a_person_is_in_one_team_per_workspace_and_only_as_a_member(db: Database) -> None:
    scope, ann, bob, cat = await workspace(db)
    owls = await db.teams.create(scope, "Owls")
    larks = await db.teams.create(scope, "Larks")
    team = await db.teams.set_members(scope, owls["id"], [ann, bob, ann], replace=True)
    assert [m["name"] for m in team["members"]] == ["Ann", "Bob"]
    # Adding Bob to the Larks moves him there.
    await db.teams.set_members(scope, larks["id"], [bob], replace=False)
    assert [m["account_id"] for m in (await db.teams.get(scope, owls["id"]))["members"]] == [ann]
    # Someone outside the workspace is refused, and nothing changes.
    stranger = await account(db, "Stranger")
    with pytest.raises(NotMembers) as err:
        await db.teams.set_members(scope, owls["id"], [cat, stranger], replace=True)
    assert err.value.args[0] == [stranger]
    assert [m["account_id"] for m in (await db.teams.get(scope, owls["id"]))["members"]] == [ann]
    # Replacing the roster; taking one out.
    await db.teams.set_members(scope, owls["id"], [cat], replace=True)
    assert [m["account_id"] for m in (await db.teams.get(scope, owls["id"]))["members"]] == [cat]
    assert await db.teams.remove_member(scope, larks["id"], bob)
    assert not await db.teams.remove_member(scope, larks["id"], bob)
    # A member who leaves the workspace leaves their team with it.
    await db.workspaces.remove_member(scope, cat)
    assert (await db.teams.get(scope, owls["id"]))["members"] == []
    async with db.session() as session:
        assert list(await session.scalars(select(TeamMember))) == []


async def test_a_member_sees_their_team_and_a_game_takes_the_rosters(db: Database) -> None:
    scope, ann, bob, cat = await workspace(db)
    owls = await db.teams.create(scope, "Owls")
    larks = await db.teams.create(scope, "Larks")
    await db.teams.set_members(scope, owls["id"], [ann, bob], replace=True)
    await db.teams.set_members(scope, larks["id"], [scope.account_id], replace=True)
    ann_scope = Scope(workspace_id=scope.workspace_id, account_id=ann, role=Role.MEMBER)
    mine = await db.teams.mine(ann_scope)
    assert mine is not None and mine["id"] == owls["id"]
    assert [m["name"] for m in mine["members"]] == ["Ann", "Bob"]
    cat_scope = Scope(workspace_id=scope.workspace_id, account_id=cat, role=Role.MEMBER)
    assert await db.teams.mine(cat_scope) is None
    snap = await db.teams.snapshot(scope)
    assert snap.teams == [(larks["id"], "Larks"), (owls["id"], "Owls")]
    assert snap.roster == {ann: "Owls", bob: "Owls", scope.account_id: "Larks"}


def workspace_settings(ids: dict[str, str]) -> dict[str, object]:
    return {
        "teams": {
            "mode": "choose",
            "source": "workspace",
            "names": list(ids),
            "ids": list(ids.values()),
            "score": "sum",
        }
    }


async def test_results_keep_team_ids_and_the_board_adds_a_team_up_by_id(db: Database) -> None:
    scope, *_ = await workspace(db)
    host = scope.account_id
    owls = await db.teams.create(scope, "Owls")
    larks = await db.teams.create(scope, "Larks")
    ids = {"Owls": owls["id"], "Larks": larks["id"]}
    await play(
        db, host,
        results("g1", [P("a", 700, "a@x", team="Owls"), P("b", 300, "b@x", team="Larks")]),
        settings=workspace_settings(ids),
    )  # fmt: skip
    # The Owls are renamed: the next game calls them so, and the board still adds them up.
    await db.teams.rename(scope, owls["id"], "Night owls")
    ids2 = {"Night owls": owls["id"], "Larks": larks["id"]}
    await play(
        db, host,
        results("g2", [P("a", 200, "a@x", team="Night owls"), P("b", 900, "b@x", team="Larks")],
                finished_ms=T0 + DAY_MS),
        settings=workspace_settings(ids2),
    )  # fmt: skip
    # An older game whose own team was also called "Owls" stays a team of its own.
    await play(
        db, host,
        results("g0", [P("c", 100, "c@x", team="Owls")], finished_ms=T0 - DAY_MS,
                teams=[TeamResult("Owls", 100, 1, 1)]),
    )  # fmt: skip
    async with db.session() as session:
        players = dict(
            (await session.execute(select(GamePlayer.player_id, GamePlayer.team_id))).all()
        )
        teams = set((await session.execute(select(GameTeam.game_id, GameTeam.team_id))).all())
    assert players == {"a": owls["id"], "b": larks["id"], "c": None}
    assert teams == {("g1", owls["id"]), ("g1", larks["id"]), ("g2", owls["id"]),
                     ("g2", larks["id"]), ("g0", None)}  # fmt: skip
    board = await db.leaderboards.season(scope, "teams")
    assert [(e["team"], e.get("team_id"), e["score"], e["games"]) for e in board["entries"]] == [
        ("Larks", larks["id"], 1200, 2),
        ("Night owls", owls["id"], 900, 2),
        ("Owls", None, 100, 1),
    ]


async def test_within_an_event_a_person_keeps_their_first_team(db: Database) -> None:
    scope, ann, _, _ = await workspace(db)
    host = scope.account_id
    event = await db.events.create(
        scope, name="Cup", starts_at=now(), ends_at=None, teams=["Red", "Blue"],
        require_identifier=False,
    )  # fmt: skip
    settings = {"teams": {"mode": "choose", "names": ["Red", "Blue"]}}
    first = [
        P("a", 1, "ann@x", team="Red"),
        P("k", 1, key="device-key-0123456789", team="Blue"),
        P("s", 1, account=ann, team="Blue"),  # Ann, signed in
    ]
    await play(db, host, results("r1", first), event_id=event["id"], settings=settings)
    # Round 2 they swapped (a host moved them): round 1 still decides.
    second = [
        P("a", 1, "ann@x", team="Blue"),
        P("k", 1, key="device-key-0123456789", team="Red"),
        P("s", 1, account=ann, team="Red"),
    ]
    await play(
        db, host, results("r2", second, finished_ms=T0 + DAY_MS),
        event_id=event["id"], settings=settings,
    )  # fmt: skip
    history = await db.teams.event_history(scope, event["id"])
    assert history == {
        fixed_key("i", "ann@x"): "Red",
        fixed_key("k", "device-key-0123456789"): "Blue",
        fixed_key("a", ann): "Blue",
    }
    # Another workspace asking for the event gets nothing.
    assert await db.teams.event_history(Scope.personal(await account(db, "Zed")), event["id"]) == {}
    # The event's rounds win over the rosters.
    fixed = fixed_teams({"acc": "Blue"}, {fixed_key("a", "acc"): "Red"})
    assert fixed == {fixed_key("a", "acc"): "Red"}


async def test_a_team_s_accuracy_per_tag_against_the_workspace(db: Database) -> None:
    scope, *_ = await workspace(db)
    host = scope.account_id
    owls = await db.teams.create(scope, "Owls")
    larks = await db.teams.create(scope, "Larks")
    ids = {"Owls": owls["id"], "Larks": larks["id"]}
    safety = {"title": "Safety", "questions": [], "tags": ["safety", "Forklifts", "safety"]}
    # Safety: the Owls 1 of 3 right, the Larks 3 of 3: the workspace 4 of 6.
    await play(
        db, host,
        results("s1", [P("a", 1, "a@x", team="Owls", right=[(0, 900)], wrong=[1, 2]),
                       P("b", 1, "b@x", team="Larks", right=[(0, 9), (1, 9), (2, 9)])]),
        settings=workspace_settings(ids), quiz=safety,
    )  # fmt: skip
    # A quiz without tags counts as itself: the Owls 2 of 2, a guest team 0 of 2.
    await play(
        db, host,
        results("q1", [P("a", 1, "a@x", team="Owls", right=[(0, 9), (1, 9)]),
                       P("c", 1, "c@x", team="Larks", wrong=[0, 1])], finished_ms=T0 + 1),
        settings=workspace_settings(ids), title="Geography",
    )  # fmt: skip
    stats = await db.team_stats.stats(scope, owls["id"])
    assert stats is not None
    assert stats["team"] == {"id": owls["id"], "name": "Owls"} and stats["games"] == 2
    rows = [(r["kind"], r["tag"], r["team"], r["workspace"]) for r in stats["tags"]]
    third, two_thirds = round(1 / 3, 4), round(4 / 6, 4)
    assert rows == [
        ("tag", "Forklifts", {"answered": 3, "correct": 1, "accuracy": third},
         {"answered": 6, "correct": 4, "accuracy": two_thirds}),
        ("tag", "safety", {"answered": 3, "correct": 1, "accuracy": third},
         {"answered": 6, "correct": 4, "accuracy": two_thirds}),
        ("quiz", "Geography", {"answered": 2, "correct": 2, "accuracy": 1.0},
         {"answered": 4, "correct": 2, "accuracy": 0.5}),
    ]  # fmt: skip
    assert await db.team_stats.stats(Scope.personal(await account(db, "Zed")), owls["id"]) is None


async def test_concurrent_roster_changes_leave_a_person_in_one_team(db: Database) -> None:
    scope, ann, _, _ = await workspace(db)
    teams = [await db.teams.create(scope, f"Team {i}") for i in range(4)]

    async def put(team_id: str) -> str:
        try:
            await db.teams.set_members(scope, team_id, [ann], replace=False)
        except RosterChanged:
            return "changed"
        return "ok"

    outcomes = await asyncio.gather(*(put(t["id"]) for t in teams * 3))
    assert set(outcomes) <= {"ok", "changed"} and "ok" in outcomes, outcomes
    async with db.session() as session:
        rows = list(await session.scalars(select(TeamMember).where(TeamMember.account_id == ann)))
    assert len(rows) == 1, rows
    mine = await db.teams.mine(Scope(scope.workspace_id, ann, Role.MEMBER))
    assert mine is not None and mine["id"] == rows[0].team_id
