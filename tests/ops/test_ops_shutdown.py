"""Graceful shutdown and rolling restarts: on SIGTERM a node tells each of its clients to
reconnect elsewhere (a ``shutdown`` event, before their socket closes), stops within seconds,
and its players, host and screen carry on on another node, the game unharmed."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from tests.abuse.support import (
    DISCONNECT,
    LIMITS_OFF,
    BoundHost,
    BoundPlayer,
    BoundScreen,
    Servers,
    loopback,
    wait_exit,
)
from tests.e2e.helpers import Client, assert_ok, close_all, connect_all, new_game

QUESTIONS: list[dict[str, Any]] = [
    {"kind": "choice", "prompt": "Pick c", "choices": ["a", "b", "c"], "correct": [2],
     "time_limit_ms": 60000},
    {"kind": "true_false", "prompt": "Yes?", "correct": True, "time_limit_ms": 60000},
]  # fmt: skip


def _shutdown_then_disconnect(client: Client) -> dict[str, Any]:
    """The client's ``shutdown`` notice, which must have come before its disconnect."""
    names = [r.event for r in client.events]
    assert "shutdown" in names, f"{client.namespace}: no shutdown notice: {names[-5:]}"
    assert DISCONNECT in names, f"{client.namespace}: not disconnected: {names[-5:]}"
    assert names.index("shutdown") < names.index(DISCONNECT), names
    notice: dict[str, Any] = client.received("shutdown")[0]
    return notice


async def test_sigterm_sends_clients_elsewhere_and_the_game_goes_on(servers: Servers) -> None:
    group = servers.start(2, env=LIMITS_OFF)
    a, b = group.nodes
    game = await new_game(a.url, QUESTIONS)
    host = BoundHost(a.url, loopback(1)[0])
    screen = BoundScreen(a.url, loopback(1)[0])
    on_a = [BoundPlayer(a.url, x) for x in loopback(2)]
    on_b = [BoundPlayer(b.url, x) for x in loopback(2)]
    players = [*on_a, *on_b]
    try:
        await connect_all([host, screen, *players])
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        for i, p in enumerate(players):
            await p.join(game.pin, f"P{i}")
        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))
        assert_ok(await on_a[0].answer(0, 2))
        assert_ok(await on_b[0].answer(0, 2))

        # Node A is told to stop (as a rolling restart does).
        servers.sigterm(a)
        code = await wait_exit(a, 10)
        assert code in (0, -signal.SIGTERM), code
        assert "Application shutdown complete" in a.log_tail(), a.log_tail()
        for client in (host, screen, *on_a):
            for _ in range(100):
                if client.disconnects:
                    break
                await asyncio.sleep(0.05)
            notice = _shutdown_then_disconnect(client)
            assert notice["reason"] == "server_shutdown" and notice["message"], notice
        for p in on_b:
            assert "shutdown" not in {r.event for r in p.events} and p.connected

        # They come back on node B: the players resume, the host and the screen reattach.
        before = {p.id: p.token for p in on_a}
        for client in (host, screen, *on_a):
            client.url = b.url
            await client.connect()
        for p in on_a:
            ack = await p.resume(game.pin, before[p.id])
            assert ack["player"]["id"] in before and ack["state"]["phase"] == "question"
        assert on_a[0].join_ack is not None and on_a[0].join_ack["state"]["me"]["answered"]
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)

        assert_ok(await on_a[1].answer(0, 0))
        assert_ok(await on_b[1].answer(0, 2))
        await asyncio.gather(*(p.wait_state("reveal", 0) for p in players))
        results = await asyncio.gather(*(p.wait_result(0) for p in players))
        assert [r["correct"] for r in results] == [True, False, True, True], results
        await host.command("next")
        await host.command("next")
        await asyncio.gather(*(p.wait_state("question", 1) for p in players))
        for p in players:
            assert_ok(await p.answer(1, True))
        await screen.wait_state("reveal", 1)
        await host.command("next")
        await host.command("next")
        await screen.wait_state("finished")
    finally:
        await close_all([host, screen, *players])
    game.account.http.base_url = b.url  # the host's pages, too, now reach node B
    final = await game.account.wait_results(game.id)
    rows = {r["nickname"]: r for r in final["players"]}
    assert {n: (r["answered"], r["correct"]) for n, r in rows.items()} == {
        "P0": (2, 2),
        "P1": (2, 1),
        "P2": (2, 2),
        "P3": (2, 2),
    }, rows

    # The restarted node joins again and serves new games.
    fresh = servers.add_node(group, LIMITS_OFF)
    late = BoundPlayer(fresh.url, loopback(1)[0])
    other = await new_game(fresh.url, QUESTIONS)
    try:
        await late.connect()
        await late.join(other.pin, "After the restart")
    finally:
        await close_all([late])
        await other.account.close()
        await game.account.close()
