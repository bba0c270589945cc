"""The rules of a self-paced run (a challenge, server/modes/challenge): its steps, each
question's deadline, and its scoring, which is a live game's (games.scoring) applied to one
player at a time. No I/O: time is an argument.

A run moves ``ready → question 0 → reveal 0 → question 1 → … → reveal last → done``. The
player asks for each next question (``run_next``); a question closes when the player answers
(the reveal comes at once) or at its deadline, whichever is first. The run ends (its results
go to SQL) at the last reveal, or when the challenge closes over it. The store's scripts
(server/store/scripts/run_*.lua) apply these steps atomically; tests/store/test_store_runs.py
proves them equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from games.errors import RuleViolation
from games.kinds.question import Question, Verdict
from games.scoring import Scored, score_answer
from games.settings import GameSettings
from games.timing import AnswerWindow, answer_window

RunStatus = Literal["ready", "question", "reveal", "done"]
STATUSES: tuple[RunStatus, ...] = ("ready", "question", "reveal", "done")


@dataclass(frozen=True, slots=True)
class RunStep:
    """Where a run is: its status and question index (-1 before the first question)."""

    status: RunStatus
    question: int


def next_step(at: RunStep, count: int) -> RunStep:
    """Where ``run_next`` takes a run of a quiz of `count` questions: the next question from
    ready or a reveal, done after the last reveal. A run at a question or done stays (asking
    again returns the current view: a lost ack or a resume is safe)."""
    if at.status == "ready":
        return RunStep("question", 0) if count > 0 else RunStep("done", -1)
    if at.status == "reveal":
        if is_last(at.question, count):
            return RunStep("done", at.question)
        return RunStep("question", at.question + 1)
    return at


def is_last(question: int, count: int) -> bool:
    """Whether `question` is the quiz's last: its reveal ends the run."""
    return question >= count - 1


def run_window(settings: GameSettings, question: Question, shown_ms: int) -> AnswerWindow:
    """The window of a run's question shown at `shown_ms`: the same as in a live game (the
    reading time, then the time limit in force)."""
    return answer_window(settings, question, shown_ms)


def score_run_answer(
    settings: GameSettings,
    question: Question,
    verdict: Verdict | None,
    elapsed_ms: int,
    streak_before: int,
) -> Scored:
    """A run's answer scored as a live game's (`verdict` None: the deadline closed it)."""
    return score_answer(
        settings.rules(), question, verdict, elapsed_ms, streak_before,
        settings.time_limit_for(question),
    )  # fmt: skip


def may_start_attempt(attempts_used: int, attempts: int) -> None:
    """Refuse a new attempt beyond the challenge's `attempts` (``no_attempts_left``)."""
    if attempts_used >= attempts:
        raise RuleViolation("no_attempts_left", "you have used every attempt at this challenge")


def within(now_ms: int, opens_ms: int, closes_ms: int) -> None:
    """Refuse a new run before the challenge opens or once it closed."""
    if now_ms < opens_ms:
        raise RuleViolation("challenge_not_open", "this challenge has not opened yet")
    if now_ms >= closes_ms:
        raise RuleViolation("challenge_closed", "this challenge has closed")
