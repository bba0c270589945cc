"""The game store's rooms: PIN, meta hash, quiz snapshot, rendered States, transitions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from server.store.lua import ScriptedStore, as_mapping, field_args
from server.store.meta import GameMeta


class RoomStore(ScriptedStore):
    """A game's own keys: created, looked up by PIN, moved on by transitions, deleted."""

    async def claim_pin(self, pin: str, gid: str, ttl_s: int) -> bool:
        """Reserve a PIN for a game; False when another live game holds it."""
        return bool(await self.redis.set(self.keys.pin(pin), gid, nx=True, ex=ttl_s))

    async def game_for_pin(self, pin: str) -> str | None:
        return cast("str | None", await self.redis.get(self.keys.pin(pin)))

    async def create_game(
        self, meta: GameMeta, quiz_json: str, state_json: str, ttl_s: int
    ) -> None:
        """Write a new game's meta hash, quiz snapshot and first State."""
        k = self.keys
        gid = meta.id
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(k.meta(gid), mapping=as_mapping(meta.to_hash()))
            pipe.set(k.quiz(gid), quiz_json, ex=ttl_s)
            pipe.set(k.state(gid), state_json, ex=ttl_s)
            pipe.expire(k.meta(gid), ttl_s)
            await pipe.execute()

    async def meta(self, gid: str) -> GameMeta | None:
        """The game's meta hash; None when Redis no longer holds the game."""
        return GameMeta.read(cast("dict[str, str]", await self.redis.hgetall(self.keys.meta(gid))))

    async def quiz_json(self, gid: str) -> str | None:
        return cast("str | None", await self.redis.get(self.keys.quiz(gid)))

    async def state_json(self, gid: str, *, play: bool = False) -> str | None:
        """The rendered State; with ``play``, the phones' variant."""
        key = self.keys.state_play(gid) if play else self.keys.state(gid)
        return cast("str | None", await self.redis.get(key))

    async def set_meta(self, gid: str, mapping: Mapping[str, str | int]) -> bool:
        """Set meta fields of an existing game; False (and nothing written) when Redis no
        longer holds it."""
        return bool(await self._run("set_meta", [self.keys.meta(gid)], field_args(mapping)))

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
        args: list[object] = [expected_seq, int(reset_streaks_for is not None), *field_args(fields)]
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

    async def mark_published(self, gid: str, seq: int) -> bool:
        """Record that the State of ``seq`` went out (never moves backwards)."""
        return bool(await self._run("mark_published", [self.keys.meta(gid)], [seq]))

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
