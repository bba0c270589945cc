"""Prometheus metrics of one node, served at ``/metrics``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

ACK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


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
        self.answers = Counter(
            "huddle_answers_total", "Answers acknowledged with ok: true", registry=r
        )
        self.requests = Counter(
            "huddle_socket_requests_total",
            "Socket.IO requests by namespace, event and outcome (ok or the error code)",
            ["namespace", "event", "outcome"],
            registry=r,
        )
        self.ack_seconds = Histogram(
            "huddle_ack_seconds",
            "Time from receiving a Socket.IO request to its acknowledgement",
            ["namespace", "event"],
            buckets=ACK_BUCKETS,
            registry=r,
        )
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
        self._refresh: list[Callable[[], Awaitable[None]]] = []

    def on_scrape(self, refresh: Callable[[], Awaitable[None]]) -> None:
        """Run ``refresh`` before each scrape (for gauges read from elsewhere)."""
        self._refresh.append(refresh)

    async def render(self) -> bytes:
        for refresh in self._refresh:
            await refresh()
        return generate_latest(self.registry)
