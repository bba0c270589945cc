"""The daily challenge's draw and day streaks (games/challenges.py): same day, same questions;
distinct; deterministic; streaks counted in days in a row, yesterday's still standing today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.challenges import DAILY_MAX_QUESTIONS, daily_draw, streak
from games.errors import RuleViolation

IDS = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12))
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)
COUNT = st.integers(1, DAILY_MAX_QUESTIONS)


@given(IDS, DAYS, st.text(min_size=1, max_size=20), COUNT, st.randoms(use_true_random=False))
def test_the_same_day_draws_the_same_distinct_questions(
    ids: list[str], day: str, workspace: str, count: int, rnd: object
) -> None:
    drawn = daily_draw(ids, day, workspace, count)
    assert len(drawn) == len(set(drawn)) == min(count, len(set(ids)))
    assert set(drawn) <= set(ids)
    # The bank read in another order, with repeats: the same draw in the same order.
    shuffled = [*ids, *ids[:3]]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert daily_draw(shuffled, day, workspace, count) == drawn
    # A shorter draw is the start of a longer one.
    assert daily_draw(ids, day, workspace, DAILY_MAX_QUESTIONS)[:count] == drawn


def test_days_and_workspaces_draw_differently() -> None:
    bank = [f"q{i}" for i in range(200)]
    draws = {tuple(daily_draw(bank, f"2026-12-{d:02}", "w1", 5)) for d in range(1, 31)}
    assert len(draws) == 30  # 30 days, 30 draws (of C(200, 5) possible)
    assert daily_draw(bank, "2026-12-07", "w1", 5) != daily_draw(bank, "2026-12-07", "w2", 5)
    # Known answer, so a change of the seeding (which would change every workspace's day) shows.
    # (sha256 of "w\0<day>\0<id>" orders the bank; docs/rules.md, "The daily challenge")
    assert daily_draw(["d", "c", "b", "a"], "2026-12-07", "w", 4) == ["a", "c", "b", "d"]


@pytest.mark.parametrize(
    ("day", "count"),
    [("2026-1-7", 3), ("07.12.2026", 3), ("", 3), ("2026-12-07", 0), ("2026-12-07", 21)],
)
def test_refuses_a_bad_day_or_count(day: str, count: int) -> None:
    with pytest.raises(RuleViolation) as err:
        daily_draw(["a"], day, "w", count)
    assert err.value.code == "invalid"


def test_an_empty_bank_draws_nothing() -> None:
    assert daily_draw([], "2026-12-07", "w", 5) == []


D0 = date(2026, 12, 1)


def days(*offsets: int) -> list[date]:
    return [D0 + timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("played", "today", "expected"),
    [
        ([], 0, (0, 0)),
        ([0], 0, (1, 1)),
        ([0], 1, (1, 1)),  # yesterday's streak stands while today's daily is open
        ([0], 2, (0, 1)),  # a missed day breaks it
        ([0, 1, 2, 3, 4], 4, (5, 5)),
        ([0, 1, 2, 4, 5], 5, (2, 3)),
        ([4, 0, 2, 1, 3, 3, 3], 5, (5, 5)),  # any order, repeats
        ([0, 1, 2, 9], 5, (0, 3)),  # a day after today does not count
    ],
)
def test_streak(played: list[int], today: int, expected: tuple[int, int]) -> None:
    assert streak(days(*played), D0 + timedelta(days=today)) == expected


@given(st.sets(st.integers(0, 400), max_size=60), st.integers(0, 400))
def test_streak_against_counting_back(played: set[int], today: int) -> None:
    current, best = streak(days(*played), D0 + timedelta(days=today))
    # Counting back from today (or yesterday, when today is not played yet).
    start = today if today in played else today - 1
    expected = 0
    while start - expected in played:
        expected += 1
    assert current == expected
    assert current <= best
    counted = {p for p in played if p <= today}
    longest = max(
        (n for p in counted for n in [next(k for k in range(1, 402) if p + k not in counted)]),
        default=0,
    )
    assert best == longest
    # Without today: the run ending on the last day played.
    if played:
        assert streak(days(*played))[0] >= 1
