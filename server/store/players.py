"""The game store's players: joins, resumes, connections, kicks and bans, teams, roster."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, cast

from server.store.lua import ScriptedStore
from server.store.replies import JoinReply, KickReply, ResumeReply


class PlayerStore(ScriptedStore):
    """The players of a game and their connections (``<node>|<sid>``)."""

    async def disconnect(self, gid: str, pid: str, sid: str) -> bool:
        return bool(await self._run("disconnect", [self.keys.conn(gid)], [pid, sid]))

    async def player(self, gid: str, pid: str) -> dict[str, Any] | None:
        raw = await self.redis.hget(self.keys.players(gid), pid)
        return None if raw is None else cast("dict[str, Any]", json.loads(raw))

    def _membership_keys(self, gid: str) -> list[str]:
        """The keys a player's membership spans, in the order join.lua and kick.lua take them."""
        k = self.keys
        return [
            k.players(gid),
            k.order(gid),
            k.nicks(gid),
            k.tokens(gid),
            k.banned(gid),
            k.conn(gid),
            k.scores(gid),
            k.team_of(gid),
            k.team_sizes(gid),
        ]

    async def kick(
        self,
        gid: str,
        pid: str,
        *,
        ban: bool,
        nick_key: str,
        token_hash: str,
        player_key: str | None = None,
        identifier: str | None = None,
        account_id: str | None = None,
    ) -> KickReply:
        """Remove a player; with ``ban`` its nickname, token, device key, identifier and
        account are refused from now on. ``player_not_found`` when it is not in the game."""
        return KickReply.read(
            await self._run(
                "kick",
                [*self._membership_keys(gid), self.keys.accounts(gid)],
                [
                    pid,
                    int(ban),
                    nick_key,
                    token_hash,
                    player_key or "",
                    identifier or "",
                    account_id or "",
                ],
            ),
        )

    async def banned_players(self, gid: str, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` players the host banned from the game (their stored JSON)."""
        members = cast("set[str]", await self.redis.smembers(self.keys.banned(gid)))
        pids = sorted(m[2:] for m in members if m.startswith("p:"))[:limit]
        if not pids:
            return []
        raws = await self.redis.hmget(self.keys.players(gid), pids)
        return [json.loads(raw) for raw in raws if raw is not None]

    async def unban(self, gid: str, player: Mapping[str, Any]) -> bool:
        """Lift a ban: the player's nickname, token, device key and identifier may join
        again. False when the player was not banned."""
        entries = [f"n:{player['key']}", f"t:{player['th']}"]
        if player.get("player_key"):
            entries.append(f"k:{player['player_key']}")
        if player.get("identifier"):
            entries.append(f"i:{player['identifier']}")
        if player.get("account_id"):
            entries.append(f"a:{player['account_id']}")
        key = self.keys.banned(gid)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.srem(key, f"p:{player['id']}")
            pipe.srem(key, *entries)
            removed, _ = await pipe.execute()
        return bool(removed)

    async def assign_team(self, gid: str, pid: str, team: str) -> str:
        """Move a player to ``team`` (lobby only). Returns ``ok`` or an error code."""
        k = self.keys
        return str(
            await self._run(
                "assign",
                [k.meta(gid), k.order(gid), k.team_of(gid), k.team_sizes(gid)],
                [pid, team],
            )
        )

    async def team_of(self, gid: str, pid: str) -> str | None:
        return cast("str | None", await self.redis.hget(self.keys.team_of(gid), pid))

    async def team_sizes(self, gid: str) -> dict[str, int]:
        raw = await self.redis.hgetall(self.keys.team_sizes(gid))
        return {str(t): int(n) for t, n in raw.items()}

    async def nickname_taken(self, gid: str, nick_key: str) -> bool:
        return bool(await self.redis.hexists(self.keys.nicks(gid), nick_key))

    async def player_count(self, gid: str) -> int:
        return int(await self.redis.zcard(self.keys.order(gid)))

    async def connected_count(self, gid: str) -> int:
        return int(await self.redis.hlen(self.keys.conn(gid)))

    async def roster(
        self, gid: str, offset: int, limit: int, *, newest_first: bool = False
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of the roster in join order (or newest first) and the total count."""
        k = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            if newest_first:
                pipe.zrevrange(k.order(gid), offset, offset + limit - 1)
            else:
                pipe.zrange(k.order(gid), offset, offset + limit - 1)
            pipe.zcard(k.order(gid))
            ids, count = await pipe.execute()
        if not ids:
            return [], int(count)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hmget(k.players(gid), ids)
            pipe.hmget(k.conn(gid), ids)
            pipe.hmget(k.team_of(gid), ids)
            players_raw, conns, teams = await pipe.execute()
        out = []
        for raw, sid, team in zip(players_raw, conns, teams, strict=True):
            if raw is None:
                continue
            p = json.loads(raw)
            out.append(
                {
                    "id": p["id"],
                    "nickname": p["nickname"],
                    "team": team,
                    "connected": sid is not None,
                }
            )
        return out, int(count)

    async def join(
        self,
        node: str,
        now_ms: int,
        gid: str,
        *,
        pid: str,
        nick_key: str,
        player_json: str,
        token_hash: str,
        conn: str,
        late_join: bool,
        max_players: int,
        team_mode: str = "",
        team: str = "",
        team_names: Sequence[str] = (),
        player_key: str | None = None,
        identifier: str | None = None,
        account_id: str | None = None,
    ) -> JoinReply:
        """Add a player connected as ``conn`` (``<node>|<sid>``), noting the game among the
        node's in the same round trip (the reply's fields say what the script answered).

        With ``account_id`` (a signed-in player) the account has one player per game: when
        it already has one, the reply is ``resumed`` with that player's id, and this device's
        ``token_hash`` and ``conn`` are recorded for it instead."""
        k = self.keys
        keys = [k.meta(gid), *self._membership_keys(gid), k.state_play(gid), k.accounts(gid)]
        args: list[object] = [
            pid,
            nick_key,
            player_json,
            token_hash,
            conn,
            int(late_join),
            max_players,
            team_mode,
            team,
            player_key or "",
            identifier or "",
            account_id or "",
            *team_names,
        ]
        return JoinReply.read(await self._run_noting_game(node, gid, now_ms, "join", keys, args))

    async def resume_account(
        self, node: str, now_ms: int, gid: str, account_id: str, token_hash: str, conn: str
    ) -> JoinReply:
        """Re-attach the signed-in account's player, when the game has one, with this
        device's token and ``conn``: ``resumed`` (with the player id), ``none`` (no player
        yet), ``banned`` or ``game_not_found``."""
        k = self.keys
        keys = [k.meta(gid), k.accounts(gid), k.order(gid), k.tokens(gid), k.banned(gid)]
        keys.append(k.conn(gid))
        args: list[object] = [account_id, token_hash, conn]
        result = await self._run_noting_game(node, gid, now_ms, "resume_account", keys, args)
        return JoinReply.read(result)

    async def resume(
        self, node: str, now_ms: int, gid: str, token_hash: str, conn: str
    ) -> ResumeReply:
        """Re-attach a player by token with ``conn`` (``<node>|<sid>``) as its new connection,
        noting the game among the node's in the same round trip."""
        k = self.keys
        keys = [k.meta(gid), k.tokens(gid), k.banned(gid), k.conn(gid), k.order(gid)]
        result = await self._run_noting_game(node, gid, now_ms, "resume", keys, [token_hash, conn])
        return ResumeReply.read(result)
