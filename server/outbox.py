"""Moves finished games' results from the Redis outbox into SQL.

A finished game's results are pushed to a Redis list when it finishes (as
``server.db.records.GameResults.to_json``). A writer on any
node claims an entry, writes it in one SQL transaction (idempotent by game id) and only
then removes it, so a writer killed midway or a database that is down loses nothing and
duplicates nothing.

An entry with ``"kind": "run"`` is one finished run of a self-paced challenge
(``server.db.records.RunResults``): it is appended to the challenge's game
(``db.challenges.write_run``, idempotent by the run's id) and claimed by its run, so the runs of
one challenge are written by any node in parallel. It is followed by its milestones (keyed by
the player's Redis id, as the phone knows it) and ``{"t": "challenge", "c", "g"}``
(`ChallengeChanged`), so standings screens read the standings again.

After the entry is removed the writer announces, on the node bus, the milestones the game's
players earned (``{"t": "milestones", "g": game id, "awards": {player id: [{"code", "title",
"description"}]}}``, which each node turns into ``milestone`` events on ``/play``) and, for a
round of an event, that the event's leaderboard changed (``{"t": "event", "e": event id}``).
Announcements are best effort: they are not repeated if the writer dies before sending them.

An entry that cannot be written for a reason retrying cannot cure (it is malformed, or SQL
refuses its data: text with NUL, say, from an older version that let it in) is set aside in a
dead-letter list instead of being retried for ever ahead of every later game; it is logged
once and counted, and an operator lists, retries or drops it with ``huddle outbox``
(docs/operations.md). A database that cannot be reached is retried, as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import exc as sql_exc

from server.db.database import Database
from server.db.errors import NotFound
from server.db.records import GameResults, RunResults
from server.db.results import SavedResults
from server.db.runs import SavedRun
from server.http.handlers import unavailable_service
from server.logs import OutageLog
from server.node_messages import ChallengeChanged, EventChanged, Milestones, NodeMessage, encode
from server.store.redis_store import GameStore
from server.tasks import cancel_and_wait

log = logging.getLogger("huddle.outbox")

CLAIM_MS = 30_000


Publish = Callable[[NodeMessage], Awaitable[None]]

# Errors of an entry itself: the same entry fails the same way however often it is retried.
_MALFORMED = (ValueError, KeyError, TypeError, AttributeError, IndexError)
# SQLSTATE classes of data SQL will never take: 22 data exception, 23 integrity constraint.
_DATA_STATES = ("22", "23")


def incurable(err: BaseException) -> bool:
    """True when writing an entry failed for a reason retrying cannot cure: SQL refused its
    data (a data exception, a constraint it breaks, text the driver cannot encode), the game's
    row is missing, or the entry is malformed. False for a database that cannot be reached
    (`unavailable_service`) and for anything unknown, which is retried."""
    if unavailable_service(err) is not None:
        return False
    if isinstance(err, sql_exc.DataError | sql_exc.IntegrityError | NotFound):
        return True  # NotFound: the game's row is gone (deleted while it ran)
    if isinstance(err, sql_exc.StatementError):
        # The driver's own error: text it could not encode, or one whose SQLSTATE is a data
        # exception (class 22: "invalid byte sequence for encoding UTF8: 0x00") or an
        # integrity constraint violation (class 23).
        orig = err.orig
        if isinstance(orig, UnicodeError | ValueError):
            return True
        for cause in (orig, getattr(orig, "__cause__", None)):
            state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
            if isinstance(state, str) and state.startswith(_DATA_STATES):
                return True
        return False
    return isinstance(err, (UnicodeError, *_MALFORMED))


def dead_record(claim: str, entry: str, err: BaseException, now_ms: int) -> str:
    """The dead-letter record of `entry` (see ``Keys.outbox_dead``)."""
    # The first line: SQLAlchemy adds the statement and its parameters on the next ones.
    error = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    return json.dumps(
        {"game_id": claim, "error": error[:500], "failed_ms": now_ms, "entry": entry},
        sort_keys=True,
    )


def is_run(entry: Any) -> bool:
    """Whether an outbox entry is one run of a challenge (`RunResults`), not a game's results."""
    return isinstance(entry, dict) and entry.get("kind") == "run"


def _claim_of(entry: Any, raw: str) -> str:
    """The game id an entry is claimed by (a run: ``run:<game id>:<run id>``, as the runs of
    one game are entries of their own); a malformed entry without one is claimed by a digest
    of its text."""
    gid = entry.get("game_id") if isinstance(entry, dict) else None
    if is_run(entry):
        player = entry.get("player")
        run_id = player.get("player_id") if isinstance(player, dict) else None
        if isinstance(gid, str) and gid and isinstance(run_id, str) and run_id:
            return f"run:{gid}:{run_id}"
    elif isinstance(gid, str) and gid:
        return gid
    return "malformed:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def announcements(saved: SavedResults | SavedRun) -> list[NodeMessage]:
    """The node-bus messages that follow a game's results, or a run, into SQL."""
    messages: list[NodeMessage] = []
    if saved.awards:
        awards = {pid: [m.to_doc() for m in earned] for pid, earned in saved.awards.items()}
        messages.append(Milestones(saved.game_id, awards))
    if isinstance(saved, SavedRun):
        messages.append(ChallengeChanged(saved.challenge_id, saved.game_id))
    elif saved.event_id is not None:
        messages.append(EventChanged(saved.event_id))
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
        on_set_aside: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.db = db
        self.poll_s = poll_ms / 1000
        self.clock = clock
        self.publish = publish
        self.on_written = on_written  # called with the game id of each entry written
        self.on_set_aside = on_set_aside  # and of each entry set aside
        self._task: asyncio.Task[None] | None = None
        self._outage_log = OutageLog(log)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def drain_once(self, limit: int = 20) -> int:
        """Write what is waiting; returns how many entries reached SQL.

        An entry that fails for a reason retrying cannot cure (`incurable`) is set aside and
        the others go on; any other failure (SQL unreachable) stops the pass, to be retried.
        """
        written = 0
        for raw in await self.store.outbox_entries(limit):
            entry: Any = None
            malformed: ValueError | None = None
            try:
                entry = json.loads(raw)
            except ValueError as err:
                malformed = err
            gid = _claim_of(entry, raw)
            if not await self.store.outbox_claim(gid, self.clock(), CLAIM_MS):
                continue
            try:
                if malformed is not None:
                    raise malformed
                saved: SavedResults | SavedRun | None = (
                    await self.db.challenges.write_run(RunResults.from_doc(entry))
                    if is_run(entry)
                    else await self.db.results.write(GameResults.from_doc(entry))
                )
            except Exception as err:
                if not incurable(err):
                    await self.store.outbox_release(gid)
                    raise
                await self._set_aside(gid, raw, err)
                continue
            await self.store.outbox_done(gid, raw)
            log.info("results written to SQL", extra={"game_id": gid})
            written += 1
            if self.on_written is not None:
                self.on_written(gid)
            if saved is not None:
                await self._announce(saved)
        return written

    async def _set_aside(self, gid: str, raw: str, err: Exception) -> None:
        await self.store.outbox_set_aside(gid, raw, dead_record(gid, raw, err, self.clock()))
        log.error(
            "results of game %s set aside: SQL cannot take them (%s: %s); see huddle outbox list",
            gid, type(err).__name__, (str(err).splitlines() or [""])[0][:300],
            extra={"game_id": gid},
        )  # fmt: skip
        if self.on_set_aside is not None:
            self.on_set_aside(gid)

    async def _announce(self, saved: SavedResults | SavedRun) -> None:
        if self.publish is None:
            return
        for message in announcements(saved):
            try:
                await self.publish(message)
            except Exception:
                log.warning(
                    "could not announce %s of game %s", encode(message)["t"], saved.game_id,
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
