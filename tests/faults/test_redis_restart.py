"""Redis restarts under a running game (a Redis the test owns, AOF with fsync on every write).

While Redis is away every request is answered, quickly, with ``ok: false`` and the code
``unavailable`` (``internal`` is tolerated) — no hang; ``/healthz`` still answers and
``/readyz`` says 503. When Redis is back (reloaded from its AOF), the same nodes, never
restarted, and the same client connections carry the game on: answers acknowledged before the
outage still count, the nodes listen again on the Socket.IO channel and the node bus within a
bound, and the game finishes with the right results.

Bounds: a request during the outage is acked within ``OUTAGE_ACK_BOUND_S`` (Redis refuses
connections at once; redis-py retries three times with a backoff of at most 0.5 s); the nodes
are subscribed again within ``RESUBSCRIBE_BOUND_S`` of Redis answering again.
"""

from __future__ import annotations

import asyncio
import signal
import time
from typing import Any

import httpx

from tests.e2e.helpers import (
    Host,
    Player,
    Screen,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
)
from tests.faults.conftest import FaultServers, wait_ready
from tests.faults.support import choice, timed_call, wait_subscribed

OUTAGE_S = 4.0  # long enough for python-socketio's listener to back off past its first retries
OUTAGE_ACK_BOUND_S = 3.0
RESUBSCRIBE_BOUND_S = 2.0
DOWN_CODES = ("unavailable", "internal")

QUESTIONS: list[dict[str, Any]] = [choice("Before the outage", 1), choice("After it", 2)]


async def test_game_survives_a_redis_restart(faults: FaultServers) -> None:
    redis = await asyncio.to_thread(faults.own_redis)
    c = await asyncio.to_thread(faults.cluster, 2, redis_url=redis.url)
    a, b = c.nodes
    game = await new_game(a.url, QUESTIONS)
    host, screen = Host(a.url), Screen(b.url)
    players = [Player(a.url), Player(a.url), Player(b.url), Player(b.url)]
    late = Player(b.url)
    try:
        await connect_all([host, screen, *players, late])
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        for i, p in enumerate(players):
            await p.join(game.pin, f"Outage {i}")
        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))
        # Two answers are acknowledged before Redis goes away.
        assert_ok(await players[0].answer(0, 1))
        assert_ok(await players[2].answer(0, 0))

        await asyncio.to_thread(redis.stop, signal.SIGTERM)
        down_at = time.monotonic()

        # Every kind of request is answered with an error, promptly.
        attempts: list[tuple[str, Any, Any]] = [
            ("answer", players[1], {"question": 0, "answer": 1}),
            ("answer", players[3], {"question": 0, "answer": 1}),
            ("next", host, {}),
            ("join", late, {"pin": game.pin, "nickname": "Too early"}),
            ("watch", screen, {"pin": game.pin}),
        ]
        for event, client, payload in attempts:
            ack, took = await timed_call(client, event, payload, timeout=OUTAGE_ACK_BOUND_S + 5)
            assert_error(ack, DOWN_CODES, f"{event} while Redis is down")
            assert took <= OUTAGE_ACK_BOUND_S, f"{event} took {took:.2f}s to fail"
        async with httpx.AsyncClient(timeout=OUTAGE_ACK_BOUND_S + 5) as http:
            assert (await http.get(f"{a.url}/healthz")).status_code == 200
            ready = await http.get(f"{b.url}/readyz")
            assert ready.status_code == 503 and ready.json()["redis"] is False, ready.text
            started = time.monotonic()
            resp = await game.account.http.post(
                "/api/games", json={"quiz_id": game.quiz_id, "settings": {}}
            )
            assert resp.status_code == 503, resp.text
            assert resp.json()["error"]["code"] == "unavailable", resp.text
            assert time.monotonic() - started <= OUTAGE_ACK_BOUND_S + 2
        assert all(p.connected for p in [host, screen, *players]), "a socket dropped"
        # Each namespace logs the outage as a line now and then, not a traceback per request.
        for node in (a, b):
            lines = [
                line
                for line in node.log_tail(200_000).splitlines()
                if "redis unavailable during" in line
            ]
            assert len(lines) <= 3, lines  # /play, /host, /screen: one each per 10 s
            ticker = [line for line in node.log_tail(200_000).splitlines() if "ticker" in line]
            assert len(ticker) <= 1, ticker  # it ticks every 100 ms, but says so once

        await asyncio.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
        await asyncio.to_thread(redis.start)  # same directory: the AOF is reloaded
        back_at = time.monotonic()
        for node in c.nodes:
            await asyncio.to_thread(wait_ready, node.url, 10.0)
        _, counts = await wait_subscribed(c.redis_url, c.prefix, 2, RESUBSCRIBE_BOUND_S + 10)
        since_back = time.monotonic() - back_at
        print(f"listening again {since_back:.2f}s after Redis came back: {counts}")
        assert all(n >= 2 for n in counts.values()), f"nodes not listening again: {counts}"
        assert since_back <= RESUBSCRIBE_BOUND_S, (
            f"the nodes listened again only {since_back:.1f}s after Redis came back"
        )

        # The same connections carry on: the answers from before the outage still count.
        assert_ok(await late.join(game.pin, "Just in time"))
        everyone = [*players, late]
        for p, value in ((players[1], 1), (players[3], 1), (late, 1)):
            assert_ok(await p.answer(0, value), "answer after Redis came back")
        reveal = (await players[0].wait_state("reveal", 0))["reveal"]
        assert reveal["answered"] == 5 and reveal["distribution"]["0"] == 1, reveal
        first = await asyncio.gather(*(p.wait_result(0) for p in everyone))
        assert [r["correct"] for r in first] == [True, True, False, True, True], first

        await host.command("next")
        await host.command("next")
        await asyncio.gather(*(p.wait_state("question", 1) for p in everyone))
        for ack in await asyncio.gather(*(p.answer(1, 2) for p in everyone)):
            assert_ok(ack)
        await screen.wait_state("reveal", 1)
        second = await asyncio.gather(*(p.wait_result(1) for p in everyone))
        await host.command("next")
        done = await host.command("next")
        assert done["state"]["phase"] == "finished", done
        await screen.wait_state("finished")

        # Nobody missed a state: no broadcast was lost around the outage.
        for client in [host, screen, *everyone]:
            seqs = [st["seq"] for st in client.states()]
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), (client.namespace, seqs)

        api = await game.account.wait_results(game.id)
        rows = {r["player_id"]: r for r in api["players"]}
        for p, r in zip(everyone, second, strict=True):
            row = rows[p.id]
            assert row["score"] == r["score"] and row["answered"] == 2, (row, r)
        assert [q["answered"] for q in api["questions"]] == [5, 5], api["questions"]
        assert [q["correct"] for q in api["questions"]] == [4, 5], api["questions"]
    finally:
        await close_all([host, screen, *players, late])
        await game.account.close()
