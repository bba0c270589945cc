"""Phases and the host commands that move a game along."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import RuleViolation
from games.phases import LOBBY, Command, Phase, Position, advance

L, Q, R, S, F = Phase.LOBBY, Phase.QUESTION, Phase.REVEAL, Phase.SCOREBOARD, Phase.FINISHED


@pytest.mark.parametrize(
    ("pos", "count", "command", "after"),
    [
        (Position(L, -1), 3, "start", Position(Q, 0)),
        (Position(L, -1), 0, "start", Position(F, -1)),
        (Position(Q, 0), 3, "next", Position(R, 0)),
        (Position(R, 0), 3, "next", Position(S, 0)),
        (Position(S, 0), 3, "next", Position(Q, 1)),
        (Position(S, 2), 3, "next", Position(F, 2)),
        (Position(S, 0), 1, "next", Position(F, 0)),
        (Position(Q, 1), 3, "close", Position(R, 1)),
        (Position(L, -1), 3, "end", Position(F, -1)),
        (Position(Q, 1), 3, "end", Position(F, 1)),
        (Position(R, 2), 3, "end", Position(F, 2)),
        (Position(S, 0), 3, "end", Position(F, 0)),
    ],
)
def test_advance(pos: Position, count: int, command: Command, after: Position) -> None:
    assert advance(pos, count, command) == after


@pytest.mark.parametrize(
    ("pos", "command", "code"),
    [
        (Position(Q, 0), "start", "wrong_phase"),
        (Position(R, 0), "start", "wrong_phase"),
        (Position(S, 0), "start", "wrong_phase"),
        (Position(L, -1), "next", "wrong_phase"),
        (Position(L, -1), "close", "wrong_phase"),
        (Position(R, 0), "close", "wrong_phase"),
        (Position(S, 0), "close", "wrong_phase"),
        (Position(F, 2), "start", "game_over"),
        (Position(F, 2), "next", "game_over"),
        (Position(F, 2), "close", "game_over"),
        (Position(F, 2), "end", "game_over"),
        (Position(Q, 0), "jump", "wrong_phase"),  # an unknown command from an untyped caller
    ],
)
def test_advance_refuses(pos: Position, command: Command, code: str) -> None:
    with pytest.raises(RuleViolation) as info:
        advance(pos, 3, command)
    assert info.value.code == code
    assert info.value.message


def test_phase_values_are_the_protocol_strings() -> None:
    assert [p.value for p in Phase] == ["lobby", "question", "reveal", "scoreboard", "finished"]
    assert f"{Phase.REVEAL}" == "reveal"
    assert Position(Phase.LOBBY, -1) == LOBBY


@settings(max_examples=50)
@given(st.integers(1, 20))
def test_next_walks_every_question(count: int) -> None:
    pos = advance(LOBBY, count, "start")
    seen = [pos]
    while pos.phase is not Phase.FINISHED:
        pos = advance(pos, count, "next")
        seen.append(pos)
    expected = [Position(p, i) for i in range(count) for p in (Q, R, S)]
    assert seen == [*expected, Position(F, count - 1)]


commands = st.sampled_from(["start", "next", "close", "end"])


@settings(max_examples=200)
@given(st.integers(1, 5), st.lists(commands, max_size=40))
def test_finished_is_final(count: int, script: list[Command]) -> None:
    pos = LOBBY
    for command in script:
        was_finished = pos.phase is Phase.FINISHED
        try:
            after = advance(pos, count, command)
        except RuleViolation as err:
            assert err.code == ("game_over" if was_finished else "wrong_phase")
            continue
        assert not was_finished
        assert -1 <= after.question < count
        assert after.question >= pos.question
        pos = after
