"""The fan-out's Throttle: at most one action per interval per key, the trailing one included,
even when pokes arrive while the action runs (as bus messages do while an emit awaits)."""

from __future__ import annotations

import asyncio

from server.sockets.fanout import Throttle


async def test_pokes_during_and_after_the_action_make_one_trailing_run() -> None:
    calls: list[float] = []
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    def poke() -> None:
        throttle.poke("c1")
        task = throttle._pending.get("c1")
        if task is not None:
            tasks.add(task)

    async def action(key: str) -> None:
        calls.append(loop.time())
        if len(calls) == 1:
            poke()  # arrives while the first run is under way: the trailing run

    throttle = Throttle(0.05, action)
    poke()
    (first,) = tasks
    await first
    poke()  # after the first run ended, while the trailing one waits: nothing new
    while not all(t.done() for t in tasks):
        await asyncio.gather(*tasks)
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.04, calls
    assert throttle._pending == {}
    await throttle.close()
