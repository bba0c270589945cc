"""Helpers shared by the fault tests (the clients themselves come from tests/e2e/helpers.py)."""

# The waits take a `timeout` in seconds, like python-socketio's own `call`.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import signal
import statistics
import time
from typing import Any

from redis.asyncio import Redis

from tests.e2e.conftest import Node
from tests.e2e.helpers import Player, Received, now_ms
from tests.faults.conftest import FaultServers

TICK_MS = 100  # HUDDLE_TICK_MS of the fault clusters (the default)


def choice(prompt: str, correct: int, limit_ms: int = 30000, n: int = 4) -> dict[str, Any]:
    return {
        "kind": "choice",
        "prompt": prompt,
        "choices": [f"choice {i}" for i in range(n)],
        "correct": [correct],
        "time_limit_ms": limit_ms,
    }


async def kill(faults: FaultServers, node: Node, sig: int = signal.SIGKILL) -> None:
    """Signal a node and wait until its process is gone (off the event loop)."""
    await asyncio.to_thread(faults.kill, node, sig)


async def kill_all(faults: FaultServers, nodes: list[Node], sig: int) -> None:
    await asyncio.gather(*(kill(faults, n, sig) for n in nodes))


def freeze(node: Node) -> None:
    node.proc.send_signal(signal.SIGSTOP)


def thaw(node: Node) -> None:
    node.proc.send_signal(signal.SIGCONT)


async def sleep_until(epoch_ms: int) -> None:
    wait = epoch_ms - now_ms()
    if wait > 0:
        await asyncio.sleep(wait / 1000)


async def try_answer(player: Player, question: int, value: Any, timeout: float) -> Any:
    """An answer whose ack may never come (its node may die): the ack, or None."""
    try:
        ack = await player.call("answer", {"question": question, "answer": value}, timeout=timeout)
    except Exception:
        return None
    player.acks.append(ack)
    return ack


async def timed_call(client: Any, event: str, payload: Any, timeout: float) -> tuple[Any, float]:
    """(ack, seconds it took); a missing ack fails the test as a hang."""
    started = time.monotonic()
    try:
        ack = await client.call(event, payload, timeout=timeout)
    except TimeoutError:
        raise AssertionError(f"{event}: no ack within {timeout}s (the request hangs)") from None
    return ack, time.monotonic() - started


async def reveal_record(client: Any, question: int, timeout: float) -> Received:
    """The captured ``state`` event that revealed `question`."""
    record: Received = await client.wait_for_record(
        "state",
        lambda s: s.get("phase") == "reveal" and (s.get("question") or {}).get("index") == question,
        timeout,
    )
    return record


async def subscribers(redis_url: str, *channels: str) -> dict[str, int]:
    """``PUBSUB NUMSUB``: how many connections listen on each channel."""
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        pairs = await redis.pubsub_numsub(*channels)
    finally:
        await redis.aclose()
    return {str(name): int(count) for name, count in pairs}


async def wait_subscribed(
    redis_url: str, prefix: str, nodes: int, timeout: float
) -> tuple[float, dict[str, int]]:
    """Wait until every node listens again on the Socket.IO channel and the node bus.

    Returns the seconds it took and the last counts seen (the caller asserts on them).
    """
    channels = (f"{prefix}:sio", f"{prefix}:bus")
    started = time.monotonic()
    counts: dict[str, int] = {}
    while time.monotonic() - started < timeout:
        try:
            counts = await subscribers(redis_url, *channels)
        except Exception:
            counts = {}
        if counts and all(counts.get(c, 0) >= nodes for c in channels):
            break
        await asyncio.sleep(0.05)
    return time.monotonic() - started, counts


def rss_kb(pid: int) -> int:
    """The resident set size of a process, from /proc (kB)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)
