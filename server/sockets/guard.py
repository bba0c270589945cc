"""What every socket request passes on its way in: abuse limits and measurements.

Limits: connections per client address (per node), requests per connection per second, and
new joins per client address per minute (across nodes, counted in Redis). Behind a reverse
proxy, the client address comes from ``X-Forwarded-For`` when the peer is a trusted proxy.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

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


class Guard:
    def __init__(self, settings: Settings, store: GameStore, metrics: Metrics) -> None:
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.connections = ConnectionCounter(settings.max_conn_per_ip)
        self.events = KeyedBuckets(settings.event_rate_per_s, settings.event_burst)
        self.address: dict[str, str] = {}
        # Engine.IO connections, counted before any namespace is joined (a bare connection
        # that never joins one still holds a socket).
        self.transports = ConnectionCounter(settings.max_conn_per_ip)
        self.transport_address: dict[str, str] = {}

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
        """Admit a connection (``key`` = namespace + sid); False when its address is at the cap."""
        address = client_address(environ, self.settings.trusted_proxies)
        if not self.connections.open(address):
            return False
        self.address[key] = address
        return True

    def disconnect(self, key: str) -> None:
        address = self.address.pop(key, None)
        if address is not None:
            self.connections.close(address)
        self.events.forget(key)

    def allow_event(self, key: str) -> bool:
        if self.settings.event_rate_per_s == 0:
            return True
        return self.events.allow(key, time.monotonic())

    async def allow_join(self, key: str, now_ms: int) -> bool:
        """New joins per client address per minute, counted across nodes."""
        limit = self.settings.join_rate_per_min
        if limit == 0:
            return True
        address = self.address.get(key, "unknown")
        return await self.store.count_join(address, now_ms) <= limit
