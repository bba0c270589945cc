"""The game store's abuse limits: per-minute counters, used challenges, running games."""

from __future__ import annotations

from server.store.lua import ScriptedStore

# Abuse limits count attempts per client address in fixed windows of one clock minute.
RATE_WINDOW_MS = 60_000
# Members' submissions and uploads count per account in fixed windows of one clock hour.
HOUR_WINDOW_MS = 3_600_000


class RateStore(ScriptedStore):
    """Counters in fixed one-minute windows, and each host's running games."""

    async def count_join(self, address: str, now_ms: int) -> int:
        """Count a new player admitted from ``address``; the count in this minute so far."""
        return await self._count_in_window(self.keys.join_rate(address, now_ms // RATE_WINDOW_MS))

    async def count_join_try(self, address: str, now_ms: int) -> int:
        """Count a join without a solved challenge from ``address``; the count this minute."""
        return await self._count_in_window(self.keys.join_tries(address, now_ms // RATE_WINDOW_MS))

    async def claim_challenge(self, nonce: str, ttl_ms: int) -> bool:
        """Mark a solved join challenge used; False when it was used already."""
        return bool(await self.redis.set(self.keys.challenge_used(nonce), 1, nx=True, px=ttl_ms))

    async def count_auth(self, address: str, now_ms: int) -> int:
        """Count a register or login attempt from ``address``; the attempts in this minute."""
        return await self._count_in_window(self.keys.auth_rate(address, now_ms // RATE_WINDOW_MS))

    async def count_game_create(self, host_id: str, now_ms: int) -> int:
        """Count a game created by ``host_id``; the games it created in this minute."""
        return await self._count_in_window(self.keys.game_rate(host_id, now_ms // RATE_WINDOW_MS))

    async def count_submit(self, account_id: str, now_ms: int) -> int:
        """Count a contribution submitted by ``account_id``; its submissions this hour."""
        key = self.keys.submit_rate(account_id, now_ms // HOUR_WINDOW_MS)
        return await self._count_in_window(key, HOUR_WINDOW_MS)

    async def submits(self, account_id: str, now_ms: int) -> int:
        """How many contributions ``account_id`` submitted this hour (counts nothing)."""
        value = await self.redis.get(self.keys.submit_rate(account_id, now_ms // HOUR_WINDOW_MS))
        return int(value or 0)

    async def count_upload(self, account_id: str, now_ms: int) -> int:
        """Count a media file uploaded by ``account_id``; its uploads this hour."""
        key = self.keys.upload_rate(account_id, now_ms // HOUR_WINDOW_MS)
        return await self._count_in_window(key, HOUR_WINDOW_MS)

    async def running_games(self, host_id: str, now_ms: int) -> int:
        """How many of the host's games are running (created, not finished, not expired)."""
        key = self.keys.host_games(host_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now_ms)
            pipe.zcard(key)
            _, count = await pipe.execute()
        return int(count)

    async def add_host_game(self, host_id: str, gid: str, until_ms: int, ttl_s: int) -> None:
        """Note a new running game of the host, until its keys expire (in ``ttl_s``)."""
        key = self.keys.host_games(host_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {gid: until_ms})
            # Games are noted in the order they are created, all with the same lifetime.
            pipe.expire(key, ttl_s)
            await pipe.execute()

    async def forget_host_game(self, host_id: str, gid: str) -> None:
        """The game finished (or was deleted): it no longer counts as running."""
        await self.redis.zrem(self.keys.host_games(host_id), gid)

    async def _count_in_window(self, key: str, window_ms: int = RATE_WINDOW_MS) -> int:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * window_ms // 1000)
            count, _ = await pipe.execute()
        return int(count)
