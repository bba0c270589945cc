"""One account, one player per game, in the store's scripts (real Redis and fakeredis alike):
join.lua records a signed-in player's account, resume_account.lua and a racing join.lua give
another device of the account that player, kick.lua forgets it and bans it."""

from __future__ import annotations

import asyncio

from server.store.redis_store import GameStore
from tests.store.test_store_contract import GID, NODE, join, store

__all__ = ["store"]  # the fixture, shared with the contract tests


async def test_a_signed_in_join_records_the_account(store: GameStore) -> None:
    first = await join(store, "p1", "Ann", account_id="acc1")
    assert first.code == "ok" and first.count == 1
    assert await store.redis.hget(store.keys.accounts(GID), "acc1") == "p1"
    # Another device: resumes p1 with a token and a connection of its own.
    again = await store.resume_account(NODE, 1000, GID, "acc1", "th-phone", "sid-phone")
    assert (again.code, again.player_id) == ("resumed", "p1")
    assert await store.redis.hget(store.keys.tokens(GID), "th-phone") == "p1"
    assert await store.redis.hget(store.keys.conn(GID), "p1") == "sid-phone"
    assert await store.player_count(GID) == 1
    # An account without a player in the game: nothing changes.
    none = await store.resume_account(NODE, 1000, GID, "acc2", "th-x", "sid-x")
    assert none.code == "none"
    assert await store.redis.hget(store.keys.tokens(GID), "th-x") is None


async def test_two_devices_joining_at_once_are_one_player(store: GameStore) -> None:
    replies = await asyncio.gather(
        *(join(store, f"p{i}", f"Device {i}", account_id="acc1") for i in range(8))
    )
    created = [r for r in replies if r.code == "ok"]
    resumed = [r for r in replies if r.code == "resumed"]
    assert len(created) == 1 and len(resumed) == 7, replies
    owner = await store.redis.hget(store.keys.accounts(GID), "acc1")
    assert {r.player_id for r in resumed} == {owner}
    assert await store.player_count(GID) == 1
    # Only the one player's nickname is taken.
    assert await store.redis.hlen(store.keys.nicks(GID)) == 1


async def test_a_kicked_account_may_come_back_and_a_banned_one_not(store: GameStore) -> None:
    assert (await join(store, "p1", "Ann", account_id="acc1")).code == "ok"
    kicked = await store.kick(GID, "p1", ban=False, nick_key="ann", token_hash="th-p1",
                              account_id="acc1")  # fmt: skip
    assert kicked.code == "ok"
    assert await store.redis.hget(store.keys.accounts(GID), "acc1") is None
    assert (await store.resume_account(NODE, 1000, GID, "acc1", "th-2", "s-2")).code == "none"
    assert (await join(store, "p2", "Ann again", account_id="acc1")).code == "ok"
    banned = await store.kick(GID, "p2", ban=True, nick_key="ann again", token_hash="th-p2",
                              account_id="acc1")  # fmt: skip
    assert banned.code == "ok"
    assert (await store.resume_account(NODE, 1000, GID, "acc1", "th-3", "s-3")).code == "banned"
    assert (await join(store, "p3", "Someone", account_id="acc1")).code == "banned"
    # A guest under another nickname is not the account.
    assert (await join(store, "p4", "Guest")).code == "ok"
    player = await store.player(GID, "p2")
    assert player is not None
    assert await store.unban(GID, {**player, "key": "ann again", "th": "th-p2",
                                   "account_id": "acc1"})  # fmt: skip
    assert (await join(store, "p5", "Ann at last", account_id="acc1")).code == "ok"


async def test_a_finished_game_resumes_the_account_but_takes_no_new_one(store: GameStore) -> None:
    assert (await join(store, "p1", "Ann", account_id="acc1")).code == "ok"
    await store.redis.hset(store.keys.meta(GID), "phase", "finished")
    again = await store.resume_account(NODE, 1000, GID, "acc1", "th-2", "s-2")
    assert again.code == "resumed"
    assert (await join(store, "p2", "Bo", account_id="acc2")).code == "game_over"
