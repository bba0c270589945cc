"""Shared fixtures: a real Redis (own database number and key prefix), cleaned up after."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or (
    (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379").rstrip("/") + "/11"
    if not os.environ.get("REDIS_URL", "").rstrip("/").split("/")[-1].isdigit()
    else os.environ["REDIS_URL"]
)


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
