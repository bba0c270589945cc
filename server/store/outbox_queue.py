"""The game store's outbox queue: finished games' results on their way to SQL, and the
dead-letter list (server/outbox.py writes them, ``huddle outbox`` manages the dead letters)."""

from __future__ import annotations

import json
from typing import cast

from redis.exceptions import WatchError

from server.store.lua import ScriptedStore


class OutboxQueueStore(ScriptedStore):
    """The outbox list, its claims and its dead letters."""

    async def push_outbox(self, entry: str) -> None:
        await self.redis.lpush(self.keys.outbox(), entry)

    async def outbox_entries(self, limit: int) -> list[str]:
        """Oldest first."""
        items = await self.redis.lrange(self.keys.outbox(), -limit, -1)
        return list(reversed(cast("list[str]", items)))

    async def outbox_claim(self, gid: str, now_ms: int, lease_ms: int) -> bool:
        key = self.keys.outbox_claims()
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(key)
            until = await pipe.hget(key, gid)
            if until is not None and int(until) > now_ms:
                await pipe.reset()  # type: ignore[no-untyped-call]
                return False
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.hset(key, gid, now_ms + lease_ms)
            try:
                await pipe.execute()
            except Exception:
                return False
        return True

    async def outbox_done(self, gid: str, entry: str) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.lrem(self.keys.outbox(), 0, entry)
            pipe.hdel(self.keys.outbox_claims(), gid)
            await pipe.execute()

    async def outbox_release(self, gid: str) -> None:
        await self.redis.hdel(self.keys.outbox_claims(), gid)

    async def outbox_length(self) -> int:
        return int(await self.redis.llen(self.keys.outbox()))

    async def outbox_set_aside(self, claim: str, entry: str, record: str) -> None:
        """Move `entry` out of the outbox into the dead-letter list as `record`, in one
        transaction, and drop the claim `claim` the writer held on it."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.lrem(self.keys.outbox(), 0, entry)
            pipe.rpush(self.keys.outbox_dead(), record)
            pipe.hdel(self.keys.outbox_claims(), claim)
            await pipe.execute()

    async def outbox_dead(self) -> list[str]:
        """The dead-letter records, oldest first."""
        return cast("list[str]", await self.redis.lrange(self.keys.outbox_dead(), 0, -1))

    async def outbox_dead_length(self) -> int:
        return int(await self.redis.llen(self.keys.outbox_dead()))

    async def outbox_take_dead(self, record: str, *, retry: bool) -> bool:
        """Remove one dead-letter record; with `retry`, put its entry back in the outbox (at
        the end writers take next) in the same transaction. False when it was no longer
        there (another operator took it)."""
        key = self.keys.outbox_dead()
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(key)
            records = cast("list[str]", await pipe.lrange(key, 0, -1))
            if record not in records:
                await pipe.reset()  # type: ignore[no-untyped-call]
                return False
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.lrem(key, 1, record)
            if retry:
                pipe.rpush(self.keys.outbox(), json.loads(record)["entry"])
            try:
                await pipe.execute()
            except WatchError:
                return False
        return True
