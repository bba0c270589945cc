"""Quiz versions and stable question ids.

``quizzes.version`` (1 for every existing quiz) goes up by one with every saved change;
``games.quiz_version`` records the version a game played (NULL for older games) and
``games.quiz_id`` is indexed for a quiz's statistics. ``game_questions.question_id`` is the
question's stable id in the game's quiz snapshot (NULL for games whose snapshot had none:
quizzes get their question ids the next time they are saved).

Revision ID: 0006_quiz_versions
Revises: 0005_library
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_quiz_versions"
down_revision: str | None = "0005_library"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)


def upgrade() -> None:
    with op.batch_alter_table("quizzes") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("games") as batch:
        batch.add_column(sa.Column("quiz_version", sa.Integer(), nullable=True))
    op.create_index("ix_games_quiz_id", "games", ["quiz_id"])
    with op.batch_alter_table("game_questions") as batch:
        batch.add_column(sa.Column("question_id", ID, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("game_questions") as batch:
        batch.drop_column("question_id")
    op.drop_index("ix_games_quiz_id", table_name="games")
    with op.batch_alter_table("games") as batch:
        batch.drop_column("quiz_version")
    with op.batch_alter_table("quizzes") as batch:
        batch.drop_column("version")
