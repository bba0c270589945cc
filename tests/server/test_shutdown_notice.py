"""The shutdown notice goes out on the first stop signal, before the server's own handler takes
the signal; the app installs and removes it with its lifespan."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from types import FrameType

import pytest

from server.shutdown_notice import ShutdownNotice


@pytest.fixture
def server_handlers() -> Iterator[list[str]]:
    """Stand-ins for an ASGI server's SIGTERM and SIGINT handlers, recording what they got."""
    got: list[str] = []

    def handler(sig: int, frame: FrameType | None) -> None:
        got.append(f"server {signal.Signals(sig).name}")

    before = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield got
    for sig, previous in before.items():
        signal.signal(sig, previous)


async def _until(got: list[str], length: int) -> None:
    for _ in range(200):
        if len(got) >= length:
            return
        await asyncio.sleep(0.01)


async def test_the_notice_leaves_before_the_server_takes_the_signal(
    server_handlers: list[str],
) -> None:
    async def notify() -> None:
        server_handlers.append("notice")

    notice = ShutdownNotice(notify, linger_s=0.01)
    notice.install()
    signal.raise_signal(signal.SIGTERM)
    await _until(server_handlers, 2)
    assert server_handlers == ["notice", "server SIGTERM"]
    # A second signal goes to the server at once (a second Ctrl-C forces the exit).
    signal.raise_signal(signal.SIGINT)
    await _until(server_handlers, 3)
    assert server_handlers == ["notice", "server SIGTERM", "server SIGINT"]
    # The lifespan shutdown does not send it again.
    notice.uninstall()
    await notice.send()
    assert server_handlers.count("notice") == 1
    assert signal.getsignal(signal.SIGTERM) != notice._on_signal


async def test_without_a_signal_the_lifespan_shutdown_sends_it_once(
    server_handlers: list[str],
) -> None:
    sent: list[int] = []

    async def notify() -> None:
        sent.append(1)

    notice = ShutdownNotice(notify)
    notice.install()
    notice.uninstall()
    await asyncio.gather(notice.send(), notice.send())
    assert sent == [1]
    assert server_handlers == []


async def test_a_notice_that_hangs_does_not_keep_the_server_from_stopping(
    server_handlers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("server.shutdown_notice.NOTICE_TIMEOUT_S", 0.05)

    async def notify() -> None:
        await asyncio.Event().wait()

    notice = ShutdownNotice(notify, linger_s=0)
    notice.install()
    try:
        signal.raise_signal(signal.SIGTERM)
        await _until(server_handlers, 1)
        assert server_handlers == ["server SIGTERM"]
    finally:
        notice.uninstall()
    await notice.send()  # nor the lifespan shutdown's second call
    assert server_handlers == ["server SIGTERM"]
