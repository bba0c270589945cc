"""Every key of a game expires, from its first write (docs/privacy.md): a game that never
starts, or stops half-way, leaves nothing behind for ever."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import fakeredis
import pytest
from redis.asyncio import Redis

from games.phases import Phase
from server.store.keys import Keys
from server.store.meta import GameMeta
from server.store.redis_store import GameStore
from server.store.replies import ResumeReply
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

GID = "gexp"
NODE = "n1"
TTL_S = 3600


@pytest.fixture(params=["redis", "fakeredis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[GameStore]:
    prefix = new_prefix()
    client: Redis = (
        Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        if request.param == "redis"
        else fakeredis.FakeAsyncRedis(decode_responses=True)
    )
    s = GameStore(client, Keys(prefix))
    meta = GameMeta(
        id=GID, pin="", title="", host_id=None, quiz_id="", phase=Phase.LOBBY, seq=1, qindex=-1,
        count=0, locked=False, created_ms=0, rendered_seq=1, published_seq=0, host_key="",
        event_id=None, require_identifier=False,
    )  # fmt: skip
    await s.create_game(meta, '{"quiz": {}}', '{"phase": "lobby"}', TTL_S)
    yield s
    await delete_prefix(client, prefix)
    await client.aclose()


async def _join(s: GameStore, pid: str, nick: str, team: str = "") -> None:
    result = await s.join(
        NODE, 1000, GID, pid=pid, nick_key=nick.casefold(),
        player_json=json.dumps({"id": pid, "nickname": nick, "identifier": f"{pid}@example.com"}),
        token_hash=f"th-{pid}", conn=f"{NODE}|sid-{pid}", late_join=True, max_players=0,
        team_mode="choose" if team else "", team=team,
    )  # fmt: skip
    assert result.code == "ok", result


async def _keys_without_ttl(s: GameStore) -> dict[str, int]:
    """The game's keys (all share its hash tag) and their TTL, for those with none."""
    keys = [k async for k in s.redis.scan_iter(match=f"{s.keys.prefix}:{{g:{GID}}}:*")]
    assert len(keys) >= 10, keys  # the game really wrote its keys
    ttls = {k: int(await s.redis.ttl(k)) for k in keys}
    assert all(t <= TTL_S for t in ttls.values()), ttls
    return {k: t for k, t in ttls.items() if t <= 0}


async def test_a_game_that_never_starts_leaves_only_expiring_keys(store: GameStore) -> None:
    await store.write_state(GID, 1, '{"phase": "lobby"}', '{"phase": "lobby"}')
    await _join(store, "p1", "Ann", team="Red")
    await _join(store, "p2", "Bea", team="Red")
    await _join(store, "p3", "Cy")
    assert await store.assign_team(GID, "p2", "Blue") == "ok"
    assert (await store.kick(GID, "p3", ban=True, nick_key="cy", token_hash="th-p3")).code == "ok"
    assert await store.resume(NODE, 2000, GID, "th-p1", f"{NODE}|sid-again") == ResumeReply(
        "ok", "p1"
    )
    assert await store.disconnect(GID, "p2", "sid-p2") is not None
    await store.restore_conns(GID, "n2", [("p2", "sid-p2")])
    for name in ("players", "order", "nicks", "tokens", "banned", "conn", "scores"):
        assert await store.redis.exists(getattr(store.keys, name)(GID)), name
    assert await _keys_without_ttl(store) == {}


async def test_a_game_stopped_half_way_leaves_only_expiring_keys(store: GameStore) -> None:
    await _join(store, "p1", "Ann")
    await _join(store, "p2", "Bea")
    assert await store.transition(
        GID, 1, {"phase": "question", "qindex": 0, "opened_ms": 0, "deadline_ms": 10**13}
    )
    result = await store.answer(
        GID, 0, pid="p1", now_ms=1000, valid=True, answer_json="1", elapsed_ms=900,
        correct=True, scored=True, base_points=900, step=100, cap=500,
    )  # fmt: skip
    assert result.code == "ok", result
    assert await store.transition(GID, 2, {"phase": "reveal"}, reset_streaks_for=0)
    await store.save_reveal(GID, 0, {"p1": "{}", "p2": "{}"}, {"p1": 1, "p2": 2})
    assert await store.redis.exists(store.keys.results(GID, 0), store.keys.stats(GID)) == 2
    assert await _keys_without_ttl(store) == {}


async def test_a_write_to_an_expired_game_makes_no_key(store: GameStore) -> None:
    """A late write (a console's ``lock`` after the game expired) leaves nothing behind."""
    assert await store.set_meta(GID, {"locked": 1}) is True
    assert await store.set_meta("gone", {"locked": 1}) is False
    assert await store.redis.exists(store.keys.meta("gone")) == 0


async def test_a_reveal_saved_after_the_game_expired_leaves_nothing(store: GameStore) -> None:
    await store.save_reveal("gone", 0, {"p1": "{}"}, {"p1": 1})
    assert await store.redis.exists(store.keys.results("gone", 0), store.keys.ranks("gone")) == 0
