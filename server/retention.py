"""The retention sweep as a background task of every node (`RetentionSweeper`), and once from
the command line (``huddle retention``).

The sweep itself is `server.db.lifecycle.LifecycleRepo.sweep_retention`: idempotent, so every
node runs it on its own interval without a lock (two nodes sweeping at once anonymise the same
rows to the same values).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from server.db.database import Database
from server.db.lifecycle import SweepReport
from server.db.times import now
from server.logs import OutageLog
from server.tasks import cancel_and_wait

log = logging.getLogger("huddle.retention")


class RetentionSweeper:
    """Runs the retention sweep every `interval_s` seconds (the first one at start); an
    interval of 0 turns it off."""

    def __init__(
        self, db: Database, interval_s: float, clock: Callable[[], datetime] = now
    ) -> None:
        self.db = db
        self.interval_s = interval_s
        self.clock = clock
        self.sweeps = 0  # completed sweeps
        self.swept = asyncio.Event()  # set after each completed sweep (tests wait for it)
        self._task: asyncio.Task[None] | None = None
        self._outage_log = OutageLog(log)

    def start(self) -> None:
        if self.interval_s > 0:
            self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def sweep_once(self) -> SweepReport:
        report = await self.db.lifecycle.sweep_retention(self.clock())
        self.sweeps += 1
        self.swept.set()
        return report

    async def _run(self) -> None:
        while True:
            try:
                await self.sweep_once()
            except asyncio.CancelledError:
                raise
            except Exception as err:
                self._outage_log.warn("retention sweep failed; will retry", err)
            await asyncio.sleep(self.interval_s)


async def sweep_now(database_url: str) -> SweepReport:
    """One sweep against the database at `database_url` (``huddle retention``)."""
    db = Database(database_url)
    try:
        return await RetentionSweeper(db, 0).sweep_once()
    finally:
        await db.close()
