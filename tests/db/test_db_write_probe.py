"""The readiness write check (`Database.writable`): a committed write of the process's row of
``write_probes``, which also drops the rows of processes gone for a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.db.database import Database
from server.db.models import WriteProbe


async def test_the_write_check_keeps_one_row_per_live_process(db: Database) -> None:
    old = datetime.now(UTC) - timedelta(days=2)
    async with db.session() as session, session.begin():
        session.add(WriteProbe(node_id="gone", at=old))
        session.add(WriteProbe(node_id="recent", at=datetime.now(UTC) - timedelta(hours=1)))
    assert await db.writable() is True
    assert await db.writable() is True
    assert db.write_error is None
    async with db.session() as session:
        nodes = sorted(await session.scalars(select(WriteProbe.node_id)))
    assert len(nodes) == 2 and "recent" in nodes and "gone" not in nodes, nodes
