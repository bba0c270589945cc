"""Self-paced challenges (issue 15): ``challenges`` (a challenge, a duel or a daily challenge,
each with its ``games`` row that its runs are appended to) and ``daily_settings`` (a
workspace's daily challenge).

Revision ID: 0009_challenges
Revises: 0008_teams
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_challenges"
down_revision: str | None = "0008_teams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "challenges",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("quiz_id", ID, nullable=True),
        sa.Column("game_id", ID, nullable=False),
        sa.Column("pin", sa.String(16), nullable=False),
        sa.Column("host_id", ID, nullable=False),
        sa.Column("opens_at", INSTANT, nullable=False),
        sa.Column("closes_at", INSTANT, nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("team_ids", sa.JSON(), nullable=False),
        sa.Column("team_rule", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("closed_at", INSTANT, nullable=True),
        sa.Column("opponent_account_id", ID, nullable=True),
        sa.Column("opponent_team_id", ID, nullable=True),
        sa.Column("challenger_run_id", ID, nullable=True),
        sa.Column("day", sa.String(10), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_challenges"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_challenges_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_challenges_game_id_games", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["host_id"], ["hosts.id"], name="fk_challenges_host_id_hosts"),
        sa.ForeignKeyConstraint(
            ["opponent_account_id"],
            ["hosts.id"],
            name="fk_challenges_opponent_account_id_hosts",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opponent_team_id"],
            ["teams.id"],
            name="fk_challenges_opponent_team_id_teams",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("game_id", name="uq_challenges_game_id"),
        sa.UniqueConstraint("workspace_id", "day", name="uq_challenges_workspace_id_day"),
    )
    op.create_index("ix_challenges_host_id", "challenges", ["host_id"])
    op.create_index("ix_challenges_opponent_account_id", "challenges", ["opponent_account_id"])
    op.create_index(
        "ix_challenges_workspace_id_closes_at", "challenges", ["workspace_id", "closes_at"]
    )
    op.create_table(
        "daily_settings",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("tag", sa.Text(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("time_limit_s", sa.Integer(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name="pk_daily_settings"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_daily_settings_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("daily_settings")
    op.drop_index("ix_challenges_workspace_id_closes_at", table_name="challenges")
    op.drop_index("ix_challenges_opponent_account_id", table_name="challenges")
    op.drop_index("ix_challenges_host_id", table_name="challenges")
    op.drop_table("challenges")
