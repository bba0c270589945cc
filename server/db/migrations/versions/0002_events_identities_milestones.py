"""Events, identities, milestones and the leaderboard columns and indexes.

Adds the ``events``, ``identities`` and ``milestones_awarded`` tables; ``games.event_id`` and
``games.players``; ``game_players.identity_id`` (indexed with ``finished_at``) and the copies
of the game's ``host_id``, ``finished_at`` and ``won`` behind the covering indexes
``ix_game_players_leaderboard`` and ``ix_game_players_season`` (filled in here for the results
already stored).

On SQLite the new foreign-key columns need the tables rebuilt (batch mode), which runs with
foreign keys off so that dropping the old ``games`` cannot cascade into the stored results.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
INSTANT = sa.DateTime(timezone=True)

_LEADERBOARD_COLUMNS = [
    "host_id",
    "identity_id",
    "finished_at",
    "score",
    "correct_time_ms",
    "correct",
    "won",
]
_SEASON_COLUMNS = [
    "host_id",
    "finished_at",
    "identity_id",
    "score",
    "correct_time_ms",
    "correct",
    "won",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_fk_column(table: str, column: str, referred: str, ondelete: str) -> None:
    """Add a nullable ``VARCHAR(64)`` column referencing ``<referred>.id``.

    SQLite cannot add a named table-level constraint in place, so batch mode rebuilds the
    table; see `_sqlite_foreign_keys`.
    """
    name = f"fk_{table}_{column}_{referred}"
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(column, ID, nullable=True))
        batch.create_foreign_key(name, referred, [column], ["id"], ondelete=ondelete)


def _sqlite_foreign_keys(on: bool) -> None:
    """Turn SQLite's foreign-key enforcement off or on for this connection.

    Batch mode rebuilds a table by copying it and dropping the original; with foreign keys on,
    dropping ``games`` would first delete its rows and cascade into the results that reference
    it. The pragma is a no-op inside a transaction, hence the autocommit block.
    """
    if not _sqlite():
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", ID, nullable=False),
        sa.Column("host_id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_at", INSTANT, nullable=False),
        sa.Column("ends_at", INSTANT, nullable=True),
        sa.Column("teams", sa.JSON(), nullable=False),
        sa.Column("require_identifier", sa.Boolean(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(["host_id"], ["hosts.id"], name="fk_events_host_id_hosts"),
    )
    op.create_index("ix_events_host_id", "events", ["host_id"])
    op.create_table(
        "identities",
        sa.Column("id", ID, nullable=False),
        sa.Column("host_id", ID, nullable=False),
        sa.Column("identifier", sa.String(254), nullable=True),
        sa.Column("player_key", sa.String(128), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_identities"),
        sa.ForeignKeyConstraint(["host_id"], ["hosts.id"], name="fk_identities_host_id_hosts"),
        sa.UniqueConstraint("host_id", "identifier", name="uq_identities_host_id_identifier"),
        sa.UniqueConstraint("host_id", "player_key", name="uq_identities_host_id_player_key"),
    )
    op.create_index("ix_identities_player_key", "identities", ["player_key"])

    _sqlite_foreign_keys(on=False)
    _add_fk_column("games", "event_id", "events", "SET NULL")
    op.add_column("games", sa.Column("players", sa.Integer(), nullable=True))
    op.create_index("ix_games_event_id", "games", ["event_id"])
    op.create_index("ix_games_host_id_finished_at", "games", ["host_id", "finished_at"])

    _add_fk_column("game_players", "identity_id", "identities", "SET NULL")
    _sqlite_foreign_keys(on=True)
    op.add_column("game_players", sa.Column("host_id", ID, nullable=True))
    op.add_column("game_players", sa.Column("finished_at", INSTANT, nullable=True))
    op.add_column("game_players", sa.Column("won", sa.Boolean(), nullable=True))
    op.create_index(
        "ix_game_players_identity_id_finished_at", "game_players", ["identity_id", "finished_at"]
    )

    # Results stored before this revision: count their players and copy the game's facts.
    op.execute(
        "UPDATE games SET players = "
        "(SELECT count(*) FROM game_players WHERE game_players.game_id = games.id) "
        "WHERE results_at IS NOT NULL"
    )
    op.execute(
        "UPDATE game_players SET "
        "host_id = (SELECT g.host_id FROM games g WHERE g.id = game_players.game_id), "
        "finished_at = (SELECT g.finished_at FROM games g WHERE g.id = game_players.game_id), "
        "won = (rank = 1 AND "
        "(SELECT g.players FROM games g WHERE g.id = game_players.game_id) >= 2)"
    )
    op.create_index("ix_game_players_leaderboard", "game_players", _LEADERBOARD_COLUMNS)
    op.create_index("ix_game_players_season", "game_players", _SEASON_COLUMNS)

    op.create_table(
        "milestones_awarded",
        sa.Column("identity_id", ID, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("game_id", ID, nullable=False),
        sa.Column("awarded_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("identity_id", "code", name="pk_milestones_awarded"),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["identities.id"],
            name="fk_milestones_awarded_identity_id_identities",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["games.id"],
            name="fk_milestones_awarded_game_id_games",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_milestones_awarded_game_id", "milestones_awarded", ["game_id"])


def downgrade() -> None:
    op.drop_table("milestones_awarded")
    op.drop_index("ix_game_players_season", table_name="game_players")
    op.drop_index("ix_game_players_leaderboard", table_name="game_players")
    op.drop_index("ix_game_players_identity_id_finished_at", table_name="game_players")
    op.drop_index("ix_games_host_id_finished_at", table_name="games")
    op.drop_index("ix_games_event_id", table_name="games")
    _sqlite_foreign_keys(on=False)
    with op.batch_alter_table("game_players") as batch:
        batch.drop_constraint("fk_game_players_identity_id_identities", type_="foreignkey")
        for column in ("won", "finished_at", "host_id", "identity_id"):
            batch.drop_column(column)
    with op.batch_alter_table("games") as batch:
        batch.drop_constraint("fk_games_event_id_events", type_="foreignkey")
        batch.drop_column("players")
        batch.drop_column("event_id")
    _sqlite_foreign_keys(on=True)
    op.drop_index("ix_identities_player_key", table_name="identities")
    op.drop_table("identities")
    op.drop_index("ix_events_host_id", table_name="events")
    op.drop_table("events")
