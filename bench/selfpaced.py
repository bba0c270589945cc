"""The self-paced load generator: N players in one challenge, each at their own pace.

It speaks the challenge protocol of issue 15 (docs/protocol.md, ``/play``): a host account
and a quiz over HTTP, the challenge by ``POST /api/challenges``, then for each player a
websocket that ``join``s the challenge's PIN and plays its run: ``run_next`` shows a question
and starts that player's own timer on the server, ``answer`` closes it (its ack is the
reveal); a chosen share of the questions is left unanswered, and the server's timer must
then close the question by itself with one ``run`` event. It shares the client, the transport,
the host and quiz set-up and the CPU sampling with the live game's generator
(bench/loadgen.py).

While it measures (join rate, answer-ack latency, server CPU per answer, how late the
deadlines fire) it checks what the server promises: every acknowledged answer is in the runs'
results in SQL, no run is lost, no deadline fires twice (nor for a question already answered),
nothing is set aside in the outbox's dead letters, and no question reaches a phone with its
correct answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench import procs
from bench.loadgen import (
    NAN,
    ServerMeter,
    Target,
    Waiter,
    _expect,
    _pct,
    auth_header,
    create_quiz,
    pick_answer,
    register_host,
    summary,
)
from bench.sio import SioClient, connect, default_transport

RETRY_CODES = frozenset({"unavailable"})  # the node could not reach Redis in time
RETRIES = 8
RETRY_S = 0.5  # times the attempt number


@dataclass(frozen=True, slots=True)
class Pace:
    """How the crowd plays. Each player, after each reveal, pauses so that the whole crowd
    answers about ``rate`` answers a second: a player's mean cycle (think, answer, pause) is
    ``players / rate`` seconds."""

    players: int
    questions: int = 5
    rate: float = 1000.0  # answers per second the crowd aims at
    think_s: tuple[float, float] = (0.5, 3.0)  # from seeing a question to answering it
    pass_every: int = 20  # every n-th (player, question) is left to its deadline (0: none)
    time_limit_ms: int = 10_000
    right_ratio: float = 0.6
    connect_concurrency: int = 150
    transport: str = field(default_factory=default_transport)
    seed: int = 1
    phase_timeout_s: float = 60.0

    @property
    def cycle_s(self) -> float:
        return self.players / self.rate

    def passes(self, index: int, q: int) -> bool:
        """Whether player ``index`` lets question ``q``'s deadline pass (spread evenly)."""
        n = self.pass_every  # one player in n leaves question q: players (n/2 - q) mod n
        return n > 0 and (index + q) % n == n // 2

    def passed_total(self) -> int:
        return sum(
            1 for i in range(self.players) for q in range(self.questions) if self.passes(i, q)
        )


@dataclass(frozen=True, slots=True)
class Challenge:
    id: str
    game_id: str
    pin: str


async def open_challenge(
    http: httpx.AsyncClient, base: str, token: str, quiz_id: str, closes_in_s: float
) -> Challenge:
    """A challenge of the quiz for guests, one attempt each, open now."""
    closes = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=closes_in_s)
    r = await http.post(
        f"{base}/api/challenges",
        json={
            "quiz_id": quiz_id,
            "title": "Benchmark challenge",
            "closes_at": closes.isoformat(),
            "audience": "guests",
            "attempts": 1,
        },
        headers=auth_header(token),
    )
    _expect(r, 201, "create challenge")
    body = r.json()
    doc = body.get("challenge", body)
    return Challenge(id=str(doc["id"]), game_id=str(doc["game_id"]), pin=str(doc["pin"]))


def leaks_answer(run: dict[str, Any]) -> bool:
    """Whether a RunView at status "question" carries what only its reveal may: the result,
    or the correct answer inside the question's view."""
    if run.get("result") is not None:
        return True

    def walk(value: Any) -> bool:
        if isinstance(value, dict):
            return any(
                k in ("correct", "correct_answer", "explanation") or walk(v)
                for k, v in value.items()
            )
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return False

    return walk(run.get("view"))


class Runner(SioClient):
    """One player and its run, driven by acks, events and timers (no task per player)."""

    __slots__ = (
        "acked", "completed", "deadline_ms", "done", "fired", "gen", "index", "late", "nick",
        "pid", "q", "waiting",
    )  # fmt: skip

    def __init__(self, gen: SelfPacedGen, index: int) -> None:
        super().__init__("/play")
        self.gen = gen
        self.index = index
        self.pid = ""
        self.nick = ""  # as the server named the player (it may rename a blocked nickname)
        self.q = -1
        self.deadline_ms = 0.0
        self.waiting = False  # for the server to close question ``q`` at its deadline
        self.done = False  # its run completed, or the player gave up (an error, a disconnect)
        self.completed = False  # its run reached "done"
        self.acked: dict[int, int] = {}  # question -> the answer the server acknowledged
        self.fired: dict[int, int] = {}  # question -> `run` events received for it
        self.late: set[int] = set()  # questions whose answer was refused as too late

    def on_event(self, name: str, data: Any, received: float) -> None:
        if name == "run" and isinstance(data, dict):
            self.gen.on_deadline(self, data, received)

    def on_closed(self) -> None:
        if not self.gen.closing and not self.done:
            self.gen.disconnects += 1
            self.finish()

    def finish(self) -> None:
        if not self.done:
            self.done = True
            self.gen.finished.bump()


class SelfPacedGen(ServerMeter):
    def __init__(self, target: Target, pace: Pace, log: Callable[[str], None]) -> None:
        super().__init__(target)
        self.p = pace
        self.log = log
        self.rng = random.Random(pace.seed)
        self.players: list[Runner] = []
        self.token = ""
        self.challenge: Challenge | None = None
        self.errors: list[str] = []
        self.closing = False
        self.finished = Waiter(0)
        self.ack_ms: list[float] = []
        self.next_ms: list[float] = []
        self.late_ms: list[float] = []
        self.ack_times: list[float] = []
        self.answers_sent = 0
        self.answers_acked = 0
        self.answer_errors: Counter[str] = Counter()
        self.next_errors: Counter[str] = Counter()
        self.views: Counter[str] = Counter()
        self.leaks = 0
        self.deadline_reveals = 0
        self.unexpected_runs = 0
        self.deadlines_missing = 0
        self.deadlines_before_answer = 0
        self.retries: Counter[str] = Counter()
        self.disconnects = 0
        self.phase_hook: Callable[[str], None] | None = None  # as LoadGen's (--profile)

    def _phase(self, name: str) -> None:
        if self.phase_hook is not None:
            self.phase_hook(name)

    # ------------------------------------------------------------ pacing
    def think(self) -> float:
        lo, hi = self.p.think_s
        return lo + self.rng.random() * (hi - lo)

    def pause(self) -> float:
        mean = max(0.0, self.p.cycle_s - sum(self.p.think_s) / 2)
        return self.rng.random() * 2 * mean

    def later(self, delay: float, fn: Callable[..., None], *args: Any) -> None:
        self.loop.call_later(delay, fn, *args)

    # ------------------------------------------------------------ one player's run
    def ask_next(self, r: Runner, attempt: int = 0) -> None:
        if r.closed or r.done or self.closing:
            return
        sent = time.perf_counter()

        def acked(ack: Any) -> None:
            self.next_ms.append((time.perf_counter() - sent) * 1000.0)
            if isinstance(ack, dict) and ack.get("ok") is True and isinstance(ack.get("run"), dict):
                self.on_view(r, ack["run"])
                return
            code = _code(ack)
            if code in RETRY_CODES and attempt < RETRIES:  # as a phone would: again, later
                self.retries["run_next"] += 1
                self.later(RETRY_S * (attempt + 1), self.ask_next, r, attempt + 1)
                return
            self.next_errors[code] += 1
            r.finish()

        r.emit("run_next", {}, acked)

    def on_view(self, r: Runner, run: dict[str, Any]) -> None:
        status = str(run.get("status"))
        self.views[status] += 1
        if status == "question":
            q = int(run["question"])
            if leaks_answer(run):
                self.leaks += 1
            if q == r.q:  # the same question again (run_next is idempotent): already handled
                return
            r.q = q
            r.deadline_ms = float(run["deadline_ms"])
            if self.p.passes(r.index, q):
                r.waiting = True
                bound = self.p.time_limit_ms / 1000 + self.p.phase_timeout_s
                self.later(bound, self.deadline_missing, r, q)
            else:
                self.later(self.think(), self.send_answer, r, q)
        elif status == "done":
            r.completed = True
            r.finish()
        elif status == "ready":
            self.ask_next(r)
        else:  # "reveal": move on after a pause
            self.later(self.pause(), self.ask_next, r)

    def send_answer(self, r: Runner, q: int, value: int | None = None, attempt: int = 0) -> None:
        if r.closed or self.closing:
            return
        if value is None:
            value = pick_answer(self.rng, self.p.right_ratio)
        sent = time.perf_counter()

        def acked(ack: Any) -> None:
            now = time.perf_counter()
            self.ack_ms.append((now - sent) * 1000.0)
            code = "" if isinstance(ack, dict) and ack.get("ok") is True else _code(ack)
            if code in RETRY_CODES and attempt < RETRIES:
                # The same answer again: "already_answered" then means the first try was
                # stored although its ack said otherwise.
                self.retries["answer"] += 1
                self.later(RETRY_S * (attempt + 1), self.send_answer, r, q, value, attempt + 1)
                return
            if not code or (code == "already_answered" and attempt > 0):
                self.answers_acked += 1
                self.ack_times.append(now)
                r.acked[q] = value
                run = ack.get("run") if not code else {"status": "reveal"}
                if not (isinstance(run, dict) and run.get("status") == "reveal"):
                    self.errors.append(f"answer ack without a reveal: {str(ack)[:120]}")
            else:
                self.answer_errors[code] += 1
                if code == "question_closed":
                    r.late.add(q)
            self.later(self.pause(), self.ask_next, r)

        if attempt == 0:
            self.answers_sent += 1
        r.emit("answer", {"question": q, "answer": value}, acked)

    def on_deadline(self, r: Runner, run: dict[str, Any], received: float) -> None:
        """A `run` event: the server closed one of this player's questions at its deadline.
        Expected for the questions the player leaves, and for one whose answer came too late
        (on a saturated node); never twice, never for an answered question (see ``check``)."""
        q = int(run.get("question", -1))
        r.fired[q] = r.fired.get(q, 0) + 1
        result = run.get("result")
        if (
            run.get("status") != "reveal"
            or not isinstance(result, dict)
            or result.get("answered") is not False
            or q in r.acked
            or q != r.q
        ):
            self.unexpected_runs += 1
            return
        if r.fired[q] > 1:
            return  # counted by ``check`` as fired twice
        if not r.waiting:
            # The player's answer is on its way or was refused as too late: move on (if the
            # refusal's ack moved on already, this second run_next is harmless: idempotent).
            self.deadlines_before_answer += 1
            self.later(self.pause(), self.ask_next, r)
            return
        r.waiting = False
        self.deadline_reveals += 1
        self.late_ms.append(received * 1000.0 - r.deadline_ms)
        self.later(self.pause(), self.ask_next, r)

    def deadline_missing(self, r: Runner, q: int) -> None:
        if r.waiting and r.q == q and not self.closing:
            self.deadlines_missing += 1
            r.waiting = False
            self.later(0, self.ask_next, r)

    # ------------------------------------------------------------ phases
    async def join_all(self) -> dict[str, Any]:
        assert self.challenge is not None
        n = self.p.players
        pin = self.challenge.pin
        self.players = [Runner(self, i) for i in range(n)]
        join_ms: list[float] = [NAN] * n
        failures: Counter[str] = Counter()
        urls = self.t.urls

        async def join_one(i: int) -> None:
            r = self.players[i]
            try:
                await connect(r, urls[i % len(urls)], self.p.transport)
                t0 = time.perf_counter()
                ack = await r.call("join", {"pin": pin, "nickname": f"p{i}"}, timeout=60)
                join_ms[i] = (time.perf_counter() - t0) * 1000.0
                if not (isinstance(ack, dict) and ack.get("ok")):
                    failures[str(ack)[:80]] += 1
                    r.close()
                    return
                if (ack.get("state") or {}).get("mode") != "challenge" or not isinstance(
                    ack.get("run"), dict
                ):
                    failures["join ack is not a challenge's"] += 1
                r.pid = ack["player"]["id"]
                r.nick = ack["player"]["nickname"]
            except Exception as err:
                failures[type(err).__name__ + ": " + str(err)[:60]] += 1
                r.close()

        # Joins are dearer than a live game's (a run begins with each): a longer bound.
        return await self.join_phase(
            n, self.p.connect_concurrency, join_one, 30 + n / 20,
            lambda: sum(1 for r in self.players if r.pid), join_ms, failures, self.errors,
        )  # fmt: skip

    async def play(self) -> dict[str, Any]:
        """Every joined player plays its run, starting at a random moment of the first cycle
        (so the crowd reaches its pace at once); returns when all have finished."""
        live = [r for r in self.players if r.pid and not r.closed]
        self.finished = Waiter(len(live))
        for r in live:
            self.later(self.rng.random() * self.p.cycle_s, self.ask_next, r)
        p = self.p
        per_player = p.questions * (p.cycle_s * 2 + p.think_s[1] + p.time_limit_ms / 1000)
        bound = per_player + self.p.phase_timeout_s + p.cycle_s
        cpu0, gen0, t0 = self.server_cpu(), time.process_time(), time.monotonic()
        machine0 = procs.machine_sample()
        if not await self.finished.wait(bound):
            unfinished = len(live) - self.finished.count
            self.errors.append(f"play phase hit its {bound:.0f}s bound: {unfinished} runs open")
        elapsed = time.monotonic() - t0
        cpu1, gen1 = self.server_cpu(), time.process_time()
        machine1 = procs.machine_sample()
        acks = sorted(self.ack_times)
        span = acks[-1] - acks[0] if len(acks) > 1 else NAN
        return {
            "play_s": round(elapsed, 2),
            "answers_per_s": round((len(acks) - 1) / span, 1) if span and span > 0 else NAN,
            "server_cpu_play_s": round(self._net(cpu1 - cpu0, elapsed), 3),
            "server_cpu_ms_per_answer": round(
                self._net(cpu1 - cpu0, elapsed) * 1000 / max(self.answers_acked, 1), 4
            ),
            "server_cpu_pct_play": _pct(cpu1 - cpu0, elapsed),
            "generator_cpu_pct_play": _pct(gen1 - gen0, elapsed),
            "cores_busy_play": procs.core_busy(machine0, machine1),
        }

    async def stored(self, within_s: float) -> dict[str, Any]:
        """The runs and answers in SQL for the challenge's game, once as many runs as
        finished are there (or ``within_s`` passed); and the outbox's state in Redis."""
        from redis.asyncio import Redis
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        from server.store.keys import Keys

        assert self.challenge is not None
        gid = self.challenge.game_id
        expect = sum(1 for r in self.players if r.pid)
        engine = create_async_engine(self.t.database_url)
        runs: list[tuple[str, str, int]] = []
        answers: list[tuple[str, int]] = []
        deadline = time.monotonic() + within_s
        try:
            while True:
                async with engine.connect() as conn:
                    runs = [
                        (str(a), str(b), int(c))
                        for a, b, c in (
                            await conn.execute(
                                text(
                                    "SELECT player_id, nickname, answered FROM game_players"
                                    " WHERE game_id = :g"
                                ),
                                {"g": gid},
                            )
                        ).all()
                    ]
                    answers = [
                        (str(a), int(b))
                        for a, b in (
                            await conn.execute(
                                text(
                                    "SELECT player_id, question_index FROM game_answers"
                                    " WHERE game_id = :g"
                                ),
                                {"g": gid},
                            )
                        ).all()
                    ]
                if len(runs) >= expect or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.5)
        finally:
            await engine.dispose()
        keys = Keys(self.t.redis_prefix)
        redis = Redis.from_url(self.t.redis_url)
        try:
            outbox = int(await redis.llen(keys.outbox()))
            dead = int(await redis.llen(keys.outbox_dead()))
        finally:
            await redis.aclose()
        return {"runs": runs, "answers": answers, "outbox": outbox, "dead": dead}

    def check(self, stored: dict[str, Any]) -> dict[str, Any]:
        """Acknowledged answers against SQL, and the deadlines against what fired."""
        nick_of = {pid: nick for pid, nick, _ in stored["runs"]}
        in_sql = {(nick_of.get(pid, "?"), q) for pid, q in stored["answers"]}
        # only completed runs are in SQL; the others' answers wait in Redis for their run's end
        acked = {(r.nick, q) for r in self.players if r.completed for q in r.acked}
        pending = sum(len(r.acked) for r in self.players if not r.completed)
        runs_by_nick = Counter(nick for _, nick, _ in stored["runs"])
        fired_twice = sum(1 for r in self.players for n in r.fired.values() if n > 1)
        # an acknowledged answer whose question the timer closed too (whichever came first)
        fired_and_acked = sum(1 for r in self.players for q in r.acked if r.fired.get(q))
        late = sum(len(r.late) for r in self.players)
        late_unfired = sum(1 for r in self.players for q in r.late if r.fired.get(q) != 1)
        joined = sum(1 for r in self.players if r.pid)
        passed = sum(
            1
            for r in self.players
            if r.pid
            for q in range(self.p.questions)
            if self.p.passes(r.index, q)
        )
        out = {
            "answers_sent": self.answers_sent,
            "answers_acked": self.answers_acked,
            "answer_errors": dict(self.answer_errors),
            "run_next_errors": dict(self.next_errors),
            "answers_in_sql": len(in_sql),
            "answers_lost": len(acked - in_sql),
            "answers_in_sql_not_acked": len(in_sql - acked),
            # a few of each, to tell a lost answer from one filed under another key
            "lost_sample": sorted(acked - in_sql)[:10],
            "not_acked_sample": sorted(in_sql - acked)[:10],
            "answers_in_unfinished_runs": pending,
            "retries": dict(self.retries),
            "runs_finished": sum(1 for r in self.players if r.completed and r.pid),
            "runs_in_sql": len(stored["runs"]),
            "players_with_several_runs": sum(1 for n in runs_by_nick.values() if n > 1),
            "deadlines_expected": passed,
            "deadline_reveals": self.deadline_reveals,
            "deadlines_missing": self.deadlines_missing,
            "deadlines_fired_twice": fired_twice,
            "deadlines_fired_for_acked_answers": fired_and_acked,
            "answers_too_late": late,
            "late_answers_without_deadline_reveal": late_unfired,
            "deadlines_before_answer": self.deadlines_before_answer,
            "unexpected_run_events": self.unexpected_runs,
            "answers_leaked_before_reveal": self.leaks,
            "outbox_left": stored["outbox"],
            "outbox_dead": stored["dead"],
            "unexpected_disconnects": self.disconnects,
            "views": dict(self.views),
        }
        out["correct_ok"] = (
            not self.errors
            and out["answers_lost"] == 0
            and out["answers_in_sql_not_acked"] == 0
            # every question is answered, left to its deadline, or answered too late (a
            # saturated node: counted, not a failure, as long as its deadline fired once)
            and self.answers_acked + late == joined * self.p.questions - passed
            and fired_and_acked == 0
            and late_unfired == 0
            and out["runs_in_sql"] == joined
            and out["runs_finished"] == joined
            and out["players_with_several_runs"] == 0
            and self.deadline_reveals == passed
            and fired_twice == 0
            and self.unexpected_runs == 0
            and self.deadlines_missing == 0
            and self.leaks == 0
            and stored["dead"] == 0
            and self.disconnects == 0
            and set(self.answer_errors) <= {"question_closed"}
            and not self.next_errors
        )
        return out

    async def run(self) -> dict[str, Any]:
        """Set up, join, play and check; the record of the run (see docs/performance.md)."""
        p = self.p
        record: dict[str, Any] = {
            "target": "huddle-selfpaced",
            "players": p.players,
            "nodes": len(self.t.urls),
            "transport": p.transport,
            "questions": p.questions,
            "rate_aimed": p.rate,
            "think_s": list(p.think_s),
            "time_limit_ms": p.time_limit_ms,
            "pass_every": p.pass_every,
        }
        wall0, gen_cpu0, server_cpu0 = time.monotonic(), time.process_time(), self.server_cpu()
        machine0 = procs.machine_sample()
        base = self.t.urls[0]
        async with httpx.AsyncClient(timeout=30) as http:
            self.token = await register_host(http, base)
            quiz_id = await create_quiz(http, base, self.token, p.questions, p.time_limit_ms)
            self.challenge = await open_challenge(http, base, self.token, quiz_id, 3600)
        record["challenge"] = {"id": self.challenge.id, "game_id": self.challenge.game_id}
        self.idle_cpu_per_s = await self.measure_idle()
        idle_kb = self.server_rss_kb()
        self._sample_rss()
        self.log(f"  self-paced: joining {p.players} players")
        self._phase("join")
        record["join"] = await self.join_all()
        joined = record["join"]["joined"]
        record["rss_after_join_mb"] = round(self.server_rss_kb() / 1024, 1)
        self.log(f"  self-paced: {joined} joined in {record['join']['join_s']}s; playing")
        self._phase("play")
        record["play"] = await self.play()
        self._phase("done")
        self.log(f"  self-paced: played in {record['play']['play_s']}s; reading SQL")
        self.stop_sampling()
        stored = await self.stored(p.phase_timeout_s)
        record["ack_ms"] = summary(self.ack_ms)
        record["run_next_ack_ms"] = summary(self.next_ms)
        record["deadline_late_ms"] = summary(self.late_ms)
        record.update(self.check(stored))
        record["errors"] = self.errors
        record["wall_s"] = round(time.monotonic() - wall0, 2)
        record["generator_cpu_s"] = round(time.process_time() - gen_cpu0, 2)
        record["server_cpu_s"] = round(self.server_cpu() - server_cpu0, 2)
        machine1 = procs.machine_sample()
        record["machine_busy_s"] = round(
            (sum(machine1.busy) - sum(machine0.busy)) / procs.CLK_TCK, 2
        )
        record["idle_rss_mb"] = round(idle_kb / 1024, 1)
        record["peak_rss_mb"] = round(max(self.rss_max_kb, idle_kb) / 1024, 1)
        record["server_idle_cpu_pct"] = round(100 * self.idle_cpu_per_s, 2)
        return record

    async def close(self) -> None:
        self.closing = True
        for r in self.players:
            r.close()
        await asyncio.sleep(0.2)


def _code(ack: Any) -> str:
    if isinstance(ack, dict) and isinstance(ack.get("error"), dict):
        return str(ack["error"].get("code"))
    return "?" if not isinstance(ack, dict) else str(ack)[:60]
