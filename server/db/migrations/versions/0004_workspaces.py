"""Workspaces: accounts belong to workspaces with roles, and workspaces own what hosts owned.

Creates ``workspaces``, ``memberships`` and ``invites``. Every existing account gets a workspace
of its own whose id equals the account's id ("<name>'s workspace"), with the account as its
owner, and every quiz, event, identity, game and game player gains ``workspace_id`` = its
``host_id``, so each row lands in its account's workspace and nothing is lost. Identities
become unique per workspace, and the leaderboard indexes and the games' date index lead with
``workspace_id`` instead of ``host_id``.

On SQLite the new foreign keys and NOT NULLs rebuild the tables (batch mode), with foreign
keys off so that dropping the old ``games`` cannot cascade into the stored results.

Downgrading drops the workspaces again; rows keep their ``host_id``. It fails when an account
reached one identifier in two workspaces (identities are unique per host again).

Revision ID: 0004_workspaces
Revises: 0003
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_workspaces"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
ROLE = sa.String(16)
INSTANT = sa.DateTime(timezone=True)

#: The owned tables, and whether their workspace_id is required.
_OWNED = {
    "quizzes": True,
    "events": True,
    "identities": True,
    "games": True,
    "game_players": False,
}
_BOARD_TAIL = ["identity_id", "finished_at", "score", "correct_time_ms", "correct", "won"]
_SEASON_TAIL = ["finished_at", "identity_id", "score", "correct_time_ms", "correct", "won"]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _sqlite_foreign_keys(on: bool) -> None:
    """Turn SQLite's foreign-key enforcement off or on (outside the transaction), so that the
    batch rebuild of a table never cascades into the rows that reference it."""
    if not _sqlite():
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _create_tables() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_workspaces"),
    )
    op.create_table(
        "memberships",
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("role", ROLE, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "account_id", name="pk_memberships"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_memberships_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["hosts.id"], name="fk_memberships_account_id_hosts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_memberships_account_id", "memberships", ["account_id"])
    op.create_table(
        "invites",
        sa.Column("id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("role", ROLE, nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invites"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_invites_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["hosts.id"], name="fk_invites_created_by_hosts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_invites_workspace_id", "invites", ["workspace_id"])
    op.create_index("ix_invites_created_by", "invites", ["created_by"])


def upgrade() -> None:
    _create_tables()
    # One workspace per account, with the account's id, owned by it.
    op.execute(
        "INSERT INTO workspaces (id, name, created_at, retention_days) "
        "SELECT id, name || '''s workspace', created_at, NULL FROM hosts"
    )
    op.execute(
        "INSERT INTO memberships (workspace_id, account_id, role, created_at) "
        "SELECT id, id, 'owner', created_at FROM hosts"
    )

    op.drop_index("ix_games_host_id_finished_at", table_name="games")
    op.drop_index("ix_game_players_leaderboard", table_name="game_players")
    op.drop_index("ix_game_players_season", table_name="game_players")
    for table in _OWNED:
        op.add_column(table, sa.Column("workspace_id", ID, nullable=True))
        op.execute(f"UPDATE {table} SET workspace_id = host_id")

    _sqlite_foreign_keys(on=False)
    for table, required in _OWNED.items():
        with op.batch_alter_table(table) as batch:
            if required:
                batch.alter_column("workspace_id", existing_type=ID, nullable=False)
            batch.create_foreign_key(
                f"fk_{table}_workspace_id_workspaces", "workspaces", ["workspace_id"], ["id"]
            )
            if table == "identities":
                batch.drop_constraint("uq_identities_host_id_identifier", type_="unique")
                batch.drop_constraint("uq_identities_host_id_player_key", type_="unique")
                batch.create_unique_constraint(
                    "uq_identities_workspace_id_identifier", ["workspace_id", "identifier"]
                )
                batch.create_unique_constraint(
                    "uq_identities_workspace_id_player_key", ["workspace_id", "player_key"]
                )
    _sqlite_foreign_keys(on=True)

    op.create_index("ix_quizzes_workspace_id", "quizzes", ["workspace_id"])
    op.create_index("ix_events_workspace_id", "events", ["workspace_id"])
    op.create_index("ix_games_workspace_id_finished_at", "games", ["workspace_id", "finished_at"])
    op.create_index("ix_game_players_leaderboard", "game_players", ["workspace_id", *_BOARD_TAIL])
    op.create_index("ix_game_players_season", "game_players", ["workspace_id", *_SEASON_TAIL])


def downgrade() -> None:
    op.drop_index("ix_game_players_season", table_name="game_players")
    op.drop_index("ix_game_players_leaderboard", table_name="game_players")
    op.drop_index("ix_games_workspace_id_finished_at", table_name="games")
    op.drop_index("ix_events_workspace_id", table_name="events")
    op.drop_index("ix_quizzes_workspace_id", table_name="quizzes")

    _sqlite_foreign_keys(on=False)
    for table in _OWNED:
        with op.batch_alter_table(table) as batch:
            if table == "identities":
                batch.drop_constraint("uq_identities_workspace_id_identifier", type_="unique")
                batch.drop_constraint("uq_identities_workspace_id_player_key", type_="unique")
                batch.create_unique_constraint(
                    "uq_identities_host_id_identifier", ["host_id", "identifier"]
                )
                batch.create_unique_constraint(
                    "uq_identities_host_id_player_key", ["host_id", "player_key"]
                )
            batch.drop_constraint(f"fk_{table}_workspace_id_workspaces", type_="foreignkey")
            batch.drop_column("workspace_id")
    _sqlite_foreign_keys(on=True)

    op.create_index("ix_games_host_id_finished_at", "games", ["host_id", "finished_at"])
    op.create_index("ix_game_players_leaderboard", "game_players", ["host_id", *_BOARD_TAIL])
    op.create_index("ix_game_players_season", "game_players", ["host_id", *_SEASON_TAIL])

    op.drop_index("ix_invites_created_by", table_name="invites")
    op.drop_index("ix_invites_workspace_id", table_name="invites")
    op.drop_table("invites")
    op.drop_index("ix_memberships_account_id", table_name="memberships")
    op.drop_table("memberships")
    op.drop_table("workspaces")
