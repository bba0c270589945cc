"""The OpenAPI description is generated from the routes' own declarations and covers every /api
route the server has; a route without a declaration cannot go unnoticed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from quart import Quart

from server.app import create_app
from server.http.openapi import Undocumented, api, spec
from server.settings import Settings

PUBLIC = {
    ("/api/auth/register", "post"),
    ("/api/auth/login", "post"),
    ("/api/me", "get"),
    ("/api/openapi.json", "get"),
    ("/api/invites/{token}", "get"),
}


def _quart() -> Quart:
    quart: Quart = create_app(Settings(secret="s" * 32)).quart
    return quart


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in doc["paths"].items() for method, op in ops.items()]


async def test_every_api_route_is_described() -> None:
    quart = _quart()
    client = quart.test_client()
    response = await client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = await response.get_json()
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"] == "Huddle HTTP API"
    described = {(path, method.upper()) for path, method, _ in _operations(doc)}
    served = set()
    for rule in quart.url_map.iter_rules():
        if rule.rule.startswith("/api"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                served.add((path, method))
    assert served == described
    # Every operation says how it fails, and its path ids are named.
    for path, method, op in _operations(doc):
        assert "422" in op["responses"], (method, path)
        assert op["summary"], (method, path)
        params = {p["name"] for p in op.get("parameters", ()) if p["in"] == "path"}
        assert params == set(re.findall(r"{(\w+)}", path)), (method, path)
        # A route of a workspace names the role it needs, the workspace header and its 403.
        if "x-huddle-role" in op:
            headers = {p["name"] for p in op.get("parameters", ()) if p["in"] == "header"}
            assert "X-Workspace" in headers or "workspace_id" in params, (method, path)
            assert "403" in op["responses"] and "401" in op["responses"], (method, path)
    roles = {(path, method): op.get("x-huddle-role") for path, method, op in _operations(doc)}
    assert roles[("/api/quizzes", "post")] == "host"
    assert roles[("/api/identities/{identity_id}", "delete")] == "admin"
    assert roles[("/api/auth/me", "get")] is None  # any account, no workspace needed


def test_a_route_without_a_declaration_fails_the_document() -> None:
    quart = _quart()

    @quart.get("/api/undeclared")
    async def undeclared() -> str:
        return "no @api here"

    with pytest.raises(Undocumented, match="/api/undeclared"):
        spec(quart)

    declared_app = _quart()

    @declared_app.get("/api/declared")
    @api("Declared")
    async def declared() -> str:
        return ""

    assert spec(declared_app)["paths"]["/api/declared"]["get"]["summary"] == "Declared"


def test_outage_and_rate_limit_answers_are_described() -> None:
    paths = spec(_quart())["paths"]
    for path, ops in paths.items():
        for method, op in ops.items():
            assert "503" in op["responses"], (method, path)
    for path in ("/api/auth/register", "/api/auth/login", "/api/games"):
        assert "429" in paths[path]["post"]["responses"], path
    assert "429" not in paths["/api/quizzes"]["post"]["responses"]


def test_bearer_and_public_operations() -> None:
    doc = spec(_quart())
    assert doc["security"] == [{"bearer": []}]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, method, op in _operations(doc):
        if (path, method) in PUBLIC:
            assert op["security"] == [], (method, path)
        else:
            assert "security" not in op, (method, path)
            assert {"401", "404"} <= set(op["responses"]), (method, path)
    me = doc["paths"]["/api/me"]["get"]
    assert {"401", "404"} <= set(me["responses"])
    headers = {p["name"]: p for p in me["parameters"] if p["in"] == "header"}
    # A device's key, or a signed-in person's bearer token: either may be left out.
    assert headers["X-Player-Key"]["required"] is False
    assert headers["Authorization"]["required"] is False


def test_bodies_and_answers_are_described() -> None:
    doc = spec(_quart())
    paths = doc["paths"]
    for path, method, op in _operations(doc):
        if method in ("post", "put") and path not in (
            "/api/games/{game_id}/end",
            "/api/challenges/{challenge_id}/close",
            "/api/auth/logout",
            "/api/invites/{token}/accept",
            "/api/quizzes/{quiz_id}/duplicate",
            "/api/contributions/{contribution_id}/hide",
            "/api/contributions/{contribution_id}/unhide",
            "/api/contributions/{contribution_id}/vote",
            "/api/contributions/{contribution_id}/dismiss-reports",
            "/api/drives/{drive_id}/close",
        ):
            assert op["requestBody"]["required"] is True, (method, path)
        # Taking back an upvote answers the new count (the page shows it at once).
        if method == "delete" and path != "/api/contributions/{contribution_id}/vote":
            assert op["responses"]["204"] == {"description": "done"}, (method, path)
    quiz = paths["/api/quizzes"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert quiz["required"] == ["title", "questions"]
    assert quiz["properties"]["questions"]["items"] == {"$ref": "#/components/schemas/Question"}
    question = doc["components"]["schemas"]["Question"]
    assert "choices" in question["properties"] and question["required"] == ["kind", "prompt"]
    settings = doc["components"]["schemas"]["GameSettings"]
    assert settings["additionalProperties"] is False
    assert paths["/api/auth/logout"]["post"]["requestBody"]["required"] is False
    assert paths["/api/auth/logout"]["post"]["responses"]["204"] == {"description": "done"}
    imports = paths["/api/quizzes/import"]["post"]["requestBody"]["content"]
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert set(imports) == {"application/json", xlsx, "multipart/form-data"}
    assert imports["multipart/form-data"]["schema"]["required"] == ["file"]
    image = paths["/api/images"]["post"]
    assert {"image/*", "application/octet-stream", "multipart/form-data"} == set(
        image["requestBody"]["content"]
    )
    assert {"413", "415", "422", "503"} <= set(image["responses"])
    stored = image["responses"]["201"]["content"]["application/json"]["schema"]
    assert stored["required"] == ["url", "width", "height"]
    export = paths["/api/quizzes/{quiz_id}/export.xlsx"]["get"]["responses"]["200"]
    assert set(export["content"]) == {xlsx}
    assert set(export["headers"]) == {"Huddle-Skipped", "Huddle-Skipped-Count"}
    csv = paths["/api/games/{game_id}/report.csv"]["get"]
    assert set(csv["responses"]["200"]["content"]) == {"text/csv"}
    table = next(p for p in csv["parameters"] if p["name"] == "table")
    assert "answers" in table["schema"]["enum"] and table["required"] is False
    season = {
        p["name"] for p in paths["/api/leaderboards"]["get"]["parameters"] if p["in"] == "query"
    }
    assert season == {"kind", "from", "to", "offset", "limit"}
    ids = [op["operationId"] for _, _, op in _operations(doc)]
    assert len(ids) == len(set(ids))
