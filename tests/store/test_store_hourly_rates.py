"""The hourly counters of members' submissions and uploads (`RateStore.count_submit`,
`count_upload`, `submits`), on a real Redis: per account, per clock hour, and expiring."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from server.settings import Settings
from server.store.keys import Keys
from server.store.rates import HOUR_WINDOW_MS
from server.store.redis_store import GameStore
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

HOUR = 1_764_000_000_000 // HOUR_WINDOW_MS * HOUR_WINDOW_MS


@pytest.fixture
async def store() -> AsyncIterator[GameStore]:
    prefix = new_prefix()
    client: Redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    yield GameStore(client, Keys(prefix))
    await delete_prefix(client, prefix)
    await client.aclose()


async def test_submissions_and_uploads_count_per_account_and_hour(store: GameStore) -> None:
    assert await store.submits("ann", HOUR) == 0
    assert [await store.count_submit("ann", HOUR + i) for i in range(3)] == [1, 2, 3]
    assert await store.submits("ann", HOUR + HOUR_WINDOW_MS - 1) == 3
    assert await store.submits("bob", HOUR) == 0
    assert await store.count_submit("ann", HOUR + HOUR_WINDOW_MS) == 1  # the next hour
    assert await store.count_upload("ann", HOUR) == 1  # a counter of its own
    key = store.keys.upload_rate("ann", HOUR // HOUR_WINDOW_MS)
    assert 0 < await store.redis.ttl(key) <= 2 * HOUR_WINDOW_MS // 1000


def test_the_hourly_limits_are_settings() -> None:
    assert (Settings().submit_per_hour, Settings().upload_per_hour) == (20, 60)
    env = {"HUDDLE_SUBMIT_PER_HOUR": "0", "HUDDLE_UPLOAD_PER_HOUR": "5"}
    got = Settings.from_env(env)
    assert (got.submit_per_hour, got.upload_per_hour) == (0, 5)
