"""The game store's timers: one due moment per game in a sorted set, claimed with a lease."""

from __future__ import annotations

from typing import cast

from server.store.lua import ScriptedStore


class TimerStore(ScriptedStore):
    """Due work per game (server/timers.py claims it)."""

    async def schedule(self, gid: str, due_ms: int) -> None:
        await self.redis.zadd(self.keys.timers(), {gid: due_ms})

    async def claim_due(self, now_ms: int, lease_until_ms: int, limit: int = 100) -> list[str]:
        return cast(
            "list[str]",
            await self._run("timer_claim", [self.keys.timers()], [now_ms, lease_until_ms, limit]),
        )

    async def swap_timer(self, gid: str, expected_ms: int, new_ms: int | None) -> bool:
        new = "" if new_ms is None else new_ms
        return bool(await self._run("timer_swap", [self.keys.timers()], [gid, expected_ms, new]))

    async def timer_of(self, gid: str) -> int | None:
        score = await self.redis.zscore(self.keys.timers(), gid)
        return None if score is None else int(score)
