"""The room runtime: loading and creating games, PIN lookup, connections, settling and
publishing transitions, and the timers that move games on (see the package's docstring)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import secrets
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from games.errors import RuleViolation
from games.nicknames import Blocklist
from games.phases import Command, Phase, Position
from games.quiz import Quiz, parse_quiz
from games.settings import GameSettings, parse_settings
from server.clock import now_ms
from server.db.records import GameResults
from server.modes.challenge.desk import ChallengeDesk
from server.modes.classic.mode import ClassicMode
from server.modes.mode import Mode
from server.rooms.fanout import Fanout
from server.rooms.hosting import HostDesk
from server.rooms.joining import PlayerDoor
from server.rooms.loaded import (
    CreatedGame,
    GameLedger,
    LoadedGame,
    forget_record,
    new_id,
    new_node_id,
    remember,
    sha,
)
from server.settings import Settings
from server.sockets.messages import Answer
from server.store.meta import GameMeta
from server.store.redis_store import GameStore

log = logging.getLogger("huddle.live")

WATCHDOG_MS = 1500
ROSTER_RECENT = 100
PIN_CACHE_MS = 5000


class Rooms:
    """The runtime every mode shares; one per node, used by every namespace, the HTTP API,
    the timers and the outbox. Players come in through ``players``, hosts act through
    ``host``; a game's moves go to its mode."""

    def __init__(
        self,
        settings: Settings,
        store: GameStore,
        fanout: Fanout,
        clock: Callable[[], int] = now_ms,
        blocklist: Blocklist | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.fanout = fanout
        self.clock = clock
        self.blocklist = blocklist or Blocklist.of(())
        self.rng = random.SystemRandom()
        self._games: dict[str, LoadedGame] = {}
        self._pins: dict[str, tuple[str, int]] = {}  # PIN -> (game id, until ms)
        self._tasks: set[asyncio.Task[None]] = set()
        # Set when this node starts shutting down: see ``disconnect``.
        self.stopping = False
        # This node's id in Redis: every player connection it records is ``<node_id>|<sid>``,
        # so other nodes can forget them when it dies (server/nodes.py, which may change it).
        self.node_id = new_node_id()
        self.players = PlayerDoor(self)
        self.host = HostDesk(self)
        self._classic = ClassicMode(self)
        # Self-paced challenges: their own package (server/modes/challenge), with its mode.
        self.challenges = ChallengeDesk(self)

    def mode_of(self, game: LoadedGame | None) -> Mode:
        """The way ``game`` is played, named by its snapshot's ``mode`` (classic when this
        node has not loaded the game: only the classic mode acts on a game it has not)."""
        if game is not None and game.mode == self.challenges.mode_name:
            return self.challenges.mode
        return self._classic

    # ------------------------------------------------------------------ loading
    async def load(self, gid: str) -> LoadedGame:
        """The game's immutable part; ``game_not_found`` when Redis has no such game."""
        cached = self._games.get(gid)
        if cached is not None:
            return cached
        raw = await self.store.quiz_json(gid)
        meta = await self.store.meta(gid)
        if raw is None or meta is None or not meta.pin:
            raise RuleViolation("game_not_found", "no such game")
        doc = json.loads(raw)
        game = LoadedGame(
            gid=gid,
            pin=meta.pin,
            title=meta.title,
            quiz=parse_quiz(doc["quiz"]),
            settings=parse_settings(doc["settings"]),
            event_id=meta.event_id,
            require_identifier=meta.require_identifier,
            fixed_teams=doc.get("fixed_teams") or {},
            mode=doc.get("mode") or "classic",
            mode_doc=doc.get("mode_doc") or {},
        )
        remember(self._games, gid, game)
        return game

    async def game_for_pin(self, pin_s: str) -> str:
        """The id of the game a PIN (``messages.parse_pin``) names; ``game_not_found`` when
        none does."""
        if not (pin_s.isdigit() and len(pin_s) <= 10):
            raise RuleViolation("game_not_found", "no game has this PIN")
        now = self.clock()
        cached = self._pins.get(pin_s)
        if cached is not None and cached[1] > now:
            return cached[0]
        gid = await self.store.game_for_pin(pin_s)
        if gid is None:
            raise RuleViolation("game_not_found", "no game has this PIN")
        # A lobby filling up asks for the same PIN hundreds of times a second. A PIN stays
        # with its game until the game's keys expire, so a few seconds' memory is safe; a
        # join that finds the game gone forgets it at once (forget_pin).
        remember(self._pins, pin_s, (gid, now + PIN_CACHE_MS))
        return gid

    def forget_pin(self, pin: str) -> bool:
        """Drop a remembered PIN (its game was not found or is over); False if none was."""
        return self._pins.pop(pin, None) is not None

    # ------------------------------------------------------------------ creation
    async def create(
        self,
        *,
        host_id: str,
        quiz_id: str,
        quiz: Quiz,
        settings: GameSettings,
        event_id: str | None = None,
        require_identifier: bool = False,
        ledger: GameLedger | None = None,
        workspace_id: str | None = None,
        fixed_teams: Mapping[str, str] | None = None,
    ) -> CreatedGame:
        """Create a game in Redis, in the lobby, with a fresh PIN and host key.

        `host_id` is the account that creates it, `workspace_id` the workspace that owns it
        (whose hosts may attach with their login). A game that is a round of an event names
        it; players of an event that asks for an identifier must give one at ``join``. With a
        `ledger`, the game is recorded there (in SQL) before its PIN is claimed, and the record
        is forgotten when creating the game fails after it: Redis never holds a game SQL does
        not. `fixed_teams` names the people whose team is decided (games.teams.fixed_team).
        """
        quiz = quiz.prepare(self.rng)  # order questions get their shown (shuffled) order
        gid = new_id()
        host_key = secrets.token_urlsafe(24)
        ttl = self.settings.idle_ttl_s
        pin = await self.claim_pin(gid, quiz, ttl, ledger)
        try:
            created = await self._open(
                gid, pin, host_key, quiz, settings, ttl,
                host_id=host_id, quiz_id=quiz_id, event_id=event_id,
                require_identifier=require_identifier, workspace_id=workspace_id,
                fixed_teams=dict(fixed_teams or {}),
            )  # fmt: skip
        except BaseException:
            with contextlib.suppress(Exception):
                await self.store.delete_game(gid, len(quiz.questions), pin, host_id)
            await forget_record(ledger, gid)
            raise
        log.info(
            "game created: %d questions, host %s", len(quiz.questions), host_id,
            extra={"game_id": gid},
        )  # fmt: skip
        return created

    async def claim_pin(self, gid: str, quiz: Quiz, ttl: int, ledger: GameLedger | None) -> str:
        """A free PIN, claimed for `gid` (for `ttl` seconds) once the game is recorded with it
        in the ledger."""
        for _ in range(50):
            pin = f"{100000 + secrets.randbelow(900000)}"
            if ledger is not None:
                await ledger.record(gid, pin, quiz)
            try:
                if await self.store.claim_pin(pin, gid, ttl):
                    return pin
            except BaseException:
                await forget_record(ledger, gid)
                raise
            # Taken: the record names that PIN, so it goes and the next one is recorded anew
            # (a rare collision, so no "change the PIN" write in SQL for it).
            await forget_record(ledger, gid)
        raise RuleViolation("unavailable", "no free PIN; try again")  # a million PINs all taken

    async def _open(
        self,
        gid: str,
        pin: str,
        host_key: str,
        quiz: Quiz,
        settings: GameSettings,
        ttl: int,
        *,
        host_id: str,
        quiz_id: str,
        event_id: str | None,
        require_identifier: bool,
        workspace_id: str | None,
        fixed_teams: dict[str, str],
    ) -> CreatedGame:
        """Write the Redis keys of a game in the lobby whose PIN is claimed."""
        now = self.clock()
        meta = GameMeta(
            id=gid,
            pin=pin,
            title=quiz.title,
            host_id=host_id,
            quiz_id=quiz_id,
            phase=Phase.LOBBY,
            seq=1,
            qindex=-1,
            count=len(quiz.questions),
            locked=False,
            created_ms=now,
            rendered_seq=1,
            published_seq=1,
            host_key=sha(host_key),
            event_id=event_id,
            require_identifier=require_identifier,
            workspace_id=workspace_id,
        )
        game = LoadedGame(
            gid, pin, quiz.title, quiz, settings, event_id, require_identifier, fixed_teams
        )
        mode = self.mode_of(game)
        first = await mode.render(game, meta)
        doc: dict[str, Any] = {"quiz": quiz.to_doc(), "settings": settings.to_doc()}
        if fixed_teams:
            doc["fixed_teams"] = fixed_teams
        snapshot = json.dumps(doc)
        await self.store.create_game(meta, snapshot, json.dumps(first), ttl)
        await self.store.write_state(
            gid, 1, json.dumps(first), json.dumps(mode.for_devices(game, first))
        )
        await self.store.add_host_game(host_id, gid, now + ttl * 1000, ttl)
        self._games[gid] = game
        return CreatedGame(gid, pin, host_key, f"{self.settings.base_url}/join/{pin}", quiz)

    async def delete(self, gid: str, pin: str, question_count: int, host_id: str) -> None:
        """Delete what Redis holds of a game (it is not running: the caller checked)."""
        await self.store.delete_game(gid, question_count, pin, host_id)
        self._games.pop(gid, None)
        self.forget_pin(pin)

    # ------------------------------------------------------------------ state
    async def current_state(self, gid: str, *, play: bool = False) -> dict[str, Any]:
        """The game's current State (with ``play``, as phones get it), rendering it if the
        node that moved it did not."""
        meta = await self.store.meta(gid)
        if meta is None:
            raise RuleViolation("game_not_found", "no such game")
        if meta.rendered_seq < meta.seq:
            await self.settle(gid)
        raw = await self.store.state_json(gid, play=play)
        if raw is None:
            raise RuleViolation("game_not_found", "no such game")
        state: dict[str, Any] = json.loads(raw)
        return state

    async def roster(self, gid: str, offset: int = 0, limit: int = ROSTER_RECENT) -> dict[str, Any]:
        """A page of the roster in join order, and the player count."""
        players, count = await self.store.roster(gid, offset, limit)
        return {"players": players, "count": count}

    async def recent_roster(self, gid: str) -> dict[str, Any]:
        """The players who joined last (in join order), and the player count."""
        players, count = await self.store.roster(gid, 0, ROSTER_RECENT, newest_first=True)
        players.reverse()
        return {"players": players, "count": count}

    # ------------------------------------------------------------------ players' moves
    async def answer(self, gid: str, pid: str, msg: Answer) -> dict[str, Any]:
        """A player's move, handed to the game's mode; the ack."""
        game = await self.load(gid)
        return await self.mode_of(game).answer(game, pid, msg)

    # ------------------------------------------------------------------ connections
    async def disconnect(self, gid: str, pid: str, sid: str) -> None:
        """A player's socket went away."""
        if self.stopping:
            # This node is going away, not the player: its connection stays recorded, as
            # after a crash, until the player resumes on another node. Forgetting it would
            # let the shutdown close an open question early (every *connected* player has
            # answered once nobody is connected), or let the first players back close it
            # before the others have reconnected.
            return
        if await self.store.disconnect(gid, pid, sid):
            await self.fanout.roster_changed(gid)
            await self.players_left(gid)

    async def connections_lost(self, gid: str) -> None:
        """A dead node's players of this game no longer count as connected (server/nodes.py):
        the same as their disconnecting."""
        await self.fanout.roster_changed(gid)
        await self.players_left(gid)

    async def players_left(self, gid: str) -> None:
        """Someone stopped counting as connected (or was removed): the game's mode may act."""
        await self.mode_of(self._games.get(gid)).players_left(gid)

    async def connections_restored(self, gid: str) -> None:
        """Players this node holds count as connected again (server/nodes.py)."""
        await self.fanout.roster_changed(gid)
        await self.mode_of(self._games.get(gid)).players_returned(gid)

    # ------------------------------------------------------------------ transitions
    async def transition(
        self, gid: str, command: Command, *, expect: Position | None = None
    ) -> dict[str, Any] | None:
        """Apply ``command``; the new State, or None when another node moved the game first
        (or it is no longer at the position the caller expected)."""
        game = await self.load(gid)
        meta = await self.store.meta(gid)
        if meta is None:
            raise RuleViolation("game_not_found", "no such game")
        pos = meta.position
        if expect is not None and pos != expect:
            return None
        now = self.clock()
        change = self.mode_of(game).change(game, pos, command, now)
        watchdog = now + WATCHDOG_MS + secrets.randbelow(1000)
        await self.store.schedule(gid, watchdog)
        seq = await self.store.transition(
            gid, meta.seq, change.fields, reset_streaks_for=change.reset_streaks_for
        )
        if not seq:
            return None
        if pos.phase == Phase.LOBBY:
            log.info("game started", extra={"game_id": gid})
        if change.to.phase == Phase.FINISHED:
            log.info("game finished (%s)", command, extra={"game_id": gid})
        state = await self.settle(gid)
        await self._reschedule(game, watchdog)
        # Another node may have moved the game on already; the command still happened.
        return state if state is not None else await self.current_state(gid)

    def close_soon(self, gid: str, q: int) -> None:
        """Close question ``q`` in the background, if it is still open (everyone answered)."""
        self.spawn(self._close_if_open(gid, q))

    async def _close_if_open(self, gid: str, q: int) -> None:
        with contextlib.suppress(RuleViolation):
            await self.transition(gid, "close", expect=Position(Phase.QUESTION, q))

    async def settle(self, gid: str) -> dict[str, Any] | None:
        """Render, store and publish the State of the game's current seq.

        Published at least once: ``published_seq`` is marked only after the emit, so a node
        that dies in between leaves it for the watchdog (``on_timer``) to publish again, and
        clients may get the same ``seq`` twice (harmless, docs/protocol.md)."""
        meta = await self.store.meta(gid)
        if meta is None:
            return None
        game = await self.load(gid)
        mode = self.mode_of(game)
        seq = meta.seq
        state: dict[str, Any] | None = None
        play: dict[str, Any] | None = None
        if meta.rendered_seq < seq:
            state = await mode.render(game, meta)
            play = mode.for_devices(game, state)
            if not await self.store.write_state(gid, seq, json.dumps(state), json.dumps(play)):
                return None
        if state is None or play is None:
            raw = await self.store.state_json(gid)
            raw_play = await self.store.state_json(gid, play=True)
            if raw is None or raw_play is None:
                return None
            state, play = json.loads(raw), json.loads(raw_play)
        if meta.published_seq < seq:
            await self.fanout.state(gid, state, play)
            await mode.published(game, state)
            if meta.phase != Phase.FINISHED:
                # Keys made since the last transition (answers, results) get a lifetime too,
                # so an abandoned game does not stay in Redis for ever.
                await self.store.expire_game(gid, game.count, self.settings.idle_ttl_s, game.pin)
            await self.store.mark_published(gid, seq)
        return state

    async def finish(self, game: LoadedGame, meta: GameMeta, results: GameResults) -> None:
        """Hand a finished game's results to the outbox (and so to SQL), then let its keys
        expire."""
        gid = game.gid
        await self.store.push_outbox(results.to_json())
        await self.store.set_meta(gid, {"outboxed": 1})
        await self.store.expire_game(gid, game.count, self.settings.finished_ttl_s, game.pin)
        if meta.host_id:
            await self.store.forget_host_game(meta.host_id, gid)

    # ------------------------------------------------------------------ timers
    async def _reschedule(self, game: LoadedGame, expected_ms: int) -> None:
        # The caller's loaded game, not this node's cache: an evicted entry would read as a
        # game without settings (no automatic step due).
        gid = game.gid
        meta = await self.store.meta(gid)
        due = None if meta is None else self.mode_of(game).natural_due(game, meta)
        await self.store.swap_timer(gid, expected_ms, due)

    async def on_timer(self, gid: str, lease_ms: int) -> None:
        """A due timer this node claimed: repair an unfinished settle, close a due question."""
        meta = await self.store.meta(gid)
        if meta is None:
            await self.store.swap_timer(gid, lease_ms, None)
            return
        if meta.published_seq < meta.seq:
            await self.settle(gid)
        game = await self.load(gid)  # game_not_found (its keys half gone) ends this timer run
        mode = self.mode_of(game)
        due = mode.natural_due(game, meta)
        if due is not None and self.clock() >= due:
            with contextlib.suppress(RuleViolation):
                await self.transition(gid, mode.due_command(meta.position), expect=meta.position)
        await self._reschedule(game, lease_ms)

    # ------------------------------------------------------------------ tasks
    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run ``coro`` in the background (``drain`` waits for it)."""
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait for background work (used at shutdown and by tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
