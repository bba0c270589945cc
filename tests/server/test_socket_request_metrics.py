"""The socket request metrics as Prometheus reads them: counts, cumulative buckets, sums."""

from __future__ import annotations

from prometheus_client import generate_latest

from server.metrics import Metrics


def lines(metrics: Metrics) -> set[str]:
    return set(generate_latest(metrics.registry).decode().splitlines())


def test_counts_buckets_and_answers() -> None:
    metrics = Metrics()
    sockets = metrics.sockets
    sockets.record("/play", "answer", "ok", 0.0004)
    sockets.record("/play", "answer", "ok", 0.001)  # on a bound: counted in that bucket
    sockets.record("/play", "answer", "question_closed", 0.003)
    sockets.record("/play", "answer", "ok", 9.0)  # past the last bound: +Inf only
    sockets.record("/host", "next", "ok", 0.02)
    sockets.answers += 3
    out = lines(metrics)
    play = 'event="answer",namespace="/play"'
    assert f'huddle_socket_requests_total{{{play},outcome="ok"}} 3.0' in out
    assert f'huddle_socket_requests_total{{{play},outcome="question_closed"}} 1.0' in out
    assert 'huddle_ack_seconds_bucket{event="answer",le="0.001",namespace="/play"} 2.0' in out
    assert 'huddle_ack_seconds_bucket{event="answer",le="0.0025",namespace="/play"} 2.0' in out
    assert 'huddle_ack_seconds_bucket{event="answer",le="0.005",namespace="/play"} 3.0' in out
    assert 'huddle_ack_seconds_bucket{event="answer",le="5.0",namespace="/play"} 3.0' in out
    assert 'huddle_ack_seconds_bucket{event="answer",le="+Inf",namespace="/play"} 4.0' in out
    assert f"huddle_ack_seconds_count{{{play}}} 4.0" in out
    assert any(line.startswith(f"huddle_ack_seconds_sum{{{play}}} 9.004") for line in out)
    assert 'huddle_ack_seconds_count{event="next",namespace="/host"} 1.0' in out
    assert "huddle_answers_total 3.0" in out
