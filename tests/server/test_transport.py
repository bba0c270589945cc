"""The lean Engine.IO websocket loop is what the server runs, and only where it fits."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from engineio.async_socket import AsyncSocket

from server.sockets import transport


@pytest.fixture
def restore() -> Iterator[None]:
    """install() patches two methods; put both back as they were, whatever the test did."""
    before = AsyncSocket._websocket_handler, AsyncSocket.send
    yield
    AsyncSocket._websocket_handler, AsyncSocket.send = before


def test_install_replaces_engineios_websocket_loop(restore: None) -> None:
    transport.uninstall()
    assert transport.install() is True
    assert AsyncSocket._websocket_handler is transport.websocket_handler
    assert AsyncSocket.send is transport.send
    assert transport.install() is True  # idempotent
    transport.uninstall()
    assert AsyncSocket._websocket_handler is not transport.websocket_handler
    assert AsyncSocket.send is not transport.send


def test_an_unknown_engineio_version_keeps_its_own_loop(
    restore: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    transport.uninstall()
    original = AsyncSocket._websocket_handler, AsyncSocket.send
    monkeypatch.setattr(transport, "version", lambda _name: "5.0.0")
    with caplog.at_level(logging.WARNING, logger="huddle.transport"):
        assert transport.install() is False
    assert (AsyncSocket._websocket_handler, AsyncSocket.send) == original
    assert "keeping its own websocket loop" in caplog.text
