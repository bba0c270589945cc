"""Runs of a challenge through the outbox: an entry with ``"kind": "run"`` is appended to the
challenge's game once (two runs of one challenge are claimed apart, so any node writes each),
then its milestones (under the phone's player id) and ``ChallengeChanged`` are announced; a
run of a challenge that was deleted is set aside. SQLite and PostgreSQL, real Redis."""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from test_db_challenges import QUIZ, new_challenge
from test_db_runs import run

from server.db.database import Database
from server.db.models import new_id
from server.db.scope import Scope
from server.node_messages import NodeMessage, encode
from server.outbox import CLAIM_MS, OutboxWriter
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import Clock, delete_prefix, new_prefix


@pytest.fixture
async def store(real_redis: Redis) -> AsyncIterator[GameStore]:
    prefix = new_prefix()
    yield GameStore(real_redis, Keys(prefix))
    await delete_prefix(real_redis, prefix)


async def made(db: Database) -> tuple[Scope, str, str]:
    """A new owner's challenge: (their scope, its id, its game's id)."""
    owner = (await db.hosts.create(f"o-{secrets.token_hex(4)}@example.com", "Olga", "x")).id
    scope = Scope.personal(owner)
    cid, gid = new_id(), new_id()
    await db.challenges.create(
        scope, new_challenge(), challenge_id=cid, game_id=gid, pin="123456", quiz=QUIZ
    )
    return scope, cid, gid


async def test_runs_reach_sql_once_and_are_announced(store: GameStore, db: Database) -> None:
    scope, cid, gid = await made(db)
    sent: list[dict[str, Any]] = []

    async def publish(message: NodeMessage) -> None:
        sent.append(encode(message))

    clock = Clock(1_800_000_000_000)
    first = run(cid, gid, "p-ann", score=500, key="ann-phone-0123456789").to_json()
    second = run(cid, gid, "p-bob", score=900).to_json()
    # Another node holds the first run's claim: the second run is written meanwhile.
    claim = f"run:{gid}:{json.loads(first)['player']['player_id']}"
    assert await store.outbox_claim(claim, clock.now, CLAIM_MS)
    await store.push_outbox(first)
    await store.push_outbox(second)
    writer = OutboxWriter(store, db, 50, clock, publish)
    assert await writer.drain_once() == 1
    assert sent == [{"t": "challenge", "c": cid, "g": gid}]
    clock.now += CLAIM_MS + 1
    sent.clear()
    assert await writer.drain_once() == 1
    assert [m["t"] for m in sent] == ["milestones", "challenge"]
    assert [a["code"] for a in sent[0]["awards"]["p-ann"]] == ["first_game"]
    assert sent[0]["g"] == gid
    game = await db.games.get(scope, gid)
    assert game is not None and game.players == 2
    # Handed over again: nothing more is written nor announced.
    sent.clear()
    await store.push_outbox(first)
    assert await writer.drain_once() == 1
    assert sent == [] and await store.outbox_length() == 0
    game = await db.games.get(scope, gid)
    assert game is not None and game.players == 2


async def test_a_run_of_a_deleted_challenge_is_set_aside(store: GameStore, db: Database) -> None:
    scope, cid, gid = await made(db)
    assert await db.games.delete(scope, gid)
    await store.push_outbox(run(cid, gid, "p1", score=1).to_json())
    writer = OutboxWriter(store, db, 50, Clock(1_800_000_000_000))
    assert await writer.drain_once() == 0
    assert await store.outbox_length() == 0
    dead = [json.loads(r) for r in await store.outbox_dead()]
    assert len(dead) == 1 and dead[0]["game_id"].startswith(f"run:{gid}:")
