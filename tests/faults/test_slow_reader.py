"""A player whose connection stops reading slows nobody down and does not eat the server's memory.

Raw WebSocket clients (the ``websockets`` package, tiny receive buffers) join a game over
Engine.IO/Socket.IO by hand and then never read again, while the host drives the game through
hundreds of ``state`` broadcasts with the largest question texts the quiz format allows. The
same broadcasts are first timed without them (the baseline).

Asserted:
- fan-out: the time from the host's ``next`` to the last normal player receiving the state is,
  at the median and the 90th percentile, at most ``2 × baseline + 200 ms``;
- memory: the node's RSS grows by less than ``RSS_BOUND_MB`` while the readers are stuck;
- the node drops them (a server-side disconnect; the host's roster shows them disconnected)
  within ``PING_INTERVAL_S + PING_TIMEOUT_S`` + ``DROP_SLACK_S`` of their last read. The test
  lowers the node's pings (``HUDDLE_PING_INTERVAL_S``/``HUDDLE_PING_TIMEOUT_S``, default
  20 s each) to keep the suite short;
- and it lets go of their connections: the node closes their TCP connections within
  ``CLOSE_BOUND_S`` of dropping them, although they still never read. Usually at once (the
  keepalive's close frame fits in the kernel's buffer); when Engine.IO ends the socket first,
  the node aborts the connection a ping timeout later (``server.sockets.transport``): at once
  when the client has left anything unread, else after one more ping timeout for the closing
  handshake. Once a connection that uvicorn's keepalive had closed (waiting for its unread
  backlog, under the pause mark, to drain) was kept for ever; hence the generous bound.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from functools import partial
from typing import Any
from urllib.parse import urlparse

import pytest
from websockets.asyncio.client import ClientConnection, connect

from games.limits import MAX_PROMPT, MAX_TILE_TEXT
from tests.e2e.helpers import (
    Host,
    Player,
    assert_ok,
    close_all,
    connect_all,
    has,
    new_game,
    now_ms,
)
from tests.faults.conftest import FaultServers
from tests.faults.support import median, percentile, rss_kb

PING_INTERVAL_S = 3
PING_TIMEOUT_S = 3
DROP_SLACK_S = 4.0
CLOSE_BOUND_S = 15.0
RSS_BOUND_MB = 50
NORMAL_PLAYERS = 5
SLOW_READERS = 3
BASELINE_STEPS = 60
# 480, not 300, since the texts a host may write shrank (games/limits.py: a prompt of 200
# characters, tiles of 90, were 500 and 200): the stuck readers are still sent at least as many
# bytes as before.
STALLED_STEPS = 480


def big_question(i: int) -> dict[str, Any]:
    """A question as large as a host may write one (games.limits: a prompt of 200 characters,
    six choices of 90, an explanation of 1000)."""
    prompt = f"{i:03d} " + "Which of these long answers is right? " * 5
    return {
        "kind": "choice",
        "prompt": prompt + "?" * (MAX_PROMPT - len(prompt)),
        "choices": [
            (f"{i:03d}-{c} " + f"choice {c} " * 9).ljust(MAX_TILE_TEXT, "!") for c in range(6)
        ],
        "correct": [i % 6],
        "time_limit_ms": 240000,
        "explanation": "x" * 1000,
    }


class SlowReader:
    """A phone that joins by hand and then stops reading its socket."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ws: ClientConnection | None = None
        self.player_id = ""
        self.local_port = 0

    async def join(self, pin: str, nickname: str) -> None:
        parsed = urlparse(self.url)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: small window
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (parsed.hostname, parsed.port))
        self.local_port = sock.getsockname()[1]
        self.ws = await connect(
            f"ws://{parsed.hostname}:{parsed.port}/socket.io/?EIO=4&transport=websocket",
            sock=sock,
            max_queue=1,
            ping_interval=None,
            open_timeout=10,
            compression=None,
        )
        opened = await self._recv()
        assert opened.startswith("0{"), opened
        await self.ws.send("40/play,")
        assert (await self._recv()).startswith("40/play,"), "namespace not joined"
        payload = json.dumps(["join", {"pin": pin, "nickname": nickname}])
        await self.ws.send(f"42/play,1{payload}")
        while True:
            msg = await self._recv()
            if msg.startswith("43/play,1"):
                ack = json.loads(msg[len("43/play,1") :])[0]
                assert_ok(ack, "slow reader join")
                self.player_id = ack["player"]["id"]
                return

    async def _recv(self) -> str:
        assert self.ws is not None
        msg = await asyncio.wait_for(self.ws.recv(), timeout=10)
        assert isinstance(msg, str), msg
        return msg

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.transport.abort()


def established_from(server_port: int, client_ports: set[int]) -> set[int]:
    """Client ports that still have an ESTABLISHED TCP connection to the server's port."""
    found: set[int] = set()
    with open("/proc/net/tcp", encoding="ascii") as f:
        next(f)
        for line in f:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if state != "01":  # ESTABLISHED
                continue
            lport, rport = int(local.split(":")[1], 16), int(remote.split(":")[1], 16)
            if lport == server_port and rport in client_ports:
                found.add(rport)
    return found


async def drive(host: Host, players: list[Player], steps: int) -> list[float]:
    """Run `steps` host commands; per step, ms from sending ``next`` to the last player's state."""
    times: list[float] = []
    for _ in range(steps):
        sent = now_ms()
        ack = assert_ok(await host.call("next", {}), "next")
        seq = ack["state"]["seq"]
        records = await asyncio.gather(
            *(p.wait_for_record("state", partial(has, seq=seq)) for p in players)
        )
        times.append(float(max(r.at_ms for r in records) - sent))
    return times


@pytest.mark.slow
async def test_a_stalled_reader_slows_nobody_and_is_dropped(faults: FaultServers) -> None:
    env = {
        "HUDDLE_PING_INTERVAL_S": str(PING_INTERVAL_S),
        "HUDDLE_PING_TIMEOUT_S": str(PING_TIMEOUT_S),
    }
    c = await asyncio.to_thread(faults.cluster, 1, env=env)
    node = c.nodes[0]
    pid = node.proc.pid
    questions = [big_question(i) for i in range((BASELINE_STEPS + STALLED_STEPS) // 3 + 2)]
    game = await new_game(node.url, questions)
    host = Host(node.url)
    players = [Player(node.url) for _ in range(NORMAL_PLAYERS)]
    slow = [SlowReader(node.url) for _ in range(SLOW_READERS)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(players):
            await p.join(game.pin, f"Reader {i}")
        assert_ok(await host.call("start", {}))
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))

        baseline = await drive(host, players, BASELINE_STEPS)

        for i, s in enumerate(slow):
            await s.join(game.pin, f"Stalled {i}")
        stalled_at = time.monotonic()  # from here on they never read
        rss_before = rss_kb(pid)
        stalled = await drive(host, players, STALLED_STEPS)
        rss_after = rss_kb(pid)
        stall_s = time.monotonic() - stalled_at
        seen = players[0].states()[-STALLED_STEPS:]
        backlog_kb = sum(len(json.dumps(st)) for st in seen) // 1024

        b50, b90 = median(baseline), percentile(baseline, 90)
        s50, s90 = median(stalled), percentile(stalled, 90)
        print(
            f"fan-out ms: baseline median {b50:.0f} p90 {b90:.0f}; with {SLOW_READERS} stalled "
            f"readers median {s50:.0f} p90 {s90:.0f}; stall {stall_s:.1f}s, {backlog_kb} kB of "
            f"states sent to each stalled reader; "
            f"RSS {rss_before // 1024} -> {rss_after // 1024} MB"
        )
        assert s50 <= 2 * b50 + 200, f"median fan-out {s50} ms vs baseline {b50} ms"
        assert s90 <= 2 * b90 + 200, f"p90 fan-out {s90} ms vs baseline {b90} ms"
        growth_mb = (rss_after - rss_before) / 1024
        assert growth_mb < RSS_BOUND_MB, f"RSS grew {growth_mb:.1f} MB with stalled readers"

        # The node drops them: they answer no ping.
        ids = {s.player_id for s in slow}
        drop_bound = PING_INTERVAL_S + PING_TIMEOUT_S + DROP_SLACK_S
        while True:
            page = assert_ok(await host.call("roster", {}))
            still = {p["id"] for p in page["players"] if p["id"] in ids and p["connected"]}
            if not still:
                break
            waited = time.monotonic() - stalled_at
            assert waited <= drop_bound, f"{len(still)} stalled readers kept after {waited:.1f}s"
            await asyncio.sleep(0.2)
        dropped_at = time.monotonic()
        print(f"dropped {dropped_at - stalled_at:.1f}s after they stopped reading")

        # ... and lets go of their sockets, though they still do not read.
        server_port = int(urlparse(node.url).port or 0)
        ports = {s.local_port for s in slow}
        while established_from(server_port, ports):
            assert time.monotonic() - dropped_at <= CLOSE_BOUND_S, (
                f"connections of dropped readers still open {CLOSE_BOUND_S}s later: "
                f"{established_from(server_port, ports)}"
            )
            await asyncio.sleep(0.2)
        print(f"closed {time.monotonic() - dropped_at:.1f}s after the drop")

        # The game goes on for everyone else.
        for _ in range(3):
            assert_ok(await host.call("next", {}))
        assert all(p.connected for p in players)
    finally:
        for s in slow:
            await s.close()
        await close_all([host, *players])
        await game.account.close()
