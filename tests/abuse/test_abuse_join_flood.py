"""Join limits that let an office in and keep a bot flood out.

An office of 500 people behind one address joins one game within a minute with the default
settings (the first 60 joins pass, each later one solves a small challenge, about 100 ms in a
phone's browser); a bot flood from one address (thousands of joins without solving, joins
with wrong or replayed solutions) gets a few dozen players in and no more.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import pytest

from server.challenge import solve
from tests.abuse.support import (
    LIMITS_DEFAULT,
    BoundHost,
    BoundPlayer,
    RawSocket,
    Servers,
    close_raw,
    error_code,
    loopback,
)
from tests.e2e.conftest import Group
from tests.e2e.helpers import assert_ok, close_all, new_game

QUESTION: dict[str, Any] = {
    "kind": "choice",
    "prompt": "Pick a",
    "choices": ["a", "b"],
    "correct": [0],
    "time_limit_ms": 60000,
}
OFFICE = 500
CHALLENGE_AFTER = 60


@pytest.fixture(scope="module")
def defaults(servers: Servers) -> Group:
    """The server's default limits."""
    return servers.start(1, env=LIMITS_DEFAULT)


@pytest.fixture(scope="module")
def small(servers: Servers) -> Group:
    """Small join limits: 10 joins a minute before challenges, 30 admitted, easy challenges."""
    return servers.start(
        1,
        env={
            **LIMITS_DEFAULT,
            "HUDDLE_JOIN_RATE_PER_MIN": "30",
            "HUDDLE_JOIN_CHALLENGE_AFTER": "10",
            "HUDDLE_JOIN_CHALLENGE_BITS": "8",
        },
    )


async def join_solving(sock: RawSocket, pin: str, nickname: str) -> dict[str, Any]:
    """Join as the page does: when asked, solve the challenge and join again."""
    payload: dict[str, Any] = {"pin": pin, "nickname": nickname}
    for _ in range(3):
        ack: dict[str, Any] = await sock.call("join", payload, timeout=60)
        if error_code(ack) not in ("challenge_required", "challenge_failed"):
            return ack
        challenge = ack["challenge"]
        solution = solve(challenge["token"], challenge["difficulty"])
        payload = {**payload, "challenge": challenge["token"], "solution": solution}
    return ack


async def test_an_office_of_500_behind_one_address_joins_within_a_minute(defaults: Group) -> None:
    url = defaults.url
    office, host_address = loopback(2)
    game = await new_game(url, [QUESTION])
    host = BoundHost(url, host_address)
    phones = [RawSocket(url, office) for _ in range(OFFICE)]
    try:
        await host.connect()
        await host.attach(game.id, game.host_key)
        started = time.monotonic()
        sem = asyncio.Semaphore(50)

        async def arrive(i: int, phone: RawSocket) -> str:
            async with sem:
                await phone.connect()
                return error_code(await join_solving(phone, game.pin, f"Colleague {i}"))

        codes = Counter(await asyncio.gather(*(arrive(i, p) for i, p in enumerate(phones))))
        took = time.monotonic() - started
        print(f"\n{OFFICE} joins from one address in {took:.1f}s: {dict(codes)}")
        assert codes == {"ok": OFFICE}, codes
        assert took < 60, took
        roster = assert_ok(await host.call("roster", {"limit": 0}))
        assert roster["count"] == OFFICE, roster
    finally:
        await close_raw(phones)
        await close_all([host])
        await game.account.close()


async def test_a_bot_flood_from_one_address_is_stopped(defaults: Group) -> None:
    url = defaults.url
    bots_address, real_address, host_address = loopback(3)
    game = await new_game(url, [QUESTION])
    host = BoundHost(url, host_address)
    real = BoundPlayer(url, real_address)
    bots = [RawSocket(url, bots_address) for _ in range(100)]
    try:
        await host.connect()
        await host.attach(game.id, game.host_key)
        await asyncio.gather(*(b.connect() for b in bots))
        # 2,000 joins as fast as the bots can send them, none solving a challenge.
        futures = []
        for round_ in range(20):
            for i, bot in enumerate(bots):
                name = f"bot {round_}-{i}"
                futures.append(await bot.emit_nowait("join", {"pin": game.pin, "nickname": name}))
        codes = Counter(error_code(a) for a in await asyncio.gather(*futures))
        print(f"\n2,000 bot joins from one address: {dict(codes)}")
        # A clock minute may turn during the flood: at most two minutes' free joins.
        assert codes["ok"] <= 2 * CHALLENGE_AFTER, codes
        assert codes["challenge_required"] > 1000, codes
        assert set(codes) <= {"ok", "challenge_required", "rate_limited"}, codes
        # Made-up and wrong solutions are refused too.
        for payload in (
            {"challenge": "1.2.3.4", "solution": "1"},
            {"challenge": 7, "solution": None},
            {"challenge": "x" * 10_000, "solution": "1"},
        ):
            ack = await bots[0].call("join", {"pin": game.pin, "nickname": "Forger", **payload})
            assert error_code(ack) == "challenge_failed", ack
            assert isinstance(ack["challenge"]["token"], str)
        roster = assert_ok(await host.call("roster", {"limit": 0}))
        assert roster["count"] == codes["ok"], (roster, codes)
        # Someone at another address joins as usual.
        await real.connect()
        await real.join(game.pin, "Real person")
    finally:
        await close_raw(bots)
        await close_all([host, real])
        await game.account.close()


async def test_solved_challenges_admit_one_join_each_up_to_the_limit(small: Group) -> None:
    url = small.url
    address, elsewhere = loopback(2)
    game = await new_game(url, [QUESTION])
    sock, other = RawSocket(url, address), RawSocket(url, elsewhere)
    try:
        await sock.connect()
        await other.connect()
        codes = [error_code(await sock.call("join", {"pin": game.pin, "nickname": f"n{i}"}))
                 for i in range(11)]  # fmt: skip
        if codes[-1] == "ok":  # a clock minute turned: the next one is refused
            codes.append(error_code(await sock.call("join", {"pin": game.pin, "nickname": "n11"})))
        ack = await sock.call("join", {"pin": game.pin, "nickname": "Solver"})
        assert error_code(ack) == "challenge_required", (codes, ack)
        token, bits = ack["challenge"]["token"], ack["challenge"]["difficulty"]
        assert bits == 8
        solution = solve(token, bits)
        # Solved at one address, it is refused at another.
        stolen = {"pin": game.pin, "nickname": "Thief", "challenge": token, "solution": solution}
        assert error_code(await other.call("join", stolen)) == "challenge_failed"
        solved = {"pin": game.pin, "nickname": "Solver", "challenge": token, "solution": solution}
        assert error_code(await sock.call("join", solved)) == "ok"
        # Used once: a replay is refused.
        replay = {**solved, "nickname": "Replay"}
        assert error_code(await sock.call("join", replay)) == "challenge_failed"
        # Solving does not lift the per-minute limit (30 admitted here).
        results = []
        for i in range(40):
            ack = await join_solving(sock, game.pin, f"s{i}")
            results.append(error_code(ack))
            if results[-1] == "rate_limited":
                break
        assert results[-1] == "rate_limited", results
    finally:
        await close_raw([sock, other])
        await game.account.close()
