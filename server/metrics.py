"""Prometheus metrics of one node, served at ``/metrics``."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
)
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

ACK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class SocketRequests(Collector):
    """Socket.IO requests by outcome, their ack times, and accepted answers.

    Updated on every request, so kept in plain dicts owned by the event loop and turned into
    metric families only when scraped: prometheus_client's own children take a lock per
    update, which was a tenth of the answer path's CPU (docs/performance.md).
    """

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, str], int] = {}
        # (namespace, event) -> per-bucket counts (the last is +Inf), then the sum.
        self.times: dict[tuple[str, str], list[float]] = {}
        self.answers = 0

    def record(self, namespace: str, event: str, outcome: str, seconds: float) -> None:
        key = (namespace, event, outcome)
        self.counts[key] = self.counts.get(key, 0) + 1
        times = self.times.get((namespace, event))
        if times is None:
            times = self.times[(namespace, event)] = [0.0] * (len(ACK_BUCKETS) + 2)
        times[bisect_left(ACK_BUCKETS, seconds)] += 1
        times[-1] += seconds

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "huddle_socket_requests",
            "Socket.IO requests by namespace, event and outcome (ok or the error code)",
            labels=["namespace", "event", "outcome"],
        )
        for labels, count in sorted(self.counts.items()):
            requests.add_metric(list(labels), count)
        yield requests
        acks = HistogramMetricFamily(
            "huddle_ack_seconds",
            "Time from receiving a Socket.IO request to its acknowledgement",
            labels=["namespace", "event"],
        )
        for where, times in sorted(self.times.items()):
            cumulative, buckets = 0.0, []
            for bound, in_bucket in zip((*ACK_BUCKETS, float("inf")), times[:-1], strict=True):
                cumulative += in_bucket
                buckets.append(("+Inf" if bound == float("inf") else repr(bound), cumulative))
            acks.add_metric(list(where), buckets, sum_value=times[-1])
        yield acks
        answers = CounterMetricFamily(
            "huddle_answers", "Answers acknowledged with ok: true", value=self.answers
        )
        yield answers


class Metrics:
    """The node's counters and gauges; one registry per app so tests can build several."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.players_connected = Gauge(
            "huddle_players_connected",
            "Player connections joined to a game on this node",
            registry=r,
        )
        self.live_games = Gauge(
            "huddle_live_games",
            "Games with at least one player connected to this node",
            registry=r,
        )
        self.sockets = SocketRequests()
        r.register(self.sockets)
        self.outbox_entries = Gauge(
            "huddle_outbox_entries",
            "Finished games whose results have not reached SQL yet",
            registry=r,
        )
        self.outbox_written = Counter(
            "huddle_outbox_written_total",
            "Finished games written to SQL by this node",
            registry=r,
        )
        self.outbox_set_aside = Counter(
            "huddle_outbox_set_aside_total",
            "Finished games whose results this node set aside: SQL cannot take them "
            "(huddle outbox list)",
            registry=r,
        )
        self.outbox_dead = Gauge(
            "huddle_outbox_dead_entries",
            "Results set aside in the outbox's dead-letter list, waiting for an operator",
            registry=r,
        )
        self.sql_writable = Gauge(
            "huddle_sql_writable",
            "1 while the last write check of SQL (each /readyz) succeeded, else 0",
            registry=r,
        )
        self._refresh: list[Callable[[], Awaitable[None]]] = []

    def on_scrape(self, refresh: Callable[[], Awaitable[None]]) -> None:
        """Run ``refresh`` before each scrape (for gauges read from elsewhere)."""
        self._refresh.append(refresh)

    async def render(self) -> bytes:
        for refresh in self._refresh:
            await refresh()
        return generate_latest(self.registry)
