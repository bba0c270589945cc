"""A node dies (SIGKILL) mid-question; the surviving node finds out by itself (server/nodes.py).

Players on both nodes; those on the survivor have all answered, the dead node's have not all.
Before the kill the question waits for the dead node's players. Once the survivor has reaped
the dead node (its heartbeat ran out: at most ``NODE_TTL_MS`` after the kill, plus a check
every ``CHECK_MS``), they no longer count as connected: the host's progress total drops to the
players still connected, the roster shows the dead node's players disconnected, and the
question closes long before its deadline (60 s; asserted: reveal within ``REAP_BOUND_MS`` of the
kill, generous for a loaded machine). A player of the dead node that resumed on the survivor
right after the kill, before the reap, keeps counting (tests/store/test_store_nodes.py and
tests/server/test_nodes.py look at that race closely).
"""

from __future__ import annotations

import asyncio
from typing import Any

from server.nodes import CHECK_MS, NODE_TTL_MS
from tests.e2e.helpers import (
    Host,
    Player,
    Screen,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    now_ms,
)
from tests.faults.conftest import FaultServers
from tests.faults.support import choice, kill, reveal_record

LIMIT_MS = 60_000
REAP_BOUND_MS = 15_000
assert NODE_TTL_MS + CHECK_MS < REAP_BOUND_MS / 2  # the bound leaves room for a loaded machine

QUESTIONS: list[dict[str, Any]] = [choice("Asked while a node dies", 1, LIMIT_MS)]


async def test_a_killed_nodes_players_stop_holding_up_the_question(faults: FaultServers) -> None:
    c = await asyncio.to_thread(faults.cluster, 2)
    a, b = c.nodes
    game = await new_game(b.url, QUESTIONS)
    host, screen = Host(b.url), Screen(b.url)
    on_a = [Player(a.url) for _ in range(3)]
    on_b = [Player(b.url) for _ in range(3)]
    moved = Player(b.url)
    try:
        await connect_all([host, screen, *on_a, *on_b])
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        for i, p in enumerate([*on_a, *on_b]):
            await p.join(game.pin, f"Live {i}")
        opened = await host.command("start")
        deadline = opened["state"]["question"]["deadline_ms"]
        await asyncio.gather(*(p.wait_state("question", 0) for p in [*on_a, *on_b]))
        for p in on_b:
            assert_ok(await p.answer(0, 1))
        # On A two answer (one of them will move to B), the third never does.
        assert_ok(await on_a[0].answer(0, 1))
        assert_ok(await on_a[1].answer(0, 0))
        await host.wait_for("progress", lambda p: (p["answered"], p["total"]) == (5, 6), 5)

        await kill(faults, a)
        killed = now_ms()
        since = len(host.events)
        await moved.connect()
        ack = await moved.resume(game.pin, on_a[1].token)
        assert ack["state"]["phase"] == "question" and ack["state"]["me"]["answered"], ack

        watchers = [host, screen, *on_b, moved]
        records = await asyncio.gather(
            *(reveal_record(w, 0, timeout=REAP_BOUND_MS / 1000 + 5) for w in watchers)
        )
        late = max(r.at_ms for r in records) - killed
        print(f"reveal {late} ms after the kill, {deadline - now_ms()} ms before the deadline")
        for w, rec in zip(watchers, records, strict=True):
            reveal = rec.data["reveal"]
            assert reveal["closed_ms"] < deadline - 30_000, (w.namespace, reveal, deadline)
            assert rec.at_ms - killed <= REAP_BOUND_MS, f"{w.namespace}: reveal {late} ms late"
            assert reveal["answered"] == 5, reveal

        # The host's total drops from 6: the one of A's players who never answered is gone
        # (B's three, the one that moved and the one that answered before the kill remain:
        # never more answered than the total); the roster shows two of A's players gone.
        progress = await host.wait_for(
            "progress", lambda p: p["question"] == 0 and p["total"] == 5, 5, since=since
        )
        assert progress["answered"] == 5, progress
        gone = {on_a[0].id, on_a[2].id}

        def settled(r: dict[str, Any]) -> bool:
            connected = {p["id"]: p["connected"] for p in r["players"]}
            return len(connected) == 6 and {k for k, v in connected.items() if not v} == gone

        await host.wait_for("roster", settled, 5, since=since)
        results = await asyncio.gather(*(p.wait_result(0) for p in [*on_b, moved]))
        assert [r["correct"] for r in results] == [True, True, True, False], results

        await host.command("next")
        done = await host.command("next")
        assert done["state"]["phase"] == "finished", done
        api = await game.account.wait_results(game.id)
        assert api["questions"][0]["answered"] == 5, api["questions"]
    finally:
        await close_all([host, screen, *on_a, *on_b, moved])
        await game.account.close()
