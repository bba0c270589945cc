"""The classic mode over the room runtime: its flow (transitions from ``games.phases``), its
timers, rendering its State, and the players' own figures."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from games.phases import Command, Phase, Position, advance
from games.teams import teams_view
from games.timing import answer_window
from server.modes.classic import views
from server.modes.classic.answers import Answers
from server.modes.classic.results import game_results
from server.modes.classic.standings import Standings, standings, store_results
from server.modes.mode import PhaseChange
from server.node_messages import Reveal
from server.rooms.loaded import LoadedGame
from server.sockets.messages import Answer
from server.store.meta import GameMeta

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms


class ClassicMode:
    """Implements ``server.modes.mode.Mode`` for the live quiz."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms
        self.answers = Answers(rooms)

    # ------------------------------------------------------------------ flow
    def change(self, game: LoadedGame, at: Position, command: Command, now: int) -> PhaseChange:
        """The transition ``command`` makes from ``at``: the next position by the engine's
        rules, the question's answer window when one opens, the moments of the change."""
        new = advance(at, game.count, command)
        fields: dict[str, str | int] = {
            "phase": new.phase.value,
            "qindex": new.question,
            "changed_ms": now,
        }
        if at.phase == Phase.LOBBY:
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
        if at.phase == Phase.QUESTION and new.phase != Phase.QUESTION:
            fields["closed_ms"] = now
            if game.quiz.questions[at.question].scored:
                reset_for = at.question
        if new.phase == Phase.FINISHED:
            fields["finished_ms"] = now
        return PhaseChange(new, fields, reset_for)

    def natural_due(self, game: LoadedGame | None, meta: GameMeta) -> int | None:
        """A question's deadline, or the next automatic step of an unattended game."""
        if meta.phase == Phase.QUESTION:
            return meta.deadline_ms
        if meta.phase not in (Phase.REVEAL, Phase.SCOREBOARD) or game is None:
            return None
        auto = game.settings.auto_advance_ms
        return meta.changed_ms + auto if auto > 0 else None

    def due_command(self, at: Position) -> Command:
        """A due question closes; anything else due moves on."""
        return "close" if at.phase == Phase.QUESTION else "next"

    # ------------------------------------------------------------------ rendering
    async def render(self, game: LoadedGame, meta: GameMeta) -> dict[str, Any]:
        """The State of the game's current seq; at a reveal, each player's result is stored,
        and once finished the results go to the outbox."""
        gid = game.gid
        store = self.rooms.store
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
            now = await standings(store, game)
            if phase == Phase.REVEAL:
                # Answers of players the host removed no longer count anywhere.
                answers = {
                    pid: a
                    for pid, a in (await store.answers(gid, qi)).items()
                    if pid in now.players
                }
                reveal = views.reveal(game.quiz.questions[qi], answers.values(), meta.closed_ms)
                await store_results(store, gid, qi, answers, now)
            else:
                board = views.leaderboard(now.ranked, now.players, now.team_of)
                if now.teams is not None:
                    teams = teams_view(now.teams)
            if phase == Phase.FINISHED and not meta.outboxed:
                await self._finish(game, meta, now)
        return views.state(
            game_id=gid,
            pin=game.pin,
            title=game.title,
            phase=phase,
            seq=meta.seq,
            players=await store.player_count(gid),
            question=question,
            reveal=reveal,
            leaderboard=board,
            teams=teams,
            settings=game.settings,
            event_id=game.event_id,
            require_identifier=game.require_identifier,
        )

    async def _finish(self, game: LoadedGame, meta: GameMeta, now: Standings) -> None:
        store = self.rooms.store
        reached = meta.qindex
        answers_by_q = [await store.answers(game.gid, q) for q in range(max(reached + 1, 0))]
        await self.rooms.finish(game, meta, game_results(game, meta, now, answers_by_q))

    def for_devices(self, game: LoadedGame, state: dict[str, Any]) -> dict[str, Any]:
        return views.for_devices(state, game.settings)

    async def published(self, game: LoadedGame, state: dict[str, Any]) -> None:
        """At a reveal, every node sends its own players their results."""
        if state["phase"] == Phase.REVEAL.value:
            q = int(state["question"]["index"])
            await self.rooms.fanout.broadcast_nodes(Reveal(game.gid, q))

    # ------------------------------------------------------------------ players
    def first_me(self, pid: str, rank: int) -> dict[str, Any]:
        return {"player_id": pid, "score": 0, "rank": rank, "streak": 0, "answered": False}

    async def me(self, gid: str, pid: str, state: dict[str, Any]) -> dict[str, Any]:
        """A returning player's own figures in ``state``."""
        score, streak, rank = await self.rooms.store.player_standing(gid, pid)
        q = state.get("question")
        answered = False
        if q is not None:
            index = int(q["index"])
            answer = await self.rooms.store.answer_of(gid, index, pid)
            answered = answer is not None
            if answer is not None and state.get("phase") == Phase.QUESTION.value:
                # Not revealed yet: give the figures of the last reveal, or a phone that
                # resumes would learn from its score and streak whether it was right.
                score -= int(answer["p"])
                streak = 0
                if index > 0:
                    last = (await self.rooms.store.reveal_results(gid, index - 1, [pid]))[0]
                    streak = int(json.loads(last)["streak"]) if last is not None else 0
        if rank is None:
            rank = await self.rooms.store.rank_by_score(gid, score)
        me: dict[str, Any] = {
            "player_id": pid,
            "score": int(score),
            "rank": rank,
            "streak": streak,
            "answered": answered,
        }
        if q is not None and state.get("phase") == Phase.REVEAL.value:
            # A phone that comes back during the reveal missed its `result` event.
            stored = (await self.rooms.store.reveal_results(gid, int(q["index"]), [pid]))[0]
            if stored is not None:
                me["result"] = json.loads(stored)
        return me

    async def answer(self, game: LoadedGame, pid: str, msg: Answer) -> dict[str, Any]:
        return await self.answers.answer(game, pid, msg)

    async def player_arrived(self, gid: str, state: dict[str, Any]) -> None:
        # A join or resume changes how many are connected, so the answer count's total.
        if state.get("phase") == Phase.QUESTION.value and state.get("question"):
            await self.rooms.fanout.progress_changed(gid, int(state["question"]["index"]))

    async def players_returned(self, gid: str) -> None:
        meta = await self.rooms.store.meta(gid)
        if meta is not None and meta.phase == Phase.QUESTION:
            await self.rooms.fanout.progress_changed(gid, meta.qindex)

    async def players_left(self, gid: str) -> None:
        """While a question is open, the answer count's total changed, and everyone still
        connected may now have answered (close it)."""
        meta = await self.rooms.store.meta(gid)
        if meta is not None and meta.phase == Phase.QUESTION:
            q = meta.qindex
            await self.rooms.fanout.progress_changed(gid, q)
            if await self.rooms.store.all_answered(gid, q):
                self.rooms.close_soon(gid, q)
