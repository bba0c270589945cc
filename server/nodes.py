"""Node liveness: every node vouches for itself in Redis; another forgets a dead node's players.

A node records each player connection it holds as ``<node id>|<sid>`` in the game's ``conn``
hash and, in the same round trip, notes the game among its own (``node:<id>:games``). Every
``BEAT_MS`` it vouches for itself in the ``nodes`` sorted set until now + ``NODE_TTL_MS``.

A node that stops beating (killed, frozen, cut off from Redis, or stopped on purpose: a graceful
stop leaves its players' connections recorded so that they resume elsewhere first) runs out.
Any other node claims it there with a lease, as timers are claimed, so one node reaps it and
another takes over should that one die. The reaper forgets, in each of the dead node's games,
the connections that still name it (a player that already resumed elsewhere keeps its new one)
and re-checks the game as a disconnect does: the answer count's total drops, the host and
screens get the new roster and progress, and an open question that every player still
connected has answered closes now.

A node reaps only once it has itself beaten without a gap for ``NODE_TTL_MS``: after a Redis
outage or a pause of the whole machine, the other nodes have beaten again by then. A node taken
for dead anyway (paused for longer than ``NODE_TTL_MS``) finds its entry changed at its next
beat and carries on under a new id, recording the connections it still holds again.
"""

from __future__ import annotations

import asyncio
import logging

from server.rooms.loaded import new_node_id
from server.rooms.runtime import Rooms
from server.sockets.fanout import LocalPlayers
from server.tasks import cancel_and_wait

log = logging.getLogger("huddle.nodes")

BEAT_MS = 2000
NODE_TTL_MS = 3 * BEAT_MS
CHECK_MS = 1000  # how often a node looks for dead ones (and beats when due)
STALL_MS = 2 * BEAT_MS  # a longer gap between two beats means this node was paused
REAP_LEASE_MS = 15_000
GAMES_KEEP_MS = 10 * 60_000  # a game this node has held no connection of for this long is dropped


class NodeLiveness:
    """This node's heartbeat, and the reaping of nodes whose heartbeat ran out."""

    def __init__(self, rooms: Rooms, players: LocalPlayers) -> None:
        self.rooms = rooms
        self.players = players
        # The values this node's last beat may have left in ``nodes`` (more than one when a
        # beat failed: it may have landed without its reply coming back).
        self._expected: list[int] = []
        self._last_beat: int | None = None
        self._healthy_since: int | None = None
        # Taken for dead: the connections this node holds must be recorded again, under its
        # new id (set until that is done, so a failed attempt is retried at the next beat).
        self._restore_pending = False
        self._previous_id = ""
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        await cancel_and_wait(self._task)

    async def step(self) -> int:
        """Beat when due, then reap the nodes that stopped beating; returns how many."""
        if self._last_beat is None or self.rooms.clock() - self._last_beat >= BEAT_MS:
            await self.beat()
        return await self.reap()

    async def beat(self) -> None:
        """Vouch for this node for ``NODE_TTL_MS`` more, and note the games it holds."""
        store, now = self.rooms.store, self.rooms.clock()
        if self._last_beat is not None and now - self._last_beat > STALL_MS:
            self._healthy_since = None  # paused: the other nodes may have been too
        until = now + NODE_TTL_MS
        try:
            ok = await store.node_beat(self.rooms.node_id, until, self._expected)
        except Exception:
            self._healthy_since = None
            self._expected = [*self._expected, until][-3:]
            raise
        if ok:
            self._expected = [until]
        else:
            await self._take_new_id(until)
        self._last_beat = now
        if self._healthy_since is None:
            self._healthy_since = now
        if self._restore_pending:
            await self._restore(now)
        await store.note_node_games(
            self.rooms.node_id,
            sorted(self.players.by_game),
            now,
            GAMES_KEEP_MS,
            self.rooms.settings.idle_ttl_s,
        )

    async def reap(self) -> int:
        """Claim the nodes whose heartbeat ran out and forget their connections."""
        now = self.rooms.clock()
        if self._healthy_since is None or now - self._healthy_since < NODE_TTL_MS:
            return 0
        lease = now + REAP_LEASE_MS
        reaped = 0
        for node in await self.rooms.store.claim_dead_nodes(now, lease):
            if node == self.rooms.node_id:
                continue  # this node's own beat ran out: its next beat finds the claim
            try:
                await self._reap(node, lease)
            except Exception:
                log.exception("reaping node %s failed; another try after the lease", node)
            else:
                reaped += 1
        return reaped

    async def _reap(self, node: str, lease: int) -> None:
        store = self.rooms.store
        games = await store.node_games(node)
        lost = 0
        for gid in games:
            gone = await store.reap_conns(gid, node)
            if gone:
                lost += gone
                log.info(
                    "%d player(s) of node %s no longer count as connected", gone, node,
                    extra={"game_id": gid},
                )  # fmt: skip
                await self.rooms.connections_lost(gid)
        await store.forget_node(node, lease)
        log.warning(
            "node %s stopped beating: forgot its %d player connection(s) in %d game(s)",
            node, lost, len(games),
        )  # fmt: skip

    async def _take_new_id(self, until: int) -> None:
        """This node was taken for dead (and perhaps reaped already): carry on under a new id."""
        if not self._restore_pending:
            self._previous_id = self.rooms.node_id
            self._restore_pending = True
        while True:
            self.rooms.node_id = new_node_id()
            self._expected = []
            if await self.rooms.store.node_beat(self.rooms.node_id, until, []):
                break
        self._expected = [until]

    async def _restore(self, now: int) -> None:
        """Record the connections this node holds again, under its (new) id."""
        store, node = self.rooms.store, self.rooms.node_id
        held = {gid: list(players.items()) for gid, players in self.players.by_game.items()}
        await store.note_node_games(
            node, sorted(held), now, GAMES_KEEP_MS, self.rooms.settings.idle_ttl_s
        )
        back = 0
        for gid, conns in held.items():
            restored = await store.restore_conns(gid, node, conns)
            if restored:
                back += restored
                await self.rooms.connections_restored(gid)
        self._restore_pending = False
        log.warning(
            "this node was taken for dead (no heartbeat for %d ms or more); it is node %s now "
            "(was %s) and recorded %d lost player connection(s) again",
            NODE_TTL_MS, node, self._previous_id, back,
        )  # fmt: skip

    async def _run(self) -> None:
        failing = False
        while True:
            try:
                await self.step()
                failing = False
            except asyncio.CancelledError:
                raise
            except Exception:
                # Once per outage, not every second.
                log.log(
                    logging.DEBUG if failing else logging.WARNING,
                    "node heartbeat failed; retrying every %d ms",
                    CHECK_MS,
                    exc_info=True,
                )
                failing = True
            await asyncio.sleep(CHECK_MS / 1000)
