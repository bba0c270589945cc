"""``huddle outbox``'s arguments: retry and drop need a game id or ``--all``, and an in-process
Redis (no ``REDIS_URL``) has no outbox to reach from another process. What the commands do to a
real server's outbox is tested in tests/e2e/test_e2e_outbox_poison.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from server.cli import main


@pytest.fixture(autouse=True)
def _root_logger_kept() -> Iterator[None]:
    """`main` configures the root logger, as a process of its own would: undo it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    alembic = logging.getLogger("alembic").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(alembic)


@pytest.mark.parametrize(
    "argv",
    [
        ["outbox", "retry"],
        ["outbox", "drop"],
        ["outbox", "drop", "g1", "--all"],
        ["outbox", "purge"],
    ],
)
def test_retry_and_drop_name_what_they_take(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "outbox" in capsys.readouterr().err


def test_without_redis_url_it_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert main(["outbox", "list"]) == 2
    assert "REDIS_URL is not set" in capsys.readouterr().err


def test_a_listed_entry_prints_whatever_it_holds() -> None:
    from server.outbox_admin import DeadEntry

    entry = DeadEntry(
        "g\ud800", "DataError: bad \x00 text\n[SQL: ...] \ud800", 1_800_000_000_000, ""
    )
    line = entry.line()
    line.encode("utf-8")  # printable: no lone surrogate left
    assert (
        line == "g\\ud800\t2027-01-15T08:00:00+00:00\tDataError: bad \\x00 text [SQL: ...] \\ud800"
    )
