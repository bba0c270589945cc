"""What a live game hands to the SQL layer when it has finished.

Plain frozen values with no behaviour: the live game builds them from its final state and
`server.db.results.ResultRepo.save` writes them in one transaction. Instants are server epoch
milliseconds, as everywhere in the protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PlayerResult:
    """One player's final figures; `correct` and `answered` count questions.

    `identifier` (a lower-cased e-mail or employee/student id) and `player_key` (the device's
    long-lived random key) link the player's results across games; either may be None.
    """

    player_id: str
    nickname: str
    team: str | None
    score: int
    rank: int
    correct: int
    answered: int
    correct_time_ms: int
    joined_ms: int | None
    identifier: str | None = None
    player_key: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """A player's accepted answer to question number `question` (0-based)."""

    player_id: str
    question: int
    answer: Any
    correct: bool
    points: int
    elapsed_ms: int


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """The tally of one question; `distribution` maps an answer key to its count."""

    index: int
    kind: str
    prompt: str
    answered: int
    correct: int
    distribution: dict[str, int]


@dataclass(frozen=True, slots=True)
class TeamResult:
    """One team's final score; `members` is a count."""

    team: str
    score: int
    rank: int
    members: int


@dataclass(frozen=True, slots=True)
class GameResults:
    """Everything written to SQL when a game has finished.

    `host_id` and `event_id` repeat what the game's row says (the row is what counts).
    """

    game_id: str
    started_ms: int | None
    finished_ms: int
    players: list[PlayerResult]
    answers: list[AnswerRecord]
    questions: list[QuestionResult]
    teams: list[TeamResult]
    host_id: str | None = None
    event_id: str | None = None
