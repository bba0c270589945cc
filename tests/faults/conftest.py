"""Fault-injection fixtures: real ``huddle serve`` nodes that a test kills, freezes and restarts,
and, when a test needs to stop Redis itself, a ``redis-server`` of its own.

Each test gets its own cluster (a fresh Redis key prefix, its own SQLite file), so killing
nodes never disturbs another test. At the end of the test every process it started is
stopped and its keys (its prefix only) are deleted; an own Redis is shut down and its
directory removed with the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix
from tests.e2e.conftest import SECRET, Node, ServerFactory, free_port, run_sync

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@dataclass
class Cluster:
    """Nodes sharing one Redis (URL and prefix) and one database: one Huddle deployment."""

    prefix: str
    redis_url: str
    database_url: str
    env: dict[str, str]
    nodes: list[Node] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [n.url for n in self.nodes]


class OwnRedis:
    """A ``redis-server`` this test starts and stops itself, with AOF (fsync every write)."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/11"

    def start(self, timeout_s: float = 10.0) -> None:
        assert self.proc is None or self.proc.poll() is not None, "redis-server already running"
        self.starts += 1
        log = (self.dir / f"redis-{self.starts}.log").open("wb")
        self.proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"redis-server exited:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"redis-server not answering after {timeout_s}s:\n{self.log_tail()}")

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def log_tail(self, chars: int = 3000) -> str:
        path = self.dir / f"redis-{self.starts}.log"
        try:
            return path.read_text(errors="replace")[-chars:]
        except OSError:
            return "<no log>"


class FaultServers(ServerFactory):
    """Clusters whose nodes a test may kill, freeze and replace; see the module docstring."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.clusters: list[Cluster] = []
        self.redises: list[OwnRedis] = []
        self._spawned = 0

    def cluster(
        self, nodes: int = 2, *, redis_url: str = TEST_REDIS_URL, env: dict[str, str] | None = None
    ) -> Cluster:
        prefix = new_prefix()
        database_url = f"sqlite+aiosqlite:///{self.workdir / (prefix + '.db')}"
        base_env = {
            **os.environ,
            "REDIS_URL": redis_url,
            "HUDDLE_REDIS_PREFIX": prefix,
            "DATABASE_URL": database_url,
            "HUDDLE_SECRET": SECRET,
            "HUDDLE_TICK_MS": "100",  # the default, so timers behave as in production
            "HUDDLE_OUTBOX_POLL_MS": "50",
            "LOG_LEVEL": "info",
            "HUDDLE_LOG_FORMAT": "text",
            "HUDDLE_JOIN_RATE_PER_MIN": "0",
            "HUDDLE_EVENT_RATE_PER_S": "0",
            "HUDDLE_ADDRESS_RATE_PER_S": "0",
            "HUDDLE_MAX_SCREENS_PER_IP": "0",
            "HUDDLE_WATCH_FAILURES_PER_MIN": "0",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        base_env.pop("PUBLIC_URL", None)
        c = Cluster(prefix=prefix, redis_url=redis_url, database_url=database_url, env=base_env)
        self.clusters.append(c)
        # The first node migrates the database alone; the others find it up to date.
        self.add_nodes(c, 1)
        if nodes > 1:
            self.add_nodes(c, nodes - 1)
        return c

    def add_nodes(self, c: Cluster, count: int) -> list[Node]:
        """Start `count` more nodes on the cluster's Redis prefix and database, in parallel."""
        new = []
        for _ in range(count):
            self._spawned += 1
            new.append(self._spawn(c.prefix, self._spawned, c.env))
        c.nodes.extend(new)
        for node in new:
            self._wait_healthy(node)
        return new

    def kill(self, node: Node, sig: int = signal.SIGKILL, timeout_s: float = 10.0) -> int:
        """Send `sig` and wait for the process to end; returns its exit code."""
        node.proc.send_signal(sig)
        try:
            return node.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            node.proc.kill()
            node.proc.wait(timeout=5)
            raise AssertionError(
                f"{node.url} still running {timeout_s}s after signal {sig}:\n{node.log_tail()}"
            ) from None

    def own_redis(self) -> OwnRedis:
        if not os.path.exists(REDIS_SERVER):
            pytest.skip(f"no redis-server at {REDIS_SERVER}")
        r = OwnRedis(self.workdir / f"redis-{len(self.redises)}")
        self.redises.append(r)
        r.start()
        return r

    def close(self) -> None:
        nodes = [n for c in self.clusters for n in c.nodes]
        for n in nodes:  # a node a test froze must be thawed to hear SIGTERM
            if n.proc.poll() is None:
                n.proc.send_signal(signal.SIGCONT)
        self._stop_all(nodes)
        for r in self.redises:
            r.stop()
        shared = [c.prefix for c in self.clusters if c.redis_url == TEST_REDIS_URL]

        async def cleanup() -> None:
            redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
            try:
                for prefix in shared:
                    await delete_prefix(redis, prefix)
            finally:
                await redis.aclose()

        if shared:
            run_sync(cleanup)

    def logs(self) -> str:
        parts = []
        for c in self.clusters:
            for n in c.nodes:
                parts.append(f"--- node {n.url} (exit {n.proc.poll()})\n{n.log_tail(4000)}")
        for r in self.redises:
            parts.append(f"--- redis-server :{r.port}\n{r.log_tail(1500)}")
        return "\n".join(parts)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def faults(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FaultServers]:
    factory = FaultServers(tmp_path_factory.mktemp("faults"))
    try:
        yield factory
    finally:
        if request.node.stash.get(_FAILED, False):
            print(f"\n===== server logs of {request.node.name} =====\n{factory.logs()}")
        factory.close()
    if factory.hung:
        logs = "\n".join(f"--- {n.url}\n{n.log_tail(2000)}" for n in factory.hung)
        pytest.fail(f"servers still running after SIGTERM:\n{logs}")


def wait_ready(url: str, timeout_s: float = 15.0) -> float:
    """Poll ``/readyz`` until it answers 200; returns the seconds it took."""
    started = time.monotonic()
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2.0).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"{url}/readyz not 200 after {timeout_s}s")
        time.sleep(0.05)
