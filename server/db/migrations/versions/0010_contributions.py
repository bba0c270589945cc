"""Member content (issue 16): ``contributions`` (members' questions and tip cards) with their
thread ``contribution_events``, ``question_drives``, ``contribution_votes``,
``contribution_reports``, ``reviewers``, ``author_milestones``, and
``game_questions.contribution_id`` (the contribution a played question came from).

Revision ID: 0010_contributions
Revises: 0009_challenges
Create Date: 2026-12-14 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_contributions"
down_revision: str | None = "0009_challenges"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
INSTANT = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "question_drives",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("created_by", ID, nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("brief", sa.Text(), nullable=True),
        sa.Column("event_id", ID, nullable=True),
        sa.Column("deadline", INSTANT, nullable=False),
        sa.Column("per_member_limit", sa.Integer(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("closed_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_question_drives"),
        _fk("question_drives", "workspace_id", "workspaces", "CASCADE"),
        _fk("question_drives", "created_by", "hosts", "SET NULL"),
        _fk("question_drives", "event_id", "events", "SET NULL"),
    )
    op.create_index("ix_question_drives_workspace_id", "question_drives", ["workspace_id"])
    op.create_table(
        "contributions",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("drive_id", ID, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("reviewed_by", ID, nullable=True),
        sa.Column("reviewed_at", INSTANT, nullable=True),
        sa.Column("hidden_at", INSTANT, nullable=True),
        sa.Column("hidden_by", ID, nullable=True),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("credit_name", sa.Text(), nullable=True),
        sa.Column("credit_team", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_contributions"),
        _fk("contributions", "workspace_id", "workspaces", "CASCADE"),
        _fk("contributions", "author_id", "hosts", "SET NULL"),
        sa.ForeignKeyConstraint(
            ["drive_id"],
            ["question_drives.id"],
            name="fk_contributions_drive_id_question_drives",
            ondelete="SET NULL",
        ),
        _fk("contributions", "reviewed_by", "hosts", "SET NULL"),
        _fk("contributions", "hidden_by", "hosts", "SET NULL"),
    )
    for column in ("workspace_id", "author_id", "drive_id"):
        op.create_index(f"ix_contributions_{column}", "contributions", [column])
    op.create_index(
        "ix_contributions_workspace_id_status_updated_at",
        "contributions",
        ["workspace_id", "status", "updated_at"],
    )
    op.create_table(
        "contribution_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("contribution_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=True),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contribution_events"),
        _fk("contribution_events", "contribution_id", "contributions", "CASCADE"),
        _fk("contribution_events", "account_id", "hosts", "SET NULL"),
    )
    op.create_index(
        "ix_contribution_events_contribution_id", "contribution_events", ["contribution_id"]
    )
    op.create_table(
        "contribution_votes",
        sa.Column("contribution_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("contribution_id", "account_id", name="pk_contribution_votes"),
        _fk("contribution_votes", "contribution_id", "contributions", "CASCADE"),
        _fk("contribution_votes", "account_id", "hosts", "CASCADE"),
    )
    op.create_table(
        "contribution_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("contribution_id", ID, nullable=False),
        sa.Column("reporter_id", ID, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("resolved_at", INSTANT, nullable=True),
        sa.Column("resolved_by", ID, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_contribution_reports"),
        _fk("contribution_reports", "contribution_id", "contributions", "CASCADE"),
        _fk("contribution_reports", "reporter_id", "hosts", "SET NULL"),
        _fk("contribution_reports", "resolved_by", "hosts", "SET NULL"),
    )
    op.create_index(
        "ix_contribution_reports_contribution_id", "contribution_reports", ["contribution_id"]
    )
    op.create_table(
        "reviewers",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "account_id", name="pk_reviewers"),
        sa.ForeignKeyConstraint(
            ["workspace_id", "account_id"],
            ["memberships.workspace_id", "memberships.account_id"],
            name="fk_reviewers_workspace_id_account_id_memberships",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "author_milestones",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("contribution_id", ID, nullable=True),
        sa.Column("awarded_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "account_id", "code", name="pk_author_milestones"),
        _fk("author_milestones", "workspace_id", "workspaces", "CASCADE"),
        _fk("author_milestones", "account_id", "hosts", "CASCADE"),
        _fk("author_milestones", "contribution_id", "contributions", "SET NULL"),
    )
    op.add_column("game_questions", sa.Column("contribution_id", ID, nullable=True))
    op.create_index("ix_game_questions_contribution_id", "game_questions", ["contribution_id"])


def downgrade() -> None:
    op.drop_index("ix_game_questions_contribution_id", table_name="game_questions")
    with op.batch_alter_table("game_questions") as batch:
        batch.drop_column("contribution_id")
    op.drop_table("author_milestones")
    op.drop_table("reviewers")
    op.drop_index("ix_contribution_reports_contribution_id", table_name="contribution_reports")
    op.drop_table("contribution_reports")
    op.drop_table("contribution_votes")
    op.drop_index("ix_contribution_events_contribution_id", table_name="contribution_events")
    op.drop_table("contribution_events")
    op.drop_index("ix_contributions_workspace_id_status_updated_at", table_name="contributions")
    for column in ("drive_id", "author_id", "workspace_id"):
        op.drop_index(f"ix_contributions_{column}", table_name="contributions")
    op.drop_table("contributions")
    op.drop_index("ix_question_drives_workspace_id", table_name="question_drives")
    op.drop_table("question_drives")
