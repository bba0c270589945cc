"""The challenge mode over the room runtime: a challenge's own State ("open" until it
closes), its one game-level timer (closing at ``closes_ms``), and the answer path handed to
answers.py. The runs themselves move through the desk (desk.py), not through transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from games.errors import RuleViolation
from games.phases import Command, Phase, Position
from server.modes.challenge import views
from server.modes.challenge.opening import ChallengeInfo
from server.modes.mode import PhaseChange
from server.rooms.loaded import LoadedGame
from server.sockets.messages import Answer
from server.store.meta import GameMeta

if TYPE_CHECKING:
    from server.modes.challenge.desk import ChallengeDesk
    from server.rooms.runtime import Rooms


class ChallengeMode:
    """Implements ``server.modes.mode.Mode`` for self-paced challenges. The game stays in the
    lobby phase while open and is finished once closed (by its timer or the host)."""

    def __init__(self, rooms: Rooms, desk: ChallengeDesk) -> None:
        self.rooms = rooms
        self.desk = desk

    # ------------------------------------------------------------------ flow
    def change(self, game: LoadedGame, at: Position, command: Command, now: int) -> PhaseChange:
        """Only ``end`` moves a challenge: it closes (the timer at ``closes_ms``, or the host
        early). Its runs are not transitions of the game."""
        if at.phase == Phase.FINISHED:
            raise RuleViolation("game_over", "the challenge is closed")
        if command != "end":
            raise RuleViolation("wrong_phase", "a challenge is self-paced: only end applies")
        fields: dict[str, str | int] = {
            "phase": Phase.FINISHED.value,
            "changed_ms": now,
            "finished_ms": now,
        }
        return PhaseChange(Position(Phase.FINISHED, at.question), fields)

    def natural_due(self, game: LoadedGame | None, meta: GameMeta) -> int | None:
        """An open challenge closes at its ``closes_ms``."""
        if game is None or meta.phase == Phase.FINISHED:
            return None
        return ChallengeInfo.read(game.mode_doc).closes_ms

    def due_command(self, at: Position) -> Command:
        return "end"

    # ------------------------------------------------------------------ rendering
    async def render(self, game: LoadedGame, meta: GameMeta) -> dict[str, Any]:
        """The challenge's State; once closed, the runs that can end now end (a run in a
        question ends when that question closes)."""
        closed = meta.phase == Phase.FINISHED
        if closed:
            await self.desk.flow.end_open_runs(game)
        players = await self.rooms.store.player_count(game.gid)
        return views.challenge_state(game, ChallengeInfo.read(game.mode_doc), meta, players)

    def for_devices(self, game: LoadedGame, state: dict[str, Any]) -> dict[str, Any]:
        return state  # no question in it: phones see the same

    async def published(self, game: LoadedGame, state: dict[str, Any]) -> None:
        return None

    # ------------------------------------------------------------------ players
    def first_me(self, pid: str, rank: int) -> dict[str, Any]:
        return {"player_id": pid}  # a player's figures are its run's (the ack's ``run``)

    async def me(self, gid: str, pid: str, state: dict[str, Any]) -> dict[str, Any]:
        return {"player_id": pid}

    async def answer(self, game: LoadedGame, pid: str, msg: Answer) -> dict[str, Any]:
        """A self-paced answer: server/modes/challenge/answers.py."""
        return await self.desk.answers.answer(game, pid, msg)

    async def player_arrived(self, gid: str, state: dict[str, Any]) -> None:
        return None  # no shared question, so no "N answered" to update

    async def players_returned(self, gid: str) -> None:
        return None

    async def players_left(self, gid: str) -> None:
        return None  # a run's deadline holds whether or not its player is connected
