"""Events: three rounds with persistent teams and identities add up to the event leaderboard;
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from results_support import DAY_MS, T0, P, new_game, play, results

from server.db.database import Database
from server.db.records import TeamResult
from server.db.scope import Scope

TEAMS = {"mode": "choose", "names": ["Red", "Blue"]}


def ann(score: int, **kw: Any) -> P:
    return P("ann", score, identifier="ann@example.com", team="Red", **kw)


def bob(score: int, **kw: Any) -> P:
    return P("bob", score, identifier="bob@example.com", team="Blue", **kw)


def cat(score: int, key: str = "cat-phone-0123456789", **kw: Any) -> P:
    return P("cat", score, identifier="cat@example.com", key=key, team="Red", **kw)


def dan(score: int, **kw: Any) -> P:
    return P("dan", score, identifier="dan@example.com", team="Blue", **kw)


async def make_event(db: Database, host_id: str) -> dict[str, Any]:
    return await db.events.create(
        Scope.personal(host_id),
        name="Spring cup",
        starts_at=datetime(2025, 11, 24, tzinfo=UTC),
        ends_at=datetime(2025, 11, 30, tzinfo=UTC),
        teams=["Red", "Blue"],
        require_identifier=True,
    )


async def three_rounds(db: Database) -> tuple[str, str]:
    """An event of three rounds, plus a game of the same host outside it and an unfinished
    round; returns (host id, event id)."""
    h = (await db.hosts.create("ada@example.com", "Ada", "x")).id
    event = await make_event(db, h)
    eid = event["id"]
    # Round 1: an anonymous player "zed" wins the round but has no identity: not on the board.
    await play(
        db,
        h,
        results(
            "r1",
            [
                ann(900, right=[(0, 1000)]),
                bob(800, right=[(0, 2000)]),
                cat(700, right=[(0, 3000)]),
                dan(0, wrong=[0]),
                P("zed", 5000, right=[(0, 100)]),
            ],
            finished_ms=T0,
            teams=[TeamResult("Red", 800, 1, 2), TeamResult("Blue", 400, 2, 2)],
        ),
        event_id=eid,
        settings={"teams": TEAMS},
    )
    # Round 2: Cat plays on another phone (her identifier links her); Dan sits out.
    await play(
        db,
        h,
        results(
            "r2",
            [
                ann(500, right=[(0, 4000)]),
                bob(1000, right=[(0, 1500)]),
                cat(800, key="cat-laptop-0123456789", right=[(0, 2500)]),
            ],
            finished_ms=T0 + DAY_MS,
            teams=[TeamResult("Blue", 1000, 1, 1), TeamResult("Red", 650, 2, 2)],
        ),
        event_id=eid,
        settings={"teams": TEAMS},
    )
    # Round 3: no team rows in the entry: they are ranked from the players (average).
    await play(
        db,
        h,
        results(
            "r3",
            [
                ann(600, right=[(0, 2000)]),
                bob(200, right=[(0, 9000)]),
                cat(500, right=[(0, 1000)]),
                dan(900, right=[(0, 500)]),
                P("eve", 900, identifier="eve@example.com", team="Blue", right=[(0, 500)]),
            ],
            finished_ms=T0 + 2 * DAY_MS,
        ),
        event_id=eid,
        settings={"teams": TEAMS},
    )
    # Not in the event, and a round that has not finished.
    await play(db, h, results("other", [ann(10_000, right=[(0, 1)])]))
    await new_game(db, h, "r4", event_id=eid)
    return h, eid


async def test_event_leaderboard_of_three_rounds(db: Database) -> None:
    h, eid = await three_rounds(db)
    board = await db.leaderboards.event(Scope.personal(h), eid, "players", identifiers=True)
    assert board is not None
    assert (board["event_id"], board["kind"], board["total"]) == (eid, "players", 5)
    rows = sorted(
        (
            e["rank"],
            e["identifier"],
            e["nickname"],
            e["score"],
            e["games"],
            e["correct"],
            e["wins"],
            e["correct_time_ms"],
        )
        for e in board["entries"]
    )
    # Three players on 2000: the lower total time of right answers first, as in a game. Dan
    # and Eve are equal in both and share 4th place. Zed (no identity) is left out.
    assert rows == [
        (1, "cat@example.com", "CAT", 2000, 3, 3, 0, 6500),
        (2, "ann@example.com", "ANN", 2000, 3, 3, 0, 7000),
        (3, "bob@example.com", "BOB", 2000, 3, 3, 1, 12500),
        (4, "dan@example.com", "DAN", 900, 2, 1, 1, 500),
        (4, "eve@example.com", "EVE", 900, 1, 1, 1, 500),
    ]


async def test_event_leaderboard_pages(db: Database) -> None:
    h, eid = await three_rounds(db)
    page = await db.leaderboards.event(Scope.personal(h), eid, "players", offset=1, limit=2)
    assert page is not None
    assert [e["nickname"] for e in page["entries"]] == ["ANN", "BOB"]
    assert page["total"] == 5
    assert "identifier" not in page["entries"][0]  # only when asked (the host's view)
    beyond = await db.leaderboards.event(Scope.personal(h), eid, "players", offset=10, limit=5)
    assert beyond is not None
    assert (beyond["entries"], beyond["total"]) == ([], 5)


async def test_event_team_leaderboard(db: Database) -> None:
    h, eid = await three_rounds(db)
    board = await db.leaderboards.event(Scope.personal(h), eid, "teams")
    assert board is not None
    # Round 3 ranks its teams from the players' average: Red (600 + 500) / 2 = 550,
    # Blue (200 + 900 + 900) / 3 = 667. Red 800 + 650 + 550 = 2000; Blue 400 + 1000 + 667.
    assert board["entries"] == [
        {"rank": 1, "team": "Blue", "score": 2067, "games": 3, "wins": 2, "members": 6},
        {"rank": 2, "team": "Red", "score": 2000, "games": 3, "wins": 1, "members": 6},
    ]


async def test_event_screen_and_crud(db: Database) -> None:
    h, eid = await three_rounds(db)
    screen = await db.leaderboards.screen(eid)
    assert screen is not None
    assert (screen["event_id"], screen["name"], screen["rounds"]) == (eid, "Spring cup", 3)
    assert [p["nickname"] for p in screen["players"]][:3] == ["CAT", "ANN", "BOB"]
    assert len(screen["players"]) == 5
    assert all("identifier" not in p for p in screen["players"])
    assert [t["team"] for t in screen["teams"]] == ["Blue", "Red"]
    assert await db.leaderboards.screen("nope") is None

    event = await db.events.get(Scope.personal(h), eid)
    assert event is not None
    assert [g["id"] for g in event["games"]] == ["r1", "r2", "r3", "r4"]
    assert [g["results"] for g in event["games"]] == [True, True, True, False]
    assert event["starts_ms"] == 1_763_942_400_000
    assert (event["teams"], event["require_identifier"]) == (["Red", "Blue"], True)
    other = (await db.hosts.create("bob@example.com", "Bob", "x")).id
    assert await db.events.get(Scope.personal(other), eid) is None
    assert await db.events.update(Scope.personal(other), eid, {"name": "Mine"}) is None
    assert not await db.events.delete(Scope.personal(other), eid)
    assert await db.leaderboards.event(Scope.personal(other), eid, "players") is None

    changed = await db.events.update(Scope.personal(h), eid, {"name": "Summer cup", "teams": []})
    assert changed is not None and (changed["name"], changed["teams"]) == ("Summer cup", [])
    assert [e["id"] for e in await db.events.list_all(Scope.personal(h))] == [eid]
    assert await db.events.list_all(Scope.personal(other)) == []

    assert await db.events.delete(Scope.personal(h), eid)
    assert await db.events.get(Scope.personal(h), eid) is None
    game = await db.games.get(Scope.personal(h), "r1")
    assert game is not None and game.event_id is None  # the round and its results stay
    assert (await db.results.get(Scope.personal(h), "r1"))["players"][0]["score"] == 5000
