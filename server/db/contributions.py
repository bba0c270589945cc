"""Members' contributions (issue 16): questions and tip cards a member writes, their review
thread, and who may see them.

Nothing a member submits reaches another member unreviewed: a contribution loads for its
author and the workspace's reviewers (`may_review`) in any status, and for any other member
only once approved and not hidden; every other case is "not found". Rows are loaded by id only
through `load_owned` (the workspace check). The review steps live in
`server.db.contribution_review`, votes and the community library in
`server.db.contribution_library`, drives in `server.db.drives`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.contribution_models import (
    APPROVED,
    CHANGES_REQUESTED,
    PENDING,
    AuthorMilestone,
    Contribution,
    ContributionEvent,
    ContributionReport,
    ContributionVote,
    QuestionDrive,
    Reviewer,
)
from server.db.errors import Conflict, NotFound
from server.db.models import Host, Team, TeamMember, new_id
from server.db.scope import Role, Scope, load_owned
from server.db.times import datetime_to_ms, now, opt_ms

#: Called in the approving transaction with the approved row, after its credit is set (author
#: milestones register here: ``ON_APPROVED.append(callback)``).
ON_APPROVED: list[Callable[[AsyncSession, Contribution], Awaitable[None]]] = []

#: The thread steps the author does not see (reports are for reviewers).
REVIEWER_ONLY_ACTIONS = frozenset({"reported"})
#: The statuses in which the author may still edit.
EDITABLE = (PENDING, CHANGES_REQUESTED)


async def may_review(session: AsyncSession, scope: Scope) -> bool:
    """Whether the scope's account reviews the workspace's contributions: a host or higher, or
    a member an admin named in ``reviewers``."""
    if scope.role.at_least(Role.HOST):
        return True
    named = await session.scalar(
        select(Reviewer.account_id).where(
            Reviewer.workspace_id == scope.workspace_id, Reviewer.account_id == scope.account_id
        )
    )
    return named is not None


def visible_to(row: Contribution, scope: Scope, reviewer: bool) -> bool:
    """Whether `scope` may read `row` (already known to be of its workspace)."""
    if reviewer or row.author_id == scope.account_id:
        return True
    return row.status == APPROVED and row.hidden_at is None


async def names(session: AsyncSession, account_ids: Sequence[str | None]) -> dict[str, str]:
    """The display names of these accounts."""
    wanted = {a for a in account_ids if a}
    if not wanted:
        return {}
    rows = await session.execute(select(Host.id, Host.name).where(Host.id.in_(wanted)))
    return {account_id: name for account_id, name in rows}


async def team_names(
    session: AsyncSession, workspace_id: str, account_ids: Sequence[str | None]
) -> dict[str, str]:
    """Each account's team name in the workspace (accounts in no team are left out)."""
    wanted = {a for a in account_ids if a}
    if not wanted:
        return {}
    rows = await session.execute(
        select(TeamMember.account_id, Team.name)
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.workspace_id == workspace_id, TeamMember.account_id.in_(wanted))
    )
    return {account_id: name for account_id, name in rows}


def contribution_doc(row: Contribution, author_names: dict[str, str]) -> dict[str, Any]:
    """A contribution as the API shows it (without its thread)."""
    author = (
        None
        if row.author_id is None
        else {"id": row.author_id, "name": author_names.get(row.author_id, "")}
    )
    credit = (
        None
        if row.status != APPROVED or row.credit_name is None
        else {"name": row.credit_name, "team": row.credit_team}
    )
    return {
        "id": row.id,
        "kind": row.kind,
        "document": row.document,
        "tags": list(row.tags),
        "status": row.status,
        "drive_id": row.drive_id,
        "author": author,
        "credit": credit,
        "created_ms": datetime_to_ms(row.created_at),
        "updated_ms": datetime_to_ms(row.updated_at),
        "reviewed_ms": opt_ms(row.reviewed_at),
        "hidden": row.hidden_at is not None,
        "votes": row.votes,
        "version": row.version,
    }


async def threads(
    session: AsyncSession, ids: Sequence[str], *, reviewer: bool
) -> dict[str, list[dict[str, Any]]]:
    """Each contribution's thread, oldest first; ``reported`` steps only for a reviewer."""
    out: dict[str, list[dict[str, Any]]] = {cid: [] for cid in ids}
    if not ids:
        return out
    query = select(ContributionEvent).where(ContributionEvent.contribution_id.in_(ids))
    if not reviewer:
        query = query.where(ContributionEvent.action.not_in(REVIEWER_ONLY_ACTIONS))
    events = list(
        await session.scalars(query.order_by(ContributionEvent.created_at, ContributionEvent.id))
    )
    who = await names(session, [e.account_id for e in events])
    for e in events:
        out[e.contribution_id].append(
            {
                "action": e.action,
                "comment": e.comment,
                "by": None
                if e.account_id is None
                else {"id": e.account_id, "name": who.get(e.account_id, "")},
                "at_ms": datetime_to_ms(e.created_at),
            }
        )
    return out


def add_event(
    session: AsyncSession,
    row: Contribution,
    account_id: str | None,
    action: str,
    comment: str | None = None,
) -> None:
    """Append a step to `row`'s thread (in the caller's transaction)."""
    session.add(
        ContributionEvent(
            id=new_id(),
            contribution_id=row.id,
            account_id=account_id,
            action=action,
            comment=comment,
            created_at=now(),
        )
    )


async def drive_for_submit(session: AsyncSession, scope: Scope, drive_id: str) -> QuestionDrive:
    """The drive a new contribution goes to, locked: `NotFound` when the workspace has none
    of that id, ``409 drive_closed`` past its deadline or once closed, ``409 drive_limit`` when
    the caller has submitted its per-member limit."""
    drive = await session.scalar(
        select(QuestionDrive)
        .where(QuestionDrive.id == drive_id, QuestionDrive.workspace_id == scope.workspace_id)
        .with_for_update()
    )
    if drive is None:
        raise NotFound(drive_id)
    if drive.closed_at is not None or drive.deadline <= now():
        raise Conflict("drive_closed", "this question drive is closed")
    mine = await session.scalar(
        select(func.count())
        .select_from(Contribution)
        .where(Contribution.drive_id == drive.id, Contribution.author_id == scope.account_id)
    )
    if (mine or 0) >= drive.per_member_limit:
        raise Conflict(
            "drive_limit", f"you have sent this drive's limit of {drive.per_member_limit}"
        )
    return drive


def _with_question_id(kind: str, document: dict[str, Any], qid: str | None) -> dict[str, Any]:
    """A question document keeps one stable id for life (the server's); a tip has none."""
    if kind != "question":
        return document
    return {"id": qid or new_id(), **{k: v for k, v in document.items() if k != "id"}}


class ContributionRepo(Repo):
    """Members' contributions: submit, read, edit; see `server.db.contribution_review` for
    the reviewers' side."""

    async def submit(
        self,
        scope: Scope,
        kind: str,
        document: dict[str, Any],
        tags: list[str],
        drive_id: str | None = None,
    ) -> dict[str, Any]:
        """A new pending contribution by the scope's account (`document` and `tags` already
        validated); `NotFound` for an unknown drive, `Conflict` ``drive_closed`` /
        ``drive_limit``."""
        at = now()
        async with self._sessions.begin() as session:
            if drive_id is not None:
                await drive_for_submit(session, scope, drive_id)
            row = Contribution(
                id=new_id(),
                workspace_id=scope.workspace_id,
                author_id=scope.account_id,
                kind=kind,
                document=_with_question_id(kind, document, None),
                tags=tags,
                status=PENDING,
                drive_id=drive_id,
                created_at=at,
                updated_at=at,
                votes=0,
                version=1,
            )
            session.add(row)
            await session.flush()
            add_event(session, row, scope.account_id, "submitted")
            author = await names(session, [scope.account_id])
        return contribution_doc(row, author)

    async def mine(self, scope: Scope) -> list[dict[str, Any]]:
        """The caller's own contributions in the workspace, newest change first, each with its
        thread (``events``, without reports)."""
        async with self._sessions() as session:
            rows = list(
                await session.scalars(
                    select(Contribution)
                    .where(scope.owns(Contribution), Contribution.author_id == scope.account_id)
                    .order_by(Contribution.updated_at.desc(), Contribution.id)
                )
            )
            author = await names(session, [scope.account_id])
            thread = await threads(session, [r.id for r in rows], reviewer=False)
        return [{**contribution_doc(r, author), "events": thread[r.id]} for r in rows]

    async def get(self, scope: Scope, contribution_id: str) -> dict[str, Any] | None:
        """One contribution with its thread when the caller may read it (its author, a
        reviewer, or anyone for approved and not hidden content); None otherwise. Members other
        than the author and reviewers get no thread."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Contribution, contribution_id)
            reviewer = await may_review(session, scope)
            if row is None or not visible_to(row, scope, reviewer):
                return None
            author = await names(session, [row.author_id])
            own = row.author_id == scope.account_id
            thread = (
                await threads(session, [row.id], reviewer=reviewer)
                if own or reviewer
                else {row.id: []}
            )
        return {**contribution_doc(row, author), "events": thread[row.id]}

    async def update(
        self,
        scope: Scope,
        contribution_id: str,
        document: dict[str, Any],
        tags: list[str],
        version: int,
    ) -> dict[str, Any]:
        """The author's edit of a pending or sent-back contribution: it waits for review again
        (status pending, event ``edited``, version + 1). `NotFound` unless it is the caller's;
        `Conflict` ``conflict`` on a stale `version`, ``not_editable`` once reviewed."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Contribution, contribution_id, for_update=True)
            if row is None or row.author_id != scope.account_id:
                raise NotFound(contribution_id)
            if row.version != version:
                raise Conflict("conflict", "the contribution changed meanwhile; reload it")
            if row.status not in EDITABLE:
                raise Conflict("not_editable", f"a contribution {row.status} cannot be edited")
            qid = row.document.get("id") if isinstance(row.document, dict) else None
            row.document = _with_question_id(row.kind, document, qid)
            row.tags = tags
            row.status = PENDING
            row.version += 1
            row.updated_at = now()
            add_event(session, row, scope.account_id, "edited")
            await session.flush()
            author = await names(session, [row.author_id])
            thread = await threads(session, [row.id], reviewer=False)
        return {**contribution_doc(row, author), "events": thread[row.id]}

    async def may_review(self, scope: Scope) -> bool:
        """`may_review` in its own session."""
        async with self._sessions() as session:
            return await may_review(session, scope)


async def forget_member_content(session: AsyncSession, workspace_id: str, account_id: str) -> None:
    """A person removed from a workspace (either mode, docs/privacy.md): their approved
    contributions stay, played and listed, without the link to them or their credit; the
    others (never shown to anyone but reviewers) are deleted, as are their upvotes (the counts
    follow), their author milestones and their name on their reports."""
    in_ws = Contribution.workspace_id == workspace_id
    await session.execute(
        update(Contribution)
        .where(in_ws, Contribution.author_id == account_id, Contribution.status == APPROVED)
        .values(author_id=None, credit_name=None, credit_team=None)
    )
    await session.execute(delete(Contribution).where(in_ws, Contribution.author_id == account_id))
    ws_ids = select(Contribution.id).where(in_ws)
    voted = list(
        await session.scalars(
            select(ContributionVote.contribution_id).where(
                ContributionVote.account_id == account_id,
                ContributionVote.contribution_id.in_(ws_ids),
            )
        )
    )
    await session.execute(
        delete(ContributionVote).where(
            ContributionVote.account_id == account_id, ContributionVote.contribution_id.in_(voted)
        )
    )
    for cid in voted:
        count = (
            select(func.count())
            .select_from(ContributionVote)
            .where(ContributionVote.contribution_id == cid)
        )
        await session.execute(
            update(Contribution).where(Contribution.id == cid).values(votes=count.scalar_subquery())
        )
    await session.execute(
        update(ContributionReport)
        .where(
            ContributionReport.reporter_id == account_id,
            ContributionReport.contribution_id.in_(ws_ids),
        )
        .values(reporter_id=None)
    )
    await session.execute(
        update(ContributionEvent)
        .where(
            ContributionEvent.account_id == account_id,
            ContributionEvent.contribution_id.in_(ws_ids),
        )
        .values(account_id=None)
    )
    await session.execute(
        delete(AuthorMilestone).where(
            AuthorMilestone.workspace_id == workspace_id, AuthorMilestone.account_id == account_id
        )
    )
