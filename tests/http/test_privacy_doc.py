"""docs/privacy.md names only routes that exist: every ``METHOD /api/...`` it mentions is an
operation of the OpenAPI document (path ids match any name), and it names the ones a person
needs to see, export and delete their data; it says what every SQL table holds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from server.app import create_app
from server.db.models import Base
from server.db.search_dialects import KEYS_TABLE, SEARCH_TABLE
from server.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
# A method and an /api path, the path ending at white space, a backtick, "?" or ")" (but a
# <path id> may hold spaces).
_ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) (/api/(?:<[^>\n]*>|[^\s`?)<])*)")
# A path id as the doc writes it: {game_id} or <game id>.
_PARAM = re.compile(r"\{[^}/]+\}|<[^>/]+>")

# What a person and an admin must find in the document to act on their data.
REQUIRED = {
    ("GET", "/api/me/export"),
    ("DELETE", "/api/games/{}"),
    ("DELETE", "/api/identities"),
    ("DELETE", "/api/identities/{}"),
    ("DELETE", "/api/workspaces/{}/people/{}"),
    ("DELETE", "/api/workspaces/{}"),
    ("PATCH", "/api/workspaces/{}"),
}


def _shape(path: str) -> str:
    return _PARAM.sub("{}", path.rstrip(".,;:"))


def named_routes(text: str) -> set[tuple[str, str]]:
    """The ``(METHOD, path shape)`` pairs a Markdown text names."""
    return {(method, _shape(path)) for method, path in _ROUTE.findall(text)}


async def _operations() -> set[tuple[str, str]]:
    quart = create_app(Settings(secret="s" * 32)).quart
    response = await quart.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = await response.get_json()
    return {(method.upper(), _shape(path)) for path, ops in doc["paths"].items() for method in ops}


def test_the_route_parser_reads_both_spellings_of_a_path_id() -> None:
    text = "`DELETE /api/games/<game id>` and DELETE /api/identities/{identity_id}?mode=erase."
    assert named_routes(text) == {("DELETE", "/api/games/{}"), ("DELETE", "/api/identities/{}")}


def test_every_table_is_in_privacy_md() -> None:
    """What is stored, per table: the models' tables and the search index's."""
    text = DOC.read_text(encoding="utf-8")
    tables = [t.name for t in Base.metadata.sorted_tables] + [SEARCH_TABLE, KEYS_TABLE]
    missing = [name for name in tables if f"`{name}`" not in text]
    assert not missing, f"docs/privacy.md does not say what these tables hold: {missing}"


async def test_every_route_privacy_md_names_exists() -> None:
    named = named_routes(DOC.read_text(encoding="utf-8"))
    operations = await _operations()
    assert named >= REQUIRED, sorted(REQUIRED - named)
    missing = sorted(named - operations)
    assert not missing, f"docs/privacy.md names routes the server does not have: {missing}"
