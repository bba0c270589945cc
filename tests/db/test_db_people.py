"""A signed-in person's identity and their guest history merged into it, once, with no
duplicates; also when two results writes race; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from results_support import P, new_game, play, results
from sqlalchemy import func, select

from server.db.database import Database
from server.db.models import GamePlayer, Identity, MilestoneAwarded

KEY = "device-a-0123456789"
OTHER_KEY = "device-b-0123456789"


async def account(db: Database, email: str = "ann@example.com", name: str = "Ann") -> str:
    return (await db.hosts.create(email, name, "x")).id


async def rows(db: Database) -> list[tuple[str | None, str | None, str | None]]:
    """(identifier, player key, account id) of every identity, sorted."""
    async with db.session() as session:
        found = await session.execute(
            select(Identity.identifier, Identity.player_key, Identity.account_id)
        )
    return sorted(found, key=lambda r: tuple(v or "" for v in r))


async def linked(db: Database, gid: str, pid: str) -> str | None:
    async with db.session() as session:
        row = await session.get(GamePlayer, (gid, pid))
    assert row is not None
    return row.identity_id


async def identity_of_account(db: Database, account_id: str) -> str:
    async with db.session() as session:
        iid = await session.scalar(select(Identity.id).where(Identity.account_id == account_id))
    assert iid is not None
    return iid


async def milestone_counts(db: Database, identity_id: str) -> dict[str, int]:
    async with db.session() as session:
        found = await session.execute(
            select(MilestoneAwarded.code, func.count())
            .where(MilestoneAwarded.identity_id == identity_id)
            .group_by(MilestoneAwarded.code)
        )
    return {code: int(n) for code, n in found}


async def test_a_signed_in_player_is_the_accounts_one_identity(db: Database) -> None:
    owner = await account(db, "owner@example.com", "Owner")
    ann = await account(db)
    await play(db, owner, results("g1", [P("a", 900, account=ann), P("x", 10)]))
    await play(db, owner, results("g2", [P("a", 500, account=ann, key=KEY), P("y", 10)]))
    mine = await identity_of_account(db, ann)
    assert await linked(db, "g1", "a") == mine == await linked(db, "g2", "a")
    # One identity, holding neither the device's key nor an identifier of its own.
    assert await rows(db) == [(None, None, ann)]
    assert await linked(db, "g1", "x") is None


async def test_guest_history_merges_into_the_account_once(db: Database) -> None:
    owner = await account(db, "owner@example.com", "Owner")
    ann = await account(db)
    # As a guest: on her phone (its key), and on a laptop with her e-mail as identifier.
    await play(db, owner, results("g1", [P("k", 900, key=KEY, right=[(0, 900)]), P("x", 1)]))
    await play(db, owner, results("g2", [P("e", 900, identifier="ann@example.com"), P("y", 1)]))
    # Someone else's guest identity on another device, and one with the key but another
    # person's identifier: neither is Ann.
    await play(
        db,
        owner,
        results("g3", [P("o", 900, key=OTHER_KEY), P("z", 1, identifier="zoe@example.com")]),
    )
    guest_phone, guest_mail = await linked(db, "g1", "k"), await linked(db, "g2", "e")
    assert guest_phone is not None and guest_mail is not None and guest_phone != guest_mail
    before = await milestone_counts(db, guest_phone)
    assert before, "the guest earned milestones to move"
    # Ann signs in on her phone: both guest identities are hers.
    await play(db, owner, results("g4", [P("a", 800, key=KEY, account=ann), P("w", 1)]))
    mine = await identity_of_account(db, ann)
    for gid, pid in (("g1", "k"), ("g2", "e"), ("g4", "a")):
        assert await linked(db, gid, pid) == mine, (gid, pid)
    assert await linked(db, "g3", "o") not in (None, mine)
    assert await rows(db) == [
        (None, OTHER_KEY, None),
        ("ann@example.com", None, ann),  # her e-mail's identity became hers
        ("zoe@example.com", None, None),
    ]
    counts = await milestone_counts(db, mine)
    assert set(before) <= set(counts) and set(counts.values()) == {1}, counts
    # Again: nothing left to merge, nothing duplicated.
    await play(db, owner, results("g5", [P("a", 700, key=KEY, account=ann), P("v", 1)]))
    assert len(await rows(db)) == 3
    async with db.session() as session:
        games = await session.scalar(
            select(func.count()).select_from(GamePlayer).where(GamePlayer.identity_id == mine)
        )
    assert games == 4  # g1, g2, g4, g5
    assert set((await milestone_counts(db, mine)).values()) == {1}
    # A guest game with her e-mail later lands on her account's identity directly.
    await play(db, owner, results("g6", [P("e", 900, identifier="ann@example.com"), P("u", 1)]))
    assert await linked(db, "g6", "e") == mine
    assert len(await rows(db)) == 3


async def test_a_game_played_twice_by_one_person_counts_once(db: Database) -> None:
    """Ann played one game signed in on her laptop and as a guest on her phone: once the
    phone's history is hers, that game keeps one result linked (the better ranked)."""
    owner = await account(db, "owner@example.com", "Owner")
    ann = await account(db)
    await play(
        db,
        owner,
        results("g1", [P("laptop", 500, account=ann), P("phone", 900, key=KEY), P("x", 1)]),
    )
    mine = await identity_of_account(db, ann)
    assert await linked(db, "g1", "phone") not in (None, mine)
    await play(db, owner, results("g2", [P("a", 800, key=KEY, account=ann), P("y", 1)]))
    assert await linked(db, "g1", "phone") == mine
    assert await linked(db, "g1", "laptop") is None  # kept as a figure, not as her result
    assert await rows(db) == [(None, None, ann)]


async def test_each_workspace_has_its_own_identity_of_the_person(db: Database) -> None:
    one = await account(db, "one@example.com", "One")
    two = await account(db, "two@example.com", "Two")
    ann = await account(db)
    await play(db, one, results("g1", [P("k", 900, key=KEY), P("x", 1)]))
    await play(db, two, results("g2", [P("k", 900, key=KEY), P("y", 1)]))
    await play(db, one, results("g3", [P("a", 900, key=KEY, account=ann), P("z", 1)]))
    # Merged in the first workspace only: the second keeps its guest until she plays there.
    assert await rows(db) == [(None, None, ann), (None, KEY, None)]
    assert await linked(db, "g2", "k") != await linked(db, "g1", "k")


async def test_a_deleted_account_plays_on_as_a_guest(db: Database) -> None:
    """The account was deleted between the join and the results: the player is kept without
    an identity (the write does not fail on the missing account)."""
    owner = await account(db, "owner@example.com", "Owner")
    await play(db, owner, results("g1", [P("a", 900, account="gone-account"), P("x", 1)]))
    assert await linked(db, "g1", "a") is None
    assert await rows(db) == []


async def test_two_results_writes_of_one_person_at_once(
    db: Database, backend: tuple[str, str | None]
) -> None:
    """Two games with Ann signed in finish at once, written through two engines (two
    concurrent sessions): both succeed at the first try, one identity, the guest merged once."""
    owner = await account(db, "owner@example.com", "Owner")
    ann = await account(db)
    await play(db, owner, results("g0", [P("k", 900, key=KEY), P("x", 1)]))
    for gid in ("g1", "g2"):
        await new_game(db, owner, gid)
    url, schema = backend
    other = Database(url, schema=schema)
    try:
        written = await asyncio.gather(
            db.results.write(results("g1", [P("a", 800, key=KEY, account=ann), P("y", 1)])),
            other.results.write(results("g2", [P("b", 700, key=KEY, account=ann), P("z", 1)])),
        )
    finally:
        await other.close()
    assert all(w is not None for w in written), written
    mine = await identity_of_account(db, ann)
    assert {await linked(db, g, p) for g, p in (("g0", "k"), ("g1", "a"), ("g2", "b"))} == {mine}
    assert await rows(db) == [(None, None, ann)]
    assert set((await milestone_counts(db, mine)).values()) == {1}
