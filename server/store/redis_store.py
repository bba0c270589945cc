"""The Redis game store: every read and write of live game state goes through here.

``GameStore`` is put together from one part per concern, each in its own module over the
shared script runner (server/store/lua.py): rooms, players, answers, timers, the outbox queue,
node liveness and abuse limits. Multi-key writes are Lua scripts, so each is atomic; the
replies of those that answer several values are read into named types (replies.py), and the
meta hash through ``GameMeta`` (meta.py).
"""

from __future__ import annotations

from server.store.answers import AnswerStore
from server.store.node_conns import NodeStore
from server.store.outbox_queue import OutboxQueueStore
from server.store.players import PlayerStore
from server.store.rates import RateStore
from server.store.rooms import RoomStore
from server.store.runs import RunStore
from server.store.timers import TimerStore


class GameStore(
    RoomStore,
    PlayerStore,
    AnswerStore,
    TimerStore,
    OutboxQueueStore,
    NodeStore,
    RateStore,
    RunStore,
):
    """Live game state in Redis. The client must be created with ``decode_responses=True``."""
