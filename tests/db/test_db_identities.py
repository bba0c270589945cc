"""Identities linked by identifier or player key, milestones awarded once, a player's history
and a host deleting a person's data; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from results_support import DAY_MS, T0, P, new_game, play, results
from sqlalchemy import func, select

from server.db.database import Database
from server.db.models import GamePlayer, Identity, MilestoneAwarded
from server.db.scope import Scope

KEY_A = "device-a-0123456789"
KEY_B = "device-b-0123456789"
KEY_C = "device-c-0123456789"


async def identities(db: Database) -> list[tuple[str | None, str | None]]:
    async with db.session() as session:
        rows = await session.execute(select(Identity.identifier, Identity.player_key))
    # None first, whatever the backend's NULL ordering.
    return sorted(((i, k) for i, k in rows), key=lambda r: (r[0] or "", r[1] or ""))


async def identity_of(db: Database, gid: str, pid: str) -> str | None:
    async with db.session() as session:
        row = await session.get(GamePlayer, (gid, pid))
    assert row is not None
    return row.identity_id


async def host(db: Database, email: str = "ada@example.com") -> str:
    return (await db.hosts.create(email, "Ada", "x")).id


async def test_identity_by_identifier_then_key(db: Database) -> None:
    h = await host(db)
    await play(
        db,
        h,
        results(
            "g1",
            [
                P("a", 900, identifier="ann@example.com", key=KEY_A),
                P("b", 500, key=KEY_B),
                P("c", 100),  # neither: still in the results, no identity
            ],
        ),
    )
    assert await identities(db) == [(None, KEY_B), ("ann@example.com", KEY_A)]
    assert await identity_of(db, "g1", "c") is None
    # Next game: Ann on a new phone (her identifier wins, the key follows her), Bea by her key
    # alone, and Bea's friend on a fresh device.
    await play(
        db,
        h,
        results(
            "g2",
            [
                P("a2", 800, identifier="ann@example.com", key=KEY_C),
                P("b2", 700, key=KEY_B),
                P("d2", 600, key="device-d-0123456789"),
            ],
        ),
    )
    assert await identity_of(db, "g2", "a2") == await identity_of(db, "g1", "a")
    assert await identity_of(db, "g2", "b2") == await identity_of(db, "g1", "b")
    assert await identities(db) == [
        (None, KEY_B),
        (None, "device-d-0123456789"),
        ("ann@example.com", KEY_C),
    ]


async def test_device_history_joins_a_new_identifier(db: Database) -> None:
    h = await host(db)
    await play(db, h, results("g1", [P("a", 900, key=KEY_A), P("x", 1)]))
    before = await identity_of(db, "g1", "a")
    # The event asks for an e-mail: the device's anonymous identity takes it.
    await play(db, h, results("g2", [P("a", 900, identifier="ann@example.com", key=KEY_A)]))
    assert await identity_of(db, "g2", "a") == before
    assert await identities(db) == [("ann@example.com", KEY_A)]


async def test_identifier_and_key_of_different_identities(db: Database) -> None:
    h = await host(db)
    await play(
        db,
        h,
        results(
            "g1",
            [
                P("a", 900, identifier="ann@example.com", right=[(0, 900)]),
                P("k", 800, key=KEY_A, right=[(0, 1000)]),
                P("z", 0),
            ],
        ),
    )
    ann, device = await identity_of(db, "g1", "a"), await identity_of(db, "g1", "k")
    assert ann != device
    # Ann plays on that device: her identifier wins, and the device-only identity (its game
    # and milestones) is folded into hers.
    await play(db, h, results("g2", [P("a", 700, identifier="ann@example.com", key=KEY_A)]))
    assert await identity_of(db, "g2", "a") == ann
    assert await identity_of(db, "g1", "k") == ann
    assert await identities(db) == [("ann@example.com", KEY_A)]
    async with db.session() as session:
        codes = (
            await session.scalars(
                select(MilestoneAwarded.code).where(MilestoneAwarded.identity_id == ann)
            )
        ).all()
    assert sorted(codes).count("first_game") == 1

    # Bob then uses Ann's device with his own identifier: the key moves to Bob; Ann keeps
    # her games.
    await play(db, h, results("g3", [P("b", 700, identifier="bob@example.com", key=KEY_A)]))
    assert await identities(db) == [("ann@example.com", None), ("bob@example.com", KEY_A)]
    assert await identity_of(db, "g1", "a") == ann


async def test_same_person_twice_in_one_game(db: Database) -> None:
    h = await host(db)
    await play(
        db,
        h,
        results("g1", [P("a", 900, key=KEY_A), P("a-again", 100, key=KEY_A)]),
    )
    assert await identity_of(db, "g1", "a") is not None
    assert await identity_of(db, "g1", "a-again") is None


async def test_identities_are_per_host(db: Database) -> None:
    ada, bob = await host(db), await host(db, "bob@example.com")
    await play(db, ada, results("g1", [P("a", 900, identifier="ann@example.com", key=KEY_A)]))
    await play(db, bob, results("g2", [P("a", 900, identifier="ann@example.com", key=KEY_A)]))
    assert await identity_of(db, "g1", "a") != await identity_of(db, "g2", "a")
    assert len(await identities(db)) == 2


async def test_concurrent_games_create_one_identity(db: Database) -> None:
    """Two games of one host finishing at once with the same new person: one of the writers
    may fail on the unique identity and is retried (as the outbox does); nothing is lost."""
    h = await host(db)
    for gid in ("g1", "g2", "g3"):
        await new_game(db, h, gid)

    async def write(gid: str) -> None:
        for _ in range(5):
            try:
                await db.results.save(
                    results(gid, [P("a", 500, identifier="ann@example.com", key=KEY_A)])
                )
                return
            except Exception:
                await asyncio.sleep(0.05)
        raise AssertionError(f"{gid} never written")

    await asyncio.gather(*(write(g) for g in ("g1", "g2", "g3")))
    ids = {await identity_of(db, g, "a") for g in ("g1", "g2", "g3")}
    assert len(ids) == 1 and None not in ids
    assert await identities(db) == [("ann@example.com", KEY_A)]


# -- milestones -------------------------------------------------------------------------------


async def test_milestones_awarded_once_per_identity(db: Database) -> None:
    h = await host(db)
    first = results(
        "g1",
        [
            P("a", 3000, identifier="ann@example.com", right=[(0, 900), (1, 900), (2, 900)]),
            P("b", 500, key=KEY_B, right=[(0, 800)], wrong=[1, 2]),
            P("c", 400, right=[(0, 1000)], wrong=[1]),
            P("d", 0, key=KEY_C, wrong=[0]),
        ],
    )
    await new_game(db, h, "g1")
    saved = await db.results.write(first)
    assert saved is not None
    awarded = {pid: [m.code for m in ms] for pid, ms in saved.awards.items()}
    assert awarded == {
        "a": ["first_game", "first_win", "podium", "perfect_game"],
        "b": ["first_game", "podium", "fastest_answer"],
        "d": ["first_game"],
    }
    assert await db.results.write(first) is None  # written already: nothing awarded again

    # Ten more games: "first_game" and the rest never again; "fastest_answer" (a first for
    # Ann) in the next one, "three_wins" at the third win and "ten_games" at the tenth game.
    got: list[tuple[int, list[str]]] = []
    for n in range(2, 12):
        await new_game(db, h, f"g{n}")
        saved = await db.results.write(
            results(
                f"g{n}",
                [
                    P("a", 1000, identifier="ann@example.com", right=[(0, 2000)], wrong=[1]),
                    P("x", 10),
                ],
                finished_ms=T0 + n * DAY_MS,
            )
        )
        assert saved is not None
        got.append((n, [m.code for m in saved.awards.get("a", [])]))
    assert [g for g in got if g[1]] == [
        (2, ["fastest_answer"]),
        (3, ["three_wins"]),
        (10, ["ten_games"]),
    ]
    async with db.session() as session:
        per_code = dict(
            (
                await session.execute(
                    select(MilestoneAwarded.code, func.count()).group_by(MilestoneAwarded.code)
                )
            ).all()
        )
    assert per_code == {
        "first_game": 3,
        "first_win": 1,
        "podium": 2,
        "perfect_game": 1,
        "fastest_answer": 2,
        "three_wins": 1,
        "ten_games": 1,
    }


async def test_team_mvp_and_five_in_a_row(db: Database) -> None:
    h = await host(db)
    five = [(i, 1000 + i) for i in range(5)]
    await new_game(db, h, "g1", settings={"teams": {"mode": "choose", "names": ["Red", "Blue"]}})
    saved = await db.results.write(
        results(
            "g1",
            [
                P("a", 4000, key=KEY_A, team="Red", right=five, wrong=[5]),
                P("b", 1000, key=KEY_B, team="Red", right=[(0, 500)]),
                P("c", 2000, key=KEY_C, team="Blue", right=[(1, 3000)]),
            ],
            questions=["choice"] * 6,
        )
    )
    assert saved is not None
    assert [m.code for m in saved.awards["a"]] == [
        "first_game",
        "first_win",
        "five_in_a_row",
        "team_mvp",
    ]
    assert "team_mvp" not in [m.code for m in saved.awards["c"]]  # alone in Blue
    assert "fastest_answer" in [m.code for m in saved.awards["b"]]
    # The teams were ranked from the players (the entry had none): Red averages 2500.
    res = await db.results.get(Scope.personal(h), "g1")
    assert res["teams"] == [
        {"team": "Red", "score": 2500, "rank": 1, "members": 2},
        {"team": "Blue", "score": 2000, "rank": 2, "members": 1},
    ]


# -- a player's history and forgetting a person -----------------------------------------------


async def test_player_history(db: Database) -> None:
    ada, bob = await host(db), await host(db, "bob@example.com")
    event = await db.events.create(
        Scope.personal(ada),
        name="Spring cup",
        starts_at=datetime(2025, 3, 1, tzinfo=UTC),
        ends_at=None,
        teams=[],
        require_identifier=False,
    )
    await play(
        db,
        ada,
        results("g1", [P("a", 900, key=KEY_A, right=[(0, 700)]), P("b", 100)]),
        event_id=event["id"],
        title="Round 1",
    )
    await play(
        db,
        bob,
        results(
            "g2",
            [P("a", 50, key=KEY_A, nickname="Annie", wrong=[1]), P("b", 100)],
            finished_ms=T0 + 1,
        ),
        title="Bob's quiz",
    )
    assert await db.identities.history("unknown-key-0123456789") is None
    me = await db.identities.history(KEY_A)
    assert me is not None
    assert [(g["title"], g["nickname"], g["rank"], g["players"]) for g in me["games"]] == [
        ("Bob's quiz", "Annie", 2, 2),
        ("Round 1", "A", 1, 2),
    ]
    assert me["games"][1]["event"] == {"id": event["id"], "name": "Spring cup"}
    assert me["games"][0]["event"] is None
    assert me["games"][1]["milestones"] == ["first_game", "first_win", "fastest_answer"]
    assert [(m["code"], m["game_title"]) for m in me["milestones"]] == [
        ("first_game", "Round 1"),
        ("first_win", "Round 1"),
        ("fastest_answer", "Round 1"),
        ("first_game", "Bob's quiz"),
    ]
    assert me["milestones"][2]["title"] == "Quickest draw"
    assert me["totals"] == {
        "games": 2,
        "score": 950,
        "wins": 1,
        "correct": 1,
        "answered": 2,
        "milestones": 4,
    }
    page = await db.identities.history(KEY_A, offset=1, limit=1)
    assert page is not None and [g["title"] for g in page["games"]] == ["Round 1"]


async def test_forget_identity(db: Database) -> None:
    ada, bob = await host(db), await host(db, "bob@example.com")
    await play(
        db,
        ada,
        results("g1", [P("a", 900, identifier="ann@example.com", key=KEY_A), P("b", 5)]),
    )
    await play(db, bob, results("g2", [P("a", 900, identifier="ann@example.com", wrong=[0])]))
    assert not await db.identities.forget(Scope.personal(ada), identifier="nobody@example.com")
    assert await db.identities.forget(Scope.personal(ada), identifier="  ANN@example.com ")
    res = await db.results.get(Scope.personal(ada), "g1")
    assert [(p["nickname"], p["score"]) for p in res["players"]] == [("(removed)", 900), ("B", 5)]
    assert await identity_of(db, "g1", "a") is None
    assert await db.identities.history(KEY_A) is None
    # Bob's organisation is another scope: its copy stays until Bob deletes it.
    assert await identities(db) == [("ann@example.com", None)]
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(MilestoneAwarded)) == 1
    bob_identity = await identity_of(db, "g2", "a")
    assert bob_identity is not None
    assert not await db.identities.forget(
        Scope.personal(ada), identity_id=bob_identity
    )  # not Ada's
    assert await db.identities.forget(Scope.personal(bob), identity_id=bob_identity)
    assert await identities(db) == []
    with pytest.raises(ValueError, match="exactly one"):
        await db.identities.forget(Scope.personal(ada))
