"""When a question takes answers: shown first, answers open after the reading time, then the
time limit. Times are milliseconds on the server's clock, passed in (docs/rules.md, "Read the
question first")."""

from __future__ import annotations

from dataclasses import dataclass

from games.errors import RuleViolation
from games.kinds.question import Question
from games.settings import GameSettings


@dataclass(frozen=True, slots=True)
class AnswerWindow:
    """A question's clock: `shown_ms` when it appeared (the state's ``opened_ms``),
    `answers_open_ms` when answers are taken from, `deadline_ms` when they stop."""

    shown_ms: int
    answers_open_ms: int
    deadline_ms: int

    def elapsed(self, now_ms: int) -> int:
        """The answer time that scores: from the opening of answers, never negative."""
        return max(0, now_ms - self.answers_open_ms)

    def check_open(self, now_ms: int) -> None:
        """Raise RuleViolation("answers_not_open") before the answers open. (After the
        deadline the store refuses with "question_closed", atomically with closing.)"""
        if now_ms < self.answers_open_ms:
            wait = self.answers_open_ms - now_ms
            raise RuleViolation(
                "answers_not_open", f"read the question first: answers open in {wait} ms"
            )


def answer_window(settings: GameSettings, question: Question, shown_ms: int) -> AnswerWindow:
    """The window of `question` shown at `shown_ms`: answers open `settings.read_first_ms`
    later, and the time limit in force (`settings.time_limit_for`) counts from there."""
    opens = shown_ms + settings.read_first_ms
    return AnswerWindow(shown_ms, opens, opens + settings.time_limit_for(question))
