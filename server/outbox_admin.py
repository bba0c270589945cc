"""``huddle outbox``: what an operator does with results the outbox set aside.

The writer (server/outbox.py) sets aside an entry that SQL cannot take, so that later games
still reach SQL. These commands list those entries, put one back in the outbox once its cause
is fixed (``retry``), or delete it for good (``drop``); see docs/operations.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from server.store.redis_store import GameStore


@dataclass(frozen=True, slots=True)
class DeadEntry:
    """One entry of the dead-letter list, as ``huddle outbox list`` shows it."""

    game_id: str
    error: str
    failed_ms: int
    record: str  # the stored record, to take it out exactly

    def line(self) -> str:
        """``game id<TAB>when (UTC)<TAB>error``, printable whatever the entry held."""
        when = datetime.fromtimestamp(self.failed_ms / 1000, UTC).isoformat(timespec="seconds")
        return f"{_printable(self.game_id)}\t{when}\t{_printable(self.error)}"


def _printable(text: str) -> str:
    # The error may quote the very text SQL refused (a lone surrogate cannot be printed).
    escaped = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(escaped.replace("\x00", "\\x00").split())


def _entry(record: str) -> DeadEntry:
    data: dict[str, Any] = json.loads(record)
    return DeadEntry(
        game_id=str(data.get("game_id", "")),
        error=str(data.get("error", "")),
        failed_ms=int(data.get("failed_ms") or 0),
        record=record,
    )


async def dead_entries(store: GameStore) -> list[DeadEntry]:
    """The entries set aside, oldest first."""
    return [_entry(record) for record in await store.outbox_dead()]


async def take(store: GameStore, game_id: str | None, *, retry: bool) -> list[str]:
    """Put back in the outbox (`retry`) or delete the entries of `game_id` (every entry when
    None); the game ids of those taken."""
    taken: list[str] = []
    for entry in await dead_entries(store):
        if game_id is not None and entry.game_id != game_id:
            continue
        if await store.outbox_take_dead(entry.record, retry=retry):
            taken.append(entry.game_id)
    return taken
