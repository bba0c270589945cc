"""Building the async SQLAlchemy engine for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool, StaticPool

SQLITE_BUSY_TIMEOUT_MS = 5_000

_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def is_sqlite(url: str | URL) -> bool:
    """Whether `url` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, schema: str | None = None, null_pool: bool = False) -> AsyncEngine:
    """An async engine for `url`.

    SQLite connections get ``PRAGMA foreign_keys=ON``, ``journal_mode=WAL`` and a busy timeout,
    so that several connections of one process can write in turn; an in-memory SQLite database
    is kept on a single shared connection. PostgreSQL gets a normal pool with pre-ping.

    `schema` (PostgreSQL only) sets the connections' ``search_path`` to that one schema, so
    every table, the Alembic version table included, lives in it. The tests use it to run
    against a throwaway schema; a server normally leaves it unset.

    `null_pool` opens a fresh connection per checkout (used by the migrations, which run on
    their own event loop).
    """
    parsed = make_url(url)
    options: dict[str, Any] = {}
    if null_pool:
        options["poolclass"] = NullPool
    if parsed.get_backend_name() == "sqlite":
        if schema is not None:
            raise ValueError("schema= is only supported on PostgreSQL")
        if parsed.database in (None, "", ":memory:") and not null_pool:
            options["poolclass"] = StaticPool
        engine = create_async_engine(parsed, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "handle_error", _sqlite_on_error)
        return engine
    if schema is not None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise ValueError(f"invalid schema name {schema!r}")
        options["connect_args"] = {"server_settings": {"search_path": schema}}
    if not null_pool:
        options["pool_pre_ping"] = True
    return create_async_engine(parsed, **options)


# SQLite errors of a file that cannot be written (made read-only, or its disk failed). A
# connection opened meanwhile stays read-only even once the file is writable again, so the pool
# is renewed as after a lost connection.
_SQLITE_UNWRITABLE = ("readonly database", "disk i/o error", "unable to open database file")


def _sqlite_on_error(context: ExceptionContext) -> None:
    message = str(context.original_exception).lower()
    if any(text in message for text in _SQLITE_UNWRITABLE):
        context.is_disconnect = True


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
