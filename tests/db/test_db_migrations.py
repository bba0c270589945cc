"""The Alembic migrations create exactly the models' schema, from any directory and thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from server.db.database import Database
from server.db.engine import make_engine
from server.db.migrate import upgrade, upgrade_async
from server.db.models import Base
from server.db.search import include_name, is_search_table


def _schema_of(conn: Connection) -> dict[str, Any]:
    insp = inspect(conn)
    # The search index's tables are the migrations' own (server.db.search), not the models'.
    tables = {t for t in insp.get_table_names() if not is_search_table(t)} - {"alembic_version"}
    return {
        name: {
            "columns": {c["name"]: c["nullable"] for c in insp.get_columns(name)},
            "pk": sorted(insp.get_pk_constraint(name)["constrained_columns"]),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(name)
            ),
            "fks": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"])
                for f in insp.get_foreign_keys(name)
            ),
        }
        for name in tables
    }


def _diff(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"include_name": include_name})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_models(db: Database) -> None:
    async with db.engine.connect() as conn:
        migrated = await conn.run_sync(_schema_of)
        diff = await conn.run_sync(_diff)
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    assert diff == []
    assert version == "0010_contributions"
    assert set(migrated) == set(Base.metadata.tables)
    for table in Base.metadata.sorted_tables:
        got = migrated[table.name]
        assert got["columns"] == {c.name: c.nullable for c in table.columns}, table.name
        assert got["pk"] == sorted(c.name for c in table.primary_key.columns), table.name
        assert got["fks"] == sorted(
            (tuple(fk.parent.name for fk in c.elements), c.referred_table.name)
            for c in table.foreign_key_constraints
        ), table.name
        wanted_indexes = {(i.name, tuple(c.name for c in i.columns)) for i in table.indexes}
        assert wanted_indexes <= {(n, cols) for n, cols, _ in got["indexes"]}, table.name


async def test_upgrade_is_idempotent(backend: tuple[str, str | None]) -> None:
    url, schema = backend
    await upgrade_async(url, schema=schema)
    upgrade(url, schema=schema)  # blocking, from a thread running an event loop
    database = Database(url, schema=schema)
    try:
        assert await database.ping()
    finally:
        await database.close()


def test_upgrade_from_another_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    upgrade("sqlite+aiosqlite:///huddle.db")
    assert (elsewhere / "huddle.db").exists()


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as conn:
            fk = (await conn.execute(text("PRAGMA foreign_keys"))).scalar()
            mode = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
            busy = (await conn.execute(text("PRAGMA busy_timeout"))).scalar()
    finally:
        await engine.dispose()
    assert (fk, mode, busy) == (1, "wal", 5000)


async def test_in_memory_sqlite_keeps_one_database() -> None:
    url = "sqlite+aiosqlite://"
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        async with engine.connect() as conn:
            n = (await conn.execute(text("SELECT count(*) FROM hosts"))).scalar()
    finally:
        await engine.dispose()
    assert n == 0


def test_schema_is_postgres_only() -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        make_engine("sqlite+aiosqlite:///x.db", schema="s")
    with pytest.raises(ValueError, match="invalid schema"):
        make_engine("postgresql+asyncpg://u@h/db", schema="bad; drop")
