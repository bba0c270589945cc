"""Text no database stores (NUL, lone surrogates) and out-of-range instants are refused at
every HTTP entrance with a ``422 invalid`` naming the field, on SQLite and PostgreSQL, and
nothing changes: no 500, no half-stored quiz or host."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401

NUL = "evil\u0000x@example.com"
SURROGATE = "\ud800"
PASSWORD = "correct horse"


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


def _raw(body: dict[str, Any]) -> bytes:
    # json.dumps escapes the surrogate as \ud800, as a browser or a fuzzer would send it.
    return json.dumps(body).encode()


async def _post(
    api: Api, path: str, body: dict[str, Any], auth: dict[str, str] | None = None
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", **(auth or {})}
    return await api.call("POST", path, data=_raw(body), headers=headers)


def _assert_invalid(status: int, body: Any, field: str, what: str) -> None:
    assert status == 422, (what, status, body)
    assert body["error"]["code"] == "invalid", (what, body)
    assert body["error"]["field"] == field, (what, body)


@pytest.mark.parametrize("bad", [NUL, SURROGATE, "a\ud800b", "\udfff"])
async def test_register_and_login_refuse_unstorable_text(api: Api, bad: str) -> None:
    for field, body in [
        ("email", {"email": bad, "password": PASSWORD, "name": "A"}),
        ("name", {"email": "ann@example.com", "password": PASSWORD, "name": bad}),
        ("password", {"email": "ann@example.com", "password": PASSWORD + bad, "name": "A"}),
    ]:
        status, answer = await _post(api, "/api/auth/register", body)
        _assert_invalid(status, answer, field, f"register {field}")
    # Nothing was stored: the address is still free.
    status, _ = await _post(
        api, "/api/auth/register", {"email": "ann@example.com", "password": PASSWORD, "name": "A"}
    )
    assert status == 201
    for field, body in [
        ("email", {"email": bad, "password": PASSWORD}),
        ("password", {"email": "ann@example.com", "password": bad}),
    ]:
        status, answer = await _post(api, "/api/auth/login", body)
        _assert_invalid(status, answer, field, f"login {field}")


QUIZ = {
    "title": "T",
    "description": "D",
    "questions": [
        {"kind": "choice", "prompt": "P", "choices": ["a", "b"], "correct": [0]},
        {"kind": "type_answer", "prompt": "P", "accepted": ["x"]},
        {"kind": "order", "prompt": "P", "items": ["a", "b"]},
    ],
}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("title",), "title"),
        (("description",), "description"),
        (("questions", 0, "prompt"), "questions[0].prompt"),
        (("questions", 0, "choices", 1), "questions[0].choices[1]"),
        (("questions", 1, "accepted", 0), "questions[1].accepted[0]"),
        (("questions", 2, "items", 0), "questions[2].items[0]"),
    ],
)
async def test_quiz_text_is_refused_everywhere_in_the_document(
    api: Api, path: tuple[Any, ...], field: str
) -> None:
    """Through the HTTP body check and, for a document from elsewhere (an import), the
    engine's own check: both name the field."""
    from games.errors import InvalidInput
    from games.quiz import parse_quiz

    auth = await api.host()
    for bad in (NUL, SURROGATE):
        doc = json.loads(json.dumps(QUIZ))
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = f"ok{bad}"
        for route in ("/api/quizzes", "/api/quizzes/import"):
            status, answer = await _post(api, route, doc, auth)
            _assert_invalid(status, answer, field, route)
        with pytest.raises(InvalidInput) as err:
            parse_quiz(doc)
        assert err.value.field.startswith(field.split("[")[0]), err.value
    status, listing = await api.call("GET", "/api/quizzes", auth)
    assert status == 200 and listing["quizzes"] == [], listing


async def test_nul_as_any_id_in_any_route(api: Api) -> None:
    """``%00`` (and an overlong id) in every path parameter of every route: ``422 invalid``
    naming the parameter, never a 500 (PostgreSQL refuses NUL in a query's text)."""
    auth = await api.host()
    app = api.client.app
    checked = 0
    for rule in app.url_map.iter_rules():
        names = re.findall(r"<(?:\w+:)?(\w+)>", rule.rule)
        if not rule.rule.startswith("/api/") or not names:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for bad in ("%00", "a%00b", "x" * 201):
                path = rule.rule
                for name in names:
                    path = re.sub(rf"<(?:\w+:)?{name}>", bad, path)
                status, body = await api.call(
                    method, path, auth, data=b"{}", headers={"Content-Type": "application/json"}
                )
                _assert_invalid(status, body, names[0], f"{method} {path[:60]}")
                checked += 1
    assert checked >= 17 * 3, checked


@pytest.mark.parametrize(
    "query",
    ["from=a%00", "to=%00", "kind=players%00", "x%00=1"],
)
async def test_nul_in_a_query_parameter(api: Api, query: str) -> None:
    status, body = await api.call("GET", f"/api/leaderboards?{query}", await api.host())
    assert status == 422 and body["error"]["code"] == "invalid", body


@pytest.mark.parametrize(
    "instant",
    [
        "0001-01-01T00:00:00%2B14:00",  # overflowed the datetime: a 500 before
        "9999-12-31T23:59:59-14:00",
        "0001-01-01",
        "1969-12-31T23:59:59Z",
        "1970-01-01T00:00:00%2B00:01",
        "-1",
        "253402300800000",
    ],
)
async def test_instants_out_of_range_are_refused(api: Api, instant: str) -> None:
    auth = await api.host()
    for query in (f"from={instant}", f"to={instant}"):
        field = query.split("=")[0]
        status, body = await api.call("GET", f"/api/leaderboards?{query}", auth)
        _assert_invalid(status, body, field, query)
    status, body = await _post(
        api, "/api/events", {"name": "E", "starts_ms": instant.replace("%2B", "+")}, auth
    )
    _assert_invalid(status, body, "starts_ms", f"event starts_ms {instant}")


async def test_the_edges_of_the_range_are_accepted(api: Api) -> None:
    auth = await api.host()
    for query in ("from=1970-01-01T00:00:00Z", "to=9999-12-31T23:59:59Z", "from=0"):
        status, body = await api.call("GET", f"/api/leaderboards?{query}", auth)
        assert status == 200, (query, body)


async def test_ids_in_a_body_have_a_length(api: Api) -> None:
    auth = await api.host()
    for body, field in [
        ({"quiz_id": "q" * 201}, "quiz_id"),
        ({"quiz_id": "q", "event_id": "e" * 201}, "event_id"),
        ({"quiz_id": "q\x00"}, "quiz_id"),
    ]:
        status, answer = await _post(api, "/api/games", body, auth)
        _assert_invalid(status, answer, field, str(body)[:40])
