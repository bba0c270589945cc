"""Moves finished games' results from the Redis outbox into SQL.

A finished game's results are pushed to a Redis list when it finishes. A writer on any
node claims an entry, writes it in one SQL transaction (idempotent by game id) and only
then removes it, so a writer killed midway or a database that is down loses nothing and
duplicates nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import fields
from typing import Any, TypeVar

from server.db.records import (
    AnswerRecord,
    GameResults,
    PlayerResult,
    QuestionResult,
    TeamResult,
)
from server.db.repo import Database
from server.store.redis_store import GameStore

log = logging.getLogger("huddle.outbox")

CLAIM_MS = 30_000


_T = TypeVar("_T")


def _record(cls: type[_T], data: dict[str, Any]) -> _T:
    """Build a record from the entry's keys that the record knows (entries may carry more)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


def parse_entry(entry: dict[str, Any]) -> GameResults:
    """An outbox entry (see ``server.live.results_entry``) as the repo's records."""
    return GameResults(
        game_id=entry["game_id"],
        started_ms=entry.get("started_ms"),
        finished_ms=entry["finished_ms"],
        players=[_record(PlayerResult, p) for p in entry["players"]],
        answers=[_record(AnswerRecord, a) for a in entry["answers"]],
        questions=[_record(QuestionResult, q) for q in entry["questions"]],
        teams=[_record(TeamResult, t) for t in entry.get("teams", [])],
    )


class OutboxWriter:
    def __init__(self, store: GameStore, db: Database, poll_ms: int, clock: Any) -> None:
        self.store = store
        self.db = db
        self.poll_s = poll_ms / 1000
        self.clock = clock
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def drain_once(self, limit: int = 20) -> int:
        """Write what is waiting; returns how many entries reached SQL."""
        written = 0
        for raw in await self.store.outbox_entries(limit):
            entry = json.loads(raw)
            gid = entry["game_id"]
            if not await self.store.outbox_claim(gid, self.clock(), CLAIM_MS):
                continue
            try:
                await self.db.save_results(parse_entry(entry))
            except Exception:
                await self.store.outbox_release(gid)
                raise
            await self.store.outbox_done(gid, raw)
            written += 1
        return written

    async def _run(self) -> None:
        backoff = self.poll_s
        while True:
            try:
                await self.drain_once()
                backoff = self.poll_s
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("outbox write failed; will retry", exc_info=True)
                backoff = min(max(backoff * 2, 0.5), 10.0)
            await asyncio.sleep(backoff)
