"""Question drives (issue 16): a host's call for questions, open until its deadline, with a
limit per member. Any member sees the open drives; hosts see every one and open and close them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.contribution_models import APPROVED, Contribution, QuestionDrive
from server.db.errors import NotFound
from server.db.models import Event, new_id
from server.db.scope import Role, Scope, load_owned
from server.db.times import datetime_to_ms, now, opt_ms


def is_open(drive: QuestionDrive, at: datetime) -> bool:
    """Whether members may still submit to `drive`."""
    return drive.closed_at is None and drive.deadline > at


def _doc(drive: QuestionDrive, at: datetime) -> dict[str, Any]:
    return {
        "id": drive.id,
        "title": drive.title,
        "brief": drive.brief,
        "event_id": drive.event_id,
        "deadline_ms": datetime_to_ms(drive.deadline),
        "per_member_limit": drive.per_member_limit,
        "created_ms": datetime_to_ms(drive.created_at),
        "closed_ms": opt_ms(drive.closed_at),
        "open": is_open(drive, at),
    }


async def _counts(session: AsyncSession, drive_id: str, account_id: str) -> dict[str, int]:
    rows = await session.execute(
        select(Contribution.status, func.count())
        .where(Contribution.drive_id == drive_id)
        .group_by(Contribution.status)
    )
    by_status = {status: int(n) for status, n in rows}
    mine = await session.scalar(
        select(func.count())
        .select_from(Contribution)
        .where(Contribution.drive_id == drive_id, Contribution.author_id == account_id)
    )
    return {
        "submitted_total": sum(by_status.values()),
        "approved": by_status.get(APPROVED, 0),
        "submitted": int(mine or 0),
    }


class DriveRepo(Repo):
    """A workspace's question drives."""

    async def create(
        self,
        scope: Scope,
        *,
        title: str,
        brief: str | None,
        event_id: str | None,
        deadline: datetime,
        per_member_limit: int,
    ) -> dict[str, Any]:
        """A new drive (a host or higher); `NotFound` when `event_id` is not one of the
        workspace's events."""
        scope.require(Role.HOST)
        at = now()
        async with self._sessions.begin() as session:
            if event_id is not None and await load_owned(session, scope, Event, event_id) is None:
                raise NotFound(event_id)
            drive = QuestionDrive(
                id=new_id(),
                workspace_id=scope.workspace_id,
                created_by=scope.account_id,
                title=title,
                brief=brief,
                event_id=event_id,
                deadline=deadline,
                per_member_limit=per_member_limit,
                created_at=at,
            )
            session.add(drive)
        return _doc(drive, at)

    async def list_all(self, scope: Scope) -> list[dict[str, Any]]:
        """The workspace's drives, newest first: every one for a host or higher, the open ones
        for a member."""
        at = now()
        query = select(QuestionDrive).where(scope.owns(QuestionDrive))
        if not scope.role.at_least(Role.HOST):
            query = query.where(QuestionDrive.closed_at.is_(None), QuestionDrive.deadline > at)
        async with self._sessions() as session:
            rows = await session.scalars(
                query.order_by(QuestionDrive.created_at.desc(), QuestionDrive.id)
            )
            return [_doc(d, at) for d in rows]

    async def get(self, scope: Scope, drive_id: str) -> dict[str, Any] | None:
        """One drive with its counts (``submitted_total``, ``approved``) and the caller's
        ``submitted`` and ``remaining``; None when the workspace has none of that id."""
        at = now()
        async with self._sessions() as session:
            drive = await load_owned(session, scope, QuestionDrive, drive_id)
            if drive is None:
                return None
            counts = await _counts(session, drive.id, scope.account_id)
        remaining = max(0, drive.per_member_limit - counts["submitted"])
        return {
            **_doc(drive, at),
            **counts,
            "remaining": remaining if is_open(drive, at) else 0,
        }

    async def close(self, scope: Scope, drive_id: str) -> dict[str, Any]:
        """Close a drive now (a host or higher; closing a closed one changes nothing)."""
        scope.require(Role.HOST)
        at = now()
        async with self._sessions.begin() as session:
            drive = await load_owned(session, scope, QuestionDrive, drive_id, for_update=True)
            if drive is None:
                raise NotFound(drive_id)
            if drive.closed_at is None:
                drive.closed_at = at
            return _doc(drive, at)
