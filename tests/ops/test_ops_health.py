"""``/healthz`` (the process serves) and ``/readyz`` (Redis and SQL answer), including a node
that starts while its Redis is down, and a database that stops letting it in."""

# The waits take a `timeout` in seconds.

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.abuse.support import (
    LIMITS_OFF,
    RawSocket,
    Servers,
    error_code,
    loopback,
    play_small_game_from,
)
from tests.e2e.conftest import (
    _pg_execute,
    free_port,
    pg_database_url,  # noqa: F401 - a fixture, used by name
    run_sync,
)
from tests.e2e.helpers import Host, assert_error, assert_ok, new_game
from tests.ops.readyz import get, wait_ready


async def test_healthz_and_readyz(servers: Servers) -> None:
    group = servers.start(1, env=LIMITS_OFF)
    for node in group.nodes:
        health = await get(node.url, "/healthz")
        assert health.status_code == 200 and health.json() == {"ok": True}
        assert health.headers["content-type"].startswith("application/json")
        ready = await get(node.url, "/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json() == {"ok": True, "redis": True, "sql": True}


@pytest.fixture
def redis_later(tmp_path: Path) -> Iterator[tuple[int, Any]]:
    """A port where no Redis listens yet, and a function that starts a throwaway one there."""
    port = free_port()
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.skip("redis-server is not installed: cannot bring Redis back")
        procs.append(
            subprocess.Popen(
                [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip

    yield port, start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


async def test_readyz_names_redis_while_it_is_unreachable(
    servers: Servers, redis_later: tuple[int, Any]
) -> None:
    port, start_redis = redis_later
    group = servers.start(1, env={**LIMITS_OFF, "REDIS_URL": f"redis://127.0.0.1:{port}/0"})
    url = group.url
    # The node serves without Redis, says it is not ready, and says why.
    assert (await get(url, "/healthz")).status_code == 200
    ready = await get(url, "/readyz")
    assert ready.status_code == 503, ready.text
    assert ready.json() == {"ok": False, "redis": False, "sql": True}
    metrics = await get(url, "/metrics")
    assert metrics.status_code == 200 and "huddle_players_connected" in metrics.text
    # A request that needs Redis answers `unavailable`; the connection stays open.
    sock = RawSocket(url, loopback(1)[0])
    try:
        await sock.connect()
        ack = await sock.call("join", {"pin": "123456", "nickname": "Early"}, timeout=10)
        assert error_code(ack) == "unavailable", ack
        assert sock.is_open
    finally:
        await sock.close()
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        resp = await http.post(
            "/api/auth/register",
            json={"email": "early@example.com", "password": "correct horse", "name": "E"},
        )
        assert resp.status_code == 201, resp.text  # SQL alone still serves accounts

    # Redis comes up: the node becomes ready, and games work, without a restart.
    start_redis()
    assert await wait_ready(url, 200, 20) == {"ok": True, "redis": True, "sql": True}
    await asyncio.wait_for(play_small_game_from(url), 60)


@pytest.mark.postgres
async def test_readyz_names_sql_while_it_is_unreachable(
    servers: Servers,
    pg_database_url: str,  # noqa: F811 - the fixture imported above
) -> None:
    from sqlalchemy.engine import make_url

    role = make_url(pg_database_url).username
    group = servers.start(1, database_url=pg_database_url, env=LIMITS_OFF)
    url = group.url
    game = await new_game(url, [{"kind": "true_false", "prompt": "Up?", "correct": True}])
    console = Host(url)
    try:
        assert (await wait_ready(url, 200, 15)) == {"ok": True, "redis": True, "sql": True}
        await console.connect()
        # The database stops letting the server in.
        await asyncio.to_thread(
            run_sync,
            lambda: _pg_execute(
                [
                    f"ALTER ROLE {role} NOLOGIN",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE usename = '{role}'",
                ]
            ),
        )
        assert await wait_ready(url, 503, 15) == {"ok": False, "redis": True, "sql": False}
        assert (await get(url, "/healthz")).status_code == 200
        # A login token cannot be checked: `unavailable`, not `internal`; the host key, which
        # needs only Redis, still attaches.
        ack = await console.call("attach", {"game_id": game.id, "token": game.account.token})
        assert_error(ack, "unavailable", "attach with a token while SQL is down")
        assert_ok(await console.call("attach", {"game_id": game.id, "host_key": game.host_key}))
        # And lets it in again.
        await asyncio.to_thread(run_sync, lambda: _pg_execute([f"ALTER ROLE {role} LOGIN"]))
        assert await wait_ready(url, 200, 15) == {"ok": True, "redis": True, "sql": True}
        await play_small_game_from(url)
    finally:
        await console.close()
        await game.account.close()
        await asyncio.to_thread(run_sync, lambda: _pg_execute([f"ALTER ROLE {role} LOGIN"]))
        servers.retire(group)  # before the fixture drops its role and schema
