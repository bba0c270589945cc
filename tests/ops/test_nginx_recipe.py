"""The deployment recipe of docs/operations.md, run for real: ``deploy/nginx.conf`` in front of
two ``huddle serve`` nodes sharing a Redis with AOF on and PostgreSQL (SQLite when no
PostgreSQL is reachable). A game is played entirely through nginx, HTTP and websockets, with
the players spread over both nodes by nginx, each seen by the servers under its own address
(X-Forwarded-For from a trusted proxy); then one node is stopped mid-game, as in a rolling
restart, and its clients come back through nginx on the other one by themselves.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis import Redis

from tests.abuse.support import (
    BoundHost,
    BoundPlayer,
    BoundScreen,
    Servers,
    error_code,
    loopback,
    seconds_left_in_minute,
    wait_exit,
)
from tests.conftest import TEST_REDIS_URL
from tests.e2e.conftest import PG_URL, _pg_execute, free_port, run_sync
from tests.e2e.helpers import Client, assert_ok, close_all, connect_all, new_game
from tests.ops.test_ops_metrics import scrape, value

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "deploy" / "nginx.conf"
JOINS_PER_MIN = 3

QUESTIONS: list[dict[str, Any]] = [
    {"kind": "choice", "prompt": "Pick c", "choices": ["a", "b", "c"], "correct": [2],
     "time_limit_ms": 60000},
    {"kind": "true_false", "prompt": "Yes?", "correct": True, "time_limit_ms": 60000},
]  # fmt: skip


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def render(recipe: str, prefix: Path, upstreams: list[str], listen: str) -> str:
    """The recipe with its placeholders filled, as docs/operations.md says to."""
    servers = "\n        ".join(f"server {u};" for u in upstreams)
    text = recipe.replace("{{PREFIX}}", str(prefix)).replace("{{UPSTREAMS}}", servers)
    text = text.replace("{{LISTEN}}", listen)
    assert not re.search(r"\{\{[A-Z_]+\}\}", text), "a placeholder was left unfilled"
    return text


@dataclass
class Nginx:
    url: str
    proc: subprocess.Popen[bytes]
    prefix: Path

    def log(self) -> str:
        try:
            return (self.prefix / "error.log").read_text(errors="replace")[-4000:]
        except OSError:
            return "<no error.log>"


@pytest.fixture
def redis_aof(tmp_path: Path) -> Iterator[str]:
    """A Redis of its own, with the append-only file on, as the recipe runs it."""
    exe = shutil.which("redis-server")
    if exe is None:
        print("\nredis-server not installed: the recipe test uses the shared test Redis")
        yield TEST_REDIS_URL
        return
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data),
         "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                if client.ping():
                    break
            except Exception:
                time.sleep(0.05)
        assert client.config_get("appendonly")["appendonly"] == "yes"
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """PostgreSQL (a throwaway role and schema) when it is reachable, else SQLite."""
    from sqlalchemy.engine import make_url

    try:
        run_sync(lambda: _pg_execute(["SELECT 1"], timeout_s=3))
    except Exception as err:
        print(f"\nPostgreSQL unreachable at {PG_URL} ({err!r}): the recipe test uses SQLite")
        yield f"sqlite+aiosqlite:///{tmp_path / 'recipe.db'}"
        return
    name = f"huddle_ops_{secrets.token_hex(5)}"
    password = secrets.token_hex(16)
    run_sync(
        lambda: _pg_execute(
            [
                f"CREATE ROLE {name} LOGIN PASSWORD '{password}'",
                f"CREATE SCHEMA {name} AUTHORIZATION {name}",
            ]
        )
    )
    try:
        yield (
            make_url(PG_URL)
            .set(username=name, password=password)
            .render_as_string(hide_password=False)
        )
    finally:
        run_sync(lambda: _pg_execute([f"DROP SCHEMA {name} CASCADE", f"DROP ROLE {name}"]))


def start_nginx(exe: str, prefix: Path, upstreams: list[str]) -> Nginx:
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render(RECIPE.read_text(), prefix, upstreams, f"127.0.0.1:{port}"))
    # As root, nginx's workers would run as nobody, who cannot reach pytest's private
    # temporary directory; they run as the test's user instead.
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    check = subprocess.run(
        [exe, "-t", "-p", str(prefix), "-c", str(conf), "-g", directives],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, f"nginx -t refused the recipe:\n{check.stderr}"
    proc = subprocess.Popen(
        [exe, "-p", str(prefix), "-c", str(conf), "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nginx = Nginx(f"http://127.0.0.1:{port}", proc, prefix)
    for _ in range(200):
        assert proc.poll() is None, f"nginx exited:\n{nginx.log()}"
        try:
            if httpx.get(f"{nginx.url}/healthz", timeout=1).status_code == 200:
                return nginx
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"nginx did not serve /healthz:\n{nginx.log()}")


def stop_nginx(nginx: Nginx) -> None:
    nginx.proc.terminate()
    try:
        nginx.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        nginx.proc.kill()
        nginx.proc.wait(timeout=5)


async def _resume_on_reconnect(client: Client, again: Any) -> list[int]:
    """After python-socketio reconnects by itself, do what the pages do: join again. (Set
    once connected: the handler sees reconnections only.)"""
    reconnects: list[int] = []
    tasks: set[asyncio.Future[Any]] = set()

    async def on_connect() -> None:
        reconnects.append(int(time.time() * 1000))
        task = asyncio.ensure_future(again())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    client.sio.on("connect", on_connect, namespace=client.namespace)
    return reconnects


async def test_two_nodes_behind_nginx(
    servers: Servers, tmp_path: Path, redis_aof: str, database_url: str
) -> None:
    exe = find_nginx()
    if exe is None:
        pytest.skip("nginx is not installed (.ci/run installs it): cannot run the recipe")
    group = servers.start(
        2,
        database_url=database_url,
        env={
            "REDIS_URL": redis_aof,
            "HUDDLE_TRUSTED_PROXIES": "127.0.0.1",
            "HUDDLE_JOIN_RATE_PER_MIN": str(JOINS_PER_MIN),
            "HUDDLE_MAX_CONN_PER_IP": "50",
            "HUDDLE_EVENT_RATE_PER_S": "20",
            "HUDDLE_EVENT_BURST": "40",
        },
    )
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    nginx = start_nginx(exe, prefix, [n.url.removeprefix("http://") for n in group.nodes])
    url = nginx.url
    browser = {"Origin": url}  # what a browser on the pages served by nginx sends
    clients: list[Client] = []
    try:
        async with httpx.AsyncClient(base_url=url, timeout=5) as http:
            ready = await http.get("/readyz")
        assert ready.status_code == 200 and ready.json() == {"ok": True, "redis": True, "sql": True}
        await seconds_left_in_minute(8)
        game = await new_game(url, QUESTIONS)  # register, quiz, game: all through nginx
        host = BoundHost(url, loopback(1)[0], headers=browser, reconnect=True)
        screen = BoundScreen(url, loopback(1)[0], headers=browser, reconnect=True)
        players = [BoundPlayer(url, a, headers=browser, reconnect=True) for a in loopback(6)]
        clients = [host, screen, *players]
        await connect_all(clients, limit=1)  # one by one, so nginx takes turns
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        for i, p in enumerate(players):
            await p.join(game.pin, f"Behind nginx {i}")

        # nginx spread the players over both nodes.
        per_node = [value(await scrape(n.url), "huddle_players_connected") for n in group.nodes]
        assert sum(per_node) == len(players) and all(per_node), per_node
        # Each player counted under its own address (X-Forwarded-For from the trusted proxy):
        # one address's joins are limited, the others' are not.
        same = loopback(1)[0]
        crowd = [BoundPlayer(url, same, headers=browser) for _ in range(2)]
        clients += crowd
        await connect_all(crowd)
        codes = [
            error_code(await crowd[i % 2].call("join", {"pin": game.pin, "nickname": f"Same {i}"}))
            for i in range(JOINS_PER_MIN + 1)
        ]
        assert codes == ["ok"] * JOINS_PER_MIN + ["rate_limited"], codes
        roster = assert_ok(await host.call("roster", {}), "roster")
        extra = [p["id"] for p in roster["players"] if p["nickname"].startswith("Same")]
        assert_ok(await host.call("kick", {"player_ids": extra}), "kick the extra joins")

        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))
        for p in players[:3]:
            assert_ok(await p.answer(0, 2))

        # A rolling restart: node 0 stops; its clients reconnect through nginx by themselves.
        tokens = {id(p): p.token for p in players}
        watchers: dict[int, list[int]] = {}
        for p in players:
            watchers[id(p)] = await _resume_on_reconnect(
                p, lambda p=p: p.resume(game.pin, tokens[id(p)])
            )
        watchers[id(host)] = await _resume_on_reconnect(
            host, lambda: host.attach(game.id, game.host_key)
        )
        watchers[id(screen)] = await _resume_on_reconnect(screen, lambda: screen.watch(game.pin))
        stopped = group.nodes[0]
        servers.sigterm(stopped)
        await wait_exit(stopped, 10)
        moved = [c for c in (host, screen, *players) if "shutdown" in {r.event for r in c.events}]
        assert moved, "no client of the stopped node was told to reconnect elsewhere"
        deadline = time.monotonic() + 30
        while any(not watchers[id(c)] or not c.connected for c in moved):
            assert time.monotonic() < deadline, "clients did not come back through nginx"
            await asyncio.sleep(0.1)
        # Their join/attach/watch goes out right after connecting: wait for the survivor to
        # count every player (half a second was too short on a loaded machine).
        survivor = group.nodes[1]
        deadline = time.monotonic() + 30
        while (after := value(await scrape(survivor.url), "huddle_players_connected")) != len(
            players
        ):
            assert time.monotonic() < deadline, f"{after} players on the surviving node"
            await asyncio.sleep(0.1)

        for p in players[3:]:
            assert_ok(await p.answer(0, 0))
        await asyncio.gather(*(p.wait_state("reveal", 0) for p in players))
        await host.command("next")
        await host.command("next")
        await asyncio.gather(*(p.wait_state("question", 1) for p in players))
        for p in players:
            assert_ok(await p.answer(1, True))
        await screen.wait_state("reveal", 1)
        await host.command("next")
        await host.command("next")
        await screen.wait_state("finished")
        results = await game.account.wait_results(game.id)
        rows = {r["nickname"]: r for r in results["players"]}
        assert len(rows) == len(players), rows
        for i in range(len(players)):
            row = rows[f"Behind nginx {i}"]
            assert (row["answered"], row["correct"]) == (2, 2 if i < 3 else 1), row
        await game.account.close()
    finally:
        await close_all(clients)
        stop_nginx(nginx)
    assert "[emerg]" not in nginx.log() and "[crit]" not in nginx.log(), nginx.log()
