"""The reviewers' side of members' contributions (issue 16): the queue, review decisions,
hiding, reports, and the admin-named reviewers.

A reviewer is a host or higher, or a member named in ``reviewers`` (`may_review`); calls by
anyone else raise `Forbidden`. A reviewer may not decide on their own submission unless they
are a host or higher.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.contribution_models import (
    APPROVED,
    CHANGES_REQUESTED,
    REJECTED,
    Contribution,
    ContributionReport,
    Reviewer,
)
from server.db.contributions import (
    EDITABLE,
    ON_APPROVED,
    add_event,
    contribution_doc,
    may_review,
    names,
    team_names,
    threads,
    visible_to,
)
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.models import Membership, new_id
from server.db.scope import Role, Scope, load_owned
from server.db.times import now

#: `ReviewRepo.queue` filters.
QUEUE_FILTERS = ("pending", "changes_requested", "reported", "all")
#: `ReviewRepo.review` actions and the status each leads to.
REVIEW_ACTIONS = {"approve": APPROVED, "changes": CHANGES_REQUESTED, "reject": REJECTED}
#: How many queue items one call returns at most.
QUEUE_LIMIT = 200
#: How many reviewers one call may name.
MAX_REVIEWERS = 200


async def _require_reviewer(session: AsyncSession, scope: Scope) -> None:
    if not await may_review(session, scope):
        raise Forbidden("this needs a reviewer of the workspace")


async def _open_reports(session: AsyncSession, ids: Sequence[str]) -> dict[str, int]:
    if not ids:
        return {}
    rows = await session.execute(
        select(ContributionReport.contribution_id, func.count())
        .where(
            ContributionReport.contribution_id.in_(ids), ContributionReport.resolved_at.is_(None)
        )
        .group_by(ContributionReport.contribution_id)
    )
    return {cid: int(n) for cid, n in rows}


async def _resolve_reports(session: AsyncSession, scope: Scope, contribution_id: str) -> None:
    await session.execute(
        update(ContributionReport)
        .where(
            ContributionReport.contribution_id == contribution_id,
            ContributionReport.resolved_at.is_(None),
        )
        .values(resolved_at=now(), resolved_by=scope.account_id)
    )


class ReviewRepo(Repo):
    """Reviewing contributions, hiding them, reporting them; naming reviewers."""

    async def _items(
        self, session: AsyncSession, scope: Scope, rows: list[Contribution]
    ) -> list[dict[str, Any]]:
        authors = [r.author_id for r in rows]
        who = await names(session, authors)
        teams = await team_names(session, scope.workspace_id, authors)
        thread = await threads(session, [r.id for r in rows], reviewer=True)
        reports = await _open_reports(session, [r.id for r in rows])
        out = []
        for r in rows:
            doc = contribution_doc(r, who)
            if doc["author"] is not None:
                doc["author"]["team"] = teams.get(r.author_id or "")
            doc["events"] = thread[r.id]
            doc["open_reports"] = reports.get(r.id, 0)
            out.append(doc)
        return out

    async def queue(self, scope: Scope, status: str = "pending") -> list[dict[str, Any]]:
        """The contributions a reviewer works through, oldest change first: by status, those
        with open reports (``reported``), or every one (``all``, newest first). Each has its
        author's name and team, its whole thread and its count of open reports."""
        async with self._sessions() as session:
            await _require_reviewer(session, scope)
            query = select(Contribution).where(scope.owns(Contribution))
            if status == "reported":
                reported = select(ContributionReport.contribution_id).where(
                    ContributionReport.resolved_at.is_(None)
                )
                query = query.where(Contribution.id.in_(reported))
            elif status != "all":
                query = query.where(Contribution.status == status)
            order = Contribution.updated_at.desc() if status == "all" else Contribution.updated_at
            rows = list(
                await session.scalars(query.order_by(order, Contribution.id).limit(QUEUE_LIMIT))
            )
            return await self._items(session, scope, rows)

    async def review(
        self,
        scope: Scope,
        contribution_id: str,
        action: str,
        version: int,
        *,
        comment: str | None = None,
        document: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> dict[str, Any]:
        """A reviewer's decision on a pending (or sent back) contribution: ``approve`` (with
        `document`/`tags`: edit and approve), ``changes`` or ``reject`` (with `comment`, which
        the route requires). Approving copies the author's name and team into the credit and
        runs `ON_APPROVED`. `NotFound`, `Forbidden` (not a reviewer; one's own submission below
        host), `Conflict` ``conflict`` (stale `version`) or ``not_reviewable`` (decided)."""
        async with self._sessions.begin() as session:
            await _require_reviewer(session, scope)
            row = await load_owned(session, scope, Contribution, contribution_id, for_update=True)
            if row is None:
                raise NotFound(contribution_id)
            if row.author_id == scope.account_id and not scope.role.at_least(Role.HOST):
                raise Forbidden("a reviewer may not review their own submission")
            if row.version != version:
                raise Conflict("conflict", "the contribution changed meanwhile; reload it")
            if row.status not in EDITABLE:
                raise Conflict("not_reviewable", f"the contribution is {row.status} already")
            at = now()
            event = {"approve": "approved", "changes": "changes_requested", "reject": "rejected"}[
                action
            ]
            if document is not None or tags is not None:
                if action != "approve":
                    raise Conflict("invalid", "only an approval may edit the contribution")
                if document is not None:
                    qid = row.document.get("id")
                    row.document = (
                        {"id": qid, **{k: v for k, v in document.items() if k != "id"}}
                        if row.kind == "question"
                        else document
                    )
                if tags is not None:
                    row.tags = tags
                row.version += 1
                event = "edited_and_approved"
            row.status = REVIEW_ACTIONS[action]
            row.reviewed_by, row.reviewed_at, row.updated_at = scope.account_id, at, at
            if action == "approve":
                who = await names(session, [row.author_id])
                teams = await team_names(session, row.workspace_id, [row.author_id])
                row.credit_name = who.get(row.author_id) if row.author_id else None
                row.credit_team = teams.get(row.author_id) if row.author_id else None
            add_event(session, row, scope.account_id, event, comment)
            await session.flush()
            if action == "approve":
                for callback in ON_APPROVED:
                    await callback(session, row)
            return (await self._items(session, scope, [row]))[0]

    async def set_hidden(self, scope: Scope, contribution_id: str, hidden: bool) -> dict[str, Any]:
        """Hide a contribution at once from every list, game and vote (or show it again); a
        host or higher. Hiding resolves its open reports. `NotFound`, `Forbidden`."""
        scope.require(Role.HOST)
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Contribution, contribution_id, for_update=True)
            if row is None:
                raise NotFound(contribution_id)
            if hidden != (row.hidden_at is not None):
                row.hidden_at = now() if hidden else None
                row.hidden_by = scope.account_id if hidden else None
                add_event(session, row, scope.account_id, "hidden" if hidden else "unhidden")
                if hidden:
                    await _resolve_reports(session, scope, row.id)
                await session.flush()
            return (await self._items(session, scope, [row]))[0]

    async def report(self, scope: Scope, contribution_id: str, reason: str) -> dict[str, Any]:
        """A member's report of a contribution they can see (at most one open per member):
        ``{"reported": true, "open_reports"}``. `NotFound`; `Conflict` ``already_reported``."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Contribution, contribution_id, for_update=True)
            reviewer = await may_review(session, scope)
            if row is None or not visible_to(row, scope, reviewer):
                raise NotFound(contribution_id)
            open_one = await session.scalar(
                select(ContributionReport.id).where(
                    ContributionReport.contribution_id == row.id,
                    ContributionReport.reporter_id == scope.account_id,
                    ContributionReport.resolved_at.is_(None),
                )
            )
            if open_one is not None:
                raise Conflict("already_reported", "you reported this contribution already")
            session.add(
                ContributionReport(
                    id=new_id(),
                    contribution_id=row.id,
                    reporter_id=scope.account_id,
                    reason=reason,
                    created_at=now(),
                )
            )
            add_event(session, row, scope.account_id, "reported", reason)
            await session.flush()
            count = (await _open_reports(session, [row.id])).get(row.id, 0)
        return {"reported": True, "open_reports": count}

    async def dismiss_reports(self, scope: Scope, contribution_id: str) -> dict[str, Any]:
        """Resolve a contribution's open reports without hiding it (a reviewer)."""
        async with self._sessions.begin() as session:
            await _require_reviewer(session, scope)
            row = await load_owned(session, scope, Contribution, contribution_id, for_update=True)
            if row is None:
                raise NotFound(contribution_id)
            await _resolve_reports(session, scope, row.id)
            await session.flush()
            return (await self._items(session, scope, [row]))[0]

    async def reviewers(self, scope: Scope) -> list[dict[str, Any]]:
        """The members an admin named reviewers, by name (an admin or owner)."""
        scope.require(Role.ADMIN)
        async with self._sessions() as session:
            ids = list(
                await session.scalars(
                    select(Reviewer.account_id).where(Reviewer.workspace_id == scope.workspace_id)
                )
            )
            who = await names(session, ids)
        return sorted(
            ({"account_id": a, "name": who.get(a, "")} for a in ids),
            key=lambda r: (r["name"], r["account_id"]),
        )

    async def set_reviewers(self, scope: Scope, account_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Replace the named reviewers (an admin or owner). Raises `NotFound` with the first
        id that is not a member of the workspace; nothing changes then."""
        scope.require(Role.ADMIN)
        wanted = sorted(set(account_ids))
        try:
            async with self._sessions.begin() as session:
                found = set(
                    await session.scalars(
                        select(Membership.account_id).where(
                            Membership.workspace_id == scope.workspace_id,
                            Membership.account_id.in_(wanted),
                        )
                    )
                )
                missing = [a for a in wanted if a not in found]
                if missing:
                    raise NotFound(missing[0])
                await session.execute(
                    delete(Reviewer).where(Reviewer.workspace_id == scope.workspace_id)
                )
                at = now()
                session.add_all(
                    Reviewer(workspace_id=scope.workspace_id, account_id=a, created_at=at)
                    for a in wanted
                )
        except IntegrityError:
            # A member left between the check and the insert.
            raise Conflict("conflict", "the members changed meanwhile; try again") from None
        return await self.reviewers(scope)

    async def forget_author(self, account_id: str) -> int:
        """Before an account is deleted: its contributions stay (approved content keeps
        playing) but lose their link to it and its credit (docs/privacy.md). Returns how many
        rows changed."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(Contribution)
                .where(Contribution.author_id == account_id)
                .values(author_id=None, credit_name=None, credit_team=None)
            )
        return int(getattr(result, "rowcount", 0) or 0)
