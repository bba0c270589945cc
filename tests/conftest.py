"""Shared fixtures: a real Redis (own database number and key prefix), cleaned up after.

Every resource a test touches is its own, so the suite runs in parallel (pytest-xdist, as
``make test`` does): Redis keys under a fresh prefix, SQLite files in a temporary directory,
PostgreSQL schemas and roles with random names, servers on free ports, client addresses per
worker (tests/abuse/support.py). The tests that measure timing or flood the machine are marked
``serial`` here and run alone, after the rest.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from redis.asyncio import Redis

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or (
    (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379").rstrip("/") + "/11"
    if not os.environ.get("REDIS_URL", "").rstrip("/").split("/")[-1].isdigit()
    else os.environ["REDIS_URL"]
)


# Hypothesis times each example (200 ms deadline) and checks that generating data is fast: on a
# loaded machine both fail with nothing wrong (a 0.4 ms example took 531 ms once). The
# properties are what the tests check; their speed is not.
settings.register_profile(
    "huddle", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("huddle")

TESTS = Path(__file__).resolve().parent
# Timing bounds (deadlines, leases, fan-out against a baseline) and floods of a thousand
# clients: these run alone, so that neither disturbs nor is disturbed by parallel tests.
SERIAL = (
    "faults/",
    "abuse/test_abuse_flood.py",
    "abuse/test_abuse_join_flood.py",
    "abuse/test_abuse_transport.py",
    "e2e/test_e2e_hostile_imports.py",
    "browser/test_browser_first_screen.py",
    "e2e/test_e2e_load.py",
    "e2e/test_e2e_timing.py",
    "bench/test_bench_smoke.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if TESTS in path.parents:
            relative = path.relative_to(TESTS).as_posix()
            if relative.startswith(SERIAL):
                item.add_marker(pytest.mark.serial)


class Clock:
    """A clock (epoch ms) that tests move by hand."""

    def __init__(self, now: int = 1_764_000_000_000) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


def new_prefix() -> str:
    return f"htest{uuid.uuid4().hex[:10]}"


async def delete_prefix(redis: Redis, prefix: str) -> None:
    """Delete only the keys this test made."""
    async for key in redis.scan_iter(match=f"{prefix}:*", count=1000):
        await redis.delete(key)


@pytest.fixture
def redis_url() -> str:
    return TEST_REDIS_URL


@pytest.fixture
async def real_redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    try:
        await client.ping()
    except Exception as err:  # pragma: no cover - .ci/run starts Redis
        await client.aclose()
        pytest.fail(f"Redis at {TEST_REDIS_URL} is not reachable: {err}")
    yield client
    await client.aclose()
