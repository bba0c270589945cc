"""``/api/quizzes``: CRUD of a host's own quizzes."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import bearer, register
from quart import Quart
from quart.testing import QuartClient

from server.db.scope import Scope

QUIZ: dict[str, Any] = {
    "title": "Onboarding week 1",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which port does HTTPS use?",
            "choices": ["80", "443", "22", "25"],
            "correct": [1],
            "time_limit_ms": 20000,
            "points": 1,
        },
        {"kind": "true_false", "prompt": "Redis is a relational database.", "correct": False},
    ],
}


async def token_of(client: QuartClient, email: str = "ada@example.com") -> dict[str, str]:
    return bearer((await register(client, email=email))["token"])


async def create(client: QuartClient, auth: dict[str, str], doc: dict[str, Any]) -> Any:
    resp = await client.post("/api/quizzes", json=doc, headers=auth)
    assert resp.status_code == 201, await resp.get_data(as_text=True)
    return await resp.get_json()


async def test_quiz_crud(client: QuartClient) -> None:
    auth = await token_of(client)
    stored = await create(client, auth, QUIZ)
    qid = stored["id"]
    assert stored["title"] == QUIZ["title"]
    assert len(stored["questions"]) == 2
    # Defaults are filled in by the engine's normalisation.
    assert stored["questions"][1]["time_limit_ms"] == 20000

    resp = await client.get(f"/api/quizzes/{qid}", headers=auth)
    assert resp.status_code == 200
    assert await resp.get_json() == stored

    resp = await client.get("/api/quizzes", headers=auth)
    assert (await resp.get_json()) == {"quizzes": [stored], "total": 1}

    # A quiz read back can be sent back as it is.
    renamed = {**stored, "title": "Renamed"}
    resp = await client.put(f"/api/quizzes/{qid}", json=renamed, headers=auth)
    assert resp.status_code == 200
    updated = await resp.get_json()
    assert updated["id"] == qid
    assert updated["title"] == "Renamed"
    assert updated["questions"] == stored["questions"]

    resp = await client.delete(f"/api/quizzes/{qid}", headers=auth)
    assert resp.status_code == 204
    assert await resp.get_data() == b""
    resp = await client.get(f"/api/quizzes/{qid}", headers=auth)
    assert resp.status_code == 404
    assert (await (await client.get("/api/quizzes", headers=auth)).get_json()) == {
        "quizzes": [],
        "total": 0,
    }


async def test_another_hosts_quiz_is_not_found(client: QuartClient) -> None:
    ada = await token_of(client, "ada@example.com")
    bob = await token_of(client, "bob@example.com")
    qid = (await create(client, ada, QUIZ))["id"]
    for method, path, body in [
        ("GET", f"/api/quizzes/{qid}", None),
        ("PUT", f"/api/quizzes/{qid}", QUIZ),
        ("DELETE", f"/api/quizzes/{qid}", None),
        ("GET", "/api/quizzes/unknown", None),
        ("PUT", "/api/quizzes/unknown", QUIZ),
        ("DELETE", "/api/quizzes/unknown", None),
    ]:
        resp = await client.open(path, method=method, json=body, headers=bob)
        assert resp.status_code == 404, (method, path)
        assert (await resp.get_json())["error"]["code"] == "not_found"
    assert (await (await client.get("/api/quizzes", headers=bob)).get_json()) == {
        "quizzes": [],
        "total": 0,
    }
    assert (await client.get(f"/api/quizzes/{qid}", headers=ada)).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/quizzes"),
        ("POST", "/api/quizzes"),
        ("GET", "/api/quizzes/x"),
        ("PUT", "/api/quizzes/x"),
        ("DELETE", "/api/quizzes/x"),
    ],
)
async def test_quizzes_need_a_token(client: QuartClient, method: str, path: str) -> None:
    for headers in ({}, bearer("garbage")):
        resp = await client.open(path, method=method, json=QUIZ, headers=headers)
        assert resp.status_code == 401
        assert (await resp.get_json())["error"]["code"] == "unauthorized"


def _with_question(**changes: Any) -> dict[str, Any]:
    question = {**QUIZ["questions"][0], **changes}
    return {**QUIZ, "questions": [question, *QUIZ["questions"][1:]]}


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (_with_question(choices=["only one"]), "questions[0].choices"),
        (_with_question(choices="80,443"), "questions[0].choices"),
        (_with_question(kind="essay"), "questions[0].kind"),
        (_with_question(time_limit_ms=1), "questions[0].time_limit_ms"),
        ({**QUIZ, "title": ""}, "title"),
        ({**QUIZ, "questions": []}, "questions"),
        ({"questions": QUIZ["questions"]}, "title"),
        ({**QUIZ, "colour": "red"}, "colour"),
    ],
)
async def test_bad_quiz_is_invalid(client: QuartClient, doc: dict[str, Any], field: str) -> None:
    auth = await token_of(client)
    qid = (await create(client, auth, QUIZ))["id"]
    for method, path in (("POST", "/api/quizzes"), ("PUT", f"/api/quizzes/{qid}")):
        resp = await client.open(path, method=method, json=doc, headers=auth)
        assert resp.status_code == 422, (method, await resp.get_data(as_text=True))
        error = (await resp.get_json())["error"]
        assert error["code"] == "invalid"
        assert error["field"] == field
        assert field in error["message"]


async def test_malformed_quiz_body(client: QuartClient) -> None:
    auth = await token_of(client)
    resp = await client.post(
        "/api/quizzes",
        data=b"{not json",
        headers={**auth, "Content-Type": "application/json"},
    )
    assert resp.status_code == 422
    assert (await resp.get_json())["error"]["code"] == "invalid"


async def test_quiz_stored_before_the_limits_opens_and_saves_once_shortened(
    app: Quart, client: QuartClient
) -> None:
    """A quiz saved with texts past today's authoring limits (games.limits) still opens; saving
    it as it is names the field too long; once shortened it saves."""
    host = await register(client)
    auth = bearer(host["token"])
    old = _with_question(prompt="p" * 300, choices=["80", "4" * 150, "22", "25"])
    stored = await app.extensions["huddle"].db.quizzes.create(
        Scope.personal(host["host"]["id"]), old
    )
    resp = await client.get(f"/api/quizzes/{stored['id']}", headers=auth)
    assert resp.status_code == 200
    assert (await resp.get_json())["questions"][0]["prompt"] == "p" * 300
    resp = await client.put(f"/api/quizzes/{stored['id']}", json=old, headers=auth)
    assert resp.status_code == 422
    assert (await resp.get_json())["error"]["field"] == "questions[0].prompt"
    shorter = _with_question(prompt="p" * 200, choices=["80", "4" * 150, "22", "25"])
    resp = await client.put(f"/api/quizzes/{stored['id']}", json=shorter, headers=auth)
    assert resp.status_code == 422
    error = (await resp.get_json())["error"]
    assert error["field"] == "questions[0].choices"
    assert error["message"] == "questions[0].choices[1] must be at most 90 characters"
    short = _with_question(prompt="p" * 200, choices=["80", "4" * 90, "22", "25"])
    resp = await client.put(f"/api/quizzes/{stored['id']}", json=short, headers=auth)
    assert resp.status_code == 200
    resp = await client.get(f"/api/quizzes/{stored['id']}", headers=auth)
    assert (await resp.get_json())["questions"][0]["choices"][1] == "4" * 90
