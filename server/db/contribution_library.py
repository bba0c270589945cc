"""The community library (issue 16): approved, not hidden contributions any member of the
workspace browses and upvotes. Pending, rejected or hidden content is "not found" here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.contribution_models import APPROVED, Contribution, ContributionVote
from server.db.contributions import contribution_doc, names
from server.db.errors import Conflict, NotFound
from server.db.scope import Scope, load_owned
from server.db.times import now

#: `LibraryRepo.community` orders.
SORTS = ("votes", "new")
#: How many items one page holds at most.
MAX_PAGE = 100


def _public(scope: Scope) -> Any:
    return (
        scope.owns(Contribution),
        Contribution.status == APPROVED,
        Contribution.hidden_at.is_(None),
    )


async def _load_public(session: AsyncSession, scope: Scope, contribution_id: str) -> Contribution:
    row = await load_owned(session, scope, Contribution, contribution_id, for_update=True)
    if row is None or row.status != APPROVED or row.hidden_at is not None:
        raise NotFound(contribution_id)
    return row


async def _count_votes(session: AsyncSession, row: Contribution) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(ContributionVote)
        .where(ContributionVote.contribution_id == row.id)
    )
    row.votes = int(count or 0)
    return row.votes


class LibraryRepo(Repo):
    """Browsing and upvoting approved contributions."""

    async def community(
        self,
        scope: Scope,
        *,
        kind: str | None = None,
        tag: str | None = None,
        drive_id: str | None = None,
        sort: str = "votes",
        offset: int = 0,
        limit: int = 50,
    ) -> dict[str, Any]:
        """A page of approved, not hidden contributions with their credit, votes and whether
        the caller voted: ``{"items", "total"}``. `tag` is matched lower-cased among the tags."""
        conditions = list(_public(scope))
        if kind is not None:
            conditions.append(Contribution.kind == kind)
        if drive_id is not None:
            conditions.append(Contribution.drive_id == drive_id)
        order = (
            (Contribution.votes.desc(), Contribution.reviewed_at.desc(), Contribution.id)
            if sort == "votes"
            else (Contribution.reviewed_at.desc(), Contribution.id)
        )
        async with self._sessions() as session:
            rows = list(
                await session.scalars(select(Contribution).where(*conditions).order_by(*order))
            )
            if tag is not None:
                # Tags are a JSON list: filtered here, the same on SQLite and PostgreSQL.
                rows = [r for r in rows if tag in r.tags]
            total = len(rows)
            page = rows[offset : offset + limit]
            ids = [r.id for r in page]
            voted = (
                set(
                    await session.scalars(
                        select(ContributionVote.contribution_id).where(
                            ContributionVote.contribution_id.in_(ids),
                            ContributionVote.account_id == scope.account_id,
                        )
                    )
                )
                if ids
                else set()
            )
            who = await names(session, [r.author_id for r in page])
        items = []
        for r in page:
            doc = contribution_doc(r, who)
            doc["voted"] = r.id in voted
            doc["own"] = r.author_id == scope.account_id
            items.append(doc)
        return {"items": items, "total": total}

    async def vote(self, scope: Scope, contribution_id: str, up: bool) -> dict[str, Any]:
        """Upvote (or take back the upvote of) an approved, not hidden contribution of someone
        else: ``{"votes", "voted"}``. `NotFound` when it is not public; `Conflict`
        ``own_contribution`` for one's own."""
        async with self._sessions.begin() as session:
            row = await _load_public(session, scope, contribution_id)
            if row.author_id == scope.account_id:
                raise Conflict("own_contribution", "you cannot vote for your own contribution")
            if up:
                # The row lock above orders concurrent votes on it: check, then add.
                have = await session.get(ContributionVote, (row.id, scope.account_id))
                if have is None:
                    session.add(
                        ContributionVote(
                            contribution_id=row.id, account_id=scope.account_id, created_at=now()
                        )
                    )
                    await session.flush()
            else:
                await session.execute(
                    delete(ContributionVote).where(
                        ContributionVote.contribution_id == row.id,
                        ContributionVote.account_id == scope.account_id,
                    )
                )
            votes = await _count_votes(session, row)
        return {"votes": votes, "voted": up}
