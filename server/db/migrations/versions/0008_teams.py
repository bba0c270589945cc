"""Workspace teams that persist: ``teams`` and their rosters (``team_members``), and the team
a game's players and teams played as (``game_players.team_id``, ``game_teams.team_id``).

A person is in at most one team per workspace (unique ``team_members(workspace_id,
account_id)``), and only while a member of it (the foreign key to ``memberships``). The
results of earlier games have no team id: the team boards group them by name, as before.

Revision ID: 0008_teams
Revises: 0007_people (0004_workspaces until ws-people was merged here; the lead re-chains)
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_teams"
down_revision: str | None = "0007_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_teams_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("workspace_id", "name_key", name="uq_teams_workspace_id_name_key"),
    )
    op.create_table(
        "team_members",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "account_id", name="pk_team_members"),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_team_members_team_id_teams", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "account_id"],
            ["memberships.workspace_id", "memberships.account_id"],
            name="fk_team_members_workspace_id_account_id_memberships",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "workspace_id", "account_id", name="uq_team_members_workspace_id_account_id"
        ),
    )
    for table in ("game_players", "game_teams"):
        op.add_column(table, sa.Column("team_id", ID, nullable=True))
        op.create_index(f"ix_{table}_team_id", table, ["team_id"])


def downgrade() -> None:
    for table in ("game_teams", "game_players"):
        op.drop_index(f"ix_{table}_team_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("team_id")
    op.drop_table("team_members")
    op.drop_table("teams")
