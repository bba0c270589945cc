"""python-socketio's Redis client manager, listening again promptly after a Redis outage.

Every room emit goes through the ``<prefix>:sio`` channel, even on a single node, so while a
node does not listen on it, its clients get no ``state``, ``roster`` or ``progress`` at all.
The stock listener retries after 1, 2, 4, … up to 60 seconds: after an outage of half a minute
a node stayed deaf for as long again once Redis was back. This one retries at most every
``RETRY_MAX_S``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import socketio

log = logging.getLogger("huddle.sockets")

RETRY_FIRST_S = 0.1
RETRY_MAX_S = 1.0


class RedisManager(socketio.AsyncRedisManager):  # type: ignore[misc]
    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        retry_s = RETRY_FIRST_S
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                retry_s = RETRY_FIRST_S
                async for message in self.pubsub.listen():
                    yield message
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning(
                    "Socket.IO channel: cannot receive from Redis (%s); retrying in %.1fs",
                    exc,
                    retry_s,
                )
                await asyncio.sleep(retry_s)
                retry_s = min(retry_s * 2, RETRY_MAX_S)
