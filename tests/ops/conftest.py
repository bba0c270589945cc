"""Fixtures of the operations suite: real ``huddle serve`` processes (tests.abuse.support)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.abuse.support import Servers


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    factory = Servers(tmp_path_factory.mktemp("ops"))
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(autouse=True)
def _servers_alive(servers: Servers) -> Iterator[None]:
    """Fail a test after which a server it did not stop has died, showing its log."""
    yield
    for node in servers.dead():
        servers.retired.add(id(node))
        pytest.fail(
            f"node {node.url} died ({node.proc.returncode}):\n{node.log_tail()}", pytrace=False
        )
