"""How fast a lasting leaderboard answers over 100,000 stored results.

    python -m bench.leaderboard_bench                    # SQLite, and PostgreSQL if reachable
    python -m bench.leaderboard_bench --results 20000 --calls 20
    python -m bench.leaderboard_bench --pg-url postgresql+asyncpg://u@host/db

It migrates a throwaway SQLite file (and a throwaway schema of the PostgreSQL database at
``--pg-url``, default ``TEST_DATABASE_URL`` or the local ``test`` database), fills it with one
host's games — 50 players each, 5,000 people, a year of games, four teams — by bulk inserts,
then times `server.db.leaderboards.LeaderboardRepo.season` (the query behind
``GET /api/leaderboards``) and `LeaderboardRepo.event`: a warm-up call, then ``--calls`` calls
of each board, reporting p50 and p99 in milliseconds. The figures go to
``bench/results/leaderboard.json``; the throwaway database is removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.sql_bench import on_postgres, on_sqlite, time_calls
from server.db.database import Database
from server.db.models import Event, Game, GamePlayer, GameTeam, Host, Identity, Workspace
from server.db.scope import Scope

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "leaderboard.json"
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

PLAYERS_PER_GAME = 50
PEOPLE = 5_000
TEAMS = ("Owls", "Foxes", "Bears", "Hawks")
EVENT_ROUNDS = 10
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
BATCH = 5_000
# The bench's account, and its workspace (the same id, as migration 0004 gives every account).
HOST = "bench-host"


def _rows(results: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the synthetic data set, by table."""
    rng = random.Random(seed)
    host = HOST
    now = datetime.now(UTC)
    games_n = max(1, results // PLAYERS_PER_GAME)
    identities = [
        {
            "id": f"i{n:06d}",
            "host_id": host,
            "workspace_id": host,
            "identifier": f"person{n}@example.com",
            "player_key": None,
            "created_at": now,
        }
        for n in range(PEOPLE)
    ]
    games, players, teams = [], [], []
    for g in range(games_n):
        gid = f"g{g:06d}"
        finished = YEAR_START + timedelta(seconds=rng.randrange(365 * 86_400))
        games.append(
            {
                "id": gid,
                "host_id": host,
                "workspace_id": host,
                "quiz_id": None,
                "pin": "000000",
                "title": "Bench quiz",
                "settings": {},
                "quiz": {},
                "created_at": finished - timedelta(minutes=15),
                "started_at": finished - timedelta(minutes=10),
                "finished_at": finished,
                "results_at": finished,
                "event_id": "bench-event" if g < EVENT_ROUNDS else None,
                "players": PLAYERS_PER_GAME,
            }
        )
        scores = sorted(
            (rng.randrange(0, 10_001, 50) for _ in range(PLAYERS_PER_GAME)), reverse=True
        )
        for rank, (person, score) in enumerate(
            zip(rng.sample(range(PEOPLE), PLAYERS_PER_GAME), scores, strict=True), start=1
        ):
            players.append(
                {
                    "game_id": gid,
                    "player_id": f"p{rank}",
                    "nickname": f"Player {person}",
                    "team": TEAMS[person % len(TEAMS)],
                    "score": score,
                    "rank": rank,
                    "correct": score // 1000,
                    "answered": 10,
                    "correct_time_ms": rng.randrange(0, 100_000, 100),
                    "joined_at": finished - timedelta(minutes=12),
                    "identity_id": f"i{person:06d}",
                    "host_id": host,
                    "workspace_id": host,
                    "finished_at": finished,
                    "won": rank == 1,
                }
            )
        for rank, team in enumerate(rng.sample(TEAMS, len(TEAMS)), start=1):
            teams.append(
                {
                    "game_id": gid,
                    "team": team,
                    "score": 6000 - rank * 1000,
                    "rank": rank,
                    "members": PLAYERS_PER_GAME // len(TEAMS),
                }
            )
    return {
        "hosts": [
            {
                "id": host,
                "email": "bench@example.com",
                "name": "Bench",
                "password_hash": "x",
                "created_at": now,
            }
        ],
        "workspaces": [
            {"id": host, "name": "Bench's workspace", "created_at": now, "retention_days": None}
        ],
        "events": [
            {
                "id": "bench-event",
                "host_id": host,
                "workspace_id": host,
                "name": "Bench cup",
                "starts_at": YEAR_START,
                "ends_at": None,
                "teams": list(TEAMS),
                "require_identifier": True,
                "created_at": now,
            }
        ],
        "identities": identities,
        "games": games,
        "game_players": players,
        "game_teams": teams,
    }


async def _fill(db: Database, rows: dict[str, list[dict[str, Any]]]) -> None:
    models = {
        "hosts": Host,
        "workspaces": Workspace,
        "events": Event,
        "identities": Identity,
        "games": Game,
        "game_players": GamePlayer,
        "game_teams": GameTeam,
    }
    async with db.engine.begin() as conn:
        for table, model in models.items():
            batch = rows[table]
            for start in range(0, len(batch), BATCH):
                await conn.execute(insert(model), batch[start : start + BATCH])
    # Fresh planner statistics, and (PostgreSQL) a visibility map for index-only scans.
    if db.engine.dialect.name == "postgresql":
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE"))
    else:
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))


async def _measure(db: Database, calls: int) -> dict[str, Any]:
    host = Scope.personal(HOST)
    spring = (datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC))
    boards: dict[str, Callable[[], Awaitable[Any]]] = {
        "players_all_time": lambda: db.leaderboards.season(host, "players"),
        "players_season_3_months": lambda: db.leaderboards.season(host, "players", *spring),
        "players_all_time_page_40": lambda: db.leaderboards.season(
            host, "players", offset=40 * 50, limit=50
        ),
        "teams_all_time": lambda: db.leaderboards.season(host, "teams"),
        "event_players_10_rounds": lambda: db.leaderboards.event(host, "bench-event", "players"),
    }
    first = await db.leaderboards.season(host, "players", limit=3)
    assert first["total"] == PEOPLE and first["entries"][0]["rank"] == 1, first
    return {name: await time_calls(call, calls) for name, call in boards.items()}


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    rows = _rows(args.results, args.seed)

    async def fill_and_measure(db: Database) -> dict[str, Any]:
        await _fill(db, rows)
        return await _measure(db, args.calls)

    backends: dict[str, Any] = {"sqlite": await on_sqlite(fill_and_measure)}
    if not args.no_postgres:
        backends["postgres"] = await on_postgres(args.pg_url, fill_and_measure)
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "results": len(rows["game_players"]),
        "games": len(rows["games"]),
        "people": PEOPLE,
        "calls": args.calls,
        "backends": backends,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.leaderboard_bench")
    parser.add_argument("--results", type=int, default=100_000, help="results to store")
    parser.add_argument("--calls", type=int, default=50, help="timed calls per board")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    report = asyncio.run(main_async(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for backend, boards in report["backends"].items():
        if "skipped" in boards:
            print(f"{backend}: skipped ({boards['skipped']})")
            continue
        for name, t in boards.items():
            print(f"{backend:9} {name:28} p50 {t['p50_ms']:8.2f} ms   p99 {t['p99_ms']:8.2f} ms")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
