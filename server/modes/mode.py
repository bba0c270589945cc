"""The seam between the room runtime and a way of playing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from games.phases import Command, Position
from server.rooms.loaded import LoadedGame
from server.sockets.messages import Answer
from server.store.meta import GameMeta


@dataclass(frozen=True, slots=True)
class PhaseChange:
    """A transition a mode decided: where the game goes and the meta fields to set with it
    (compare-and-set on the game's seq by ``GameStore.transition``)."""

    to: Position
    fields: dict[str, str | int]
    # The question whose non-answerers lose their streak as it closes, if any.
    reset_streaks_for: int | None = None


class Mode(Protocol):
    """What the runtime asks of a way of playing. Every method gets the game's immutable
    part; the mode reads and writes the rest through the runtime's store."""

    def change(self, game: LoadedGame, at: Position, command: Command, now: int) -> PhaseChange:
        """The transition ``command`` makes from ``at`` (raises RuleViolation when out of turn)."""
        ...

    def natural_due(self, game: LoadedGame | None, meta: GameMeta) -> int | None:
        """When the game next needs a node's attention without anyone asking (None: never).
        ``game`` is None when this node has not loaded it."""
        ...

    def due_command(self, at: Position) -> Command:
        """The command a due timer applies at ``at``."""
        ...

    async def render(self, game: LoadedGame, meta: GameMeta) -> dict[str, Any]:
        """The State of the game's current seq (storing what its players' results need)."""
        ...

    def for_devices(self, game: LoadedGame, state: dict[str, Any]) -> dict[str, Any]:
        """The State as phones get it."""
        ...

    async def published(self, game: LoadedGame, state: dict[str, Any]) -> None:
        """A State went out: tell the other nodes what they must act on."""
        ...

    def first_me(self, pid: str, rank: int) -> dict[str, Any]:
        """A new player's own figures (``state.me``) at joining."""
        ...

    async def me(self, gid: str, pid: str, state: dict[str, Any]) -> dict[str, Any]:
        """A returning player's own figures in ``state``."""
        ...

    async def answer(self, game: LoadedGame, pid: str, msg: Answer) -> dict[str, Any]:
        """A player's move; the ack."""
        ...

    async def player_arrived(self, gid: str, state: dict[str, Any]) -> None:
        """A player joined or came back while the game is at ``state``."""
        ...

    async def players_returned(self, gid: str) -> None:
        """Players held by this node count as connected again."""
        ...

    async def players_left(self, gid: str) -> None:
        """Players stopped counting as connected (left, were removed, or their node died)."""
        ...
