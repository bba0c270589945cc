"""games.item_stats: % correct, average time and the discrimination index of a question."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.item_stats import (
    MIN_DISCRIMINATION_PLAYERS,
    ItemAnswer,
    discrimination,
    item_stats,
    standing_in_game,
)


def answers(*marks: tuple[float, bool]) -> list[ItemAnswer]:
    return [ItemAnswer(standing, correct) for standing, correct in marks]


def test_the_strong_third_right_and_the_weak_third_wrong_is_one() -> None:
    six = answers((6, True), (5, True), (4, False), (3, True), (2, False), (1, False))
    assert discrimination(six) == 1.0
    assert discrimination(list(reversed(six))) == 1.0  # the order given does not matter


def test_the_weak_third_right_only_is_minus_one() -> None:
    six = answers((6, False), (5, False), (4, True), (3, True), (2, True), (1, True))
    assert discrimination(six) == -1.0


def test_thirds_of_nine_hold_three() -> None:
    marks = [True, True, False, True, True, True, True, False, False]
    nine = [ItemAnswer(9 - i, c) for i, c in enumerate(marks)]
    # top third 2 of 3 right, bottom third 1 of 3: 1/3
    assert discrimination(nine) == pytest.approx(1 / 3)


def test_under_six_answers_there_is_no_index() -> None:
    assert MIN_DISCRIMINATION_PLAYERS == 6
    five = answers((5, True), (4, True), (3, False), (2, False), (1, False))
    assert discrimination(five) is None
    assert item_stats(five).discrimination is None


def test_stats_of_answers() -> None:
    got = item_stats(
        [ItemAnswer(1, True, 1000), ItemAnswer(0.5, False, 3000), ItemAnswer(0, True, 2001)]
    )
    assert got.answered == 3
    assert got.correct_pct == pytest.approx(200 / 3)
    assert got.avg_time_ms == 2000
    assert got.to_doc() == {
        "answered": 3, "correct_pct": 66.7, "avg_time_ms": 2000, "discrimination": None
    }  # fmt: skip


def test_no_answers_no_figures() -> None:
    assert item_stats([]).to_doc() == {
        "answered": 0, "correct_pct": None, "avg_time_ms": None, "discrimination": None
    }  # fmt: skip


def test_standing_in_game_runs_from_last_to_first() -> None:
    assert standing_in_game(1, 10) == 1.0
    assert standing_in_game(10, 10) == 0.0
    assert standing_in_game(1, 1) == 1.0
    assert standing_in_game(99, 3) == 0.0


marks = st.lists(
    st.tuples(st.floats(-1e6, 1e6), st.booleans(), st.integers(0, 240_000)),
    min_size=0,
    max_size=60,
)


@given(marks)
def test_figures_stay_in_range(raw: list[tuple[float, bool, int]]) -> None:
    given_answers = [ItemAnswer(s, c, t) for s, c, t in raw]
    stats = item_stats(given_answers)
    if len(raw) < MIN_DISCRIMINATION_PLAYERS:
        assert stats.discrimination is None
    else:
        assert stats.discrimination is not None and -1.0 <= stats.discrimination <= 1.0
    if raw:
        assert stats.correct_pct is not None and 0.0 <= stats.correct_pct <= 100.0
        assert stats.avg_time_ms is not None
        assert min(t for *_, t in raw) <= stats.avg_time_ms <= max(t for *_, t in raw)


@given(marks.filter(lambda m: len(m) >= MIN_DISCRIMINATION_PLAYERS))
def test_all_right_or_all_wrong_does_not_discriminate(raw: list[tuple[float, bool, int]]) -> None:
    for mark in (True, False):
        assert discrimination([ItemAnswer(s, mark, t) for s, _, t in raw]) == 0.0


@given(marks.filter(lambda m: len(m) >= MIN_DISCRIMINATION_PLAYERS))
def test_right_answers_moving_up_never_lower_the_index(raw: list[tuple[float, bool, int]]) -> None:
    """Giving the right answers to the best players (same count) is the highest index."""
    given_answers = [ItemAnswer(s, c, t) for s, c, t in raw]
    right = sum(c for _, c, _ in raw)
    best_first = sorted(range(len(raw)), key=lambda i: (-raw[i][0], i))
    ideal = list(given_answers)
    for place, i in enumerate(best_first):
        ideal[i] = ItemAnswer(raw[i][0], place < right, raw[i][2])
    ideal_index = discrimination(ideal)
    index = discrimination(given_answers)
    assert ideal_index is not None and index is not None
    assert index <= ideal_index
