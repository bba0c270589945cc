"""Server nodes in one process for the liveness and settle tests: each a ``Rooms`` with its
own fan-out (which records what it would send) and its own sockets, all on one real Redis
prefix and one hand-moved clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from games.quiz import parse_quiz
from games.settings import parse_settings
from server.node_messages import NodeMessage, encode
from server.nodes import NodeLiveness
from server.rooms.runtime import Rooms
from server.settings import Settings
from server.sockets.fanout import LocalPlayers
from server.sockets.messages import Answer, Join
from server.store.redis_store import GameStore
from tests.conftest import Clock

LIMIT_MS = 60_000


@dataclass
class RecordingFanout:
    """The one fan-out test double (``server.rooms.fanout.Fanout``): records what a node would
    send (states, roster and progress pokes, node-bus messages), or, with ``raises``, raises
    it on every send (a node that dies as it sends)."""

    states: list[dict[str, Any]] = field(default_factory=list)
    rosters: list[str] = field(default_factory=list)
    progress: list[tuple[str, int]] = field(default_factory=list)
    bus: list[dict[str, Any]] = field(default_factory=list)
    raises: type[Exception] | None = None

    def _send(self) -> None:
        if self.raises is not None:
            raise self.raises

    async def state(self, gid: str, state: dict[str, Any], play: dict[str, Any]) -> None:
        self._send()
        self.states.append(state)

    async def roster_changed(self, gid: str) -> None:
        self._send()
        self.rosters.append(gid)

    async def progress_changed(self, gid: str, question: int) -> None:
        self._send()
        self.progress.append((gid, question))

    async def broadcast_nodes(self, message: NodeMessage) -> None:
        self._send()
        self.bus.append(encode(message))  # as the bus carries it


_sids = itertools.count(1)


@dataclass
class Node:
    live: Rooms
    fanout: RecordingFanout
    players: LocalPlayers
    liveness: NodeLiveness

    async def join(self, pin: str, nickname: str) -> tuple[str, str, str, dict[str, Any]]:
        """A player joins through this node: (game id, player id, sid, ack)."""
        sid = f"sid{next(_sids)}"
        gid, pid, ack = await self.live.players.join(
            sid, Join.parse({"pin": pin, "nickname": nickname})
        )
        self.players.add(sid, gid, pid)
        return gid, pid, sid, ack

    async def resume(self, pin: str, token: str) -> tuple[str, str, str]:
        sid = f"sid{next(_sids)}"
        gid, pid, _ = await self.live.players.join(sid, Join.parse({"pin": pin, "token": token}))
        self.players.add(sid, gid, pid)
        return gid, pid, sid

    async def answer(self, gid: str, pid: str, value: int = 0) -> dict[str, Any]:
        return await self.live.answer(gid, pid, Answer(0, value))


@dataclass
class Cluster:
    redis: Redis
    store: GameStore
    clock: Clock
    settings: Settings

    def node(self, live_class: type[Rooms] = Rooms, store: GameStore | None = None) -> Node:
        fanout = RecordingFanout()
        live = live_class(self.settings, store or self.store, fanout, self.clock)
        players = LocalPlayers()
        return Node(live, fanout, players, NodeLiveness(live, players))

    async def game(self, node: Node, questions: int = 1) -> tuple[str, str]:
        """A game created through `node`: (game id, pin)."""
        quiz = parse_quiz(
            {
                "title": "In process",
                "questions": [
                    {
                        "kind": "choice",
                        "prompt": f"Q{i}",
                        "choices": ["a", "b"],
                        "correct": [0],
                        "time_limit_ms": LIMIT_MS,
                    }
                    for i in range(questions)
                ],
            }
        )
        created = await node.live.create(
            host_id="h_1", quiz_id="q_1", quiz=quiz, settings=parse_settings(None)
        )
        return created.id, created.pin
