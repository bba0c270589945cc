"""Clients that never read cannot make a node hold their backlog: over the cap on bytes queued
for one connection (``HUDDLE_MAX_QUEUED_BYTES``) the node aborts it, long before a ping
timeout would, and the kernel's send buffer of each websocket stays near that size.

Stalled readers (tiny receive windows, never reading) join a game while the host drives large
states through it. Pings are slow here (60 s), so only the queue cap can drop them within the
test. Measured from ``/proc``: the node's RSS, and the bytes in the kernel's send queue of the
node's side of each stalled connection (``tx_queue`` of ``/proc/net/tcp``).
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlparse

import pytest

from tests.e2e.helpers import Host, Player, assert_ok, close_all, connect_all, new_game
from tests.faults.conftest import FaultServers
from tests.faults.support import rss_kb
from tests.faults.test_slow_reader import SlowReader, big_question, drive, established_from

CAP = 64 * 1024
STALLED = 30
STEPS = 150
# Per stalled connection, the node's kernel send queue may hold about the cap (SO_SNDBUF, which
# Linux doubles); without it Linux grows a stalled socket's buffer to 4 MB.
KERNEL_BOUND = 4 * CAP


def send_queues(server_port: int, client_ports: set[int]) -> dict[int, int]:
    """Bytes waiting in the kernel's send queue of the server side of each connection."""
    found: dict[int, int] = {}
    with open("/proc/net/tcp", encoding="ascii") as f:
        next(f)
        for line in f:
            fields = line.split()
            lport = int(fields[1].split(":")[1], 16)
            rport = int(fields[2].split(":")[1], 16)
            if lport == server_port and rport in client_ports:
                found[rport] = int(fields[4].split(":")[0], 16)
    return found


@pytest.mark.slow
async def test_clients_that_never_read_are_dropped_at_the_queue_cap(faults: FaultServers) -> None:
    env = {
        "HUDDLE_PING_INTERVAL_S": "60",
        "HUDDLE_PING_TIMEOUT_S": "60",
        "HUDDLE_MAX_QUEUED_BYTES": str(CAP),
    }
    c = await asyncio.to_thread(faults.cluster, 1, env=env)
    node = c.nodes[0]
    server_port = int(urlparse(node.url).port or 0)
    game = await new_game(node.url, [big_question(i) for i in range(STEPS // 3 + 2)])
    host, reader = Host(node.url), Player(node.url)
    slow = [SlowReader(node.url) for _ in range(STALLED)]
    try:
        await connect_all([host, reader])
        await host.attach(game.id, game.host_key)
        await reader.join(game.pin, "Reads fine")
        for i, s in enumerate(slow):
            await s.join(game.pin, f"Stalled {i}")
        ports = {s.local_port for s in slow}
        assert_ok(await host.call("start", {}))
        rss_before = rss_kb(node.proc.pid)
        peak: dict[int, int] = {}

        async def sample() -> None:
            while True:
                for port, queued in send_queues(server_port, ports).items():
                    peak[port] = max(peak.get(port, 0), queued)
                await asyncio.sleep(0.05)

        sampler = asyncio.ensure_future(sample())
        started = time.monotonic()
        try:
            await drive(host, [reader], STEPS)
            # Dropped: their TCP connections are gone, though they never read (and no ping
            # timed out: that would take two minutes).
            deadline = time.monotonic() + 30
            while established_from(server_port, ports):
                assert time.monotonic() < deadline, (
                    f"{len(established_from(server_port, ports))} stalled readers still "
                    f"connected; kernel send queue per connection up to "
                    f"{max(peak.values(), default=0) // 1024} kB, RSS "
                    f"{rss_before // 1024} -> {rss_kb(node.proc.pid) // 1024} MB"
                )
                await asyncio.sleep(0.1)
        finally:
            sampler.cancel()
            await asyncio.gather(sampler, return_exceptions=True)
        took = time.monotonic() - started
        rss_after = rss_kb(node.proc.pid)
        worst = max(peak.values(), default=0)
        print(
            f"\n{STALLED} stalled readers dropped within {took:.1f}s; kernel send queue per "
            f"connection at most {worst // 1024} kB (total {sum(peak.values()) // 1024} kB); "
            f"RSS {rss_before // 1024} -> {rss_after // 1024} MB"
        )
        assert worst <= KERNEL_BOUND, f"{worst} bytes queued in the kernel for one connection"
        # The host's roster shows them disconnected, and the game goes on for the others.
        page = assert_ok(await host.call("roster", {}))
        stalled_ids = {s.player_id for s in slow}
        assert not [p for p in page["players"] if p["id"] in stalled_ids and p["connected"]]
        assert_ok(await host.call("next", {}))
        assert reader.connected
    finally:
        for s in slow:
            await s.close()
        await close_all([host, reader])
        await game.account.close()
