"""``/api/auth``: register, login, me, and the bearer token on every other call."""

from __future__ import annotations

import time
from typing import Any

import pytest
from http_support import SECRET, bearer, register
from quart import Quart
from quart.testing import QuartClient

from server.auth import TokenSigner
from server.http.common import ApiError


async def error_of(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, await resp.get_data(as_text=True)
    body = await resp.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    error: dict[str, Any] = body["error"]
    return error


async def test_register_login_me(client: QuartClient) -> None:
    reg = await register(client, email="  Ada@Example.com ", name="  Ada Lovelace ")
    assert set(reg) == {"host", "token", "workspaces"}
    assert reg["host"]["email"] == "ada@example.com"
    # A workspace of its own, with the account's id, owned by it.
    assert reg["workspaces"] == [
        {"id": reg["host"]["id"], "name": "Ada Lovelace's workspace", "role": "owner"}
    ]
    assert reg["host"]["name"] == "Ada Lovelace"
    assert set(reg["host"]) == {"id", "email", "name"}

    resp = await client.post(
        "/api/auth/login", json={"email": "ADA@example.com", "password": "correct horse"}
    )
    assert resp.status_code == 200
    login = await resp.get_json()
    assert login["host"] == reg["host"]

    for token in (reg["token"], login["token"]):
        resp = await client.get("/api/auth/me", headers=bearer(token))
        assert resp.status_code == 200
        assert await resp.get_json() == {"host": reg["host"], "workspaces": reg["workspaces"]}


GOOD = {"email": "ada@example.com", "password": "correct horse", "name": "Ada"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": None}, "email"),
        ({"email": 42}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a b@example.com"}, "email"),
        ({"email": "ada@example"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"password": None}, "password"),
        ({"password": "short77"}, "password"),
        ({"password": 12345678}, "password"),
        ({"password": "p" * 1025}, "password"),
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"name": "bad\nname"}, "name"),
        ({"name": ["Ada"]}, "name"),
    ],
)
async def test_register_rejects_bad_fields(
    client: QuartClient, change: dict[str, Any], field: str
) -> None:
    body = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    error = await error_of(await client.post("/api/auth/register", json=body), 422, "invalid")
    assert error["field"] == field
    assert field in error["message"]


async def test_register_accepts_limits(client: QuartClient) -> None:
    body = {"email": "b@example.com", "password": "p" * 1024, "name": "n" * 100}
    assert (await client.post("/api/auth/register", json=body)).status_code == 201
    body = {"email": "c@example.com", "password": "eight ch", "name": "N"}
    assert (await client.post("/api/auth/register", json=body)).status_code == 201


@pytest.mark.parametrize(
    "data", [b"{bad json", b"[1, 2]", b'"text"', b"", b"null", b'{"email": NaN}', b"\xff\xfe{"]
)
async def test_malformed_bodies_are_invalid(client: QuartClient, data: bytes) -> None:
    for path in ("/api/auth/register", "/api/auth/login"):
        resp = await client.post(path, data=data, headers={"Content-Type": "application/json"})
        error = await error_of(resp, 422, "invalid")
        assert error["message"] == "body must be a JSON object"


async def test_oversized_body_is_invalid(client: QuartClient) -> None:
    resp = await client.post("/api/auth/register", json={**GOOD, "name": "x" * 70_000})
    await error_of(resp, 422, "invalid")


async def test_email_taken_ignoring_case(client: QuartClient) -> None:
    await register(client)
    resp = await client.post("/api/auth/register", json={**GOOD, "email": "ADA@example.COM"})
    await error_of(resp, 409, "email_taken")


async def test_login_failures_look_alike(client: QuartClient) -> None:
    await register(client)
    wrong = await client.post(
        "/api/auth/login", json={"email": "ada@example.com", "password": "wrong password"}
    )
    unknown = await client.post(
        "/api/auth/login", json={"email": "bob@example.com", "password": "correct horse"}
    )
    a = await error_of(wrong, 401, "bad_credentials")
    b = await error_of(unknown, 401, "bad_credentials")
    assert a == b


async def test_login_missing_fields(client: QuartClient) -> None:
    error = await error_of(
        await client.post("/api/auth/login", json={"password": "x"}), 422, "invalid"
    )
    assert error["field"] == "email"
    error = await error_of(
        await client.post("/api/auth/login", json={"email": "a@b.co"}), 422, "invalid"
    )
    assert error["field"] == "password"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer garbage"},
        {"Authorization": "Basic YWRhOnB3"},
    ],
)
async def test_me_needs_a_valid_token(client: QuartClient, headers: dict[str, str]) -> None:
    await error_of(await client.get("/api/auth/me", headers=headers), 401, "unauthorized")


async def test_tampered_and_foreign_tokens(client: QuartClient) -> None:
    reg = await register(client)
    foreign = TokenSigner("y" * 32, 3600).issue(reg["host"]["id"])
    token = reg["token"]
    tampered = token[:-2] + ("BB" if token.endswith("AA") else "AA")
    for bad in (foreign, tampered, token + "x", "." + token):
        resp = await client.get("/api/auth/me", headers=bearer(bad))
        await error_of(resp, 401, "unauthorized")


async def test_expired_token_is_unauthorized(app: Quart, client: QuartClient) -> None:
    reg = await register(client)
    ctx = app.extensions["huddle"]
    ctx.tokens = TokenSigner(SECRET, 60, clock=lambda: time.time() + 61)
    await error_of(
        await client.get("/api/auth/me", headers=bearer(reg["token"])), 401, "unauthorized"
    )
    ctx.tokens = TokenSigner(SECRET, 60, clock=lambda: time.time() + 30)
    assert (await client.get("/api/auth/me", headers=bearer(reg["token"]))).status_code == 200


async def test_token_of_a_deleted_host(app: Quart, client: QuartClient) -> None:
    token = app.extensions["huddle"].tokens.issue("no-such-host")
    await error_of(await client.get("/api/auth/me", headers=bearer(token)), 401, "unauthorized")


async def test_unknown_api_route_and_method(client: QuartClient) -> None:
    await error_of(await client.get("/api/nope"), 404, "not_found")
    resp = await client.get("/api/auth/register")
    await error_of(resp, 405, "method_not_allowed")
    assert "POST" in resp.headers["Allow"]


async def test_non_api_paths_keep_quart_errors(client: QuartClient) -> None:
    resp = await client.get("/nope")
    assert resp.status_code == 404
    assert "json" not in (resp.content_type or "")


async def test_unexpected_errors_are_json_500(app: Quart, client: QuartClient) -> None:
    @app.get("/api/boom")
    async def boom() -> str:
        raise RuntimeError("kaboom")

    @app.get("/api/teapot")
    async def teapot() -> str:
        raise ApiError(418, "teapot", "short and stout")

    error = await error_of(await client.get("/api/boom"), 500, "internal")
    assert "kaboom" not in error["message"]
    await error_of(await client.get("/api/teapot"), 418, "teapot")


async def test_logout_revokes_the_token_and_everywhere_revokes_all(client: QuartClient) -> None:
    first = (await register(client))["token"]
    resp = await client.post(
        "/api/auth/login", json={"email": "ada@example.com", "password": "correct horse"}
    )
    second = (await resp.get_json())["token"]
    third = (await (await client.post(
        "/api/auth/login", json={"email": "ada@example.com", "password": "correct horse"}
    )).get_json())["token"]  # fmt: skip
    await error_of(
        await client.post("/api/auth/logout", headers=bearer(first), json={"everywhere": 1}),
        422,
        "invalid",
    )
    assert (await client.post("/api/auth/logout", headers=bearer(first))).status_code == 204
    await error_of(await client.get("/api/auth/me", headers=bearer(first)), 401, "unauthorized")
    await error_of(
        await client.post("/api/auth/logout", headers=bearer(first)), 401, "unauthorized"
    )
    assert (await client.get("/api/auth/me", headers=bearer(second))).status_code == 200
    resp = await client.post("/api/auth/logout", headers=bearer(second), json={"everywhere": True})
    assert resp.status_code == 204
    for token in (second, third):
        await error_of(await client.get("/api/quizzes", headers=bearer(token)), 401, "unauthorized")
