"""Browser tests: the web pages in Debian's Chromium, driven by Playwright (no browser download)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.support import (
    Server,
    Watch,
    check_redis,
    chromium,
    ensure_web_build,
    start_server,
    stop_server,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def web_build() -> None:
    ensure_web_build()


@pytest.fixture(scope="module")
def server(web_build: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    check_redis()
    srv = start_server(tmp_path_factory.mktemp("browser"))
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture
def watch(browser: Browser) -> Iterator[Watch]:
    """Collects page errors and dialogs; closes the test's contexts afterwards."""
    w = Watch()
    before = set(browser.contexts)
    yield w
    for context in browser.contexts:
        if context not in before:
            context.close()
