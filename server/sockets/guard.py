"""What every socket request passes on its way in: abuse limits and measurements.

Limits: connections per client address (per node; ``/screen`` ones apart), Socket.IO messages
per client address per second before they are decoded (per node), requests per connection per
second, failed ``/screen`` PIN lookups per address per minute, and new joins per client
address per minute (across nodes, counted in Redis). Behind a reverse
proxy, the client address comes from ``X-Forwarded-For`` when the peer is a trusted proxy.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from server.challenge import JoinChallenges
from server.limits import ConnectionCounter, KeyedBuckets
from server.metrics import Metrics
from server.settings import Settings
from server.store.redis_store import GameStore


def _trusted(address: str, trusted: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address in trusted
    for entry in trusted:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _peer(environ: dict[str, Any]) -> str:
    """The address at the other end of the TCP connection. Engine.IO's ASGI driver puts a
    fixed ``REMOTE_ADDR`` of 127.0.0.1 in the environ; the ASGI scope has the real one."""
    scope = environ.get("asgi.scope")
    client = scope.get("client") if isinstance(scope, dict) else None
    if client:
        return str(client[0])
    return str(environ.get("REMOTE_ADDR") or "unknown")


def client_address(environ: dict[str, Any], trusted: tuple[str, ...]) -> str:
    """The client's address: the peer, or, when the peer is a trusted proxy (an address or a
    network in ``HUDDLE_TRUSTED_PROXIES``), the last untrusted hop of X-Forwarded-For."""
    peer = _peer(environ)
    if not trusted or not _trusted(peer, trusted):
        return peer
    forwarded = str(environ.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    while hops and _trusted(hops[-1], trusted):
        hops.pop()
    return hops[-1] if hops else peer


# Addresses over a join limit a node remembers (for the current minute) at most.
MAX_NOTED_ADDRESSES = 100_000


class Guard:
    def __init__(self, settings: Settings, store: GameStore, metrics: Metrics) -> None:
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.connections = ConnectionCounter(settings.max_conn_per_ip)
        self.events = KeyedBuckets(settings.event_rate_per_s, settings.event_burst)
        self.address: dict[str, str] = {}
        # (address, "free" | "limit") -> the minute the address went over that join limit.
        self._over: dict[tuple[str, str], int] = {}
        self.challenges = JoinChallenges(settings.secret.encode(), settings.join_challenge_bits)
        # Engine.IO connections, counted before any namespace is joined (a bare connection
        # that never joins one still holds a socket).
        self.transports = ConnectionCounter(settings.max_conn_per_ip)
        self.transport_address: dict[str, str] = {}
        self.messages = KeyedBuckets(settings.address_rate_per_s, settings.address_burst)
        self.screens = ConnectionCounter(settings.max_screens_per_ip)
        # A token bucket that refills a minute's allowance over a minute.
        self.watch_failures = KeyedBuckets(
            settings.watch_failures_per_min / 60, settings.watch_failures_per_min
        )

    def pace(self, eio_sid: str) -> float:
        """Seconds the websocket reader of ``eio_sid`` waits before it lets the message it
        just read through (0 within its address's budget): a flooding address's connections
        are read no faster than ``HUDDLE_ADDRESS_RATE_PER_S`` together, and the rest waits
        unread in the kernel, costing the node nothing."""
        if self.settings.address_rate_per_s == 0:
            return 0.0
        address = self.transport_address.get(eio_sid, "unknown")
        return self.messages.reserve(address, time.monotonic())

    def allow_message(self, address: str, now: float) -> bool:
        """One more Socket.IO message from ``address`` (before it is decoded)."""
        if self.settings.address_rate_per_s == 0:
            return True
        return self.messages.allow(address, now)

    def open_transport(self, eio_sid: str, environ: dict[str, Any]) -> bool:
        """Admit an Engine.IO connection; False when its address is at the cap."""
        address = client_address(environ, self.settings.trusted_proxies)
        if not self.transports.open(address):
            return False
        self.transport_address[eio_sid] = address
        return True

    def close_transport(self, eio_sid: str) -> None:
        address = self.transport_address.pop(eio_sid, None)
        if address is not None:
            self.transports.close(address)

    def connect(self, key: str, environ: dict[str, Any]) -> bool:
        """Admit a connection (``key`` = namespace + sid); False when its address is at the cap
        (``/screen`` connections have a cap of their own, below the general one)."""
        address = client_address(environ, self.settings.trusted_proxies)
        screen = key.startswith("/screen#")
        if screen and not self.screens.open(address):
            return False
        if not self.connections.open(address):
            if screen:
                self.screens.close(address)
            return False
        self.address[key] = address
        return True

    def disconnect(self, key: str) -> None:
        address = self.address.pop(key, None)
        if address is not None:
            self.connections.close(address)
            if key.startswith("/screen#"):
                self.screens.close(address)
        self.events.forget(key)

    def may_watch(self, key: str) -> bool:
        """Whether the connection's address may try a ``/screen`` PIN (it has failed lookups
        left this minute); ``watch_failed`` spends one."""
        if self.settings.watch_failures_per_min == 0:
            return True
        return self.watch_failures.peek(self.address.get(key, "unknown"), time.monotonic())

    def watch_failed(self, key: str) -> None:
        if self.settings.watch_failures_per_min:
            self.watch_failures.allow(self.address.get(key, "unknown"), time.monotonic())

    def allow_event(self, key: str) -> bool:
        if self.settings.event_rate_per_s == 0:
            return True
        return self.events.allow(key, time.monotonic())

    async def admit_join(
        self, key: str, payload: dict[str, Any], now_ms: int
    ) -> tuple[str, dict[str, object] | None]:
        """Whether a new player may join from the connection's address: ``("ok", None)``, or
        a refusal code and, for ``challenge_required`` / ``challenge_failed``, a challenge.

        The first ``HUDDLE_JOIN_CHALLENGE_AFTER`` joins an address makes in a minute pass;
        beyond that each join must carry a solved challenge (``challenge`` + ``solution``,
        server/challenge.py), which costs a browser about 100 ms and a bot farm as much per
        join. At most ``HUDDLE_JOIN_RATE_PER_MIN`` are admitted a minute, solved or not.
        Counted across nodes in Redis."""
        limit = self.settings.join_rate_per_min
        if limit == 0:
            return "ok", None
        address = self.address.get(key, "unknown")
        after = self.settings.join_challenge_after
        minute = now_ms // 60_000
        # Once Redis said an address is over a limit this minute, this node answers its
        # further joins itself: a flood costs no Redis round trip per join.
        if self._over.get((address, "limit")) == minute:
            return "rate_limited", None
        if "challenge" in payload or "solution" in payload:
            nonce = self.challenges.check(
                payload.get("challenge"), payload.get("solution"), address, now_ms
            )
            if nonce is None or not await self.store.claim_challenge(nonce, self.challenges.ttl_ms):
                return "challenge_failed", self.challenges.issue(address, now_ms)
        elif after and (
            self._over.get((address, "free")) == minute
            or await self.store.count_join_try(address, now_ms) > after
        ):
            self._note_over(address, "free", minute)
            return "challenge_required", self.challenges.issue(address, now_ms)
        if await self.store.count_join(address, now_ms) > limit:
            self._note_over(address, "limit", minute)
            return "rate_limited", None
        return "ok", None

    def _note_over(self, address: str, what: str, minute: int) -> None:
        if len(self._over) >= MAX_NOTED_ADDRESSES:
            self._over = {k: m for k, m in self._over.items() if m == minute}
            if len(self._over) >= MAX_NOTED_ADDRESSES:
                self._over.clear()  # a flood of addresses: forget; Redis still counts
        self._over[(address, what)] = minute
