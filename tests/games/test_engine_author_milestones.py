"""games.author_milestones: an author's badges from their questions' play."""

from __future__ import annotations

import pytest

from games.author_milestones import (
    AUTHOR_MILESTONES,
    PLAYED_100,
    STUMPED_ROOM,
    QuestionPlay,
    earned_from_play,
    stumped,
)


@pytest.mark.parametrize(
    ("answered", "correct", "expected"),
    [(4, 1, True), (4, 2, False), (3, 0, False), (5, 2, True), (5, 3, False), (10, 4, True)],
)
def test_stumped_needs_four_players_and_fewer_than_half_right(
    answered: int, correct: int, expected: bool
) -> None:
    assert stumped(answered, correct) is expected


def test_earned_from_play() -> None:
    assert earned_from_play(QuestionPlay(answered=2, correct=0, author_answers=99)) == []
    assert earned_from_play(QuestionPlay(answered=2, correct=0, author_answers=100)) == [PLAYED_100]
    assert earned_from_play(QuestionPlay(answered=6, correct=1, author_answers=120)) == [
        PLAYED_100,
        STUMPED_ROOM,
    ]


def test_codes_are_the_stored_ones() -> None:
    assert set(AUTHOR_MILESTONES) == {"first_approved", "played_100", "stumped_room"}
    assert all(m.title and m.description for m in AUTHOR_MILESTONES.values())
