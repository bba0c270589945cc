"""Repeated runs: the reported run is each target's median by answer-ack p99."""

from __future__ import annotations

from bench.run import median_run, repeat_figures


def run(p99: float, name: str) -> dict[str, object]:
    return {"name": name, "ack_ms": {"p50": 0.5, "p99": p99}, "fanout_ms": {"p50": 1, "p99": 2}}


def test_the_median_run_is_reported_and_a_failed_run_counts_as_slowest() -> None:
    assert median_run([run(3.0, "a"), run(1.0, "b"), run(2.0, "c")])["name"] == "c"
    assert (
        median_run([run(3.0, "a"), {"name": "failed", "error": "x"}, run(1.0, "b")])["name"] == "a"
    )
    assert median_run([run(4.0, "a"), run(1.0, "b")])["name"] == "b"  # the lower middle
    assert median_run([run(2.0, "only")])["name"] == "only"


def test_each_repeat_keeps_its_headline_figures() -> None:
    figures = repeat_figures(run(2.5, "a") | {"attempt": 1, "other_cpu_s": 0.4})
    assert figures == {
        "attempt": 1,
        "fanout_ms": {"p50": 1, "p99": 2},
        "ack_ms": {"p50": 0.5, "p99": 2.5},
        "other_cpu_s": 0.4,
    }
