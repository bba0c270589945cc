"""What a live game hands to the SQL layer when it has finished.

Frozen values: the game's mode builds a `GameResults` from its final state, the room runtime
queues it in the Redis outbox as `GameResults.to_json`, and the outbox writer reads it back
with `GameResults.from_json` for `server.db.results.ResultRepo.write`, which writes it in one
transaction. Instants are server epoch milliseconds, as everywhere in the protocol.

The JSON is the outbox entry's format (a sorted-key object of the fields below); entries queued
by older versions lack some optional fields (``host_id``, ``event_id``, ``teams``, a player's
``identifier``, ``player_key`` and ``account_id``), which read as their defaults, and keys a
record does not know are ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

_R = TypeVar("_R")


def _record(cls: type[_R], data: dict[str, Any]) -> _R:
    """Build a record from the entry's keys that the record knows (entries may carry more)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class PlayerResult:
    """One player's final figures; `correct` and `answered` count questions.

    `identifier` (a lower-cased e-mail or employee/student id) and `player_key` (the device's
    long-lived random key) link the player's results across games; either may be None.
    `account_id` names the account of a signed-in player (a member of the game's workspace):
    its results go to the account's identity there.
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
    account_id: str | None = None


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

    def to_json(self) -> str:
        """The results as an outbox entry (a guest's ``account_id`` is left out, so entries
        read as they were written by the versions before accounts)."""
        doc = asdict(self)
        for player in doc["players"]:
            if player["account_id"] is None:
                del player["account_id"]
        return json.dumps(doc, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> GameResults:
        """The results of an outbox entry (`to_json`'s, or an older version's)."""
        return cls.from_doc(json.loads(raw))

    @classmethod
    def from_doc(cls, entry: dict[str, Any]) -> GameResults:
        """The results of an outbox entry already parsed from JSON; raises KeyError, TypeError
        or AttributeError for an entry that is not one."""
        return cls(
            game_id=entry["game_id"],
            started_ms=entry.get("started_ms"),
            finished_ms=entry["finished_ms"],
            players=[_record(PlayerResult, p) for p in entry["players"]],
            answers=[_record(AnswerRecord, a) for a in entry["answers"]],
            questions=[_record(QuestionResult, q) for q in entry["questions"]],
            teams=[_record(TeamResult, t) for t in entry.get("teams", [])],
            host_id=entry.get("host_id"),
            event_id=entry.get("event_id"),
        )


@dataclass(frozen=True, slots=True)
class RunResults:
    """One finished self-paced run of a challenge (server/modes/challenge), written to SQL on
    its own: the run adds a player row (``player.player_id`` is the run's id, unique per
    attempt) and its answers to the challenge's ``games`` row ``game_id``.

    `player_id` is the player's id in Redis (the one the phone knows, which milestone
    announcements name); `attempt` counts the person's runs of this challenge from 1. The
    outbox entry is ``to_json``: a sorted-key object with ``"kind": "run"``, which is how the
    writer tells it from a `GameResults` entry (those have no ``kind``).
    """

    challenge_id: str
    game_id: str
    player_id: str
    attempt: int
    started_ms: int
    finished_ms: int
    player: PlayerResult
    answers: list[AnswerRecord]
    team_id: str | None = None

    def to_json(self) -> str:
        """The run as an outbox entry."""
        doc = asdict(self)
        doc["kind"] = "run"
        if doc["player"]["account_id"] is None:
            del doc["player"]["account_id"]
        return json.dumps(doc, sort_keys=True)

    @classmethod
    def from_doc(cls, entry: dict[str, Any]) -> RunResults:
        """The run of an outbox entry already parsed from JSON; raises KeyError, TypeError or
        AttributeError for an entry that is not one."""
        return cls(
            challenge_id=entry["challenge_id"],
            game_id=entry["game_id"],
            player_id=entry["player_id"],
            attempt=int(entry["attempt"]),
            started_ms=entry["started_ms"],
            finished_ms=entry["finished_ms"],
            player=_record(PlayerResult, entry["player"]),
            answers=[_record(AnswerRecord, a) for a in entry["answers"]],
            team_id=entry.get("team_id"),
        )
