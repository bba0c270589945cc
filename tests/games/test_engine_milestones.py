"""Milestone rules: each badge's condition, awarded once, and the per-game facts behind them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.milestones import (
    MILESTONES,
    RULES,
    STREAKS,
    AnswerLine,
    GameOutcome,
    History,
    Milestone,
    PlayerLine,
    award,
    best_streak,
    describe,
    fastest_correct,
    game_outcomes,
    streak_awards,
    team_mvps,
)

#: A dull game: 5th of 10, half right, no streak. Each case below changes what its rule reads.
DULL = GameOutcome(rank=5, players=10, score=500, correct=2, answered=4, questions=4)
NEW = History(games=0, wins=0, correct=0)
SEASONED = History(games=5, wins=0, correct=10)


def outcome(**changes: int | bool) -> GameOutcome:
    fields = {
        "rank": DULL.rank,
        "players": DULL.players,
        "score": DULL.score,
        "correct": DULL.correct,
        "answered": DULL.answered,
        "questions": DULL.questions,
        "best_streak": DULL.best_streak,
        "fastest_correct": DULL.fastest_correct,
        "team_mvp": DULL.team_mvp,
    }
    fields.update(changes)
    return GameOutcome(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "earned", "missed"),
    [
        ("first_game", (DULL, History(1, 0)), (DULL, NEW)),
        # joining and answering nothing is not a first game
        ("first_game", (outcome(answered=1), History(1, 0)), (outcome(answered=0), History(1, 0))),
        # nobody scored: everyone shares first place, and nobody won or made the podium
        ("first_win", (outcome(rank=1, score=1), NEW), (outcome(rank=1, score=0), NEW)),
        ("podium", (outcome(rank=2, score=10), NEW), (outcome(rank=2, score=0), NEW)),
        (
            "team_mvp",
            (outcome(team_mvp=True, score=1), NEW),
            (outcome(team_mvp=True, score=0), NEW),
        ),
        ("first_win", (outcome(rank=1), SEASONED), (outcome(rank=2), SEASONED)),
        # a game of one is not a win
        ("first_win", (outcome(rank=1, players=2), SEASONED), (outcome(rank=1, players=1), NEW)),
        ("podium", (outcome(rank=3), SEASONED), (outcome(rank=4), SEASONED)),
        # with three players or fewer everyone would be on the podium
        ("podium", (outcome(rank=1, players=4), SEASONED), (outcome(rank=1, players=3), NEW)),
        ("perfect_game", (outcome(correct=4), SEASONED), (outcome(correct=3), SEASONED)),
        # a game of polls only is not a perfect game
        ("perfect_game", (outcome(correct=1, questions=1), NEW), (outcome(questions=0), NEW)),
        ("five_in_a_row", (outcome(best_streak=5), SEASONED), (outcome(best_streak=4), NEW)),
        ("fastest_answer", (outcome(fastest_correct=True), NEW), (DULL, NEW)),
        ("team_mvp", (outcome(team_mvp=True), NEW), (DULL, NEW)),
        ("ten_games", (DULL, History(10, 0)), (DULL, History(9, 9))),
        ("three_wins", (DULL, History(3, 3)), (DULL, History(9, 2))),
        ("hundred_correct", (DULL, History(9, 0, 100)), (DULL, History(9, 0, 99))),
    ],
)
def test_each_rule(
    code: str, earned: tuple[GameOutcome, History], missed: tuple[GameOutcome, History]
) -> None:
    assert code in [m.code for m in award(*earned, already=())]
    assert code not in [m.code for m in award(*missed, already=())]


def test_every_rule_has_a_row_above() -> None:
    tested = {
        "first_game",
        "first_win",
        "podium",
        "perfect_game",
        "five_in_a_row",
        "fastest_answer",
        "team_mvp",
        "ten_games",
        "three_wins",
        "hundred_correct",
    }
    assert set(MILESTONES) == tested | {"streak_5", "streak_20", "streak_100"}
    assert len(RULES) + len(STREAKS) == len(MILESTONES)  # codes are unique


def test_awarded_once_and_in_rule_order() -> None:
    best = outcome(rank=1, correct=4, best_streak=5, fastest_correct=True, team_mvp=True)
    first = award(best, History(1, 1, 4), already=())
    assert [m.code for m in first] == [
        "first_game",
        "first_win",
        "podium",
        "perfect_game",
        "five_in_a_row",
        "fastest_answer",
        "team_mvp",
    ]
    assert award(best, History(2, 2, 8), already={m.code for m in first}) == []
    assert [m.code for m in award(best, History(2, 2, 8), already=iter(["podium"]))] == [
        "first_game",
        "first_win",
        "perfect_game",
        "five_in_a_row",
        "fastest_answer",
        "team_mvp",
    ]


@given(
    st.builds(
        GameOutcome,
        rank=st.integers(1, 50),
        players=st.integers(1, 50),
        score=st.integers(0, 10_000),
        correct=st.integers(0, 20),
        answered=st.integers(0, 20),
        questions=st.integers(0, 20),
        best_streak=st.integers(0, 20),
        fastest_correct=st.booleans(),
        team_mvp=st.booleans(),
    ),
    st.builds(History, games=st.integers(1, 50), wins=st.integers(0, 50), correct=st.integers()),
    st.sets(st.sampled_from(sorted(MILESTONES))),
)
def test_never_awards_a_held_milestone_twice(
    game: GameOutcome, history: History, already: set[str]
) -> None:
    codes = [m.code for m in award(game, history, already)]
    assert len(codes) == len(set(codes))
    assert not set(codes) & already
    # Once everything earned is held, nothing more comes.
    assert award(game, history, already | set(codes)) == []


def test_describe_and_to_doc() -> None:
    assert describe("first_win").to_doc() == {
        "code": "first_win",
        "title": "First win",
        "description": "Finished first in a game.",
    }
    assert describe("retired") == Milestone("retired", "retired", "")


@pytest.mark.parametrize(
    ("answers", "scored", "expected"),
    [
        ({}, [], 0),
        ({0: True, 1: True, 2: False, 3: True}, [0, 1, 2, 3], 2),
        # an unanswered question ends the run
        ({0: True, 2: True, 3: True, 4: True}, [0, 1, 2, 3, 4], 3),
        # a poll in between (not scored) does not
        ({0: True, 2: True}, [0, 2], 2),
        ({0: False, 1: False}, [0, 1], 0),
    ],
)
def test_best_streak(answers: dict[int, bool], scored: list[int], expected: int) -> None:
    assert best_streak(answers, scored) == expected


def test_fastest_correct() -> None:
    answers = [
        AnswerLine("a", 0, True, 900),
        AnswerLine("b", 0, False, 100),  # faster, but wrong
        AnswerLine("c", 1, True, 900),  # a tie
        AnswerLine("d", 2, True, 50),  # a poll: not scored
    ]
    assert fastest_correct(answers, [0, 1]) == {"a", "c"}
    assert fastest_correct(answers[1:2], [0]) == set()


def test_team_mvps() -> None:
    players = [
        PlayerLine("a", 1, 900, 2, 2, "Red"),
        PlayerLine("b", 2, 500, 1, 2, "Red"),
        PlayerLine("c", 3, 400, 1, 2, "Blue"),  # alone in Blue: no MVP
        PlayerLine("d", 4, 0, 0, 2, "Green"),
        PlayerLine("e", 4, 0, 0, 2, "Green"),  # nobody scored in Green
        PlayerLine("f", 5, 0, 0, 0, None),
        PlayerLine("g", 6, 300, 1, 1, "Gold"),
        PlayerLine("h", 6, 300, 1, 1, "Gold"),  # a tie at the top: both
    ]
    assert team_mvps(players) == {"a", "g", "h"}


def test_game_outcomes() -> None:
    players = [
        PlayerLine("a", 1, 2000, 2, 3, "Red"),
        PlayerLine("b", 2, 800, 1, 2, "Red"),
        PlayerLine("c", 3, 0, 0, 0, None),
    ]
    answers = [
        AnswerLine("a", 0, True, 1200),
        AnswerLine("a", 1, False, 0),  # the poll
        AnswerLine("a", 2, True, 3000),
        AnswerLine("b", 0, True, 800),
        AnswerLine("b", 2, False, 4000),
    ]
    got = game_outcomes(players, answers, ["choice", "poll", "true_false"])
    assert got == {
        "a": GameOutcome(1, 3, 2000, 2, 3, 2, best_streak=2, team_mvp=True),
        "b": GameOutcome(2, 3, 800, 1, 2, 2, best_streak=1, fastest_correct=True),
        "c": GameOutcome(3, 3, 0, 0, 0, 2),
    }
    assert got["a"].won and not got["b"].won
    assert [m.code for m in award(got["a"], History(1, 1, 2), ())] == [
        "first_game",
        "first_win",
        "perfect_game",
        "team_mvp",
    ]


def test_streak_awards_once_each_at_its_length() -> None:
    assert streak_awards(4, ()) == []
    assert [m.code for m in streak_awards(5, ())] == ["streak_5"]
    assert streak_awards(5, {"streak_5"}) == []
    assert [m.code for m in streak_awards(19, {"streak_5"})] == []
    assert [m.code for m in streak_awards(20, {"streak_5"})] == ["streak_20"]
    # a streak that got long without the shorter badge (held codes lost) earns them all
    assert [m.code for m in streak_awards(100, ())] == ["streak_5", "streak_20", "streak_100"]
    assert describe("streak_20").title == "Twenty-day streak"
    # the game rules never hand them out
    best = outcome(rank=1, correct=4, best_streak=5, fastest_correct=True, team_mvp=True)
    assert not {m.code for m in award(best, History(500, 500, 5000), ())} & {
        m.code for m, _ in STREAKS
    }
