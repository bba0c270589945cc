"""The process-wide tuning (GC thresholds, the lean Engine.IO loop) is applied in one place,
does not stack, and is undone; building an app changes neither."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from engineio.async_socket import AsyncSocket

from server import process_tuning
from server.app import create_app
from server.settings import Settings
from server.sockets import transport


@pytest.fixture
def untuned() -> Iterator[None]:
    """Start and end each test with the process as Python and engineio left it."""
    process_tuning.undo()
    threshold = gc.get_threshold()
    before = AsyncSocket._websocket_handler, AsyncSocket.send
    transport.uninstall()
    yield
    process_tuning.undo()
    gc.set_threshold(*threshold)
    AsyncSocket._websocket_handler, AsyncSocket.send = before


def _lean() -> bool:
    return (
        AsyncSocket._websocket_handler is transport.websocket_handler
        and AsyncSocket.send is transport.send
    )


def test_building_apps_changes_nothing_process_wide(untuned: None) -> None:
    threshold = gc.get_threshold()
    for _ in range(3):
        create_app(Settings(secret="s" * 32))
    assert gc.get_threshold() == threshold
    assert not _lean()
    assert not process_tuning.applied()


def test_apply_does_not_stack_and_undo_restores(untuned: None) -> None:
    threshold = gc.get_threshold()
    process_tuning.apply()
    process_tuning.apply()  # a second apply is the first one
    assert gc.get_threshold() == process_tuning.GC_THRESHOLD
    assert _lean() and process_tuning.applied()
    process_tuning.undo()
    assert gc.get_threshold() == threshold
    assert not _lean() and not process_tuning.applied()
    process_tuning.undo()  # undoing twice is harmless
    assert gc.get_threshold() == threshold


def test_tuned_undoes_even_when_the_body_fails(untuned: None) -> None:
    threshold = gc.get_threshold()
    with pytest.raises(RuntimeError), process_tuning.tuned():
        assert _lean()
        raise RuntimeError("the server stopped")
    assert gc.get_threshold() == threshold and not _lean()
