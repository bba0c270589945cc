"""A transition's State goes out at least once: a node that dies while publishing it (during
the emit, or after the emit but before marking it published) leaves it to the watchdog, and
another node's ticker publishes it again."""

from __future__ import annotations

from typing import Any

import pytest

from server.rooms.runtime import WATCHDOG_MS
from server.store.redis_store import GameStore
from server.timers import Ticker
from tests.server.inproc import Cluster, RecordingFanout


class NodeDied(Exception):
    """Raised where the test's node dies."""


class DiesEmitting(RecordingFanout):
    async def state(self, gid: str, state: dict[str, Any], play: dict[str, Any]) -> None:
        raise NodeDied


class DiesBeforeTheMark(GameStore):
    async def mark_published(self, gid: str, seq: int) -> bool:
        raise NodeDied


@pytest.mark.parametrize("death", ["while_emitting", "before_the_mark"])
async def test_the_watchdog_publishes_a_state_a_dead_node_did_not_mark(
    cluster: Cluster, death: str
) -> None:
    store = cluster.store
    dying_store = DiesBeforeTheMark(store.redis, store.keys) if death == "before_the_mark" else None
    a = cluster.node(store=dying_store)
    if death == "while_emitting":
        a.fanout = DiesEmitting()
        a.live.fanout = a.fanout
    b = cluster.node()
    gid, pin = await cluster.game(b)
    await b.join(pin, "Solo")

    started = cluster.clock.now
    with pytest.raises(NodeDied):
        await a.live.host.command(gid, "start")
    meta = await store.redis.hgetall(store.keys.meta(gid))
    assert (meta["phase"], meta["seq"], meta["rendered_seq"], meta["published_seq"]) == (
        "question",
        "2",
        "2",
        "1",
    )
    emitted_by_a = [s["seq"] for s in a.fanout.states]
    assert emitted_by_a == ([2] if death == "before_the_mark" else []), emitted_by_a
    watchdog = await store.timer_of(gid)
    assert watchdog is not None and started + WATCHDOG_MS <= watchdog < started + WATCHDOG_MS + 1000

    ticker = Ticker(b.live, 100)
    cluster.clock.now = watchdog - 1
    assert await ticker.tick() == 0
    cluster.clock.now = watchdog
    assert await ticker.tick() == 1
    published = [s for s in b.fanout.states if s["seq"] == 2]
    assert len(published) == 1 and published[0]["phase"] == "question", b.fanout.states
    assert published[0] == await b.live.current_state(gid)
    assert (await store.redis.hgetall(store.keys.meta(gid)))["published_seq"] == "2"
    deadline = int((await store.redis.hgetall(store.keys.meta(gid)))["deadline_ms"])
    assert await store.timer_of(gid) == deadline, "back to the question's own deadline"
    # Published: the next timer (the deadline) does not send it again.
    cluster.clock.now = deadline
    assert await ticker.tick() == 1
    assert [s["seq"] for s in b.fanout.states] == [2, 3]
