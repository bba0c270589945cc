"""The HTTP fuzz of ``test_abuse_fuzz.py`` against a server on PostgreSQL. A file of its own:
with ``--dist loadfile`` it then runs on another worker than the SQLite one, and the two (a few
minutes each) no longer follow each other on one."""

from __future__ import annotations

import pytest

from tests.abuse.test_abuse_fuzz import fuzz_every_http_operation
from tests.e2e.conftest import Group


@pytest.mark.postgres
def test_fuzz_every_http_operation_on_postgresql(open_pg_server: Group) -> None:
    fuzz_every_http_operation(open_pg_server.url)
