"""A dedicated, pipelined Redis connection for the answer path's Lua script.

Every answer waits for one Redis round trip before it is acknowledged (nothing is acked before
it is stored). Through redis-py's pool each call also checks a connection out under a lock,
runs its health checks and timeouts and parses the reply in Python; at thousands of answers a
second that overhead, not Redis, was most of an ack's latency (docs/performance.md, R3).

A lane writes each ``EVALSHA`` at once on one connection it owns and resolves the replies in
order from a queue of futures, parsing with ``hiredis``. Failure handling:

- A lost connection fails every call in flight with ``redis.exceptions.ConnectionError`` (the
  namespaces turn it into an ``unavailable`` error: the answer was not acknowledged; a retry
  gets ``already_answered`` if the script had run). The next call connects again, no sooner
  than ``retry_s`` after a failed attempt.
- A call with no reply within ``timeout_s`` drops the connection the same way, so a hung
  Redis gives errors, not hangs.
- After a Redis restart the script cache is empty: ``NOSCRIPT`` makes the lane send the
  script's text once with ``EVAL``, which also caches it again.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, cast

import hiredis
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

_Pending = tuple[asyncio.Future[Any], float]


class _NoScript(Exception):
    """Redis does not have the script with that SHA (it restarted or was flushed)."""


def pack_command(parts: Sequence[object]) -> bytes:
    """One command in RESP: an array of bulk strings (``str`` as UTF-8, numbers as text)."""
    try:
        return bytes(hiredis.pack_command(cast(Any, tuple(parts))))  # in C: half the loop's time
    except TypeError:  # a type hiredis does not take (bool, None): spelled out by hand
        pass
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class _LaneProtocol(asyncio.Protocol):
    def __init__(self, lane: ScriptLane) -> None:
        self.lane = lane
        self.reader = hiredis.Reader(encoding="utf-8", errors="replace")

    def data_received(self, data: bytes) -> None:
        self.reader.feed(data)
        pending = self.lane._pending
        while True:
            try:
                reply = self.reader.gets()
            except hiredis.ProtocolError:
                self.lane._drop("redis sent a malformed reply")
                return
            if reply is False:
                return
            if not pending:  # a reply nobody asked for: the stream is out of step
                self.lane._drop("redis sent an unexpected reply")
                return
            future, _ = pending.popleft()
            if future.done():  # the caller was cancelled; the reply is not needed
                continue
            if isinstance(reply, hiredis.ReplyError):
                message = str(reply)
                future.set_exception(
                    _NoScript() if message.startswith("NOSCRIPT") else ResponseError(message)
                )
            else:
                future.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lane._drop("redis connection lost", protocol=self)


class ScriptLane:
    """Runs Lua scripts on one pipelined connection; see the module docstring."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 6379,
        path: str | None = None,
        db: int = 0,
        username: str | None = None,
        password: str | None = None,
        timeout_s: float = 5.0,
        retry_s: float = 0.5,
        name: str = "huddle-answers",
    ) -> None:
        self.host, self.port, self.path, self.db = host, port, path, db
        self.username, self.password = username, password
        self.timeout_s, self.retry_s, self.name = timeout_s, retry_s, name
        self._pending: deque[_Pending] = deque()
        self._transport: asyncio.Transport | None = None
        self._protocol: _LaneProtocol | None = None
        self._connecting: asyncio.Future[None] | None = None
        self._failed_at = -1e9
        self._watchdog: asyncio.TimerHandle | None = None
        self._closed = False

    @classmethod
    def for_client(cls, redis: Redis, *, timeout_s: float = 5.0) -> ScriptLane | None:
        """A lane to the same server and database as ``redis``, or None where it cannot be one
        (TLS, or a client that is not a plain TCP or Unix-socket connection, e.g. fakeredis)."""
        pool = getattr(redis, "connection_pool", None)
        kwargs: dict[str, Any] = dict(getattr(pool, "connection_kwargs", None) or {})
        if not kwargs or kwargs.get("ssl") or "ssl_keyfile" in kwargs:
            return None
        connection_class = getattr(pool, "connection_class", None)
        if connection_class is None or connection_class.__name__ not in (
            "Connection",
            "UnixDomainSocketConnection",
        ):
            return None
        return cls(
            host=str(kwargs.get("host") or "127.0.0.1"),
            port=int(kwargs.get("port") or 6379),
            path=kwargs.get("path"),
            db=int(kwargs.get("db") or 0),
            username=kwargs.get("username"),
            password=kwargs.get("password"),
            timeout_s=timeout_s,
        )

    @property
    def connected(self) -> bool:
        return self._transport is not None

    async def evalsha(
        self, sha: str, script: str, keys: Sequence[str], args: Sequence[object]
    ) -> Any:
        """Run a script by its SHA; on ``NOSCRIPT``, once by its text."""
        try:
            return await self._call(("EVALSHA", sha, len(keys), *keys, *args))
        except _NoScript:
            return await self._call(("EVAL", script, len(keys), *keys, *args))

    async def close(self) -> None:
        self._closed = True
        self._drop("the lane is closed")

    # ---- internals ----
    async def _call(self, parts: Sequence[object]) -> Any:
        if self._transport is None:
            await self._connect()
        return await self._send(parts)

    async def _connect(self) -> None:
        if self._closed:
            raise RedisConnectionError("the lane is closed")
        if self._connecting is None:
            if time.monotonic() - self._failed_at < self.retry_s:
                raise RedisConnectionError("redis unreachable; retrying shortly")
            self._connecting = asyncio.ensure_future(self._open())
        connecting = self._connecting
        try:
            await asyncio.shield(connecting)
        finally:
            if connecting.done() and self._connecting is connecting:
                self._connecting = None

    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout_s):
                if self.path:
                    transport, protocol = await loop.create_unix_connection(
                        lambda: _LaneProtocol(self), self.path
                    )
                else:
                    transport, protocol = await loop.create_connection(
                        lambda: _LaneProtocol(self), self.host, self.port
                    )
                self._transport, self._protocol = transport, protocol
                setup: list[tuple[object, ...]] = []
                if self.password is not None:
                    user = (self.username,) if self.username else ()
                    setup.append(("AUTH", *user, self.password))
                if self.db:
                    setup.append(("SELECT", self.db))
                setup.append(("CLIENT", "SETNAME", self.name))
                replies = [self._send(parts) for parts in setup]
                for reply in replies:
                    await reply
        except (OSError, TimeoutError, ResponseError, RedisConnectionError) as err:
            self._failed_at = time.monotonic()
            self._drop(f"redis unreachable: {err}")
            raise RedisConnectionError(f"redis unreachable: {err}") from err

    def _send(self, parts: Sequence[object]) -> asyncio.Future[Any]:
        if self._transport is None:
            raise RedisConnectionError("redis connection lost")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((future, time.monotonic() + self.timeout_s))
        # Written at once: uvloop's transports already gather the writes of one loop pass
        # (a burst of answers) into one send, at the end of the pass. Holding them back for a
        # call_soon of our own cost every answer one more loop pass before Redis saw it.
        self._transport.write(pack_command(parts))
        self._arm_watchdog()
        return future

    def _arm_watchdog(self) -> None:
        if self._watchdog is None:
            loop = asyncio.get_running_loop()
            self._watchdog = loop.call_later(min(1.0, self.timeout_s / 2), self._check)

    def _check(self) -> None:
        self._watchdog = None
        if self._pending and self._pending[0][1] < time.monotonic():
            self._drop("redis did not answer in time", timeout=True)
        elif self._pending:
            self._arm_watchdog()

    def _drop(
        self, reason: str, *, timeout: bool = False, protocol: _LaneProtocol | None = None
    ) -> None:
        """Close the connection and fail everything in flight."""
        if protocol is not None and protocol is not self._protocol:
            return  # an older connection's late notice
        transport, self._transport, self._protocol = self._transport, None, None
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if transport is not None:
            transport.abort()
        pending, self._pending = self._pending, deque()
        error_type = RedisTimeoutError if timeout else RedisConnectionError
        for future, _ in pending:
            if not future.done():
                future.set_exception(error_type(reason))
