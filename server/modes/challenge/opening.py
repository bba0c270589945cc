"""What the HTTP side hands the runtime to open a challenge, and what the game's snapshot
keeps of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from games.errors import RuleViolation
from games.quiz import Quiz
from games.settings import GameSettings

AUDIENCES = ("guests", "members", "teams")
MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class ChallengeOpening:
    """A challenge to open (docs/protocol.md Part 2; the SQL row is the caller's).

    `quiz` is already built (for a daily challenge, the drawn questions); it is prepared once
    at opening, so every run plays the same order. `fixed_teams` maps person keys
    (games.teams.fixed_key, ``a:<account id>``) to team names, as for a live game's
    workspace teams (``settings.teams`` resolved with the workspace's teams and their ids);
    with audience "teams" a member plays only when their team's id is one of `team_ids` (a
    challenge without team settings may map accounts to team ids directly).
    `title` (additive) names the challenge; empty: the quiz's title."""

    challenge_id: str
    workspace_id: str
    host_id: str  # the creating account
    quiz_id: str | None
    quiz: Quiz
    settings: GameSettings
    opens_ms: int
    closes_ms: int
    audience: str  # "guests" | "members" | "teams"
    team_ids: tuple[str, ...] = ()
    fixed_teams: Mapping[str, str] = field(default_factory=dict)
    attempts: int = 1
    title: str = ""

    def check(self) -> None:
        """Refuse an opening the runtime cannot run (``invalid``)."""
        if self.audience not in AUDIENCES:
            raise RuleViolation("invalid", f"audience must be one of {', '.join(AUDIENCES)}")
        if not 1 <= self.attempts <= MAX_ATTEMPTS:
            raise RuleViolation("invalid", f"attempts must be 1 to {MAX_ATTEMPTS}")
        if self.closes_ms <= self.opens_ms:
            raise RuleViolation("invalid", "closes_at must be after opens_at")
        if not self.quiz.questions:
            raise RuleViolation("invalid", "a challenge needs at least one question")


@dataclass(frozen=True, slots=True)
class ChallengeInfo:
    """A challenge as its game's snapshot keeps it (``LoadedGame.mode_doc``)."""

    challenge_id: str
    workspace_id: str
    opens_ms: int
    closes_ms: int
    audience: str
    team_ids: tuple[str, ...]
    attempts: int

    @classmethod
    def of(cls, opening: ChallengeOpening) -> ChallengeInfo:
        return cls(
            opening.challenge_id,
            opening.workspace_id,
            opening.opens_ms,
            opening.closes_ms,
            opening.audience,
            tuple(opening.team_ids),
            opening.attempts,
        )

    @classmethod
    def read(cls, doc: Mapping[str, Any]) -> ChallengeInfo:
        return cls(
            str(doc["challenge_id"]),
            str(doc["workspace_id"]),
            int(doc["opens_ms"]),
            int(doc["closes_ms"]),
            str(doc["audience"]),
            tuple(str(t) for t in doc.get("team_ids") or ()),
            int(doc.get("attempts") or 1),
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "challenge_id": self.challenge_id,
            "workspace_id": self.workspace_id,
            "opens_ms": self.opens_ms,
            "closes_ms": self.closes_ms,
            "audience": self.audience,
            "team_ids": list(self.team_ids),
            "attempts": self.attempts,
        }
