"""The results outbox: finished games reach SQL once, through writer crashes and a database
that is down, on SQLite and PostgreSQL, with a real Redis."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from server.db.repo import Database, NotFinished
from server.outbox import CLAIM_MS, OutboxWriter
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import delete_prefix, new_prefix


@pytest.fixture
async def store(real_redis: Redis) -> AsyncIterator[GameStore]:
    prefix = new_prefix()
    yield GameStore(real_redis, Keys(prefix))
    await delete_prefix(real_redis, prefix)


def entry(gid: str) -> dict[str, Any]:
    return {
        "game_id": gid,
        "started_ms": 1_700_000_000_000,
        "finished_ms": 1_700_000_060_000,
        "players": [
            {
                "player_id": "p1",
                "nickname": "Ann",
                "team": None,
                "score": 1900,
                "rank": 1,
                "correct": 2,
                "answered": 2,
                "correct_time_ms": 3000,
                "joined_ms": 1_699_999_999_000,
            },
            {
                "player_id": "p2",
                "nickname": "Bea",
                "team": None,
                "score": 0,
                "rank": 2,
                "correct": 0,
                "answered": 1,
                "correct_time_ms": 0,
                "joined_ms": 1_699_999_999_500,
            },
        ],
        "answers": [
            {
                "player_id": "p1",
                "question": 0,
                "answer": 1,
                "correct": True,
                "points": 950,
                "elapsed_ms": 1000,
            },
            {
                "player_id": "p1",
                "question": 1,
                "answer": True,
                "correct": True,
                "points": 950,
                "elapsed_ms": 2000,
            },
            {
                "player_id": "p2",
                "question": 0,
                "answer": 0,
                "correct": False,
                "points": 0,
                "elapsed_ms": 4000,
            },
        ],
        "questions": [
            {
                "index": 0,
                "kind": "choice",
                "prompt": "Q1",
                "answered": 2,
                "correct": 1,
                "distribution": {"0": 1, "1": 1},
            },
            {
                "index": 1,
                "kind": "true_false",
                "prompt": "Q2",
                "answered": 1,
                "correct": 1,
                "distribution": {"true": 1, "false": 0},
            },
        ],
        "teams": [],
    }


async def make_game(db: Database, gid: str) -> str:
    """A game row owned by a new host; returns the host id."""
    host = await db.create_host(f"{gid}@example.com", "Host", "x")
    await db.create_game(
        game_id=gid,
        host_id=host.id,
        quiz_id=None,
        pin="123456",
        title="T",
        settings={},
        quiz={"title": "T", "questions": []},
    )
    return host.id


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000_000

    def __call__(self) -> int:
        return self.now


async def test_entry_reaches_sql_once(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g1")
    raw = json.dumps(entry("g1"), sort_keys=True)
    await store.push_outbox(raw)
    writer = OutboxWriter(store, db, 50, Clock())
    assert await writer.drain_once() == 1
    assert await store.outbox_length() == 0
    results = await db.results(host, "g1")
    assert [(p["nickname"], p["score"], p["rank"]) for p in results["players"]] == [
        ("Ann", 1900, 1),
        ("Bea", 0, 2),
    ]
    # The same entry again (a writer that died after the commit, before removing it):
    # nothing is duplicated and the entry goes away.
    await store.push_outbox(raw)
    assert await writer.drain_once() == 1
    assert await store.outbox_length() == 0
    again = await db.results(host, "g1")
    assert again == results


async def test_database_down_loses_nothing(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g2")
    await store.push_outbox(json.dumps(entry("g2")))
    down = Database("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    try:
        with pytest.raises(OSError):
            await OutboxWriter(store, down, 50, Clock()).drain_once()
    finally:
        await down.close()
    assert await store.outbox_length() == 1
    with pytest.raises(NotFinished):
        await db.results(host, "g2")
    # The database is back: the next pass writes it.
    assert await OutboxWriter(store, db, 50, Clock()).drain_once() == 1
    assert (await db.results(host, "g2"))["players"][0]["score"] == 1900
    assert await store.outbox_length() == 0


async def test_killed_writer_claim_expires(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g3")
    await store.push_outbox(json.dumps(entry("g3")))
    clock = Clock()
    # A writer claimed the entry and was killed before writing anything.
    assert await store.outbox_claim("g3", clock.now, CLAIM_MS)
    other = OutboxWriter(store, db, 50, clock)
    assert await other.drain_once() == 0  # still claimed
    clock.now += CLAIM_MS + 1
    assert await other.drain_once() == 1
    assert (await db.results(host, "g3"))["game"]["id"] == "g3"
