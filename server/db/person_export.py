"""Everything stored about an account, as one JSON document (``GET /api/me/export``).

The account's row (never its password hash), its login sessions (when each was issued and
expires; never the token), its memberships, its identities in every workspace and every
``game_players``, ``game_answers`` and ``milestones_awarded`` row linked to them, and what it
created (quizzes, games, events, invites, question drives: ids, names and times), and the member
content they wrote (contributions in full, with their thread), their upvotes, their reports and
their author badges. docs/privacy.md names it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.contribution_models import (
    AuthorMilestone,
    Contribution,
    ContributionEvent,
    ContributionReport,
    ContributionVote,
    QuestionDrive,
)
from server.db.models import (
    Base,
    Event,
    Game,
    GameAnswer,
    GamePlayer,
    Host,
    HostToken,
    Identity,
    Invite,
    Membership,
    MilestoneAwarded,
    Quiz,
    Workspace,
)
from server.db.times import datetime_to_ms

#: The columns of a row the export leaves out (a secret, or a whole document the person did
#: not write about themselves).
_LEFT_OUT = {"password_hash"}

#: The export's format version.
EXPORT_VERSION = 1


def _value(value: object) -> object:
    return datetime_to_ms(value) if isinstance(value, datetime) else value


def row_doc(row: Base, *, only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A row as JSON: its columns by name (instants as epoch ms), without `_LEFT_OUT`."""
    names = only or tuple(c.key for c in row.__table__.columns if c.key not in _LEFT_OUT)
    return {name: _value(getattr(row, name)) for name in names}


async def export(session: AsyncSession, account_id: str) -> dict[str, Any] | None:
    """Everything stored about `account_id` (see the module's docstring); None when there is
    no such account."""
    account = await session.get(Host, account_id)
    if account is None:
        return None
    identities = list(
        await session.scalars(
            select(Identity).where(Identity.account_id == account_id).order_by(Identity.id)
        )
    )
    ids = [i.id for i in identities]
    players = list(
        await session.scalars(
            select(GamePlayer)
            .where(GamePlayer.identity_id.in_(ids))
            .order_by(GamePlayer.finished_at, GamePlayer.game_id)
        )
    )
    answers = list(
        await session.scalars(
            select(GameAnswer)
            .join(
                GamePlayer,
                (GamePlayer.game_id == GameAnswer.game_id)
                & (GamePlayer.player_id == GameAnswer.player_id),
            )
            .where(GamePlayer.identity_id.in_(ids))
            .order_by(GameAnswer.game_id, GameAnswer.question_index)
        )
    )
    milestones = list(
        await session.scalars(
            select(MilestoneAwarded)
            .where(MilestoneAwarded.identity_id.in_(ids))
            .order_by(MilestoneAwarded.awarded_at, MilestoneAwarded.code)
        )
    )
    memberships = (
        await session.execute(
            select(Membership, Workspace.name)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(Membership.account_id == account_id)
            .order_by(Membership.created_at, Membership.workspace_id)
        )
    ).all()
    tokens = list(
        await session.scalars(
            select(HostToken).where(HostToken.host_id == account_id).order_by(HostToken.created_at)
        )
    )
    created: dict[str, list[dict[str, Any]]] = {}
    for name, model, fields in (
        ("quizzes", Quiz, ("id", "workspace_id", "title", "created_at", "updated_at")),
        ("games", Game, ("id", "workspace_id", "title", "created_at", "finished_at")),
        ("events", Event, ("id", "workspace_id", "name", "created_at")),
    ):
        rows = await session.scalars(
            select(model).where(model.host_id == account_id).order_by(model.created_at)
        )
        created[name] = [row_doc(r, only=fields) for r in rows]
    invites = await session.scalars(
        select(Invite).where(Invite.created_by == account_id).order_by(Invite.created_at)
    )
    created["invites"] = [
        row_doc(r, only=("id", "workspace_id", "role", "created_at", "expires_at", "revoked_at"))
        for r in invites
    ]
    drives = await session.scalars(
        select(QuestionDrive)
        .where(QuestionDrive.created_by == account_id)
        .order_by(QuestionDrive.created_at)
    )
    created["question_drives"] = [
        row_doc(d, only=("id", "workspace_id", "title", "created_at", "deadline")) for d in drives
    ]
    return {
        "version": EXPORT_VERSION,
        "account": row_doc(account),
        "sessions": [row_doc(t, only=("created_at", "expires_at")) for t in tokens],
        "memberships": [{**row_doc(m), "workspace_name": name} for m, name in memberships],
        "identities": [row_doc(i) for i in identities],
        "game_players": [row_doc(p) for p in players],
        "game_answers": [row_doc(a) for a in answers],
        "milestones": [row_doc(m) for m in milestones],
        "created": created,
        **await _member_content(session, account_id),
    }


async def _member_content(session: AsyncSession, account_id: str) -> dict[str, Any]:
    """What the account wrote or did as a member author (issue 16)."""
    mine = list(
        await session.scalars(
            select(Contribution)
            .where(Contribution.author_id == account_id)
            .order_by(Contribution.created_at)
        )
    )
    events = await session.scalars(
        select(ContributionEvent)
        .where(ContributionEvent.contribution_id.in_([c.id for c in mine]))
        .where(ContributionEvent.action != "reported")
        .order_by(ContributionEvent.created_at)
    )
    votes = await session.scalars(
        select(ContributionVote).where(ContributionVote.account_id == account_id)
    )
    reports = await session.scalars(
        select(ContributionReport).where(ContributionReport.reporter_id == account_id)
    )
    badges = await session.scalars(
        select(AuthorMilestone).where(AuthorMilestone.account_id == account_id)
    )
    return {
        "contributions": [row_doc(c) for c in mine],
        "contribution_events": [row_doc(e) for e in events],
        "contribution_votes": [row_doc(v) for v in votes],
        "contribution_reports": [row_doc(r) for r in reports],
        "author_milestones": [row_doc(b) for b in badges],
    }
