"""Fixtures of the in-process server tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from server.settings import Settings
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix
from tests.server.inproc import Clock, Cluster


@pytest.fixture
async def cluster() -> AsyncIterator[Cluster]:
    prefix = new_prefix()
    redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    store = GameStore(redis, Keys(prefix))
    settings = Settings(secret="s" * 32, redis_url=TEST_REDIS_URL, redis_prefix=prefix)
    try:
        yield Cluster(redis, store, Clock(), settings)
    finally:
        await delete_prefix(redis, prefix)
        await redis.aclose()
