"""Whose data a repository call may read or write: the caller's `Scope`.

Every repository method that touches something an owner owns takes the scope as its first
argument. What "owns" means is decided here and nowhere else: `Scope.owns` (the SQL condition),
`Scope.owner` (the columns a new row is stamped with) and `load_owned` (the one place that loads
a row by id and checks it against the scope). Workspaces will change this type and these three,
not the repositories' call sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Event, Game, GamePlayer, Identity, Quiz

#: The tables whose rows have an owner (``host_id``).
OwnedModel = type[Quiz] | type[Game] | type[Event] | type[Identity] | type[GamePlayer]

#: The rows `load_owned` loads by id.
_Row = TypeVar("_Row", Quiz, Game, Event)


@dataclass(frozen=True, slots=True)
class Scope:
    """The owner a call acts for: today one host (its account id)."""

    host_id: str

    def owns(self, model: OwnedModel) -> ColumnElement[bool]:
        """The SQL condition selecting the rows of `model` this scope owns."""
        return model.host_id == self.host_id

    def owner(self) -> dict[str, str]:
        """The owner columns of a row created in this scope."""
        return {"host_id": self.host_id}


def owner_scope(row: Game) -> Scope:
    """The scope that owns `row`, for work done on the owner's behalf without a request (the
    outbox writing a game's results)."""
    return Scope(host_id=row.host_id)


async def load_owned(
    session: AsyncSession,
    scope: Scope,
    model: type[_Row],
    row_id: str,
    *,
    for_update: bool = False,
) -> _Row | None:
    """The row of `model` with this id when `scope` owns it; None when there is none or it is
    another owner's (the two are not told apart). `for_update` locks it until the transaction
    ends."""
    query = select(model).where(model.id == row_id, scope.owns(model))
    if for_update:
        query = query.with_for_update()
    row: _Row | None = await session.scalar(query)
    return row
