"""The load generator against real servers, small: its accounting, not its speed.

Speed is measured by ``make bench``, never asserted here. This checks that the generator
and the baseline keep to the protocol: every player joins, sees every question's state,
answers it, gets every ``result``, and the results API counts exactly the acknowledged
answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bench import servers
from bench.loadgen import LoadGen, Scenario, Target
from bench.sio import available_transports
from tests.conftest import TEST_REDIS_URL

PLAYERS = 20
QUESTIONS = 2

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def huddle() -> Iterator[servers.Cluster]:
    cluster = servers.start_huddle(1, redis_url=TEST_REDIS_URL)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def baseline() -> Iterator[servers.Cluster]:
    cluster = servers.start_baseline(1)
    yield cluster
    cluster.stop()


async def _play(cluster: servers.Cluster, transport: str) -> dict[str, Any]:
    scenario = Scenario(
        players=PLAYERS,
        questions=QUESTIONS,
        window_s=0.6,
        think_s=0.1,
        connect_concurrency=8,
        transport=transport,
        phase_timeout_s=20,
    )
    gen = LoadGen(Target(cluster.kind, cluster.urls, cluster.pids), scenario, lambda _m: None)
    try:
        return await gen.run()
    finally:
        await gen.close()


def _check(record: dict[str, Any], log: str) -> None:
    expected = PLAYERS * QUESTIONS
    assert record["errors"] == [], f"{record['errors']}\n{log}"
    assert record["join"]["joined"] == PLAYERS
    assert record["answers_acked"] == expected, record["answer_errors"]
    assert record["results_answered"] == record["answers_acked"]
    assert record["results_players"] == PLAYERS
    assert record["players_missing_a_question_state"] == 0
    assert record["results_events"] == expected
    assert record["seq_gaps"] == 0
    assert record["accounting_ok"] is True
    assert record["fanout_ms"]["n"] == expected
    assert record["ack_ms"]["n"] == expected


@pytest.mark.parametrize("transport", available_transports())
async def test_generator_accounting_against_huddle(huddle: servers.Cluster, transport: str) -> None:
    record = await _play(huddle, transport)
    _check(record, huddle.log_tail())


async def test_generator_accounting_against_the_baseline(baseline: servers.Cluster) -> None:
    record = await _play(baseline, available_transports()[0])
    _check(record, baseline.log_tail())
