"""The phases of a game and the host commands that move between them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from games.errors import RuleViolation


class Phase(StrEnum):
    """Where a game is: the protocol's `state.phase`."""

    LOBBY = "lobby"
    QUESTION = "question"
    REVEAL = "reveal"
    SCOREBOARD = "scoreboard"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Position:
    """The phase and question index; -1 in the lobby, else the current or last question reached."""

    phase: Phase
    question: int


LOBBY = Position(Phase.LOBBY, -1)

Command = Literal["start", "next", "close", "end"]


def advance(pos: Position, count: int, command: Command) -> Position:
    """The position after a host command (or the timer's "close") in a quiz of `count` questions.

    start: lobby → question 0. next: question → reveal → scoreboard → the next question, or
    finished after the last one. close: question → reveal. end: anything → finished.
    Raises RuleViolation "game_over" once finished, "wrong_phase" when out of turn.
    """
    if pos.phase is Phase.FINISHED:
        raise RuleViolation("game_over", "the game is over")
    match command:
        case "start" if pos.phase is Phase.LOBBY:
            if count < 1:
                return Position(Phase.FINISHED, -1)
            return Position(Phase.QUESTION, 0)
        case "next" if pos.phase is Phase.QUESTION:
            return Position(Phase.REVEAL, pos.question)
        case "next" if pos.phase is Phase.REVEAL:
            return Position(Phase.SCOREBOARD, pos.question)
        case "next" if pos.phase is Phase.SCOREBOARD:
            if pos.question + 1 < count:
                return Position(Phase.QUESTION, pos.question + 1)
            return Position(Phase.FINISHED, pos.question)
        case "close" if pos.phase is Phase.QUESTION:
            return Position(Phase.REVEAL, pos.question)
        case "end":
            return Position(Phase.FINISHED, pos.question)
    raise RuleViolation("wrong_phase", f"cannot {command} in the {pos.phase} phase")
