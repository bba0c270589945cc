"""Whose data a repository call may read or write: the caller's `Scope`.

Every repository method that touches something a workspace owns takes the scope as its first
argument. What "owns" means is decided here and nowhere else: `Scope.owns` (the SQL condition),
`Scope.owner` (the columns a new row is stamped with), `Scope.require` (the role a call needs)
and `load_owned` (the one place that loads a row by id and checks it against the scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.challenge_models import Challenge
from server.db.contribution_models import Contribution, QuestionDrive
from server.db.errors import Forbidden
from server.db.models import SHARED, Event, Game, GamePlayer, Identity, Quiz, Team

#: The tables whose rows a workspace owns (``workspace_id``).
OwnedModel = (
    type[Quiz]
    | type[Game]
    | type[Event]
    | type[Identity]
    | type[GamePlayer]
    | type[Team]
    | type[Challenge]
    | type[Contribution]
    | type[QuestionDrive]
)

#: The rows `load_owned` loads by id.
_Row = TypeVar("_Row", Quiz, Game, Event, Team, Challenge, Contribution, QuestionDrive)


class Role(StrEnum):
    """An account's role in a workspace, from least to most: a member plays and sees their own
    history; a host runs games and edits the library; an admin manages members and settings;
    an owner may also make owners and delete the workspace."""

    MEMBER = "member"
    HOST = "host"
    ADMIN = "admin"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        """0 for a member … 3 for an owner."""
        return _RANKS[self]

    def at_least(self, other: Role) -> bool:
        """Whether this role may do what `other` may."""
        return self.rank >= other.rank


_RANKS = {role: rank for rank, role in enumerate(Role)}


@dataclass(frozen=True, slots=True)
class Scope:
    """Who acts, and for which workspace: account `account_id` with `role` in `workspace_id`."""

    workspace_id: str
    account_id: str
    role: Role

    @classmethod
    def personal(cls, account_id: str) -> Scope:
        """The owner's scope of the workspace an account was given when workspaces came (its id
        is the account's id: migration ``0004_workspaces``, and registration)."""
        return cls(workspace_id=account_id, account_id=account_id, role=Role.OWNER)

    def owns(self, model: OwnedModel) -> ColumnElement[bool]:
        """The SQL condition selecting the rows of `model` this scope's workspace owns."""
        return model.workspace_id == self.workspace_id

    def owner(self) -> dict[str, str]:
        """The owner columns of a row created in this scope: its workspace, and the account
        that created it."""
        return {"workspace_id": self.workspace_id, "host_id": self.account_id}

    def require(self, role: Role) -> None:
        """Raise `Forbidden` unless this scope's role is at least `role`."""
        if not self.role.at_least(role):
            raise Forbidden(f"this needs the {role} role in the workspace")

    def require_creator_or(self, created_by: str, role: Role) -> None:
        """Raise `Forbidden` unless this scope's account created the row (`created_by`, its
        ``host_id``) or its role is at least `role` (a host deletes their own game, an admin
        any)."""
        if created_by != self.account_id:
            self.require(role)


def owner_scope(row: Game) -> Scope:
    """The scope that owns `row`, for work done on the owner's behalf without a request (the
    outbox writing a game's results): its workspace, acting as the account that created it."""
    return Scope(workspace_id=row.workspace_id, account_id=row.host_id, role=Role.OWNER)


def quiz_visible(scope: Scope) -> ColumnElement[bool]:
    """The quizzes `scope` sees: its workspace's shared ones and its own drafts (a draft is
    its author's alone, `server.db.models.DRAFT`)."""
    return and_(scope.owns(Quiz), or_(Quiz.visibility == SHARED, Quiz.host_id == scope.account_id))


async def load_owned(
    session: AsyncSession,
    scope: Scope,
    model: type[_Row],
    row_id: str,
    *,
    for_update: bool = False,
) -> _Row | None:
    """The row of `model` with this id when `scope` owns it; None when there is none or it is
    another workspace's (the two are not told apart). `for_update` locks it until the
    transaction ends. A quiz loads only when the scope sees it (`quiz_visible`): another
    account's draft is as good as missing."""
    owned = quiz_visible(scope) if model is Quiz else scope.owns(model)
    query = select(model).where(model.id == row_id, owned)
    if for_update:
        query = query.with_for_update()
    row: _Row | None = await session.scalar(query)
    return row
