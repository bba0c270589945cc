"""Self-paced play at scale, measured beside a live game at the same answer rate.

    python -m bench.selfpaced_bench                       # 10,000 players, 2 questions (make bench)
    python -m bench.selfpaced_bench --n 2000 --out /tmp/selfpaced.json

One Huddle node (pinned to core 0, the generator on core 1, the bench's own Redis) gets a
challenge; N players join it and each plays its run at its own pace (bench/selfpaced.py),
every twentieth question left to its server-side deadline; by default each player thinks
20-100 s over a question of 120 s and the crowd aims at 80 answers a second. Then a fresh node
plays a live game with the same N players whose answers arrive at the rate the self-paced
crowd reached (bench/loadgen.py, the answer window stretched to match). Writes
``bench/results/selfpaced.json``; the exit status is 1 when a correctness check failed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import math
import os
import platform
import sys
from pathlib import Path
from typing import Any

from bench import procs, servers
from bench.loadgen import Scenario, Target
from bench.profile import pyspy_available
from bench.run import (
    RESULTS,
    BenchEnv,
    PhaseProfiler,
    _stop_on_signals,
    log,
    measured_run,
    run_target,
    wait_quiet,
)
from bench.selfpaced import Pace, SelfPacedGen
from bench.sio import available_transports, default_transport

LIVE_THINK_S = 0.5
LIVE_MAX_WINDOW_S = 200.0


async def run_selfpaced(pace: Pace, source: Path | None, profile: bool = False) -> dict[str, Any]:
    """One self-paced run on a fresh one-node cluster; its record (``error`` if it failed)."""
    cluster = await asyncio.to_thread(servers.start_huddle, 1, None, source)
    target = Target(
        name="huddle",
        urls=cluster.urls,
        pids=cluster.pids,
        database_url=cluster.database_url,
        redis_url=cluster.redis_url,
        redis_prefix=cluster.prefix,
    )
    gen = SelfPacedGen(target, pace, log)
    profiler = None
    if profile:
        profiler = PhaseProfiler(cluster.pids[0], f"selfpaced-{pace.players}")
        gen.phase_hook = profiler
    record: dict[str, Any] = {"loadavg_before": round(procs.loadavg(), 2)}
    try:
        await measured_run(gen.run, cluster, profiler, record, "self-paced")
    finally:
        if "machine_busy_s" in record:
            record["other_cpu_s"] = round(
                record["machine_busy_s"]
                - record["server_cpu_s"]
                - record["generator_cpu_s"]
                - record["redis_cpu_s"],
                2,
            )
        if record.get("correct_ok") is False and "server_log" not in record:
            record["server_log"] = cluster.log_tail()
        record["loadavg_after"] = round(procs.loadavg(), 2)
        await asyncio.to_thread(cluster.stop)
        await gen.close()
        gc.collect()
    return record


def live_scenario(pace: Pace, rate: float) -> Scenario:
    """A live game of the same questions whose answers arrive at ``rate`` a second: each
    player answers uniformly within an answer window after LIVE_THINK_S. The window is
    ``players / rate`` s, at most LIVE_MAX_WINDOW_S (a question's time limit is at most
    240 s); at a rate too low for that, fewer players (``rate`` x the window)."""
    spread = min(pace.players / rate, LIVE_MAX_WINDOW_S)
    players = min(pace.players, max(1, round(rate * spread)))
    window = LIVE_THINK_S + spread
    limit_ms = max(20_000, min(240_000, int((window + 5) * 1000)))
    return Scenario(
        players=players,
        questions=pace.questions,
        window_s=round(window, 2),
        think_s=LIVE_THINK_S,
        connect_concurrency=pace.connect_concurrency,
        transport=pace.transport,
        time_limit_ms=limit_ms,
        phase_timeout_s=pace.phase_timeout_s,
    )


def compare(sp: dict[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of both, side by side."""

    def get(rec: dict[str, Any], *path: str) -> float:
        value: Any = rec
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return float(value) if isinstance(value, int | float) else math.nan

    live_answers = get(live, "answers_acked")
    live_play_cpu = sum(
        q.get("server_cpu_fanout_s", 0) + q.get("server_cpu_answers_s", 0)
        for q in live.get("per_question", [])
    ) + sum(q.get("server_cpu_reveal_s", 0) for q in live.get("per_question", []))
    live_rate = [
        q["answers_in_window"] / q["answer_wall_s"]
        for q in live.get("per_question", [])
        if q.get("answer_wall_s")
    ]
    out = {
        "joins_per_s": [get(sp, "join", "joins_per_s"), get(live, "join", "joins_per_s")],
        "answers_per_s": [
            get(sp, "play", "answers_per_s"),
            round(sorted(live_rate)[len(live_rate) // 2], 1) if live_rate else math.nan,
        ],
        "ack_p50_ms": [get(sp, "ack_ms", "p50"), get(live, "ack_ms_pooled", "p50")],
        "ack_p99_ms": [get(sp, "ack_ms", "p99"), get(live, "ack_ms_pooled", "p99")],
        # self-paced: all the play's CPU (run_next, answers, timers) per answer; live: the
        # answer windows' CPU per answer, and all the play's (fan-out, answers, reveals)
        "server_cpu_ms_per_answer": [
            get(sp, "play", "server_cpu_ms_per_answer"),
            round(get(live, "server_cpu_s_per_1000_answers"), 4),
        ],
        "server_cpu_ms_per_answer_all_play": [
            get(sp, "play", "server_cpu_ms_per_answer"),
            round(live_play_cpu * 1000 / live_answers, 4) if live_answers else math.nan,
        ],
    }
    return {"columns": ["self-paced", "live"], **out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.selfpaced_bench", description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="players (default 10,000)")
    parser.add_argument("--questions", type=int, default=2)
    parser.add_argument("--rate", type=float, default=80.0, help="answers/s aimed at")
    parser.add_argument(
        "--think",
        default="20,100",
        help="LO,HI: seconds from seeing a question to answering it (default 20,100: at "
        "80 answers/s about 4,800 players have a question, and its timer, open at once)",
    )
    parser.add_argument("--time-limit", type=float, default=120.0, help="per question (s)")
    parser.add_argument("--pass-every", type=int, default=20, help="every n-th question unanswered")
    parser.add_argument("--concurrency", type=int, default=150, help="connects at once")
    parser.add_argument("--transport", choices=available_transports(), default=None)
    parser.add_argument("--no-live", action="store_true", help="skip the live game")
    parser.add_argument(
        "--profile", action="store_true", help="py-spy the self-paced node (bench/results/profiles)"
    )
    parser.add_argument("--wait-quiet", type=float, default=30.0, metavar="S")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL"))
    parser.add_argument("--live-tree", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "selfpaced.json")
    args = parser.parse_args(argv)

    lo, hi = (float(x) for x in args.think.split(","))
    pace = Pace(
        players=args.n,
        think_s=(lo, hi),
        questions=args.questions,
        rate=args.rate,
        time_limit_ms=int(args.time_limit * 1000),
        pass_every=args.pass_every,
        connect_concurrency=args.concurrency,
        transport=args.transport or default_transport(),
    )
    if args.profile and not pyspy_available():
        print("py-spy is not installed: pip install py-spy", file=sys.stderr)
        return 2
    env = BenchEnv.open(args.redis_url, live_tree=args.live_tree)
    gc.set_threshold(50_000, 20, 100)  # as bench.run: no long pauses in the generator
    started = dt.datetime.now(dt.UTC)

    async def both() -> tuple[dict[str, Any], dict[str, Any] | None]:
        _stop_on_signals()  # SIGINT/SIGTERM stop the servers this run started
        waited = await wait_quiet(args.wait_quiet) if args.wait_quiet else 0.0
        log(f"self-paced: {pace.players} players (waited {waited}s for a quiet machine)")
        sp = await run_selfpaced(pace, env.source, args.profile)
        sp["waited_quiet_s"] = waited
        log(f"  self-paced: {_brief(sp)}")
        if args.no_live:
            return sp, None
        rate = float(sp.get("play", {}).get("answers_per_s") or math.nan)
        if not math.isfinite(rate) or rate <= 0:
            rate = pace.rate
        scenario = live_scenario(pace, rate)
        waited = await wait_quiet(args.wait_quiet) if args.wait_quiet else 0.0
        log(f"live: {scenario.players} players, answer window {scenario.window_s}s ({rate}/s)")
        live = await run_target("huddle", scenario.players, 1, scenario, False, env.source)
        live["waited_quiet_s"] = waited
        return sp, live

    try:
        runner: Any
        try:
            import uvloop

            runner = uvloop.run
        except ImportError:  # pragma: no cover
            runner = asyncio.run
        sp, live = runner(both())
    finally:
        env.close()
    data: dict[str, Any] = {
        "meta": {
            "started": started.strftime("%Y-%m-%d %H:%M UTC"),
            "commit": env.commit,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "pinned": env.pinned,
            "transport": pace.transport,
            "redis": env.redis_meta,
            "loadavg_at_start": sp.get("loadavg_before"),
        },
        "selfpaced": sp,
        "live": live,
    }
    if live is not None:
        data["comparison"] = compare(sp, live)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, default=str) + "\n")
    if live is not None:
        for key, (a, b) in ((k, v) for k, v in data["comparison"].items() if k != "columns"):
            print(f"{key:36} self-paced {a:>10}   live {b:>10}")
    log(f"wrote {args.out}")
    ok = sp.get("correct_ok") is True and (live is None or live.get("accounting_ok") is True)
    return 0 if ok else 1


def _brief(rec: dict[str, Any]) -> str:
    if "error" in rec:
        return f"FAILED {rec['error'][:160]}"
    return (
        f"join {rec['join']['joins_per_s']}/s, {rec['play']['answers_per_s']} answers/s, ack "
        f"p50/p99 {rec['ack_ms']['p50']}/{rec['ack_ms']['p99']} ms, CPU "
        f"{rec['play']['server_cpu_ms_per_answer']} ms/answer, acked {rec['answers_acked']} "
        f"lost {rec['answers_lost']}, deadlines {rec['deadline_reveals']}/"
        f"{rec['deadlines_expected']} (twice {rec['deadlines_fired_twice']}), other processes "
        f"{rec.get('other_cpu_s')}s CPU in {rec['wall_s']}s"
        + ("" if rec["correct_ok"] else f" CHECKS FAILED {rec['errors']}")
    )


if __name__ == "__main__":
    sys.exit(main())
