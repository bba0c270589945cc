"""A client that keeps its websocket alive but never answers Engine.IO's pings is dropped, and
its connection closed.

The client is a raw ``websockets`` connection: its library answers the WebSocket-level pings
(uvicorn's keepalive), so only Engine.IO's own ping timeout can tell that it is gone. The node
runs with short pings (``HUDDLE_PING_INTERVAL_S`` / ``HUDDLE_PING_TIMEOUT_S``) to keep this short.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlparse

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.faults.conftest import FaultServers

PING_INTERVAL_S = 2
PING_TIMEOUT_S = 2
# Engine.IO notices within interval + timeout (+ one pass of its monitor, up to a timeout);
# the server then closes the websocket a ping timeout after its CLOSE packet. Plus slack.
CLOSED_WITHIN_S = PING_INTERVAL_S + 3 * PING_TIMEOUT_S + 4


async def test_a_client_that_answers_no_engineio_ping_is_disconnected(
    faults: FaultServers,
) -> None:
    env = {
        "HUDDLE_PING_INTERVAL_S": str(PING_INTERVAL_S),
        "HUDDLE_PING_TIMEOUT_S": str(PING_TIMEOUT_S),
    }
    c = await asyncio.to_thread(faults.cluster, 1, env=env)
    url = urlparse(c.nodes[0].url)
    received: list[str] = []
    started = time.monotonic()
    async with connect(
        f"ws://{url.hostname}:{url.port}/socket.io/?EIO=4&transport=websocket",
        ping_interval=None,
        open_timeout=10,
        compression=None,
    ) as ws:
        opened = await asyncio.wait_for(ws.recv(), 10)
        assert isinstance(opened, str) and opened.startswith("0{"), opened
        await ws.send("40/play,")
        closed_after = None
        try:
            while time.monotonic() - started < CLOSED_WITHIN_S + 10:
                msg = await asyncio.wait_for(ws.recv(), CLOSED_WITHIN_S + 10)
                received.append(str(msg))  # pings ("2") are read and never answered
        except ConnectionClosed:
            closed_after = time.monotonic() - started
        except TimeoutError:
            pass  # nothing more came, and the connection is still open
    assert any(m.startswith("40/play,") for m in received), received
    assert "2" in received, f"no Engine.IO ping came: {received}"
    assert closed_after is not None, f"still connected after {CLOSED_WITHIN_S + 10} s"
    assert closed_after <= CLOSED_WITHIN_S, f"closed only after {closed_after:.1f} s"
