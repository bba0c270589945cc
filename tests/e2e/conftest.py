"""End-to-end fixtures: real ``huddle serve`` processes on free ports, a real Redis and SQL.

Each server group gets its own Redis key prefix (deleted, and nothing else, when the session
ends), its own SQLite file (or PostgreSQL role and schema) and one shared secret, so the
nodes of a group form one cluster. Groups are started lazily and stopped at the end of the
session; the clients of each test live on that test's own event loop.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

ROOT = Path(__file__).resolve().parents[2]
SECRET = "e2e-secret-" + "x" * 32
# Bounds for a machine under load (parallel workers, other work): a node starts in a second or
# two and stops within its 5 s graceful shutdown when idle; these only catch the ones that never do.
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

T = TypeVar("T")


def run_sync(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on its own loop in a worker thread (from sync fixture code)."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Node:
    """One ``huddle serve`` process."""

    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "<no log>"


@dataclass
class Group:
    """Nodes sharing one Redis prefix and one database: one cluster."""

    prefix: str
    database_url: str
    nodes: list[Node] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.nodes[0].url


class ServerFactory:
    """Starts server groups on demand; stops them all and deletes their Redis keys at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.groups: list[Group] = []
        self.hung: list[Node] = []  # nodes that ignored SIGTERM and were killed
        self._launches: dict[int, tuple[str, int, dict[str, str]]] = {}  # id(node) -> _launch args
        # The address the nodes bind (``--host``); clients always use 127.0.0.1.
        self.bind = "127.0.0.1"

    def start(
        self, nodes: int = 1, *, database_url: str | None = None, env: dict[str, str] | None = None
    ) -> Group:
        prefix = new_prefix()
        if database_url is None:
            database_url = f"sqlite+aiosqlite:///{self.workdir / (prefix + '.db')}"
        group = Group(prefix=prefix, database_url=database_url)
        self.groups.append(group)
        base_env = {
            # PUBLIC_URL of the machine running the tests does not apply; a test may set one.
            **{k: v for k, v in os.environ.items() if k != "PUBLIC_URL"},
            "REDIS_URL": TEST_REDIS_URL,
            "HUDDLE_REDIS_PREFIX": prefix,
            "DATABASE_URL": database_url,
            "HUDDLE_SECRET": SECRET,
            "HUDDLE_TICK_MS": "100",  # the default, so deadlines close as in production
            "HUDDLE_OUTBOX_POLL_MS": "50",
            "LOG_LEVEL": "info",
            "HUDDLE_LOG_FORMAT": "text",
            # Hundreds of players, and a host for every game, come from 127.0.0.1 here: the
            # per-address abuse limits are off.
            "HUDDLE_JOIN_RATE_PER_MIN": "0",
            "HUDDLE_AUTH_RATE_PER_MIN": "0",
            "HUDDLE_EVENT_RATE_PER_S": "0",
            "HUDDLE_ADDRESS_RATE_PER_S": "0",
            "HUDDLE_MAX_SCREENS_PER_IP": "0",
            "HUDDLE_WATCH_FAILURES_PER_MIN": "0",
            # Some tests start many games from one account.
            "HUDDLE_GAME_RATE_PER_MIN": "0",
            "HUDDLE_MAX_RUNNING_GAMES": "0",
            # Uploaded images go to the test's folder, not the working tree's.
            "HUDDLE_MEDIA_DIR": str(self.workdir / f"{prefix}-media"),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        # The first node migrates the database alone; the others find it up to date.
        group.nodes.append(self._spawn(prefix, 0, base_env))
        self._wait_healthy(group.nodes[0])
        for i in range(1, nodes):
            group.nodes.append(self._spawn(prefix, i, base_env))
        for node in group.nodes[1:]:
            self._wait_healthy(node)
        return group

    def _spawn(self, prefix: str, index: int, env: dict[str, str]) -> Node:
        node = self._launch(prefix, index, env)
        self._launches[id(node)] = (prefix, index, env)
        return node

    def _launch(self, prefix: str, index: int, env: dict[str, str]) -> Node:
        port = free_port()
        log_path = self.workdir / f"{prefix}-node{index}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "server",
                    "serve",
                    "--host",
                    self.bind,
                    "--port",
                    str(port),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return Node(url=f"http://127.0.0.1:{port}", proc=proc, log_path=log_path)

    def _wait_healthy(self, node: Node) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        last: object = None
        retries = 3
        while time.monotonic() < deadline:
            if node.proc.poll() is not None:
                launch = self._launches.get(id(node))
                if retries and launch and "address already in use" in node.log_tail().lower():
                    # Another process (a parallel worker's server or client) took the free
                    # port between free_port() and the bind: start again on another one.
                    retries -= 1
                    fresh = self._launch(*launch)
                    node.url, node.proc, node.log_path = fresh.url, fresh.proc, fresh.log_path
                    continue
                pytest.fail(
                    f"huddle serve exited with {node.proc.returncode}:\n{node.log_tail()}",
                    pytrace=False,
                )
            try:
                if httpx.get(f"{node.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError as err:
                last = err
            time.sleep(0.05)
        self._stop(node)
        pytest.fail(
            f"huddle serve at {node.url} not healthy after {START_TIMEOUT_S}s ({last!r}):\n"
            f"{node.log_tail()}",
            pytrace=False,
        )

    def _stop(self, node: Node) -> None:
        self._stop_all([node])

    def _stop_all(self, nodes: list[Node]) -> None:
        """SIGTERM them all at once, then wait; a node that does not stop is killed."""
        running = [n for n in nodes if n.proc.poll() is None]
        for node in running:
            node.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for node in running:
            try:
                node.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                node.proc.kill()
                node.proc.wait(timeout=5)
                self.hung.append(node)

    def stop(self, group: Group) -> None:
        self._stop_all(group.nodes)

    def close(self) -> None:
        """Stop every node, then delete the groups' Redis keys."""
        self._stop_all([n for g in self.groups for n in g.nodes])
        prefixes = [g.prefix for g in self.groups]

        async def cleanup() -> None:
            redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
            try:
                for prefix in prefixes:
                    await delete_prefix(redis, prefix)
            finally:
                await redis.aclose()

        if prefixes:
            run_sync(cleanup)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerFactory]:
    factory = ServerFactory(tmp_path_factory.mktemp("e2e"))
    try:
        yield factory
    finally:
        factory.close()
    if factory.hung:
        logs = "\n".join(f"--- {n.url}\n{n.log_tail(2000)}" for n in factory.hung)
        pytest.fail(f"servers still running {STOP_TIMEOUT_S}s after SIGTERM:\n{logs}")


@pytest.fixture(scope="session")
def server(servers: ServerFactory) -> Group:
    """One node shared by the tests that need nothing special."""
    return servers.start(1)


@pytest.fixture(scope="session")
def cluster(servers: ServerFactory) -> Group:
    """Two nodes sharing Redis and the database."""
    return servers.start(2)


@pytest.fixture(autouse=True)
def _servers_alive(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test whose server died during it, showing the server's log."""
    yield
    for name in ("server", "cluster", "pg_server"):
        if name in request.fixturenames:
            group: Group = request.getfixturevalue(name)
            for node in group.nodes:
                if node.proc.poll() is not None:
                    pytest.fail(
                        f"{name} node {node.url} died ({node.proc.returncode}):\n{node.log_tail()}",
                        pytrace=False,
                    )


# ---------------------------------------------------------------------- PostgreSQL


async def _pg_execute(statements: list[str], timeout_s: float = 10.0) -> None:
    from sqlalchemy import text

    from server.db.engine import make_engine

    engine = make_engine(PG_URL, null_pool=True)
    try:
        async with asyncio.timeout(timeout_s), engine.begin() as conn:
            for sql in statements:
                await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A PostgreSQL URL whose tables land in a throwaway schema, dropped at the end.

    ``huddle serve`` has no schema setting (``server.db`` takes ``schema=`` but the server
    never passes it), so the server logs in as a fresh role that owns a schema of its own
    name: PostgreSQL's default ``search_path`` (``"$user", public``) puts every table there.
    """
    from sqlalchemy.engine import make_url

    name = f"huddle_e2e_{secrets.token_hex(5)}"
    password = secrets.token_hex(16)
    try:
        run_sync(lambda: _pg_execute(["SELECT 1"]))
    except Exception as err:
        pytest.skip(f"PostgreSQL unreachable at {PG_URL} (set TEST_DATABASE_URL): {err!r}")
    try:
        run_sync(
            lambda: _pg_execute(
                [
                    f"CREATE ROLE {name} LOGIN PASSWORD '{password}'",
                    f"CREATE SCHEMA {name} AUTHORIZATION {name}",
                ]
            )
        )
    except Exception as err:
        pytest.skip(
            f"cannot create a throwaway role and schema at {PG_URL} (the user needs "
            f"CREATEROLE): {err!r}"
        )
    url = make_url(PG_URL).set(username=name, password=password)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        run_sync(lambda: _pg_execute([f"DROP SCHEMA {name} CASCADE", f"DROP ROLE {name}"]))


@pytest.fixture(scope="session")
def pg_server(servers: ServerFactory, pg_database_url: str) -> Iterator[Group]:
    group = servers.start(1, database_url=pg_database_url)
    try:
        yield group
    finally:
        servers.stop(group)  # before its schema and role are dropped
