"""The OpenAPI description covers every /api route the server has."""

from __future__ import annotations

import re

from server.app import create_app
from server.settings import Settings


async def test_every_api_route_is_described() -> None:
    app = create_app(Settings(secret="s" * 32))
    client = app.quart.test_client()
    response = await client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = await response.get_json()
    assert doc["openapi"].startswith("3.1")
    described = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    served = set()
    for rule in app.quart.url_map.iter_rules():
        if rule.rule.startswith("/api"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                served.add((path, method))
    assert served == described
    # Every operation says how it fails.
    for ops in doc["paths"].values():
        for op in ops.values():
            assert "422" in op["responses"]


def test_outage_and_rate_limit_answers_are_described() -> None:
    from server.http.openapi import spec

    paths = spec()["paths"]
    for path, ops in paths.items():
        for method, op in ops.items():
            assert "503" in op["responses"], (method, path)
    for path in ("/api/auth/register", "/api/auth/login", "/api/games"):
        assert "429" in paths[path]["post"]["responses"], path
    assert "429" not in paths["/api/quizzes"]["post"]["responses"]
