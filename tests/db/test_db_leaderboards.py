"""Lasting leaderboards in SQL: a season across 50 synthetic games matches the same totals
computed in Python, all time and over a date range, page by page; on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import datetime
from typing import Any

from results_support import DAY_MS, T0, P, play, results
from sqlalchemy import select

from server.db.database import Database
from server.db.models import Game, GamePlayer, Identity
from server.db.scope import Scope
from server.db.times import ms_to_datetime

PEOPLE = [f"p{i:02d}@example.com" for i in range(30)]
TEAMS = ["Owls", "Foxes", "Bears"]
GAMES = 50


def synthetic_season(rng: random.Random) -> list[tuple[str, int, list[P]]]:
    """50 games over 100 days: coarse scores and times, so that ties happen."""
    games = []
    for g in range(GAMES):
        finished = T0 + g * 2 * DAY_MS + rng.randrange(DAY_MS)
        players = []
        for person in rng.sample(PEOPLE, rng.randint(3, 12)):
            right = [(q, rng.choice([1000, 2000])) for q in range(rng.randint(0, 3))]
            players.append(
                P(
                    person.split("@")[0],
                    100 * len(right) + 100 * rng.randint(0, 2),
                    identifier=person,
                    team=rng.choice(TEAMS),
                    right=right,
                )
            )
        if g % 3 == 0:  # twins: always the same figures, so they tie overall
            right = [(0, 1000)] * (g % 2)
            for twin in ("twin1@example.com", "twin2@example.com"):
                players.append(P(twin.split("@")[0], 300, identifier=twin, right=right))
        players.append(P("anon", rng.randint(0, 500)))  # no identity: never on the board
        games.append((f"s{g:02d}", finished, players))
    return games


def expected_players(
    db_rows: list[dict[str, Any]], start: datetime | None, end: datetime | None
) -> list[tuple[int, str, int, int, int, int, int]]:
    """(rank, identifier, score, games, correct, wins, time) computed in Python from the rows
    SQL holds, ranked as a game ranks."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in db_rows:
        if r["identifier"] is None:
            continue
        if (start and r["finished_at"] < start) or (end and r["finished_at"] >= end):
            continue
        t = totals[r["identifier"]]
        t[0] += r["score"]
        t[1] += 1
        t[2] += r["correct"]
        t[3] += 1 if r["rank"] == 1 and r["players"] >= 2 else 0
        t[4] += r["correct_time_ms"]
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[1][4]))
    out: list[tuple[int, str, int, int, int, int, int]] = []
    for position, (ident, t) in enumerate(ordered, start=1):
        prev = out[-1] if out else None
        rank = prev[0] if prev and (prev[2], prev[6]) == (t[0], t[4]) else position
        out.append((rank, ident, t[0], t[1], t[2], t[3], t[4]))
    return out


async def season(db: Database) -> tuple[str, list[dict[str, Any]]]:
    host = (await db.hosts.create("ada@example.com", "Ada", "x")).id
    other = (await db.hosts.create("bob@example.com", "Bob", "x")).id
    rng = random.Random(20250301)
    for gid, finished, players in synthetic_season(rng):
        await play(db, host, results(gid, players, finished_ms=finished))
    # Another organisation's game with the same people: never on Ada's boards.
    await play(db, other, results("b1", [P("x", 99_999, identifier=PEOPLE[0])]))
    identifiers = {}
    async with db.session() as session:
        for iid, ident in await session.execute(select(Identity.id, Identity.identifier)):
            identifiers[iid] = ident
        players_in = {g.id: g.players for g in await session.scalars(select(Game))}
        rows = [
            {
                "identifier": identifiers.get(p.identity_id) if p.host_id == host else None,
                "finished_at": p.finished_at,
                "score": p.score,
                "correct": p.correct,
                "rank": p.rank,
                "players": players_in[p.game_id],
                "correct_time_ms": p.correct_time_ms,
            }
            for p in await session.scalars(select(GamePlayer).where(GamePlayer.host_id == host))
        ]
    return host, rows


async def board(
    db: Database, host: str, start: datetime | None, end: datetime | None, limit: int = 7
) -> tuple[list[tuple[int, str, int, int, int, int, int]], int]:
    """Every entry of the board, read page by page."""
    entries: list[dict[str, Any]] = []
    offset, total = 0, -1
    while True:
        page = await db.leaderboards.season(
            Scope.personal(host), "players", start, end, offset=offset, limit=limit
        )
        total = page["total"]
        entries.extend(page["entries"])
        if len(page["entries"]) < limit:
            break
        offset += limit
    got = [
        (
            e["rank"],
            e["identifier"],
            e["score"],
            e["games"],
            e["correct"],
            e["wins"],
            e["correct_time_ms"],
        )
        for e in entries
    ]
    return got, total


def _same_ranking(
    got: list[tuple[int, str, int, int, int, int, int]],
    want: list[tuple[int, str, int, int, int, int, int]],
) -> None:
    # Within a shared rank the listing order is the database's (by identity id): compare
    # the ranks in order, and each rank's members as a set.
    assert [g[0] for g in got] == [w[0] for w in want]
    assert sorted(got) == sorted(want)


async def test_all_time_leaderboard(db: Database) -> None:
    host, rows = await season(db)
    want = expected_players(rows, None, None)
    got, total = await board(db, host, None, None)
    assert total == len(want) == len(PEOPLE) + 2
    _same_ranking(got, want)
    twins = [g for g in got if g[1].startswith("twin")]
    assert twins[0][0] == twins[1][0]  # a shared rank
    assert any(a[0] == b[0] for a, b in itertools.pairwise(want))


async def test_season_leaderboard(db: Database) -> None:
    host, rows = await season(db)
    start, end = ms_to_datetime(T0 + 20 * DAY_MS), ms_to_datetime(T0 + 60 * DAY_MS)
    want = expected_players(rows, start, end)
    got, total = await board(db, host, start, end)
    assert 0 < total == len(want)
    _same_ranking(got, want)
    # Open-ended ranges, and a range with nothing in it.
    for s, e in ((start, None), (None, end)):
        _same_ranking((await board(db, host, s, e))[0], expected_players(rows, s, e))
    empty = await db.leaderboards.season(
        Scope.personal(host), "players", ms_to_datetime(0), ms_to_datetime(1)
    )
    assert (empty["entries"], empty["total"]) == ([], 0)


async def test_team_leaderboard(db: Database) -> None:
    host, _ = await season(db)
    want: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for g in range(GAMES):
        for t in (await db.results.get(Scope.personal(host), f"s{g:02d}"))["teams"]:
            want[t["team"]][0] += t["score"]
            want[t["team"]][1] += 1
            want[t["team"]][2] += 1 if t["rank"] == 1 else 0
    page = await db.leaderboards.season(Scope.personal(host), "teams", limit=10)
    assert page["total"] == len(TEAMS)
    assert {e["team"]: [e["score"], e["games"], e["wins"]] for e in page["entries"]} == want
    scores = [e["score"] for e in page["entries"]]
    assert scores == sorted(scores, reverse=True)
    assert page["entries"][0]["rank"] == 1
