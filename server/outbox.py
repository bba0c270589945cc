"""Moves finished games' results from the Redis outbox into SQL.

A finished game's results are pushed to a Redis list when it finishes. A writer on any
node claims an entry, writes it in one SQL transaction (idempotent by game id) and only
then removes it, so a writer killed midway or a database that is down loses nothing and
duplicates nothing.

After the entry is removed the writer announces, on the node bus, the milestones the game's
players earned (``{"t": "milestones", "g": game id, "awards": {player id: [{"code", "title",
"description"}]}}``, which each node turns into ``milestone`` events on ``/play``) and, for a
round of an event, that the event's leaderboard changed (``{"t": "event", "e": event id}``).
Announcements are best effort: they are not repeated if the writer dies before sending them.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import fields
from typing import Any, TypeVar

from server.db.records import (
    AnswerRecord,
    GameResults,
    PlayerResult,
    QuestionResult,
    TeamResult,
)
from server.db.repo import Database, SavedResults
from server.logs import OutageLog
from server.store.redis_store import GameStore
from server.tasks import cancel_and_wait

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
        host_id=entry.get("host_id"),
        event_id=entry.get("event_id"),
    )


Publish = Callable[[dict[str, Any]], Awaitable[None]]


def announcements(saved: SavedResults) -> list[dict[str, Any]]:
    """The node-bus messages that follow a game's results into SQL."""
    messages: list[dict[str, Any]] = []
    if saved.awards:
        messages.append(
            {
                "t": "milestones",
                "g": saved.game_id,
                "awards": {
                    pid: [m.to_doc() for m in earned] for pid, earned in saved.awards.items()
                },
            }
        )
    if saved.event_id is not None:
        messages.append({"t": "event", "e": saved.event_id})
    return messages


class OutboxWriter:
    """Moves outbox entries into SQL; `publish` (``SocketFanout.broadcast_nodes``) sends the
    announcements that follow, when given."""

    def __init__(
        self,
        store: GameStore,
        db: Database,
        poll_ms: int,
        clock: Any,
        publish: Publish | None = None,
        *,
        on_written: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.db = db
        self.poll_s = poll_ms / 1000
        self.clock = clock
        self.publish = publish
        self.on_written = on_written  # called with the game id of each entry written
        self._task: asyncio.Task[None] | None = None
        self._outage_log = OutageLog(log)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def drain_once(self, limit: int = 20) -> int:
        """Write what is waiting; returns how many entries reached SQL."""
        written = 0
        for raw in await self.store.outbox_entries(limit):
            entry = json.loads(raw)
            gid = entry["game_id"]
            if not await self.store.outbox_claim(gid, self.clock(), CLAIM_MS):
                continue
            try:
                saved = await self.db.write_results(parse_entry(entry))
            except Exception:
                await self.store.outbox_release(gid)
                raise
            await self.store.outbox_done(gid, raw)
            log.info("results written to SQL", extra={"game_id": gid})
            written += 1
            if self.on_written is not None:
                self.on_written(gid)
            if saved is not None:
                await self._announce(saved)
        return written

    async def _announce(self, saved: SavedResults) -> None:
        if self.publish is None:
            return
        for message in announcements(saved):
            try:
                await self.publish(message)
            except Exception:
                log.warning(
                    "could not announce %s of game %s", message["t"], saved.game_id,
                    extra={"game_id": saved.game_id},
                )  # fmt: skip

    async def _run(self) -> None:
        backoff = self.poll_s
        while True:
            try:
                await self.drain_once()
                backoff = self.poll_s
            except asyncio.CancelledError:
                raise
            except Exception as err:
                self._outage_log.warn("outbox write failed; will retry", err)
                backoff = min(max(backoff * 2, 0.5), 10.0)
            await asyncio.sleep(backoff)
