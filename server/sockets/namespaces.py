"""The three Socket.IO namespaces: ``/play`` (phones), ``/host`` (console), ``/screen``.

Each inbound event has one handler; anything else gets ``ok: false``. A handler never
raises to python-socketio: rule violations and unexpected errors become failed acks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from redis.exceptions import RedisError

from games.errors import RuleViolation
from games.text import first_unstorable
from server.logs import OutageLog
from server.rooms.loaded import AccountOfToken, HostOfToken
from server.rooms.runtime import Rooms
from server.screen_keys import check_screen_key
from server.sockets import acks
from server.sockets.events import EVENTS
from server.sockets.fanout import SocketFanout, challenge_room, pin_room, room
from server.sockets.guard import Guard
from server.sockets.messages import (
    Answer,
    Assign,
    Attach,
    Join,
    Kick,
    Lock,
    RosterPage,
    RunMove,
    RunMoveKind,
    SuggestNickname,
    Unban,
    Watch,
    WatchChallenge,
    WatchEvent,
    parse_command,
    parse_pin,
)

log = logging.getLogger("huddle.sockets")

Handler = Callable[[str, Any], Awaitable[dict[str, Any]]]

# Fields their handler checks itself, with a code and an order of its own (docs/protocol.md):
# a nickname (``nickname_invalid``: the join page says what is wrong with it) and an answer's
# value (``invalid_answer``, after ``wrong_question``, ``question_closed``, ``already_answered``).
_SELF_CHECKED = {("/play", "join"): "nickname", ("/play", "answer"): "answer"}


def _edge_checked(namespace: str, event: str, args: tuple[Any, ...]) -> object:
    """What of an event's arguments the edge checks for unstorable text and numbers."""
    payload = args[1] if len(args) == 2 else list(args[1:])
    own = _SELF_CHECKED.get((namespace, event))
    if own is not None and isinstance(payload, dict) and own in payload:
        return {k: v for k, v in payload.items() if k != own}
    return payload


class _Namespace(socketio.AsyncNamespace):  # type: ignore[misc]
    """Dispatches events to ``handlers`` and turns every failure into an ack."""

    def __init__(self, namespace: str, rooms: Rooms, fanout: SocketFanout, guard: Guard) -> None:
        super().__init__(namespace)
        self.rooms = rooms
        self.fanout = fanout
        self.guard = guard
        self.handlers: dict[str, Handler] = {}
        self._outage_log = OutageLog(log)

    def _check_vocabulary(self) -> None:
        """The handlers are exactly the namespace's events in `server.sockets.events`."""
        if set(self.handlers) != set(EVENTS[self.namespace]):
            raise RuntimeError(
                f"{self.namespace} handles {sorted(self.handlers)}, "
                f"not the events listed for it: {sorted(EVENTS[self.namespace])}"
            )

    def key(self, sid: str) -> str:
        return f"{self.namespace}#{sid}"

    async def trigger_event(self, event: str, *args: Any) -> Any:
        if event == "connect":
            if not self.guard.connect(self.key(args[0]), args[1] if len(args) > 1 else {}):
                # The client's connect_error: {"message", "data": {"code", "message"}}.
                message = "too many connections from here"
                raise socketio.exceptions.ConnectionRefusedError(
                    message, {"code": "too_many_connections", "message": message}
                )
            return None
        if event == "disconnect":
            self.guard.disconnect(self.key(args[0]))
            try:
                await self.on_disconnect(args[0])
            except Exception:
                log.exception("disconnect handling failed")
            return None
        started = time.perf_counter()
        ack = await self._dispatch(event, args)
        name = event if event in self.handlers else "unknown"
        outcome = "ok" if ack.get("ok") else str(ack.get("error", {}).get("code", "error"))
        self.guard.metrics.sockets.record(
            self.namespace, name, outcome, time.perf_counter() - started
        )
        return ack

    async def _dispatch(self, event: str, args: tuple[Any, ...]) -> dict[str, Any]:
        sid = args[0]
        payload = args[1] if len(args) > 1 else None
        if not self.guard.allow_event(self.key(sid)):
            return acks.error("rate_limited", "too many requests; slow down")
        handler = self.handlers.get(event)
        if handler is None:
            return acks.error("unknown_event", f"{self.namespace} has no event {event!r}")
        # One check for every text and number of every event (ids, PINs, keys, nicknames,
        # answers): a NUL, a lone surrogate or a NaN would be refused by SQL when the results
        # are written.
        unstorable = first_unstorable(_edge_checked(self.namespace, event, args), "payload")
        if unstorable is not None:
            message = f"{unstorable} must be valid Unicode without NUL, or a finite number"
            return acks.error("invalid", message)
        try:
            return await handler(sid, payload)
        except RuleViolation as err:
            return acks.error(err.code, err.message)
        except RedisError as err:
            # Every request fails alike while Redis is away: a line every few seconds, not a
            # traceback per request.
            self._outage_log.warn(
                f"redis unavailable during {self.namespace} {event}", err,
                namespace=self.namespace, event=event,
            )  # fmt: skip
            return acks.error("unavailable", "the game store is unavailable; try again")
        except Exception:
            log.exception(
                "handler %s %s failed", self.namespace, event,
                extra={"namespace": self.namespace, "event": event},
            )  # fmt: skip
            return acks.error("internal", "the server failed on this request")

    async def on_disconnect(self, sid: str) -> None:
        return None


_JOIN_REFUSALS = {
    "rate_limited": "too many new players from here; wait a minute",
    "challenge_required": "many players are joining from here: solve the challenge and join again",
    "challenge_failed": "that challenge was not solved, was used or expired: solve this one",
}


class PlayNamespace(_Namespace):
    def __init__(
        self,
        rooms: Rooms,
        fanout: SocketFanout,
        guard: Guard,
        account_of: AccountOfToken | None = None,
    ) -> None:
        super().__init__("/play", rooms, fanout, guard)
        # Who a login token belongs to, for ``join {account_token}`` (None: guests only).
        self.account_of = account_of
        self.handlers = {
            "join": self.join,
            "answer": self.answer,
            "suggest_nickname": self.suggest_nickname,
            "run_next": self._run_move("next"),
            "run_again": self._run_move("again"),
            "run_state": self._run_move("state"),
        }
        self._check_vocabulary()

    def _run_move(self, kind: RunMoveKind) -> Handler:
        """A self-paced run's move (server/modes/challenge): the ack carries the RunView."""

        async def run(sid: str, payload: Any) -> dict[str, Any]:
            entry = self.fanout.players.by_sid.get(sid)
            if entry is None:
                raise RuleViolation("not_joined", "join the challenge first")
            move = RunMove.parse(kind, payload)
            return await self.rooms.challenges.move(entry[0], entry[1], move.kind)

        return run

    async def join(self, sid: str, payload: Any) -> dict[str, Any]:
        previous = self.fanout.players.by_sid.get(sid)
        if isinstance(payload, dict) and payload.get("token") is None:
            verdict, challenge = await self.guard.admit_join(
                self.key(sid), payload, self.rooms.clock()
            )
            if verdict != "ok":
                ack = acks.error(verdict, _JOIN_REFUSALS[verdict])
                if challenge is not None:
                    ack["challenge"] = challenge
                return ack
        gid, pid, ack = await self.rooms.players.join(sid, Join.parse(payload), self.account_of)
        if previous is not None and previous != (gid, pid):
            await self.leave(sid, previous)
        self.fanout.players.add(sid, gid, pid)
        await self.enter_room(sid, room(gid))
        return ack

    async def suggest_nickname(self, sid: str, payload: Any) -> dict[str, Any]:
        return await self.rooms.players.suggest_nickname(SuggestNickname.parse(payload))

    async def leave(self, sid: str, entry: tuple[str, str]) -> None:
        gid, pid = entry
        self.fanout.players.remove(sid)
        await self.leave_room(sid, room(gid))
        await self.rooms.disconnect(gid, pid, sid)

    async def answer(self, sid: str, payload: Any) -> dict[str, Any]:
        entry = self.fanout.players.by_sid.get(sid)
        if entry is None:
            raise RuleViolation("not_joined", "join the game first")
        ack = await self.rooms.answer(entry[0], entry[1], Answer.parse(payload))
        self.guard.metrics.sockets.answers += 1
        return ack

    async def on_disconnect(self, sid: str) -> None:
        entry = self.fanout.players.remove(sid)
        if entry is not None:
            await self.rooms.disconnect(entry[0], entry[1], sid)


class HostNamespace(_Namespace):
    def __init__(
        self,
        rooms: Rooms,
        fanout: SocketFanout,
        guard: Guard,
        host_of: HostOfToken | None = None,
    ) -> None:
        super().__init__("/host", rooms, fanout, guard)
        # Who a login token belongs to, for ``attach {game_id, token}`` (None: host keys only).
        self.host_of = host_of
        self.attached: dict[str, str] = {}
        self.handlers = {
            "attach": self.attach,
            "roster": self.roster,
            "start": self._command("start"),
            "next": self._command("next"),
            "end": self._command("end"),
            "kick": self.kick,
            "unban": self.unban,
            "lock": self.lock,
            "assign": self.assign,
        }
        self._check_vocabulary()

    def _game(self, sid: str) -> str:
        gid = self.attached.get(sid)
        if gid is None:
            raise RuleViolation("not_attached", "attach to a game with its host key first")
        return gid

    async def attach(self, sid: str, payload: Any) -> dict[str, Any]:
        gid, ack = await self.rooms.host.attach(Attach.parse(payload), self.host_of)
        old = self.attached.get(sid)
        if old is not None and old != gid:
            await self.leave_room(sid, room(old))
        self.attached[sid] = gid
        await self.enter_room(sid, room(gid))
        return ack

    def _command(self, name: Any) -> Handler:
        async def run(sid: str, payload: Any) -> dict[str, Any]:
            gid = self._game(sid)
            parse_command(payload)
            return await self.rooms.host.command(gid, name)

        return run

    async def roster(self, sid: str, payload: Any) -> dict[str, Any]:
        gid = self._game(sid)
        return await self.rooms.host.roster_page(gid, RosterPage.parse(payload))

    async def kick(self, sid: str, payload: Any) -> dict[str, Any]:
        gid = self._game(sid)
        return await self.rooms.host.kick(gid, Kick.parse(payload))

    async def unban(self, sid: str, payload: Any) -> dict[str, Any]:
        gid = self._game(sid)
        return await self.rooms.host.unban(gid, Unban.parse(payload))

    async def lock(self, sid: str, payload: Any) -> dict[str, Any]:
        gid = self._game(sid)
        return await self.rooms.host.lock(gid, Lock.parse(payload))

    async def assign(self, sid: str, payload: Any) -> dict[str, Any]:
        gid = self._game(sid)
        return await self.rooms.host.assign(gid, Assign.parse(payload))

    async def on_disconnect(self, sid: str) -> None:
        self.attached.pop(sid, None)


class ScreenNamespace(_Namespace):
    def __init__(self, rooms: Rooms, fanout: SocketFanout, guard: Guard) -> None:
        super().__init__("/screen", rooms, fanout, guard)
        # sid -> the rooms it watches a game in (room or pin_room of the game).
        self.watching: dict[str, tuple[str, ...]] = {}
        self.handlers = {
            "watch": self.watch,
            "watch_event": self.watch_event,
            "watch_challenge": self.watch_challenge,
        }
        self._check_vocabulary()

    async def watch(self, sid: str, payload: Any) -> dict[str, Any]:
        """``watch {pin, key?}``: with the game's screen key (the host's big-screen link) the
        whole State; with the PIN only, the State as phones get it (``full`` in the ack says
        which)."""
        msg = Watch.parse(payload)
        key = msg.key
        address = self.key(sid)
        # Failed lookups (a wrong PIN or screen key) are limited per address: PINs are short,
        # and a screen needs none.
        if not self.guard.may_watch(address):
            raise RuleViolation("rate_limited", "too many wrong PINs from here; wait a minute")
        try:
            gid = await self.rooms.game_for_pin(parse_pin(msg.pin))
        except RuleViolation:
            self.guard.watch_failed(address)
            raise
        full = key is not None and check_screen_key(self.rooms.settings.secret, "game", gid, key)
        if key is not None and not full:
            self.guard.watch_failed(address)
            raise RuleViolation("forbidden", "wrong screen key; open the host's big-screen link")
        state = await self.rooms.current_state(gid, play=not full)
        for old in self.watching.get(sid, ()):
            await self.leave_room(sid, old)
        joined = room(gid) if full else pin_room(gid)
        self.watching[sid] = (joined,)
        await self.enter_room(sid, joined)
        return {
            "ok": True,
            "state": state,
            "roster": await self.rooms.recent_roster(gid),
            "full": full,
        }

    async def watch_event(self, sid: str, payload: Any) -> dict[str, Any]:
        """Follow an event's leaderboard between rounds (``/screen/event/<id>?key=…``): needs
        the event's screen key, not only its id (which every player's State carries)."""
        msg = WatchEvent.parse(payload)
        eid, key = msg.event_id, msg.key
        board = None
        secret = self.rooms.settings.secret
        if self.fanout.db is not None and check_screen_key(secret, "event", eid, key):
            board = await self.fanout.db.leaderboards.screen(eid)
        if board is None:
            raise RuleViolation("event_not_found", "no such event, or a wrong screen key")
        self.fanout.watch_event(sid, eid)
        return {"ok": True, "event_leaderboard": board}

    async def watch_challenge(self, sid: str, payload: Any) -> dict[str, Any]:
        """Follow a self-paced challenge's standings (``/challenges/<id>/screen``): the room
        of the challenge its PIN names, which gets ``challenge_changed`` as runs land in
        SQL. The PIN is public (every player has it), and so are the standings' updates."""
        msg = WatchChallenge.parse(payload)
        address = self.key(sid)
        if not self.guard.may_watch(address):
            raise RuleViolation("rate_limited", "too many wrong PINs from here; wait a minute")
        try:
            gid, cid = await self.rooms.challenges.challenge_of_pin(msg.pin)
        except RuleViolation:
            self.guard.watch_failed(address)
            raise
        for old in self.watching.get(sid, ()):
            await self.leave_room(sid, old)
        joined = challenge_room(cid)
        self.watching[sid] = (joined,)
        await self.enter_room(sid, joined)
        return {"ok": True, "challenge_id": cid, "game_id": gid}

    async def on_disconnect(self, sid: str) -> None:
        self.watching.pop(sid, None)
        self.fanout.unwatch_event(sid)
