"""Login tokens that can be revoked (``host_tokens``) and the readiness write check
(``write_probes``).

A host's bearer token names a row of ``host_tokens``; logging out deletes it. Tokens issued
before this revision name none, so their hosts log in again once. Each server process rewrites
its row of ``write_probes`` when asked whether it is ready.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "host_tokens",
        sa.Column("id", ID, nullable=False),
        sa.Column("host_id", ID, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_host_tokens"),
        sa.ForeignKeyConstraint(
            ["host_id"], ["hosts.id"], name="fk_host_tokens_host_id_hosts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_host_tokens_host_id", "host_tokens", ["host_id"])
    op.create_table(
        "write_probes",
        sa.Column("node_id", ID, nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("node_id", name="pk_write_probes"),
    )


def downgrade() -> None:
    op.drop_table("write_probes")
    op.drop_index("ix_host_tokens_host_id", table_name="host_tokens")
    op.drop_table("host_tokens")
