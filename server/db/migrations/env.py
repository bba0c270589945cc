"""Alembic environment of Huddle's SQL database.

There is no ``alembic.ini``: `server.db.migrate.alembic_config` builds the configuration and
passes the database URL (and the optional PostgreSQL schema) as ``config.attributes["url"]``
and ``config.attributes["schema"]``. Online migrations run on the async engine through
``connection.run_sync`` inside their own event loop (``asyncio.run``), so they must not be
started on a thread that already runs one (`server.db.migrate.upgrade` takes care of that).
A caller may also hand over an open sync ``Connection`` as ``config.attributes["connection"]``.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, text

from server.db.engine import is_sqlite, make_engine
from server.db.models import Base, UTCDateTime
from server.db.search import include_name

# Serialises concurrent upgrades of one PostgreSQL database (several server processes starting).
_PG_LOCK_KEY = 0x4875_6464_6C65  # "Huddle"

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: use server.db.migrate.alembic_config(url)")
    return str(url)


def _schema() -> str | None:
    schema = config.attributes.get("schema")
    return str(schema) if schema else None


def render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Autogenerate writes `UTCDateTime` columns as the plain type it stores."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=is_sqlite(url),
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = make_engine(_url(), schema=_schema(), null_pool=True)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
    else:
        asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
