"""Events out: every emit names its room; roster and progress are coalesced per game.

Per-player events (``result``, ``kicked``) go through the node bus: each node sends them
to the players whose sockets it holds, so a reveal costs one bus message, not one per player.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis

from server.logs import OutageLog
from server.node_messages import (
    ChallengeChanged,
    EventChanged,
    Kicked,
    Milestones,
    NodeMessage,
    Reveal,
    RunShown,
    decode,
    encode,
)
from server.store.keys import Keys
from server.tasks import cancel_and_wait

if TYPE_CHECKING:
    import socketio

    from server.db.database import Database
    from server.rooms.runtime import Rooms

log = logging.getLogger("huddle.fanout")

ROSTER_INTERVAL_S = 0.5
PROGRESS_INTERVAL_S = 0.25
CHALLENGE_INTERVAL_S = 1.0


class _GcPause:
    """No automatic garbage collection while a broadcast's per-recipient tasks are alive.

    python-socketio makes one task per recipient of a room emit; with thousands of players a
    collection then scans hundreds of thousands of young objects and frees none, pausing the
    loop for 60–300 ms (docs/performance.md). Nested holds keep it off until the last ends.
    """

    def __init__(self) -> None:
        self.holds = 0
        self.was_enabled = True

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        if self.holds == 0:
            self.was_enabled = gc.isenabled()
            gc.disable()
        self.holds += 1
        try:
            yield
        finally:
            self.holds -= 1
            if self.holds == 0 and self.was_enabled:
                gc.enable()


gc_paused = _GcPause()


def room(gid: str) -> str:
    """The Socket.IO room of a game (the same name in each namespace)."""
    return f"g:{gid}"


def pin_room(gid: str) -> str:
    """The ``/screen`` room of a game's screens that watch with the PIN only (no screen key):
    they get the State as phones do (server/screen_keys.py)."""
    return f"g:{gid}:pin"


def challenge_room(challenge_id: str) -> str:
    """The ``/screen`` room of a challenge's standings screens (``watch_challenge``)."""
    return f"c:{challenge_id}"


class Throttle:
    """Run ``action(key)`` at most once per ``interval`` per key, trailing edge included."""

    def __init__(self, interval_s: float, action: Callable[[str], Awaitable[None]]) -> None:
        self.interval = interval_s
        self.action = action
        self._last: dict[str, float] = {}
        self._pending: dict[str, asyncio.Task[None]] = {}

    def poke(self, key: str) -> None:
        if key in self._pending:
            return
        wait = max(0.0, self._last.get(key, 0.0) + self.interval - time.monotonic())
        self._pending[key] = asyncio.ensure_future(self._fire(key, wait))

    async def _fire(self, key: str, wait: float) -> None:
        try:
            if wait:
                await asyncio.sleep(wait)
            self._pending.pop(key, None)
            self._last[key] = time.monotonic()
            await self.action(key)
        except Exception:
            log.exception("throttled emit failed for %s", key)
        finally:
            # Only this run's entry: a poke during the action scheduled the next run, which
            # must stay pending (dropping it let a further poke schedule a second one, and
            # both fired at once).
            if self._pending.get(key) is asyncio.current_task():
                del self._pending[key]
            if len(self._last) > 10_000:
                self._last.clear()

    async def close(self) -> None:
        for task in list(self._pending.values()):
            task.cancel()
        self._pending.clear()


class LocalPlayers:
    """The player sockets this node holds: game id -> player id -> sid."""

    def __init__(self) -> None:
        self.by_game: dict[str, dict[str, str]] = {}
        self.by_sid: dict[str, tuple[str, str]] = {}

    def add(self, sid: str, gid: str, pid: str) -> None:
        self.remove(sid)
        self.by_game.setdefault(gid, {})[pid] = sid
        self.by_sid[sid] = (gid, pid)

    def sids_of(self, gid: str, pid: str) -> list[str]:
        """Every socket this node holds for a player (an old one may linger after a resume)."""
        return [sid for sid, entry in self.by_sid.items() if entry == (gid, pid)]

    def remove(self, sid: str) -> tuple[str, str] | None:
        entry = self.by_sid.pop(sid, None)
        if entry is not None:
            gid, pid = entry
            players = self.by_game.get(gid)
            if players is not None and players.get(pid) == sid:
                del players[pid]
                if not players:
                    del self.by_game[gid]
        return entry


class SocketFanout:
    """Implements ``server.rooms.fanout.Fanout`` over python-socketio and a Redis pub/sub bus."""

    def __init__(self, sio: socketio.AsyncServer, redis: Redis, keys: Keys) -> None:
        self._outage_log = OutageLog(log)
        self.sio = sio
        self.redis = redis
        self.keys = keys
        self.players = LocalPlayers()
        self.rooms: Rooms | None = None
        self.db: Database | None = None
        # Big screens showing an event's leaderboard on this node: event id -> sids.
        self.event_screens: dict[str, set[str]] = {}
        self._roster = Throttle(ROSTER_INTERVAL_S, self._emit_roster)
        self._progress = Throttle(PROGRESS_INTERVAL_S, self._emit_progress)
        self._progress_q: dict[str, int] = {}
        # At most one ``challenge_changed`` a second per challenge, however many runs land.
        self._challenge = Throttle(CHALLENGE_INTERVAL_S, self._emit_challenge)
        self._listener: asyncio.Task[None] | None = None
        # Whether this node hears the node bus (``/readyz`` reports Redis down until it does).
        self.bus_ready = False

    # ---- Fanout protocol ----
    async def state(self, gid: str, state: dict[str, Any], play: dict[str, Any]) -> None:
        """One emit per namespace room: phones get ``play`` (the devices' variant)."""
        with gc_paused():
            await self.sio.emit("state", play, to=room(gid), namespace="/play")
            for ns in ("/host", "/screen"):
                await self.sio.emit("state", state, to=room(gid), namespace=ns)
            await self.sio.emit("state", play, to=pin_room(gid), namespace="/screen")

    async def roster_changed(self, gid: str) -> None:
        self._roster.poke(gid)

    async def progress_changed(self, gid: str, question: int) -> None:
        self._progress_q[gid] = question
        self._progress.poke(gid)

    async def broadcast_nodes(self, message: NodeMessage) -> None:
        await self.redis.publish(self.keys.bus(), json.dumps(encode(message)))

    # ---- coalesced emits ----
    async def _emit_roster(self, gid: str) -> None:
        assert self.rooms is not None
        roster = await self.rooms.recent_roster(gid)
        await self.sio.emit("roster", roster, to=room(gid), namespace="/host")
        await self.sio.emit("roster", roster, to=[room(gid), pin_room(gid)], namespace="/screen")

    async def _emit_progress(self, gid: str) -> None:
        q = self._progress_q.pop(gid, None)
        if q is None:
            return
        store = self.redis
        async with store.pipeline(transaction=False) as pipe:
            pipe.hlen(self.keys.answers(gid, q))
            pipe.hlen(self.keys.conn(gid))
            pipe.hget(self.keys.meta(gid), "qindex")
            answered, total, qindex = await pipe.execute()
        if qindex is None or int(qindex) != q:
            return
        # Players who answered and then left still count as answered: never "5 of 4".
        answered = int(answered)
        payload = {"question": q, "answered": answered, "total": max(int(total), answered)}
        await self.sio.emit("progress", payload, to=room(gid), namespace="/host")
        await self.sio.emit("progress", payload, to=[room(gid), pin_room(gid)], namespace="/screen")

    # ---- the node bus ----
    async def start(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.keys.bus())
            self.bus_ready = True
        except Exception:
            # Serve anyway (``/readyz`` says Redis is unreachable); the listener subscribes
            # once Redis is back.
            log.warning("node bus: Redis unreachable at start; will retry", exc_info=True)
        self._listener = asyncio.ensure_future(self._listen(pubsub))

    async def stop(self) -> None:
        await self._roster.close()
        await self._progress.close()
        await self._challenge.close()
        await cancel_and_wait(self._listener)

    async def _listen(self, pubsub: Any) -> None:
        try:
            while True:
                if not pubsub.subscribed:
                    # The first SUBSCRIBE failed (Redis was down at start): until one works,
                    # a reconnected pubsub would read nothing, without an error.
                    try:
                        await pubsub.subscribe(self.keys.bus())
                        self.bus_ready = True
                    except asyncio.CancelledError:
                        raise
                    except Exception:
                        log.debug("node bus: subscribe failed; will retry", exc_info=True)
                        await asyncio.sleep(0.5)
                        continue
                try:
                    msg = await pubsub.get_message(timeout=1.0)
                except asyncio.CancelledError:
                    raise
                except Exception as err:
                    self.bus_ready = False
                    self._outage_log.warn("node bus read failed; resubscribing", err)
                    await asyncio.sleep(0.5)
                    try:
                        await pubsub.subscribe(self.keys.bus())
                        self.bus_ready = True
                    except Exception:
                        log.debug("resubscribe failed", exc_info=True)
                    continue
                if msg is None or msg.get("type") != "message":
                    continue
                try:
                    await self.on_bus(json.loads(msg["data"]))
                except Exception:
                    log.exception("node bus message failed")
        finally:
            try:
                await pubsub.aclose()
            except Exception:
                log.debug("pubsub close failed", exc_info=True)

    async def _event_changed(self, eid: object) -> None:
        # Every node gets the bus message, so each sends to its own screens (a room emit
        # through the Redis manager would reach each screen once per node).
        sids = self.event_screens.get(eid) if isinstance(eid, str) else None
        if not sids or self.db is None or not isinstance(eid, str):
            return
        payload = await self.db.leaderboards.screen(eid)
        if payload is not None:
            for sid in list(sids):
                await self.sio.emit(
                    "event_leaderboard", payload, to=sid, namespace="/screen", ignore_queue=True
                )

    async def _emit_challenge(self, cid: str) -> None:
        # Every node gets the bus message: each tells its own screens (ignore_queue).
        await self.sio.emit(
            "challenge_changed", {"challenge_id": cid}, to=challenge_room(cid),
            namespace="/screen", ignore_queue=True,
        )  # fmt: skip

    def watch_event(self, sid: str, eid: str) -> None:
        self.unwatch_event(sid)
        self.event_screens.setdefault(eid, set()).add(sid)

    def unwatch_event(self, sid: str) -> None:
        for eid, sids in list(self.event_screens.items()):
            sids.discard(sid)
            if not sids:
                del self.event_screens[eid]

    async def _local(self, event: str, payload: Any, sid: str) -> None:
        # The socket is on this node: skip the Redis manager's publish-to-every-node round.
        await self.sio.emit(event, payload, to=sid, namespace="/play", ignore_queue=True)

    async def on_bus(self, doc: object) -> None:
        message = decode(doc)
        if message is None:
            return
        if isinstance(message, EventChanged):
            await self._event_changed(message.event_id)
            return
        if isinstance(message, ChallengeChanged):
            self._challenge.poke(message.challenge_id)
            return
        gid = message.game_id
        local = self.players.by_game.get(gid)
        if not local:
            return
        if isinstance(message, Reveal):
            q = message.question
            assert self.rooms is not None
            pids = list(local)
            results = await self.rooms.store.reveal_results(gid, q, pids)
            with gc_paused():
                for pid, raw in zip(pids, results, strict=True):
                    to = local.get(pid)
                    if raw is not None and to is not None:
                        await self._local("result", json.loads(raw), to)
        elif isinstance(message, Milestones):
            for pid, items in message.awards.items():
                to = local.get(pid)
                if to is not None:
                    for item in items:
                        await self._local("milestone", item, to)
        elif isinstance(message, RunShown):
            # The run timer closed this player's question: its RunView at the reveal.
            for sid in self.players.sids_of(gid, message.player_id):
                await self._local("run", message.view, sid)
        elif isinstance(message, Kicked):
            for sid in self.players.sids_of(gid, message.player_id):
                await self._local("kicked", {"reason": message.reason}, sid)
                self.players.remove(sid)
                await self.sio.leave_room(sid, room(gid), namespace="/play")
