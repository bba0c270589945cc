"""Workspaces, their members' roles and their invites (``db.workspaces``).

An account's own workspace is made when it registers (`create_own_workspace`, in the same
transaction as the account); an account joins another one by accepting an invite
(`join_by_invite`). What a member may do is the membership's `Role`; the rules of who may change
whose role are here, the routes only translate `Forbidden`, `Conflict` and `NotFound`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import search
from server.db.base import Repo
from server.db.challenge_models import Challenge, DailySettings
from server.db.contribution_models import Reviewer
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.models import (
    Event,
    Game,
    GameAnswer,
    GamePlayer,
    GameQuestion,
    GameTeam,
    Host,
    Identity,
    Invite,
    Membership,
    MilestoneAwarded,
    Quiz,
    Workspace,
    new_id,
)
from server.db.scope import Role, Scope
from server.db.times import now

#: The roles an invite may give (an owner is made by an owner, not by a link).
INVITE_ROLES = (Role.MEMBER, Role.HOST, Role.ADMIN)
RETENTION_DAYS_MAX = 3650
INVITE_TTL_HOURS_MAX = 720
INVITE_TTL_HOURS_DEFAULT = 168
#: How many workspaces one account may own, and how many valid invites one workspace may have
#: (past them: `Conflict` ``too_many_workspaces`` / ``too_many_invites``).
MAX_OWNED_WORKSPACES = 50
MAX_VALID_INVITES = 200


class InviteRefused(Exception):
    """The invite does not exist, has expired or was revoked (not told apart)."""


@dataclass(frozen=True, slots=True)
class WorkspaceRecord:
    """A workspace, with the role of the account that asked (None when not asked)."""

    id: str
    name: str
    created_at: datetime
    retention_days: int | None
    role: Role | None = None
    #: Whether an admin named the account a reviewer of members' contributions (issue 16).
    reviewer: bool = False


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member of a workspace: their account, their role and when they joined."""

    account_id: str
    name: str
    email: str
    role: Role
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class InviteRecord:
    """An invite's row (its token is made from the id by `server.http.invites`)."""

    id: str
    workspace_id: str
    role: Role
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def _workspace(row: Workspace, role: str | None = None, reviewer: bool = False) -> WorkspaceRecord:
    return WorkspaceRecord(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        retention_days=row.retention_days,
        role=None if role is None else Role(role),
        reviewer=reviewer,
    )


def _invite(row: Invite) -> InviteRecord:
    return InviteRecord(
        id=row.id,
        workspace_id=row.workspace_id,
        role=Role(row.role),
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


def own_workspace_name(account_name: str) -> str:
    """The name of the workspace an account is given when it registers."""
    return f"{account_name}'s workspace"


async def add_workspace(
    session: AsyncSession, owner_id: str, name: str, at: datetime, *, workspace_id: str | None
) -> Workspace:
    """Add a workspace owned by `owner_id` in the session's transaction (a new id unless
    given)."""
    row = Workspace(id=workspace_id or new_id(), name=name, created_at=at, retention_days=None)
    session.add(row)
    await session.flush()  # the membership's foreign key needs the row first
    session.add(
        Membership(workspace_id=row.id, account_id=owner_id, role=Role.OWNER, created_at=at)
    )
    return row


async def join_by_invite(
    session: AsyncSession, invite_id: str, account_id: str, at: datetime
) -> tuple[str, Role]:
    """Make `account_id` a member by the invite, in the session's transaction: (workspace id,
    the role it now has). Already a member keeps the higher of its role and the invite's.
    Raises `InviteRefused` when the invite is unknown, expired or revoked."""
    invite = await session.scalar(select(Invite).where(Invite.id == invite_id).with_for_update())
    if invite is None or invite.revoked_at is not None or invite.expires_at <= at:
        raise InviteRefused(invite_id)
    offered = Role(invite.role)
    member = await session.get(Membership, (invite.workspace_id, account_id), with_for_update=True)
    if member is None:
        session.add(
            Membership(
                workspace_id=invite.workspace_id,
                account_id=account_id,
                role=offered,
                created_at=at,
            )
        )
        return invite.workspace_id, offered
    if not Role(member.role).at_least(offered):
        member.role = offered
    return invite.workspace_id, Role(member.role)


async def _owners(session: AsyncSession, workspace_id: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.role == Role.OWNER)
    )
    return int(count or 0)


class WorkspaceRepo(Repo):
    """Workspaces, memberships and invites. Methods that act inside a workspace take the
    caller's `Scope` (its role decides); the others name the account."""

    # -- an account's workspaces ----------------------------------------------------------------

    async def create(self, account_id: str, name: str) -> WorkspaceRecord:
        """A new workspace with `account_id` as its owner (`Conflict` ``too_many_workspaces``
        when it owns `MAX_OWNED_WORKSPACES` already)."""
        async with self._sessions.begin() as session:
            owned = await session.scalar(
                select(func.count())
                .select_from(Membership)
                .where(Membership.account_id == account_id, Membership.role == Role.OWNER)
            )
            if int(owned or 0) >= MAX_OWNED_WORKSPACES:
                raise Conflict(
                    "too_many_workspaces",
                    f"an account may own at most {MAX_OWNED_WORKSPACES} workspaces",
                )
            row = await add_workspace(session, account_id, name, now(), workspace_id=None)
        return _workspace(row, Role.OWNER)

    async def for_account(self, account_id: str) -> list[WorkspaceRecord]:
        """The workspaces the account belongs to, with its role and whether it was named a
        reviewer there, oldest membership first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Workspace, Membership.role, Reviewer.account_id)
                .join(Membership, Membership.workspace_id == Workspace.id)
                .outerjoin(
                    Reviewer,
                    (Reviewer.workspace_id == Workspace.id) & (Reviewer.account_id == account_id),
                )
                .where(Membership.account_id == account_id)
                .order_by(Membership.created_at, Workspace.id)
            )
            return [_workspace(ws, role, named is not None) for ws, role, named in rows]

    async def membership(self, workspace_id: str, account_id: str) -> Role | None:
        """The account's role in the workspace, None when it is not a member."""
        async with self._sessions() as session:
            role = await session.scalar(
                select(Membership.role).where(
                    Membership.workspace_id == workspace_id, Membership.account_id == account_id
                )
            )
        return None if role is None else Role(role)

    async def default_workspace(self, account_id: str) -> tuple[str, Role] | None:
        """The workspace a request without ``X-Workspace`` acts in: the account's oldest owner
        membership, else its oldest membership; None when it belongs to none."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(Membership.workspace_id, Membership.role)
                    .where(Membership.account_id == account_id)
                    .order_by(
                        (Membership.role != Role.OWNER),
                        Membership.created_at,
                        Membership.workspace_id,
                    )
                    .limit(1)
                )
            ).first()
        return None if row is None else (row[0], Role(row[1]))

    # -- one workspace --------------------------------------------------------------------------

    async def get(self, scope: Scope) -> WorkspaceRecord:
        """The scope's workspace, with the caller's role."""
        async with self._sessions() as session:
            row = await session.get(Workspace, scope.workspace_id)
        if row is None:
            raise NotFound(scope.workspace_id)
        return _workspace(row, scope.role)

    async def update(self, scope: Scope, changes: dict[str, Any]) -> WorkspaceRecord:
        """Rename the workspace (``name``) or change ``retention_days`` (admin and up)."""
        scope.require(Role.ADMIN)
        allowed = {k: v for k, v in changes.items() if k in ("name", "retention_days")}
        async with self._sessions.begin() as session:
            row = await session.get(Workspace, scope.workspace_id, with_for_update=True)
            if row is None:
                raise NotFound(scope.workspace_id)
            for key, value in allowed.items():
                setattr(row, key, value)
        return _workspace(row, scope.role)

    async def delete(self, scope: Scope) -> None:
        """Delete the workspace and everything it owns, in one transaction (owner only)."""
        scope.require(Role.OWNER)
        ws = scope.workspace_id
        async with self._sessions.begin() as session:
            row = await session.get(Workspace, ws, with_for_update=True)
            if row is None:
                raise NotFound(ws)
            games = select(Game.id).where(Game.workspace_id == ws)
            identities = select(Identity.id).where(Identity.workspace_id == ws)
            # Explicitly, not by the foreign keys' cascade: the same on every backend.
            await session.execute(
                delete(MilestoneAwarded).where(
                    MilestoneAwarded.game_id.in_(games)
                    | MilestoneAwarded.identity_id.in_(identities)
                )
            )
            for table in (GameAnswer, GameQuestion, GameTeam, GamePlayer, Challenge):
                await session.execute(delete(table).where(table.game_id.in_(games)))
            await session.execute(delete(DailySettings).where(DailySettings.workspace_id == ws))
            await session.execute(delete(GamePlayer).where(GamePlayer.workspace_id == ws))
            await session.execute(delete(Game).where(Game.workspace_id == ws))
            # The library's search index holds the quizzes' text outside these tables.
            for quiz_id in list(
                await session.scalars(select(Quiz.id).where(Quiz.workspace_id == ws))
            ):
                await search.unindex(session, quiz_id)
            for owned in (Event, Identity, Quiz):
                await session.execute(delete(owned).where(owned.workspace_id == ws))
            await session.execute(delete(Invite).where(Invite.workspace_id == ws))
            await session.execute(delete(Membership).where(Membership.workspace_id == ws))
            await session.delete(row)

    # -- members --------------------------------------------------------------------------------

    async def members(self, scope: Scope) -> list[MemberRecord]:
        """The workspace's members, owners first, then by when they joined."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Membership, Host)
                .join(Host, Host.id == Membership.account_id)
                .where(Membership.workspace_id == scope.workspace_id)
                .order_by(Membership.created_at, Host.id)
            )
            members = [
                MemberRecord(
                    account_id=h.id,
                    name=h.name,
                    email=h.email,
                    role=Role(m.role),
                    joined_at=m.created_at,
                )
                for m, h in rows
            ]
        return sorted(members, key=lambda m: -m.role.rank)

    async def set_role(self, scope: Scope, account_id: str, role: Role) -> MemberRecord:
        """Give a member another role (admin and up). Only an owner makes or unmakes an owner;
        the last owner stays one (`Conflict` ``last_owner``)."""
        scope.require(Role.ADMIN)
        async with self._sessions.begin() as session:
            member = await self._member_for_update(session, scope, account_id)
            current = Role(member.role)
            if Role.OWNER in (current, role) and scope.role != Role.OWNER:
                raise Forbidden("only an owner may make or unmake an owner")
            if current == Role.OWNER and role != Role.OWNER:
                await self._keep_an_owner(session, scope.workspace_id)
            member.role = role
            host = await session.get(Host, account_id)
            assert host is not None
            return MemberRecord(
                account_id=account_id,
                name=host.name,
                email=host.email,
                role=role,
                joined_at=member.created_at,
            )

    async def remove_member(self, scope: Scope, account_id: str) -> None:
        """Remove a member (admin and up; an owner only by an owner), or leave (anyone, for
        themselves). The last owner cannot go (`Conflict` ``last_owner``)."""
        if account_id != scope.account_id:
            scope.require(Role.ADMIN)
        async with self._sessions.begin() as session:
            member = await self._member_for_update(session, scope, account_id)
            if member.role == Role.OWNER:
                if account_id != scope.account_id and scope.role != Role.OWNER:
                    raise Forbidden("only an owner may remove an owner")
                await self._keep_an_owner(session, scope.workspace_id)
            await session.delete(member)

    async def _member_for_update(
        self, session: AsyncSession, scope: Scope, account_id: str
    ) -> Membership:
        # Lock the workspace's owners first, so two demotions cannot both see a second owner.
        await session.execute(
            select(Membership.account_id)
            .where(Membership.workspace_id == scope.workspace_id, Membership.role == Role.OWNER)
            .with_for_update()
        )
        member = await session.get(
            Membership, (scope.workspace_id, account_id), with_for_update=True
        )
        if member is None:
            raise NotFound(account_id)
        return member

    async def _keep_an_owner(self, session: AsyncSession, workspace_id: str) -> None:
        if await _owners(session, workspace_id) <= 1:
            raise Conflict("last_owner", "a workspace keeps at least one owner")

    # -- invites --------------------------------------------------------------------------------

    async def create_invite(self, scope: Scope, role: Role, ttl: timedelta) -> InviteRecord:
        """A new invite to the scope's workspace with `role` (admin and up; not an owner);
        `Conflict` ``too_many_invites`` past `MAX_VALID_INVITES` valid ones."""
        scope.require(Role.ADMIN)
        if role not in INVITE_ROLES:
            raise ValueError(f"an invite cannot give the {role} role")
        at = now()
        row = Invite(
            id=new_id(),
            workspace_id=scope.workspace_id,
            role=role,
            created_by=scope.account_id,
            created_at=at,
            expires_at=at + ttl,
            revoked_at=None,
        )
        async with self._sessions.begin() as session:
            valid = await session.scalar(
                select(func.count())
                .select_from(Invite)
                .where(
                    Invite.workspace_id == scope.workspace_id,
                    Invite.revoked_at.is_(None),
                    Invite.expires_at > at,
                )
            )
            if int(valid or 0) >= MAX_VALID_INVITES:
                raise Conflict(
                    "too_many_invites",
                    f"a workspace may have at most {MAX_VALID_INVITES} valid invites; "
                    "revoke some first",
                )
            session.add(row)
        return _invite(row)

    async def invites(self, scope: Scope) -> list[InviteRecord]:
        """The workspace's invites that still hold, newest first (admin and up)."""
        scope.require(Role.ADMIN)
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Invite)
                .where(
                    Invite.workspace_id == scope.workspace_id,
                    Invite.revoked_at.is_(None),
                    Invite.expires_at > now(),
                )
                .order_by(Invite.created_at.desc(), Invite.id)
            )
            return [_invite(r) for r in rows]

    async def revoke_invite(self, scope: Scope, invite_id: str) -> None:
        """Revoke one of the workspace's invites (admin and up); `NotFound` when there is none."""
        scope.require(Role.ADMIN)
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(Invite)
                .where(
                    Invite.id == invite_id,
                    Invite.workspace_id == scope.workspace_id,
                    Invite.revoked_at.is_(None),
                )
                .values(revoked_at=now())
            )
            if not cast("CursorResult[Any]", result).rowcount:
                raise NotFound(invite_id)

    async def invite(self, invite_id: str) -> tuple[InviteRecord, WorkspaceRecord] | None:
        """An invite that still holds and its workspace (a preview); None when it does not."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(Invite, Workspace)
                    .join(Workspace, Workspace.id == Invite.workspace_id)
                    .where(
                        Invite.id == invite_id,
                        Invite.revoked_at.is_(None),
                        Invite.expires_at > now(),
                    )
                )
            ).first()
        return None if row is None else (_invite(row[0]), _workspace(row[1]))

    async def accept(self, invite_id: str, account_id: str) -> WorkspaceRecord:
        """Join the invite's workspace (or keep the higher role); `InviteRefused` when the
        invite no longer holds."""
        async with self._sessions.begin() as session:
            workspace_id, role = await join_by_invite(session, invite_id, account_id, now())
            row = await session.get(Workspace, workspace_id)
            assert row is not None
        return _workspace(row, role)
