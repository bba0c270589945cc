"""The abuse limits, each against a real server with small limits (`LIMITS_ON`):
connections per client address, requests per connection per second, new joins per address
per minute (across nodes), the payload cap, and where the client address comes from."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections import Counter
from typing import Any

import pytest

from tests.abuse.support import (
    BoundHost,
    BoundPlayer,
    RawSocket,
    Refused,
    Servers,
    close_raw,
    error_code,
    loopback,
    play_small_game_from,
    seconds_left_in_minute,
)
from tests.e2e.conftest import Group
from tests.e2e.helpers import assert_error, assert_ok, close_all, new_game

CAP = 6  # LIMITS_ON's HUDDLE_MAX_CONN_PER_IP
BURST = 10  # LIMITS_ON's HUDDLE_EVENT_BURST
RATE = 5  # LIMITS_ON's HUDDLE_EVENT_RATE_PER_S
JOINS = 5  # LIMITS_ON's HUDDLE_JOIN_RATE_PER_MIN
PAYLOAD = 8192  # the `limited` server's HUDDLE_MAX_PAYLOAD_BYTES

QUESTION = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 30000,
}


async def _open_many(
    url: str, address: str | None, n: int, *, namespace: bool = True, **kw: Any
) -> tuple[list[RawSocket], list[Any]]:
    """Open `n` sockets one after another; (the ones that connected, the refusals)."""
    opened: list[RawSocket] = []
    refusals: list[Any] = []
    for _ in range(n):
        sock = RawSocket(url, address, **kw)
        try:
            await sock.open()
            if namespace:
                await sock.join_namespace()
        except Refused as err:
            refusals.append(err.detail)
            await sock.close()
            continue
        opened.append(sock)
    return opened, refusals


def _refused_for_too_many(detail: Any) -> bool:
    """A refusal at the handshake (an HTTP status) or the namespace's ``too_many_connections``."""
    if isinstance(detail, int):
        return 400 <= detail < 500
    data = detail.get("data") if isinstance(detail, dict) else None
    return isinstance(data, dict) and data.get("code") == "too_many_connections"


async def test_connections_per_address_are_capped(limited: Group) -> None:
    url = limited.url
    a, b, c, d = loopback(4)
    sockets: list[RawSocket] = []
    try:
        opened, refusals = await _open_many(url, a, CAP + 3)
        sockets += opened
        assert len(opened) == CAP, (len(opened), refusals)
        assert len(refusals) == 3 and all(_refused_for_too_many(r) for r in refusals), refusals

        # Another address is not affected.
        others, refusals_b = await _open_many(url, b, 2)
        sockets += others
        assert len(others) == 2 and not refusals_b, refusals_b
        # The refused address's open connections still work.
        assert error_code(await opened[0].call("join", {"pin": "1", "nickname": "x"})) == (
            "game_not_found"
        )

        # Closing one frees a place for the address.
        last = opened.pop()
        sockets.remove(last)
        await last.close()
        again: list[RawSocket] = []
        for _ in range(50):
            again, _ = await _open_many(url, a, 1)
            if again:
                break
            await asyncio.sleep(0.05)
        assert again, "a closed connection did not free its place"
        sockets += again

        # Bare Engine.IO connections that never join a namespace count too.
        bare, refusals_c = await _open_many(url, c, CAP + 2, namespace=False)
        sockets += bare
        assert len(bare) == CAP and len(refusals_c) == 2, (len(bare), refusals_c)
        assert all(_refused_for_too_many(r) for r in refusals_c), refusals_c

        # Namespace connections count as well: three Engine.IO connections, each joining the
        # three namespaces, hold at most CAP of them; the others get the error shape.
        multi, _ = await _open_many(url, d, 3)
        sockets += multi
        namespaces = [(s, ns) for s in multi for ns in ("/host", "/screen")]
        refused_ns = []
        for sock, ns in namespaces:
            try:
                await sock.join_namespace(ns)
            except Refused as err:
                refused_ns.append(err.detail)
        assert len(refused_ns) == 3 * 3 - CAP, refused_ns
        for detail in refused_ns:
            assert detail["data"] == {
                "code": "too_many_connections",
                "message": "too many connections from here",
            }, detail
    finally:
        await close_raw(sockets)
    await play_small_game_from(url)


async def test_requests_per_connection_are_rate_limited(limited: Group) -> None:
    url = limited.url
    a = loopback(1)[0]
    game = await new_game(url, [QUESTION])
    flooder, neighbour = RawSocket(url, a), RawSocket(url, a)
    try:
        await flooder.connect()
        await neighbour.connect()
        # Pipelined: the server sees them back to back.
        futures = [
            await flooder.emit_nowait("suggest_nickname", {"pin": game.pin}) for _ in range(40)
        ]
        codes = [error_code(ack) for ack in await asyncio.gather(*futures)]
        counted = Counter(codes)
        assert counted["rate_limited"] >= 40 - BURST - 2, counted
        assert BURST <= 40 - counted["rate_limited"] <= BURST + 2, counted
        assert set(counted) <= {"rate_limited", "not_allowed"}, counted
        assert flooder.is_open, "rate limiting closed the connection"
        # The ack says why, in the error shape.
        limited_ack = next(
            a for a in [f.result() for f in futures] if error_code(a) == "rate_limited"
        )
        assert_error(limited_ack, "rate_limited")

        # Another connection from the same address has its own budget.
        assert error_code(await neighbour.call("suggest_nickname", {"pin": game.pin})) == (
            "not_allowed"
        )
        # The budget refills at RATE a second.
        await asyncio.sleep(1.0)
        refilled = [
            error_code(a)
            for a in await asyncio.gather(
                *[
                    await flooder.emit_nowait("suggest_nickname", {"pin": game.pin})
                    for _ in range(RATE)
                ]
            )
        ]
        assert refilled.count("not_allowed") >= RATE - 1, refilled
    finally:
        await close_raw([flooder, neighbour])
        await game.account.close()


@pytest.fixture(scope="module")
def two_limited(servers: Servers) -> Group:
    return servers.start(2)


async def test_new_joins_per_address_per_minute_across_nodes(two_limited: Group) -> None:
    first, second = (n.url for n in two_limited.nodes)
    await seconds_left_in_minute(5)
    a, b = loopback(2)
    game = await new_game(first, [QUESTION])
    host = BoundHost(first, loopback(1)[0])
    players = [BoundPlayer(first if i % 2 == 0 else second, a) for i in range(JOINS + 1)]
    other = BoundPlayer(second, b)
    try:
        await host.connect()
        await host.attach(game.id, game.host_key)
        for p in [*players, other]:
            await p.connect()
        for i, p in enumerate(players[:JOINS]):
            await p.join(game.pin, f"Same address {i}")
        refused = await players[JOINS].call("join", {"pin": game.pin, "nickname": "One too many"})
        assert_error(refused, "rate_limited", "a join over the address's budget")
        # A resume is not a new join: it still works from the same address.
        again = await players[0].call("join", {"pin": game.pin, "token": players[0].token})
        assert assert_ok(again, "resume")["player"]["id"] == players[0].id
        # Another address has its own budget, on either node.
        await other.join(game.pin, "Other address")
        roster = assert_ok(await host.call("roster", {}), "roster")
        assert roster["count"] == JOINS + 1, roster
        assert "One too many" not in {p["nickname"] for p in roster["players"]}
    finally:
        await close_all([host, *players, other])
        await game.account.close()


async def test_oversized_socket_message_closes_only_that_connection(limited: Group) -> None:
    url = limited.url
    a = loopback(1)[0]
    game = await new_game(url, [QUESTION])
    big, bystander = RawSocket(url, a), RawSocket(url, a)
    try:
        await big.connect()
        await bystander.connect()
        # Just under the cap: an ordinary refusal.
        fits = "x" * (PAYLOAD - 200)
        assert error_code(await big.call("join", {"pin": game.pin, "nickname": fits})) == (
            "nickname_invalid"
        )
        # Over it: Engine.IO closes the connection; no ack comes.
        future = await big.emit_nowait("join", {"pin": game.pin, "nickname": "x" * (PAYLOAD + 1)})
        await asyncio.wait_for(big.closed.wait(), 5)
        assert future.done() and future.exception() is not None
        # Other connections and the server go on.
        assert error_code(await bystander.call("join", {"pin": game.pin, "nickname": "Fine"})) == (
            "ok"
        )
    finally:
        await close_raw([big, bystander])
        await game.account.close()

    # Over the polling transport, too: the session ends.
    game = await new_game(url, [QUESTION])
    polling = BoundPlayer(url, loopback(1)[0], transports=("polling",))
    try:
        await polling.connect()
        assert error_code(await polling.call("join", {"pin": game.pin, "nickname": "Poll"})) == "ok"
        call = asyncio.ensure_future(
            polling.call("join", {"pin": game.pin, "nickname": "x" * (PAYLOAD + 1)}, timeout=8)
        )
        for _ in range(100):
            if polling.disconnects:
                break
            await asyncio.sleep(0.05)
        assert polling.disconnects == 1 and not polling.connected, "still connected"
        call.cancel()
        await asyncio.gather(call, return_exceptions=True)
    finally:
        await close_all([polling])
        await game.account.close()
    await play_small_game_from(url)


async def test_oversized_http_body_is_a_json_4xx(limited: Group) -> None:
    url = limited.url
    game = await new_game(url, [QUESTION])
    http = game.account.http
    try:
        quiz = {"title": "Big", "questions": [{**QUESTION, "prompt": "p" * 400}] * 40}
        body = json.dumps(quiz).encode()
        assert len(body) > PAYLOAD

        async def chunks() -> Any:
            for i in range(0, len(body), 1000):
                yield body[i : i + 1000]

        sized = await http.post(
            "/api/quizzes", content=body, headers={"Content-Type": "application/json"}
        )
        streamed = await http.post(
            "/api/quizzes", content=chunks(), headers={"Content-Type": "application/json"}
        )
        for resp in (sized, streamed):
            assert 400 <= resp.status_code < 500, (resp.status_code, resp.text)
            assert resp.headers["content-type"].startswith("application/json"), resp.headers
            error = resp.json()["error"]
            assert error["code"] == "invalid" and error["message"], error
        # Below the cap, the same route works.
        small = await http.post("/api/quizzes", json={"title": "Small", "questions": [QUESTION]})
        assert small.status_code == 201, small.text
    finally:
        await game.account.close()


# ---------------------------------------------------------------------- client address


@pytest.fixture(scope="module")
def behind_proxy(servers: Servers) -> Group:
    """A node that trusts X-Forwarded-For from 127.0.0.1 only."""
    return servers.start(1, env={"HUDDLE_TRUSTED_PROXIES": "127.0.0.1"})


async def test_forwarded_for_is_ignored_from_untrusted_peers(limited: Group) -> None:
    """Without HUDDLE_TRUSTED_PROXIES, X-Forwarded-For changes nothing: a client cannot
    escape its address's limits by claiming to be someone else (not even from 127.0.0.1)."""
    for address in (None, loopback(1)[0]):  # None: the default 127.0.0.1
        sockets: list[RawSocket] = []
        try:
            for i in range(CAP + 3):
                sock = RawSocket(
                    limited.url, address, headers={"X-Forwarded-For": f"10.77.0.{i + 1}"}
                )
                try:
                    await sock.connect()
                except Refused:
                    await sock.close()
                    continue
                sockets.append(sock)
            assert len(sockets) <= CAP, f"{address}: {len(sockets)} connections with spoofed XFF"
        finally:
            await close_raw(sockets)


async def test_forwarded_for_is_used_behind_a_trusted_proxy(behind_proxy: Group) -> None:
    url = behind_proxy.url
    sockets: list[RawSocket] = []
    try:
        # Through the trusted proxy (127.0.0.1), each forwarded client has its own budget.
        for i in range(CAP + 3):
            sock = RawSocket(url, "127.0.0.1", headers={"X-Forwarded-For": f"10.78.0.{i + 1}"})
            await sock.connect()
            sockets.append(sock)
        same, refusals = await _open_many(
            url, "127.0.0.1", CAP + 1, headers={"X-Forwarded-For": "203.0.113.9, 10.78.1.1"}
        )
        sockets += same
        assert len(same) == CAP and len(refusals) == 1, (len(same), refusals)
        # An untrusted peer's X-Forwarded-For is ignored: it is limited by its own address.
        spoofer = loopback(1)[0]
        spoofed = []
        for i in range(CAP + 2):
            sock = RawSocket(url, spoofer, headers={"X-Forwarded-For": f"10.78.2.{i + 1}"})
            try:
                await sock.connect()
            except Refused:
                await sock.close()
                continue
            spoofed.append(sock)
        sockets += spoofed
        assert len(spoofed) == CAP, len(spoofed)
    finally:
        await close_raw(sockets)


async def test_join_budget_follows_the_forwarded_address(behind_proxy: Group) -> None:
    url = behind_proxy.url
    await seconds_left_in_minute(5)
    game = await new_game(url, [QUESTION])
    forwarded = f"10.79.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    sockets = [
        RawSocket(url, "127.0.0.1", headers={"X-Forwarded-For": forwarded}) for _ in range(2)
    ]
    try:
        for s in sockets:
            await s.connect()
        codes = [
            error_code(await sockets[i % 2].call("join", {"pin": game.pin, "nickname": f"N{i}"}))
            for i in range(JOINS + 1)
        ]
        assert codes == ["ok"] * JOINS + ["rate_limited"], codes
        # Someone else behind the same proxy is not affected.
        other = RawSocket(url, "127.0.0.1", headers={"X-Forwarded-For": "10.80.0.1"})
        sockets.append(other)
        await other.connect()
        assert error_code(await other.call("join", {"pin": game.pin, "nickname": "Other"})) == "ok"
    finally:
        await close_raw(sockets)
        await game.account.close()
