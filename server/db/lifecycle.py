"""Data life-cycle: removing a person (erased, or anonymised in the aggregates) and the
retention sweep that anonymises old results (docs/privacy.md).

Two ways to remove a person's results, both in one transaction:

- **anonymise** (`anonymise_identities`): their result rows stay, so the games' rankings, team
  scores and leaderboards' totals stay true, but each loses its link to the person and its
  nickname (`REMOVED`); the identities (identifier, player key) and their badges are deleted.
- **erase** (`erase_identities`): every row about them goes: their result rows, each answer
  they gave, their badges and their identities. What stays is what counts them without naming
  them (a question's tally, a team's score, a game's player count), as it was recorded.

The retention sweep (`LifecycleRepo.sweep_retention`) anonymises, in each workspace with a
``retention_days`` setting, the result rows of games that finished more than that many days
before `now`. It is idempotent (rows already anonymised are left alone), so nodes may run it at
the same time.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.contributions import forget_member_content
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.games import GameRecord, game_record
from server.db.models import (
    Game,
    GameAnswer,
    GamePlayer,
    Host,
    Identity,
    Membership,
    MilestoneAwarded,
    Workspace,
)
from server.db.scope import Role, Scope

log = logging.getLogger(__name__)

#: The nickname a removed person's results keep.
REMOVED = "(removed)"


class RemoveMode(StrEnum):
    """How a person's results are removed (``?mode=``)."""

    ERASE = "erase"
    ANONYMISE = "anonymise"


async def anonymise_identities(session: AsyncSession, ids: Sequence[str]) -> None:
    """Keep the identities' result rows as ``(removed)`` without a link; delete their badges
    and the identities themselves."""
    if not ids:
        return
    await session.execute(
        update(GamePlayer)
        .where(GamePlayer.identity_id.in_(ids))
        .values(identity_id=None, nickname=REMOVED)
        .execution_options(synchronize_session=False)
    )
    await _drop_identities(session, ids)


async def erase_identities(session: AsyncSession, ids: Sequence[str]) -> None:
    """Delete every row about the identities: their answers, result rows, badges and the
    identities themselves."""
    if not ids:
        return
    theirs = exists().where(
        GamePlayer.game_id == GameAnswer.game_id,
        GamePlayer.player_id == GameAnswer.player_id,
        GamePlayer.identity_id.in_(ids),
    )
    await session.execute(
        delete(GameAnswer).where(theirs).execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(GamePlayer)
        .where(GamePlayer.identity_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    await _drop_identities(session, ids)


async def _drop_identities(session: AsyncSession, ids: Sequence[str]) -> None:
    await session.execute(
        delete(MilestoneAwarded)
        .where(MilestoneAwarded.identity_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(Identity).where(Identity.id.in_(ids)).execution_options(synchronize_session=False)
    )


async def remove_identities(session: AsyncSession, ids: Sequence[str], mode: RemoveMode) -> None:
    """`erase_identities` or `anonymise_identities`, as `mode` says."""
    if mode is RemoveMode.ERASE:
        await erase_identities(session, ids)
    else:
        await anonymise_identities(session, ids)


@dataclass(frozen=True, slots=True)
class SweepReport:
    """What one retention sweep did: the workspaces with a setting, and the result rows it
    anonymised (0 when everything old was already anonymous)."""

    workspaces: int
    anonymised: int


def _still_named() -> ColumnElement[bool]:
    return or_(GamePlayer.identity_id.is_not(None), GamePlayer.nickname != REMOVED)


async def person_identities(session: AsyncSession, workspace_id: str, account: Host) -> list[str]:
    """The workspace's identities of an account: the one its signed-in games are linked to
    (``account_id``), and a guest identity that played by its e-mail address as identifier."""
    rows = await session.scalars(
        select(Identity.id).where(
            Identity.workspace_id == workspace_id,
            or_(Identity.account_id == account.id, Identity.identifier == account.email),
        )
    )
    return list(rows)


class LifecycleRepo(Repo):
    """Removing a member with their results, and the retention sweep (a guest's identity is
    removed by `IdentityRepo.forget`)."""

    async def remove_person(self, scope: Scope, account_id: str, mode: RemoveMode) -> None:
        """Remove a member from the scope's workspace with their results there, as `mode`
        says, in one transaction (admin and up; an owner only by an owner, and not the last
        one). `NotFound` when the account is not a member; their account, other workspaces
        and the quizzes they wrote stay."""
        scope.require(Role.ADMIN)
        ws = scope.workspace_id
        async with self._sessions.begin() as session:
            owners = list(
                await session.scalars(
                    select(Membership.account_id)
                    .where(Membership.workspace_id == ws, Membership.role == Role.OWNER)
                    .with_for_update()
                )
            )
            member = await session.get(Membership, (ws, account_id), with_for_update=True)
            account = await session.get(Host, account_id)
            if member is None or account is None:
                raise NotFound(account_id)
            if member.role == Role.OWNER:
                if scope.role != Role.OWNER:
                    raise Forbidden("only an owner may remove an owner")
                if len(owners) <= 1:
                    raise Conflict("last_owner", "a workspace keeps at least one owner")
            await remove_identities(session, await person_identities(session, ws, account), mode)
            await forget_member_content(session, ws, account_id)
            await session.delete(member)

    async def games_in_redis(self, scope: Scope, written_since: datetime) -> list[GameRecord]:
        """The workspace's games Redis may still hold: those whose results are not written,
        and those whose results were written since `written_since` (a finished game's keys
        live ``HUDDLE_FINISHED_TTL_S`` from its end, which came before)."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Game).where(
                    scope.owns(Game),
                    or_(Game.results_at.is_(None), Game.results_at >= written_since),
                )
            )
            return [game_record(row) for row in rows]

    async def sweep_retention(self, now: datetime) -> SweepReport:
        """Anonymise the result rows of games that finished before ``now - retention_days``
        in every workspace with that setting (by the game's ``finished_at``, which each result
        row copies). Idempotent; one transaction per workspace."""
        async with self._sessions() as session:
            settings = list(
                await session.execute(
                    select(Workspace.id, Workspace.retention_days).where(
                        Workspace.retention_days.is_not(None)
                    )
                )
            )
        anonymised = 0
        for workspace_id, days in settings:
            if days is None:  # set to none meanwhile
                continue
            cutoff = now - timedelta(days=days)
            async with self._sessions.begin() as session:
                query = (
                    update(GamePlayer)
                    .where(
                        GamePlayer.workspace_id == workspace_id,
                        GamePlayer.finished_at < cutoff,
                        _still_named(),
                    )
                    .values(identity_id=None, nickname=REMOVED)
                    .execution_options(synchronize_session=False)
                )
                result = cast("CursorResult[Any]", await session.execute(query))
                anonymised += int(result.rowcount or 0)
        if anonymised:
            log.info("retention sweep anonymised %d result rows", anonymised)
        return SweepReport(workspaces=len(settings), anonymised=anonymised)
