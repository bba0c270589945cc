"""Socket.IO's allowed origins come from ``HUDDLE_CORS_ORIGINS``; by default only the
server's own origin may open a connection (a page elsewhere cannot drive a player's or a
host's socket)."""

from __future__ import annotations

import httpx
import pytest

from tests.abuse.support import LIMITS_OFF, RawSocket, Refused, Servers, loopback
from tests.e2e.conftest import Group

EVIL = "http://evil.example"


async def _origin_allowed(url: str, origin: str | None) -> bool:
    """Whether a websocket with this Origin header gets a Socket.IO connection."""
    sock = RawSocket(url, loopback(1)[0], origin=origin)
    try:
        await sock.connect()
    except Refused as err:
        assert err.detail in (400, 403), err.detail
        return False
    finally:
        await sock.close()
    return True


async def _polling_allowed(url: str, origin: str) -> bool:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        resp = await http.get(
            "/socket.io/", params={"EIO": "4", "transport": "polling"}, headers={"Origin": origin}
        )
    if resp.status_code == 200:
        assert resp.headers.get("access-control-allow-origin") == origin, resp.headers
        return True
    assert resp.status_code == 400, (resp.status_code, resp.text)
    assert "access-control-allow-origin" not in resp.headers
    return False


async def test_default_allows_only_the_servers_own_origin(open_server: Group) -> None:
    url = open_server.url  # http://127.0.0.1:<port>
    assert await _origin_allowed(url, url)
    assert await _origin_allowed(url, None)  # not a browser: no Origin header at all
    for origin in (
        EVIL,
        "http://127.0.0.1",
        url + ".evil.example",
        "null",
        url.replace("http", "https"),
    ):
        assert not await _origin_allowed(url, origin), origin
    assert await _polling_allowed(url, url)
    assert not await _polling_allowed(url, EVIL)


@pytest.fixture(scope="module")
def cors_server(servers: Servers) -> Group:
    return servers.start(
        1, env={**LIMITS_OFF, "HUDDLE_CORS_ORIGINS": f"{EVIL}, https://quiz.example.org"}
    )


async def test_allowed_origins_come_from_settings(cors_server: Group) -> None:
    url = cors_server.url
    assert await _origin_allowed(url, EVIL)
    assert await _origin_allowed(url, "https://quiz.example.org")
    assert not await _origin_allowed(url, "http://other.example")
    assert await _polling_allowed(url, EVIL)
    assert not await _polling_allowed(url, "http://other.example")
