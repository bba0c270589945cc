"""Starting and stopping the servers under test: Huddle nodes and baseline nodes.

Servers run pinned to core 0 with ``taskset`` (the generator pins itself to core 1), with
their open-file limit raised to the hard limit, logging to files in a temporary directory.
Redis is the bench's own ``redis-server`` (``BenchRedis``: AOF on, as production runs it),
pinned to the generator's core so that it does not take the measured server's core; or, with
``--redis-url``, an existing one. Each Huddle run gets its own Redis key prefix in the bench's
database (12) and its own SQLite file; afterwards only keys with that prefix are deleted
(SCAN + DEL).
"""

from __future__ import annotations

import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import gcprobe, procs

ROOT = Path(__file__).resolve().parents[1]
# Where the servers find Redis: set by ``use_redis`` (the bench's own, or ``--redis-url``).
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SERVER_CORE = "0"
GENERATOR_CORE = 1


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raise_limits() -> None:  # runs in the child before exec
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def pin_generator() -> bool:
    """Pin this process (the generator) to its own core; False when not possible."""
    if not procs.taskset_available():
        return False
    try:
        os.sched_setaffinity(0, {GENERATOR_CORE})
        return True
    except OSError:
        return False


def use_redis(url: str) -> None:
    """Point every later server start and Redis reading at ``url``."""
    global REDIS_URL
    REDIS_URL = url


@dataclass
class BenchRedis:
    """A ``redis-server`` of the bench's own on a free port, configured as
    docs/operations.md recommends (``appendonly yes``, ``appendfsync everysec``) and pinned to
    the generator's core, so the measured server has its core to itself as it would next to a
    Redis on its own host. Stopped (and its files removed) by ``stop``."""

    url: str
    proc: subprocess.Popen[bytes]
    tmp: tempfile.TemporaryDirectory[str]
    pinned: bool

    @classmethod
    def start(cls) -> BenchRedis:
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server is not installed (or pass --redis-url)")
        tmp = tempfile.TemporaryDirectory(prefix="hbench-redis-")
        port = free_port()
        cmd = [
            exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "yes", "--appendfsync", "everysec", "--dir", tmp.name,
            "--logfile", str(Path(tmp.name) / "redis.log"), "--daemonize", "no",
        ]  # fmt: skip
        pinned = procs.taskset_available()
        if pinned:
            cmd = ["taskset", "-c", str(GENERATOR_CORE), *cmd]
        url = f"redis://127.0.0.1:{port}/12"
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                tmp.cleanup()
                raise RuntimeError(f"the bench's redis-server did not start ({cmd})")
            time.sleep(0.05)
        return cls(url=url, proc=proc, tmp=tmp, pinned=pinned)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.tmp.cleanup()


@dataclass
class Cluster:
    """One or more server processes of one kind."""

    kind: str
    urls: list[str] = field(default_factory=list)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    tmp: tempfile.TemporaryDirectory[str] | None = None
    prefix: str = ""
    pinned: bool = False
    cwd: Path = ROOT
    redis_url: str = field(default_factory=lambda: REDIS_URL)
    gc_logs: list[Path] = field(default_factory=list)
    database_url: str = ""  # Huddle's SQL database (a SQLite file in ``tmp``)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def log_tail(self, chars: int = 3000) -> str:
        out = []
        for path in self.logs:
            try:
                out.append(f"--- {path.name}\n" + path.read_text(errors="replace")[-chars:])
            except OSError:
                continue
        return "\n".join(out)

    def start_process(self, cmd: list[str], env: dict[str, str], name: str) -> str:
        assert self.tmp is not None
        port = free_port()
        cmd = [*cmd, "--host", "127.0.0.1", "--port", str(port)]
        if procs.taskset_available():
            cmd = ["taskset", "-c", SERVER_CORE, *cmd]
            self.pinned = True
        log = Path(self.tmp.name) / f"{name}.log"
        gc_log = Path(self.tmp.name) / f"{name}.gc"
        probe = gcprobe.write_probe(Path(self.tmp.name) / "probe")
        env = gcprobe.with_probe(env, probe, gc_log)
        self.gc_logs.append(gc_log)
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=self.cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_raise_limits,
            )
        self.procs.append(proc)
        self.logs.append(log)
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, proc, log)
        self.urls.append(url)
        return url

    def gc_pauses(self) -> list[gcprobe.Pause]:
        return [p for log in self.gc_logs for p in gcprobe.read_pauses(log)]

    def keep_logs(self, dest: Path, label: str) -> None:
        """Copy the servers' logs and GC logs to ``dest`` (before ``stop`` removes them)."""
        dest.mkdir(parents=True, exist_ok=True)
        for path in [*self.logs, *self.gc_logs]:
            if path.exists():
                shutil.copy(path, dest / f"{label}-{path.name}")

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 8
        for p in self.procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        if self.prefix:
            delete_prefix(self.prefix, self.redis_url)
        if self.tmp is not None:
            self.tmp.cleanup()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server at {url} not healthy in {timeout}s")


def export_revision(rev: str, dest: Path) -> Path:
    """Copy ``server/`` and ``games/`` of a git revision into ``dest`` (read-only for git)."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "server", "games"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def snapshot_tree(dest: Path) -> Path:
    """Copy the working tree's ``server/`` and ``games/`` into ``dest``, so that a run uses
    one version of the code even while someone edits it."""
    for name in ("server", "games"):
        shutil.copytree(
            ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    return dest


def start_huddle(nodes: int, redis_url: str | None = None, source: Path | None = None) -> Cluster:
    redis_url = redis_url or REDIS_URL
    tmp = tempfile.TemporaryDirectory(prefix="hbench-")
    prefix = f"hbench{secrets.token_hex(5)}"
    cluster = Cluster("huddle", tmp=tmp, prefix=prefix, cwd=source or ROOT, redis_url=redis_url)
    cluster.database_url = f"sqlite+aiosqlite:///{tmp.name}/bench.db"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": cluster.database_url,
        "HUDDLE_SECRET": secrets.token_urlsafe(32),
        "HUDDLE_REDIS_PREFIX": prefix,
        "LOG_LEVEL": "warning",
        # Every simulated player comes from 127.0.0.1: lift the per-address abuse limits
        # (0 = no limit; the checks still run). Older trees ignore these.
        "HUDDLE_JOIN_RATE_PER_MIN": "0",
        "HUDDLE_EVENT_RATE_PER_S": "0",
        "HUDDLE_MAX_CONN_PER_IP": "0",
        "HUDDLE_ADDRESS_RATE_PER_S": "0",
        "HUDDLE_MAX_SCREENS_PER_IP": "0",
        "HUDDLE_WATCH_FAILURES_PER_MIN": "0",
        "HUDDLE_GAME_RATE_PER_MIN": "0",
        "HUDDLE_MAX_RUNNING_GAMES": "0",
    }
    exe = str(Path(sys.executable).parent / "huddle")
    cmd = [exe, "serve"] if os.path.exists(exe) else [sys.executable, "-m", "server", "serve"]
    if source is not None:  # another tree's server/ and games/ (PYTHONPATH wins over -e)
        env["PYTHONPATH"] = str(source)
        cmd = [sys.executable, "-m", "server", "serve"]
    try:
        for i in range(nodes):  # one after the other: each runs the SQL migrations first
            cluster.start_process(cmd, env, f"huddle-{i}")
    except BaseException:
        cluster.stop()
        raise
    return cluster


def start_baseline(nodes: int, redis_url: str | None = None) -> Cluster:
    redis_url = redis_url or REDIS_URL
    tmp = tempfile.TemporaryDirectory(prefix="hbench-base-")
    channel = f"hbench{secrets.token_hex(5)}:base"
    cluster = Cluster("baseline", tmp=tmp)
    cmd = [sys.executable, "-m", "bench.baseline"]
    if nodes > 1:
        cmd += ["--redis-url", redis_url, "--channel", channel]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        for i in range(nodes):
            cluster.start_process(cmd, env, f"baseline-{i}")
    except BaseException:
        cluster.stop()
        raise
    return cluster


def delete_prefix(prefix: str, redis_url: str | None = None) -> int:
    """Delete the keys under ``prefix:`` (and nothing else); returns how many."""
    from redis import Redis

    redis_url = redis_url or REDIS_URL
    if not prefix or "*" in prefix:
        raise ValueError("refusing to delete without a plain prefix")
    client = Redis.from_url(redis_url)
    deleted = 0
    try:
        batch: list[bytes] = []
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            batch.append(key)
            if len(batch) >= 500:
                deleted += int(client.delete(*batch))
                batch = []
        if batch:
            deleted += int(client.delete(*batch))
    finally:
        client.close()
    return deleted


def redis_cpu_seconds(redis_url: str | None = None) -> float:
    """Redis's own CPU time so far (its INFO), or NaN when unreachable."""
    from redis import Redis

    redis_url = redis_url or REDIS_URL
    client = Redis.from_url(redis_url)
    try:
        info = client.info("cpu")
        return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])
    except Exception:
        return float("nan")
    finally:
        client.close()
