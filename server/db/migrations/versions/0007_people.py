"""People across devices: ``identities.account_id``.

The identity of a person who played signed in names their account (a row of ``hosts``; set
to NULL when the account is deleted), at most one identity per account and workspace.

On SQLite the new foreign-key column needs the table rebuilt (batch mode), which runs with
foreign keys off so that dropping the old ``identities`` cannot set the results' links to NULL
or cascade into the milestones.

Revision ID: 0007_people
Revises: 0006_quiz_versions
Create Date: 2026-12-07 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_people"
down_revision: str | None = "0006_quiz_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
OWNER = "workspace_id"


def _sqlite_foreign_keys(on: bool) -> None:
    """Turn SQLite's foreign-key enforcement off or on (outside the transaction: the pragma is
    a no-op inside one)."""
    if op.get_context().dialect.name != "sqlite":
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade() -> None:
    _sqlite_foreign_keys(on=False)
    with op.batch_alter_table("identities") as batch:
        batch.add_column(sa.Column("account_id", ID, nullable=True))
        batch.create_foreign_key(
            "fk_identities_account_id_hosts", "hosts", ["account_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_unique_constraint(f"uq_identities_{OWNER}_account_id", [OWNER, "account_id"])
        batch.create_index("ix_identities_account_id", ["account_id"])
    _sqlite_foreign_keys(on=True)


def downgrade() -> None:
    _sqlite_foreign_keys(on=False)
    with op.batch_alter_table("identities") as batch:
        batch.drop_index("ix_identities_account_id")
        batch.drop_constraint(f"uq_identities_{OWNER}_account_id", type_="unique")
        batch.drop_constraint("fk_identities_account_id_hosts", type_="foreignkey")
        batch.drop_column("account_id")
    _sqlite_foreign_keys(on=True)
