"""A game's meta hash (``keys.meta``), read and written through one dataclass.

The hash holds a game's identity (id, PIN, the account that created it, its workspace, quiz),
where it is (phase, question, seq) and the moments of its last transition. The Lua scripts
read and write some of its fields by name (transition, answer, join, write_state,
mark_published, set_meta): the field names here are that contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from games.phases import Phase, Position


def _int(value: str | None) -> int:
    """A numeric field; missing or empty (a cleared moment, e.g. ``closed_ms``) reads as 0."""
    return int(value) if value else 0


@dataclass(frozen=True, slots=True)
class GameMeta:
    """Everything the meta hash says of a game. Moments are epoch ms, 0 when not (yet) set."""

    id: str
    pin: str
    title: str
    host_id: str | None
    quiz_id: str
    phase: Phase
    seq: int
    qindex: int  # -1 in the lobby, else the current or last question reached
    count: int  # questions in the quiz
    locked: bool  # the host locked the lobby: no new players
    created_ms: int
    rendered_seq: int  # the State of this seq is stored
    published_seq: int  # the State of this seq went out
    host_key: str  # sha256 of the host key the creating browser holds
    event_id: str | None
    require_identifier: bool
    changed_ms: int = 0
    # The workspace that owns the game (None for a game created before workspaces).
    workspace_id: str | None = None
    started_ms: int = 0
    finished_ms: int = 0
    opened_ms: int = 0  # the current question was shown
    # Answers are taken from here (after the reading time); a question opened before the
    # field existed took answers from the start.
    answers_open_ms: int = 0
    deadline_ms: int = 0
    closed_ms: int = 0
    outboxed: bool = False  # the results went into the outbox (the game finished)

    @property
    def position(self) -> Position:
        return Position(self.phase, self.qindex)

    @classmethod
    def read(cls, fields: Mapping[str, str]) -> GameMeta | None:
        """The meta of a hash from Redis; None when Redis holds no such game."""
        if not fields:
            return None
        opened = _int(fields.get("opened_ms"))
        return cls(
            id=fields.get("id", ""),
            pin=fields.get("pin", ""),
            title=fields.get("title", ""),
            host_id=fields.get("host_id"),
            quiz_id=fields.get("quiz_id", ""),
            phase=Phase(fields.get("phase") or Phase.LOBBY.value),
            seq=_int(fields.get("seq")),
            qindex=int(fields.get("qindex") or -1),
            count=_int(fields.get("count")),
            locked=fields.get("locked") == "1",
            created_ms=_int(fields.get("created_ms")),
            rendered_seq=_int(fields.get("rendered_seq")),
            published_seq=_int(fields.get("published_seq")),
            host_key=fields.get("host_key", ""),
            event_id=fields.get("event_id") or None,
            require_identifier=fields.get("require_identifier") == "1",
            changed_ms=_int(fields.get("changed_ms")),
            started_ms=_int(fields.get("started_ms")),
            finished_ms=_int(fields.get("finished_ms")),
            opened_ms=opened,
            answers_open_ms=_int(fields.get("answers_open_ms")) or opened,
            deadline_ms=_int(fields.get("deadline_ms")),
            closed_ms=_int(fields.get("closed_ms")),
            outboxed=fields.get("outboxed") == "1",
            workspace_id=fields.get("workspace_id") or None,
        )

    def to_hash(self) -> dict[str, str | int]:
        """The hash a new game is created with (moments not yet reached are left out)."""
        return {
            "id": self.id,
            "pin": self.pin,
            "title": self.title,
            "host_id": self.host_id or "",
            "quiz_id": self.quiz_id,
            "phase": self.phase.value,
            "seq": self.seq,
            "qindex": self.qindex,
            "count": self.count,
            "locked": int(self.locked),
            "created_ms": self.created_ms,
            "rendered_seq": self.rendered_seq,
            "published_seq": self.published_seq,
            "host_key": self.host_key,
            "event_id": self.event_id or "",
            "require_identifier": int(self.require_identifier),
            "workspace_id": self.workspace_id or "",
        }
