"""A question's clock with "read the question first": shown, answers open, deadline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.errors import RuleViolation
from games.kinds.registry import parse_question
from games.settings import GameSettings, parse_settings
from games.timing import AnswerWindow, answer_window

QUESTION = parse_question(
    {"kind": "true_false", "prompt": "Sky is blue", "correct": True, "time_limit_ms": 20000}, "q"
)


def test_off_answers_open_when_shown() -> None:
    window = answer_window(GameSettings(), QUESTION, 1_000)
    assert window == AnswerWindow(1_000, 1_000, 21_000)
    window.check_open(1_000)  # open at once
    assert window.elapsed(1_000) == 0


def test_reading_time_comes_before_the_time_limit() -> None:
    settings = parse_settings({"read_first_ms": 5000, "time_limit_ms": 10000})
    window = answer_window(settings, QUESTION, 1_000)
    assert window == AnswerWindow(shown_ms=1_000, answers_open_ms=6_000, deadline_ms=16_000)
    with pytest.raises(RuleViolation) as refused:
        window.check_open(5_999)
    assert refused.value.code == "answers_not_open"
    window.check_open(6_000)
    # Speed counts from the opening of answers, not from when the question appeared.
    assert window.elapsed(6_000) == 0
    assert window.elapsed(8_500) == 2_500
    assert window.elapsed(3_000) == 0


@given(
    st.sampled_from([0, *range(3000, 10001, 500)]),
    st.integers(5000, 240000),
    st.integers(0, 2**41),
    st.integers(-20000, 260000),
)
def test_the_window(read_ms: int, limit_ms: int, shown_ms: int, offset_ms: int) -> None:
    settings = GameSettings(read_first_ms=read_ms, time_limit_ms=limit_ms)
    w = answer_window(settings, QUESTION, shown_ms)
    assert w.shown_ms == shown_ms
    assert w.answers_open_ms - w.shown_ms == read_ms
    assert w.deadline_ms - w.answers_open_ms == limit_ms
    now = shown_ms + offset_ms
    if now < w.answers_open_ms:
        with pytest.raises(RuleViolation):
            w.check_open(now)
    else:
        w.check_open(now)
    assert 0 <= w.elapsed(now) == max(0, now - w.answers_open_ms)
