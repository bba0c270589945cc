"""The engine stays pure: no I/O libraries and no server imports; errors carry their codes."""

from __future__ import annotations

import ast
import copy
import pickle
from pathlib import Path

import pytest

import games
from games.errors import InvalidInput, RuleViolation

FORBIDDEN = {
    "asyncio",
    "redis",
    "socketio",
    "engineio",
    "sqlalchemy",
    "server",
    "quart",
    "os",
    "socket",
    "time",
    "random",
    "datetime",
}
ENGINE = Path(games.__file__).parent
# Every module of the engine, the question kinds' package included.
SOURCES = sorted(ENGINE.rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ENGINE).as_posix())
def test_no_forbidden_imports(path: Path) -> None:
    assert imported_roots(path).isdisjoint(FORBIDDEN)


def test_sources_found() -> None:
    assert {p.relative_to(ENGINE).as_posix() for p in SOURCES} >= {
        "kinds/question.py",
        "kinds/registry.py",
        "kinds/choice.py",
        "scoring.py",
        "settings.py",
        "teams.py",
        "shuffle.py",
        "text.py",
        "nicknames.py",
        "words.py",
    }


def test_rule_violation() -> None:
    err = RuleViolation("wrong_phase", "cannot start now")
    assert (err.code, err.message, str(err)) == (
        "wrong_phase",
        "cannot start now",
        "cannot start now",
    )
    assert repr(err) == "RuleViolation('wrong_phase', 'cannot start now')"


def test_invalid_input() -> None:
    err = InvalidInput("settings.max_players", "settings.max_players must be an integer")
    assert isinstance(err, RuleViolation)
    assert (err.code, err.field) == ("invalid", "settings.max_players")
    assert err.message == str(err) == "settings.max_players must be an integer"
    assert repr(err) == (
        "InvalidInput('settings.max_players', 'settings.max_players must be an integer')"
    )


@pytest.mark.parametrize(
    "err", [RuleViolation("game_over", "over"), InvalidInput("title", "title is required")]
)
def test_errors_survive_copy_and_pickle(err: RuleViolation) -> None:
    for clone in (copy.copy(err), pickle.loads(pickle.dumps(err))):
        assert type(clone) is type(err)
        assert vars(clone) == vars(err)
