"""The baseline: a bare python-socketio server with Huddle's events and no game logic.

It answers the same HTTP calls and Socket.IO events that the load generator drives, with the
same payload shapes and sizes, on the same stack (python-socketio ASGI app on uvicorn with
uvloop, httptools, websocket per-message-deflate off, the same GC thresholds as Huddle), but
keeps everything in a dict: no Redis store, no SQL, no scoring rules. It is the ceiling that
Huddle's game logic adds to; every figure of ``make bench`` is reported against it.

One process holds one game. With ``--redis-url`` (two nodes) it uses python-socketio's
``AsyncRedisManager`` for room broadcasts, as Huddle does, plus one Redis pub/sub message per
reveal so that each node sends the per-player ``result`` events to its own players; then each
node counts only its own players' answers and the generator adds the nodes' results up.

    python -m bench.baseline --host 127.0.0.1 --port 8100 [--redis-url URL --channel NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import socketio

from bench.procs import raise_nofile

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

# The shape of Huddle's GameSettings.to_doc(), so that states weigh the same on the wire.
SETTINGS_DOC: dict[str, Any] = {
    "scoring": "speed",
    "streaks": True,
    "time_limit_ms": None,
    "max_players": None,
    "late_join": True,
    "auto_advance_ms": 0,
    "teams": None,
    "show_question_on_device": True,
    "shuffle_choices": False,
    "nickname_generator": False,
}


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(slots=True)
class Player:
    pid: str
    nickname: str
    sid: str
    answered: int = 0
    correct: int = 0
    score: int = 0
    streak: int = 0
    last: dict[int, bool] = field(default_factory=dict)


@dataclass(slots=True)
class Game:
    gid: str = ""
    pin: str = ""
    host_key: str = ""
    title: str = "bench"
    questions: list[dict[str, Any]] = field(default_factory=list)
    phase: str = "lobby"
    qindex: int = -1
    seq: int = 1
    opened_ms: int = 0
    deadline_ms: int = 0
    closed_ms: int = 0
    players: dict[str, Player] = field(default_factory=dict)
    by_sid: dict[str, Player] = field(default_factory=dict)
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)


class Baseline:
    def __init__(self, redis_url: str, channel: str) -> None:
        self.redis_url = redis_url
        self.channel = channel
        self.multi = bool(redis_url)
        manager = None
        if self.multi:
            manager = socketio.AsyncRedisManager(redis_url, channel=f"{channel}:sio")
        if os.environ.get("BENCH_BASELINE_LEAN_TRANSPORT") == "1":
            # Huddle's websocket loop (server.sockets.transport) instead of engineio's own: to
            # tell what Huddle's game logic costs from what its leaner transport saves.
            from server.sockets import transport

            transport.install()
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            max_http_buffer_size=2 * 1024 * 1024,
            # python-socketio's default (a task per event); BENCH_BASELINE_ASYNC_HANDLERS=0
            # runs it as Huddle does, to see what that option alone is worth.
            async_handlers=os.environ.get("BENCH_BASELINE_ASYNC_HANDLERS", "1") != "0",
            ping_interval=20,
            ping_timeout=20,
            logger=False,
            engineio_logger=False,
        )
        self.game = Game()
        self.node = secrets.token_hex(4)
        self.tasks: set[asyncio.Task[Any]] = set()
        self.redis: Any = None
        self.sio.register_namespace(PlayNs(self))
        self.sio.register_namespace(HostNs(self))
        self.app = socketio.ASGIApp(
            self.sio,
            other_asgi_app=self.http,
            socketio_path="socket.io",
            on_startup=self.startup,
            on_shutdown=self.shutdown,
        )

    # ---------------------------------------------------------------- lifecycle
    async def startup(self) -> None:
        if self.multi:
            from redis.asyncio import Redis

            self.redis = Redis.from_url(self.redis_url, decode_responses=True)
            self._spawn(self._listen())

    async def shutdown(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        if self.redis is not None:
            await self.redis.aclose()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _listen(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(f"{self.channel}:bus")
        while True:
            msg = await pubsub.get_message(timeout=1.0)
            if msg and msg.get("type") == "message":
                data = json.loads(msg["data"])
                if data.get("t") == "reveal" and data.get("n") != self.node:
                    await self.send_results(int(data["q"]))

    # ---------------------------------------------------------------- state
    def state(self) -> dict[str, Any]:
        g = self.game
        question = None
        reveal = None
        if g.phase in ("question", "reveal", "scoreboard") and 0 <= g.qindex < len(g.questions):
            q = g.questions[g.qindex]
            question = {
                "kind": q.get("kind", "choice"),
                "prompt": q.get("prompt", ""),
                "points": q.get("points", 1),
                "time_limit_ms": q.get("time_limit_ms", 20000),
                "choices": q.get("choices", []),
                "multi": False,
                "index": g.qindex,
                "count": len(g.questions),
                "opened_ms": g.opened_ms,
                "deadline_ms": g.deadline_ms,
            }
        if g.phase == "reveal":
            dist: dict[str, int] = {}
            for a in g.answers.get(g.qindex, {}).values():
                dist[str(a)] = dist.get(str(a), 0) + 1
            reveal = {
                "correct": 1,
                "distribution": dist,
                "answered": len(g.answers.get(g.qindex, {})),
                "closed_ms": g.closed_ms,
            }
        board = None
        if g.phase in ("scoreboard", "finished"):
            top = sorted(g.players.values(), key=lambda p: -p.score)[:10]
            board = [
                {
                    "rank": i + 1,
                    "player_id": p.pid,
                    "nickname": p.nickname,
                    "team": None,
                    "score": p.score,
                }
                for i, p in enumerate(top)
            ]
        return {
            "game_id": g.gid,
            "pin": g.pin,
            "title": g.title,
            "phase": g.phase,
            "seq": g.seq,
            "players": len(g.players),
            "question": question,
            "reveal": reveal,
            "leaderboard": board,
            "teams": None,
            "settings": SETTINGS_DOC,
        }

    async def publish_state(self) -> dict[str, Any]:
        g = self.game
        g.seq += 1
        state = self.state()
        room = f"g:{g.pin}"
        await self.sio.emit("state", state, to=room, namespace="/play")
        await self.sio.emit("state", state, to=room, namespace="/host")
        return state

    async def transition(self, command: str) -> dict[str, Any]:
        g = self.game
        now = now_ms()
        if command == "end":
            g.phase = "finished"
        elif g.phase == "lobby" or g.phase == "scoreboard":
            if g.qindex + 1 >= len(g.questions):
                g.phase = "finished"
            else:
                g.qindex += 1
                g.phase = "question"
                g.opened_ms = now
                g.deadline_ms = now + int(g.questions[g.qindex].get("time_limit_ms", 20000))
                g.answers[g.qindex] = {}
        elif g.phase == "question":
            g.phase = "reveal"
            g.closed_ms = now
        elif g.phase == "reveal":
            g.phase = "scoreboard"
        state = await self.publish_state()
        if g.phase == "reveal":
            await self.send_results(g.qindex)
            if self.redis is not None:
                message = {"t": "reveal", "n": self.node, "q": g.qindex}
                await self.redis.publish(f"{self.channel}:bus", json.dumps(message))
        return state

    async def send_results(self, q: int) -> None:
        """One ``result`` event to each local player (``ignore_queue``: this node's only)."""
        for p in list(self.game.players.values()):
            correct = p.last.get(q, False)
            payload = {
                "question": q,
                "correct": correct,
                "points": 1000 if correct else 0,
                "score": p.score,
                "rank": 1,
                "streak": p.streak,
                "answered": q in p.last,
            }
            await self.sio.emit(
                "result", payload, to=p.sid, namespace="/play", ignore_queue=self.multi
            )

    # ---------------------------------------------------------------- HTTP
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            event = await receive()
            body += event.get("body", b"")
            more = event.get("more_body", False)
        method, path = scope["method"], scope["path"]
        status, doc = self.route(method, path, json.loads(body) if body else None)
        raw = json.dumps(doc).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": raw})

    def route(self, method: str, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        g = self.game
        if path in ("/healthz", "/readyz"):
            return 200, {"ok": True}
        if method == "POST" and path == "/api/auth/register":
            host = {"id": "h1", "email": body.get("email"), "name": body.get("name")}
            return 201, {"host": host, "token": secrets.token_urlsafe(16)}
        if method == "POST" and path == "/api/quizzes":
            g.questions = list(body.get("questions", []))
            g.title = body.get("title", "bench")
            return 201, {**body, "id": "q1"}
        if method == "POST" and path == "/api/games":
            g.gid = secrets.token_hex(6)
            g.pin = f"{100000 + secrets.randbelow(900000)}"
            g.host_key = secrets.token_urlsafe(24)
            return 201, {"id": g.gid, "pin": g.pin, "host_key": g.host_key, "join_url": ""}
        if method == "GET" and path.startswith("/api/games/") and path.endswith("/results"):
            players = [
                {
                    "player_id": p.pid,
                    "nickname": p.nickname,
                    "team": None,
                    "score": p.score,
                    "rank": 1,
                    "correct": p.correct,
                    "answered": p.answered,
                }
                for p in g.players.values()
            ]
            return 200, {"game": {"id": g.gid, "pin": g.pin}, "players": players, "teams": []}
        return 404, {"error": {"code": "not_found", "message": path}}

    # ---------------------------------------------------------------- events
    async def join(self, sid: str, data: Any) -> dict[str, Any]:
        g = self.game
        if not isinstance(data, dict) or not isinstance(data.get("nickname"), str):
            return {"ok": False, "error": {"code": "invalid", "message": "nickname"}}
        if not g.pin:  # a second node learns the game from its players
            g.pin = str(data.get("pin"))
        pid = secrets.token_hex(6)
        player = Player(pid=pid, nickname=data["nickname"], sid=sid)
        g.players[pid] = player
        g.by_sid[sid] = player
        await self.sio.enter_room(sid, f"g:{g.pin}", namespace="/play")
        state = self.state()
        state["me"] = {"player_id": pid, "score": 0, "rank": 1, "streak": 0, "answered": False}
        return {
            "ok": True,
            "player": {"id": pid, "nickname": player.nickname, "team": None},
            "token": secrets.token_urlsafe(24),
            "state": state,
        }

    async def answer(self, sid: str, data: Any) -> dict[str, Any]:
        g = self.game
        player = g.by_sid.get(sid)
        if player is None:
            return {"ok": False, "error": {"code": "not_joined", "message": "join first"}}
        if not isinstance(data, dict) or not isinstance(data.get("question"), int):
            return {"ok": False, "error": {"code": "invalid_answer", "message": "shape"}}
        q = data["question"]
        given = g.answers.setdefault(q, {})
        if player.pid in given:
            return {"ok": False, "error": {"code": "already_answered", "message": "again"}}
        given[player.pid] = data.get("answer")
        correct = data.get("answer") == 1
        player.answered += 1
        player.last[q] = correct
        if correct:
            player.correct += 1
            player.score += 1000
            player.streak += 1
        else:
            player.streak = 0
        if not self.multi and g.phase == "question" and len(given) >= len(g.by_sid):
            self._spawn(self._close(q))  # every player answered: close early, as Huddle does
        return {"ok": True}

    async def _close(self, q: int) -> None:
        if self.game.phase == "question" and self.game.qindex == q:
            await self.transition("close")

    async def attach(self, sid: str, data: Any) -> dict[str, Any]:
        g = self.game
        if not isinstance(data, dict) or data.get("host_key") != g.host_key:
            return {"ok": False, "error": {"code": "forbidden", "message": "wrong key"}}
        await self.sio.enter_room(sid, f"g:{g.pin}", namespace="/host")
        return {"ok": True, "state": self.state(), "roster": {"players": [], "count": 0}}

    def disconnect(self, sid: str) -> None:
        player = self.game.by_sid.pop(sid, None)
        if player is not None:
            player.sid = ""


class PlayNs(socketio.AsyncNamespace):  # type: ignore[misc]
    def __init__(self, base: Baseline) -> None:
        super().__init__("/play")
        self.base = base

    async def on_join(self, sid: str, data: Any) -> dict[str, Any]:
        return await self.base.join(sid, data)

    async def on_answer(self, sid: str, data: Any) -> dict[str, Any]:
        return await self.base.answer(sid, data)

    def on_disconnect(self, sid: str, reason: Any = None) -> None:
        self.base.disconnect(sid)


class HostNs(socketio.AsyncNamespace):  # type: ignore[misc]
    def __init__(self, base: Baseline) -> None:
        super().__init__("/host")
        self.base = base

    async def on_attach(self, sid: str, data: Any) -> dict[str, Any]:
        return await self.base.attach(sid, data)

    async def on_start(self, sid: str, data: Any = None) -> dict[str, Any]:
        return {"ok": True, "state": await self.base.transition("start")}

    async def on_next(self, sid: str, data: Any = None) -> dict[str, Any]:
        return {"ok": True, "state": await self.base.transition("next")}

    async def on_end(self, sid: str, data: Any = None) -> dict[str, Any]:
        return {"ok": True, "state": await self.base.transition("end")}


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--redis-url", default="", help="two nodes: share rooms through Redis")
    parser.add_argument("--channel", default="hbench-baseline")
    args = parser.parse_args(argv)
    raise_nofile()
    gc.set_threshold(50_000, 20, 100)  # as `huddle serve` does (server.process_tuning)
    base = Baseline(args.redis_url, args.channel)
    uvicorn.run(
        base.app,
        host=args.host,
        port=args.port,
        log_level="warning",
        ws_per_message_deflate=False,
        lifespan="on",
        access_log=False,
    )


if __name__ == "__main__":
    main()
