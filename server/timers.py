"""The ticker every node runs: it claims due game timers from Redis and acts on them.

Deadlines live in Redis sorted sets (the games', and the self-paced runs'), never only in a
process. A claim pushes the
timer forward by a lease, so exactly one node handles it at a time, and another node
takes it over when the lease runs out (the first node died).
"""

from __future__ import annotations

import asyncio
import logging
import secrets

from server.logs import OutageLog
from server.rooms.runtime import Rooms
from server.tasks import cancel_and_wait

log = logging.getLogger("huddle.timers")

LEASE_MS = 3000


class Ticker:
    def __init__(self, rooms: Rooms, tick_ms: int) -> None:
        self.rooms = rooms
        self.tick_s = tick_ms / 1000
        self._task: asyncio.Task[None] | None = None
        self._outage_log = OutageLog(log)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def tick(self) -> int:
        """Handle every due timer once; returns how many were handled."""
        now = self.rooms.clock()
        lease = now + LEASE_MS + secrets.randbelow(1000)
        due = await self.rooms.store.claim_due(now, lease)
        for gid in due:
            try:
                await self.rooms.on_timer(gid, lease)
            except Exception:
                log.exception("timer for game %s failed", gid, extra={"game_id": gid})
        # Self-paced runs' deadlines (server/modes/challenge): a due-set of their own.
        runs = await self.rooms.store.claim_due_runs(now, lease)
        for member in runs:
            try:
                await self.rooms.challenges.flow.on_timer(member, lease)
            except Exception:
                log.exception("timer for run %s failed", member)
        return len(due) + len(runs)

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as err:
                self._outage_log.warn("ticker could not reach Redis", err)
                await asyncio.sleep(min(1.0, self.tick_s * 5))
            await asyncio.sleep(self.tick_s)
