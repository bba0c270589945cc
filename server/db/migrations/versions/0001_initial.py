"""Hosts, quizzes, games and finished games' results.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hosts",
        sa.Column("id", ID, nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hosts"),
        sa.UniqueConstraint("email", name="uq_hosts_email"),
    )
    op.create_table(
        "quizzes",
        sa.Column("id", ID, nullable=False),
        sa.Column("host_id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quizzes"),
        sa.ForeignKeyConstraint(["host_id"], ["hosts.id"], name="fk_quizzes_host_id_hosts"),
    )
    op.create_index("ix_quizzes_host_id", "quizzes", ["host_id"])
    op.create_table(
        "games",
        sa.Column("id", ID, nullable=False),
        sa.Column("host_id", ID, nullable=False),
        sa.Column("quiz_id", ID, nullable=True),
        sa.Column("pin", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("quiz", sa.JSON(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("started_at", INSTANT, nullable=True),
        sa.Column("finished_at", INSTANT, nullable=True),
        sa.Column("results_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_games"),
        sa.ForeignKeyConstraint(["host_id"], ["hosts.id"], name="fk_games_host_id_hosts"),
    )
    op.create_index("ix_games_host_id", "games", ["host_id"])
    op.create_table(
        "game_players",
        sa.Column("game_id", ID, nullable=False),
        sa.Column("player_id", ID, nullable=False),
        sa.Column("nickname", sa.Text(), nullable=False),
        sa.Column("team", sa.Text(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("correct_time_ms", sa.Integer(), nullable=False),
        sa.Column("joined_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("game_id", "player_id", name="pk_game_players"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_players_game_id_games", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "game_answers",
        sa.Column("game_id", ID, nullable=False),
        sa.Column("player_id", ID, nullable=False),
        sa.Column("question_index", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("game_id", "player_id", "question_index", name="pk_game_answers"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_answers_game_id_games", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "game_questions",
        sa.Column("game_id", ID, nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("distribution", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("game_id", "index", name="pk_game_questions"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_questions_game_id_games", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "game_teams",
        sa.Column("game_id", ID, nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("game_id", "team", name="pk_game_teams"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_teams_game_id_games", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("game_teams")
    op.drop_table("game_questions")
    op.drop_table("game_answers")
    op.drop_table("game_players")
    op.drop_index("ix_games_host_id", table_name="games")
    op.drop_table("games")
    op.drop_index("ix_quizzes_host_id", table_name="quizzes")
    op.drop_table("quizzes")
    op.drop_table("hosts")
