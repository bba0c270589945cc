"""The self-paced run scripts (server/store/scripts/run_*.lua) against their specification
(games/runs.py, games/scoring.py), on a real Redis and on the embedded fakeredis: a run's
answer scores as a live game's, its deadline closes it once (compare-and-set on its step),
its end pushes its results once, and its attempts are counted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import fakeredis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis import Redis

from games.kinds.question import Question, Verdict
from games.runs import RunStep, next_step
from games.scoring import STREAK_STEP, ScoringRules, score_answer
from games.types import JSON
from server.store.keys import Keys
from server.store.lua import load_script
from tests.conftest import TEST_REDIS_URL, new_prefix
from tests.store.test_store_rules import answered_questions, rules_strategy

GID = "g1"
PID = "p1"
RUN_SCRIPTS = ("run_begin", "run_next", "run_answer", "run_close", "run_end")


class Runs:
    """The run scripts on one Redis, with a fresh challenge game per example."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._scripts = {n: redis.register_script(load_script(n)) for n in RUN_SCRIPTS}
        self.k = Keys(new_prefix())

    def run(self, name: str, keys: list[str], args: list[object]) -> Any:
        return self._scripts[name](keys=keys, args=args)

    def fresh(self) -> None:
        for key in self.redis.scan_iter(match=f"{self.k.prefix}:*", count=1000):
            self.redis.delete(key)
        self.redis.hset(self.k.meta(GID), mapping={"phase": "lobby", "seq": 1})

    def begin(self, run_id: str = "r1", attempts: int = 1, again: bool = False) -> list[Any]:
        k = self.k
        return list(
            self.run(
                "run_begin",
                [k.meta(GID), k.run(GID, PID), k.run_answers(GID, PID), k.runs_active(GID)],
                [PID, run_id, 1_000, attempts, int(again)],
            )
        )

    def show(self, q: int, *, step: int, deadline: int = 50_000, closes: int = 10**13) -> Any:
        k = self.k
        return self.run(
            "run_next",
            [k.meta(GID), k.run(GID, PID), k.run_scores(GID)],
            [step, 2_000, q, 2_000, 2_000, deadline, 0, closes],
        )

    def field(self, name: str) -> str | None:
        return self.redis.hget(self.k.run(GID, PID), name)  # type: ignore[return-value]

    def close(self, step: int, now: int = 60_000) -> int:
        return int(self.run("run_close", [self.k.run(GID, PID)], [step, now, 1]))

    def end(self, step: int, entry: str = '{"kind": "run"}') -> int:
        k = self.k
        return int(
            self.run(
                "run_end",
                [k.meta(GID), k.run(GID, PID), k.runs_active(GID), k.outbox()],
                ["r1", entry, 70_000, "", PID, step],
            )
        )


@pytest.fixture(scope="module", params=["redis", "fakeredis"])
def runs(request: pytest.FixtureRequest) -> Iterator[Runs]:
    redis: Redis = (
        Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        if request.param == "redis"
        else fakeredis.FakeRedis(decode_responses=True)
    )
    r = Runs(redis)
    yield r
    for key in redis.scan_iter(match=f"{r.k.prefix}:*", count=1000):
        redis.delete(key)
    redis.close()


@settings(max_examples=100)
@given(
    answered=answered_questions(),
    rules=rules_strategy,
    streak_before=st.integers(0, 12),
    elapsed_ms=st.integers(0, 250_000),
)
def test_a_run_answer_scores_as_score_answer(
    runs: Runs,
    answered: tuple[Question, JSON, Verdict],
    rules: ScoringRules,
    streak_before: int,
    elapsed_ms: int,
) -> None:
    question, value, verdict = answered
    limit = question.time_limit_ms
    expected = score_answer(rules, question, verdict, elapsed_ms, streak_before, limit)
    runs.fresh()
    assert runs.begin()[0] == "ok"
    assert runs.show(0, step=1)[0] == "ok"
    runs.redis.hset(runs.k.run(GID, PID), "streak", streak_before)
    k = runs.k
    reply = runs.run(
        "run_answer",
        [k.meta(GID), k.run(GID, PID), k.run_answers(GID, PID), k.run_scores(GID)],
        [
            0, 3_000, 1, json.dumps(value), elapsed_ms, int(verdict.correct),
            int(question.scored), rules.base_points(question, verdict, elapsed_ms, limit),
            STREAK_STEP, rules.bonus_cap(question),
        ],
    )  # fmt: skip
    assert reply[:4] == ["ok", expected.points, expected.streak, expected.points]
    assert runs.field("status") == "reveal" and runs.field("streak") == str(expected.streak)
    assert (runs.redis.zscore(k.run_scores(GID), "r1") or 0) == expected.points
    last = json.loads(runs.field("last") or "{}")
    assert last == {"answered": True, "correct": verdict.correct, "points": expected.points}


def test_the_deadline_closes_a_question_once_and_not_before(runs: Runs) -> None:
    runs.fresh()
    runs.begin()
    runs.show(0, step=1, deadline=50_000)
    assert runs.close(2, now=49_999) == 0  # not due yet
    assert runs.close(1) == 0  # a stale step: the run moved on since
    assert runs.close(2) == 3
    assert runs.close(2) == 0  # the racing node's close finds it moved
    assert runs.field("status") == "reveal" and runs.field("streak") == "0"


def test_a_run_ends_once_and_pushes_once(runs: Runs) -> None:
    runs.fresh()
    runs.begin()
    runs.show(0, step=1)
    runs.close(2)
    assert runs.end(3) == 1
    assert runs.end(3) == 0 and runs.end(2) == 0
    assert runs.redis.lrange(runs.k.outbox(), 0, -1) == ['{"kind": "run"}']
    assert runs.redis.hget(runs.k.meta(GID), "runs_finished") == "1"
    assert runs.redis.smembers(runs.k.runs_active(GID)) == set()
    # No new question after the end, nor once the challenge closed.
    assert runs.show(1, step=3)[0] == "challenge_closed"


def test_a_moved_run_is_not_ended_from_a_stale_read(runs: Runs) -> None:
    runs.fresh()
    runs.begin()
    assert runs.end(5) == -1 and runs.redis.llen(runs.k.outbox()) == 0


def test_attempts_are_counted(runs: Runs) -> None:
    runs.fresh()
    assert runs.begin(attempts=2) == ["ok", 1]
    assert runs.begin(attempts=2) == ["exists", 1]  # joining again keeps the run
    assert runs.begin("r2", attempts=2, again=True) == ["exists", 1]  # not ended yet
    runs.show(0, step=1)
    runs.close(2)
    assert runs.end(3) == 1
    assert runs.begin("r2", attempts=2, again=True) == ["ok", 2]
    assert runs.field("run") == "r2" and runs.field("status") == "ready"
    assert runs.redis.hlen(runs.k.run_answers(GID, PID)) == 0
    runs.redis.hset(runs.k.run(GID, PID), "ended", 1)
    assert runs.begin("r3", attempts=2, again=True) == ["no_attempts_left"]


def test_no_new_question_after_closes_ms(runs: Runs) -> None:
    runs.fresh()
    runs.begin()
    assert runs.show(0, step=1, closes=2_000)[0] == "challenge_closed"
    assert runs.field("status") == "ready"


@given(
    status=st.sampled_from(["ready", "question", "reveal", "done"]),
    q=st.integers(-1, 6),
    count=st.integers(1, 6),
)
def test_next_step_moves_one_question_at_a_time(status: Any, q: int, count: int) -> None:
    at = RunStep(status, q)
    to = next_step(at, count)
    if status in ("question", "done"):
        assert to == at
    elif status == "ready":
        assert to == RunStep("question", 0)
    elif q >= count - 1:
        assert to == RunStep("done", q)
    else:
        assert to == RunStep("question", q + 1)
