"""Password guessing: register and login attempts per client address per minute
(``HUDDLE_AUTH_RATE_PER_MIN``), counted in Redis across nodes, against real servers. Over the
limit an attempt answers ``429`` with the API's JSON error ``rate_limited`` and ``Retry-After``,
even with the right password; another address keeps its own budget; the address is the one the
join limit uses (``X-Forwarded-For`` only from a trusted proxy)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from tests.abuse.support import Servers, http_from, loopback, seconds_left_in_minute
from tests.e2e.conftest import Group

AUTH = 5  # the groups' HUDDLE_AUTH_RATE_PER_MIN
PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def two_auth_limited(servers: Servers) -> Group:
    return servers.start(2, env={"HUDDLE_AUTH_RATE_PER_MIN": str(AUTH)})


@pytest.fixture(scope="module")
def auth_behind_proxy(servers: Servers) -> Group:
    return servers.start(
        1, env={"HUDDLE_AUTH_RATE_PER_MIN": str(AUTH), "HUDDLE_TRUSTED_PROXIES": "127.0.0.1"}
    )


def account() -> dict[str, str]:
    return {"email": f"guess-{secrets.token_hex(4)}@example.com", "password": PASSWORD, "name": "G"}


def assert_rate_limited(resp: httpx.Response) -> None:
    assert resp.status_code == 429, resp.text
    body: dict[str, Any] = resp.json()
    assert set(body) == {"error"} and body["error"]["code"] == "rate_limited", body
    assert body["error"]["message"]
    assert 1 <= int(resp.headers["Retry-After"]) <= 60


async def test_login_guesses_per_address_per_minute_across_nodes(two_auth_limited: Group) -> None:
    first, second = (n.url for n in two_auth_limited.nodes)
    await seconds_left_in_minute(10)
    guesser, other = loopback(2)
    me = account()
    async with http_from(first, other) as http:
        assert (await http.post("/api/auth/register", json=me)).status_code == 201  # other's budget

    clients = [http_from(first, guesser), http_from(second, guesser)]
    try:
        statuses = []
        for i in range(AUTH):  # alternating nodes: one count in Redis for both
            wrong = {"email": me["email"], "password": f"guess {i}"}
            statuses.append((await clients[i % 2].post("/api/auth/login", json=wrong)).status_code)
        assert statuses == [401] * AUTH
        right = {"email": me["email"], "password": PASSWORD}
        for http in clients:  # the right password does not get through now either
            assert_rate_limited(await http.post("/api/auth/login", json=right))
        assert_rate_limited(await clients[0].post("/api/auth/register", json=account()))
    finally:
        for http in clients:
            await http.aclose()

    # Another address has its own budget, on either node.
    for url in (first, second):
        async with http_from(url, other) as http:
            resp = await http.post(
                "/api/auth/login", json={"email": me["email"], "password": PASSWORD}
            )
            assert resp.status_code == 200, resp.text


async def test_the_budget_follows_the_forwarded_address(auth_behind_proxy: Group) -> None:
    url = auth_behind_proxy.url
    await seconds_left_in_minute(10)
    me = account()
    client = f"10.81.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    # Through the trusted proxy (127.0.0.1), the forwarded client is counted...
    async with http_from(url, "127.0.0.1", headers={"X-Forwarded-For": client}) as http:
        assert (await http.post("/api/auth/register", json=me)).status_code == 201
        for _ in range(AUTH - 1):
            resp = await http.post("/api/auth/login", json=me)
            assert resp.status_code == 200, resp.text
        assert_rate_limited(await http.post("/api/auth/login", json=me))
    # ...and someone else behind the same proxy is not affected.
    async with http_from(url, "127.0.0.1", headers={"X-Forwarded-For": "10.82.0.1"}) as http:
        assert (await http.post("/api/auth/login", json=me)).status_code == 200
    # An untrusted peer cannot pick a fresh address for each guess.
    spoofer = loopback(1)[0]
    async with http_from(url, spoofer) as http:
        codes = []
        for i in range(AUTH + 1):
            headers = {"X-Forwarded-For": f"10.83.0.{i + 1}"}
            wrong = {"email": me["email"], "password": f"guess {i}"}
            codes.append(
                (await http.post("/api/auth/login", json=wrong, headers=headers)).status_code
            )
        assert codes == [401] * AUTH + [429], codes
