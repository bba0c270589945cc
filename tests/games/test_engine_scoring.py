"""Scoring: speed and accuracy points, partial credit and the streak bonus."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from games.kinds.choice import ChoiceQuestion
from games.kinds.numeric import NumericQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import Question, Verdict
from games.kinds.true_false import TrueFalseQuestion
from games.kinds.type_answer import TypeAnswerQuestion
from games.kinds.word_cloud import WordCloudQuestion
from games.scoring import (
    FAST_MS,
    STREAK_CAP,
    STREAK_STEP,
    Scored,
    ScoringRules,
    accuracy_points,
    score_answer,
    speed_points,
    streak_bonus,
)

RIGHT = Verdict(True, 1.0)
WRONG = Verdict(False, 0.0)
SPEED = ScoringRules()
ACCURACY = ScoringRules(scoring="accuracy")
NO_STREAKS = ScoringRules(streaks=False)


def tf(points: int = 1, time_limit_ms: int = 20000) -> Question:
    return TrueFalseQuestion(prompt="p", points=points, time_limit_ms=time_limit_ms, correct=True)


MULTI = ChoiceQuestion(prompt="p", choices=("a", "b", "c", "d"), correct=(0, 1, 2))


@dataclass(frozen=True, slots=True, kw_only=True)
class Poll(TrueFalseQuestion):
    """A stand-in for an unscored kind until polls exist."""

    scored: ClassVar[bool] = False


POLL = Poll(prompt="p", correct=True)


def formula(points: int, limit: int, elapsed: int) -> int:
    """The protocol's formula, evaluated with exact fractions."""
    p = 1000 * points
    t = min(max(elapsed, 0), limit)
    t = 0 if t < FAST_MS else t
    return math.floor(p * (1 - Fraction(t, limit) / 2) + Fraction(1, 2))


@pytest.mark.parametrize(
    ("points", "limit", "elapsed", "expected"),
    [
        (1, 20000, 0, 1000),
        (1, 20000, 499, 1000),
        (1, 20000, 500, 988),  # 1000 * (1 - 0.0125) = 987.5, rounded half up
        (1, 20000, 10000, 750),
        (1, 20000, 20000, 500),
        (1, 20000, 25000, 500),
        (1, 20000, -300, 1000),
        (2, 20000, 10000, 1500),
        (2, 20000, 20000, 1000),
        (0, 20000, 1000, 0),
        (1, 30000, 1000, 983),  # 983.33...
        (1, 6000, 1500, 875),
        (1, 7000, 1000, 929),  # 928.57...
        (1, 0, 100, 1000),
        (1, -5, 100, 1000),
    ],
)
def test_speed_points(points: int, limit: int, elapsed: int, expected: int) -> None:
    assert speed_points(points, limit, elapsed) == expected


@pytest.mark.parametrize(("points", "expected"), [(0, 0), (1, 1000), (2, 2000)])
def test_accuracy_points(points: int, expected: int) -> None:
    assert accuracy_points(points) == expected


@pytest.mark.parametrize(
    ("streak", "step", "cap", "expected"),
    [
        (0, STREAK_STEP, STREAK_CAP, 0),
        (1, STREAK_STEP, STREAK_CAP, 0),
        (2, STREAK_STEP, STREAK_CAP, 100),
        (3, STREAK_STEP, STREAK_CAP, 200),
        (6, STREAK_STEP, STREAK_CAP, 500),
        (7, STREAK_STEP, STREAK_CAP, 500),
        (50, STREAK_STEP, STREAK_CAP, 500),
        (4, 50, 1000, 150),
        (4, STREAK_STEP, 0, 0),
    ],
)
def test_streak_bonus(streak: int, step: int, cap: int, expected: int) -> None:
    assert streak_bonus(streak, step, cap) == expected


def test_streak_bonus_defaults() -> None:
    assert streak_bonus(3) == 200 and streak_bonus(10) == 500


@pytest.mark.parametrize(
    ("rules", "question", "verdict", "elapsed", "expected"),
    [
        (SPEED, tf(), RIGHT, 10000, 750),
        (ACCURACY, tf(), RIGHT, 10000, 1000),
        (ACCURACY, tf(2), RIGHT, 19999, 2000),
        (SPEED, tf(), WRONG, 0, 0),
        (SPEED, tf(0), RIGHT, 0, 0),
        (SPEED, POLL, RIGHT, 0, 0),
        (ACCURACY, MULTI, Verdict(False, 2 / 3), 0, 667),
        (ACCURACY, MULTI, Verdict(False, 1 / 3), 0, 333),
        (SPEED, MULTI, Verdict(False, 0.5), 20000, 250),
        (SPEED, tf(), Verdict(False, 0.5), 500, 494),  # 987.5 → 988, half → 494
        (ACCURACY, MULTI, Verdict(False, 0.0), 0, 0),
    ],
)
def test_base_points(
    rules: ScoringRules, question: Question, verdict: Verdict, elapsed: int, expected: int
) -> None:
    assert rules.base_points(question, verdict, elapsed) == expected


def test_base_points_with_time_limit_override() -> None:
    assert SPEED.base_points(tf(time_limit_ms=20000), RIGHT, 10000, time_limit_ms=40000) == 875
    assert ACCURACY.base_points(tf(), RIGHT, 10000, time_limit_ms=40000) == 1000


@pytest.mark.parametrize(
    ("rules", "question", "expected"),
    [
        (SPEED, tf(), STREAK_CAP),
        (ACCURACY, tf(2), STREAK_CAP),
        (NO_STREAKS, tf(), 0),
        (SPEED, tf(0), 0),
        (SPEED, POLL, 0),
    ],
)
def test_bonus_cap(rules: ScoringRules, question: Question, expected: int) -> None:
    assert rules.bonus_cap(question) == expected


@pytest.mark.parametrize(
    ("rules", "question", "verdict", "elapsed", "before", "expected"),
    [
        (SPEED, tf(), RIGHT, 0, 0, Scored(1000, 1)),
        (SPEED, tf(), RIGHT, 0, 1, Scored(1100, 2)),
        (SPEED, tf(), RIGHT, 20000, 2, Scored(700, 3)),
        (SPEED, tf(), RIGHT, 0, 9, Scored(1500, 10)),
        (ACCURACY, tf(2), RIGHT, 5000, 3, Scored(2300, 4)),
        (SPEED, tf(), WRONG, 0, 5, Scored(0, 0)),
        (SPEED, tf(), None, 0, 5, Scored(0, 0)),
        (ACCURACY, MULTI, Verdict(False, 2 / 3), 0, 4, Scored(667, 0)),
        (SPEED, tf(0), RIGHT, 0, 4, Scored(0, 5)),
        (SPEED, tf(0), WRONG, 0, 4, Scored(0, 0)),
        (NO_STREAKS, tf(), RIGHT, 0, 4, Scored(1000, 5)),
        (SPEED, POLL, RIGHT, 0, 4, Scored(0, 4)),
        (SPEED, POLL, None, 0, 4, Scored(0, 4)),
        (SPEED, POLL, WRONG, 0, 4, Scored(0, 4)),
    ],
)
def test_score_answer(
    rules: ScoringRules,
    question: Question,
    verdict: Verdict | None,
    elapsed: int,
    before: int,
    expected: Scored,
) -> None:
    assert score_answer(rules, question, verdict, elapsed, before) == expected


def test_score_answer_with_time_limit_override() -> None:
    assert score_answer(SPEED, tf(), RIGHT, 10000, 0, time_limit_ms=40000) == Scored(875, 1)


def lua_mirror(
    rules: ScoringRules, question: Question, verdict: Verdict | None, streak: int
) -> tuple[int, int]:
    """The server's Lua arithmetic for the streak and its bonus, transcribed."""
    correct = verdict is not None and verdict.correct
    after = streak + 1 if correct else (0 if question.scored else streak)
    cap = rules.bonus_cap(question)
    bonus = min(STREAK_STEP * (after - 1), cap) if correct and after >= 2 else 0
    return after, bonus


# --- properties ----------------------------------------------------------------------------

limits = st.integers(5000, 240000)
points = st.sampled_from([1, 2])


@settings(max_examples=300)
@given(points, limits, st.data())
def test_correct_answer_between_half_and_full(p: int, limit: int, data: st.DataObject) -> None:
    elapsed = data.draw(st.integers(0, limit))
    full = 1000 * p
    assert full // 2 <= speed_points(p, limit, elapsed) <= full
    assert speed_points(p, limit, elapsed) == formula(p, limit, elapsed)
    streak = data.draw(st.integers(0, 30))
    scored = score_answer(SPEED, tf(p, limit), RIGHT, elapsed, streak)
    bonus = streak_bonus(streak + 1)
    assert full // 2 + bonus <= scored.points <= full + bonus
    assert scored.streak == streak + 1


@settings(max_examples=300)
@given(points, limits, st.integers(-1000, 300000), st.integers(-1000, 300000))
def test_faster_never_scores_less(p: int, limit: int, a: int, b: int) -> None:
    fast, slow = sorted((a, b))
    assert speed_points(p, limit, fast) >= speed_points(p, limit, slow)


@settings(max_examples=200)
@given(
    st.sampled_from([SPEED, ACCURACY, NO_STREAKS]),
    st.sampled_from([0, 1, 2]),
    st.integers(0, 300000),
    st.integers(0, 50),
    st.sampled_from([WRONG, None]),
)
def test_wrong_or_no_answer_scores_zero_and_ends_streak(
    rules: ScoringRules, p: int, elapsed: int, streak: int, verdict: Verdict | None
) -> None:
    assert score_answer(rules, tf(p), verdict, elapsed, streak) == Scored(0, 0)


@settings(max_examples=300)
@given(
    st.sampled_from([SPEED, ACCURACY, NO_STREAKS]),
    st.sampled_from([tf(0), tf(1), tf(2), MULTI, POLL]),
    st.sampled_from([RIGHT, WRONG, None, Verdict(False, 1 / 3), Verdict(False, 2 / 3)]),
    st.integers(0, 40000),
    st.integers(0, 50),
)
def test_score_answer_matches_the_lua_mirror(
    rules: ScoringRules,
    question: Question,
    verdict: Verdict | None,
    elapsed: int,
    streak: int,
) -> None:
    # An unscored kind never judges an answer correct, so the server never feeds Lua that case.
    assume(question.scored or verdict is None or not verdict.correct)
    after, bonus = lua_mirror(rules, question, verdict, streak)
    base = 0 if verdict is None else rules.base_points(question, verdict, elapsed)
    assert score_answer(rules, question, verdict, elapsed, streak) == Scored(base + bonus, after)


@settings(max_examples=200)
@given(st.sampled_from([SPEED, ACCURACY]), st.integers(0, 3), st.integers(0, 3))
def test_partial_credit_is_bounded(rules: ScoringRules, right: int, wrong: int) -> None:
    fraction = max(0.0, (right - wrong) / 3)
    scored = score_answer(rules, MULTI, Verdict(False, fraction), 0, 3)
    assert 0 <= scored.points <= 1000 and scored.streak == 0


@settings(max_examples=300)
@given(points, limits, st.integers(0, 240000), st.integers(1, 6), st.data())
def test_partial_credit_rounds_half_up_exactly(
    p: int, limit: int, elapsed: int, n: int, data: st.DataObject
) -> None:
    m = data.draw(st.integers(0, n))
    full = speed_points(p, limit, elapsed)
    exact = math.floor(Fraction(full * m, n) + Fraction(1, 2))
    assert SPEED.base_points(tf(p, limit), Verdict(m == n, m / n), elapsed) == exact


# --- every kind ----------------------------------------------------------------------------

TYPED = TypeAnswerQuestion(prompt="p", accepted=("Paris",), typos=1)
NUMBER = NumericQuestion(prompt="p", correct=42, tolerance=1)
ORDERED = OrderQuestion(prompt="p", items=("a", "b", "c"), display=(2, 0, 1))
REAL_POLL = PollQuestion(prompt="p", points=0, choices=("a", "b"))
CLOUD = WordCloudQuestion(prompt="p", points=0)


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        (TYPED, "pariss", "Lyon"),
        (NUMBER, 43, 44),
        (ORDERED, [1, 2, 0], [0, 1, 2]),
        (MULTI, [0, 1, 2], [0, 1]),
    ],
)
@pytest.mark.parametrize("rules", [SPEED, ACCURACY, NO_STREAKS])
def test_scored_kinds_score_like_true_false(
    rules: ScoringRules, question: Question, right: object, wrong: object
) -> None:
    for streak in (0, 3):
        got = score_answer(rules, question, question.check(right), 10000, streak)
        assert got == score_answer(rules, tf(), RIGHT, 10000, streak)
    assert score_answer(rules, question, question.check(wrong), 0, 3).streak == 0
    assert score_answer(rules, question, None, 0, 3) == Scored(0, 0)
    assert rules.bonus_cap(question) == (STREAK_CAP if rules.streaks else 0)


@pytest.mark.parametrize(("question", "value"), [(REAL_POLL, 1), (CLOUD, "sunny")])
@pytest.mark.parametrize("rules", [SPEED, ACCURACY, NO_STREAKS])
def test_polls_and_word_clouds_earn_nothing_and_keep_the_streak(
    rules: ScoringRules, question: Question, value: object
) -> None:
    verdict = question.check(value)
    assert verdict == WRONG
    for streak in (0, 4):
        assert score_answer(rules, question, verdict, 0, streak) == Scored(0, streak)
        assert score_answer(rules, question, None, 0, streak) == Scored(0, streak)
    assert rules.base_points(question, RIGHT, 0) == 0
    assert rules.bonus_cap(question) == 0
    assert lua_mirror(rules, question, verdict, 4) == (4, 0)


def test_zero_point_question_of_a_new_kind_extends_the_streak() -> None:
    zero = NumericQuestion(prompt="p", points=0, correct=1)
    assert score_answer(SPEED, zero, zero.check(1), 0, 2) == Scored(0, 3)
    assert score_answer(SPEED, zero, zero.check(2), 0, 2) == Scored(0, 0)
