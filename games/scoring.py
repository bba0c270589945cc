"""Points for an answer: speed or accuracy scoring plus the streak bonus (protocol "Scoring").

Where each part is the rule in production:

- the base points (`ScoringRules.base_points`: speed or accuracy, partial credit) are computed
  here by the server and handed to the answer script;
- the streak and its bonus are applied by the answer script (server/store/scripts/answer.lua),
  atomically with the answer, from the player's streak in Redis; it takes STREAK_STEP and
  `ScoringRules.bonus_cap` as arguments, so the numbers live here only. `score_answer` and
  `streak_bonus` are the specification of that script: tests/store/test_store_rules.py runs it
  on Redis over generated answers and proves the two equal, and so does it for the transition
  script, which ends the streak of a player who did not answer a scored question.
"""

from __future__ import annotations

from dataclasses import dataclass

from games.kinds.question import Question, Verdict

STREAK_STEP = 100
STREAK_CAP = 500
FAST_MS = 500
POINTS_UNIT = 1000
SCORING_MODES = ("speed", "accuracy")


def speed_points(points: int, time_limit_ms: int, elapsed_ms: int) -> int:
    """Points for a correct answer under speed scoring: from P at once down to P/2 at the limit.

    ``floor(P × (1 − (t / T) / 2) + 0.5)`` with P = 1000 × `points`, T the limit and t the
    elapsed time clamped to [0, T], where t under FAST_MS counts as 0. Integer arithmetic
    keeps it exact, so the server and every client agree to the point.
    """
    full = accuracy_points(points)
    limit = time_limit_ms
    if limit <= 0:
        return full
    t = min(max(elapsed_ms, 0), limit)
    if t < FAST_MS:
        t = 0
    return (full * (2 * limit - t) + limit) // (2 * limit)


def accuracy_points(points: int) -> int:
    """Points for a correct answer under accuracy scoring: a flat 1000 × `points`."""
    return POINTS_UNIT * points


def streak_bonus(streak_after: int, step: int = STREAK_STEP, cap: int = STREAK_CAP) -> int:
    """The bonus for a correct answer that makes the streak `streak_after` long."""
    if streak_after < 2:
        return 0
    return min(step * (streak_after - 1), cap)


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """The game's scoring settings: "speed" or "accuracy", and whether streaks earn a bonus."""

    scoring: str = "speed"
    streaks: bool = True

    def base_points(
        self,
        question: Question,
        verdict: Verdict,
        elapsed_ms: int,
        time_limit_ms: int | None = None,
    ) -> int:
        """Points before the streak bonus, partial credit included (rounded half up).

        `time_limit_ms` is the game's override of the question's own limit, if any.
        """
        if not question.scored or question.points == 0 or verdict.fraction <= 0:
            return 0
        if self.scoring == "accuracy":
            full = accuracy_points(question.points)
        else:
            limit = question.time_limit_ms if time_limit_ms is None else time_limit_ms
            full = speed_points(question.points, limit, elapsed_ms)
        if verdict.fraction >= 1:
            return full
        return int(full * verdict.fraction + 0.5)

    def bonus_cap(self, question: Question) -> int:
        """The most streak bonus `question` can add: 0 when it earns no bonus at all."""
        if self.streaks and question.points > 0 and question.scored:
            return STREAK_CAP
        return 0


@dataclass(frozen=True, slots=True)
class Scored:
    """The outcome of one question for one player: points (bonus included) and streak after it."""

    points: int
    streak: int


def score_answer(
    rules: ScoringRules,
    question: Question,
    verdict: Verdict | None,
    elapsed_ms: int,
    streak_before: int,
    time_limit_ms: int | None = None,
) -> Scored:
    """Score one player's answer to `question`; `verdict` None means no answer.

    The specification of the answer and transition scripts (see the module docstring).

    `elapsed_ms` is the time from the question's opening to the server receiving the answer;
    `time_limit_ms` the game's override of the question's limit (`GameSettings.time_limit_for`
    gives the limit in force). A correct answer extends the streak; a wrong, partial or
    missing one ends it; unscored kinds (polls, word clouds) earn nothing and leave it alone.
    Every scored kind but a multi-select choice is all or nothing (fraction 1 or 0).
    """
    if not question.scored:
        return Scored(points=0, streak=streak_before)
    if verdict is None:
        return Scored(points=0, streak=0)
    base = rules.base_points(question, verdict, elapsed_ms, time_limit_ms)
    if not verdict.correct:
        return Scored(points=base, streak=0)
    streak = streak_before + 1
    return Scored(
        points=base + streak_bonus(streak, STREAK_STEP, rules.bonus_cap(question)), streak=streak
    )
