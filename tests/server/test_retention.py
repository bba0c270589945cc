"""The retention sweep runs by itself on every node (`server.retention.RetentionSweeper`) and
once from the command line (``huddle retention``), against a real database. What a sweep
anonymises is tested on both databases in tests/db/test_db_lifecycle.py."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from server.db.database import Database
from server.db.lifecycle import REMOVED
from server.db.migrate import upgrade_async
from server.db.models import GamePlayer, Workspace
from server.db.scope import Scope
from server.db.times import ms_to_datetime
from server.retention import RetentionSweeper
from tests.db.results_support import T0, P, play, results

ROOT = Path(__file__).resolve().parents[2]
NOW = ms_to_datetime(T0) + timedelta(days=40)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[str, Database]]:
    """A migrated SQLite file with one workspace (30 days' retention) and a game of 40 days
    ago with two named players."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
    await upgrade_async(url)
    db = Database(url)
    host = await db.hosts.create("ada@example.com", "Ada", "x")
    await play(
        db, host.id, results("g1", [P("ann", 900, identifier="ann@example.com"), P("bo", 5)])
    )
    async with db.session() as session, session.begin():
        await session.execute(
            update(Workspace)
            .where(Workspace.id == Scope.personal(host.id).workspace_id)
            .values(retention_days=30)
        )
    try:
        yield url, db
    finally:
        await db.close()


async def nicknames(db: Database) -> list[str]:
    async with db.session() as session:
        return sorted(await session.scalars(select(GamePlayer.nickname)))


async def test_the_sweeper_sweeps_when_it_starts_and_stops(
    database: tuple[str, Database],
) -> None:
    _, db = database
    assert await nicknames(db) == ["ANN", "BO"]
    off = RetentionSweeper(db, 0, clock=lambda: NOW)
    off.start()  # an interval of 0: no task
    await off.stop()
    assert off.sweeps == 0 and await nicknames(db) == ["ANN", "BO"]
    sweeper = RetentionSweeper(db, 3600, clock=lambda: NOW)
    sweeper.start()
    try:
        await asyncio.wait_for(sweeper.swept.wait(), timeout=10)
    finally:
        await sweeper.stop()
    assert sweeper.sweeps == 1
    assert await nicknames(db) == [REMOVED, REMOVED]


async def test_huddle_retention_runs_one_sweep(database: tuple[str, Database]) -> None:
    url, db = database
    env = {**os.environ, "DATABASE_URL": url, "HUDDLE_LOG_FORMAT": "text"}
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "server", "retention"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    # The game finished long before the real now: both rows are anonymised.
    assert "2 result rows anonymised in 1 workspaces" in done.stdout, done.stdout
    assert await nicknames(db) == [REMOVED, REMOVED]
