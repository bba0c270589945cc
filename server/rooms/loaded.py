"""What a node remembers of a game: its immutable part, and the small bounded caches."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from games.quiz import Quiz
from games.settings import GameSettings

CACHE_LIMIT = 5000

log = logging.getLogger("huddle.live")

_K = TypeVar("_K")
_V = TypeVar("_V")


def remember(cache: dict[_K, _V], key: _K, value: _V) -> None:
    """Put ``key`` in one of the node's caches, dropping the oldest entry when it is full."""
    if len(cache) >= CACHE_LIMIT:
        cache.pop(next(iter(cache)))
    cache[key] = value


@dataclass(frozen=True, slots=True)
class LoadedGame:
    """What never changes during a game, cached per node."""

    gid: str
    pin: str
    title: str
    quiz: Quiz
    settings: GameSettings
    event_id: str | None = None
    require_identifier: bool = False
    #: The people whose team is decided (games.teams.fixed_team): key → team name.
    fixed_teams: Mapping[str, str] = field(default_factory=dict)
    #: The way the game is played (``Rooms.mode_of``): "classic" (live) or "challenge".
    mode: str = "classic"
    #: The mode's own part of the snapshot (a challenge's times, audience, attempts).
    mode_doc: Mapping[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.quiz.questions)


@dataclass(frozen=True, slots=True)
class CreatedGame:
    id: str
    pin: str
    host_key: str
    join_url: str
    quiz: Quiz  # as prepared for this game (order questions' shown order)


class GameLedger(Protocol):
    """Where a game is recorded (its SQL row) before its PIN is taken and its Redis keys are
    written, so that no running game lacks its record; `Rooms.create` forgets the record again
    when creating the game fails after it."""

    async def record(self, gid: str, pin: str, quiz: Quiz) -> None:
        """Record game `gid` with PIN `pin` and its `quiz` as prepared for it."""

    async def forget(self, gid: str) -> None:
        """Delete the record of game `gid`, which was never created."""


# Whether the account of a login token may host a game: ``(token, the game's creator, the
# game's workspace)`` → None when the token is not valid (bad, expired, revoked), else whether
# its account is the creator or has at least the host role in the workspace (server/app.py).
HostOfToken = Callable[[str, str | None, str | None], Awaitable[bool | None]]


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The account of a player's login token (``join {account_token}``)."""

    account_id: str
    name: str
    email: str
    member: bool  # a member of the game's workspace: only then does it play as the account


# The account of a valid, unrevoked login token, told for one game (token, game id): None when
# the token is not valid (server/app.py builds it on server/db/people.py).
AccountOfToken = Callable[[str, str], Awaitable[SignedIn | None]]


def new_node_id() -> str:
    return secrets.token_hex(5)


def new_id() -> str:
    """A fresh game or player id (URL-safe, without ``-`` and ``_``)."""
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def forget_record(ledger: GameLedger | None, gid: str) -> None:
    """Forget a game that was never created; a ledger that cannot is logged, not raised, so
    the error that stopped the creation is the one the caller sees."""
    if ledger is None:
        return
    try:
        await ledger.forget(gid)
    except Exception:
        log.exception("could not forget the record of a game never created", extra={"game_id": gid})
