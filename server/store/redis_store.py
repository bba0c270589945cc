"""The Redis game store: every read and write of live game state goes through here."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, cast

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError, WatchError

from server.store.keys import Keys
from server.store.script_lane import ScriptLane

_SCRIPTS = (
    "join",
    "resume",
    "disconnect",
    "answer",
    "all_answered",
    "transition",
    "kick",
    "timer_claim",
    "timer_swap",
    "write_state",
    "assign",
    "node_beat",
    "reap_conns",
    "restore_conns",
    "mark_published",
    "expire_with",
    "set_meta",
)


# Abuse limits count attempts per client address in fixed windows of one clock minute.
RATE_WINDOW_MS = 60_000


def _mapping(values: Mapping[str, object]) -> Any:
    """redis-py's mapping type is invariant in its keys; our keys are always str."""
    return dict(values)


_INCLUDE = "--#include "


def _read_script(name: str) -> str:
    return (resources.files("server.store") / "scripts" / f"{name}.lua").read_text("utf-8")


def _load_script(name: str) -> str:
    """A script's source, with each ``--#include <part>`` line replaced by ``_<part>.lua`` (the
    helpers several scripts share, kept in one place)."""
    return "\n".join(
        _read_script("_" + line.removeprefix(_INCLUDE).strip())
        if line.startswith(_INCLUDE)
        else line
        for line in _read_script(name).splitlines()
    )


class GameStore:
    """Live game state in Redis. Multi-key writes are Lua scripts, so each is atomic.

    The client must be created with ``decode_responses=True``.
    """

    def __init__(self, redis: Redis, keys: Keys, *, lane: ScriptLane | None = None) -> None:
        self.redis = redis
        self.keys = keys
        # The answer script's own connection where Redis is a real server (not fakeredis).
        self.lane = lane
        self._sources = {name: _load_script(name) for name in _SCRIPTS}
        self._scripts: dict[str, AsyncScript] = {
            name: redis.register_script(source) for name, source in self._sources.items()
        }

    async def _run(self, name: str, keys: Sequence[str], args: Sequence[object]) -> Any:
        return await self._scripts[name](keys=list(keys), args=cast(Any, list(args)))

    # ---- creation and lookup ----
    async def claim_pin(self, pin: str, gid: str, ttl_s: int) -> bool:
        """Reserve a PIN for a game; False when another live game holds it."""
        return bool(await self.redis.set(self.keys.pin(pin), gid, nx=True, ex=ttl_s))

    async def game_for_pin(self, pin: str) -> str | None:
        return cast("str | None", await self.redis.get(self.keys.pin(pin)))

    async def create_game(
        self, gid: str, meta: Mapping[str, str | int], quiz_json: str, state_json: str, ttl_s: int
    ) -> None:
        k = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(k.meta(gid), mapping=_mapping(meta))
            pipe.set(k.quiz(gid), quiz_json, ex=ttl_s)
            pipe.set(k.state(gid), state_json, ex=ttl_s)
            pipe.expire(k.meta(gid), ttl_s)
            await pipe.execute()

    async def meta(self, gid: str) -> dict[str, str]:
        return cast("dict[str, str]", await self.redis.hgetall(self.keys.meta(gid)))

    async def meta_fields(self, gid: str, *fields: str) -> list[str | None]:
        return cast("list[str | None]", await self.redis.hmget(self.keys.meta(gid), list(fields)))

    async def quiz_json(self, gid: str) -> str | None:
        return cast("str | None", await self.redis.get(self.keys.quiz(gid)))

    async def state_json(self, gid: str, *, play: bool = False) -> str | None:
        """The rendered State; with ``play``, the phones' variant."""
        key = self.keys.state_play(gid) if play else self.keys.state(gid)
        return cast("str | None", await self.redis.get(key))

    async def set_meta(self, gid: str, mapping: Mapping[str, str | int]) -> bool:
        """Set meta fields of an existing game; False (and nothing written) when Redis no
        longer holds it."""
        args: list[object] = []
        for name, value in mapping.items():
            args += [name, value]
        return bool(await self._run("set_meta", [self.keys.meta(gid)], args))

    # ---- players ----
    async def disconnect(self, gid: str, pid: str, sid: str) -> bool:
        return bool(await self._run("disconnect", [self.keys.conn(gid)], [pid, sid]))

    async def player(self, gid: str, pid: str) -> dict[str, Any] | None:
        raw = await self.redis.hget(self.keys.players(gid), pid)
        return None if raw is None else cast("dict[str, Any]", json.loads(raw))

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
    ) -> list[Any]:
        """Remove a player; with ``ban`` its nickname, token, device key and identifier are
        refused from now on. Returns ``['ok', sid_or_empty]`` or ``['player_not_found']``."""
        k = self.keys
        return cast(
            "list[Any]",
            await self._run(
                "kick",
                [
                    k.players(gid),
                    k.order(gid),
                    k.nicks(gid),
                    k.tokens(gid),
                    k.banned(gid),
                    k.conn(gid),
                    k.scores(gid),
                    k.team_of(gid),
                    k.team_sizes(gid),
                ],
                [pid, int(ban), nick_key, token_hash, player_key or "", identifier or ""],
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

    # ---- answers and scores ----
    async def answer(
        self,
        gid: str,
        question: int,
        *,
        pid: str,
        now_ms: int,
        valid: bool,
        answer_json: str,
        elapsed_ms: int,
        correct: bool,
        scored: bool,
        base_points: int,
        step: int,
        cap: int,
    ) -> list[Any]:
        """Record a first answer. ``['ok', points, streak, answered, connected, all]`` or
        ``[error_code]``."""
        k = self.keys
        keys = [
            k.meta(gid),
            k.answers(gid, question),
            k.scores(gid),
            k.stats(gid),
            k.order(gid),
            k.conn(gid),
        ]
        args = [
            pid,
            question,
            now_ms,
            int(valid),
            answer_json,
            elapsed_ms,
            int(correct),
            int(scored),
            base_points,
            step,
            cap,
        ]
        if self.lane is None:
            return cast("list[Any]", await self._run("answer", keys, args))
        sha, source = self._scripts["answer"].sha, self._sources["answer"]
        return cast("list[Any]", await self.lane.evalsha(sha, source, keys, args))

    async def all_answered(self, gid: str, question: int) -> bool:
        k = self.keys
        return bool(
            await self._run(
                "all_answered",
                [k.meta(gid), k.answers(gid, question), k.conn(gid)],
                [question],
            )
        )

    async def answered_count(self, gid: str, question: int) -> int:
        return int(await self.redis.hlen(self.keys.answers(gid, question)))

    async def answer_of(self, gid: str, question: int, pid: str) -> dict[str, Any] | None:
        """A player's recorded answer to a question (``{"a", "t", "c", "p"}``), if any."""
        raw = await self.redis.hget(self.keys.answers(gid, question), pid)
        return None if raw is None else cast("dict[str, Any]", json.loads(raw))

    async def answers(self, gid: str, question: int) -> dict[str, dict[str, Any]]:
        raw = await self.redis.hgetall(self.keys.answers(gid, question))
        return {str(pid): json.loads(v) for pid, v in raw.items()}

    async def standings_data(
        self, gid: str
    ) -> tuple[dict[str, float], dict[str, str], dict[str, float], dict[str, str], dict[str, str]]:
        """Scores, stats, join order, player JSON and teams of everyone, in one round trip."""
        k = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrange(k.scores(gid), 0, -1, withscores=True)
            pipe.hgetall(k.stats(gid))
            pipe.zrange(k.order(gid), 0, -1, withscores=True)
            pipe.hgetall(k.players(gid))
            pipe.hgetall(k.team_of(gid))
            scores, stats, order, players, teams = await pipe.execute()
        return dict(scores), stats, dict(order), players, teams

    async def player_standing(self, gid: str, pid: str) -> tuple[float, int, int | None]:
        """(score, streak, rank at the last reveal or None)."""
        k = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zscore(k.scores(gid), pid)
            pipe.hget(k.stats(gid), f"{pid}:streak")
            pipe.hget(k.ranks(gid), pid)
            score, streak, rank = await pipe.execute()
        return float(score or 0), int(streak or 0), None if rank is None else int(rank)

    async def rank_by_score(self, gid: str, score: float) -> int:
        """1 + the number of players with a strictly higher score."""
        return 1 + int(await self.redis.zcount(self.keys.scores(gid), f"({score}", "+inf"))

    async def save_reveal(
        self,
        gid: str,
        question: int,
        results: Mapping[str, str],
        ranks: Mapping[str, int],
    ) -> None:
        k = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(k.results(gid, question))
            if results:
                pipe.hset(k.results(gid, question), mapping=_mapping(results))
            pipe.delete(k.ranks(gid))
            if ranks:
                pipe.hset(k.ranks(gid), mapping=_mapping({p: str(r) for p, r in ranks.items()}))
            await pipe.execute()
        await self._run("expire_with", [k.meta(gid), k.results(gid, question), k.ranks(gid)], [])

    async def reveal_results(
        self, gid: str, question: int, pids: Sequence[str]
    ) -> list[str | None]:
        if not pids:
            return []
        return cast(
            "list[str | None]", await self.redis.hmget(self.keys.results(gid, question), list(pids))
        )

    # ---- transitions and state ----
    async def transition(
        self,
        gid: str,
        expected_seq: int,
        fields: Mapping[str, str | int],
        *,
        reset_streaks_for: int | None = None,
    ) -> int:
        """Set phase fields if ``seq`` is still ``expected_seq``. Returns the new seq or 0."""
        k = self.keys
        q = reset_streaks_for if reset_streaks_for is not None else 0
        args: list[object] = [expected_seq, int(reset_streaks_for is not None)]
        for name, value in fields.items():
            args += [name, value]
        return int(
            await self._run(
                "transition",
                [k.meta(gid), k.order(gid), k.stats(gid), k.answers(gid, q)],
                args,
            )
        )

    async def write_state(self, gid: str, seq: int, state_json: str, play_json: str) -> bool:
        """Store the rendered states for ``seq`` unless the game moved past it meanwhile."""
        k = self.keys
        return bool(
            await self._run(
                "write_state",
                [k.meta(gid), k.state(gid), k.state_play(gid)],
                [seq, state_json, play_json],
            )
        )

    async def expire_game(self, gid: str, question_count: int, ttl_s: int, pin: str) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for key in self.keys.game_keys(gid, question_count):
                pipe.expire(key, ttl_s)
            pipe.expire(self.keys.pin(pin), ttl_s)
            await pipe.execute()

    async def phases(self, gids: Sequence[str]) -> list[str | None]:
        """Each game's phase, or None when Redis no longer holds it (expired or deleted)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for gid in gids:
                pipe.hget(self.keys.meta(gid), "phase")
            return cast("list[str | None]", await pipe.execute())

    async def delete_game(self, gid: str, question_count: int, pin: str, host_id: str) -> None:
        """Delete every key of a game, its PIN (when it still names the game) and its entry
        among the host's running games."""
        k = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.delete(*k.game_keys(gid, question_count))
            pipe.zrem(k.host_games(host_id), gid)
            await pipe.execute()
        # A PIN may have gone to a newer game once this one expired: delete it only if not.
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(k.pin(pin))
            if await pipe.get(k.pin(pin)) != gid:
                await pipe.reset()  # type: ignore[no-untyped-call]
                return
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.delete(k.pin(pin))
            await pipe.execute()

    # ---- abuse limits ----
    async def count_join(self, address: str, now_ms: int) -> int:
        """Count a new player admitted from ``address``; the count in this minute so far."""
        return await self._count_in_window(self.keys.join_rate(address, now_ms // RATE_WINDOW_MS))

    async def count_join_try(self, address: str, now_ms: int) -> int:
        """Count a join without a solved challenge from ``address``; the count this minute."""
        return await self._count_in_window(self.keys.join_tries(address, now_ms // RATE_WINDOW_MS))

    async def claim_challenge(self, nonce: str, ttl_ms: int) -> bool:
        """Mark a solved join challenge used; False when it was used already."""
        return bool(await self.redis.set(self.keys.challenge_used(nonce), 1, nx=True, px=ttl_ms))

    async def count_auth(self, address: str, now_ms: int) -> int:
        """Count a register or login attempt from ``address``; the attempts in this minute."""
        return await self._count_in_window(self.keys.auth_rate(address, now_ms // RATE_WINDOW_MS))

    async def count_game_create(self, host_id: str, now_ms: int) -> int:
        """Count a game created by ``host_id``; the games it created in this minute."""
        return await self._count_in_window(self.keys.game_rate(host_id, now_ms // RATE_WINDOW_MS))

    async def running_games(self, host_id: str, now_ms: int) -> int:
        """How many of the host's games are running (created, not finished, not expired)."""
        key = self.keys.host_games(host_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now_ms)
            pipe.zcard(key)
            _, count = await pipe.execute()
        return int(count)

    async def add_host_game(self, host_id: str, gid: str, until_ms: int, ttl_s: int) -> None:
        """Note a new running game of the host, until its keys expire (in ``ttl_s``)."""
        key = self.keys.host_games(host_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {gid: until_ms})
            # Games are noted in the order they are created, all with the same lifetime.
            pipe.expire(key, ttl_s)
            await pipe.execute()

    async def forget_host_game(self, host_id: str, gid: str) -> None:
        """The game finished (or was deleted): it no longer counts as running."""
        await self.redis.zrem(self.keys.host_games(host_id), gid)

    async def _count_in_window(self, key: str) -> int:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * RATE_WINDOW_MS // 1000)
            count, _ = await pipe.execute()
        return int(count)

    # ---- timers ----
    async def schedule(self, gid: str, due_ms: int) -> None:
        await self.redis.zadd(self.keys.timers(), {gid: due_ms})

    async def claim_due(self, now_ms: int, lease_until_ms: int, limit: int = 100) -> list[str]:
        return cast(
            "list[str]",
            await self._run("timer_claim", [self.keys.timers()], [now_ms, lease_until_ms, limit]),
        )

    async def swap_timer(self, gid: str, expected_ms: int, new_ms: int | None) -> bool:
        new = "" if new_ms is None else new_ms
        return bool(await self._run("timer_swap", [self.keys.timers()], [gid, expected_ms, new]))

    async def timer_of(self, gid: str) -> int | None:
        score = await self.redis.zscore(self.keys.timers(), gid)
        return None if score is None else int(score)

    # ---- outbox ----
    async def push_outbox(self, entry: str) -> None:
        await self.redis.lpush(self.keys.outbox(), entry)

    async def outbox_entries(self, limit: int) -> list[str]:
        """Oldest first."""
        items = await self.redis.lrange(self.keys.outbox(), -limit, -1)
        return list(reversed(cast("list[str]", items)))

    async def outbox_claim(self, gid: str, now_ms: int, lease_ms: int) -> bool:
        key = self.keys.outbox_claims()
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(key)
            until = await pipe.hget(key, gid)
            if until is not None and int(until) > now_ms:
                await pipe.reset()  # type: ignore[no-untyped-call]
                return False
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.hset(key, gid, now_ms + lease_ms)
            try:
                await pipe.execute()
            except Exception:
                return False
        return True

    async def outbox_done(self, gid: str, entry: str) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.lrem(self.keys.outbox(), 0, entry)
            pipe.hdel(self.keys.outbox_claims(), gid)
            await pipe.execute()

    async def outbox_release(self, gid: str) -> None:
        await self.redis.hdel(self.keys.outbox_claims(), gid)

    async def outbox_length(self) -> int:
        return int(await self.redis.llen(self.keys.outbox()))

    async def outbox_set_aside(self, claim: str, entry: str, record: str) -> None:
        """Move `entry` out of the outbox into the dead-letter list as `record`, in one
        transaction, and drop the claim `claim` the writer held on it."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.lrem(self.keys.outbox(), 0, entry)
            pipe.rpush(self.keys.outbox_dead(), record)
            pipe.hdel(self.keys.outbox_claims(), claim)
            await pipe.execute()

    async def outbox_dead(self) -> list[str]:
        """The dead-letter records, oldest first."""
        return cast("list[str]", await self.redis.lrange(self.keys.outbox_dead(), 0, -1))

    async def outbox_dead_length(self) -> int:
        return int(await self.redis.llen(self.keys.outbox_dead()))

    async def outbox_take_dead(self, record: str, *, retry: bool) -> bool:
        """Remove one dead-letter record; with `retry`, put its entry back in the outbox (at
        the end writers take next) in the same transaction. False when it was no longer
        there (another operator took it)."""
        key = self.keys.outbox_dead()
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(key)
            records = cast("list[str]", await pipe.lrange(key, 0, -1))
            if record not in records:
                await pipe.reset()  # type: ignore[no-untyped-call]
                return False
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.lrem(key, 1, record)
            if retry:
                pipe.rpush(self.keys.outbox(), json.loads(record)["entry"])
            try:
                await pipe.execute()
            except WatchError:
                return False
        return True

    # ---- nodes (server/nodes.py) ----
    async def _run_noting_game(
        self, node: str, gid: str, now_ms: int, name: str, keys: list[str], args: list[object]
    ) -> Any:
        """Run a script that records a connection of ``node`` to game ``gid``, noting the game
        among the node's in the same round trip (before the script, so a reaper finds it)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zadd(self.keys.node_games(node), {gid: now_ms})
            # Not through the AsyncScript: in a pipeline it asks SCRIPT EXISTS first, another
            # round trip.
            pipe.evalsha(self._scripts[name].sha, len(keys), *keys, *cast(Any, args))
            noted, result = await pipe.execute(raise_on_error=False)
        if isinstance(noted, Exception):
            raise noted
        if isinstance(result, NoScriptError):  # Redis restarted or was flushed: load it again
            return await self._run(name, keys, args)
        if isinstance(result, Exception):
            raise result
        return result

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
    ) -> list[Any]:
        """Add a player connected as ``conn`` (``<node>|<sid>``), noting the game among the
        node's in the same round trip. ``['ok', count, order, team, state, rank]`` or
        ``[error_code]``: ``state`` is the phones' State JSON when it is rendered for the
        current seq (else None), ``rank`` where a score of 0 ranks now."""
        k = self.keys
        keys = [
            k.meta(gid),
            k.players(gid),
            k.order(gid),
            k.nicks(gid),
            k.tokens(gid),
            k.banned(gid),
            k.conn(gid),
            k.scores(gid),
            k.team_of(gid),
            k.team_sizes(gid),
            k.state_play(gid),
        ]
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
            *team_names,
        ]
        return cast("list[Any]", await self._run_noting_game(node, gid, now_ms, "join", keys, args))

    async def resume(
        self, node: str, now_ms: int, gid: str, token_hash: str, conn: str
    ) -> list[Any]:
        """Re-attach a player by token with ``conn`` (``<node>|<sid>``) as its new connection,
        noting the game among the node's in the same round trip. ``['ok', player_id]`` or
        ``[error_code]``."""
        k = self.keys
        keys = [k.meta(gid), k.tokens(gid), k.banned(gid), k.conn(gid), k.order(gid)]
        result = await self._run_noting_game(node, gid, now_ms, "resume", keys, [token_hash, conn])
        return cast("list[Any]", result)

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

    async def mark_published(self, gid: str, seq: int) -> bool:
        """Record that the State of ``seq`` went out (never moves backwards)."""
        return bool(await self._run("mark_published", [self.keys.meta(gid)], [seq]))
