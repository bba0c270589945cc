"""A lean Socket.IO v5 client over Engine.IO v4, websocket transport only.

One :class:`SioClient` is one websocket carrying one namespace. It is callback based: no
task per connection. Frames arrive in a transport callback, are parsed here, and call
:meth:`SioClient.on_event` (override it) or the callback registered for an ack id.

Two transports, the same behaviour:

* ``picows`` (Cython, the fast one; ``pip install picows``), used when installed;
* ``websockets``' sans-I/O protocol over a plain ``asyncio.Protocol`` (always installed
  with ``uvicorn[standard]``), about twice as heavy per message.

Wire format (https://socket.io/docs/v4/socket-io-protocol/): the server opens with
``0{"sid":...}``; a ping is ``2`` and the answer ``3``; ``40/ns,`` connects a namespace and
``40/ns,{"sid":...}`` confirms it; ``42/ns,12["event",{...}]`` is an emit with ack id 12
and ``43/ns,12[{...}]`` its ack.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

AckCallback = Callable[[Any], None]

HAVE_PICOWS = importlib.util.find_spec("picows") is not None


def available_transports() -> list[str]:
    return (["picows"] if HAVE_PICOWS else []) + ["websockets"]


def default_transport() -> str:
    return "picows" if HAVE_PICOWS else "websockets"


def ws_url(http_base: str) -> str:
    """``http://h:p`` -> ``ws://h:p/socket.io/?EIO=4&transport=websocket``."""
    parts = urlsplit(http_base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}/socket.io/?EIO=4&transport=websocket"


_last_text = ""
_last_event: tuple[str, Any] = ("", None)


class SioError(Exception):
    """The connection or the namespace could not be opened."""


class SioClient:
    """One websocket, one namespace. Subclass and override :meth:`on_event`."""

    __slots__ = (
        "_ack_prefix",
        "_acks",
        "_close",
        "_ev_prefix",
        "_next_id",
        "_ns_prefix",
        "_send",
        "closed",
        "namespace",
        "ready",
        "sid",
    )

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        ns = "" if namespace == "/" else namespace + ","
        self._ns_prefix = ns
        self._ev_prefix = "42" + ns
        self._ack_prefix = "43" + ns
        self._acks: dict[int, AckCallback] = {}
        self._next_id = 0
        self._send: Callable[[str], None] | None = None
        self._close: Callable[[], None] | None = None
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.sid: str | None = None
        self.closed = False

    # ---- to override ----
    def on_event(self, name: str, data: Any, received: float) -> None:
        """An event from the server; ``received`` is ``time.time()`` at the frame's arrival."""

    def on_closed(self) -> None:
        """The connection is gone."""

    # ---- sending ----
    def emit(self, event: str, data: Any, ack: AckCallback | None = None) -> None:
        if self._send is None or self.closed:
            raise SioError("not connected")
        body = json.dumps([event, data], separators=(",", ":"))
        if ack is None:
            self._send(self._ev_prefix + body)
            return
        self._next_id += 1
        ack_id = self._next_id
        self._acks[ack_id] = ack
        self._send(f"{self._ev_prefix}{ack_id}{body}")

    def call(self, event: str, data: Any, timeout: float = 10.0) -> asyncio.Future[Any]:
        """Emit with an ack; a future of the ack's first argument (cancel on timeout)."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Any] = loop.create_future()

        def done(value: Any) -> None:
            if not fut.done():
                fut.set_result(value)

        self.emit(event, data, done)
        handle = loop.call_later(timeout, _expire, fut, event)
        fut.add_done_callback(lambda _f: handle.cancel())
        return fut

    def close(self) -> None:
        if not self.closed and self._close is not None:
            self.closed = True
            with contextlib.suppress(Exception):  # already gone
                self._close()

    # ---- receiving (called by the transport) ----
    def _on_text(self, text: str) -> None:
        received = time.time()
        kind = text[:1]
        if kind == "4":
            self._on_packet(text, received)
        elif kind == "2":  # Engine.IO ping
            if self._send is not None:
                self._send("3")
        elif kind == "0":  # Engine.IO open: connect the namespace
            if self._send is not None:
                self._send("40" + self._ns_prefix)
        elif kind == "1":  # Engine.IO close
            self.close()

    def _on_packet(self, text: str, received: float) -> None:
        global _last_text, _last_event
        if text.startswith(self._ev_prefix):
            # A broadcast reaches every client as the same text: decode it once. The decoded
            # value is shared, so handlers must not change it.
            if text == _last_text:
                name, data = _last_event
            else:
                name, *args = json.loads(text[len(self._ev_prefix) :])
                data = args[0] if args else None
                _last_text, _last_event = text, (name, data)
            self.on_event(name, data, received)
            return
        if text.startswith(self._ack_prefix):
            rest = text[len(self._ack_prefix) :]
            i = 0
            while rest[i].isdigit():
                i += 1
            cb = self._acks.pop(int(rest[:i]), None)
            if cb is not None:
                args = json.loads(rest[i:])
                cb(args[0] if args else None)
            return
        prefix = "40" + self._ns_prefix
        if text.startswith(prefix):
            body = text[len(prefix) :]
            self.sid = json.loads(body).get("sid") if body else None
            if not self.ready.done():
                self.ready.set_result(None)
            return
        if text.startswith("44" + self._ns_prefix):
            if not self.ready.done():
                self.ready.set_exception(SioError(f"namespace refused: {text[:200]}"))
            return
        if text.startswith("41" + self._ns_prefix):
            self.close()

    def _on_transport_closed(self) -> None:
        self.closed = True
        if not self.ready.done():
            self.ready.set_exception(SioError("connection closed before the namespace opened"))
        self._acks.clear()
        self.on_closed()


def _expire(fut: asyncio.Future[Any], event: str) -> None:
    if not fut.done():
        fut.set_exception(TimeoutError(f"no ack for {event!r}"))


# ---------------------------------------------------------------- transports


async def _open_picows(client: SioClient, url: str) -> None:
    from picows import WSFrame, WSListener, WSMsgType, WSTransport, ws_connect

    class Listener(WSListener):  # type: ignore[misc]
        def __init__(self) -> None:
            self.parts: list[bytes] = []

        def on_ws_connected(self, transport: WSTransport) -> None:
            def send(text: str) -> None:
                transport.send(WSMsgType.TEXT, text.encode())

            client._send = send
            client._close = transport.disconnect

        def on_ws_frame(self, transport: WSTransport, frame: WSFrame) -> None:
            kind = frame.msg_type
            if kind == WSMsgType.TEXT:
                if frame.fin:
                    client._on_text(frame.get_payload_as_utf8_text())
                else:
                    self.parts = [frame.get_payload_as_bytes()]
            elif kind == WSMsgType.CONTINUATION:
                self.parts.append(frame.get_payload_as_bytes())
                if frame.fin:
                    text = b"".join(self.parts).decode()
                    self.parts = []
                    client._on_text(text)
            elif kind == WSMsgType.CLOSE:
                transport.send_close(frame.get_close_code())
                transport.disconnect()

        def on_ws_disconnected(self, transport: WSTransport) -> None:
            client._on_transport_closed()

    await ws_connect(
        Listener,
        url,
        websocket_handshake_timeout=10,
        read_buffer_init_size=4096,
        enable_auto_pong=True,
    )


class _WebsocketsProtocol(asyncio.Protocol):
    """websockets' sans-I/O client protocol driven by asyncio callbacks."""

    def __init__(self, client: SioClient, url: str, opened: asyncio.Future[None]) -> None:
        from websockets.client import ClientProtocol
        from websockets.uri import parse_uri

        self.client = client
        self.proto = ClientProtocol(parse_uri(url), max_size=None)
        self.opened = opened
        self.transport: asyncio.Transport | None = None
        self.parts: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.proto.send_request(self.proto.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        from websockets.frames import Frame, Opcode
        from websockets.http11 import Response

        self.proto.receive_data(data)
        for event in self.proto.events_received():
            if isinstance(event, Frame):
                if event.opcode == Opcode.TEXT:
                    if event.fin:
                        self.client._on_text(event.data.decode())
                    else:
                        self.parts = [bytes(event.data)]
                elif event.opcode == Opcode.CONT:
                    self.parts.append(bytes(event.data))
                    if event.fin:
                        text = b"".join(self.parts).decode()
                        self.parts = []
                        self.client._on_text(text)
            elif isinstance(event, Response) and not self.opened.done():
                if self.proto.handshake_exc is not None:
                    self.opened.set_exception(SioError(str(self.proto.handshake_exc)))
                else:
                    self.client._send = self.send_text
                    self.client._close = self.close
                    self.opened.set_result(None)
        self._flush()

    def send_text(self, text: str) -> None:
        self.proto.send_text(text.encode())
        self._flush()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _flush(self) -> None:
        if self.transport is None:
            return
        for chunk in self.proto.data_to_send():
            if chunk:
                self.transport.write(chunk)
            else:
                self.transport.close()

    def eof_received(self) -> bool | None:
        self.proto.receive_eof()
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(SioError(f"connection lost: {exc}"))
        self.client._on_transport_closed()


async def _open_websockets(client: SioClient, url: str) -> None:
    loop = asyncio.get_running_loop()
    parts = urlsplit(url)
    opened: asyncio.Future[None] = loop.create_future()
    await loop.create_connection(
        lambda: _WebsocketsProtocol(client, url, opened),
        parts.hostname,
        parts.port or 80,
    )
    await asyncio.wait_for(opened, 10)


async def connect(client: SioClient, http_base: str, transport: str, within_s: float = 15) -> None:
    """Open the websocket and the client's namespace; raises on failure or timeout."""
    url = ws_url(http_base)
    if transport == "picows":
        if not HAVE_PICOWS:
            raise SioError("picows is not installed (pip install picows)")
        await asyncio.wait_for(_open_picows(client, url), within_s)
    elif transport == "websockets":
        await asyncio.wait_for(_open_websockets(client, url), within_s)
    else:
        raise ValueError(f"unknown transport {transport!r}")
    try:
        await asyncio.wait_for(asyncio.shield(client.ready), within_s)
    except BaseException:
        client.close()
        raise
