"""A question's credit (`games.kinds.question.Credit`) as SQL vouches for it.

Only the server writes credits: when a quiz is saved (`verify_credits`, called by
`server.db.quizzes.QuizRepo`) every ``credit`` is checked against the workspace's approved
question contributions and rewritten from them, so a host cannot put a member's name on a
question, nor their own name on a member's question. When a game, challenge or daily challenge
is made from questions, those crediting a contribution a host has hidden are left out
(`drop_hidden`): "hidden at once everywhere".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.contribution_models import APPROVED, Contribution


def credited_id(question: object) -> str | None:
    """The contribution id a question document's credit names, or None."""
    if not isinstance(question, Mapping):
        return None
    credit = question.get("credit")
    cid = credit.get("contribution_id") if isinstance(credit, Mapping) else None
    return cid if isinstance(cid, str) else None


async def _approved(
    session: AsyncSession, workspace_id: str, ids: Iterable[str]
) -> dict[str, Contribution]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(
        select(Contribution).where(
            Contribution.workspace_id == workspace_id,
            Contribution.id.in_(wanted),
            Contribution.kind == "question",
            Contribution.status == APPROVED,
        )
    )
    return {row.id: row for row in rows}


async def verify_credits(
    session: AsyncSession, workspace_id: str, document: Mapping[str, Any]
) -> dict[str, Any]:
    """`document` (a quiz document) with each question's credit as SQL has it.

    A credit naming an approved question contribution of the workspace is rewritten with the
    contribution's credit name and team (dropped when it has none: its author's account is
    gone). A hidden one keeps its credit, so games made from the quiz keep leaving the question
    out until a host shows it again. Any other credit (unknown, pending, rejected, another
    workspace's, a tip) is dropped; the question stays.
    """
    questions = document.get("questions")
    if not isinstance(questions, list):
        return dict(document)
    found = await _approved(session, workspace_id, filter(None, map(credited_id, questions)))
    out: list[Any] = []
    for question in questions:
        cid = credited_id(question)
        if cid is None and not (isinstance(question, Mapping) and "credit" in question):
            out.append(question)
            continue
        kept = {k: v for k, v in question.items() if k != "credit"}
        row = found.get(cid) if cid is not None else None
        name = None if row is None else row.credit_name
        if row is not None and name is None and row.hidden_at is not None:
            name = str(question["credit"].get("name") or "")[:60] or None
        if row is not None and name:
            kept["credit"] = {"contribution_id": row.id, "name": name, "team": row.credit_team}
        out.append(kept)
    return {**document, "questions": out}


async def hidden_ids(session: AsyncSession, workspace_id: str, ids: Iterable[str]) -> set[str]:
    """Which of the contributions `ids` of the workspace a host has hidden."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    rows = await session.scalars(
        select(Contribution.id).where(
            Contribution.workspace_id == workspace_id,
            Contribution.id.in_(wanted),
            Contribution.hidden_at.is_not(None),
        )
    )
    return set(rows)


async def drop_hidden(
    session: AsyncSession, workspace_id: str, questions: Sequence[Any]
) -> list[Any]:
    """`questions` (question documents) without those crediting a hidden contribution."""
    hidden = await hidden_ids(session, workspace_id, filter(None, map(credited_id, questions)))
    return [q for q in questions if credited_id(q) not in hidden]
