"""The classic mode's answers: checking a player's answer against the open question,
scoring it, and recording it with one atomic script call (the hot path: answer → the
``answer`` script → ack)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.phases import Phase
from games.scoring import STREAK_STEP
from games.timing import AnswerWindow
from server.rooms.loaded import LoadedGame, remember
from server.sockets.messages import Answer

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms


class Answers:
    """Takes the players' answers; remembers each question's answer window (immutable once
    the question opened) so most answers cost one Redis call."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms
        self._opened: dict[tuple[str, int], AnswerWindow] = {}

    async def answer(self, game: LoadedGame, pid: str, msg: Answer) -> dict[str, Any]:
        """Record a player's answer; the ack says only that it counted."""
        q, value = msg.question, msg.value
        gid = game.gid
        now = self.rooms.clock()
        if not 0 <= q < game.count:
            raise RuleViolation("wrong_question", "that is not the current question")
        question = game.quiz.questions[q]
        for attempt in range(2):
            opened = await self._opened_at(gid, q, fresh=attempt > 0)
            verdict = question.judge(value)
            valid = verdict is not None
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
            result = await self.rooms.store.answer(
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
                raise RuleViolation(code, ANSWER_MESSAGES.get(code, code))
            await self.rooms.fanout.progress_changed(gid, q)
            if result.all_answered:
                self.rooms.close_soon(gid, q)
            return {"ok": True}
        raise RuleViolation(
            "invalid_answer", "that answer does not fit the question"
        )  # pragma: no cover

    async def _opened_at(self, gid: str, q: int, *, fresh: bool) -> AnswerWindow | None:
        key = (gid, q)
        if not fresh and key in self._opened:
            return self._opened[key]
        meta = await self.rooms.store.meta(gid)
        if meta is None:
            return None
        info = AnswerWindow(meta.opened_ms, meta.answers_open_ms, meta.deadline_ms)
        if meta.phase != Phase.QUESTION or meta.qindex != q:
            if meta.phase in (Phase.REVEAL, Phase.SCOREBOARD) and meta.qindex == q:
                return info
            return None
        remember(self._opened, key, info)
        return info


ANSWER_MESSAGES = {
    "answers_not_open": "read the question first: answers are not open yet",
    "not_joined": "join the game first",
    "wrong_question": "that is not the current question",
    "question_closed": "this question is closed",
    "already_answered": "you have already answered this question",
    "invalid_answer": "that answer does not fit the question",
}
