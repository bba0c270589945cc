"""Node liveness (server/nodes.py) with two nodes in one process on a real Redis and a hand-moved
clock: a node that stops beating is reaped by the other, its players stop counting as connected
and an open question they were holding up closes; a player that resumed elsewhere first keeps
its connection; a node taken for dead comes back under a new id; nobody reaps before beating
for a while, nor right after a pause of its own."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from server.nodes import BEAT_MS, CHECK_MS, NODE_TTL_MS, STALL_MS
from server.store.redis_store import GameStore
from tests.server.inproc import Cluster, Node


async def run(cluster: Cluster, nodes: list[Node], ms: int) -> int:
    """Move the clock by `ms` in ``CHECK_MS`` steps, each node stepping as its loop would;
    returns how many nodes were reaped."""
    reaped = 0
    for _ in range(ms // CHECK_MS):
        cluster.clock.now += CHECK_MS
        for node in nodes:
            reaped += await node.liveness.step()
    return reaped


async def test_a_dead_nodes_players_stop_counting_and_the_question_closes(
    cluster: Cluster,
) -> None:
    a, b = cluster.node(), cluster.node()
    for node in (a, b):
        await node.liveness.step()
    gid, pin = await cluster.game(b)
    on_a = [await a.join(pin, f"A{i}") for i in range(3)]
    on_b = [await b.join(pin, f"B{i}") for i in range(2)]
    await b.live.host.command(gid, "start")
    for _, pid, _, _ in on_b:
        assert (await b.answer(gid, pid))["ok"]
    assert (await a.answer(gid, on_a[0][1]))["ok"]
    assert await cluster.store.connected_count(gid) == 5
    assert await cluster.store.node_games(a.live.node_id) == [gid]

    # A dies: it beats no more. B reaps it once A's heartbeat ran out, not before.
    dead = a.live.node_id
    b.fanout.progress.clear()
    assert await run(cluster, [b], NODE_TTL_MS - BEAT_MS) == 0
    assert await cluster.store.connected_count(gid) == 5
    assert await run(cluster, [b], BEAT_MS + CHECK_MS) == 1
    await b.live.drain()
    assert await cluster.store.conns(gid) == {
        pid: f"{b.live.node_id}|{sid}" for _, pid, sid, _ in on_b
    }
    assert gid in b.fanout.rosters and (gid, 0) in b.fanout.progress
    meta = await cluster.store.redis.hgetall(cluster.store.keys.meta(gid))
    assert meta["phase"] == "reveal", "everyone still connected answered: it should close"
    assert int(meta["closed_ms"]) < int(meta["deadline_ms"])
    reveal = b.fanout.states[-1]
    assert reveal["phase"] == "reveal" and reveal["reveal"]["answered"] == 3, reveal
    assert await cluster.store.node_until(dead) is None
    assert await cluster.store.node_games(dead) == []
    roster = await b.live.roster(gid)
    assert sum(p["connected"] for p in roster["players"]) == 2 and roster["count"] == 5


async def test_a_player_that_resumed_elsewhere_first_stays_connected(cluster: Cluster) -> None:
    a, b = cluster.node(), cluster.node()
    for node in (a, b):
        await node.liveness.step()
    gid, pin = await cluster.game(b)
    _, moved, _, ack = await a.join(pin, "Moves")
    await a.join(pin, "Lost")
    _, stays, _, _ = await b.join(pin, "Stays")
    await b.live.host.command(gid, "start")
    assert (await b.answer(gid, stays))["ok"]

    # A dies; before B reaps it, A's first player resumes on B.
    _, pid, sid = await b.resume(pin, ack["token"])
    assert pid == moved
    await run(cluster, [b], NODE_TTL_MS + BEAT_MS)
    await b.live.drain()
    assert await cluster.store.conns(gid) == {
        moved: f"{b.live.node_id}|{sid}",
        stays: next(
            f"{b.live.node_id}|{s}" for s, (_, p) in b.players.by_sid.items() if p == stays
        ),
    }
    assert (await cluster.store.redis.hgetall(cluster.store.keys.meta(gid)))[
        "phase"
    ] == "question", "the one that moved has not answered"
    assert (await b.answer(gid, moved))["ok"]
    await b.live.drain()
    assert (await cluster.store.redis.hgetall(cluster.store.keys.meta(gid)))["phase"] == "reveal"


async def test_a_node_taken_for_dead_carries_on_under_a_new_id(cluster: Cluster) -> None:
    a, b = cluster.node(), cluster.node()
    for node in (a, b):
        await node.liveness.step()
    gid, pin = await cluster.game(b)
    on_a = [await a.join(pin, f"A{i}") for i in range(2)]
    _, stays, _, _ = await b.join(pin, "Stays")
    await b.live.host.command(gid, "start")

    # A is paused for longer than its heartbeat lasts; B takes it for dead and reaps it.
    old = a.live.node_id
    assert await run(cluster, [b], NODE_TTL_MS + 2 * CHECK_MS) == 1
    await b.live.drain()
    assert await cluster.store.connected_count(gid) == 1
    assert (await cluster.store.redis.hgetall(cluster.store.keys.meta(gid)))[
        "phase"
    ] == "question", "nobody answered"

    # A wakes up: its next beat finds its entry gone, so it takes a new id and records the
    # connections it still holds again; its host and screens get the new figures.
    a.fanout.progress.clear()
    await a.liveness.step()
    new = a.live.node_id
    assert new != old
    assert await cluster.store.conns(gid) == {
        **{pid: f"{new}|{sid}" for _, pid, sid, _ in on_a},
        stays: f"{b.live.node_id}|{b.players.by_game[gid][stays]}",
    }
    assert (gid, 0) in a.fanout.progress and gid in a.fanout.rosters
    assert await cluster.store.node_games(new) == [gid]
    assert await cluster.store.node_until(new) == cluster.clock.now + NODE_TTL_MS
    # Its players play on, and disconnect as usual.
    assert (await a.answer(gid, on_a[0][1]))["ok"]
    await a.live.disconnect(gid, on_a[1][1], on_a[1][2])
    assert await cluster.store.connected_count(gid) == 2
    # Both nodes beat on; nobody is reaped again.
    assert await run(cluster, [a, b], 3 * NODE_TTL_MS) == 0
    assert await cluster.store.connected_count(gid) == 2


async def test_no_reaping_before_beating_for_a_while_nor_right_after_a_pause(
    cluster: Cluster,
) -> None:
    b = cluster.node()
    store = cluster.store
    now = cluster.clock.now
    assert await store.node_beat("ghost1", now - 1, [])  # a node that ran out long ago

    await b.liveness.step()  # B's first beat
    assert await run(cluster, [b], NODE_TTL_MS - CHECK_MS) == 0
    assert await store.node_until("ghost1") == now - 1
    assert await run(cluster, [b], CHECK_MS) == 1
    assert await store.node_until("ghost1") is None

    # B is paused (its loop did not run) for longer than a beat's gap; meanwhile a node runs out.
    cluster.clock.now += STALL_MS + CHECK_MS
    assert await store.node_beat("ghost2", cluster.clock.now - 1, [])
    assert await b.liveness.step() == 0, "paused: the others may have been paused too"
    assert await run(cluster, [b], NODE_TTL_MS - CHECK_MS) == 0
    assert await run(cluster, [b], CHECK_MS) == 1
    assert await store.node_until("ghost2") is None


class RestoreFailsOnce(GameStore):
    failed = False

    async def restore_conns(self, gid: str, node: str, conns: Sequence[tuple[str, str]]) -> int:
        if not self.failed:
            self.failed = True
            raise ConnectionError("Redis went away")
        return await super().restore_conns(gid, node, conns)


async def test_recording_the_connections_again_is_retried_until_it_works(
    cluster: Cluster,
) -> None:
    store = RestoreFailsOnce(cluster.store.redis, cluster.store.keys)
    a, b = cluster.node(store=store), cluster.node()
    for node in (a, b):
        await node.liveness.step()
    gid, pin = await cluster.game(b)
    _, pid, sid, _ = await a.join(pin, "Paused")
    assert await run(cluster, [b], NODE_TTL_MS + CHECK_MS) == 1
    assert await cluster.store.conns(gid) == {}

    with pytest.raises(ConnectionError):
        await a.liveness.step()
    assert await cluster.store.conns(gid) == {}
    cluster.clock.now += BEAT_MS
    await a.liveness.step()
    assert await cluster.store.conns(gid) == {pid: f"{a.live.node_id}|{sid}"}
