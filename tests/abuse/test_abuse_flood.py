"""A thousand bots flood a game's PIN; real players still join, play and get correct results.

The bots are lean raw Socket.IO clients (`RawSocket`) from a few loopback addresses, as if
behind a few NATs; the real players each come from an address of their own. The per-address
join limit keeps the bots from filling the game, the per-connection request limit answers
their junk with ``rate_limited``, and the host locks the lobby and removes the bots that got
in with one bulk ``kick``.
"""

# The host's `call` takes a `timeout` in seconds, like python-socketio's own.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.abuse.support import (
    BoundHost,
    BoundPlayer,
    RawSocket,
    Servers,
    close_raw,
    error_code,
    loopback,
    seconds_left_in_minute,
)
from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    GameHandle,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
)

BOTS = 1000
BOT_ADDRESSES = 8
JOINS_PER_MIN = 6  # per address
EVENT_RATE, EVENT_BURST = 2, 4  # per bot connection

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "choice",
        "prompt": "Which port does HTTPS use?",
        "choices": ["80", "443", "22", "25"],
        "correct": [1],
        "time_limit_ms": 30000,
    },
    {"kind": "true_false", "prompt": "Redis is relational.", "correct": False},
]

JUNK: list[tuple[str, Any]] = [
    ("answer", {"question": 0, "answer": 1}),
    ("answer", {"question": 0, "answer": 1, "player_id": "someone-else"}),
    ("start", {}),
    ("kick", {"player_ids": ["x"]}),
    ("suggest_nickname", {"pin": "000000"}),
    ("no_such_event", [1, 2, 3]),
    ("join", "not an object"),
    ("join", {"pin": "1" * 50, "nickname": "x"}),
]


@pytest.fixture(scope="module")
def flood_server(servers: Servers) -> Group:
    return servers.start(
        1,
        env={
            "HUDDLE_JOIN_RATE_PER_MIN": str(JOINS_PER_MIN),
            "HUDDLE_EVENT_RATE_PER_S": str(EVENT_RATE),
            "HUDDLE_EVENT_BURST": str(EVENT_BURST),
            "HUDDLE_MAX_CONN_PER_IP": str(BOTS // BOT_ADDRESSES + 10),
        },
    )


@dataclass
class Tally:
    """What the bots were told, and when the bots' joins got in."""

    codes: Counter[str] = field(default_factory=Counter)
    join_codes: Counter[str] = field(default_factory=Counter)
    after_lock: Counter[str] = field(default_factory=Counter)
    joined: Counter[str] = field(default_factory=Counter)  # address -> successful joins
    sent: int = 0
    lost: int = 0
    locked_at: float | None = None
    # Bursts sent and not yet counted (id -> when sent): the roster is compared with the
    # counts only once every join sent before the lock has been answered and counted.
    open_bursts: dict[tuple[int, int], float] = field(default_factory=dict)

    async def settled_before(self, when: float, timeout_s: float = 90.0) -> None:
        """Wait until every burst sent before `when` has been answered and counted."""
        deadline = time.monotonic() + timeout_s
        while any(sent <= when for sent in self.open_bursts.values()):
            assert time.monotonic() < deadline, f"bot joins unanswered after {timeout_s}s"
            await asyncio.sleep(0.05)


async def _bot(
    sock: RawSocket, pin: str, stop: asyncio.Event, tally: Tally, burst: int, period_s: float
) -> None:
    """Every `period_s` (jittered), a pipelined burst: a fresh join and junk."""
    rng = random.Random()
    n = 0
    await asyncio.sleep(rng.uniform(0, period_s))
    while not stop.is_set() and sock.is_open:
        n += 1
        sent_at = time.monotonic()
        frames: list[tuple[str, Any]] = [
            ("join", {"pin": pin, "nickname": f"bot {id(sock) % 99991} {n}"})
        ]
        frames += [rng.choice(JUNK) for _ in range(burst - 1)]
        tally.open_bursts[(id(sock), n)] = sent_at
        try:
            futures = [await sock.emit_nowait(event, payload) for event, payload in frames]
            tally.sent += len(futures)
            # Generous: on a loaded machine a thousand bots' answers queue for seconds.
            done, pending = await asyncio.wait(futures, timeout=60)
            tally.lost += len(pending)
            for i, future in enumerate(futures):
                if future not in done or future.exception() is not None:
                    continue
                code = error_code(future.result())
                tally.codes[code] += 1
                # Only the burst's first frame is the bot's real join; junk may be a malformed
                # `join` too, which has its own errors (game_not_found, invalid).
                if i != 0:
                    continue
                if tally.locked_at is not None and sent_at > tally.locked_at:
                    tally.after_lock[code] += 1
                tally.join_codes[code] += 1
                if code == "ok":
                    tally.joined[str(sock.address)] += 1
        finally:
            tally.open_bursts.pop((id(sock), n), None)
        await asyncio.sleep(rng.uniform(0.5, 1.5) * period_s)


async def _connect_bots(url: str, addresses: list[str], n: int) -> list[RawSocket]:
    sockets = [RawSocket(url, addresses[i % len(addresses)]) for i in range(n)]
    sem = asyncio.Semaphore(100)

    async def one(s: RawSocket) -> None:
        async with sem:
            await s.connect(timeout=20)

    await asyncio.gather(*(one(s) for s in sockets))
    return sockets


class PacedHost(BoundHost):
    """A host console that, like a person at a keyboard, sends at most EVENT_RATE requests a
    second (the request limit applies to hosts too)."""

    def __init__(self, url: str, address: str) -> None:
        super().__init__(url, address)
        self._next = 0.0

    async def call(self, event: str, payload: Any = None, timeout: float = 10.0) -> Any:
        wait = self._next - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._next = time.monotonic() + 1.0 / EVENT_RATE
        return await super().call(event, payload, timeout)


async def _all_roster_ids(host: BoundHost) -> dict[str, str]:
    """Every player in the game (id -> nickname), paging through the roster."""
    players: dict[str, str] = {}
    offset = 0
    while True:
        ack = await host.call("roster", {"offset": offset, "limit": 500})
        # Under the flood on a loaded machine a store call may time out: the server answers
        # `unavailable` ("try again"), as it would to a real host, who tries again.
        for _ in range(5):
            if error_code(ack) != "unavailable":
                break
            ack = await host.call("roster", {"offset": offset, "limit": 500})
        page = assert_ok(ack, "roster")
        for p in page["players"]:
            players[p["id"]] = p["nickname"]
        offset += len(page["players"])
        if not page["players"] or offset >= page["count"]:
            return players


async def test_thousand_bots_cannot_stop_real_players(flood_server: Group) -> None:
    url = flood_server.url
    started_minute = int(time.time() // 60)
    bot_addresses = loopback(BOT_ADDRESSES)
    real_addresses = loopback(6)
    game: GameHandle = await new_game(url, QUESTIONS)
    host = PacedHost(url, loopback(1)[0])
    real = [BoundPlayer(url, a) for a in real_addresses]
    names = [f"Real {i}" for i in range(len(real))]
    stop = asyncio.Event()
    tally = Tally()
    bots: list[RawSocket] = []
    tasks: list[asyncio.Task[None]] = []
    try:
        await host.connect()
        await host.attach(game.id, game.host_key)
        t0 = time.monotonic()
        bots = await _connect_bots(url, bot_addresses, BOTS)
        connected_s = time.monotonic() - t0
        tasks = [
            asyncio.ensure_future(_bot(b, game.pin, stop, tally, burst=6, period_s=2.0))
            for b in bots
        ]
        await asyncio.sleep(2.0)  # the flood is on

        # Real players join in the middle of it.
        await connect_all(real)
        join_started = time.monotonic()
        acks = await asyncio.gather(
            *(p.join(game.pin, n) for p, n in zip(real, names, strict=True))
        )
        join_s = time.monotonic() - join_started
        assert [a["player"]["nickname"] for a in acks] == names

        # The host locks the lobby, then removes every bot that got in, at once.
        lock = assert_ok(await host.call("lock", {"locked": True}), "lock")
        tally.locked_at = time.monotonic()
        assert lock["locked"] is True
        # Joins sent before the lock may still be on their way back: wait for their answers
        # (a fixed second was too short on a loaded machine), then compare.
        await tally.settled_before(tally.locked_at)
        everyone = await _all_roster_ids(host)
        real_ids = {p.id for p in real}
        assert real_ids <= set(everyone), "a real player is missing from the roster"
        bot_ids = sorted(set(everyone) - real_ids)
        bound = BOT_ADDRESSES * JOINS_PER_MIN * (int(time.time() // 60) - started_minute + 1)
        assert len(bot_ids) == sum(tally.joined.values()), (len(bot_ids), tally)
        assert 0 < len(bot_ids) <= bound, f"{len(bot_ids)} bots got in; the limit allows {bound}"
        for address, joined in tally.joined.items():
            assert joined <= bound // BOT_ADDRESSES, (address, joined)
        kick = assert_ok(await host.call("kick", {"player_ids": bot_ids, "ban": True}), "kick")
        assert kick["kicked"] == len(bot_ids), kick
        roster = assert_ok(await host.call("roster", {}), "roster")
        assert roster["count"] == len(real) and {p["id"] for p in roster["players"]} == real_ids

        # The game plays to the end with the bots still flooding.
        answer_s: list[float] = []
        for q, question in enumerate(QUESTIONS):
            ack = assert_ok(await host.call("start" if q == 0 else "next", {}), "advance")
            assert ack["state"]["phase"] == "question", ack
            await asyncio.gather(*(p.wait_state("question", q, timeout=30) for p in real))
            right = 1 if question["kind"] == "choice" else False
            wrong = 0 if question["kind"] == "choice" else True
            sent = time.monotonic()
            answers = await asyncio.gather(
                *(p.answer(q, right if i % 2 == 0 else wrong) for i, p in enumerate(real))
            )
            answer_s.append(time.monotonic() - sent)
            for a in answers:
                assert_ok(a, f"answer {q}")
            # Everyone still connected answered: the question closes by itself.
            await asyncio.gather(*(p.wait_state("reveal", q, timeout=30) for p in real))
            results = await asyncio.gather(*(p.wait_result(q, timeout=30) for p in real))
            assert [r["correct"] for r in results] == [i % 2 == 0 for i in range(len(real))]
            assert_ok(await host.call("next", {}), "scoreboard")
        assert_ok(await host.call("next", {}), "finish")
        await asyncio.gather(*(p.wait_state("finished", timeout=30) for p in real))

        # A bot's join after the lock never got in.
        assert tally.after_lock["ok"] == 0, tally.after_lock
        allowed = {"lobby_locked", "rate_limited", "game_started", "game_over"}
        assert set(tally.after_lock) <= allowed, tally
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await close_all([host, *real])
        await close_raw(bots)

    final = await game.account.wait_results(game.id, timeout=30)
    rows = {r["nickname"]: r for r in final["players"]}
    assert set(rows) == set(names), "the results hold someone other than the real players"
    for i, name in enumerate(names):
        assert rows[name]["answered"] == len(QUESTIONS), rows[name]
        assert rows[name]["correct"] == (len(QUESTIONS) if i % 2 == 0 else 0), rows[name]
    winners = [rows[n] for i, n in enumerate(names) if i % 2 == 0]
    assert all(r["rank"] <= len(winners) and r["score"] > 0 for r in winners), winners
    await game.account.close()

    # The limits answered the flood; nothing was lost or closed.
    assert tally.codes["rate_limited"] > BOTS, tally.codes
    assert tally.lost == 0, tally
    assert not [b for b in bots if b.events["<disconnected>"]], "a bot was disconnected"
    print(
        f"\n{BOTS} bots connected in {connected_s:.1f}s; {tally.sent} bot requests "
        f"({dict(tally.codes.most_common(8))}); {len(bot_ids)} bots got in and were kicked; "
        f"real joins {join_s:.2f}s, answers {max(answer_s):.2f}s at most"
    )


async def test_host_clears_a_lobby_bots_filled(flood_server: Group) -> None:
    """With ``max_players``, bots that got in first can fill the game: the host locks it,
    removes them in bulk (banned), and opens it again for the real players."""
    url = flood_server.url
    await seconds_left_in_minute(8)
    early_addresses, bot_addresses = loopback(3), loopback(2)
    budget = len(bot_addresses) * JOINS_PER_MIN
    game = await new_game(url, QUESTIONS, {"max_players": len(early_addresses) + budget // 2})
    host = PacedHost(url, loopback(1)[0])
    early = [BoundPlayer(url, a) for a in early_addresses]
    late = BoundPlayer(url, loopback(1)[0])
    bots: list[RawSocket] = []
    stop = asyncio.Event()
    tally = Tally()
    tasks: list[asyncio.Task[None]] = []
    try:
        await connect_all([host, *early, late])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(early):
            await p.join(game.pin, f"Early {i}")
        bots = await _connect_bots(url, bot_addresses, 40)
        tasks = [
            asyncio.ensure_future(_bot(b, game.pin, stop, tally, burst=3, period_s=0.5))
            for b in bots
        ]
        # The bots fill the seats, then use up their join budget (waited for, not timed: a
        # loaded machine takes longer than the ten seconds this once allowed).
        deadline = time.monotonic() + 60
        while sum(tally.join_codes.values()) - tally.join_codes["rate_limited"] < budget:
            assert time.monotonic() < deadline, f"the bots did not use their budget: {tally}"
            await asyncio.sleep(0.05)
        assert_error(await late.call("join", {"pin": game.pin, "nickname": "Late"}), "game_full")

        assert_ok(await host.call("lock", {"locked": True}), "lock")
        everyone = await _all_roster_ids(host)
        early_ids = {p.id for p in early}
        bot_ids = sorted(set(everyone) - early_ids)
        assert len(bot_ids) == budget // 2, everyone
        kick = assert_ok(await host.call("kick", {"player_ids": bot_ids, "ban": True}), "kick")
        assert kick["kicked"] == len(bot_ids)
        assert_error(await late.call("join", {"pin": game.pin, "nickname": "Late"}), "lobby_locked")
        assert_ok(await host.call("lock", {"locked": False}), "unlock")
        await late.join(game.pin, "Late")
        roster = assert_ok(await host.call("roster", {}), "roster")
        assert {p["nickname"] for p in roster["players"]} == {
            "Early 0",
            "Early 1",
            "Early 2",
            "Late",
        }
        # Kicked bots got `kicked`, and their tokens no longer work.
        kicked = [b for b in bots if b.events["kicked"]]
        assert kicked, "no bot was told it was kicked"
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await close_all([host, *early, late])
        await close_raw(bots)
        await game.account.close()
