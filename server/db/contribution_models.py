"""Member content's tables (issue 16): contributions, their review thread, question drives,
votes, reports, named reviewers and author milestones.

Imported at the end of `server.db.models`, so they belong to the same `Base.metadata`; import
them from either module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models import CODE_LEN, ID_LEN, Base, UTCDateTime

#: `Contribution.kind`.
CONTRIBUTION_KINDS = ("question", "tip")
#: `Contribution.status`: waiting for review, sent back to its author, approved, rejected.
PENDING = "pending"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
REJECTED = "rejected"
STATUSES = (PENDING, CHANGES_REQUESTED, APPROVED, REJECTED)
#: `ContributionEvent.action`.
ACTIONS = (
    "submitted",
    "edited",
    "approved",
    "edited_and_approved",
    "changes_requested",
    "rejected",
    "hidden",
    "unhidden",
    "reported",
)
STATUS_LEN = 24


class Contribution(Base):
    """A question or a tip card a member wrote (`document`: a `games.quiz` question document
    with its stable "id", or a `games.tips` tip document). `author_id` goes NULL when the
    account is deleted (the approved content stays, without its credit). `credit_name` and
    `credit_team` are copied at approval; `votes` counts `contribution_votes` rows; `version`
    grows by one per edit (optimistic concurrency). `hidden_at` set: a host hid it, out of every
    list, game and vote."""

    __tablename__ = "contributions"
    __table_args__ = (Index(None, "workspace_id", "status", "updated_at"),)

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(STATUS_LEN))
    drive_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("question_drives.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )
    votes: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    credit_name: Mapped[str | None] = mapped_column(Text)
    credit_team: Mapped[str | None] = mapped_column(Text)


class ContributionEvent(Base):
    """One step of a contribution's thread: who did what, with an optional comment. The author
    sees every step but ``reported`` (reviewers only)."""

    __tablename__ = "contribution_events"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    contribution_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(STATUS_LEN))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuestionDrive(Base):
    """A host's call for questions: a title and brief, optionally tied to an event, open until
    its `deadline` (or `closed_at`), each member submitting at most `per_member_limit`."""

    __tablename__ = "question_drives"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(Text)
    brief: Mapped[str | None] = mapped_column(Text)
    event_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("events.id", ondelete="SET NULL")
    )
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    per_member_limit: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ContributionVote(Base):
    """A member's upvote of an approved contribution (one per member)."""

    __tablename__ = "contribution_votes"

    contribution_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ContributionReport(Base):
    """A member's report of a contribution (at most one open per member), until a reviewer
    resolves it (by hiding the contribution or dismissing the reports)."""

    __tablename__ = "contribution_reports"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    contribution_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )


class Reviewer(Base):
    """A member an admin named reviewer of the workspace's contributions (hosts and above review
    anyway). The foreign key to ``memberships`` drops the row when they leave the workspace."""

    __tablename__ = "reviewers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["workspace_id", "account_id"],
            ["memberships.workspace_id", "memberships.account_id"],
            ondelete="CASCADE",
        ),
    )

    workspace_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuthorMilestone(Base):
    """A milestone an author earned in a workspace (``first_approved``, …), once."""

    __tablename__ = "author_milestones"

    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(CODE_LEN), primary_key=True)
    contribution_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("contributions.id", ondelete="SET NULL")
    )
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
