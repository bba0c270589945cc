"""What every Engine.IO message passes before Socket.IO decodes it.

Socket.IO decodes a message's JSON and dispatches it to a handler; this gate runs first, on
the raw text, for both transports (websocket and long-polling):

- a per-address budget (``HUDDLE_ADDRESS_RATE_PER_S`` / ``HUDDLE_ADDRESS_BURST``), counted
  before any JSON is parsed, so a thousand bots behind one address cost the node what one
  busy office does and no more: over it, websocket connections are read more slowly
  (``transport.py`` waits ``Guard.pace`` before passing a message on, the rest stays unread in
  the kernel) and long-polling messages are refused ``rate_limited`` here (the per-connection
  limit in ``Guard.allow_event`` still applies after decoding);
- binary frames and Socket.IO binary packets are refused: the protocol has none, and
  python-socketio would hold a packet's declared attachments in memory until they all came;
- a packet Socket.IO cannot decode (an integer of thousands of digits, JSON nested ten
  thousand deep, a broken header) is answered ``invalid`` instead of raising a traceback.

Each refusal is answered with a code when the packet carries an ack id (read from the
header, without parsing the JSON) or is a namespace connect (a ``connect_error``), counted in
``/metrics``, and logged at most once per cause every few seconds (``server.logs.Throttle``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from socketio import packet as sio_packet

from server.logs import Throttle
from server.sockets import acks
from server.sockets.guard import Guard

log = logging.getLogger("huddle.inbound")

Dispatch = Callable[[str, Any], Awaitable[None]]

NAMESPACES = ("/play", "/host", "/screen")
# Socket.IO packet types (the digit after Engine.IO's ``4``) that carry an event to answer.
_CONNECT, _EVENT, _BINARY_EVENT, _BINARY_ACK = "0", "2", "5", "6"
_DIGITS = "0123456789"
# Ack ids beyond this many digits are not answered (the client made them up).
_MAX_ID_DIGITS = 15


def header(text: str) -> tuple[str, str, int | None]:
    """A Socket.IO packet's type, namespace and ack id, read without decoding its JSON.

    A header that does not parse gives namespace ``/`` and no ack id."""
    kind, i = text[:1], 1
    if kind in (_BINARY_EVENT, _BINARY_ACK):
        dash = text.find("-", 1, 2 + _MAX_ID_DIGITS)
        if dash < 0:
            return kind, "/", None
        i = dash + 1
    namespace = "/"
    if text.startswith("/", i):
        comma = text.find(",", i, i + 64)
        if comma < 0:
            return kind, "/", None
        namespace, i = text[i:comma], comma + 1
    j = i
    while j < len(text) and text[j] in _DIGITS:
        j += 1
    if j == i or j - i > _MAX_ID_DIGITS:
        return kind, namespace, None
    return kind, namespace, int(text[i:j])


class Inbound:
    """The gate in front of ``AsyncServer._handle_eio_message`` (``dispatch``)."""

    def __init__(self, sio: Any, guard: Guard, dispatch: Dispatch) -> None:
        self.sio = sio
        self.guard = guard
        self.dispatch = dispatch
        self.throttle = Throttle()

    async def message(self, eio_sid: str, data: Any) -> None:
        """Let one Engine.IO message through to Socket.IO, or refuse it."""
        address = self.guard.transport_address.get(eio_sid, "unknown")
        # Websocket messages were paced by the reader already (Guard.pace); long-polling
        # ones are counted here.
        paced = getattr(self.sio.eio.sockets.get(eio_sid), "lean_ws", None) is not None
        if not paced and not self.guard.allow_message(address, time.monotonic()):
            await self._refuse(eio_sid, data, "rate_limited", "too many requests from here")
            return
        if not isinstance(data, str):
            await self._refuse(eio_sid, "", "invalid", "binary frames are not accepted")
            return
        if data[:1] in (_BINARY_EVENT, _BINARY_ACK):
            await self._refuse(eio_sid, data, "invalid", "binary packets are not accepted")
            return
        try:
            await self.dispatch(eio_sid, data)
        except Exception as err:
            # Socket.IO could not decode it (json raises ValueError on an integer of over 4,300
            # digits, RecursionError on deep nesting); the handlers themselves never raise.
            await self._refuse(eio_sid, data, "invalid", f"malformed packet ({type(err).__name__})")

    async def _refuse(self, eio_sid: str, data: Any, code: str, message: str) -> None:
        kind, namespace, ack_id = header(data) if isinstance(data, str) else ("", "/", None)
        known = namespace if namespace in NAMESPACES else "-"
        self.guard.metrics.sockets.record(known, "<refused>", code, 0.0)
        held = self.throttle.check(message)
        if held is not None:
            log.warning(
                "refused a socket message from %s: %s%s",
                self.guard.transport_address.get(eio_sid, "unknown"), message,
                f" ({held} more since the last such line)" if held else "",
                extra={"code": code, "namespace": known},
            )  # fmt: skip
        if kind == _CONNECT and known != "-":
            # A namespace connect is answered with the client's connect_error.
            refusal = sio_packet.Packet(
                sio_packet.CONNECT_ERROR,
                namespace=namespace,
                data={"message": message, "data": {"code": code, "message": message}},
            )
            await self.sio.eio.send(eio_sid, refusal.encode())
            return
        if (
            ack_id is None
            or kind not in (_EVENT, _BINARY_EVENT)
            or known == "-"
            or not self.sio.manager.sid_from_eio_sid(eio_sid, namespace)
        ):
            return
        ack = sio_packet.Packet(
            sio_packet.ACK,
            namespace=namespace,
            data=[acks.error(code, message)],
            id=ack_id,
        )
        await self.sio.eio.send(eio_sid, ack.encode())
