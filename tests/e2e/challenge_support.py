"""Self-paced challenges for the end-to-end tests: opened in the servers' Redis (the group's
prefix) through the runtime's own ``rooms.challenges.open``, as the HTTP route does, then
played over real sockets against the real servers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redis.asyncio import Redis

from games.quiz import parse_quiz
from games.settings import parse_settings
from server.modes.challenge.opening import ChallengeOpening
from server.rooms.loaded import CreatedGame
from server.rooms.runtime import Rooms
from server.settings import Settings
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import TEST_REDIS_URL
from tests.e2e.conftest import SECRET, Group
from tests.e2e.helpers import Player, assert_ok, now_ms
from tests.server.inproc import RecordingFanout

DAY_MS = 24 * 3_600_000


async def open_challenge(
    group: Group,
    questions: list[dict[str, Any]],
    *,
    audience: str = "guests",
    attempts: int = 1,
    opens_in_ms: int = -1000,
    closes_in_ms: int = DAY_MS,
    settings: Mapping[str, Any] | None = None,
) -> CreatedGame:
    """A challenge open now (by default) in `group`'s Redis."""
    redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    try:
        store = GameStore(redis, Keys(group.prefix))
        config = Settings(secret=SECRET, redis_url=TEST_REDIS_URL, redis_prefix=group.prefix)
        rooms = Rooms(config, store, RecordingFanout())
        now = now_ms()
        opening = ChallengeOpening(
            challenge_id=f"c_{now}",
            workspace_id="w_e2e",
            host_id="h_e2e",
            quiz_id=None,
            quiz=parse_quiz({"title": "Challenge", "questions": questions}),
            settings=parse_settings(dict(settings) if settings else None),
            opens_ms=now + opens_in_ms,
            closes_ms=now + closes_in_ms,
            audience=audience,
            attempts=attempts,
        )
        return await rooms.challenges.open(opening, None)
    finally:
        await redis.aclose()


async def run_call(player: Player, event: str, payload: Any = None) -> dict[str, Any]:
    """A run move that must succeed; its RunView."""
    ack = assert_ok(await player.call(event, {} if payload is None else payload), event)
    run: dict[str, Any] = ack["run"]
    return run
