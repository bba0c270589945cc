"""The self-paced generator against a real Huddle, small: its checks, not its speed.

A dozen players play a two-question challenge at their own pace, some questions left to the
server's deadline. What ``make bench`` reports as correctness must hold here: every
acknowledged answer is in SQL, every run is there once, each deadline fired exactly once and
only for a question left unanswered, nothing leaked a correct answer, nothing reached the
outbox's dead letters. Timings are never asserted.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench import servers
from bench.loadgen import Target
from bench.selfpaced import Pace, SelfPacedGen, leaks_answer
from bench.sio import available_transports
from tests.conftest import TEST_REDIS_URL

PACE = Pace(
    players=12,
    questions=2,
    rate=60.0,  # a cycle of 0.2 s per player: the deadlines (5 s) are the long part
    think_s=(0.05, 0.2),
    pass_every=4,  # a quarter of the questions are left to their deadline
    time_limit_ms=5000,
    connect_concurrency=6,
    transport=available_transports()[0],
    phase_timeout_s=30,
)


def test_the_deadlines_left_to_pass_are_spread_evenly() -> None:
    pace = Pace(players=100, questions=5, pass_every=20)
    assert pace.passed_total() == 25
    assert {q for i in range(100) for q in range(5) if pace.passes(i, q)} == set(range(5))
    assert Pace(players=10, pass_every=0).passed_total() == 0


def test_a_question_view_with_its_answer_counts_as_a_leak() -> None:
    view = {"kind": "choice", "prompt": "Which?", "choices": ["a", "b"]}
    # the top-level "correct" is the player's count of right answers, not the answer
    assert not leaks_answer({"status": "question", "correct": 2, "view": view})
    assert leaks_answer({"status": "question", "view": {**view, "correct": [1]}})
    assert leaks_answer({"status": "question", "view": {"parts": [{"correct_answer": 1}]}})
    assert leaks_answer({"status": "question", "view": view, "result": {"correct": True}})


@pytest.fixture(scope="module")
def huddle() -> Iterator[servers.Cluster]:
    cluster = servers.start_huddle(1, redis_url=TEST_REDIS_URL)
    yield cluster
    cluster.stop()


@pytest.mark.slow
async def test_selfpaced_run_loses_nothing_and_fires_each_deadline_once(
    huddle: servers.Cluster,
) -> None:
    target = Target(
        "huddle",
        huddle.urls,
        huddle.pids,
        database_url=huddle.database_url,
        redis_url=huddle.redis_url,
        redis_prefix=huddle.prefix,
    )
    gen = SelfPacedGen(target, PACE, lambda _m: None)
    try:
        record = await gen.run()
    finally:
        await gen.close()
    log = huddle.log_tail()
    passed = PACE.passed_total()
    assert passed == PACE.players // 2
    assert record["errors"] == [], f"{record['errors']}\n{log}"
    assert record["join"]["joined"] == PACE.players
    assert record["answers_acked"] == PACE.players * PACE.questions - passed, record
    assert record["answer_errors"] == {} and record["run_next_errors"] == {}, record
    assert record["answers_in_sql"] == record["answers_acked"], log
    assert record["answers_lost"] == 0 and record["answers_in_sql_not_acked"] == 0
    assert record["runs_in_sql"] == PACE.players and record["runs_finished"] == PACE.players
    assert record["players_with_several_runs"] == 0
    assert record["deadline_reveals"] == passed == record["deadlines_expected"]
    assert record["deadlines_missing"] == 0 and record["deadlines_fired_twice"] == 0
    assert record["unexpected_run_events"] == 0
    assert record["answers_leaked_before_reveal"] == 0
    assert record["outbox_dead"] == 0
    assert record["unexpected_disconnects"] == 0
    assert record["ack_ms"]["n"] == record["answers_acked"]
    assert record["correct_ok"] is True
