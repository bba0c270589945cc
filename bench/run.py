"""``make bench``: play real games against Huddle and the baseline, and report both.

    python -m bench.run --quick              # 500 and 2,000 players, one node; 2,000 on two
    python -m bench.run --full               # 500, 2,000, 5,000, 10,000 players, one and two nodes
    python -m bench.run --n 5000 --nodes 1   # one configuration (repeat --n / --nodes for more)
    python -m bench.run --n 5000 --profile   # also sample Huddle with py-spy

For each configuration it starts fresh server processes (baseline first, then Huddle),
pinned to core 0, drives them from this process pinned to core 1, stops them, and writes
``bench/results/latest.{json,md}`` (and a timestamped copy) and the README's table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench import gcprobe, procs, report, servers
from bench.loadgen import LoadGen, Scenario, Target
from bench.profile import Recorder, pyspy_available, summarize
from bench.sio import available_transports, default_transport

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
QUICK = [(500, 1), (2000, 1), (2000, 2)]
FULL = [(n, nodes) for n in (500, 2000, 5000, 10000) for nodes in (1, 2)]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _commit(rev: str | None = None) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", rev or "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "server", "games"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        )
        if rev:
            return f"{out.stdout.strip()} ({rev}, exported; working tree not used)"
        return out.stdout.strip() + (" + uncommitted server changes" if dirty.stdout else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


class PhaseProfiler:
    """py-spy recordings of Huddle's first node, one file per phase of the run."""

    def __init__(self, pid: int, label: str) -> None:
        self.pid = pid
        self.label = label
        self.current: Recorder | None = None
        self.files: list[Path] = []

    def __call__(self, phase: str) -> None:
        if self.current is not None:
            path = self.current.stop()
            if path is not None:
                self.files.append(path)
            self.current = None
        if phase in ("join", "play", "answers", "play-rest"):
            out = RESULTS / "profiles" / f"{self.label}-{phase}.txt"
            self.current = Recorder(self.pid, out)


async def wait_quiet(max_wait_s: float, busy_cores: float = 0.3) -> float:
    """Wait (at most ``max_wait_s``) until other processes use under ``busy_cores`` cores for
    two seconds in a row; returns the seconds waited. The machine is shared."""
    t0 = time.monotonic()
    quiet = 0
    last = procs.machine_sample()
    while time.monotonic() - t0 < max_wait_s:
        await asyncio.sleep(1.0)
        now = procs.machine_sample()
        busy = sum(procs.core_busy(last, now))
        last = now
        quiet = quiet + 1 if busy < busy_cores else 0
        if quiet >= 2:
            break
    return round(time.monotonic() - t0, 1)


async def measured_run(
    play: Callable[[], Awaitable[dict[str, Any]]],
    cluster: servers.Cluster,
    profiler: PhaseProfiler | None,
    record: dict[str, Any],
    label: str,
) -> None:
    """Run one generator's `play` into `record` with what every bench run keeps beside its
    figures: the error, its traceback and the server's log when it failed, the profiles and
    their summaries, and the Redis server's CPU seconds."""
    redis0 = servers.redis_cpu_seconds()
    try:
        record.update(await play())
    except Exception as err:
        record["error"] = f"{type(err).__name__}: {err}"
        record["traceback"] = traceback.format_exc()
        record["server_log"] = cluster.log_tail()
        log(f"  {label} run failed: {record['error']}")
    finally:
        if profiler is not None:
            profiler("done")
            record["profiles"] = [
                str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)
                for p in profiler.files
            ]
            for p in profiler.files:
                p.with_suffix(".summary.txt").write_text(summarize(p))
        record["redis_cpu_s"] = round(servers.redis_cpu_seconds() - redis0, 2)


async def run_target(
    kind: str,
    players: int,
    nodes: int,
    scenario: Scenario,
    profile: bool,
    source: Path | None,
    keep_logs: Path | None = None,
) -> dict[str, Any]:
    if kind == "huddle":
        cluster = await asyncio.to_thread(servers.start_huddle, nodes, None, source)
    else:
        cluster = await asyncio.to_thread(servers.start_baseline, nodes)
    target = Target(
        name=kind,
        urls=cluster.urls,
        pids=cluster.pids,
        per_node_results=(kind == "baseline" and nodes > 1),
    )
    gen = LoadGen(target, scenario, log)
    profiler = None
    if profile:
        profiler = PhaseProfiler(cluster.pids[0], f"{kind}-{players}-{nodes}node")
        gen.phase_hook = profiler
    record: dict[str, Any] = {
        "target": kind,
        "players": players,
        "nodes": nodes,
        "server_libs": procs.loaded_libraries(cluster.pids[0]),
        "server_affinity": procs.affinity(cluster.pids[0]),
        "loadavg_before": round(procs.loadavg(), 2),
    }
    try:
        await measured_run(gen.run, cluster, profiler, record, kind)
    finally:
        pauses = cluster.gc_pauses()
        if "epoch_play_start" in record:
            record["gc_join"] = gcprobe.summarize(
                pauses, record["epoch_join_start"], record["epoch_play_start"]
            )
            record["gc_play"] = gcprobe.summarize(
                pauses, record["epoch_play_start"], record.get("epoch_play_end", float("inf"))
            )
            record["gc_pauses_50ms"] = [
                {
                    "s_after_play_start": round(p.at - record["epoch_play_start"], 2),
                    "generation": p.generation,
                    "ms": p.ms,
                    "collected": p.collected,
                }
                for p in pauses
                if p.ms >= 50 and p.at >= record["epoch_join_start"]
            ][:50]
        if "machine_busy_s" in record:  # what else ran on the machine meanwhile
            record["other_cpu_s"] = round(
                record["machine_busy_s"]
                - record["server_cpu_s"]
                - record["generator_cpu_s"]
                - record["redis_cpu_s"],
                2,
            )
        record["loadavg_after"] = round(procs.loadavg(), 2)
        if keep_logs is not None:
            cluster.keep_logs(keep_logs, f"{players}-{nodes}node")
        await asyncio.to_thread(cluster.stop)
        await gen.close()
        gc.collect()
    return record


BUSY_CORES = 0.35  # other processes' average load above which a run counts as disturbed


def _busy(rec: dict[str, Any]) -> float:
    """How many cores other processes used, on average, during the run (inf: it failed)."""
    if "error" in rec or not rec.get("wall_s"):
        return float("inf")
    return max(0.0, float(rec.get("other_cpu_s", 0.0))) / float(rec["wall_s"])


def _brief(rec: dict[str, Any]) -> str:
    if "error" in rec:
        return f"FAILED {rec['error'][:120]}"
    return (
        f"join {rec['join']['join_s']}s, fan-out p50/p99 {rec['fanout_ms']['p50']}/"
        f"{rec['fanout_ms']['p99']} ms, ack p50/p99 {rec['ack_ms']['p50']}/{rec['ack_ms']['p99']}"
        f" ms, acked {rec['answers_acked']} counted {rec['results_answered']}, "
        f"server CPU {rec['server_cpu_s']}s, generator max {rec['generator_cpu_pct_max']}%, "
        f"other processes {rec.get('other_cpu_s')}s CPU in {rec['wall_s']}s"
        + ("" if rec["accounting_ok"] else f" ACCOUNTING NOT OK {rec['errors']}")
    )


def _stop_on_signals() -> None:
    """SIGINT/SIGTERM cancel the run, so that the servers it started are stopped."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if task is not None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, task.cancel)


async def run_all(
    configs: list[tuple[int, int]],
    scenario_for: Callable[[int], Scenario],
    targets: list[str],
    profile: bool,
    source: Path | None,
    wait_s: float,
    keep_logs: Path | None,
    retries: int,
    repeat_for: Callable[[int, int], int] = lambda players, nodes: 1,
) -> list[dict[str, Any]]:
    _stop_on_signals()
    results: list[dict[str, Any]] = []
    for players, nodes in configs:
        log(f"{players} players, {nodes} node(s)")
        repeat = repeat_for(players, nodes)
        config: dict[str, Any] = {"players": players, "nodes": nodes, "repeat": repeat}
        runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in targets}
        # Repeats alternate the targets (baseline, Huddle, baseline, ...), so that a slow
        # minute on this shared machine falls on both alike.
        for rep in range(repeat):
            if repeat > 1:
                log(f"  repeat {rep + 1} of {repeat}")
            for kind in targets:
                best: dict[str, Any] | None = None
                for attempt in range(1 + retries):
                    if wait_s:
                        waited = await wait_quiet(wait_s)
                        if waited > 2.5:
                            log(f"  waited {waited}s for the machine to be quiet")
                    rec = await run_target(
                        kind, players, nodes, scenario_for(players), profile, source, keep_logs
                    )
                    rec["attempt"] = attempt + 1
                    log(f"  {kind}: {_brief(rec)}")
                    if best is None or _busy(rec) < _busy(best):
                        best = rec
                    await asyncio.sleep(1.0)
                    if _busy(rec) <= BUSY_CORES:
                        break
                    if attempt < retries:
                        log(f"  other processes used {_busy(rec):.2f} cores meanwhile: again")
                assert best is not None
                runs[kind].append(best)
        for kind in targets:
            config[kind] = median_run(runs[kind])
            if repeat > 1:
                config[f"{kind}_repeats"] = [repeat_figures(r) for r in runs[kind]]
        report.add_ratios(config)
        results.append(config)
    return results


def _ack_p99(rec: dict[str, Any]) -> float:
    ack = rec.get("ack_ms")
    return float(ack["p99"]) if isinstance(ack, dict) else math.inf


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Of a target's repeats, the run whose answer-ack p99 is the median (the lower middle
    of an even count); a failed run counts as the slowest."""
    ordered = sorted(runs, key=_ack_p99)
    return ordered[(len(ordered) - 1) // 2]


def repeat_figures(rec: dict[str, Any]) -> dict[str, Any]:
    """The figures of one repeat kept beside the median run, to show the spread."""
    out: dict[str, Any] = {"attempt": rec.get("attempt")}
    for name in ("fanout_ms", "ack_ms", "result_ms"):
        if isinstance(rec.get(name), dict):
            out[name] = {k: rec[name][k] for k in ("p50", "p99")}
    for name in ("server_cpu_s_per_1000_answers", "other_cpu_s", "error"):
        if name in rec:
            out[name] = rec[name]
    return out


class BenchEnv:
    """What every bench run sets up around its servers: the code they run (a snapshot of the
    tree, a git revision or a given directory), the generator pinned to its core, and Redis
    (the bench's own, or ``--redis-url``). ``close`` undoes it."""

    def __init__(self) -> None:
        self.commit = "?"
        self.source: Path | None = None
        self.pinned = False
        self.redis_meta: dict[str, Any] = {}
        self._tmp_src: tempfile.TemporaryDirectory[str] | None = None
        self._own_redis: servers.BenchRedis | None = None

    @classmethod
    def open(
        cls,
        redis_url: str | None,
        server_rev: str | None = None,
        server_src: Path | None = None,
        live_tree: bool = False,
    ) -> BenchEnv:
        env = cls()
        env.commit = _commit(server_rev)
        if server_src:
            env.source = server_src.resolve()
            env.commit = f"server from {env.source}"
        elif server_rev:
            env._tmp_src = tempfile.TemporaryDirectory(prefix="hbench-src-")
            # the short hash, so HEAD moving meanwhile is harmless
            resolved = env.commit.split(" ", 1)[0]
            env.source = servers.export_revision(resolved, Path(env._tmp_src.name))
        elif not live_tree:
            env._tmp_src = tempfile.TemporaryDirectory(prefix="hbench-src-")
            env.source = servers.snapshot_tree(Path(env._tmp_src.name))
        procs.raise_nofile()
        env.pinned = servers.pin_generator()
        if redis_url:
            servers.use_redis(redis_url)
            env.redis_meta = {"own": False, "url": redis_url}
        else:
            env._own_redis = servers.BenchRedis.start()
            servers.use_redis(env._own_redis.url)
            env.redis_meta = {
                "own": True,
                "core": servers.GENERATOR_CORE if env._own_redis.pinned else None,
                "aof": "appendonly yes, appendfsync everysec",
            }
        return env

    def close(self) -> None:
        if self._tmp_src is not None:
            self._tmp_src.cleanup()
        if self._own_redis is not None:
            self._own_redis.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="500 and 2,000 players (make bench)")
    mode.add_argument("--full", action="store_true", help="every size, one and two nodes")
    parser.add_argument("--n", type=int, action="append", help="players (repeatable)")
    parser.add_argument("--nodes", type=int, action="append", help="1 or 2 (repeatable)")
    parser.add_argument("--targets", default="baseline,huddle", help="which servers to run")
    parser.add_argument(
        "--questions", type=int, default=None, help="questions per game (quick 3, else 5)"
    )
    parser.add_argument("--window", type=float, default=3.0, help="answer window (s)")
    parser.add_argument("--think", type=float, default=0.5, help="earliest answer (s)")
    parser.add_argument("--concurrency", type=int, default=150, help="connects at once")
    parser.add_argument("--transport", choices=available_transports(), default=None)
    parser.add_argument(
        "--profile", action="store_true", help="py-spy the first node of each target"
    )
    parser.add_argument(
        "--server-rev",
        help="benchmark server/ and games/ of this git revision (e.g. HEAD) instead of the "
        "working tree",
    )
    parser.add_argument(
        "--server-src",
        type=Path,
        help="benchmark the server/ and games/ in this directory (e.g. a patched copy)",
    )
    parser.add_argument(
        "--live-tree",
        action="store_true",
        help="run server/ from the working tree itself, not from a copy taken at the start",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=30.0,
        metavar="S",
        help="before each run wait up to S s for other processes to go quiet (0: don't)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=0,
        help="run a target again (up to this many times) when other processes used more "
        f"than {BUSY_CORES} cores meanwhile; the quietest run is kept",
    )
    parser.add_argument("--keep-logs", type=Path, help="copy server and GC logs here")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="play each configuration this many times, alternating the targets; each "
        "target's median run (by answer-ack p99) is reported, the others listed beside it "
        "(default 1; with --full, 3 for the target configuration, 5,000 players on one node)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL"),
        help="use this Redis (database 12 by default) instead of starting the bench's own "
        "redis-server on the generator's core (env BENCH_REDIS_URL)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args(argv)

    if args.n:
        configs = [(n, k) for n in args.n for k in (args.nodes or [1])]
    elif args.full:
        configs = FULL
    else:
        configs = QUICK
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    questions = args.questions or (3 if configs == QUICK else 5)
    transport = args.transport or default_transport()
    if args.profile and not pyspy_available():
        print("py-spy is not installed: pip install py-spy", file=sys.stderr)
        return 2

    env = BenchEnv.open(args.redis_url, args.server_rev, args.server_src, args.live_tree)
    commit, source, pinned, redis_meta = env.commit, env.source, env.pinned, env.redis_meta
    gc.set_threshold(50_000, 20, 100)  # the generator too: no long pauses mid-measurement

    def repeat_for(players: int, nodes: int) -> int:
        if args.repeat is not None:
            return max(1, args.repeat)
        return 3 if configs == FULL and (players, nodes) == (5000, 1) else 1

    def scenario_for(players: int) -> Scenario:
        return Scenario(
            players=players,
            questions=questions,
            window_s=args.window,
            think_s=args.think,
            connect_concurrency=args.concurrency,
            transport=transport,
        )

    started = dt.datetime.now(dt.UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    log(f"bench: {configs}, targets {targets}, transport {transport}, generator pinned: {pinned}")
    try:
        import uvloop

        runner: Any = uvloop.run
    except ImportError:  # pragma: no cover
        runner = asyncio.run
    try:
        configs_out = runner(
            run_all(
                configs,
                scenario_for,
                targets,
                args.profile,
                source,
                args.wait_quiet,
                args.keep_logs,
                args.retries,
                repeat_for,
            )
        )
    finally:
        env.close()

    libs: dict[str, bool] = {}
    for c in configs_out:
        h = c.get("huddle")
        if isinstance(h, dict) and h.get("server_libs"):
            libs = h["server_libs"]
            break
    data = {
        "meta": {
            "started": started.strftime("%Y-%m-%d %H:%M UTC"),
            "commit": commit,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "server_core": servers.SERVER_CORE,
            "generator_core": servers.GENERATOR_CORE,
            "pinned": pinned,
            "transport": transport,
            "questions": questions,
            "window_s": args.window,
            "think_s": args.think,
            "right_ratio": 0.6,
            "connect_concurrency": args.concurrency,
            "server_libs": libs,
            "redis": redis_meta,
        },
        "configs": configs_out,
    }
    data["targets"] = report.targets(configs_out)
    paths = report.write(args.out, data, stamp)
    if not args.no_readme:
        report.update_readme(ROOT / "README.md", data)
    print()
    print(report.summary_table(configs_out))
    for t in data["targets"]:
        print(f"- {t['target']}: {t['value']} -> {'met' if t['met'] else 'NOT met'}")
    log(f"wrote {', '.join(str(p) for p in paths if 'latest' in p.name)}")
    failed = any("error" in (c.get(k) or {}) for c in configs_out for k in targets)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
