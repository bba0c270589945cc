"""The answer script's own pipelined connection: order, script cache, loss, silence, restart.

Against the real Redis, and against a small TCP server standing in for a Redis that drops
connections or stops answering (what a real one does only under faults; the faults tier
restarts a real Redis under a running server).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from server.store.script_lane import ScriptLane, pack_command
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

INCR = "return redis.call('INCRBY', KEYS[1], ARGV[1])"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture
async def lane(redis: Redis) -> AsyncIterator[ScriptLane]:
    made = ScriptLane.for_client(redis, timeout_s=2)
    assert made is not None
    made.name = f"huddle-test-{uuid.uuid4().hex[:8]}"
    yield made
    await made.close()


def fresh_script(body: str = INCR) -> tuple[str, str]:
    """A script Redis has never seen (a unique comment), and its SHA."""
    import hashlib

    source = f"-- {uuid.uuid4().hex}\n{body}"
    return hashlib.sha1(source.encode()).hexdigest(), source


async def test_pipelined_calls_get_their_own_replies_in_order(
    redis: Redis, lane: ScriptLane
) -> None:
    prefix = new_prefix()
    sha, source = fresh_script("return {KEYS[1], ARGV[1], redis.call('INCR', KEYS[1])}")
    try:
        replies = await asyncio.gather(
            *(lane.evalsha(sha, source, [f"{prefix}:k{i % 7}"], [f"v{i}"]) for i in range(500))
        )
        assert [r[:2] for r in replies] == [[f"{prefix}:k{i % 7}", f"v{i}"] for i in range(500)]
        # Each key was incremented once per call, in the order the calls were made.
        for k in range(7):
            counts = [r[2] for i, r in enumerate(replies) if i % 7 == k]
            assert counts == list(range(1, len(counts) + 1))
    finally:
        await delete_prefix(redis, prefix)


async def test_unknown_script_is_sent_once_by_text_then_cached(
    redis: Redis, lane: ScriptLane
) -> None:
    prefix = new_prefix()
    sha, source = fresh_script()
    try:
        assert await redis.script_exists(sha) == [False]
        assert await lane.evalsha(sha, source, [f"{prefix}:n"], [5]) == 5
        assert await redis.script_exists(sha) == [True]
        assert await lane.evalsha(sha, source, [f"{prefix}:n"], [2]) == 7
        assert await redis.get(f"{prefix}:n") == "7"
    finally:
        await delete_prefix(redis, prefix)


async def test_script_errors_reach_the_caller_and_the_lane_goes_on(
    redis: Redis, lane: ScriptLane
) -> None:
    prefix = new_prefix()
    bad_sha, bad = fresh_script("return redis.call('NOSUCHCOMMAND')")
    sha, source = fresh_script()
    try:
        with pytest.raises(ResponseError):
            await lane.evalsha(bad_sha, bad, [f"{prefix}:x"], [])
        assert await lane.evalsha(sha, source, [f"{prefix}:n"], [1]) == 1
    finally:
        await delete_prefix(redis, prefix)


async def test_uses_the_clients_database(redis: Redis, lane: ScriptLane) -> None:
    prefix = new_prefix()
    sha, source = fresh_script()
    try:
        await lane.evalsha(sha, source, [f"{prefix}:db"], [3])
        assert await redis.get(f"{prefix}:db") == "3"  # the test database (11), not 0
    finally:
        await delete_prefix(redis, prefix)


async def test_a_killed_connection_is_replaced_on_the_next_call(
    redis: Redis, lane: ScriptLane
) -> None:
    prefix = new_prefix()
    sha, source = fresh_script()
    try:
        assert await lane.evalsha(sha, source, [f"{prefix}:n"], [1]) == 1
        clients = await redis.client_list()
        ours = [c["id"] for c in clients if c.get("name") == lane.name]
        assert len(ours) == 1
        await redis.client_kill_filter(_id=ours[0])
        await asyncio.sleep(0.05)
        assert not lane.connected
        assert await lane.evalsha(sha, source, [f"{prefix}:n"], [1]) == 2
        clients = await redis.client_list()
        assert [c["id"] for c in clients if c.get("name") == lane.name] != ours
    finally:
        await delete_prefix(redis, prefix)


class FakeRedis:
    """A TCP server that reads commands and, per connection, answers ``+OK`` to setup
    commands and then either drops the connection or never answers."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.connections = 0
        self.server: asyncio.Server | None = None

    async def __aenter__(self) -> int:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while data := await reader.read(65536):
                if b"EVALSHA" not in data:
                    writer.write(b"+OK\r\n" * data.count(b"\r\n*") + b"+OK\r\n")
                    continue
                if self.mode == "drop":
                    writer.close()
                    return
                # "silent": read on, never answer
        finally:
            writer.close()


async def test_calls_in_flight_fail_with_connection_error_when_redis_drops() -> None:
    async with FakeRedis("drop") as port:
        lane = ScriptLane(port=port, timeout_s=5)
        results = await asyncio.gather(
            *(lane.evalsha("0" * 40, INCR, ["k"], [1]) for _ in range(5)),
            return_exceptions=True,
        )
        assert all(isinstance(r, RedisConnectionError) for r in results), results
        assert not lane.connected
        await lane.close()


async def test_a_silent_redis_gives_a_timeout_not_a_hang() -> None:
    async with FakeRedis("silent") as port:
        lane = ScriptLane(port=port, timeout_s=0.3)
        with pytest.raises(RedisTimeoutError):
            await asyncio.wait_for(lane.evalsha("0" * 40, INCR, ["k"], [1]), 5)
        assert not lane.connected
        await lane.close()


async def test_an_unreachable_redis_fails_fast_and_is_retried_later() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = int(server.sockets[0].getsockname()[1])
    server.close()
    await server.wait_closed()  # nothing listens on that port now
    lane = ScriptLane(port=port, timeout_s=1, retry_s=0.2)
    with pytest.raises(RedisConnectionError):
        await lane.evalsha("0" * 40, INCR, ["k"], [1])
    # Within the retry pause, calls fail at once without another connect.
    with pytest.raises(RedisConnectionError, match="retrying"):
        await lane.evalsha("0" * 40, INCR, ["k"], [1])
    await asyncio.sleep(0.25)
    async with FakeRedis("silent") as fake_port:
        lane.port = fake_port
        lane.timeout_s = 0.3
        with pytest.raises(RedisTimeoutError):
            await lane.evalsha("0" * 40, INCR, ["k"], [1])
    await lane.close()


async def test_a_closed_lane_refuses_calls() -> None:
    lane = ScriptLane(port=1)
    await lane.close()
    with pytest.raises(RedisConnectionError, match="closed"):
        await lane.evalsha("0" * 40, INCR, ["k"], [1])


def test_pack_command_is_resp() -> None:
    assert pack_command(["EVALSHA", "ab", 1, "k", "é"]) == (
        b"*5\r\n$7\r\nEVALSHA\r\n$2\r\nab\r\n$1\r\n1\r\n$1\r\nk\r\n$2\r\n\xc3\xa9\r\n"
    )
    # What hiredis's packer refuses is spelled out the same way by hand.
    assert pack_command(["SET", "k", True]) == b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\nTrue\r\n"


def test_no_lane_for_tls_or_unknown_clients() -> None:
    assert ScriptLane.for_client(Redis.from_url("rediss://127.0.0.1:6380/0")) is None
    unix = ScriptLane.for_client(Redis.from_url("unix:///tmp/redis.sock?db=3"))
    assert unix is not None and unix.path == "/tmp/redis.sock" and unix.db == 3
    authed = ScriptLane.for_client(Redis.from_url("redis://u:pw@10.0.0.5:6390/2"))
    assert authed is not None
    assert (authed.host, authed.port, authed.db, authed.username, authed.password) == (
        "10.0.0.5",
        6390,
        2,
        "u",
        "pw",
    )
