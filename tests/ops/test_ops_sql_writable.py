"""``/readyz`` turns unready while SQL cannot be written, not only while it cannot be reached:
a node whose SQLite files become unwritable (immutable, ``chattr +i``: root cannot write them
either) reports it in ``/readyz``, its log and ``/metrics``, keeps serving, and is ready again
once they are writable."""

# The waits take a `timeout` in seconds.

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.abuse.support import LIMITS_OFF, Servers
from tests.ops.readyz import get, wait_ready


def _chattr(flag: str, paths: list[Path]) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


async def test_readyz_says_unready_while_sqlite_cannot_be_written(servers: Servers) -> None:
    if shutil.which("chattr") is None:
        pytest.fail("chattr (e2fsprogs) is needed to make a file immutable")
    group = servers.start(1, env=LIMITS_OFF)
    url, node = group.url, group.nodes[0]
    db = Path(str(make_url(group.database_url).database))
    assert await wait_ready(url, 200, 30) == {"ok": True, "redis": True, "sql": True}
    # The database and its write-ahead log. Not the shared-memory index: SQLite maps it, and
    # a mapped page that cannot be written kills the process with SIGBUS, whatever it does.
    files = [db, db.with_name(db.name + "-wal")]
    assert all(f.exists() for f in files), files
    _chattr("+i", files)
    try:
        assert await wait_ready(url, 503, 30) == {"ok": False, "redis": True, "sql": False}
        # The process lives and says why.
        assert (await get(url, "/healthz")).status_code == 200
        metrics = (await get(url, "/metrics")).text
        assert "huddle_sql_writable 0.0" in metrics, metrics
        assert "readyz: sql cannot be written" in node.log_tail()
        # Accounts need SQL writes: refused with an answer, not a crash.
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            resp = await http.post(
                "/api/auth/register",
                json={"email": "ro@example.com", "password": "correct horse", "name": "R"},
            )
        assert resp.status_code >= 500 and resp.json()["error"]["code"], resp.text
    finally:
        _chattr("-i", files)
    assert await wait_ready(url, 200, 30) == {"ok": True, "redis": True, "sql": True}
    assert "huddle_sql_writable 1.0" in (await get(url, "/metrics")).text
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        resp = await http.post(
            "/api/auth/register",
            json={"email": "rw@example.com", "password": "correct horse", "name": "W"},
        )
        assert resp.status_code == 201, resp.text
    assert node.proc.poll() is None
