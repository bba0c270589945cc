"""Prometheus metrics at ``/metrics``: players connected, live games, answers, the ack
latency histogram and the outbox lag, each moving as a game goes on."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.abuse.support import LIMITS_OFF, BoundHost, BoundPlayer, Servers, loopback
from tests.e2e.helpers import assert_ok, close_all, connect_all, new_game

QUESTIONS: list[dict[str, Any]] = [
    {"kind": "choice", "prompt": "Pick c", "choices": ["a", "b", "c"], "correct": [2]},
    {"kind": "true_false", "prompt": "Yes?", "correct": True},
]

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(url: str) -> Samples:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        resp = await http.get("/metrics")
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/plain"), resp.headers
    samples: Samples = {}
    for family in text_string_to_metric_families(resp.text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def ack_count(samples: Samples, event: str, ns: str = "/play") -> float:
    return value(samples, "huddle_ack_seconds_count", namespace=ns, event=event)


async def test_metrics_follow_a_game(servers: Servers) -> None:
    # The outbox is drained at start and then once a minute: the finished game waits in it.
    group = servers.start(1, env={**LIMITS_OFF, "HUDDLE_OUTBOX_POLL_MS": "60000"})
    url = group.url
    before = await scrape(url)
    for name in ("huddle_players_connected", "huddle_live_games", "huddle_outbox_entries"):
        assert (name, ()) in before, f"{name} is missing"
    assert value(before, "huddle_players_connected") == 0
    assert value(before, "huddle_live_games") == 0
    assert value(before, "huddle_outbox_entries") == 0
    answers0 = value(before, "huddle_answers_total")

    game = await new_game(url, QUESTIONS)
    host = BoundHost(url, loopback(1)[0])
    players = [BoundPlayer(url, a) for a in loopback(3)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(players):
            await p.join(game.pin, f"M{i}")
        joined = await scrape(url)
        assert value(joined, "huddle_players_connected") == 3
        assert value(joined, "huddle_live_games") == 1
        assert (
            value(
                joined,
                "huddle_socket_requests_total",
                namespace="/play",
                event="join",
                outcome="ok",
            )
            == 3
        )

        for q, right in enumerate((2, True)):
            await host.command("start" if q == 0 else "next")
            await players[0].wait_state("question", q)
            for p in players:
                assert_ok(await p.answer(q, right))
            await players[0].wait_state("reveal", q)
            await host.command("next")
        played = await scrape(url)
        assert value(played, "huddle_answers_total") - answers0 == 6
        assert ack_count(played, "answer") - ack_count(before, "answer") == 6
        # The histogram: cumulative buckets up to +Inf, a positive sum.
        buckets = sorted(
            (float(dict(labels)["le"]), v)
            for (name, labels), v in played.items()
            if name == "huddle_ack_seconds_bucket"
            and dict(labels).get("event") == "answer"
            and dict(labels).get("namespace") == "/play"
        )
        assert buckets[-1] == (float("inf"), ack_count(played, "answer")), buckets
        assert [v for _, v in buckets] == sorted(v for _, v in buckets), buckets
        assert value(played, "huddle_ack_seconds_sum", namespace="/play", event="answer") > 0
        refused = await players[0].call("answer", {"question": 1, "answer": True})
        assert refused["ok"] is False
        outcome = refused["error"]["code"]
        counted = await scrape(url)
        assert value(
            counted, "huddle_socket_requests_total", namespace="/play", event="answer",
            outcome=outcome,
        ) >= 1  # fmt: skip

        # The game finishes: its results wait in the outbox until a writer takes them.
        await host.command("next")
        await players[0].wait_state("finished")
        lag = await scrape(url)
        assert value(lag, "huddle_outbox_entries") == 1
        assert value(lag, "huddle_outbox_written_total") == 0
    finally:
        await close_all([host, *players])

    left = await scrape(url)
    assert value(left, "huddle_players_connected") == 0
    assert value(left, "huddle_live_games") == 0

    # Another node starts, drains the outbox at once; the first node's gauge sees it go.
    second = servers.add_node(group, {"HUDDLE_OUTBOX_POLL_MS": "50"})
    await game.account.wait_results(game.id)
    for _ in range(50):
        if value(await scrape(url), "huddle_outbox_entries") == 0:
            break
        await asyncio.sleep(0.1)
    assert value(await scrape(url), "huddle_outbox_entries") == 0
    assert value(await scrape(second.url), "huddle_outbox_written_total") == 1
    await game.account.close()
