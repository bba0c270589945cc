"""What the SQL benches share: a throwaway database on each backend, and timing a call.

`bench.leaderboard_bench` and `bench.search_bench` fill a database and time repository calls
on it; each gives `on_sqlite` / `on_postgres` its own ``run(db)`` (fill, then measure).
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from server.db.database import Database
from server.db.engine import make_engine
from server.db.migrate import upgrade_async

Run = Callable[[Database], Awaitable[dict[str, Any]]]


async def time_calls(call: Callable[[], Awaitable[Any]], calls: int) -> dict[str, float]:
    """p50, p99 and max of `calls` awaits of `call`, in milliseconds, after one warm-up."""
    await call()  # warm-up: pool, statement cache, pages
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(p99, 2),
        "max_ms": round(samples[-1], 2),
    }


async def on_sqlite(run: Run) -> dict[str, Any]:
    """`run` on a migrated SQLite file in a temporary directory (removed after)."""
    with tempfile.TemporaryDirectory(prefix="huddle-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await upgrade_async(url)
        db = Database(url)
        try:
            return await run(db)
        finally:
            await db.close()


async def on_postgres(url: str, run: Run) -> dict[str, Any]:
    """`run` in a fresh, migrated schema of the PostgreSQL at `url`; ``{"skipped": why}`` when
    it cannot be reached."""
    schema = f"huddle_bench_{secrets.token_hex(4)}"
    admin = make_engine(url, null_pool=True)
    try:
        async with asyncio.timeout(10), admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:
        await admin.dispose()
        return {"skipped": f"PostgreSQL unreachable at {url}: {err!r}"}
    db = Database(url, schema=schema)
    try:
        await upgrade_async(url, schema=schema)
        return await run(db)
    finally:
        await db.close()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
