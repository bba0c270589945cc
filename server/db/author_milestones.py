"""Author milestones in SQL (table ``author_milestones``; the rules are
`games.author_milestones`): awarded in the transaction of what earns them, once per author and
workspace.

`on_approved` runs when a reviewer approves a contribution (registered into
`server.db.contributions.ON_APPROVED` when this module is imported, which `server.db.results`
does); `award_after_results` runs where a game's or a run's results are written
(`server.db.results.ResultRepo.write`, `server.db.runs.write_run`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from games.author_milestones import (
    AUTHOR_MILESTONES,
    FIRST_APPROVED,
    QuestionPlay,
    earned_from_play,
)
from games.milestones import Milestone
from server.db.contribution_models import AuthorMilestone, Contribution
from server.db.contributions import ON_APPROVED
from server.db.models import Game, GameQuestion
from server.db.times import now


async def award(
    session: AsyncSession,
    workspace_id: str,
    account_id: str,
    milestone: Milestone,
    contribution_id: str | None,
    at: datetime,
) -> bool:
    """Give `account_id` the milestone in the workspace unless they hold it; whether this call
    gave it. ``ON CONFLICT DO NOTHING``: two results written at once cannot both give it, and
    neither fails."""
    bind = session.get_bind()
    insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
    done = await session.execute(
        insert(AuthorMilestone)
        .values(
            workspace_id=workspace_id,
            account_id=account_id,
            code=milestone.code,
            contribution_id=contribution_id,
            awarded_at=at,
        )
        .on_conflict_do_nothing()
    )
    return cast(CursorResult[Any], done).rowcount == 1


async def on_approved(session: AsyncSession, contribution: Contribution) -> None:
    """A reviewer approved `contribution`: its author earns ``first_approved`` (once)."""
    if contribution.author_id is None:
        return
    await award(
        session,
        contribution.workspace_id,
        contribution.author_id,
        FIRST_APPROVED,
        contribution.id,
        now(),
    )


if on_approved not in ON_APPROVED:
    ON_APPROVED.append(on_approved)


async def author_answers(session: AsyncSession, workspace_id: str, account_id: str) -> int:
    """How many answers the author's question contributions got, over every game."""
    total = await session.scalar(
        select(func.coalesce(func.sum(GameQuestion.answered), 0))
        .join(Contribution, Contribution.id == GameQuestion.contribution_id)
        .where(Contribution.workspace_id == workspace_id, Contribution.author_id == account_id)
    )
    return int(total or 0)


async def award_after_results(session: AsyncSession, game_id: str) -> list[tuple[str, str]]:
    """The author milestones game `game_id`'s credited questions earn (its ``game_questions``
    rows as written so far: a challenge's add up run by run); returns ``(account_id, code)`` of
    those given now. Only contributions of the game's own workspace count."""
    workspace_id = await session.scalar(select(Game.workspace_id).where(Game.id == game_id))
    if workspace_id is None:
        return []
    rows = await session.execute(
        select(
            GameQuestion.contribution_id,
            GameQuestion.answered,
            GameQuestion.correct,
            Contribution.author_id,
        )
        .join(Contribution, Contribution.id == GameQuestion.contribution_id)
        .where(
            GameQuestion.game_id == game_id,
            Contribution.workspace_id == workspace_id,
            Contribution.author_id.is_not(None),
        )
        .order_by(GameQuestion.index)
    )
    at = now()
    given: list[tuple[str, str]] = []
    totals: dict[str, int] = {}
    for contribution_id, answered, correct, author_id in rows:
        if author_id is None:  # pragma: no cover - the query leaves them out
            continue
        if author_id not in totals:
            totals[author_id] = await author_answers(session, workspace_id, author_id)
        play = QuestionPlay(answered, correct, totals[author_id])
        for milestone in earned_from_play(play):
            if await award(session, workspace_id, author_id, milestone, contribution_id, at):
                given.append((author_id, milestone.code))
    return given


async def milestones_of(
    session: AsyncSession, workspace_id: str, account_id: str
) -> list[dict[str, Any]]:
    """The author's milestones in the workspace, oldest first: ``{code, title, description,
    awarded_at}``."""
    rows = await session.execute(
        select(AuthorMilestone.code, AuthorMilestone.awarded_at)
        .where(
            AuthorMilestone.workspace_id == workspace_id,
            AuthorMilestone.account_id == account_id,
        )
        .order_by(AuthorMilestone.awarded_at, AuthorMilestone.code)
    )
    out: list[dict[str, Any]] = []
    for code, awarded_at in rows:
        known = AUTHOR_MILESTONES.get(code)
        out.append(
            {
                "code": code,
                "title": known.title if known else code,
                "description": known.description if known else "",
                "awarded_at": awarded_at.isoformat(),
            }
        )
    return out
