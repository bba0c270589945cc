"""Telling a node's clients that it is going away, before the ASGI server closes their sockets.

ASGI has no "about to stop" event: uvicorn closes every websocket (code 1012) before it sends
the lifespan shutdown, and hypercorn stops taking connections and waits for the open ones, so a
notice sent at the lifespan shutdown would reach nobody. What every server does first is take
the stop signal (SIGTERM, SIGINT). So while the app serves, `ShutdownNotice` stands in front of
the server's own handler of those signals: on the first one it sends the notice, lets it leave,
then hands the signal to the server's handler, which stops as it always does. The app installs
it at its lifespan startup and removes it at its lifespan shutdown (`server.app`), so it is the
same under ``huddle serve``, ``uvicorn server...`` or hypercorn, and building an app (tests)
changes no signal handler.

A server that takes signals through ``loop.add_signal_handler`` (hypercorn) is woken by the
same signal at once and keeps the open websockets for its graceful timeout, during which the
notice goes out. The lifespan shutdown sends the notice too if no signal did (a server stopped
another way), so `live.stopping` is set before the node drains.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Awaitable, Callable
from types import FrameType
from typing import Any

log = logging.getLogger("huddle")

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How long the notices get to leave before the server closes the sockets.
LINGER_S = 0.3
# The longest the server's stop waits for the notice to be sent.
NOTICE_TIMEOUT_S = 2.0

_Handler = Callable[[int, FrameType | None], Any] | int | None


class ShutdownNotice:
    """Send ``notify`` once, on the first stop signal (or at the lifespan shutdown)."""

    def __init__(self, notify: Callable[[], Awaitable[None]], linger_s: float = LINGER_S) -> None:
        self._notify = notify
        self._linger_s = linger_s
        self._sent: asyncio.Task[None] | None = None
        self._passing: asyncio.Task[None] | None = None  # held so it is not collected
        self._previous: dict[int, _Handler] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        """Stand in front of the current handlers of SIGINT and SIGTERM (main thread only:
        elsewhere signals cannot be handled, and the lifespan shutdown still notifies)."""
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._on_signal)

    def uninstall(self) -> None:
        """Give the signals back to the handlers `install` found."""
        for sig, previous in self._previous.items():
            if signal.getsignal(sig) == self._on_signal:
                signal.signal(sig, previous)
        self._previous.clear()

    async def send(self) -> None:
        """Notify the clients, once however often it is called; waits at most
        `NOTICE_TIMEOUT_S`, so a notice that hangs does not keep the node from stopping."""
        if self._sent is None:
            log.info("shutting down: telling clients to reconnect elsewhere")
            self._sent = asyncio.ensure_future(self._notify())
        try:
            await asyncio.wait_for(asyncio.shield(self._sent), NOTICE_TIMEOUT_S)
        except TimeoutError:
            log.warning("shutdown notice took over %s s; stopping anyway", NOTICE_TIMEOUT_S)

    def _on_signal(self, sig: int, frame: FrameType | None) -> None:
        if self._sent is not None or self._loop is None:
            self._pass_on(sig, frame)  # a second signal: the server's handler at once
            return
        self._loop.call_soon_threadsafe(self._start, sig, frame)

    def _start(self, sig: int, frame: FrameType | None) -> None:
        async def notify_then_pass_on() -> None:
            try:
                await self.send()
                await asyncio.sleep(self._linger_s)  # let the notices leave
            finally:
                self._pass_on(sig, frame)

        self._passing = asyncio.ensure_future(notify_then_pass_on())

    def _pass_on(self, sig: int, frame: FrameType | None) -> None:
        previous = self._previous.get(sig, signal.SIG_DFL)
        if callable(previous):
            previous(sig, frame)
        elif previous != signal.SIG_IGN:
            # No server handler to take it: stop as the signal would have without us.
            self.uninstall()
            signal.raise_signal(sig)
