"""Clients of a running Huddle server for the end-to-end tests: HTTP, /play, /host, /screen.

Every Socket.IO client captures every event of its namespace, in order, with the local
epoch-ms time it arrived; ``wait_for`` polls that list. Nothing here sleeps a fixed time.
"""

# The waits take a `timeout` in seconds, like python-socketio's own `call`.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import socketio

PASSWORD = "correct horse battery"
# Waits poll for an event and end as soon as it comes; the bounds only decide how long a
# failure takes to show. They are generous because the machine may be loaded (parallel test
# workers, other work): a 5 s bound failed there with nothing wrong.
ACK_TIMEOUT_S = 30.0
WAIT_S = 30.0
RESULTS_WAIT_S = 30.0

Payload = Any
Predicate = Callable[[Any], bool]


def now_ms() -> int:
    return int(time.time() * 1000)


# ---------------------------------------------------------------------- acks


def assert_ok(ack: Any, what: str = "") -> dict[str, Any]:
    """An ack that must be ``{"ok": true, ...}``."""
    assert isinstance(ack, dict), f"{what}: ack is not an object: {ack!r}"
    assert ack.get("ok") is True, f"{what}: expected ok, got {_short(ack)}"
    return ack


def assert_error(ack: Any, code: str | Iterable[str], what: str = "") -> dict[str, Any]:
    """An ack that must be ``{"ok": false, "error": {"code": code, "message": "..."}}``."""
    codes = {code} if isinstance(code, str) else set(code)
    assert isinstance(ack, dict), f"{what}: ack is not an object: {ack!r}"
    assert ack.get("ok") is False, f"{what}: expected {codes}, got {_short(ack)}"
    error = ack.get("error")
    assert isinstance(error, dict), f"{what}: no error object in {_short(ack)}"
    assert error.get("code") in codes, f"{what}: expected {codes}, got {_short(error)}"
    message = error.get("message")
    assert isinstance(message, str) and message.strip(), f"{what}: no message in {_short(error)}"
    return error


def has(value: Any, **fields: Any) -> bool:
    """Whether `value` is an object with these fields (the protocol may add others)."""
    return isinstance(value, dict) and all(value.get(k) == v for k, v in fields.items())


def _short(value: Any, limit: int = 400) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


# ---------------------------------------------------------------------- HTTP


@dataclass
class HostAccount:
    """A registered host and its HTTP client (bearer token set)."""

    http: httpx.AsyncClient
    token: str
    host_id: str

    async def create_quiz(self, questions: list[dict[str, Any]], title: str = "E2E quiz") -> str:
        resp = await self.http.post("/api/quizzes", json={"title": title, "questions": questions})
        assert resp.status_code == 201, resp.text
        quiz_id: str = resp.json()["id"]
        return quiz_id

    async def create_game(
        self, quiz_id: str, settings: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"quiz_id": quiz_id}
        if settings is not None:
            body["settings"] = settings
        resp = await self.http.post("/api/games", json=body)
        assert resp.status_code == 201, resp.text
        game: dict[str, Any] = resp.json()
        assert set(game) >= {"id", "pin", "host_key", "join_url"}, game
        assert game["join_url"].endswith(f"/join/{game['pin']}"), game
        return game

    async def results(self, game_id: str) -> httpx.Response:
        return await self.http.get(f"/api/games/{game_id}/results")

    async def wait_results(self, game_id: str, timeout: float = RESULTS_WAIT_S) -> dict[str, Any]:
        """Poll the results: ``409 not_finished`` until written, then 200 within `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            resp = await self.results(game_id)
            if resp.status_code == 200:
                body: dict[str, Any] = resp.json()
                return body
            assert resp.status_code == 409, resp.text
            assert resp.json()["error"]["code"] == "not_finished", resp.text
            assert time.monotonic() < deadline, f"results of {game_id} not written in {timeout}s"
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        await self.http.aclose()


async def register_host(base_url: str) -> HostAccount:
    http = httpx.AsyncClient(base_url=base_url, timeout=10.0)
    email = f"host-{secrets.token_hex(6)}@example.com"
    resp = await http.post(
        "/api/auth/register", json={"email": email, "password": PASSWORD, "name": "E2E Host"}
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    http.headers["Authorization"] = f"Bearer {body['token']}"
    return HostAccount(http=http, token=body["token"], host_id=body["host"]["id"])


@dataclass
class GameHandle:
    account: HostAccount
    quiz_id: str
    questions: list[dict[str, Any]]
    id: str
    pin: str
    host_key: str


async def new_game(
    base_url: str,
    questions: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
    account: HostAccount | None = None,
) -> GameHandle:
    """Register a host (unless given), create a quiz and a game of it."""
    account = account or await register_host(base_url)
    quiz_id = await account.create_quiz(questions)
    game = await account.create_game(quiz_id, settings)
    return GameHandle(
        account=account,
        quiz_id=quiz_id,
        questions=questions,
        id=game["id"],
        pin=game["pin"],
        host_key=game["host_key"],
    )


# ---------------------------------------------------------------------- Socket.IO


@dataclass
class Received:
    event: str
    data: Any
    at_ms: int


class NoPayload:
    """Emit an event with no argument at all (distinct from a JSON ``null``)."""


NO_PAYLOAD = NoPayload()


@dataclass
class Client:
    """One Socket.IO connection to one namespace, capturing everything it receives."""

    url: str
    namespace: str = "/"
    events: list[Received] = field(default_factory=list)
    disconnects: int = 0
    # Websocket from the start, as the pages connect; ("polling", "websocket") starts on
    # long-polling and upgrades, as a browser behind a websocket-hostile proxy would.
    transports: tuple[str, ...] = ("websocket",)

    def __post_init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("*", self._capture, namespace=self.namespace)
        self.sio.on("disconnect", self._on_disconnect, namespace=self.namespace)

    async def _capture(self, event: str, *args: Any) -> None:
        self.events.append(Received(event, args[0] if args else None, now_ms()))

    async def _on_disconnect(self, *args: Any) -> None:
        self.disconnects += 1

    async def connect(self) -> None:
        await self.sio.connect(
            self.url, namespaces=[self.namespace], transports=list(self.transports), wait_timeout=10
        )

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected) and self.namespace in self.sio.namespaces

    async def call(self, event: str, payload: Any = None, timeout: float = ACK_TIMEOUT_S) -> Any:
        """Emit with an acknowledgement; `NO_PAYLOAD` sends no argument, None a JSON null."""
        data: Any = None if isinstance(payload, NoPayload) else (payload,)
        return await self.sio.call(event, data, namespace=self.namespace, timeout=timeout)

    async def close(self) -> None:
        await self.sio.shutdown()

    # ---- captured events ----
    def received(self, event: str) -> list[Any]:
        return [r.data for r in self.events if r.event == event]

    def states(self) -> list[dict[str, Any]]:
        return self.received("state")

    async def wait_for(
        self,
        event: str,
        predicate: Predicate | None = None,
        timeout: float = WAIT_S,
        since: int = 0,
    ) -> Any:
        """The first `event` captured from index `since` on that matches `predicate`,
        waiting up to `timeout` for it."""
        r = await self.wait_for_record(event, predicate, timeout, since)
        return r.data

    async def wait_for_record(
        self,
        event: str,
        predicate: Predicate | None = None,
        timeout: float = WAIT_S,
        since: int = 0,
    ) -> Received:
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            for r in self.events[seen:]:
                if r.event == event and (predicate is None or predicate(r.data)):
                    return r
            seen = len(self.events)
            if time.monotonic() >= deadline:
                got = [(r.event, _short(r.data, 200)) for r in self.events[-8:]]
                raise AssertionError(
                    f"{self.namespace}: no {event!r} matching within {timeout}s; last: {got}"
                )
            await asyncio.sleep(0.02)

    async def wait_state(
        self, phase: str, question: int | None = None, timeout: float = WAIT_S
    ) -> dict[str, Any]:
        def match(s: dict[str, Any]) -> bool:
            if s.get("phase") != phase:
                return False
            return question is None or (s.get("question") or {}).get("index") == question

        state: dict[str, Any] = await self.wait_for("state", match, timeout)
        return state


class Player(Client):
    """A phone on ``/play``."""

    def __init__(self, url: str, transports: tuple[str, ...] = ("websocket",)) -> None:
        super().__init__(url, "/play", transports=transports)
        self.join_ack: dict[str, Any] | None = None
        self.acks: list[Any] = []
        # question -> (local ms the accepted answer was sent, local ms its ack came back)
        self.answer_times: dict[int, tuple[int, int]] = {}

    @property
    def id(self) -> str:
        assert self.join_ack is not None
        pid: str = self.join_ack["player"]["id"]
        return pid

    @property
    def token(self) -> str:
        assert self.join_ack is not None
        token: str = self.join_ack["token"]
        return token

    async def join(self, pin: str, nickname: str, team: str | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {"pin": pin, "nickname": nickname}
        if team is not None:
            payload["team"] = team
        ack = assert_ok(await self.call("join", payload), f"join {nickname!r}")
        check_join_ack(ack)
        self.join_ack = ack
        return ack

    async def resume(self, pin: str, token: str) -> dict[str, Any]:
        ack = assert_ok(await self.call("join", {"pin": pin, "token": token}), "resume")
        check_join_ack(ack)
        self.join_ack = ack
        return ack

    async def answer(self, question: int, value: Any) -> Any:
        sent = now_ms()
        ack = await self.call("answer", {"question": question, "answer": value})
        self.acks.append(ack)
        if isinstance(ack, dict) and ack.get("ok") is True:
            self.answer_times[question] = (sent, now_ms())
        return ack

    def results(self) -> list[dict[str, Any]]:
        return self.received("result")

    async def wait_result(self, question: int, timeout: float = WAIT_S) -> dict[str, Any]:
        """This player's ``result`` for `question`."""
        result: dict[str, Any] = await self.wait_for(
            "result", lambda r: r["question"] == question, timeout
        )
        return result


class Host(Client):
    """The host's console on ``/host``."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "/host")
        self.attach_ack: dict[str, Any] | None = None

    async def attach(self, game_id: str, host_key: str) -> dict[str, Any]:
        ack = assert_ok(
            await self.call("attach", {"game_id": game_id, "host_key": host_key}), "attach"
        )
        assert isinstance(ack["state"], dict) and isinstance(ack["roster"], dict), ack
        self.attach_ack = ack
        return ack

    async def command(self, name: str, payload: Any = None) -> dict[str, Any]:
        """start / next / end / lock / kick, which must succeed; returns the ack."""
        ack = assert_ok(await self.call(name, {} if payload is None else payload), name)
        assert isinstance(ack.get("state"), dict), f"{name} ack has no state: {ack}"
        return ack


class Screen(Client):
    """The big screen on ``/screen``."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "/screen")
        self.watch_ack: dict[str, Any] | None = None

    async def watch(self, pin: str, key: str | None = None) -> dict[str, Any]:
        """``watch {pin}``, or with the game's screen key (the host's big-screen link)."""
        payload = {"pin": pin} if key is None else {"pin": pin, "key": key}
        ack = assert_ok(await self.call("watch", payload), "watch")
        assert ack["full"] is (key is not None), ack
        assert isinstance(ack["state"], dict) and isinstance(ack["roster"], dict), ack
        self.watch_ack = ack
        return ack


def check_join_ack(ack: dict[str, Any]) -> None:
    """The shape of a successful ``join`` ack (protocol /play)."""
    player = ack["player"]
    assert set(player) >= {"id", "nickname", "team"}, player
    assert isinstance(player["id"], str) and player["id"], player
    assert isinstance(player["nickname"], str) and player["nickname"], player
    assert isinstance(ack["token"], str) and len(ack["token"]) >= 8, ack
    state = ack["state"]
    assert state["phase"] in ("lobby", "question", "reveal", "scoreboard", "finished"), state
    assert isinstance(state["seq"], int), state
    me = state["me"]
    assert set(me) >= {"player_id", "score", "rank", "streak", "answered"}, me
    assert me["player_id"] == player["id"], (me, player)
    assert isinstance(me["answered"], bool), me


async def connect_all(clients: Sequence[Client], limit: int = 50) -> None:
    """Connect many clients with bounded concurrency."""
    sem = asyncio.Semaphore(limit)

    async def one(c: Client) -> None:
        async with sem:
            await c.connect()

    await asyncio.gather(*(one(c) for c in clients))


async def bounded(coros: Iterable[Awaitable[Any]], limit: int = 50) -> list[Any]:
    sem = asyncio.Semaphore(limit)

    async def one(c: Awaitable[Any]) -> Any:
        async with sem:
            return await c

    return list(await asyncio.gather(*(one(c) for c in coros)))


async def close_all(clients: Iterable[Client]) -> None:
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


# ---------------------------------------------------------------------- scoring


def points_unit(question: dict[str, Any]) -> int:
    """P: 1000 × the question's points (default 1)."""
    return 1000 * int(question.get("points", 1))


def streak_bonus(streak_after: int, p: int) -> int:
    if p == 0 or streak_after < 2:
        return 0
    return min(100 * (streak_after - 1), 500)


def speed_points(p: int, limit_ms: int, elapsed_ms: int) -> int:
    """``floor(P × (1 − (t / T) / 2) + 0.5)`` with t under 500 ms counting as 0."""
    t = min(max(elapsed_ms, 0), limit_ms)
    if t < 500:
        t = 0
    return (p * (2 * limit_ms - t) + limit_ms) // (2 * limit_ms)


def points_bounds(
    p: int, limit_ms: int, opened_ms: int, times: tuple[int, int], slack_ms: int = 25
) -> tuple[int, int]:
    """The speed points a correct answer can have earned, from when it was sent and acked.

    The server measures t from ``opened_ms`` to receiving the answer, so t lies between the
    send and the ack (the server and the tests share one clock; `slack_ms` covers rounding).
    """
    sent, acked = times
    t_low = max(0, sent - opened_ms - slack_ms)
    t_high = max(0, acked - opened_ms + slack_ms)
    return speed_points(p, limit_ms, t_high), speed_points(p, limit_ms, t_low)


def check_ranks(scores: dict[str, int], ranks: dict[str, int], what: str = "") -> None:
    """Ranks that fit the scores: higher score → lower rank; ties split only by time."""
    for pid, score in scores.items():
        above = sum(1 for s in scores.values() if s > score)
        level = sum(1 for s in scores.values() if s >= score)
        assert above + 1 <= ranks[pid] <= level, (
            f"{what}: player with {score} has rank {ranks[pid]}, expected {above + 1}..{level}"
        )


def find_keys(value: Any, names: set[str], path: str = "$") -> list[str]:
    """Paths of every key in `names` anywhere inside `value`."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in names:
                found.append(f"{path}.{k}")
            found.extend(find_keys(v, names, f"{path}.{k}"))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(find_keys(v, names, f"{path}[{i}]"))
    return found
