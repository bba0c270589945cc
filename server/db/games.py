"""Games as SQL records them: created with their quiz's snapshot, listed, deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from server.db.base import Repo
from server.db.challenge_models import Challenge
from server.db.models import (
    Game,
    GameAnswer,
    GamePlayer,
    GameQuestion,
    GameTeam,
    MilestoneAwarded,
)
from server.db.scope import Role, Scope, load_owned
from server.db.times import now


@dataclass(frozen=True, slots=True)
class GameRecord:
    """A row of ``games``; instants are timezone-aware UTC datetimes. `host_id` is the
    account that created it, `workspace_id` the workspace that owns it."""

    id: str
    host_id: str
    quiz_id: str | None
    pin: str
    title: str
    settings: dict[str, Any]
    quiz: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    results_at: datetime | None
    event_id: str | None = None
    players: int | None = None
    quiz_version: int | None = None
    workspace_id: str = ""


def game_record(row: Game) -> GameRecord:
    return GameRecord(
        id=row.id,
        host_id=row.host_id,
        quiz_id=row.quiz_id,
        pin=row.pin,
        title=row.title,
        settings=row.settings,
        quiz=row.quiz,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        results_at=row.results_at,
        event_id=row.event_id,
        players=row.players,
        quiz_version=row.quiz_version,
        workspace_id=row.workspace_id,
    )


def new_game(
    scope: Scope,
    *,
    game_id: str,
    quiz_id: str | None,
    pin: str,
    title: str,
    settings: dict[str, Any],
    quiz: dict[str, Any],
    event_id: str | None = None,
    quiz_version: int | None = None,
    at: datetime | None = None,
) -> Game:
    """A new game's row, owned by `scope`, created `at` (default now): a live game's
    (`GameRepo.create`) or a challenge's (`server.db.challenges.ChallengeRepo.create`)."""
    return Game(
        id=game_id,
        **scope.owner(),
        quiz_id=quiz_id,
        quiz_version=quiz_version,
        pin=pin,
        title=title,
        settings=settings,
        quiz=quiz,
        created_at=at or now(),
        event_id=event_id,
    )


class GameRepo(Repo):
    """Games, each owned by a scope; their results are `server.db.results.ResultRepo`'s."""

    async def create(
        self,
        scope: Scope,
        *,
        game_id: str,
        quiz_id: str | None,
        pin: str,
        title: str,
        settings: dict[str, Any],
        quiz: dict[str, Any],
        event_id: str | None = None,
        quiz_version: int | None = None,
    ) -> None:
        """Record a newly created game with the snapshot of its quiz and the quiz's version
        then; `event_id` names the event it is a round of."""
        async with self._sessions.begin() as session:
            session.add(
                new_game(
                    scope, game_id=game_id, quiz_id=quiz_id, pin=pin, title=title,
                    settings=settings, quiz=quiz, event_id=event_id, quiz_version=quiz_version,
                )
            )  # fmt: skip

    async def get(self, scope: Scope, game_id: str) -> GameRecord | None:
        """The scope's game, or None when it does not exist or is another workspace's."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Game, game_id)
        return None if row is None else game_record(row)

    async def list_all(self, scope: Scope, limit: int = 100) -> list[GameRecord]:
        """The scope's games, newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Game)
                .where(scope.owns(Game))
                .order_by(Game.created_at.desc(), Game.id)
                .limit(limit)
            )
            return [game_record(row) for row in rows]

    async def delete(self, scope: Scope, game_id: str) -> bool:
        """Delete the scope's game and everything SQL holds of it: its results (players,
        answers, questions, teams), the badges it awarded and the challenge it is the game of;
        the people's identities stay.
        False when the scope has no such game."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Game, game_id, for_update=True)
            if row is None:
                return False
            scope.require_creator_or(row.host_id, Role.ADMIN)
            # Explicitly, not by the foreign keys' cascade: the same on every backend.
            tables = (MilestoneAwarded, GameAnswer, GameQuestion, GameTeam, GamePlayer, Challenge)
            for table in tables:
                await session.execute(delete(table).where(table.game_id == game_id))
            await session.delete(row)
        return True
