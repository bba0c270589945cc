"""The game store's self-paced runs (server/modes/challenge): each player's current run of a
challenge, its answers, the runs' scores (rank so far) and the run timers.

Every move of a run is one Lua script (scripts/run_*.lua) that compare-and-sets on the run's
``step``, so racing nodes move a run once; the run timers are claimed with a lease exactly as
the games' timers are (timer_claim.lua, timer_swap.lua over ``keys.run_timers``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from games.timing import AnswerWindow
from server.store.lua import ScriptedStore


@dataclass(frozen=True, slots=True)
class RunRead:
    """A run as its RunView shows it (_run_view.lua): its hash, its rank among the runs'
    scores and how many runs showed a question, read together in the script that moved it."""

    run: dict[str, str]
    rank: int
    players: int

    @classmethod
    def read(cls, reply: list[Any]) -> RunRead:
        flat = reply[2]
        return cls(dict(zip(flat[::2], flat[1::2], strict=True)), int(reply[0]), int(reply[1]))


@dataclass(frozen=True, slots=True)
class RunAnswerReply:
    """run_answer.lua: ``{'ok', points, streak, score, step, closed, run_view}`` or
    ``{code}``."""

    code: str
    points: int = 0
    streak: int = 0
    score: int = 0
    step: int = 0
    closed: bool = False  # the challenge was closed (finished, or closes_ms passed)
    shown: RunRead | None = None  # the run after the reveal

    @classmethod
    def read(cls, reply: list[Any]) -> RunAnswerReply:
        if reply[0] != "ok":
            return cls(str(reply[0]))
        return cls(
            "ok", int(reply[1]), int(reply[2]), int(reply[3]), int(reply[4]),
            int(reply[5]) == 1, RunRead.read(reply[6]),
        )  # fmt: skip


def run_member(gid: str, pid: str) -> str:
    """A run's member in the run timers."""
    return f"{gid}|{pid}"


class RunStore(ScriptedStore):
    """Runs of challenges: begin, next, answer, close at the deadline, end into the outbox."""

    async def run(self, gid: str, pid: str) -> dict[str, str] | None:
        """The player's current run (its hash), or None."""
        raw = cast("dict[str, str]", await self.redis.hgetall(self.keys.run(gid, pid)))
        return raw or None

    async def read_run(self, gid: str, pid: str) -> RunRead | None:
        """The player's current run with its rank and the runs shown (run_read.lua: one round
        trip), or None."""
        k = self.keys
        reply = await self._run("run_read", [k.run(gid, pid), k.run_scores(gid)], [])
        return RunRead.read(reply) if reply else None

    async def run_answers(self, gid: str, pid: str) -> dict[int, dict[str, Any]]:
        """The current run's answers: question index -> ``{"a", "t", "c", "p"}``."""
        raw = await self.redis.hgetall(self.keys.run_answers(gid, pid))
        return {int(q): json.loads(v) for q, v in raw.items()}

    async def run_end_inputs(
        self, gid: str, pid: str
    ) -> tuple[dict[str, Any], str | None, dict[int, dict[str, Any]]]:
        """What a run's results need besides the run: (the player, its team, the run's
        answers), in one round trip."""
        k = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hget(k.players(gid), pid)
            pipe.hget(k.team_of(gid), pid)
            pipe.hgetall(k.run_answers(gid, pid))
            player, team, answers = await pipe.execute()
        return (
            json.loads(player) if player else {},
            team,
            {int(q): json.loads(v) for q, v in answers.items()},
        )

    async def begin_run(
        self, gid: str, pid: str, run_id: str, now_ms: int, attempts: int, *, again: bool
    ) -> tuple[str, int]:
        """Begin the player's first run (``again`` False) or a new attempt: (code, attempt).
        ``exists`` when a run is kept (the first one, or one not ended), else ``ok``,
        ``no_attempts_left``, ``challenge_closed`` or ``game_not_found``."""
        k = self.keys
        reply = await self._run(
            "run_begin",
            [k.meta(gid), k.run(gid, pid), k.run_answers(gid, pid), k.runs_active(gid)],
            [pid, run_id, now_ms, attempts, int(again)],
        )
        return str(reply[0]), int(reply[1]) if len(reply) > 1 else 0

    async def next_run(
        self,
        gid: str,
        pid: str,
        *,
        step: int,
        now_ms: int,
        question: int,
        window: AnswerWindow | None,
        closes_ms: int,
        run_id: str,
    ) -> tuple[str, RunRead | None]:
        """Show question ``question`` with ``window`` (None: mark the run done), if the run is
        still run ``run_id`` at ``step``, its deadline timer set in the same script: (``ok`` and
        the run as shown, or ``moved``, ``no_run`` or ``challenge_closed`` and None)."""
        k = self.keys
        w = window or AnswerWindow(0, 0, 0)
        reply = await self._run(
            "run_next",
            [k.meta(gid), k.run(gid, pid), k.run_scores(gid), k.run_timers()],
            [step, now_ms, question, w.shown_ms, w.answers_open_ms, w.deadline_ms,
             int(window is None), closes_ms, run_member(gid, pid), run_id],
        )  # fmt: skip
        code = str(reply[0])
        return code, RunRead.read(reply[2]) if code == "ok" else None

    async def answer_run(
        self,
        gid: str,
        pid: str,
        question: int,
        *,
        now_ms: int,
        valid: bool,
        answer_json: str,
        elapsed_ms: int,
        correct: bool,
        scored: bool,
        base_points: int,
        step: int,
        cap: int,
        closes_ms: int,
        last: bool,
        expect: tuple[str, str],
    ) -> RunAnswerReply:
        """Record, score and reveal a run's answer (or the refusal's code). The question's
        timer goes in the same script unless the run ends now (`last`, or the challenge
        closed): then ``end_run`` removes it. ``expect`` is the (run id, step) the caller's
        window came from: ``moved`` when the run is no longer there."""
        k = self.keys
        keys = [
            k.meta(gid), k.run(gid, pid), k.run_answers(gid, pid), k.run_scores(gid),
            k.run_timers(),
        ]  # fmt: skip
        args: list[object] = [
            question, now_ms, int(valid), answer_json, elapsed_ms, int(correct), int(scored),
            base_points, step, cap, run_member(gid, pid), closes_ms, int(last), *expect,
        ]  # fmt: skip
        return RunAnswerReply.read(await self._run("run_answer", keys, args))

    async def close_run(self, gid: str, pid: str, *, step: int, now_ms: int, scored: bool) -> int:
        """Close the run's question at its deadline if the run is still at ``step``: the new
        step, or 0 (moved on, or not due)."""
        return int(
            await self._run("run_close", [self.keys.run(gid, pid)], [step, now_ms, int(scored)])
        )

    async def end_run(
        self,
        gid: str,
        pid: str,
        *,
        run_id: str,
        step: int,
        entry: str,
        now_ms: int,
        status: str = "",
    ) -> int:
        """End run ``run_id`` at ``step``, push its outbox ``entry`` (none when empty) and
        remove its timer, at once: 1, 0 (ended already, or another run) or -1 (it moved: read
        it again)."""
        k = self.keys
        return int(
            await self._run(
                "run_end",
                [k.meta(gid), k.run(gid, pid), k.runs_active(gid), k.outbox(), k.run_timers()],
                [run_id, entry, now_ms, status, pid, step, run_member(gid, pid)],
            )
        )

    async def run_standing(self, gid: str, score: int) -> tuple[int, int]:
        """(rank of ``score`` among the runs, runs that showed a question), in one round trip."""
        key = self.keys.run_scores(gid)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zcount(key, f"({score}", "+inf")
            pipe.zcard(key)
            above, count = await pipe.execute()
        return 1 + int(above), int(count)

    async def run_figures(self, gid: str) -> tuple[int, int, int]:
        """(players, runs not ended, runs ended with results) of a challenge."""
        k = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zcard(k.order(gid))
            pipe.scard(k.runs_active(gid))
            pipe.hget(k.meta(gid), "runs_finished")
            players, active, finished = await pipe.execute()
        return int(players), int(active), int(finished or 0)

    async def active_runs(self, gid: str) -> list[str]:
        """The players whose run has not ended."""
        return [str(p) async for p in self.redis.sscan_iter(self.keys.runs_active(gid))]

    # ---- run timers ----
    async def claim_due_runs(self, now_ms: int, lease_until_ms: int, limit: int = 500) -> list[str]:
        """Due runs (``<gid>|<pid>``), each pushed to a lease (timer_claim.lua)."""
        return cast(
            "list[str]",
            await self._run(
                "timer_claim", [self.keys.run_timers()], [now_ms, lease_until_ms, limit]
            ),
        )

    async def swap_run_timer(self, member: str, expected_ms: int, new_ms: int | None) -> bool:
        """Replace a run's timer only if it still holds ``expected_ms`` (timer_swap.lua)."""
        new = "" if new_ms is None else new_ms
        return bool(
            await self._run("timer_swap", [self.keys.run_timers()], [member, expected_ms, new])
        )

    async def run_timer_of(self, gid: str, pid: str) -> int | None:
        score = await self.redis.zscore(self.keys.run_timers(), run_member(gid, pid))
        return None if score is None else int(score)
