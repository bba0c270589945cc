"""A whole classic game through the room runtime, in process (see conftest.py)."""

from __future__ import annotations

import pytest

from games.errors import RuleViolation
from server.db.records import GameResults
from server.sockets.messages import Answer, Kick
from tests.server.inproc import LIMIT_MS, Cluster


async def test_a_game_runs_from_lobby_to_results_in_the_outbox(cluster: Cluster) -> None:
    node = cluster.node()
    gid, pin = await cluster.game(node, questions=2)
    _, ann, _, joined = await node.join(pin, "Ann")
    _, bea, _, _ = await node.join(pin, "Bea")
    assert joined["state"]["phase"] == "lobby" and joined["state"]["me"]["score"] == 0

    started = await node.live.host.command(gid, "start")
    assert started["state"]["phase"] == "question"
    assert await node.answer(gid, ann, 0) == {"ok": True}
    assert await node.answer(gid, bea, 1) == {"ok": True}
    await node.live.drain()  # everyone answered: the question closes in the background
    state = await node.live.current_state(gid)
    assert state["phase"] == "reveal" and state["reveal"]["answered"] == 2
    assert {"t": "reveal", "g": gid, "q": 0} in node.fanout.bus

    assert (await node.live.host.command(gid, "next"))["state"]["phase"] == "scoreboard"
    assert (await node.live.host.command(gid, "next"))["state"]["phase"] == "question"
    with pytest.raises(RuleViolation) as wrong:
        await node.live.answer(gid, ann, Answer(0, 0))
    assert wrong.value.code == "wrong_question"
    assert await node.live.answer(gid, ann, Answer(1, 0)) == {"ok": True}

    # Bea never answers: the deadline closes the question (the timers' path).
    cluster.clock.now += LIMIT_MS + 1
    await node.live.on_timer(gid, cluster.clock.now + 5000)
    assert (await node.live.current_state(gid))["phase"] == "reveal"
    await node.live.host.command(gid, "next")
    finished = (await node.live.host.command(gid, "next"))["state"]
    assert finished["phase"] == "finished"
    assert [row["nickname"] for row in finished["leaderboard"]] == ["Ann", "Bea"]

    entries = await cluster.store.outbox_entries(10)
    results = GameResults.from_json(entries[0])
    assert results.game_id == gid and len(results.answers) == 3


async def test_the_host_removes_a_player_who_then_cannot_answer(cluster: Cluster) -> None:
    node = cluster.node()
    gid, pin = await cluster.game(node)
    _, ann, _, _ = await node.join(pin, "Ann")
    await node.join(pin, "Bea")
    kicked = await node.live.host.kick(gid, Kick((ann,), ban=True))
    assert kicked["kicked"] == 1 and (await node.live.roster(gid))["count"] == 1
    assert {"t": "kick", "g": gid, "p": ann, "reason": "banned by the host"} in node.fanout.bus
    await node.live.host.command(gid, "start")
    with pytest.raises(RuleViolation) as refused:
        await node.answer(gid, ann)
    assert refused.value.code == "not_joined"
