"""Every node stops mid-question (SIGTERM, or SIGKILL) and new nodes carry the game on from Redis.

After the restart the players resume with their tokens on the new nodes (same ids, the scores
and streaks of the last reveal, their acknowledged answers kept), the host re-attaches, and:
- SIGTERM, deadline still ahead: the question is still open — a graceful shutdown is not the
  players leaving, so it must not close the question early — and closes once everyone has
  answered;
- SIGKILL, deadline passed while no node ran: the first new node's timer closes it as soon as
  it is up (asserted: ``closed_ms`` at or after the deadline and within ``TIMER_BOUND_MS`` of
  the new nodes answering ``/healthz``).
The game then finishes and the results API holds every acknowledged answer.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import pytest

from tests.e2e.helpers import Host, Player, Screen, assert_ok, close_all, connect_all, new_game
from tests.e2e.helpers import now_ms as local_ms
from tests.faults.conftest import FaultServers
from tests.faults.support import choice, kill_all, sleep_until

TIMER_BOUND_MS = 1500  # a ticker runs at start-up, then every 100 ms; the rest is slack


def questions(limit_ms: int) -> list[dict[str, Any]]:
    return [choice("Before the restart", 1), choice("Across the restart", 2, limit_ms)]


@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
async def test_all_nodes_restart_mid_question(faults: FaultServers, how: str) -> None:
    graceful = how == "sigterm"
    limit_ms = 20000 if graceful else 5000
    c = await asyncio.to_thread(faults.cluster, 2)
    old_nodes = list(c.nodes)
    a, b = old_nodes
    game = await new_game(a.url, questions(limit_ms))
    host, screen = Host(a.url), Screen(b.url)
    players = [Player(a.url if i % 2 else b.url) for i in range(6)]
    later: list[Any] = []
    try:
        await connect_all([host, screen, *players])
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        await asyncio.gather(*(p.join(game.pin, f"Restart {i}") for i, p in enumerate(players)))
        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))
        for ack in await asyncio.gather(*(p.answer(0, 1) for p in players)):
            assert_ok(ack)
        first = list(await asyncio.gather(*(p.wait_result(0) for p in players)))
        await host.command("next")
        opened = await host.command("next")
        deadline = opened["state"]["question"]["deadline_ms"]
        await asyncio.gather(*(p.wait_state("question", 1) for p in players))
        # Half answer before the restart (two right, one wrong), acknowledged.
        values = [2, 0, 2, 2, 0, 2]
        for p, v in zip(players[:3], values[:3], strict=True):
            assert_ok(await p.answer(1, v))

        await kill_all(faults, old_nodes, signal.SIGTERM if graceful else signal.SIGKILL)
        if not graceful:
            await sleep_until(deadline + 300)  # the deadline passes while no node runs
        new_nodes = await asyncio.to_thread(faults.add_nodes, c, 2)
        up_ms = local_ms()
        urls = [n.url for n in new_nodes]
        game.account.http.base_url = urls[0]  # the host's browser moves to a new node too

        moved = [Player(urls[i % 2]) for i in range(len(players))]
        new_host, new_screen = Host(urls[0]), Screen(urls[1])
        later = [*moved, new_host, new_screen]
        await connect_all(later)
        attach = await new_host.attach(game.id, game.host_key)
        await new_screen.watch(game.pin)
        for i, (old, new) in enumerate(zip(players, moved, strict=True)):
            ack = await new.resume(game.pin, old.token)
            assert ack["player"]["id"] == old.id, ack
            state, me = ack["state"], ack["state"]["me"]
            assert me["answered"] is (i < 3), (i, me)
            if graceful:
                assert state["phase"] == "question" and state["question"]["index"] == 1, (
                    f"the shutdown closed the open question: {state['phase']}"
                )
                assert (me["score"], me["streak"]) == (first[i]["score"], first[i]["streak"]), (
                    me,
                    first[i],
                )
            else:
                assert state["phase"] == "reveal" and state["question"]["index"] == 1, state
                gained = 0
                if i < 3 and values[i] == 2:
                    gained = me["score"] - first[i]["score"]
                    assert gained > 0 and me["streak"] == 2, (me, first[i])
                assert me["score"] == first[i]["score"] + gained, (me, first[i])
        if graceful:
            assert attach["state"]["phase"] == "question", attach
            assert attach["roster"]["count"] == 6, attach
            for p, v in zip(moved[3:], values[3:], strict=True):
                assert_ok(await p.answer(1, v), "answer after the restart")
            reveal = (await new_screen.wait_state("reveal", 1))["reveal"]
            assert reveal["closed_ms"] < deadline, "should close early: everyone answered"
        else:
            reveal = attach["state"]["reveal"]
            assert deadline <= reveal["closed_ms"] <= up_ms + TIMER_BOUND_MS, (
                f"closed {reveal['closed_ms'] - deadline} ms after the deadline, "
                f"{reveal['closed_ms'] - up_ms} ms after the new nodes were up"
            )
        answered = 6 if graceful else 3
        assert reveal["answered"] == answered, reveal
        assert reveal["distribution"] == {
            "0": values[:answered].count(0),
            "1": 0,
            "2": values[:answered].count(2),
            "3": 0,
        }, reveal

        await new_host.command("next")
        done = await new_host.command("next")
        assert done["state"]["phase"] == "finished", done
        await asyncio.gather(*(p.wait_state("finished") for p in moved))

        api = await game.account.wait_results(game.id)
        rows = {r["player_id"]: r for r in api["players"]}
        assert set(rows) == {p.id for p in players}, rows
        for i, p in enumerate(players):
            row = rows[p.id]
            answered_q1 = i < answered
            right_q1 = answered_q1 and values[i] == 2
            assert row["answered"] == 1 + answered_q1, (i, row)
            assert row["correct"] == 1 + right_q1, (i, row)
            assert (row["score"] > first[i]["score"]) is right_q1, (i, row, first[i])
        final = {e["player_id"]: e["score"] for e in done["state"]["leaderboard"]}
        for pid, score in final.items():
            assert rows[pid]["score"] == score, (rows[pid], score)
        assert [q["answered"] for q in api["questions"]] == [6, answered], api["questions"]
    finally:
        await close_all([host, screen, *players, *later])
        await game.account.close()
