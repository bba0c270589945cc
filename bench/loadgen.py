"""The load generator: one host and N players in one game, driven from one process.

It speaks the wire contract (``/work/shared/protocol.md``): HTTP to register a host, create a
quiz and a game; ``/host`` to attach and move the game on; ``/play`` for each player to join
and answer. It runs the same way against Huddle and against the baseline server.

Per question it records, for every player, the receipt of the ``question`` state minus the
state's ``opened_ms`` (fan-out latency), the time from each ``answer`` emit to its ack, and
the receipt of each ``result`` minus the reveal's ``closed_ms``; and it samples the CPU time
of the server processes and of itself around each phase. Every phase is bounded in time.
"""

from __future__ import annotations

import asyncio
import math
import random
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench import procs
from bench.sio import SioClient, connect, default_transport

NAN = float("nan")

# With --profile, the answer window of this question (the second: the first one's reveal
# carries the join phase's garbage) is also recorded on its own.
PROFILED_WINDOW = 1


@dataclass(frozen=True, slots=True)
class Scenario:
    players: int
    questions: int = 3
    window_s: float = 3.0  # every player answers within this long after seeing the question
    think_s: float = 0.5  # nobody answers sooner than this after seeing it
    right_ratio: float = 0.6
    connect_concurrency: int = 150
    transport: str = field(default_factory=default_transport)
    time_limit_ms: int = 20000
    seed: int = 1
    phase_timeout_s: float = 60.0


@dataclass(slots=True)
class Target:
    """The server(s) under test: base URLs of the nodes and their process ids."""

    name: str
    urls: list[str]
    pids: list[int]
    per_node_results: bool = False  # baseline on two nodes: each node counts its own players
    # Huddle's stores, for the checks that read what it wrote (bench/selfpaced.py)
    database_url: str = ""
    redis_url: str = ""
    redis_prefix: str = ""


def now_epoch_ms() -> float:
    return time.time() * 1000.0


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of the non-NaN values; NaN when there are none."""
    xs = sorted(v for v in values if not math.isnan(v))
    if not xs:
        return NAN
    k = max(0, min(len(xs) - 1, math.ceil(p / 100.0 * len(xs)) - 1))
    return xs[k]


def summary(values: list[float]) -> dict[str, float]:
    xs = [v for v in values if not math.isnan(v)]
    return {
        "p50": round(percentile(xs, 50), 2),
        "p99": round(percentile(xs, 99), 2),
        "max": round(max(xs), 2) if xs else NAN,
        "n": len(xs),
    }


def median_summary(per_question: list[dict[str, float]]) -> dict[str, float]:
    """The median over questions of each question's p50, p99 and max."""
    out: dict[str, float] = {}
    for key in ("p50", "p99", "max"):
        out[key] = round(percentile([q[key] for q in per_question], 50), 2)
    out["n"] = sum(q["n"] for q in per_question)
    return out


class Player(SioClient):
    __slots__ = ("gen", "index", "last_seq", "pid", "states_q")

    def __init__(self, gen: LoadGen, index: int) -> None:
        super().__init__("/play")
        self.gen = gen
        self.index = index
        self.pid = ""
        self.last_seq = 0
        self.states_q = 0

    def on_event(self, name: str, data: Any, received: float) -> None:
        if name == "state":
            self.gen.on_player_state(self, data, received)
        elif name == "result":
            self.gen.on_result(self, data, received)

    def on_closed(self) -> None:
        self.gen.on_player_closed(self)


class Host(SioClient):
    __slots__ = ("gen",)

    def __init__(self, gen: LoadGen) -> None:
        super().__init__("/host")
        self.gen = gen

    def on_event(self, name: str, data: Any, received: float) -> None:
        self.gen.on_host_event(name, data, received)


class Waiter:
    """A future completed when a counter reaches its goal."""

    __slots__ = ("count", "fut", "goal")

    def __init__(self, goal: int) -> None:
        self.goal = goal
        self.count = 0
        self.fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if goal <= 0:
            self.fut.set_result(None)

    def bump(self) -> None:
        self.count += 1
        if self.count >= self.goal and not self.fut.done():
            self.fut.set_result(None)

    async def wait(self, within_s: float) -> bool:
        try:
            await asyncio.wait_for(asyncio.shield(self.fut), within_s)
            return True
        except TimeoutError:
            return False


class PhaseError(RuntimeError):
    pass


class ServerMeter:
    """CPU and memory of the server processes under test, sampled from ``/proc``; shared by
    the live game's generator and the self-paced one (bench/selfpaced.py)."""

    def __init__(self, target: Target) -> None:
        self.t = target
        self.loop = asyncio.get_running_loop()
        self.rss_max_kb = 0
        self._rss_handle: asyncio.TimerHandle | None = None
        self.idle_cpu_per_s = 0.0

    def server_cpu(self) -> float:
        return sum(procs.cpu_seconds(pid) for pid in self.t.pids)

    def server_rss_kb(self) -> int:
        return sum(procs.memory_kb(pid)["rss_kb"] for pid in self.t.pids)

    def server_peak_kb(self) -> int:
        return sum(procs.memory_kb(pid)["peak_rss_kb"] for pid in self.t.pids)

    def _sample_rss(self) -> None:
        self.rss_max_kb = max(self.rss_max_kb, self.server_rss_kb())
        self._rss_handle = self.loop.call_later(0.1, self._sample_rss)

    async def measure_idle(self, seconds: float = 1.0) -> float:
        """The servers' CPU rate while nothing happens (timers, pings): subtracted later."""
        cpu0, t0 = self.server_cpu(), time.monotonic()
        await asyncio.sleep(seconds)
        return max(0.0, (self.server_cpu() - cpu0) / (time.monotonic() - t0))

    def _net(self, cpu: float, wall: float) -> float:
        return max(0.0, cpu - self.idle_cpu_per_s * wall)

    async def join_phase(
        self,
        n: int,
        concurrency: int,
        join_one: Callable[[int], Awaitable[None]],
        bound: float,
        joined_count: Callable[[], int],
        join_ms: list[float],
        failures: Counter[str],
        errors: list[str],
    ) -> dict[str, Any]:
        """Run `join_one` for n players (at most `concurrency` at once, within `bound` seconds)
        and measure it: the join rate, the ack times and the server's CPU per join; a phase
        that hit its bound or had failures is noted in `errors`."""
        cpu0, gen0, t0 = self.server_cpu(), time.process_time(), time.monotonic()
        finished = await bounded_pool(n, concurrency, join_one, bound)
        elapsed = time.monotonic() - t0
        cpu1, gen1 = self.server_cpu(), time.process_time()
        joined = joined_count()
        if not finished:
            errors.append(f"join phase hit its {bound:.0f}s bound")
        if failures:
            errors.append(f"join failures: {dict(failures.most_common(5))}")
        return {
            "joined": joined,
            "join_s": round(elapsed, 3),
            "joins_per_s": round(joined / elapsed, 1) if elapsed else NAN,
            "join_ack_ms": summary(join_ms),
            "server_cpu_ms_per_join": round(
                self._net(cpu1 - cpu0, elapsed) * 1000 / max(joined, 1), 3
            ),
            "generator_cpu_pct": _pct(gen1 - gen0, elapsed),
        }

    def stop_sampling(self) -> None:
        if self._rss_handle is not None:
            self._rss_handle.cancel()
            self._rss_handle = None


class LoadGen(ServerMeter):
    def __init__(self, target: Target, scenario: Scenario, log: Callable[[str], None]) -> None:
        super().__init__(target)
        self.s = scenario
        self.log = log
        self.rng = random.Random(scenario.seed)
        self.players: list[Player] = []
        self.host: Host | None = None
        self.token = ""
        self.game: dict[str, Any] = {}
        self.errors: list[str] = []
        # per question
        self.q = -1
        self.fanout_ms: list[float] = []
        self.ack_ms: list[float] = []
        self.result_at: list[float] = []
        self.state_waiter = Waiter(0)
        self.ack_waiter = Waiter(0)
        self.result_waiter = Waiter(0)
        self.reveal_fut: asyncio.Future[dict[str, Any]] = self.loop.create_future()
        self.host_state: dict[str, Any] = {}
        self.answers_sent = 0
        self.answers_acked = 0
        self.answer_errors: Counter[str] = Counter()
        self.results_received = 0
        self.seq_gaps = 0
        self.disconnects = 0
        self.host_events: Counter[str] = Counter()
        self.closing = False
        self.phase_hook: Callable[[str], None] | None = None

    # ------------------------------------------------------------ callbacks
    def on_player_state(self, p: Player, state: Any, received: float) -> None:
        seq = int(state.get("seq") or 0)
        if p.last_seq and seq > p.last_seq + 1:
            self.seq_gaps += seq - p.last_seq - 1
        p.last_seq = max(p.last_seq, seq)
        if state.get("phase") != "question":
            return
        q = state["question"]["index"]
        if q != self.q or not math.isnan(self.fanout_ms[p.index]):
            return
        self.fanout_ms[p.index] = received * 1000.0 - float(state["question"]["opened_ms"])
        p.states_q += 1
        self.state_waiter.bump()
        s = self.s
        delay = s.think_s + self.rng.random() * (s.window_s - s.think_s)
        self.loop.call_later(delay, self.send_answer, p, q)

    def send_answer(self, p: Player, q: int) -> None:
        if p.closed or self.closing:
            return
        value = pick_answer(self.rng, self.s.right_ratio)
        sent = time.perf_counter()
        index = p.index

        def acked(ack: Any) -> None:
            self.ack_ms[index] = (time.perf_counter() - sent) * 1000.0
            if isinstance(ack, dict) and ack.get("ok") is True:
                self.answers_acked += 1
            else:
                code = "?"
                if isinstance(ack, dict) and isinstance(ack.get("error"), dict):
                    code = str(ack["error"].get("code"))
                self.answer_errors[code] += 1
            self.ack_waiter.bump()

        self.answers_sent += 1
        p.emit("answer", {"question": q, "answer": value}, acked)

    def on_result(self, p: Player, data: Any, received: float) -> None:
        if (
            isinstance(data, dict)
            and data.get("question") == self.q
            and math.isnan(self.result_at[p.index])
        ):
            self.result_at[p.index] = received * 1000.0
            self.results_received += 1
            self.result_waiter.bump()

    def on_player_closed(self, p: Player) -> None:
        if not self.closing:
            self.disconnects += 1

    def on_host_event(self, name: str, data: Any, received: float) -> None:
        self.host_events[name] += 1
        if name == "state" and isinstance(data, dict):
            self._host_saw(data)

    def _host_saw(self, state: dict[str, Any]) -> None:
        if int(state.get("seq") or 0) >= int(self.host_state.get("seq") or 0):
            self.host_state = state
        if (
            state.get("phase") == "reveal"
            and (state.get("question") or {}).get("index") == self.q
            and not self.reveal_fut.done()
        ):
            self.reveal_fut.set_result(state)

    # ------------------------------------------------------------ HTTP setup
    async def setup(self, http: httpx.AsyncClient) -> None:
        base = self.t.urls[0]
        self.token = await register_host(http, base)
        quiz_id = await create_quiz(http, base, self.token, self.s.questions, self.s.time_limit_ms)
        r = await http.post(
            f"{base}/api/games",
            json={"quiz_id": quiz_id, "settings": {}},
            headers=auth_header(self.token),
        )
        _expect(r, 201, "create game")
        self.game = r.json()

    async def results(self, http: httpx.AsyncClient, within_s: float = 30.0) -> dict[str, Any]:
        """The results API's players (all nodes' for a per-node baseline) once written."""
        auth = auth_header(self.token)
        urls = self.t.urls if self.t.per_node_results else self.t.urls[:1]
        players: list[dict[str, Any]] = []
        deadline = time.monotonic() + within_s
        for base in urls:
            while True:
                r = await http.get(f"{base}/api/games/{self.game['id']}/results", headers=auth)
                if r.status_code == 200:
                    players.extend(r.json()["players"])
                    break
                if time.monotonic() > deadline:
                    raise PhaseError(f"results not available: {r.status_code} {r.text[:200]}")
                await asyncio.sleep(0.2)
        return {"players": players}

    # ------------------------------------------------------------ host
    async def host_call(self, event: str, data: Any = None) -> dict[str, Any]:
        assert self.host is not None
        for _ in range(50):
            ack = await self.host.call(event, data if data is not None else {}, timeout=60)
            if isinstance(ack, dict) and ack.get("ok"):
                if isinstance(ack.get("state"), dict):
                    self._host_saw(ack["state"])
                return ack
            code = (ack.get("error") or {}).get("code") if isinstance(ack, dict) else None
            if code == "conflict":  # raced with the server closing the question itself
                await asyncio.sleep(0.05)
                continue
            raise PhaseError(f"host {event}: {ack!r}"[:300])
        raise PhaseError(f"host {event}: conflict 50 times")

    # ------------------------------------------------------------ join
    async def join_all(self) -> dict[str, Any]:
        n = self.s.players
        self.players = [Player(self, i) for i in range(n)]
        self.fanout_ms = [NAN] * n
        self.ack_ms = [NAN] * n
        self.result_at = [NAN] * n
        join_ms: list[float] = [NAN] * n
        failures: Counter[str] = Counter()
        pin = self.game["pin"]
        urls = self.t.urls

        async def join_one(i: int) -> None:
            p = self.players[i]
            try:
                await connect(p, urls[i % len(urls)], self.s.transport)
                t0 = time.perf_counter()
                ack = await p.call("join", {"pin": pin, "nickname": f"p{i}"}, timeout=60)
                join_ms[i] = (time.perf_counter() - t0) * 1000.0
                if not (isinstance(ack, dict) and ack.get("ok")):
                    failures[str(ack)[:80]] += 1
                    p.close()
                    return
                p.pid = ack["player"]["id"]
                p.last_seq = int(ack["state"].get("seq") or 0)
            except Exception as err:
                failures[type(err).__name__ + ": " + str(err)[:60]] += 1
                p.close()

        return await self.join_phase(
            n, self.s.connect_concurrency, join_one, 30 + n / 50,
            lambda: sum(1 for p in self.players if p.pid), join_ms, failures, self.errors,
        )  # fmt: skip

    # ------------------------------------------------------------ one question
    async def question(self, q: int) -> dict[str, Any]:
        live = [p for p in self.players if p.pid and not p.closed]
        n = len(live)
        self.q = q
        for p in self.players:
            self.fanout_ms[p.index] = NAN
            self.ack_ms[p.index] = NAN
            self.result_at[p.index] = NAN
        self.state_waiter = Waiter(n)
        self.ack_waiter = Waiter(n)
        self.result_waiter = Waiter(n)
        self.reveal_fut = self.loop.create_future()
        out: dict[str, Any] = {"question": q, "players": n}
        bound = self.s.phase_timeout_s

        cpu0, gen0, t0 = self.server_cpu(), time.process_time(), time.monotonic()
        ack = await self.host_call("start" if q == 0 else "next")
        if ack["state"]["phase"] != "question":
            raise PhaseError(f"expected the question to open, got {ack['state']['phase']}")
        if not await self.state_waiter.wait(bound):
            self.errors.append(f"q{q}: {n - self.state_waiter.count} players got no question")
        cpu1, gen1, t1 = self.server_cpu(), time.process_time(), time.monotonic()
        acked_before = self.ack_waiter.count
        if q == PROFILED_WINDOW:
            self._phase("answers")  # the answer window alone, after the question's fan-out
        if not await self.ack_waiter.wait(self.s.window_s + bound):
            self.errors.append(f"q{q}: {n - self.ack_waiter.count} answers got no ack")
        if q == PROFILED_WINDOW:
            self._phase("play-rest")
        cpu2, gen2, t2 = self.server_cpu(), time.process_time(), time.monotonic()
        answers_in_window = self.ack_waiter.count - acked_before

        # Huddle closes a question once everyone answered; otherwise the host closes it.
        try:
            reveal = await asyncio.wait_for(asyncio.shield(self.reveal_fut), 2.0)
            out["closed_by"] = "server"
        except TimeoutError:
            await self.host_call("next")
            reveal = await asyncio.wait_for(asyncio.shield(self.reveal_fut), bound)
            out["closed_by"] = "host"
        closed_ms = float(reveal["reveal"]["closed_ms"])
        if not await self.result_waiter.wait(bound):
            self.errors.append(f"q{q}: {n - self.result_waiter.count} players got no result")
        cpu3, t3 = self.server_cpu(), time.monotonic()
        if self.host_state.get("phase") == "reveal":
            await self.host_call("next")  # to the scoreboard
        fan = [self.fanout_ms[p.index] for p in live]
        acks = [self.ack_ms[p.index] for p in live]
        res = [self.result_at[p.index] - closed_ms for p in live]
        out.update(
            {
                "fanout_ms": summary(fan),
                "ack_ms": summary(acks),
                "result_ms": summary(res),
                "fanout_wall_s": round(t1 - t0, 3),
                "answer_wall_s": round(t2 - t1, 3),
                "reveal_wall_s": round(t3 - t2, 3),
                "server_cpu_fanout_s": round(self._net(cpu1 - cpu0, t1 - t0), 4),
                "server_cpu_answers_s": round(self._net(cpu2 - cpu1, t2 - t1), 4),
                "server_cpu_reveal_s": round(self._net(cpu3 - cpu2, t3 - t2), 4),
                "answers_in_window": answers_in_window,
                "server_cpu_pct_answers": _pct(cpu2 - cpu1, t2 - t1),
                "generator_cpu_pct_fanout": _pct(gen1 - gen0, t1 - t0),
                "generator_cpu_pct_answers": _pct(gen2 - gen1, t2 - t1),
                "_walls": (t1 - t0, t2 - t1),
            }
        )
        out["_fan"] = fan
        out["_acks"] = acks
        out["_res"] = res
        return out

    # ------------------------------------------------------------ the whole run
    async def run(self) -> dict[str, Any]:
        s = self.s
        record: dict[str, Any] = {
            "target": self.t.name,
            "players": s.players,
            "nodes": len(self.t.urls),
            "transport": s.transport,
            "questions": s.questions,
            "window_s": s.window_s,
        }
        wall0 = time.monotonic()
        machine0 = procs.machine_sample()
        gen_cpu0 = time.process_time()
        server_cpu0 = self.server_cpu()
        async with httpx.AsyncClient(timeout=30) as http:
            await self.setup(http)
            self.host = Host(self)
            await connect(self.host, self.t.urls[0], s.transport)
            await self.host_call(
                "attach", {"game_id": self.game["id"], "host_key": self.game["host_key"]}
            )
            self.idle_cpu_per_s = await self.measure_idle()
            idle_kb = self.server_rss_kb()
            self._sample_rss()
            self._phase("join")
            record["epoch_join_start"] = time.time()
            self.log(f"  {self.t.name}: joining {s.players} players")
            record["join"] = await self.join_all()
            record["rss_after_join_mb"] = round(self.server_rss_kb() / 1024, 1)
            joined = record["join"]["joined"]
            self.log(f"  {self.t.name}: {joined} joined in {record['join']['join_s']}s; playing")
            questions = []
            machine1 = procs.machine_sample()
            self._phase("play")
            record["epoch_play_start"] = time.time()
            for q in range(s.questions):
                questions.append(await self.question(q))
            machine2 = procs.machine_sample()
            self._phase("done")
            record["epoch_play_end"] = time.time()
            final = await self.host_call("next")
            if final["state"]["phase"] != "finished":
                await self.host_call("end")
            results = await self.results(http)
        self.stop_sampling()
        record["wall_s"] = round(time.monotonic() - wall0, 2)
        record["generator_cpu_s"] = round(time.process_time() - gen_cpu0, 2)
        record["server_cpu_s"] = round(self.server_cpu() - server_cpu0, 2)
        machine3 = procs.machine_sample()
        record["machine_busy_s"] = round(
            (sum(machine3.busy) - sum(machine0.busy)) / procs.CLK_TCK, 2
        )
        peak_kb = max(self.rss_max_kb, self.server_rss_kb())
        record["idle_rss_mb"] = round(idle_kb / 1024, 1)
        record["peak_rss_mb"] = round(peak_kb / 1024, 1)
        record["peak_rss_hwm_mb"] = round(self.server_peak_kb() / 1024, 1)
        record["rss_mb_per_1000_players"] = round(
            (peak_kb - idle_kb) / 1024 / max(joined, 1) * 1000, 2
        )
        record["server_idle_cpu_pct"] = round(100 * self.idle_cpu_per_s, 2)
        record["cores_busy_join"] = procs.core_busy(machine0, machine1)
        record["cores_busy_play"] = procs.core_busy(machine1, machine2)
        self._aggregate(record, questions, results, joined)
        return record

    def _phase(self, name: str) -> None:
        if self.phase_hook is not None:
            self.phase_hook(name)

    def _aggregate(
        self,
        record: dict[str, Any],
        questions: list[dict[str, Any]],
        results: dict[str, Any],
        joined: int,
    ) -> None:
        fan: list[float] = []
        acks: list[float] = []
        res: list[float] = []
        for q in questions:
            fan += q.pop("_fan")
            acks += q.pop("_acks")
            res += q.pop("_res")
        counted = sum(int(p.get("answered", 0)) for p in results["players"])
        answer_cpu = sum(q["server_cpu_answers_s"] for q in questions)
        answers = sum(q["answers_in_window"] for q in questions)
        fan_cpu = sum(q["server_cpu_fanout_s"] for q in questions)
        reveal_cpu = sum(q["server_cpu_reveal_s"] for q in questions)
        recipients = sum(q["players"] for q in questions)
        # Phases shorter than 0.25 s say little about a saturated generator.
        gen_pcts = [record["join"]["generator_cpu_pct"]] if record["join"]["join_s"] >= 0.25 else []
        for q in questions:
            fan_wall, answer_wall = q.pop("_walls")
            if fan_wall >= 0.25:
                gen_pcts.append(q["generator_cpu_pct_fanout"])
            if answer_wall >= 0.25:
                gen_pcts.append(q["generator_cpu_pct_answers"])
        missing_states = sum(1 for p in self.players if p.pid and p.states_q != len(questions))
        record.update(
            {
                # Each figure is the median over the questions of that question's figure, so
                # that one question disturbed by another process on this shared machine does
                # not decide it; the pooled distributions are kept beside them.
                "fanout_ms": median_summary([q["fanout_ms"] for q in questions]),
                "ack_ms": median_summary([q["ack_ms"] for q in questions]),
                "result_ms": median_summary([q["result_ms"] for q in questions]),
                "fanout_ms_pooled": summary(fan),
                "ack_ms_pooled": summary(acks),
                "result_ms_pooled": summary(res),
                "answers_sent": self.answers_sent,
                "answers_acked": self.answers_acked,
                "answer_errors": dict(self.answer_errors),
                "results_answered": counted,
                "results_players": len(results["players"]),
                "answers_lost": self.answers_acked - counted,
                "players_missing_a_question_state": missing_states,
                "results_events": self.results_received,
                "results_expected": joined * len(questions),
                "seq_gaps": self.seq_gaps,
                "unexpected_disconnects": self.disconnects,
                "host_events": dict(self.host_events),
                "server_cpu_s_per_1000_answers": round(answer_cpu / max(answers, 1) * 1000, 4),
                "server_cpu_us_per_fanout_recipient": round(fan_cpu / max(recipients, 1) * 1e6, 1),
                "server_cpu_us_per_result": round(reveal_cpu / max(recipients, 1) * 1e6, 1),
                "generator_cpu_pct_max": max(
                    (v for v in gen_pcts if not math.isnan(v)), default=NAN
                ),
                "generator_saturated": any(v > 70 for v in gen_pcts if not math.isnan(v)),
                "per_question": questions,
                "errors": self.errors,
            }
        )
        record["accounting_ok"] = (
            record["answers_lost"] == 0
            and self.answers_acked == joined * len(questions)
            and missing_states == 0
            and self.results_received == joined * len(questions)
            and not self.errors
        )

    async def close(self) -> None:
        self.closing = True
        for p in self.players:
            p.close()
        if self.host is not None:
            self.host.close()
        await asyncio.sleep(0.2)


def auth_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register_host(http: httpx.AsyncClient, base: str) -> str:
    """Register a fresh account (the host of what the bench plays); its login token."""
    email = f"bench-{secrets.token_hex(6)}@example.com"
    r = await http.post(
        f"{base}/api/auth/register",
        json={"email": email, "password": "bench-password-1", "name": "Bench"},
    )
    _expect(r, 201, "register")
    return str(r.json()["token"])


RIGHT_CHOICE = 1  # the quiz's questions are all "which is the second choice?"


async def create_quiz(
    http: httpx.AsyncClient, base: str, token: str, count: int, time_limit_ms: int
) -> str:
    """A quiz of ``count`` four-way ``choice`` questions whose answer is ``RIGHT_CHOICE``."""
    questions = [
        {
            "kind": "choice",
            "prompt": f"Bench question {i + 1}: which of these is the second choice?",
            "choices": ["First choice", "Second choice", "Third choice", "Fourth choice"],
            "correct": [RIGHT_CHOICE],
            "time_limit_ms": time_limit_ms,
            "points": 1,
        }
        for i in range(count)
    ]
    r = await http.post(
        f"{base}/api/quizzes",
        json={"title": "Benchmark quiz", "questions": questions},
        headers=auth_header(token),
    )
    _expect(r, 201, "create quiz")
    return str(r.json()["id"])


def pick_answer(rng: random.Random, right_ratio: float) -> int:
    """The right choice with probability ``right_ratio``, else a random wrong one."""
    return RIGHT_CHOICE if rng.random() < right_ratio else rng.choice((0, 2, 3))


async def bounded_pool(
    n: int, concurrency: int, one: Callable[[int], Awaitable[None]], within_s: float
) -> bool:
    """Run ``one(i)`` for i in 0..n-1, ``concurrency`` at a time, within ``within_s``;
    False when the bound cut it short (the unfinished ones are cancelled)."""
    it = iter(range(n))

    async def worker() -> None:
        for i in it:
            await one(i)

    workers = [asyncio.ensure_future(worker()) for _ in range(concurrency)]
    _done, pending = await asyncio.wait(workers, timeout=within_s)
    for w in pending:
        w.cancel()
    return not pending


def _pct(cpu: float, wall: float) -> float:
    return round(100 * cpu / wall, 1) if wall > 0 else NAN


def _expect(r: httpx.Response, status: int, what: str) -> None:
    if r.status_code != status:
        raise PhaseError(f"{what}: HTTP {r.status_code} {r.text[:300]}")
