"""The shared library: a quiz's visibility, tags and last editor, and the search index.

``quizzes`` gains ``visibility`` ('draft': only its author sees it; 'shared': the workspace's
hosts do; every existing quiz becomes 'shared'), ``tags`` (a JSON list mirroring the
document's "tags", which no quiz had before), ``question_count`` (how many questions it holds)
and ``updated_by`` (the account that changed
it last; existing quizzes: their author). The search index (`server.db.search`: an FTS5 table
on SQLite, a table with a GIN-indexed tsvector on PostgreSQL) is built for every quiz.

Revision ID: 0005_library
Revises: 0004_workspaces
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from server.db import search
from server.db.search_dialects import part_for

revision: str = "0005_library"
down_revision: str | None = "0004_workspaces"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)


def upgrade() -> None:
    with op.batch_alter_table("quizzes") as batch:
        batch.add_column(
            sa.Column("visibility", sa.String(16), nullable=False, server_default="shared")
        )
        batch.add_column(
            sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(
            sa.Column("question_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("updated_by", ID, nullable=True))
        batch.create_foreign_key(
            "fk_quizzes_updated_by_hosts", "hosts", ["updated_by"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_quizzes_workspace_id_updated_at", ["workspace_id", "updated_at"])
    op.execute("UPDATE quizzes SET updated_by = host_id")
    bind = op.get_bind()
    for statement in part_for(bind.dialect.name).SCHEMA:
        op.execute(statement)
    search.build(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in part_for(bind.dialect.name).DROP:
        op.execute(statement)
    with op.batch_alter_table("quizzes") as batch:
        batch.drop_index("ix_quizzes_workspace_id_updated_at")
        batch.drop_constraint("fk_quizzes_updated_by_hosts", type_="foreignkey")
        batch.drop_column("updated_by")
        batch.drop_column("question_count")
        batch.drop_column("tags")
        batch.drop_column("visibility")
