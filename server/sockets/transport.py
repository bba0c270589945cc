"""A leaner websocket loop for Engine.IO: no task and no timer per message.

python-engineio (4.x) runs each websocket connection as two loops. The reader wraps every
incoming message in a new task and an ``asyncio.wait_for`` with a timeout; the writer does the
same for every batch it sends (``AsyncSocket.poll``). On Python 3.11 each ``wait_for`` makes
a future, a timer and callbacks, and each wrapper adds two event-loop passes between a
message's arrival and its handler, and between an emit and its write. At thousands of answers
a second on one core that was about a sixth of the answer window's CPU, and four loop passes
on every answer's ack (docs/performance.md, "Third round").

``install()`` (called by ``server.process_tuning`` for ``huddle serve``) replaces
``AsyncSocket._websocket_handler`` with the same protocol (upgrade probe, reader, writer, close)
minus those wrappers, and ``AsyncSocket.send`` with one that writes straight to a websocket
that is idle and writable instead of waking the writer task (another loop pass per ack and per
fan-out recipient). What the timeouts guarded is still
guarded:

- a client that stops answering pings: engineio's service task (``check_ping_timeout``)
  disconnects it; whenever engineio closes a socket (that, a kick), its websocket is closed a
  ping timeout later if the client has not closed it, and its connection aborted at once when
  it does not read (a close frame would wait behind its backlog) or a ping timeout after that
  when it ignores the close (``tests/faults/test_deaf_client.py``, ``test_slow_reader.py``);
- a peer gone without a FIN, or one that ignores the CLOSE: uvicorn's websocket keepalive
  (``ws_ping_interval`` / ``ws_ping_timeout``, set from the same settings by ``huddle serve``)
  closes the transport, which ends the reader, which ends the writer.

A client that does not read is not queued for without bound: what waits for it (in
Engine.IO's queue and uvicorn's buffer) is counted, and over ``max_queued_bytes`` (set on the
Engine.IO server from ``HUDDLE_MAX_QUEUED_BYTES``) its TCP connection is aborted, which frees
its kernel buffers at once; the reader then ends as for any lost connection. The kernel's send
buffer of each websocket is fixed at about the same size (``SO_SNDBUF``; Linux would otherwise
grow it to 4 MB per connection for a client that stopped reading).

Messages from an address over its budget are paced here (``pace`` set on the Engine.IO server,
``Guard.pace``): the reader waits before passing the message it read on, and reads nothing
else from that connection meanwhile, so a flood costs its connections' kernel buffers, not the
node's CPU.

Long-polling clients keep engineio's own code. The patch applies to the python-engineio
versions it was written against (``SUPPORTED``); with another version ``install`` leaves
engineio as it is and says so in the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket as pysocket
from importlib.metadata import version
from typing import Any

from engineio import async_socket, packet
from engineio.async_socket import AsyncSocket

from server.logs import Throttle

log = logging.getLogger("huddle.transport")
_drops = Throttle()

SUPPORTED = ("4.12.", "4.13.", "4.14.", "4.15.")
_ORIGINAL = AsyncSocket._websocket_handler
_ORIGINAL_SEND = AsyncSocket.send
_closing: set[asyncio.Task[Any]] = set()


async def _read(socket: AsyncSocket, ws: Any) -> Any:
    data = await ws.wait()
    if data and len(data) > socket.server.max_http_buffer_size:
        raise ValueError("packet is too large")
    return data


async def _upgrade(socket: AsyncSocket, ws: Any) -> bool:
    """The polling-to-websocket upgrade handshake, as engineio does it; False if it failed."""
    socket.upgrading = True  # hold packet sends during the upgrade
    try:
        pkt = await _read(socket, ws)
    except OSError:
        return False
    decoded = packet.Packet(encoded_packet=pkt)
    if decoded.packet_type != packet.PING or decoded.data != "probe":
        socket.upgrading = False
        return False
    await ws.send(packet.Packet(packet.PONG, data="probe").encode())
    await socket.queue.put(packet.Packet(packet.NOOP))  # end the pending poll
    try:
        pkt = await _read(socket, ws)
    except OSError:
        socket.upgrading = False
        return False
    decoded = packet.Packet(encoded_packet=pkt)
    if decoded.packet_type != packet.UPGRADE:
        socket.upgraded = False
        socket.upgrading = False
        return False
    socket.upgraded = True
    socket.upgrading = False
    return True


async def _writer(socket: AsyncSocket, ws: Any) -> None:
    """Send what is queued for the client, in order, until the socket closes (None)."""
    queue = socket.queue
    closing = False
    while not closing:
        pkt = await queue.get()
        queue.task_done()
        if pkt is None:
            break
        batch = [pkt]
        while not queue.empty():
            pkt = queue.get_nowait()
            queue.task_done()
            if pkt is None:
                closing = True
                break
            batch.append(pkt)
        socket.lean_writing = True  # senders queue behind this batch, keeping the order
        try:
            for pkt in batch:
                await ws.send(pkt.encode())
                socket.lean_queued = max(0, getattr(socket, "lean_queued", 0) - _size(pkt))
        except Exception:
            break
        finally:
            socket.lean_writing = False
    await ws.close()


def _size(pkt: Any) -> int:
    """About what a packet takes to send (its payload; a Socket.IO message is a string)."""
    data = pkt.data
    return len(data) + 1 if isinstance(data, str | bytes) else 8


def _transport(ws: Any) -> Any:
    """The asyncio transport under uvicorn's websocket, or None for servers this does not know."""
    return getattr(getattr(ws.asgi_send, "__self__", None), "transport", None)


def _limit_kernel_buffer(ws: Any, cap: int) -> None:
    """Fix the connection's kernel send buffer at about ``cap`` bytes (Linux doubles it)."""
    transport = _transport(ws)
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(pysocket.SOL_SOCKET, pysocket.SO_SNDBUF, max(cap // 2, 4096))


def _over_cap(socket: AsyncSocket, ws: Any, size: int) -> bool:
    """Count ``size`` more bytes queued for the client; True (and the connection aborted)
    when what waits for it would exceed the cap."""
    cap = getattr(socket.server, "max_queued_bytes", 0)
    if not cap:
        return False
    transport = _transport(ws)
    buffered = transport.get_write_buffer_size() if transport is not None else 0
    queued = getattr(socket, "lean_queued", 0) + size
    if queued + buffered <= cap:
        socket.lean_queued = queued
        return False
    held = _drops.check("slow reader")
    if held is not None:
        log.warning(
            "dropped a client that does not read: %d bytes waiting for it%s",
            queued + buffered, f" ({held} more since the last such line)" if held else "",
        )  # fmt: skip
    socket.lean_ws = None
    socket.lean_dropped = True  # nothing more is queued for it
    if transport is not None:
        transport.abort()  # frees the kernel's buffers; the reader sees the connection lost
    return True


def _writable(ws: Any) -> bool:
    """Whether uvicorn's websocket would take a message now without waiting (its transport
    is not paused by a client that stopped reading). False for servers this does not know."""
    event = getattr(getattr(ws.asgi_send, "__self__", None), "writable", None)
    return isinstance(event, asyncio.Event) and event.is_set()


def _close_later(socket: AsyncSocket, ws: Any) -> None:
    """Engine.IO closes the socket (a kick, a ping timeout): end the websocket if the client
    has not within a ping timeout. engineio's reader gave up after a silence of
    ping interval + timeout; this loop has no timer per message, so a client that ignores the
    CLOSE (and keeps its websocket alive) would otherwise hold its connection for ever."""

    loop = asyncio.get_running_loop()

    def close() -> None:
        if socket.lean_ws is ws:  # the reader has not ended yet
            socket.lean_ws = None
            transport = _transport(ws)
            if transport is not None and (
                not _writable(ws) or transport.is_closing() or transport.get_write_buffer_size()
            ):
                # It does not read either: a close frame would wait behind its backlog (which
                # no longer fits in the capped kernel buffer) for ever. That holds too when
                # the backlog is under the pause mark, or when uvicorn's keepalive already
                # closed the transport, which then waits for that backlog to drain.
                transport.abort()
                return
            task = asyncio.ensure_future(ws.close())
            _closing.add(task)
            task.add_done_callback(_closing.discard)
            if transport is not None:
                # The closing handshake gets one more ping timeout; a client that neither
                # answers it nor reads what is still to be sent is cut off then.
                loop.call_later(socket.server.ping_timeout, _abort_unless_lost, ws, transport)

    loop.call_later(socket.server.ping_timeout, close)


def _abort_unless_lost(ws: Any, transport: Any) -> None:
    """Abort `transport` unless uvicorn's websocket on it has already lost its connection."""
    if not getattr(getattr(ws.asgi_send, "__self__", None), "disconnected", False):
        transport.abort()


async def send(socket: AsyncSocket, pkt: Any) -> None:
    """Send a packet: straight to the websocket when nothing is waiting before it and the
    client is reading, otherwise through engineio's queue and the writer.

    Sending straight saves a wake of the writer task (a loop pass) on every ack and every
    fan-out recipient. It cannot overtake: the queue is empty, the writer holds no batch,
    and a write to a writable uvicorn websocket completes without suspending. A client that
    stopped reading is never waited for here, so a broadcast does not hang on it.
    """
    if getattr(socket, "lean_dropped", False):
        return
    ws = getattr(socket, "lean_ws", None)
    if ws is not None and pkt.packet_type == packet.CLOSE:
        _close_later(socket, ws)
    if ws is None:
        await _ORIGINAL_SEND(socket, pkt)
        return
    if getattr(socket, "lean_writing", False) or not socket.queue.empty() or not _writable(ws):
        if not _over_cap(socket, ws, _size(pkt)):
            await _ORIGINAL_SEND(socket, pkt)
        return
    if not await socket.check_ping_timeout():
        return
    # A failure means the connection is gone: its reader sees the disconnect and closes.
    with contextlib.suppress(Exception):
        await ws.send(pkt.encode())


async def websocket_handler(socket: AsyncSocket, ws: Any) -> None:
    """Engine.IO's websocket transport for one connection (see the module docstring)."""
    if socket.connected:
        if not await _upgrade(socket, ws):
            return
    else:
        socket.connected = True
        socket.upgraded = True
    cap = getattr(socket.server, "max_queued_bytes", 0)
    if cap:
        _limit_kernel_buffer(ws, cap)
    writer = asyncio.ensure_future(_writer(socket, ws))
    socket.lean_ws = ws
    pace = getattr(socket.server, "pace", None)
    while True:
        try:
            data = await _read(socket, ws)
        except (Exception, asyncio.CancelledError):
            # Closed (OSError), an oversized packet, or the server stopping: engineio's
            # loop ends the same way in each case, closing the socket below.
            break
        if data is None:
            break
        if pace is not None and (isinstance(data, bytes) or data[:1] == "4"):
            # Over its address's budget: wait before passing the message on; meanwhile this
            # connection is not read, so its flood waits in the kernel (TCP backpressure).
            delay = pace(socket.sid)
            if delay > 0:
                try:
                    await asyncio.sleep(delay)
                except asyncio.CancelledError:
                    break
        try:
            await socket.receive(packet.Packet(encoded_packet=data))
        except async_socket.exceptions.UnknownPacketError:
            pass
        except async_socket.exceptions.SocketIsClosedError:
            break
        except Exception:
            socket.server.logger.exception("Unknown receive error")
    socket.lean_ws = None  # from here on everything goes through the queue
    await socket.queue.put(None)  # unlock the writer so it can exit
    await writer
    await socket.close(wait=False, abort=True, reason=socket.server.reason.TRANSPORT_CLOSE)


def install() -> bool:
    """Use ``websocket_handler`` for every Engine.IO socket in this process (idempotent).
    Returns False, leaving engineio unchanged, on a version it was not written against.

    Only ``server.process_tuning.apply`` calls this (``huddle serve``), and tests."""
    have = version("python-engineio")
    if not have.startswith(SUPPORTED):
        log.warning("python-engineio %s: keeping its own websocket loop", have)
        return False
    AsyncSocket._websocket_handler = websocket_handler
    AsyncSocket.send = send
    return True


def uninstall() -> None:
    """Back to engineio's own loop (tests compare the two)."""
    AsyncSocket._websocket_handler = _ORIGINAL
    AsyncSocket.send = _ORIGINAL_SEND
