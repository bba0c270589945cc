"""Live games: the shell around the pure engine.

A request is parsed at the socket edge, checked here against the engine's rules and the
state in Redis, recorded by one atomic store call, then fanned out. Any node can carry any
game on: everything a node keeps in memory is either an immutable cache (a game's quiz and
settings, a question's opening time) or its own sockets.

Transitions are two steps, so a node dying halfway loses nothing:
1. ``GameStore.transition`` compare-and-sets the phase fields on the game's ``seq``
   (a watchdog timer is set first);
2. ``settle`` renders the State for the new seq (reveal, leaderboard, results), stores it,
   publishes it, and only then marks it published. Any node's timer finishes a settle that a
   dead node left undone, so a State goes out at least once (rarely twice).

A player's connection is recorded as ``<node id>|<sid>``; when a node dies, another forgets
its connections (server/nodes.py) just as if its players had disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import random
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from games.errors import RuleViolation
from games.nicknames import Blocklist, clean_nickname, generate_nickname, is_blocked, nickname_key
from games.phases import Command, Phase, Position, advance
from games.questions import Question
from games.quiz import Quiz, parse_quiz
from games.ranking import Ranked, Standing, rank_players
from games.scoring import STREAK_STEP
from games.settings import GameSettings, parse_settings
from games.shuffle import player_shuffle_seed
from games.teams import TeamRanked, choose_team, rank_teams, team_rank, teams_view
from games.text import first_unstorable, storable
from games.timing import AnswerWindow, answer_window
from server import views
from server.clock import now_ms
from server.screen_keys import screen_key
from server.settings import Settings
from server.store.meta import GameMeta
from server.store.redis_store import GameStore

log = logging.getLogger("huddle.live")

WATCHDOG_MS = 1500
ROSTER_RECENT = 100
MAX_ROSTER_PAGE = 500
MAX_BULK_KICK = 1000
# Beyond any roster (and below Redis's 64-bit range offsets).
MAX_ROSTER_OFFSET = 10**9
_CACHE_LIMIT = 5000
PIN_CACHE_MS = 5000
_GAME_GONE = ("game_not_found", "game_over")

_K = TypeVar("_K")
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> None:
    """Put ``key`` in one of the node's caches, dropping the oldest entry when it is full."""
    if len(cache) >= _CACHE_LIMIT:
        cache.pop(next(iter(cache)))
    cache[key] = value


class Fanout(Protocol):
    """Where the live games send events (implemented over Socket.IO in server.sockets)."""

    async def state(self, gid: str, state: dict[str, Any], play: dict[str, Any]) -> None: ...
    async def roster_changed(self, gid: str) -> None: ...
    async def progress_changed(self, gid: str, question: int) -> None: ...
    async def broadcast_nodes(self, message: dict[str, Any]) -> None: ...


@dataclass(frozen=True, slots=True)
class LoadedGame:
    """What never changes during a game, cached per node."""

    gid: str
    pin: str
    title: str
    quiz: Quiz
    settings: GameSettings
    event_id: str | None = None
    require_identifier: bool = False

    @property
    def count(self) -> int:
        return len(self.quiz.questions)


@dataclass(frozen=True, slots=True)
class CreatedGame:
    id: str
    pin: str
    host_key: str
    join_url: str
    quiz: Quiz  # as prepared for this game (order questions' shown order)


# The host id of a valid, unrevoked login token, or None (server/auth.py, host_for_token).
HostOfToken = Callable[[str], Awaitable[str | None]]


def new_node_id() -> str:
    return secrets.token_hex(5)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _require_dict(payload: object) -> dict[str, Any]:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise RuleViolation("invalid", "the payload must be a JSON object")
    return payload


class LiveGames:
    """Game operations shared by every namespace, the HTTP API, the timers and the outbox."""

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
        self._rng = random.SystemRandom()
        self._games: dict[str, LoadedGame] = {}
        self._opened: dict[tuple[str, int], AnswerWindow] = {}
        self._pins: dict[str, tuple[str, int]] = {}  # PIN -> (game id, until ms)
        self._tasks: set[asyncio.Task[None]] = set()
        # Set when this node starts shutting down: see ``disconnect``.
        self.stopping = False
        # This node's id in Redis: every player connection it records is ``<node_id>|<sid>``,
        # so other nodes can forget them when it dies (server/nodes.py, which may change it).
        self.node_id = new_node_id()

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
        )
        _remember(self._games, gid, game)
        return game

    async def game_for_pin(self, pin: object) -> str:
        if not isinstance(pin, str | int) or isinstance(pin, bool):
            raise RuleViolation("invalid", "pin must be a string of digits")
        pin_s = str(pin).strip()
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
        _remember(self._pins, pin_s, (gid, now + PIN_CACHE_MS))
        return gid

    def forget_pin(self, pin: object) -> bool:
        """Drop a remembered PIN (its game was not found or is over); False if none was."""
        return self._pins.pop(str(pin).strip(), None) is not None

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
    ) -> CreatedGame:
        """Create a game in Redis, in the lobby, with a fresh PIN and host key.

        A game that is a round of an event names it; players of an event that asks for an
        identifier must give one at ``join``.
        """
        quiz = quiz.prepare(self._rng)  # order questions get their shown (shuffled) order
        gid = secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")
        host_key = secrets.token_urlsafe(24)
        ttl = self.settings.idle_ttl_s
        for _ in range(50):
            pin = f"{100000 + secrets.randbelow(900000)}"
            if await self.store.claim_pin(pin, gid, ttl):
                break
        else:  # pragma: no cover - a million PINs all taken
            raise RuleViolation("unavailable", "no free PIN; try again")
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
            host_key=_sha(host_key),
            event_id=event_id,
            require_identifier=require_identifier,
        )
        game = LoadedGame(gid, pin, quiz.title, quiz, settings, event_id, require_identifier)
        first = views.state(
            game_id=gid,
            pin=pin,
            title=quiz.title,
            phase=Phase.LOBBY,
            seq=1,
            players=0,
            question=None,
            reveal=None,
            leaderboard=None,
            teams=None,
            settings=settings,
            event_id=event_id,
            require_identifier=require_identifier,
        )
        snapshot = json.dumps({"quiz": quiz.to_doc(), "settings": settings.to_doc()})
        await self.store.create_game(meta, snapshot, json.dumps(first), ttl)
        await self.store.write_state(
            gid, 1, json.dumps(first), json.dumps(views.for_devices(first, settings))
        )
        await self.store.add_host_game(host_id, gid, now + ttl * 1000, ttl)
        self._games[gid] = game
        log.info(
            "game created: %d questions, host %s", len(quiz.questions), host_id,
            extra={"game_id": gid},
        )  # fmt: skip
        return CreatedGame(gid, pin, host_key, f"{self.settings.base_url}/join/{pin}", quiz)

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
        players, count = await self.store.roster(gid, offset, limit)
        return {"players": players, "count": count}

    async def recent_roster(self, gid: str) -> dict[str, Any]:
        players, count = await self.store.roster(gid, 0, ROSTER_RECENT, newest_first=True)
        players.reverse()
        return {"players": players, "count": count}

    # ------------------------------------------------------------------ players
    async def join(self, sid: str, payload: object) -> tuple[str, str, dict[str, Any]]:
        """A player joins (or resumes with a token). Returns (game id, player id, ack)."""
        try:
            return await self._join(sid, payload)
        except RuleViolation as err:
            # The PIN's game was remembered but is gone (its PIN may be another game's by
            # now): look the PIN up again, once. A refused join changed nothing.
            pin = payload.get("pin") if isinstance(payload, dict) else None
            if err.code in _GAME_GONE and self.forget_pin(pin):
                return await self._join(sid, payload)
            raise

    async def _join(self, sid: str, payload: object) -> tuple[str, str, dict[str, Any]]:
        data = _require_dict(payload)
        gid = await self.game_for_pin(data.get("pin"))
        game = await self.load(gid)
        token = data.get("token")
        renamed = False
        if token is not None:
            if not isinstance(token, str) or not 8 <= len(token) <= 200:
                raise RuleViolation("invalid", "token must be the string the join gave you")
            node = self.node_id
            resumed = await self.store.resume(node, self.clock(), gid, _sha(token), f"{node}|{sid}")
            if resumed.code != "ok":
                raise RuleViolation(resumed.code, _JOIN_MESSAGES.get(resumed.code, resumed.code))
            pid = resumed.player_id
            player = await self.store.player(gid, pid)
            if player is None:  # pragma: no cover - resume checked membership
                raise RuleViolation("invalid", "token is not valid for this game")
        else:
            requested = clean_nickname(data.get("nickname"))
            nickname = requested
            if is_blocked(nickname, self.blocklist):
                # Suggest a friendly name instead of turning the player away.
                nickname = await self.suggest(gid)
                renamed = True
            teams = game.settings.teams
            team_mode, team = "", ""
            names: tuple[str, ...] = ()
            if teams is not None:
                team_mode, names = teams.mode, teams.names
                if teams.mode == "choose":
                    team = choose_team(data.get("team"), teams.names)
            elif data.get("team") is not None and not isinstance(data.get("team"), str):
                raise RuleViolation("invalid", "team must be a string")
            identifier, player_key = _identity(data)
            if identifier is None and game.require_identifier:
                raise RuleViolation(
                    "identifier_required", "this event asks for your e-mail or id to join"
                )
            token = secrets.token_urlsafe(24)
            pid = secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")
            key = nickname_key(nickname)
            player = {
                "id": pid,
                "nickname": nickname,
                "team": None,
                "joined_ms": self.clock(),
                "key": key,
                "th": _sha(token),
                "identifier": identifier,
                "player_key": player_key,
            }
            s = game.settings
            node = self.node_id
            result = await self.store.join(
                node,
                self.clock(),
                gid,
                pid=pid,
                nick_key=key,
                player_json=json.dumps(player),
                token_hash=player["th"],
                conn=f"{node}|{sid}",
                late_join=s.late_join,
                max_players=s.max_players or 0,
                team_mode=team_mode,
                team=team,
                team_names=names if team_mode == "auto" else (),
                player_key=player_key,
                identifier=identifier,
            )
            if result.code != "ok":
                raise RuleViolation(result.code, _JOIN_MESSAGES.get(result.code, result.code))
        await self.fanout.roster_changed(gid)
        if data.get("token") is None:
            # A new player: the join script also answered the phones' State (when it is
            # rendered for the current seq) and where a score of 0 ranks.
            raw_state, rank = result.state_json, result.rank
            if raw_state is None:
                state = await self.current_state(gid, play=True)
            else:
                state = json.loads(raw_state)
            # The cached State was rendered before this join (joins do not re-render it): the
            # script's count, taken atomically with the join, includes the new player.
            state["players"] = result.count
            state["me"] = {
                "player_id": pid,
                "score": 0,
                "rank": rank,
                "streak": 0,
                "answered": False,
            }
            player_team = result.team
        else:
            state = await self.current_state(gid, play=True)
            state["me"] = await self._me(gid, pid, state)
            player_team = await self.store.team_of(gid, pid)
        ack: dict[str, Any] = {
            "ok": True,
            "player": {
                "id": pid,
                "nickname": player["nickname"],
                "team": player_team,
            },
            "token": token,
            "state": state,
        }
        if renamed:
            ack["renamed"] = True
        if game.settings.shuffle_choices:
            ack["shuffle_seed"] = player_shuffle_seed(pid)
        await self._progress_if_open(gid, state)
        return gid, pid, ack

    async def suggest(self, gid: str) -> str:
        """A friendly generated nickname nobody in the game has yet."""
        for _ in range(20):
            name = generate_nickname(self._rng, blocklist=self.blocklist)
            if not await self.store.nickname_taken(gid, nickname_key(name)):
                return name
        name = generate_nickname(self._rng, blocklist=self.blocklist)
        for _ in range(20):
            numbered = f"{name} {secrets.randbelow(1000)}"
            if not is_blocked(numbered, self.blocklist):
                return numbered
        return name

    async def suggest_nickname(self, payload: object) -> dict[str, Any]:
        """``/play`` ``suggest_nickname {pin}``: a generated name, when the game offers them."""
        data = _require_dict(payload)
        gid = await self.game_for_pin(data.get("pin"))
        game = await self.load(gid)
        if not game.settings.nickname_generator:
            raise RuleViolation("not_allowed", "this game does not offer generated nicknames")
        return {"ok": True, "nickname": await self.suggest(gid)}

    async def _me(self, gid: str, pid: str, state: dict[str, Any]) -> dict[str, Any]:
        score, streak, rank = await self.store.player_standing(gid, pid)
        q = state.get("question")
        answered = False
        if q is not None:
            index = int(q["index"])
            answer = await self.store.answer_of(gid, index, pid)
            answered = answer is not None
            if answer is not None and state.get("phase") == Phase.QUESTION.value:
                # Not revealed yet: give the figures of the last reveal, or a phone that
                # resumes would learn from its score and streak whether it was right.
                score -= int(answer["p"])
                streak = 0
                if index > 0:
                    last = (await self.store.reveal_results(gid, index - 1, [pid]))[0]
                    streak = int(json.loads(last)["streak"]) if last is not None else 0
        if rank is None:
            rank = await self.store.rank_by_score(gid, score)
        me: dict[str, Any] = {
            "player_id": pid,
            "score": int(score),
            "rank": rank,
            "streak": streak,
            "answered": answered,
        }
        if q is not None and state.get("phase") == Phase.REVEAL.value:
            # A phone that comes back during the reveal missed its `result` event.
            stored = (await self.store.reveal_results(gid, int(q["index"]), [pid]))[0]
            if stored is not None:
                me["result"] = json.loads(stored)
        return me

    async def disconnect(self, gid: str, pid: str, sid: str) -> None:
        if self.stopping:
            # This node is going away, not the player: its connection stays recorded, as
            # after a crash, until the player resumes on another node. Forgetting it would
            # let the shutdown close an open question early (every *connected* player has
            # answered once nobody is connected), or let the first players back close it
            # before the others have reconnected.
            return
        if await self.store.disconnect(gid, pid, sid):
            await self.fanout.roster_changed(gid)
            await self._players_left(gid)

    async def connections_lost(self, gid: str) -> None:
        """A dead node's players of this game no longer count as connected (server/nodes.py):
        the same as their disconnecting."""
        await self.fanout.roster_changed(gid)
        await self._players_left(gid)

    async def connections_restored(self, gid: str) -> None:
        """Players this node holds count as connected again (server/nodes.py)."""
        await self.fanout.roster_changed(gid)
        meta = await self.store.meta(gid)
        if meta is not None and meta.phase == Phase.QUESTION:
            await self.fanout.progress_changed(gid, meta.qindex)

    async def _players_left(self, gid: str) -> None:
        """Someone stopped counting as connected: while a question is open, the answer count's
        total changed, and everyone still connected may now have answered (close it)."""
        meta = await self.store.meta(gid)
        if meta is not None and meta.phase == Phase.QUESTION:
            q = meta.qindex
            await self.fanout.progress_changed(gid, q)
            if await self.store.all_answered(gid, q):
                self._spawn(self._close_if_open(gid, q))

    async def _progress_if_open(self, gid: str, state: dict[str, Any]) -> None:
        # A join or resume changes how many are connected, so the answer count's total.
        if state.get("phase") == Phase.QUESTION.value and state.get("question"):
            await self.fanout.progress_changed(gid, int(state["question"]["index"]))

    async def answer(self, gid: str, pid: str, payload: object) -> dict[str, Any]:
        """Record a player's answer; the ack says only that it counted."""
        if (
            not isinstance(payload, dict)
            or not isinstance(payload.get("question"), int)
            or isinstance(payload.get("question"), bool)
            or "answer" not in payload
        ):
            raise RuleViolation(
                "invalid_answer", 'an answer is {"question": <index>, "answer": <value>}'
            )
        q: int = payload["question"]
        value = payload["answer"]
        game = await self.load(gid)
        now = self.clock()
        if not 0 <= q < game.count:
            raise RuleViolation("wrong_question", "that is not the current question")
        question = game.quiz.questions[q]
        for attempt in range(2):
            opened = await self._opened_at(gid, q, fresh=attempt > 0)
            valid, verdict = True, None
            try:
                verdict = question.check(value)
            except RuleViolation:
                valid = False
            if first_unstorable(value) is not None:
                # Text with NUL or a lone surrogate, or NaN, even where the kind's check would
                # normalise it away: it would be stored as given, and SQL refuses it.
                valid = False
            if opened is None:
                valid = False
            else:
                opened.check_open(now)  # "read the question first": refused, nothing changed
            elapsed = opened.elapsed(now) if opened else 0
            rules = game.settings.rules()
            limit_ms = game.settings.time_limit_for(question)
            base = (
                rules.base_points(question, verdict, elapsed, time_limit_ms=limit_ms)
                if verdict
                else 0
            )
            result = await self.store.answer(
                gid,
                q,
                pid=pid,
                now_ms=now,
                valid=valid,
                answer_json=json.dumps(value) if valid else "null",
                elapsed_ms=elapsed,
                correct=bool(verdict and verdict.correct),
                scored=question.scored,
                base_points=base,
                step=STREAK_STEP,
                cap=rules.bonus_cap(question),
            )
            code = result.code
            if code == "invalid_answer" and opened is None and attempt == 0:
                continue  # the question opened between our read and the script: read again
            if code != "ok":
                raise RuleViolation(code, _ANSWER_MESSAGES.get(code, code))
            await self.fanout.progress_changed(gid, q)
            if result.all_answered:
                self._spawn(self._close_if_open(gid, q))
            return {"ok": True}
        raise RuleViolation(
            "invalid_answer", "that answer does not fit the question"
        )  # pragma: no cover

    async def _opened_at(self, gid: str, q: int, *, fresh: bool) -> AnswerWindow | None:
        key = (gid, q)
        if not fresh and key in self._opened:
            return self._opened[key]
        meta = await self.store.meta(gid)
        if meta is None:
            return None
        info = AnswerWindow(meta.opened_ms, meta.answers_open_ms, meta.deadline_ms)
        if meta.phase != Phase.QUESTION or meta.qindex != q:
            if meta.phase in (Phase.REVEAL, Phase.SCOREBOARD) and meta.qindex == q:
                return info
            return None
        _remember(self._opened, key, info)
        return info

    # ------------------------------------------------------------------ host
    async def attach(
        self, payload: object, host_of: HostOfToken | None = None
    ) -> tuple[str, dict[str, Any]]:
        """``attach {game_id, host_key}`` (the browser that created the game), or ``attach
        {game_id, token}`` with a login token of the game's host (any browser of the account;
        `host_of` names the host of a token that is valid and not revoked)."""
        data = _require_dict(payload)
        gid, key, token = data.get("game_id"), data.get("host_key"), data.get("token")
        if not isinstance(gid, str) or len(gid) > 64:
            raise RuleViolation("invalid", "attach takes game_id and host_key (or token) strings")
        if isinstance(key, str) and len(key) <= 200:
            found = await self.store.meta(gid)
            stored = found.host_key if found is not None else None
            # Compare in constant time even when the game does not exist.
            expected = stored or _sha("no such game" + secrets.token_hex(8))
            if not hmac.compare_digest(_sha(key), expected) or stored is None:
                raise RuleViolation("forbidden", "wrong game id or host key")
        elif key is None and isinstance(token, str) and host_of is not None:
            host_id = await host_of(token)
            if host_id is None:
                raise RuleViolation("unauthorized", "the token is invalid, expired or revoked")
            found = await self.store.meta(gid)
            owner = found.host_id if found is not None else None
            if owner is None or not hmac.compare_digest(owner, host_id):
                # The same answer for another host's game and no game at all.
                raise RuleViolation("forbidden", "no game of yours has this id")
        else:
            raise RuleViolation("invalid", "attach takes game_id and host_key (or token) strings")
        state = await self.current_state(gid)
        found = await self.store.meta(gid)
        locked = found is not None and found.locked
        return gid, {
            "ok": True,
            "state": state,
            "roster": await self.recent_roster(gid),
            "locked": locked,
            # For the big screen's link: with it a screen sees the whole question.
            "screen_key": screen_key(self.settings.secret, "game", gid),
        }

    async def delete(self, gid: str, pin: str, question_count: int, host_id: str) -> None:
        """Delete what Redis holds of a game (it is not running: the caller checked)."""
        await self.store.delete_game(gid, question_count, pin, host_id)
        self._games.pop(gid, None)
        self.forget_pin(pin)

    async def command(self, gid: str, command: Command) -> dict[str, Any]:
        """start, next or end, for the host."""
        state = await self._transition(gid, command)
        if state is None:
            raise RuleViolation("conflict", "the game changed meanwhile; try again")
        return {"ok": True, "state": state}

    async def lock(self, gid: str, payload: object) -> dict[str, Any]:
        data = _require_dict(payload)
        locked = data.get("locked")
        if not isinstance(locked, bool):
            raise RuleViolation("invalid", "locked must be true or false")
        if not await self.store.set_meta(gid, {"locked": int(locked)}):
            raise RuleViolation("game_not_found", "no such game")
        log.info("lobby %s", "locked" if locked else "unlocked", extra={"game_id": gid})
        return {"ok": True, "state": await self.current_state(gid), "locked": locked}

    async def kick(self, gid: str, payload: object) -> dict[str, Any]:
        """``/host`` ``kick {player_id, ban?}``, or in bulk ``kick {player_ids: [...], ban?}``
        (at most 1,000 at once; the ack counts the players removed)."""
        data = _require_dict(payload)
        ban = data.get("ban", False)
        if "player_ids" in data:
            pids = data["player_ids"]
            if (
                not isinstance(pids, list)
                or not 1 <= len(pids) <= MAX_BULK_KICK
                or not all(isinstance(p, str) and len(p) <= 64 for p in pids)
            ):
                raise RuleViolation(
                    "invalid", f"player_ids must be a list of 1 to {MAX_BULK_KICK} player ids"
                )
        else:
            pid = data.get("player_id")
            if not isinstance(pid, str) or len(pid) > 64:
                raise RuleViolation("invalid", "kick takes player_id (string) and ban (boolean)")
            pids = [pid]
        if not isinstance(ban, bool):
            raise RuleViolation("invalid", "ban must be true or false")
        removed = 0
        reason = "banned by the host" if ban else "removed by the host"
        for pid in dict.fromkeys(pids):
            player = await self.store.player(gid, pid)
            if player is None:
                continue
            result = await self.store.kick(
                gid,
                pid,
                ban=ban,
                nick_key=player["key"],
                token_hash=player["th"],
                player_key=player.get("player_key"),
                identifier=player.get("identifier"),
            )
            if result.code == "ok":
                removed += 1
                await self.fanout.broadcast_nodes(
                    {"t": "kick", "g": gid, "p": pid, "reason": reason}
                )
        if removed:
            log.info(
                "host removed %d player(s)%s", removed, " and banned them" if ban else "",
                extra={"game_id": gid},
            )  # fmt: skip
        if removed == 0 and "player_ids" not in data:
            raise RuleViolation("player_not_found", "no such player in this game")
        await self.fanout.roster_changed(gid)
        await self._players_left(gid)
        return {"ok": True, "state": await self.current_state(gid), "kicked": removed}

    async def assign(self, gid: str, payload: object) -> dict[str, Any]:
        """``/host`` ``assign {player_id, team}``: move a player to another team, in the lobby."""
        data = _require_dict(payload)
        game = await self.load(gid)
        if game.settings.teams is None:
            raise RuleViolation("not_team_game", "this game has no teams")
        pid = data.get("player_id")
        if not isinstance(pid, str) or len(pid) > 64:
            raise RuleViolation("invalid", "assign takes player_id (string) and team")
        team = choose_team(data.get("team"), game.settings.teams.names)
        code = await self.store.assign_team(gid, pid, team)
        if code != "ok":
            raise RuleViolation(code, _ASSIGN_MESSAGES.get(code, code))
        await self.fanout.roster_changed(gid)
        return {"ok": True, "state": await self.current_state(gid)}

    async def roster_page(self, gid: str, payload: object) -> dict[str, Any]:
        data = _require_dict(payload)
        offset, limit = data.get("offset", 0), data.get("limit", MAX_ROSTER_PAGE)
        for name, v in (("offset", offset), ("limit", limit)):
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_ROSTER_OFFSET:
                raise RuleViolation(
                    "invalid", f"{name} must be a whole number from 0 to {MAX_ROSTER_OFFSET}"
                )
        limit = min(limit, MAX_ROSTER_PAGE)
        page = (
            await self.roster(gid, offset, limit)
            if limit
            else {
                "players": [],
                "count": await self.store.player_count(gid),
            }
        )
        banned = await self.store.banned_players(gid, MAX_ROSTER_PAGE)
        page["banned"] = [{"id": p["id"], "nickname": p["nickname"]} for p in banned]
        return {"ok": True, **page}

    async def unban(self, gid: str, payload: object) -> dict[str, Any]:
        """``/host`` ``unban {player_id}``: the banned player's nickname, device and identifier
        may join again (as a new player: the old token stays void)."""
        data = _require_dict(payload)
        pid = data.get("player_id")
        if not isinstance(pid, str) or not 1 <= len(pid) <= 64:
            raise RuleViolation("invalid", "unban takes player_id (string)")
        player = await self.store.player(gid, pid)
        if player is None or not await self.store.unban(gid, player):
            raise RuleViolation("player_not_found", "no such banned player in this game")
        log.info("host lifted a ban", extra={"game_id": gid, "player_id": pid})
        return {"ok": True, "unbanned": pid}

    # ------------------------------------------------------------------ transitions
    async def _transition(
        self,
        gid: str,
        command: Command,
        *,
        expect_question: int | None = None,
        expect: Position | None = None,
    ) -> dict[str, Any] | None:
        """Apply ``command``; the new State, or None when another node moved the game first
        (or it is no longer at the position the caller expected)."""
        game = await self.load(gid)
        meta = await self.store.meta(gid)
        if meta is None:
            raise RuleViolation("game_not_found", "no such game")
        pos = meta.position
        if expect_question is not None:
            expect = Position(Phase.QUESTION, expect_question)
        if expect is not None and pos != expect:
            return None
        new = advance(pos, game.count, command)
        now = self.clock()
        fields: dict[str, str | int] = {
            "phase": new.phase.value,
            "qindex": new.question,
            "changed_ms": now,
        }
        if pos.phase == Phase.LOBBY:
            fields["started_ms"] = now
        if new.phase == Phase.QUESTION:
            window = answer_window(game.settings, game.quiz.questions[new.question], now)
            fields.update(
                {
                    "opened_ms": window.shown_ms,
                    "answers_open_ms": window.answers_open_ms,
                    "deadline_ms": window.deadline_ms,
                    "closed_ms": "",
                }
            )
        reset_for: int | None = None
        if pos.phase == Phase.QUESTION and new.phase != Phase.QUESTION:
            fields["closed_ms"] = now
            if game.quiz.questions[pos.question].scored:
                reset_for = pos.question
        if new.phase == Phase.FINISHED:
            fields["finished_ms"] = now
        watchdog = now + WATCHDOG_MS + secrets.randbelow(1000)
        await self.store.schedule(gid, watchdog)
        seq = await self.store.transition(gid, meta.seq, fields, reset_streaks_for=reset_for)
        if not seq:
            return None
        if pos.phase == Phase.LOBBY:
            log.info("game started", extra={"game_id": gid})
        if new.phase == Phase.FINISHED:
            log.info("game finished (%s)", command, extra={"game_id": gid})
        state = await self.settle(gid)
        await self._reschedule(gid, watchdog)
        # Another node may have moved the game on already; the command still happened.
        return state if state is not None else await self.current_state(gid)

    async def _close_if_open(self, gid: str, q: int) -> None:
        with contextlib.suppress(RuleViolation):
            await self._transition(gid, "close", expect_question=q)

    async def settle(self, gid: str) -> dict[str, Any] | None:
        """Render, store and publish the State of the game's current seq.

        Published at least once: ``published_seq`` is marked only after the emit, so a node
        that dies in between leaves it for the watchdog (``on_timer``) to publish again, and
        clients may get the same ``seq`` twice (harmless, docs/protocol.md)."""
        meta = await self.store.meta(gid)
        if meta is None:
            return None
        game = await self.load(gid)
        seq = meta.seq
        state: dict[str, Any] | None = None
        play: dict[str, Any] | None = None
        if meta.rendered_seq < seq:
            state = await self._render(game, meta)
            play = views.for_devices(state, game.settings)
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
            if state["phase"] == Phase.REVEAL.value:
                q = int(state["question"]["index"])
                await self.fanout.broadcast_nodes({"t": "reveal", "g": gid, "q": q})
            if state["phase"] != Phase.FINISHED.value:
                # Keys made since the last transition (answers, results) get a lifetime too,
                # so an abandoned game does not stay in Redis for ever.
                await self.store.expire_game(gid, game.count, self.settings.idle_ttl_s, game.pin)
            await self.store.mark_published(gid, seq)
        return state

    async def _render(self, game: LoadedGame, meta: GameMeta) -> dict[str, Any]:
        gid = game.gid
        phase = meta.phase
        qi = meta.qindex
        question = None
        reveal = None
        board = None
        teams = None
        if phase in (Phase.QUESTION, Phase.REVEAL, Phase.SCOREBOARD):
            question = views.question_view(
                game.quiz.questions[qi],
                qi,
                game.count,
                game.settings,
                meta.opened_ms,
                meta.deadline_ms,
                meta.answers_open_ms,
            )
        if phase in (Phase.REVEAL, Phase.SCOREBOARD, Phase.FINISHED):
            standings = await self._standings(gid)
            if phase == Phase.REVEAL:
                # Answers of players the host removed no longer count anywhere.
                answers = {
                    pid: a
                    for pid, a in (await self.store.answers(gid, qi)).items()
                    if pid in standings.players
                }
                reveal = views.reveal(game.quiz.questions[qi], answers.values(), meta.closed_ms)
                await self._store_results(gid, qi, answers, standings)
            else:
                board = views.leaderboard(standings.ranked, standings.players, standings.team_of)
                if standings.teams is not None:
                    teams = teams_view(standings.teams)
            if phase == Phase.FINISHED and not meta.outboxed:
                await self._finish(game, meta, standings)
        return views.state(
            game_id=gid,
            pin=game.pin,
            title=game.title,
            phase=phase,
            seq=meta.seq,
            players=await self.store.player_count(gid),
            question=question,
            reveal=reveal,
            leaderboard=board,
            teams=teams,
            settings=game.settings,
            event_id=game.event_id,
            require_identifier=game.require_identifier,
        )

    async def _standings(self, gid: str) -> Standings:
        scores, stats, order, players_raw, team_of = await self.store.standings_data(gid)
        players = {pid: json.loads(raw) for pid, raw in players_raw.items() if pid in order}
        ranked = rank_players(
            Standing(
                player_id=pid,
                score=int(scores.get(pid, 0)),
                correct_time_ms=int(stats.get(f"{pid}:ctime", 0)),
                join_order=int(n),
            )
            for pid, n in order.items()
        )
        game = await self.load(gid)
        teams = None
        if game.settings.teams is not None:
            answered = {pid: int(stats.get(f"{pid}:answered", 0)) for pid in order}
            teams = rank_teams(game.settings.teams, ranked, team_of, answered)
        return Standings(ranked=ranked, players=players, stats=stats, team_of=team_of, teams=teams)

    async def _store_results(
        self, gid: str, q: int, answers: dict[str, dict[str, Any]], standings: Standings
    ) -> None:
        results: dict[str, str] = {}
        ranks: dict[str, int] = {}
        for r in standings.ranked:
            a = answers.get(r.player_id)
            ranks[r.player_id] = r.rank
            result: dict[str, Any] = {
                "question": q,
                "correct": bool(a and a["c"]),
                "points": int(a["p"]) if a else 0,
                "score": r.score,
                "rank": r.rank,
                "streak": int(standings.stats.get(f"{r.player_id}:streak", 0)),
                # Whether the server has this player's answer: a phone whose answer was still
                # on its way when the question closed learns that it did not arrive in time.
                "answered": a is not None,
            }
            if standings.teams is not None:
                team = standings.team_of.get(r.player_id)
                result["team"] = team
                result["team_rank"] = team_rank(standings.teams, team)
                result["team_score"] = next(
                    (t.score for t in standings.teams if t.team == team), None
                )
            results[r.player_id] = json.dumps(result)
        await self.store.save_reveal(gid, q, results, ranks)

    async def _finish(self, game: LoadedGame, meta: GameMeta, standings: Standings) -> None:
        """Hand the finished game's results to the outbox (and so to SQL), then let keys expire."""
        gid = game.gid
        reached = meta.qindex
        answers_by_q = [await self.store.answers(gid, q) for q in range(max(reached + 1, 0))]
        entry = results_entry(game, meta, standings, answers_by_q)
        await self.store.push_outbox(json.dumps(entry, sort_keys=True))
        await self.store.set_meta(gid, {"outboxed": 1})
        await self.store.expire_game(gid, game.count, self.settings.finished_ttl_s, game.pin)
        if meta.host_id:
            await self.store.forget_host_game(meta.host_id, gid)

    # ------------------------------------------------------------------ timers
    def natural_due(self, meta: GameMeta) -> int | None:
        """When the game next needs a node's attention without anyone asking: a question's
        deadline, or the next automatic step of an unattended game."""
        if meta.phase == Phase.QUESTION:
            return meta.deadline_ms
        if meta.phase in (Phase.REVEAL, Phase.SCOREBOARD):
            game = self._games.get(meta.id)
            if game is not None and game.settings.auto_advance_ms > 0:
                return meta.changed_ms + game.settings.auto_advance_ms
        return None

    async def _reschedule(self, gid: str, expected_ms: int) -> None:
        meta = await self.store.meta(gid)
        await self.store.swap_timer(
            gid, expected_ms, self.natural_due(meta) if meta is not None else None
        )

    async def on_timer(self, gid: str, lease_ms: int) -> None:
        """A due timer this node claimed: repair an unfinished settle, close a due question."""
        meta = await self.store.meta(gid)
        if meta is None:
            await self.store.swap_timer(gid, lease_ms, None)
            return
        if meta.published_seq < meta.seq:
            await self.settle(gid)
        await self.load(gid)
        due = self.natural_due(meta)
        if due is not None and self.clock() >= due:
            position = meta.position
            command: Command = "close" if position.phase == Phase.QUESTION else "next"
            with contextlib.suppress(RuleViolation):
                await self._transition(gid, command, expect=position)
        await self._reschedule(gid, lease_ms)

    # ------------------------------------------------------------------ tasks
    def _spawn(self, coro: Any) -> None:
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


@dataclass(frozen=True, slots=True)
class Standings:
    ranked: list[Ranked]
    players: dict[str, dict[str, Any]]
    stats: dict[str, str]
    team_of: dict[str, str]
    teams: list[TeamRanked] | None


def results_entry(
    game: LoadedGame,
    meta: GameMeta,
    standings: Standings,
    answers_by_q: list[dict[str, dict[str, Any]]],
) -> dict[str, Any]:
    """The outbox entry of a finished game: everything SQL keeps, as JSON."""
    stats = standings.stats
    players = []
    for r in standings.ranked:
        p = standings.players.get(r.player_id, {})
        players.append(
            {
                "player_id": r.player_id,
                "nickname": p.get("nickname", ""),
                "team": standings.team_of.get(r.player_id),
                "score": r.score,
                "rank": r.rank,
                "correct": int(stats.get(f"{r.player_id}:correct", 0)),
                "answered": int(stats.get(f"{r.player_id}:answered", 0)),
                "correct_time_ms": r.correct_time_ms,
                "joined_ms": p.get("joined_ms"),
                "identifier": p.get("identifier"),
                "player_key": p.get("player_key"),
            }
        )
    in_game = set(standings.players)
    answers = []
    questions = []
    for index, question in enumerate(game.quiz.questions):
        given = answers_by_q[index] if index < len(answers_by_q) else {}
        given = {pid: a for pid, a in given.items() if pid in in_game}
        questions.append(_question_summary(index, question, given))
        for pid, a in sorted(given.items()):
            if pid in in_game:
                answers.append(
                    {
                        "player_id": pid,
                        "question": index,
                        "answer": a["a"],
                        "correct": bool(a["c"]),
                        "points": int(a["p"]),
                        "elapsed_ms": int(a["t"]),
                    }
                )
    return {
        "game_id": game.gid,
        "host_id": meta.host_id,
        "event_id": meta.event_id,
        "started_ms": meta.started_ms or None,
        "finished_ms": meta.finished_ms,
        "players": players,
        "answers": answers,
        "questions": questions,
        "teams": teams_view(standings.teams) if standings.teams is not None else [],
    }


def _identity(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """The optional ``identifier`` (e-mail or employee/student id) and device ``player_key``."""
    identifier = data.get("identifier")
    if identifier is not None:
        if (
            not isinstance(identifier, str)
            or not 1 <= len(identifier.strip()) <= 254
            or not storable(identifier)
        ):
            raise RuleViolation(
                "invalid", "identifier must be a string of 1 to 254 characters (valid Unicode)"
            )
        identifier = identifier.strip().lower()
    player_key = data.get("player_key")
    if player_key is not None and (
        not isinstance(player_key, str)
        or not 16 <= len(player_key) <= 128
        or not all(c.isalnum() or c in "-_" for c in player_key)
    ):
        raise RuleViolation("invalid", "player_key must be 16 to 128 letters, digits, - or _")
    return identifier, player_key


def _question_summary(
    index: int, question: Question, given: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    distribution = question.distribution(a["a"] for a in given.values())
    return {
        "index": index,
        "kind": question.kind,
        "prompt": question.prompt,
        "answered": len(given),
        "correct": sum(1 for a in given.values() if a["c"]),
        "distribution": distribution,
    }


_JOIN_MESSAGES = {
    "game_not_found": "no game has this PIN",
    "game_over": "this game has finished",
    "banned": "the host removed you from this game",
    "lobby_locked": "the host has locked this game",
    "game_started": "this game has started and does not take late players",
    "nickname_taken": "someone in this game already has that nickname",
    "game_full": "this game is full",
    "invalid": "token is not valid for this game",
}

_ASSIGN_MESSAGES = {
    "wrong_phase": "players change teams only in the lobby",
    "player_not_found": "no such player in this game",
}

_ANSWER_MESSAGES = {
    "answers_not_open": "read the question first: answers are not open yet",
    "not_joined": "join the game first",
    "wrong_question": "that is not the current question",
    "question_closed": "this question is closed",
    "already_answered": "you have already answered this question",
    "invalid_answer": "that answer does not fit the question",
}
