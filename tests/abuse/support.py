"""Shared by the abuse and operations suites.

- `Servers`: the end-to-end server factory (real ``huddle serve`` processes), with the abuse
  limits **on** unless a test says otherwise, and nodes a test may stop on purpose.
- Distinct client addresses: every client here connects from a loopback address of its own
  (127.0.0.0/8 is all loopback), handed out by `loopback`, so per-address limits can be tested
  from one machine. Only loopback addresses are ever used.
- `BoundPlayer` / `BoundHost` / `BoundScreen`: the e2e Socket.IO clients, connecting from a
  given address.
- `RawSocket`: a lean Engine.IO v4 / Socket.IO v5 client over a raw websocket, for floods of
  a thousand bots and for frames no well-behaved client sends.
"""

# The waits take a `timeout` in seconds, like python-socketio's own `call`.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import socketio
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

from tests.conftest import TEST_REDIS_URL
from tests.e2e.conftest import SECRET, Group, Node, ServerFactory
from tests.e2e.helpers import (
    Host,
    Player,
    Received,
    Screen,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    now_ms,
)

# ---------------------------------------------------------------------- servers

# Small limits, so a test reaches them quickly. The login limit stays off here: every test's
# host registers from 127.0.0.1 (test_abuse_auth_rate.py runs groups with a small one).
LIMITS_ON = {
    "HUDDLE_JOIN_RATE_PER_MIN": "5",
    "HUDDLE_EVENT_RATE_PER_S": "5",
    "HUDDLE_EVENT_BURST": "10",
    "HUDDLE_MAX_CONN_PER_IP": "6",
    "HUDDLE_AUTH_RATE_PER_MIN": "0",
}
# The e2e factory turns the limits off; these are the server's own defaults.
LIMITS_DEFAULT = {
    "HUDDLE_JOIN_RATE_PER_MIN": "1000",
    "HUDDLE_JOIN_CHALLENGE_AFTER": "60",
    "HUDDLE_JOIN_CHALLENGE_BITS": "14",
    "HUDDLE_EVENT_RATE_PER_S": "20",
    "HUDDLE_EVENT_BURST": "40",
    "HUDDLE_MAX_CONN_PER_IP": "2000",
    "HUDDLE_AUTH_RATE_PER_MIN": "20",
    "HUDDLE_ADDRESS_RATE_PER_S": "200",
    "HUDDLE_ADDRESS_BURST": "2000",
    "HUDDLE_MAX_SCREENS_PER_IP": "50",
    "HUDDLE_WATCH_FAILURES_PER_MIN": "30",
}
LIMITS_OFF = {
    "HUDDLE_JOIN_RATE_PER_MIN": "0",
    "HUDDLE_EVENT_RATE_PER_S": "0",
    "HUDDLE_MAX_CONN_PER_IP": "0",
    "HUDDLE_AUTH_RATE_PER_MIN": "0",
    "HUDDLE_ADDRESS_RATE_PER_S": "0",
    "HUDDLE_MAX_SCREENS_PER_IP": "0",
    "HUDDLE_WATCH_FAILURES_PER_MIN": "0",
}


class Servers(ServerFactory):
    """`ServerFactory` whose groups run with the abuse limits on (`LIMITS_ON`) unless `env`
    says otherwise, and which remembers the nodes a test stopped on purpose."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.retired: set[int] = set()
        self.envs: dict[str, dict[str, str]] = {}  # group prefix -> the env it was started with

    def start(
        self, nodes: int = 1, *, database_url: str | None = None, env: dict[str, str] | None = None
    ) -> Group:
        env = {**LIMITS_ON, **(env or {})}
        group = super().start(nodes, database_url=database_url, env=env)
        self.envs[group.prefix] = env
        return group

    def add_node(self, group: Group, env: dict[str, str] | None = None) -> Node:
        """Start one more node of `group` (same Redis prefix, database and secret), with `env`
        on top of the group's own settings."""
        full = {
            **os.environ,
            "REDIS_URL": TEST_REDIS_URL,
            "HUDDLE_REDIS_PREFIX": group.prefix,
            "DATABASE_URL": group.database_url,
            "HUDDLE_SECRET": SECRET,
            "HUDDLE_TICK_MS": "100",
            "HUDDLE_OUTBOX_POLL_MS": "50",
            "LOG_LEVEL": "info",
            "HUDDLE_LOG_FORMAT": "text",
            "PYTHONUNBUFFERED": "1",
            **self.envs[group.prefix],
            **(env or {}),
        }
        full.pop("PUBLIC_URL", None)
        node = self._spawn(group.prefix, len(group.nodes), full)
        group.nodes.append(node)
        self._wait_healthy(node)
        return node

    def sigterm(self, node: Node) -> None:
        """Send SIGTERM to `node`; it is expected to stop from now on."""
        self.retired.add(id(node))
        node.proc.send_signal(signal.SIGTERM)

    def retire(self, group: Group) -> None:
        """Stop a group now (SIGTERM, then wait)."""
        self.retired.update(id(n) for n in group.nodes)
        self.stop(group)

    def dead(self) -> list[Node]:
        """Nodes that stopped without a test asking them to."""
        return [
            n
            for g in self.groups
            for n in g.nodes
            if id(n) not in self.retired and n.proc.poll() is not None
        ]


async def wait_exit(node: Node, timeout: float) -> int:
    try:
        return await asyncio.to_thread(node.proc.wait, timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{node.url} still running {timeout}s after SIGTERM") from None


# ---------------------------------------------------------------------- addresses

# Each pytest-xdist worker hands out its own range (gw0 from 127.1.0.1, gw1 from 127.1.32.1,
# ...), so no two tests running at once share an address whatever servers they use.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_addresses = itertools.count((_WORKER % 8) * 32 * 250)


def loopback(n: int = 1) -> list[str]:
    """`n` loopback addresses no other test of this session has used: 127.1.x.y."""
    out = []
    for _ in range(n):
        i = next(_addresses)
        out.append(f"127.1.{i // 250}.{i % 250 + 1}")
    return out


def http_from(base_url: str, address: str, **kwargs: Any) -> httpx.AsyncClient:
    """An HTTP client whose connections come from `address`."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=10.0, **kwargs)


# What a test does between the wait and its last counted request takes a few seconds here
# and many more on a loaded machine (parallel workers): crossing into the next minute resets
# the count and the test would see a limit that is not there.
MINUTE_MARGIN_S = 30.0


async def seconds_left_in_minute(at_least: float) -> None:
    """Wait, if need be, until at least `at_least` seconds (and never under `MINUTE_MARGIN_S`)
    remain in the current clock minute (the join limit counts per address per clock minute)."""
    at_least = max(at_least, MINUTE_MARGIN_S)
    left = 60 - time.time() % 60
    if left < at_least:
        await asyncio.sleep(left + 0.05)


# ---------------------------------------------------------------------- bound clients


def _bind(
    client: Player | Host | Screen, address: str, reconnect: bool = False
) -> aiohttp.ClientSession:
    """Make `client` connect from `address`; its disconnects are captured too, as
    ``<disconnect>`` events (with the reason), so their order against events shows. With
    `reconnect`, python-socketio reconnects by itself (quickly) after losing the server."""
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))
    client.sio = socketio.AsyncClient(
        reconnection=reconnect,
        reconnection_delay=0.2,
        reconnection_delay_max=1,
        http_session=session,
    )

    async def on_disconnect(*args: Any) -> None:
        client.disconnects += 1
        client.events.append(Received(DISCONNECT, args[0] if args else None, now_ms()))

    client.sio.on("*", client._capture, namespace=client.namespace)
    client.sio.on("disconnect", on_disconnect, namespace=client.namespace)
    return session


DISCONNECT = "<disconnect>"


class _Bound:
    """How the bound clients connect: from `address`, over `transports`, with `headers`
    (an ``Origin``, say), reconnecting by themselves when `reconnect`."""

    url: str
    namespace: str
    sio: socketio.AsyncClient
    address: str
    transports: tuple[str, ...]
    headers: dict[str, str]
    reconnect: bool
    session: aiohttp.ClientSession | None

    def _setup(
        self,
        address: str,
        transports: tuple[str, ...],
        headers: dict[str, str] | None,
        reconnect: bool,
    ) -> None:
        self.address = address
        self.transports = transports
        self.headers = headers or {}
        self.reconnect = reconnect
        self.session = None

    # First among a bound client's bases, so these replace the plain clients' own.
    async def connect(self) -> None:
        await self._open(self)  # type: ignore[arg-type]

    async def close(self) -> None:
        await self._shut()

    async def _open(self, client: Player | Host | Screen) -> None:
        if self.session is not None:  # connecting again (say, to another node)
            await self.sio.shutdown()
            await self.session.close()
        self.session = _bind(client, self.address, self.reconnect)
        await self.sio.connect(
            self.url,
            namespaces=[self.namespace],
            transports=list(self.transports),
            headers=self.headers,
            wait_timeout=10,
        )

    async def _shut(self) -> None:
        try:
            await self.sio.shutdown()
        finally:
            if self.session is not None:
                await self.session.close()


class BoundPlayer(_Bound, Player):
    """A phone on ``/play`` connecting from `address`."""

    def __init__(
        self,
        url: str,
        address: str,
        transports: tuple[str, ...] = ("websocket",),
        headers: dict[str, str] | None = None,
        reconnect: bool = False,
    ) -> None:
        Player.__init__(self, url)
        self._setup(address, transports, headers, reconnect)


class BoundHost(_Bound, Host):
    """The host's console on ``/host`` connecting from `address`."""

    def __init__(
        self,
        url: str,
        address: str,
        headers: dict[str, str] | None = None,
        reconnect: bool = False,
    ) -> None:
        Host.__init__(self, url)
        self._setup(address, ("websocket",), headers, reconnect)


class BoundScreen(_Bound, Screen):
    """A big screen on ``/screen`` connecting from `address`."""

    def __init__(
        self,
        url: str,
        address: str,
        headers: dict[str, str] | None = None,
        reconnect: bool = False,
    ) -> None:
        Screen.__init__(self, url)
        self._setup(address, ("websocket",), headers, reconnect)


# ---------------------------------------------------------------------- raw Socket.IO


class Refused(Exception):
    """The server refused the connection (an HTTP status at the handshake, or a Socket.IO
    ``CONNECT_ERROR`` for the namespace)."""

    def __init__(self, detail: Any) -> None:
        super().__init__(repr(detail))
        self.detail = detail


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"


def parse_packet(frame: str) -> tuple[str, str, int | None, Any]:
    """A Socket.IO packet inside an Engine.IO message (``4...``): (type, namespace, ack id,
    data)."""
    kind, rest = frame[1:2], frame[2:]
    namespace = "/"
    if rest.startswith("/"):
        comma = rest.find(",")
        namespace, rest = (rest, "") if comma < 0 else (rest[:comma], rest[comma + 1 :])
    digits = 0
    while digits < len(rest) and rest[digits].isdigit():
        digits += 1
    ack_id = int(rest[:digits]) if digits else None
    body = rest[digits:]
    return kind, namespace, ack_id, json.loads(body) if body else None


@dataclass
class RawSocket:
    """One websocket speaking Engine.IO v4 / Socket.IO v5 by hand, from `address`.

    ``open`` does the Engine.IO handshake, ``join_namespace`` the Socket.IO connect; then
    ``call`` emits with an ack id and waits for the ack, ``emit_nowait`` pipelines emits
    without waiting. Pings are answered; events are counted by name (``kicked``, ``state``,
    ``shutdown``…) and the last of each kept.
    """

    base_url: str
    address: str | None = None
    namespace: str = "/play"
    origin: str | None = None
    headers: dict[str, str] | None = None
    ws: ClientConnection | None = None
    events: Counter[str] = field(default_factory=Counter)
    last: dict[str, Any] = field(default_factory=dict)
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    handshake: dict[str, Any] = field(default_factory=dict)
    _acks: dict[int, asyncio.Future[Any]] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _connecting: dict[str, asyncio.Future[Any]] = field(default_factory=dict)
    _reader: asyncio.Task[None] | None = None

    async def open(self, timeout: float = 10.0) -> None:
        kwargs: dict[str, Any] = {}
        if self.address is not None:
            kwargs["local_addr"] = (self.address, 0)
        try:
            self.ws = await connect(
                ws_url(self.base_url),
                origin=Origin(self.origin) if self.origin else None,
                additional_headers=self.headers,
                compression=None,
                proxy=None,
                max_size=None,
                open_timeout=timeout,
                ping_interval=None,
                close_timeout=2,
                **kwargs,
            )
        except InvalidStatus as err:
            raise Refused(err.response.status_code) from None
        first = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(first, str) and first.startswith("0"), first
        self.handshake = json.loads(first[1:])
        self._reader = asyncio.ensure_future(self._read())

    async def join_namespace(self, namespace: str | None = None, timeout: float = 10.0) -> Any:
        """Connect to the namespace (another one than `self.namespace` too, on the same
        Engine.IO connection); raises `Refused` on a ``CONNECT_ERROR``."""
        ns = namespace or self.namespace
        future = self._connecting[ns] = asyncio.get_running_loop().create_future()
        await self.send(f"40{ns},")
        return await asyncio.wait_for(future, timeout)

    async def connect(self, timeout: float = 10.0) -> None:
        await self.open(timeout)
        await self.join_namespace(timeout=timeout)

    async def send(self, text: str | bytes) -> None:
        assert self.ws is not None
        await self.ws.send(text)

    def _frame(self, event: str, args: tuple[Any, ...], ack_id: int | None) -> str:
        ack = "" if ack_id is None else str(ack_id)
        return f"42{self.namespace},{ack}{json.dumps([event, *args])}"

    async def emit_nowait(self, event: str, *args: Any) -> asyncio.Future[Any]:
        """Send an event with an ack id; the future resolves with the ack's first argument."""
        ack_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        await self.send(self._frame(event, args, ack_id))
        return future

    async def emit_no_ack(self, event: str, *args: Any) -> None:
        await self.send(self._frame(event, args, None))

    async def call_raw(self, frame: str, ack_id: int, timeout: float = 10.0) -> Any:
        """Send a frame written by hand whose header carries `ack_id`; wait for that ack."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        await self.send(frame)
        return await asyncio.wait_for(future, timeout)

    async def call(self, event: str, *args: Any, timeout: float = 10.0) -> Any:
        return await asyncio.wait_for(await self.emit_nowait(event, *args), timeout)

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for message in self.ws:
                if not isinstance(message, str) or not message:
                    continue
                if message == "2":
                    await self.ws.send("3")
                elif message[0] == "1":
                    break
                elif message[0] == "4":
                    self._packet(message)
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(ConnectionError("socket closed before the ack"))
            for connecting in self._connecting.values():
                if not connecting.done():
                    connecting.set_exception(ConnectionError("socket closed before connect"))

    def _packet(self, message: str) -> None:
        kind, namespace, ack_id, data = parse_packet(message)
        connecting = self._connecting.get(namespace)
        if kind in "04" and connecting is not None and not connecting.done():
            if kind == "0":
                connecting.set_result(data)
            else:
                connecting.set_exception(Refused(data))
        if namespace != self.namespace:
            return
        if kind == "3" and ack_id is not None:
            future = self._acks.pop(ack_id, None)
            if future is not None and not future.done():
                future.set_result(data[0] if isinstance(data, list) and data else data)
        elif kind == "2" and isinstance(data, list) and data:
            name = str(data[0])
            self.events[name] += 1
            self.last[name] = data[1] if len(data) > 1 else None
        elif kind == "1":
            self.events["<disconnected>"] += 1

    @property
    def is_open(self) -> bool:
        return self.ws is not None and not self.closed.is_set()

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(TimeoutError, ConnectionClosed, OSError):
                await asyncio.wait_for(self.ws.close(), 3)
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)


async def close_raw(sockets: list[RawSocket], limit: int = 200) -> None:
    sem = asyncio.Semaphore(limit)

    async def one(s: RawSocket) -> None:
        async with sem:
            await s.close()

    await asyncio.gather(*(one(s) for s in sockets), return_exceptions=True)


def error_code(ack: Any) -> str:
    """``ok`` for a successful ack, else its error code (``<malformed>`` for a bad ack)."""
    if isinstance(ack, dict) and ack.get("ok") is True:
        return "ok"
    if isinstance(ack, dict) and ack.get("ok") is False and isinstance(ack.get("error"), dict):
        return str(ack["error"].get("code"))
    return "<malformed>"


# ---------------------------------------------------------------------- a game still plays

SMALL_QUESTION: dict[str, Any] = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 30000,
}


async def play_small_game_from(url: str) -> dict[str, Any]:
    """A plain two-player game from start to results, every client from a fresh loopback
    address (so no per-address limit an earlier test used up gets in the way): the server
    still serves. Returns the results."""
    host_address, a_address, b_address = loopback(3)
    game = await new_game(url, [SMALL_QUESTION])
    host = BoundHost(url, host_address)
    a, b = BoundPlayer(url, a_address), BoundPlayer(url, b_address)
    try:
        await connect_all([host, a, b])
        await host.attach(game.id, game.host_key)
        await a.join(game.pin, "Still")
        await b.join(game.pin, "Here")
        await host.command("start")
        await a.wait_state("question", 0)
        assert_ok(await a.answer(0, 2))
        assert_ok(await b.answer(0, 1))
        assert (await a.wait_for("result"))["correct"] is True
        await host.command("next")
        await host.command("next")
        await b.wait_state("finished")
        results = await game.account.wait_results(game.id)
        assert [p["nickname"] for p in results["players"]] == ["Still", "Here"], results
        assert [p["correct"] for p in results["players"]] == [1, 0], results["players"]
        return results
    finally:
        await close_all([host, a, b])
        await game.account.close()
