"""Opening a challenge: its Redis game (own PIN, mode "challenge", closing timer, lifetime to
closes_ms + the finished TTL), recorded in the ledger first, and the mode dispatch."""

from __future__ import annotations

import json

import pytest

from games.errors import RuleViolation
from server.modes.challenge.mode import ChallengeMode
from server.modes.classic.mode import ClassicMode
from tests.runtime.challenge_support import HOUR_MS, opening
from tests.runtime.test_runtime_creation import Ledger
from tests.server.inproc import Cluster


async def test_open_writes_the_game_with_its_pin_timer_and_lifetime(cluster: Cluster) -> None:
    node = cluster.node()
    ledger = Ledger(cluster.store)
    now = cluster.clock.now
    created = await node.live.challenges.open(opening(now, closes_in_ms=48 * HOUR_MS), ledger)
    gid = created.id
    assert ledger.rows == {gid: created.pin}
    assert await cluster.store.game_for_pin(created.pin) == gid
    assert created.join_url.endswith(f"/join/{created.pin}")
    # Its closing timer is the game's, at closes_ms.
    assert await cluster.store.timer_of(gid) == now + 48 * HOUR_MS
    ttl = await cluster.redis.ttl(cluster.store.keys.meta(gid))
    expected = 48 * 3600 + cluster.settings.finished_ttl_s
    assert expected - 60 <= ttl <= expected
    doc = json.loads(await cluster.store.quiz_json(gid) or "{}")
    assert doc["mode"] == "challenge" and doc["mode_doc"]["challenge_id"] == "c_1"
    # A node that did not open it loads it as a challenge.
    other = cluster.node()
    game = await other.live.load(gid)
    assert isinstance(other.live.mode_of(game), ChallengeMode)
    state = await other.live.current_state(gid, play=True)
    assert state["mode"] == "challenge" and state["phase"] == "open"
    assert state["count"] == 3 and state["attempts"] == 1
    assert "correct" not in json.dumps(state)


async def test_a_live_game_stays_classic(cluster: Cluster) -> None:
    node = cluster.node()
    gid, _ = await cluster.game(node)
    assert isinstance(node.live.mode_of(await node.live.load(gid)), ClassicMode)


async def test_a_bad_opening_writes_nothing(cluster: Cluster) -> None:
    node = cluster.node()
    ledger = Ledger(cluster.store)
    with pytest.raises(RuleViolation) as err:
        await node.live.challenges.open(opening(cluster.clock.now, attempts=6), ledger)
    assert err.value.code == "invalid" and ledger.rows == {}
    assert await cluster.redis.keys(f"{cluster.store.keys.prefix}:*") == []


async def test_a_failing_ledger_leaves_no_game(cluster: Cluster) -> None:
    node = cluster.node()
    with pytest.raises(ConnectionError):
        await node.live.challenges.open(
            opening(cluster.clock.now), Ledger(cluster.store, fail=True)
        )
    assert await cluster.redis.keys(f"{cluster.store.keys.prefix}:*") == []
