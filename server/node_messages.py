"""The messages nodes send each other over the Redis bus (``keys.bus``): one closed union,
encoded and decoded here only.

A node publishes one when something must reach players whose sockets may be on any node:
the runtime at a reveal (each node sends its own players their results) and at a kick, the
outbox writer when milestones were earned or an event's leaderboard changed, a run timer
when it closed a self-paced player's question. The JSON is
``{"t": kind, …}`` with short field names (every node reads every message).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reveal:
    """Question ``question`` of the game was revealed: send each player its stored result."""

    game_id: str
    question: int


@dataclass(frozen=True, slots=True)
class Kicked:
    """The host removed a player: close its sockets with ``reason``."""

    game_id: str
    player_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Milestones:
    """Players earned milestones: player id -> the milestones' documents."""

    game_id: str
    awards: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class EventChanged:
    """An event's leaderboard changed (a round's results reached SQL)."""

    event_id: str


@dataclass(frozen=True, slots=True)
class ChallengeChanged:
    """A self-paced challenge's standings changed (a run's results reached SQL); ``game_id``
    is the challenge's game (its Redis game and its ``games`` row)."""

    challenge_id: str
    game_id: str


@dataclass(frozen=True, slots=True)
class RunShown:
    """A node's run timer closed a self-paced player's question at its deadline: send that
    player (on whichever node holds its sockets) the ``run`` event with ``view`` (its
    RunView at the reveal)."""

    game_id: str
    player_id: str
    view: dict[str, Any]


NodeMessage = Reveal | Kicked | Milestones | EventChanged | ChallengeChanged | RunShown


def encode(message: NodeMessage) -> dict[str, Any]:
    """The message as the bus carries it (JSON-ready)."""
    match message:
        case Reveal(gid, q):
            return {"t": "reveal", "g": gid, "q": q}
        case Kicked(gid, pid, reason):
            return {"t": "kick", "g": gid, "p": pid, "reason": reason}
        case Milestones(gid, awards):
            return {"t": "milestones", "g": gid, "awards": awards}
        case EventChanged(eid):
            return {"t": "event", "e": eid}
        case ChallengeChanged(cid, gid):
            return {"t": "challenge", "c": cid, "g": gid}
        case RunShown(gid, pid, view):
            return {"t": "run", "g": gid, "p": pid, "v": view}


def decode(doc: object) -> NodeMessage | None:
    """A message read from the bus; None for one this node does not know or that is malformed."""
    if not isinstance(doc, dict):
        return None
    kind, gid = doc.get("t"), doc.get("g")
    if kind == "event":
        eid = doc.get("e")
        return EventChanged(eid) if isinstance(eid, str) else None
    if not isinstance(gid, str):
        return None
    if kind == "challenge":
        cid = doc.get("c")
        return ChallengeChanged(cid, gid) if isinstance(cid, str) else None
    if kind == "run" and isinstance(doc.get("p"), str) and isinstance(doc.get("v"), dict):
        return RunShown(gid, doc["p"], doc["v"])
    if kind == "reveal" and isinstance(doc.get("q"), int):
        return Reveal(gid, doc["q"])
    if kind == "kick" and isinstance(doc.get("p"), str):
        reason = doc.get("reason", "")
        return Kicked(gid, doc["p"], reason if isinstance(reason, str) else "")
    if kind == "milestones" and isinstance(doc.get("awards"), dict):
        awards = {
            pid: [item for item in items if isinstance(item, dict)]
            for pid, items in doc["awards"].items()
            if isinstance(items, list)
        }
        return Milestones(gid, awards)
    return None
