"""Loading the Lua scripts and running them: the base every part of the game store builds on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, cast

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError

from server.store.keys import Keys
from server.store.script_lane import ScriptLane

SCRIPTS = (
    "join",
    "resume",
    "resume_account",
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
    "run_begin",
    "run_next",
    "run_answer",
    "run_close",
    "run_end",
    "run_read",
)

_INCLUDE = "--#include "


def as_mapping(values: Mapping[str, object]) -> Any:
    """redis-py's mapping type is invariant in its keys; our keys are always str."""
    return dict(values)


def field_args(fields: Mapping[str, str | int]) -> list[object]:
    """Hash fields as the flat ``name, value, …`` list the scripts take."""
    args: list[object] = []
    for name, value in fields.items():
        args += [name, value]
    return args


def _read_script(name: str) -> str:
    return (resources.files("server.store") / "scripts" / f"{name}.lua").read_text("utf-8")


def load_script(name: str) -> str:
    """A script's source, with each ``--#include <part>`` line replaced by ``_<part>.lua`` (the
    helpers several scripts share, kept in one place)."""
    return "\n".join(
        _read_script("_" + line.removeprefix(_INCLUDE).strip())
        if line.startswith(_INCLUDE)
        else line
        for line in _read_script(name).splitlines()
    )


class ScriptedStore:
    """The Redis client, the key builder and the registered scripts, shared by every part of
    the game store (server/store/redis_store.py puts the parts together).

    The client must be created with ``decode_responses=True``.
    """

    def __init__(self, redis: Redis, keys: Keys, *, lane: ScriptLane | None = None) -> None:
        self.redis = redis
        self.keys = keys
        # The answer script's own connection where Redis is a real server (not fakeredis).
        self.lane = lane
        self._sources = {name: load_script(name) for name in SCRIPTS}
        self._scripts: dict[str, AsyncScript] = {
            name: redis.register_script(source) for name, source in self._sources.items()
        }

    async def _run(self, name: str, keys: Sequence[str], args: Sequence[object]) -> Any:
        return await self._scripts[name](keys=list(keys), args=cast(Any, list(args)))

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
