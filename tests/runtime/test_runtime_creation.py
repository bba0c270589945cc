"""Creating a game: its record (the SQL row, through a `GameLedger`) comes before its PIN and
its Redis keys, and a creation that fails midway leaves neither behind."""

from __future__ import annotations

import pytest

from games.quiz import Quiz, parse_quiz
from games.settings import parse_settings
from server.store.redis_store import GameStore
from tests.server.inproc import LIMIT_MS, Cluster

QUIZ = parse_quiz(
    {
        "title": "Ledger",
        "questions": [
            {"kind": "choice", "prompt": "Q", "choices": ["a", "b"], "correct": [0],
             "time_limit_ms": LIMIT_MS},
        ],
    }
)  # fmt: skip


class Ledger:
    """Records games as SQL would, checking that Redis holds nothing of a game it records."""

    def __init__(self, store: GameStore, *, fail: bool = False) -> None:
        self.store, self.fail = store, fail
        self.rows: dict[str, str] = {}  # game id -> PIN

    async def record(self, gid: str, pin: str, quiz: Quiz) -> None:
        assert await self.store.game_for_pin(pin) is None
        assert await self.store.meta(gid) is None
        if self.fail:
            raise ConnectionError("SQL is down")
        self.rows[gid] = pin

    async def forget(self, gid: str) -> None:
        self.rows.pop(gid, None)


async def create(cluster: Cluster, ledger: Ledger) -> str:
    created = await cluster.node().live.create(
        host_id="h_1", quiz_id="q_1", quiz=QUIZ, settings=parse_settings(None), ledger=ledger
    )
    return created.id


async def test_the_record_comes_before_the_pin_and_the_game(cluster: Cluster) -> None:
    ledger = Ledger(cluster.store)
    gid = await create(cluster, ledger)
    meta = await cluster.store.meta(gid)
    assert meta is not None and ledger.rows == {gid: meta.pin}
    assert await cluster.store.game_for_pin(meta.pin) == gid
    assert await cluster.redis.keys(f"{cluster.store.keys.prefix}:*")


async def test_a_failing_record_leaves_no_pin_and_no_game(cluster: Cluster) -> None:
    claimed: list[str] = []
    real_claim = cluster.store.claim_pin

    async def spy(pin: str, gid: str, ttl_s: int) -> bool:
        claimed.append(pin)
        return await real_claim(pin, gid, ttl_s)

    cluster.store.claim_pin = spy  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await create(cluster, Ledger(cluster.store, fail=True))
    assert claimed == [] and await cluster.redis.keys(f"{cluster.store.keys.prefix}:*") == []


async def test_a_taken_pin_is_forgotten_and_the_next_one_recorded(cluster: Cluster) -> None:
    ledger = Ledger(cluster.store)
    real_claim = cluster.store.claim_pin
    tried: list[str] = []

    async def first_taken(pin: str, gid: str, ttl_s: int) -> bool:
        tried.append(pin)
        return len(tried) > 1 and await real_claim(pin, gid, ttl_s)

    cluster.store.claim_pin = first_taken  # type: ignore[method-assign]
    gid = await create(cluster, ledger)
    assert len(tried) == 2 and ledger.rows == {gid: tried[1]}


async def test_a_failing_redis_write_forgets_the_record_and_frees_the_pin(
    cluster: Cluster,
) -> None:
    ledger = Ledger(cluster.store)

    async def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis went away")

    cluster.store.create_game = broken  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await create(cluster, ledger)
    assert ledger.rows == {}
    assert await cluster.redis.keys(f"{cluster.store.keys.prefix}:*") == []
