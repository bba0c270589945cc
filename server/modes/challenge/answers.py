"""Where a self-paced answer goes: ``/play`` ``answer`` on a challenge's game →
``Rooms.answer`` → ``ChallengeMode.answer`` → here.

1. The run's question window is read from the run (its hash in Redis; the phone's clock
   never counts): ``answers_not_open`` before the reading time ends.
2. The answer is checked against the question (games.kinds) and scored as a live game's
   (games.scoring: base points here, the streak bonus in the script).
3. ``GameStore.answer_run`` runs run_answer.lua: the gate (``wrong_question``,
   ``already_answered``, ``question_closed`` after the run's deadline, ``invalid_answer``),
   the record, the score, the streak and the reveal, atomically, before the ack.
   The same script removes the question's deadline timer and reads the run as its view
   shows it (rank, runs shown), so a run that goes on costs two round trips in all.
4. After the last question (or once the challenge closed) the run ends into the outbox
   (flow.RunFlow.settle; run_end.lua removes the timer then).
5. The ack is ``{"ok": true, "run": RunView}`` at the reveal, with the correct answer.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.runs import is_last
from games.scoring import STREAK_STEP
from games.timing import AnswerWindow
from server.modes.challenge.flow import RETRIES, RunFlow
from server.modes.challenge.opening import ChallengeInfo
from server.modes.classic.answers import ANSWER_MESSAGES
from server.rooms.loaded import LoadedGame
from server.sockets.messages import Answer

if TYPE_CHECKING:
    from server.rooms.runtime import Rooms


class RunAnswers:
    """Takes the answers of self-paced runs."""

    def __init__(self, rooms: Rooms, flow: RunFlow) -> None:
        self.rooms = rooms
        self.flow = flow

    async def answer(self, game: LoadedGame, pid: str, msg: Answer) -> dict[str, Any]:
        """Record a run's answer: the ack carries the reveal (the answer closes the player's
        question at once)."""
        q, value = msg.question, msg.value
        gid = game.gid
        store = self.rooms.store
        now = self.rooms.clock()
        if not 0 <= q < game.count:
            raise RuleViolation("wrong_question", "that is not the current question")
        question = game.quiz.questions[q]
        verdict = question.judge(value)
        valid = verdict is not None
        rules = game.settings.rules()
        limit_ms = game.settings.time_limit_for(question)
        # The window comes from the run this node remembers (flow.RunFlow.note) or, when it
        # has none or the script finds it moved since, from the run read now.
        hint = self.flow.hint(gid, pid)
        for _ in range(RETRIES):
            if hint is not None:
                run, hint, remembered = hint, None, True
            else:
                read = await store.read_run(gid, pid)
                if read is None:
                    raise RuleViolation("not_joined", "join the challenge first")
                run, remembered = read.run, False
            window = None
            if run.get("status") == "question" and int(run.get("q", "-1")) == q:
                window = AnswerWindow(
                    int(run["opened_ms"]), int(run["answers_open_ms"]), int(run["deadline_ms"])
                )
                if now <= window.deadline_ms:
                    if remembered and now < window.answers_open_ms:
                        continue  # refused only from the run as read now
                    window.check_open(now)  # "read the question first": nothing changed
            elapsed = window.elapsed(now) if window else 0
            base = (
                rules.base_points(question, verdict, elapsed, time_limit_ms=limit_ms)
                if verdict
                else 0
            )
            reply = await store.answer_run(
                gid, pid, q, now_ms=now, valid=valid,
                answer_json=json.dumps(value) if valid else "null", elapsed_ms=elapsed,
                correct=bool(verdict and verdict.correct), scored=question.scored,
                base_points=base, step=STREAK_STEP, cap=rules.bonus_cap(question),
                closes_ms=ChallengeInfo.read(game.mode_doc).closes_ms,
                last=is_last(q, game.count), expect=(run.get("run", ""), run.get("step", "")),
            )  # fmt: skip
            if reply.code == "moved":
                continue
            if reply.code != "ok" or reply.shown is None:
                raise RuleViolation(reply.code, ANSWER_MESSAGES.get(reply.code, reply.code))
            self.flow.note(gid, pid, reply.shown)
            # A run that ends here keeps its timer until run_end.lua: a node dying in between
            # leaves the timer to end it.
            await self.flow.settle(game, pid, reply.shown, closed=reply.closed)
            return {"ok": True, "run": self.flow.view(game, reply.shown)}
        raise RuleViolation("unavailable", "the run kept moving; try again")  # pragma: no cover
