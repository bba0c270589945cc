"""A server stops when told to, even with background loops busy talking to Redis."""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess

from redis.asyncio import BlockingConnectionPool, Redis

from server.tasks import cancel_and_wait
from tests.conftest import TEST_REDIS_URL, new_prefix
from tests.e2e.conftest import ServerFactory
from tests.e2e.game_run import play_small_game


async def test_cancel_and_wait_ends_a_task_that_swallows_a_cancel() -> None:
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                swallowed += 1
                if swallowed > 1:
                    raise
                asyncio.current_task().uncancel()  # type: ignore[union-attr]

    task = asyncio.ensure_future(stubborn())
    await asyncio.sleep(0.02)
    done, _ = await asyncio.wait({asyncio.ensure_future(cancel_and_wait(task))}, timeout=2)
    if not task.done():  # on failure, still end it before the test ends
        task.cancel()
        await asyncio.sleep(0.05)
    assert done and swallowed == 2


async def test_cancel_and_wait_stops_loops_of_redis_calls() -> None:
    """Python 3.11's wait_for (used by redis-py) can swallow a cancel; the loops still stop."""
    pool = BlockingConnectionPool.from_url(
        TEST_REDIS_URL, decode_responses=True, max_connections=200, timeout=5, socket_timeout=5
    )
    redis = Redis(connection_pool=pool)
    key = f"{new_prefix()}:never-written"

    async def loop() -> None:
        while True:
            await redis.lrange(key, 0, 10)
            await asyncio.sleep(0.001)

    try:
        for _ in range(20):
            task = asyncio.ensure_future(loop())
            await asyncio.sleep(random.uniform(0.001, 0.01))
            stopper = asyncio.ensure_future(cancel_and_wait(task))
            done, _ = await asyncio.wait({stopper}, timeout=2)
            for _ in range(50):  # on failure, still end the loop before the test ends
                if task.done():
                    break
                task.cancel()
                await asyncio.sleep(0.02)
            assert done and task.done(), "a cancelled loop of Redis calls kept running"
    finally:
        await redis.aclose()


async def test_server_stops_promptly_on_sigterm(servers: ServerFactory) -> None:
    group = servers.start(1)
    node = group.nodes[0]
    await play_small_game(node.url)
    await asyncio.sleep(0.2)  # let the ticker and the outbox writer run a few rounds
    node.proc.send_signal(signal.SIGTERM)
    # The server's own bound is its 5 s graceful shutdown; a loaded machine (parallel workers)
    # adds seconds of its own, so the test allows 15: a node that ignores SIGTERM never stops.
    try:
        code = await asyncio.to_thread(node.proc.wait, 15)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running 15 s after SIGTERM:\n{node.log_tail()}") from None
    assert "Application shutdown complete" in node.log_tail(), node.log_tail()
    assert code in (0, -signal.SIGTERM), code
