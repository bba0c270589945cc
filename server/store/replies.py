"""The replies of the Lua scripts that answer more than one value, read into named fields.

Each script replies ``{code, …}``: ``ok`` followed by its figures, or an error code alone
(the refusal a caller turns into a RuleViolation). ``read`` takes the raw reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class JoinReply:
    """join.lua: ``{'ok', count, order, team, state, rank}``, ``{'resumed', player id}`` (a
    signed-in account's player already in the game) or ``{code}``."""

    code: str
    count: int = 0  # players in the game, the new one included
    order: int = 0  # the new player's join number
    team: str | None = None  # the team the script gave (auto) or kept (choose)
    state_json: str | None = None  # the phones' State when rendered for the current seq
    rank: int = 0  # where a score of 0 ranks now
    player_id: str = ""  # the account's player (``resumed``)

    @classmethod
    def read(cls, reply: list[Any]) -> JoinReply:
        if reply[0] == "resumed":
            return cls("resumed", player_id=str(reply[1]))
        if reply[0] != "ok":
            return cls(str(reply[0]))
        team = str(reply[3]) if reply[3] else None
        return cls("ok", int(reply[1]), int(reply[2]), team, reply[4], int(reply[5]))


@dataclass(frozen=True, slots=True)
class ResumeReply:
    """resume.lua: ``{'ok', player_id}`` or ``{code}``."""

    code: str
    player_id: str = ""

    @classmethod
    def read(cls, reply: list[Any]) -> ResumeReply:
        return cls(str(reply[0])) if reply[0] != "ok" else cls("ok", str(reply[1]))


@dataclass(frozen=True, slots=True)
class AnswerReply:
    """answer.lua: ``{'ok', points, streak, answered, connected, all}`` or ``{code}``."""

    code: str
    points: int = 0
    streak: int = 0
    answered: int = 0  # answers to the question so far
    connected: int = 0  # players connected now
    all_answered: bool = False  # every connected player has answered

    @classmethod
    def read(cls, reply: list[Any]) -> AnswerReply:
        if reply[0] != "ok":
            return cls(str(reply[0]))
        return cls(
            "ok", int(reply[1]), int(reply[2]), int(reply[3]), int(reply[4]), int(reply[5]) == 1
        )


@dataclass(frozen=True, slots=True)
class KickReply:
    """kick.lua: ``{'ok', sid_or_empty}`` or ``{'player_not_found'}``."""

    code: str
    sid: str = ""  # the connection the player had, if any

    @classmethod
    def read(cls, reply: list[Any]) -> KickReply:
        if reply[0] != "ok":
            return cls(str(reply[0]))
        return cls("ok", str(reply[1]) if len(reply) > 1 and reply[1] else "")
