"""Fixtures of the abuse suite: real ``huddle serve`` processes with the abuse limits on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.abuse.support import LIMITS_OFF, Servers
from tests.e2e.conftest import Group, pg_database_url  # noqa: F401 (a fixture used here)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    factory = Servers(tmp_path_factory.mktemp("abuse"))
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(scope="session")
def limited(servers: Servers) -> Group:
    """One node with small abuse limits (`tests.abuse.support.LIMITS_ON`) and a payload cap
    of 8 KiB."""
    return servers.start(1, env={"HUDDLE_MAX_PAYLOAD_BYTES": "8192"})


@pytest.fixture(scope="session")
def open_server(servers: Servers) -> Group:
    """One node with the abuse limits off and default settings otherwise (CORS included)."""
    return servers.start(1, env=LIMITS_OFF)


@pytest.fixture(scope="session")
def open_pg_server(servers: Servers, pg_database_url: str) -> Iterator[Group]:  # noqa: F811
    """`open_server` on PostgreSQL (in a throwaway schema), which refuses more text than
    SQLite does."""
    group = servers.start(1, database_url=pg_database_url, env=LIMITS_OFF)
    try:
        yield group
    finally:
        servers.stop(group)  # before its schema and role are dropped


@pytest.fixture(autouse=True)
def _servers_alive(servers: Servers) -> Iterator[None]:
    """Fail a test after which a server it did not stop has died, showing its log."""
    yield
    for node in servers.dead():
        servers.retired.add(id(node))
        pytest.fail(
            f"node {node.url} died ({node.proc.returncode}):\n{node.log_tail()}", pytrace=False
        )
