"""The store's node liveness (server/nodes.py) and publication mark, against a real Redis and the
embedded fakeredis alike: heartbeats, the claim of a dead node, forgetting only the connections
that still name it, recording a node's connections again, and ``published_seq``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import fakeredis
import pytest
from redis.asyncio import Redis

from server.store.keys import Keys
from server.store.redis_store import GameStore
from server.store.replies import JoinReply, ResumeReply
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

GID = "game1"
OTHER = "game2"


@pytest.fixture(params=["redis", "fakeredis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[GameStore]:
    prefix = new_prefix()
    client: Redis
    if request.param == "redis":
        client = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    else:
        client = fakeredis.FakeAsyncRedis(decode_responses=True)
    s = GameStore(client, Keys(prefix))
    for gid in (GID, OTHER):
        await client.hset(
            s.keys.meta(gid), mapping={"phase": "lobby", "seq": 1, "qindex": -1, "locked": 0}
        )
    yield s
    await delete_prefix(client, prefix)
    await client.aclose()


async def join(s: GameStore, node: str, pid: str, gid: str = GID, now: int = 1000) -> JoinReply:
    return await s.join(
        node,
        now,
        gid,
        pid=pid,
        nick_key=pid,
        player_json=json.dumps({"id": pid, "nickname": pid}),
        token_hash=f"th-{pid}",
        conn=f"{node}|sid-{pid}",
        late_join=True,
        max_players=0,
    )


async def test_join_and_resume_record_the_node_and_note_the_game(store: GameStore) -> None:
    assert (await join(store, "A", "p1")).code == "ok"
    assert (await join(store, "A", "p2", gid=OTHER, now=1500)).code == "ok"
    assert await store.resume("B", 2000, GID, "th-p1", "B|s9") == ResumeReply("ok", "p1")
    assert await store.resume("B", 2000, GID, "th-nobody", "B|s8") == ResumeReply("invalid")
    assert await store.conns(GID) == {"p1": "B|s9"}
    assert await store.node_games("A") == [GID, OTHER]
    assert await store.node_games("B") == [GID]
    # A refused join still notes the game (harmless: reaping it finds nothing of the node).
    assert await join(store, "C", "p1") == JoinReply("nickname_taken")
    assert await store.node_games("C") == [GID]


async def test_disconnect_matches_the_sid_whatever_the_node(store: GameStore) -> None:
    await join(store, "A", "p1")
    await join(store, "A", "p2")
    assert not await store.disconnect(GID, "p1", "sid-p2")
    assert not await store.disconnect(GID, "p1", "A|sid-p1")  # a sid, not a recorded value
    assert await store.disconnect(GID, "p1", "sid-p1")
    await store.redis.hset(store.keys.conn(GID), "p2", "sid-old")  # a bare sid (older format)
    assert await store.disconnect(GID, "p2", "sid-old")
    assert await store.conns(GID) == {}


async def test_reap_forgets_only_connections_that_still_name_the_dead_node(
    store: GameStore,
) -> None:
    for pid in ("p1", "p2", "p3"):
        await join(store, "A", pid)
    await join(store, "B", "p4")
    await join(store, "AA", "p5")  # a node whose id starts like the dead one's
    # p1 resumed on B before the reap: it keeps its new connection.
    assert await store.resume("B", 2000, GID, "th-p1", "B|new") == ResumeReply("ok", "p1")
    assert await store.reap_conns(GID, "A") == 2
    assert await store.conns(GID) == {"p1": "B|new", "p4": "B|sid-p4", "p5": "AA|sid-p5"}
    assert await store.reap_conns(GID, "A") == 0  # again (another reaper): nothing more
    assert await store.player_count(GID) == 5  # they are still players, only not connected


async def test_heartbeat_claim_and_release(store: GameStore) -> None:
    assert await store.node_beat("A", 6000, [])
    assert not await store.node_beat("A", 6000, []), "a new id must be free"
    assert await store.node_beat("B", 6000, [])
    assert not await store.node_beat("A", 8000, [5000]), "not what A's last beat left"
    assert await store.node_beat("A", 8000, [1, 6000])
    assert await store.node_until("A") == 8000
    assert await store.claim_dead_nodes(5999, 20_000) == []
    # B ran out at 6000; A at 8000. Exactly one caller gets each.
    claims = await asyncio.gather(
        store.claim_dead_nodes(7000, 20_000), store.claim_dead_nodes(7000, 21_000)
    )
    assert sorted(claims) == [[], ["B"]], claims
    assert await store.node_until("B") in (20_000, 21_000)
    # B comes back to life: its entry is a reaper's now, so it must take a new id.
    assert not await store.node_beat("B", 13_000, [6000])
    lease = int(await store.node_until("B") or 0)
    await join(store, "B", "p1")
    assert await store.node_games("B") == [GID]
    assert not await store.forget_node("B", lease + 1), "the lease is not this caller's"
    assert await store.node_until("B") == lease
    assert await store.forget_node("B", lease)
    assert await store.node_until("B") is None and await store.node_games("B") == []
    # A reaper that dies holding the lease: another claims the node once the lease runs out.
    assert await store.claim_dead_nodes(9000, 30_000) == ["A"]
    assert await store.claim_dead_nodes(29_999, 40_000) == []
    assert await store.claim_dead_nodes(30_000, 40_000) == ["A"]


async def test_noting_games_refreshes_and_forgets_old_ones(store: GameStore) -> None:
    await join(store, "A", "p1", now=1000)
    await join(store, "A", "p2", gid=OTHER, now=1000)
    await store.note_node_games("A", [GID], 50_000, 10_000, 3600)
    assert await store.node_games("A") == [GID]  # OTHER: not held since 1000, dropped
    assert 0 < await store.redis.ttl(store.keys.node_games("A")) <= 3600
    await store.note_node_games("A", [], 70_000, 10_000, 3600)
    assert await store.node_games("A") == []


async def test_restore_records_a_nodes_connections_again(store: GameStore) -> None:
    for pid in ("p1", "p2", "p3", "p4"):
        await join(store, "A", pid)
    assert await store.reap_conns(GID, "A") == 4
    await store.resume("C", 2000, GID, "th-p3", "C|sid-p3b")  # p3 moved to C
    await store.kick(GID, "p4", ban=False, nick_key="p4", token_hash="th-p4")
    await store.redis.hset(store.keys.conn(GID), "p2", "A|sid-p2")  # not reaped yet
    conns = [("p1", "sid-p1"), ("p2", "sid-p2"), ("p3", "sid-p3"), ("p4", "sid-p4")]
    assert await store.restore_conns(GID, "N", conns) == 1  # p1 was missing
    assert await store.conns(GID) == {"p1": "N|sid-p1", "p2": "N|sid-p2", "p3": "C|sid-p3b"}
    assert await store.reap_conns(GID, "A") == 0, "a late reaper of A must not undo it"
    assert await store.restore_conns(GID, "N", conns) == 0


async def test_published_seq_only_moves_forward(store: GameStore) -> None:
    assert await store.mark_published(GID, 3)
    assert not await store.mark_published(GID, 2)
    assert not await store.mark_published(GID, 3)
    meta = await store.meta(GID)
    assert meta is not None and meta.published_seq == 3
    assert not await store.mark_published("no-such-game", 1)
    assert not await store.redis.exists(store.keys.meta("no-such-game"))
