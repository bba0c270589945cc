"""What an attacker found at the transport level, against real server processes over raw
websockets: binary attachments that grew a node's memory, malformed packets that got no ack
and a traceback each, one address's flood slowing everyone, ``/screen`` PIN scans.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import pytest

from tests.abuse.support import (
    LIMITS_OFF,
    BoundHost,
    BoundPlayer,
    BoundScreen,
    RawSocket,
    Refused,
    Servers,
    close_raw,
    error_code,
    loopback,
    play_small_game_from,
)
from tests.e2e.conftest import Group
from tests.e2e.helpers import close_all, new_game, now_ms
from tests.faults.support import rss_kb

QUESTION: dict[str, Any] = {
    "kind": "choice",
    "prompt": "Pick b",
    "choices": ["a", "b", "c", "d"],
    "correct": [1],
    "time_limit_ms": 60000,
}
ADDRESS_RATE, ADDRESS_BURST = 100, 300
FLOOD_PER_BOT = 5
MB = 1024 * 1024


@pytest.fixture(scope="module")
def plain(servers: Servers) -> Group:
    """Limits off, except what a test sets itself; the default 2 MB payload cap."""
    return servers.start(1, env=LIMITS_OFF)


@pytest.fixture(scope="module")
def address_limited(servers: Servers) -> Group:
    """A small per-address message budget and nothing else limited."""
    return servers.start(
        1,
        env={
            **LIMITS_OFF,
            "HUDDLE_ADDRESS_RATE_PER_S": str(ADDRESS_RATE),
            "HUDDLE_ADDRESS_BURST": str(ADDRESS_BURST),
        },
    )


@pytest.fixture(scope="module")
def screens_limited(servers: Servers) -> Group:
    return servers.start(
        1,
        env={**LIMITS_OFF, "HUDDLE_MAX_SCREENS_PER_IP": "3", "HUDDLE_WATCH_FAILURES_PER_MIN": "5"},
    )


async def test_binary_attachments_are_refused_and_hold_no_memory(plain: Group) -> None:
    """A packet declaring 500 attachments, then 150 binary frames of 1 MB: before, Socket.IO
    kept every frame until the 500th came (hundreds of MB); now the packet is refused with an
    ``invalid`` ack and the frames are dropped as they come."""
    node = plain.nodes[0]
    sock = RawSocket(plain.url, loopback(1)[0])
    await sock.connect()
    try:
        before = rss_kb(node.proc.pid)
        ack = await sock.call_raw('4500-/play,1["join",{"_placeholder":true,"num":0}]', 1)
        assert error_code(ack) == "invalid", ack
        frame = b"\x00" * MB
        for _ in range(150):
            await sock.send(frame)
        # The frames were all read once a later request is answered (one connection, in order).
        ack = await sock.call("join", {"pin": "000000", "nickname": "x"}, timeout=60)
        assert error_code(ack) == "game_not_found", ack
        grown_mb = (rss_kb(node.proc.pid) - before) / 1024
        print(f"\nRSS after 150 MB of binary frames on one connection: +{grown_mb:.0f} MB")
        assert grown_mb < 60, f"the node grew {grown_mb:.0f} MB"
    finally:
        await close_raw([sock])
    await play_small_game_from(plain.url)


MALFORMED = [
    '42/play,{id}["join",{{"pin":' + "9" * 5000 + "}}]",  # an integer json refuses
    '42/play,{id}["join",' + "[" * 10000 + "]" * 10000 + "]",  # nesting json refuses
    '42/play,{id}["join",{{"pin":"1"',  # cut short
    '451-/play,{id}["join",{{"_placeholder":true,"num":0}}]',  # a binary event
]


async def test_malformed_packets_get_an_invalid_ack_and_few_log_lines(plain: Group) -> None:
    """Each malformed request is acked ``invalid``; 1,000 of them (and stray binary frames)
    write a few log lines, not a traceback each."""
    node = plain.nodes[0]
    sock = RawSocket(plain.url, loopback(1)[0])
    await sock.connect()
    log_before = node.log_path.stat().st_size
    try:
        codes: Counter[str] = Counter()
        for i in range(1000):
            frame = MALFORMED[i % len(MALFORMED)]
            if i % 10 == 0:
                await sock.send(b"\x01\x02 stray")  # no ack id: nothing to answer
            codes[error_code(await sock.call_raw(frame.format(id=i + 1), i + 1))] += 1
        assert codes == {"invalid": 1000}, codes
        # The connection still serves.
        ack = await sock.call("join", {"pin": "000000", "nickname": "x"})
        assert error_code(ack) == "game_not_found", ack
    finally:
        await close_raw([sock])
    written = node.log_path.read_text(errors="replace")[log_before:]
    print(f"\n1,000 malformed packets wrote {len(written)} bytes of log")
    assert "Traceback" not in written, written[-3000:]
    assert len(written) < 20_000, written[-3000:]
    await play_small_game_from(plain.url)


async def test_one_address_flood_is_limited_before_decoding(address_limited: Group) -> None:
    """200 bots behind one address pipeline 1,000 requests: the address's burst is served at
    once and the rest at its rate (the node reads those connections no faster), while a phone
    at another address gets the game's next state as promptly as without the flood."""
    url = address_limited.url
    bots_address, phone_address, host_address = loopback(3)
    game = await new_game(url, [QUESTION])
    bots = [RawSocket(url, bots_address) for _ in range(200)]
    phone = BoundPlayer(url, phone_address)
    host = BoundHost(url, host_address)
    try:
        # Connecting costs the address messages too: let the bucket refill before the flood.
        sem = asyncio.Semaphore(20)

        async def connect(bot: RawSocket) -> None:
            async with sem:
                await bot.connect()

        await asyncio.gather(*(connect(b) for b in bots))
        await phone.connect()
        await host.connect()
        await host.attach(game.id, game.host_key)
        await phone.join(game.pin, "Real phone")
        # Baseline: the question reaches the phone with no flood going on.
        sent_ms = now_ms()
        await host.command("start")
        record = await phone.wait_for_record(
            "state", lambda s: s.get("phase") == "question", timeout=30
        )
        baseline_ms = record.at_ms - sent_ms
        # The bucket refills at its rate: wait until it is full again (a time, not an event).
        await asyncio.sleep(ADDRESS_BURST / ADDRESS_RATE)
        started = time.monotonic()
        futures = []
        for bot in bots:
            for _ in range(FLOOD_PER_BOT):
                futures.append(await bot.emit_nowait("suggest_nickname", {"pin": game.pin}))
        # While the flood is being answered, the host closes the question.
        sent_ms = now_ms()
        await host.command("next")
        record = await phone.wait_for_record(
            "state", lambda s: s.get("phase") == "reveal", timeout=30
        )
        lag_ms = record.at_ms - sent_ms
        acks = await asyncio.wait_for(asyncio.gather(*futures), 120)
        elapsed = time.monotonic() - started
        codes = Counter(error_code(a) for a in acks)
        print(f"\nflood of {len(acks)} from one address in {elapsed:.1f}s: {dict(codes)}")
        print(
            f"a phone at another address got the next state {lag_ms:.0f} ms after the host's "
            f"command during the flood ({baseline_ms:.0f} ms without it)"
        )
        # Every request is answered (suggest_nickname is not offered by this game) ...
        assert codes == {"not_allowed": len(acks)}, codes
        # ... but no faster than the address's budget: beyond the burst, at its rate.
        paced_s = (len(acks) - ADDRESS_BURST) / ADDRESS_RATE
        assert elapsed >= 0.9 * paced_s, (elapsed, paced_s)
        # Meanwhile the rest of the node is not held up behind the flood.
        assert lag_ms < baseline_ms + 500, (lag_ms, baseline_ms)
        # The real phone at another address is served at once.
        t0 = time.monotonic()
        assert error_code(await phone.call("suggest_nickname", {"pin": game.pin})) == "not_allowed"
        assert time.monotonic() - t0 < 2
    finally:
        await close_raw(bots)
        await close_all([phone, host])
        await game.account.close()


async def test_screen_pin_scans_and_screen_connections_are_limited(
    screens_limited: Group,
) -> None:
    """Wrong PINs on ``/screen`` are limited per address (5 a minute here), and so are open
    ``/screen`` connections (3 here); another address is not affected."""
    url = screens_limited.url
    scanner_address, other_address = loopback(2)
    game = await new_game(url, [QUESTION])
    screens = [BoundScreen(url, scanner_address) for _ in range(3)]
    extra = BoundScreen(url, scanner_address)
    other = BoundScreen(url, other_address)
    try:
        for s in screens:
            await s.connect()
        with pytest.raises(Exception) as refused:
            await extra.connect()
        assert "too_many_connections" in repr(refused.value) or "connect" in repr(refused.value)
        wrong = [str(100000 + i) for i in range(20) if str(100000 + i) != game.pin]
        codes = []
        for i, pin in enumerate(wrong[:8]):
            ack = await screens[i % 3].call("watch", {"pin": pin})
            codes.append(error_code(ack))
        assert codes == ["game_not_found"] * 5 + ["rate_limited"] * 3, codes
        # The right PIN is refused too while the address is over its budget: a scan learns
        # nothing.
        assert error_code(await screens[0].call("watch", {"pin": game.pin})) == "rate_limited"
        await other.connect()
        assert error_code(await other.call("watch", {"pin": game.pin})) == "ok"
        # A closed screen frees its place.
        await screens[2].close()
        raw = RawSocket(url, scanner_address, namespace="/screen")
        for _ in range(100):
            try:
                await raw.connect()
                break
            except Refused:
                await raw.close()
                raw = RawSocket(url, scanner_address, namespace="/screen")
                await asyncio.sleep(0.05)
        assert raw.is_open
        await close_raw([raw])
    finally:
        await close_all([*screens[:2], other])
        await game.account.close()
