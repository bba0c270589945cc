"""Events: an owner's series of games (rounds) whose scores add up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update

from server.db.base import Repo
from server.db.models import Event, Game, new_id
from server.db.reports import event_doc
from server.db.scope import Scope, load_owned
from server.db.times import datetime_to_ms, now, opt_ms

#: The fields `EventRepo.update` may change.
EVENT_FIELDS = frozenset({"name", "starts_at", "ends_at", "teams", "require_identifier"})


class EventRepo(Repo):
    """Events, each owned by a scope; their leaderboards are `LeaderboardRepo`'s."""

    async def create(
        self,
        scope: Scope,
        *,
        name: str,
        starts_at: datetime,
        ends_at: datetime | None,
        teams: list[str],
        require_identifier: bool,
    ) -> dict[str, Any]:
        """Store a new event of the scope; returns it as the API shows it."""
        row = Event(
            id=new_id(),
            **scope.owner(),
            name=name,
            starts_at=starts_at,
            ends_at=ends_at,
            teams=list(teams),
            require_identifier=require_identifier,
            created_at=now(),
        )
        async with self._sessions.begin() as session:
            session.add(row)
        return event_doc(row)

    async def list_all(self, scope: Scope) -> list[dict[str, Any]]:
        """The scope's events, the latest start first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Event)
                .where(scope.owns(Event))
                .order_by(Event.starts_at.desc(), Event.created_at.desc(), Event.id)
            )
            return [event_doc(row) for row in rows]

    async def get(self, scope: Scope, event_id: str) -> dict[str, Any] | None:
        """The scope's event with its rounds (``games``, oldest first), or None when it does
        not exist or is another owner's."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Event, event_id)
            if row is None:
                return None
            games = await session.scalars(
                select(Game).where(Game.event_id == event_id).order_by(Game.created_at, Game.id)
            )
            return {
                **event_doc(row),
                "games": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "pin": g.pin,
                        "created_ms": datetime_to_ms(g.created_at),
                        "finished_ms": opt_ms(g.finished_at),
                        "results": g.results_at is not None,
                    }
                    for g in games
                ],
            }

    async def update(
        self, scope: Scope, event_id: str, changes: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """Change some of the scope's event's ``name``, ``starts_at``, ``ends_at``, ``teams``
        and ``require_identifier``; None when the scope has no such event."""
        unknown = set(changes) - EVENT_FIELDS
        if unknown:
            raise ValueError(f"not event fields: {sorted(unknown)}")
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Event, event_id)
            if row is None:
                return None
            for key, value in changes.items():
                setattr(row, key, list(value) if key == "teams" else value)
        return event_doc(row)

    async def delete(self, scope: Scope, event_id: str) -> bool:
        """Delete the scope's event; its games stay (no longer in an event). False when the
        scope has no such event."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Game)
                .where(Game.event_id == event_id, scope.owns(Game))
                .values(event_id=None)
                .execution_options(synchronize_session=False)
            )
            result = await session.execute(
                delete(Event).where(Event.id == event_id, scope.owns(Event))
            )
        return cast(CursorResult[Any], result).rowcount > 0
