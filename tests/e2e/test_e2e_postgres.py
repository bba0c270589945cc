"""The full game against PostgreSQL, in a throwaway schema (see ``pg_database_url``)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from server.db.engine import make_engine
from tests.e2e.conftest import PG_URL, Group
from tests.e2e.game_run import play_full_game

pytestmark = pytest.mark.postgres


async def test_full_game_20_players_postgres(pg_server: Group) -> None:
    run = await play_full_game([pg_server.url], n_players=20)
    assert len(run.results["players"]) == 20

    # The results really are in the test's own schema, not in `public`.
    schema = make_url(pg_server.database_url).username
    engine = make_engine(PG_URL, null_pool=True)
    try:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT table_schema FROM information_schema.tables"
                        " WHERE table_name = 'game_players'"
                    )
                )
            ).all()
            assert (schema,) in rows, rows
            count = await conn.execute(
                text(f'SELECT count(*) FROM "{schema}".game_players WHERE game_id = :g'),
                {"g": run.game.id},
            )
            assert count.scalar_one() == 20
    finally:
        await engine.dispose()
