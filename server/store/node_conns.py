"""The game store's node liveness: heartbeats, the games each node holds connections of,
and forgetting or restoring a node's connections (server/nodes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from server.store.lua import ScriptedStore


class NodeStore(ScriptedStore):
    """Which nodes are alive and which games' connections each holds."""

    async def node_beat(self, node: str, until_ms: int, expected: Sequence[int]) -> bool:
        """Vouch for ``node`` until ``until_ms``. False when its entry is not what its last
        beat left (``expected``; empty for a new id): it was taken for dead meanwhile."""
        return bool(await self._run("node_beat", [self.keys.nodes()], [node, until_ms, *expected]))

    async def note_node_games(
        self, node: str, gids: Sequence[str], now_ms: int, keep_ms: int, ttl_s: int
    ) -> None:
        """Note the games ``node`` holds connections of; forget those it has not for
        ``keep_ms``."""
        key = self.keys.node_games(node)
        async with self.redis.pipeline(transaction=False) as pipe:
            if gids:
                pipe.zadd(key, dict.fromkeys(gids, now_ms))
            pipe.zremrangebyscore(key, "-inf", now_ms - keep_ms)
            pipe.expire(key, ttl_s)
            await pipe.execute()

    async def node_games(self, node: str) -> list[str]:
        return cast("list[str]", await self.redis.zrange(self.keys.node_games(node), 0, -1))

    async def claim_dead_nodes(
        self, now_ms: int, lease_until_ms: int, limit: int = 20
    ) -> list[str]:
        """Nodes whose heartbeat ran out (or whose reaper's lease did), each claimed for this
        caller until ``lease_until_ms``."""
        return cast(
            "list[str]",
            await self._run("timer_claim", [self.keys.nodes()], [now_ms, lease_until_ms, limit]),
        )

    async def forget_node(self, node: str, lease_until_ms: int) -> bool:
        """A reaped node is gone: drop its games and its entry (if the lease is still ours)."""
        await self.redis.delete(self.keys.node_games(node))
        return bool(await self._run("timer_swap", [self.keys.nodes()], [node, lease_until_ms, ""]))

    async def node_until(self, node: str) -> int | None:
        score = await self.redis.zscore(self.keys.nodes(), node)
        return None if score is None else int(score)

    async def reap_conns(self, gid: str, node: str) -> int:
        """Forget the connections ``node`` held in the game; how many there were."""
        return int(await self._run("reap_conns", [self.keys.conn(gid)], [node]))

    async def restore_conns(self, gid: str, node: str, conns: Sequence[tuple[str, str]]) -> int:
        """Record again, under ``node``, the connections (player id, sid) it holds; how many had
        been forgotten."""
        args: list[object] = [node]
        for pid, sid in conns:
            args += [pid, sid]
        k = self.keys
        return int(await self._run("restore_conns", [k.conn(gid), k.order(gid)], args))

    async def conns(self, gid: str) -> dict[str, str]:
        """Player id -> ``<node>|<sid>`` of every recorded connection."""
        return cast("dict[str, str]", await self.redis.hgetall(self.keys.conn(gid)))
