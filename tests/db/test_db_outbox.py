"""The results outbox: finished games reach SQL once, through writer crashes and a database
that is down, on SQLite and PostgreSQL, with a real Redis."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from server.db import results as result_repo
from server.db.database import Database
from server.db.errors import NotFinished
from server.db.models import GamePlayer
from server.db.records import AnswerRecord, GameResults, PlayerResult, TeamResult
from server.db.scope import Scope
from server.db.times import ms_to_datetime
from server.node_messages import NodeMessage, encode
from server.outbox import CLAIM_MS, OutboxWriter
from server.outbox_admin import dead_entries, take
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.conftest import Clock, delete_prefix, new_prefix


@pytest.fixture
async def store(real_redis: Redis) -> AsyncIterator[GameStore]:
    prefix = new_prefix()
    yield GameStore(real_redis, Keys(prefix))
    await delete_prefix(real_redis, prefix)


class _AnyText:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(other)


ANY_TEXT = _AnyText()


def entry(gid: str) -> dict[str, Any]:
    return {
        "game_id": gid,
        "started_ms": 1_700_000_000_000,
        "finished_ms": 1_700_000_060_000,
        "players": [
            {
                "player_id": "p1",
                "nickname": "Ann",
                "team": None,
                "score": 1900,
                "rank": 1,
                "correct": 2,
                "answered": 2,
                "correct_time_ms": 3000,
                "joined_ms": 1_699_999_999_000,
            },
            {
                "player_id": "p2",
                "nickname": "Bea",
                "team": None,
                "score": 0,
                "rank": 2,
                "correct": 0,
                "answered": 1,
                "correct_time_ms": 0,
                "joined_ms": 1_699_999_999_500,
            },
        ],
        "answers": [
            {
                "player_id": "p1",
                "question": 0,
                "answer": 1,
                "correct": True,
                "points": 950,
                "elapsed_ms": 1000,
            },
            {
                "player_id": "p1",
                "question": 1,
                "answer": True,
                "correct": True,
                "points": 950,
                "elapsed_ms": 2000,
            },
            {
                "player_id": "p2",
                "question": 0,
                "answer": 0,
                "correct": False,
                "points": 0,
                "elapsed_ms": 4000,
            },
        ],
        "questions": [
            {
                "index": 0,
                "kind": "choice",
                "prompt": "Q1",
                "answered": 2,
                "correct": 1,
                "distribution": {"0": 1, "1": 1},
            },
            {
                "index": 1,
                "kind": "true_false",
                "prompt": "Q2",
                "answered": 1,
                "correct": 1,
                "distribution": {"true": 1, "false": 0},
            },
        ],
        "teams": [],
    }


# An entry exactly as the live game of the version before GameResults.to_json queued it
# (json.dumps(dict, sort_keys=True)): the records read it and write it back byte for byte.
QUEUED_ENTRY = (
    '{"answers": [{"answer": [1, 0], "correct": true, "elapsed_ms": 1200, "player_id": "p1", '
    '"points": 940, "question": 0}], "event_id": null, "finished_ms": 1700000060000, '
    '"game_id": "g0", "host_id": "h1", "players": [{"answered": 1, "correct": 1, '
    '"correct_time_ms": 1200, "identifier": "ann@example.com", "joined_ms": 1699999999000, '
    '"nickname": "Ann", "player_id": "p1", "player_key": null, "rank": 1, "score": 940, '
    '"team": "Red"}], "questions": [{"answered": 1, "correct": 1, "distribution": '
    '{"[1, 0]": 1}, "index": 0, "kind": "order", "prompt": "Order them"}], "started_ms": '
    '1700000000000, "teams": [{"members": 1, "rank": 1, "score": 940, "team": "Red"}]}'
)


def test_a_queued_entry_reads_and_writes_back_unchanged() -> None:
    results = GameResults.from_json(QUEUED_ENTRY)
    assert results.host_id == "h1" and results.teams == [TeamResult("Red", 940, 1, 1)]
    assert results.players[0].identifier == "ann@example.com"
    assert results.answers == [AnswerRecord("p1", 0, [1, 0], True, 940, 1200)]
    assert results.to_json() == QUEUED_ENTRY


def test_an_older_entry_without_the_later_fields_reads_with_their_defaults() -> None:
    old = entry("g0")
    del old["teams"]
    old["players"][0]["retired"] = "a key no record knows"
    results = GameResults.from_json(json.dumps(old))
    assert results.teams == [] and results.host_id is None and results.event_id is None
    assert results.players[0] == PlayerResult(
        "p1", "Ann", None, 1900, 1, 2, 2, 3000, 1_699_999_999_000
    )
    assert json.loads(results.to_json()) == {
        **old,
        "teams": [],
        "host_id": None,
        "event_id": None,
        "players": [{**p, "identifier": None, "player_key": None} for p in entry("g0")["players"]],
    }


async def make_game(db: Database, gid: str) -> str:
    """A game row owned by a new host; returns the host id."""
    host = await db.hosts.create(f"{gid}@example.com", "Host", "x")
    await db.games.create(
        Scope.personal(host.id),
        game_id=gid,
        quiz_id=None,
        pin="123456",
        title="T",
        settings={},
        quiz={"title": "T", "questions": []},
    )
    return host.id


async def test_entry_reaches_sql_once(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g1")
    raw = json.dumps(entry("g1"), sort_keys=True)
    await store.push_outbox(raw)
    writer = OutboxWriter(store, db, 50, Clock(1_800_000_000_000))
    assert await writer.drain_once() == 1
    assert await store.outbox_length() == 0
    results = await db.results.get(Scope.personal(host), "g1")
    assert [(p["nickname"], p["score"], p["rank"]) for p in results["players"]] == [
        ("Ann", 1900, 1),
        ("Bea", 0, 2),
    ]
    # The same entry again (a writer that died after the commit, before removing it):
    # nothing is duplicated and the entry goes away.
    await store.push_outbox(raw)
    assert await writer.drain_once() == 1
    assert await store.outbox_length() == 0
    again = await db.results.get(Scope.personal(host), "g1")
    assert again == results


async def test_database_down_loses_nothing(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g2")
    await store.push_outbox(json.dumps(entry("g2")))
    down = Database("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    try:
        with pytest.raises(OSError):
            await OutboxWriter(store, down, 50, Clock(1_800_000_000_000)).drain_once()
    finally:
        await down.close()
    assert await store.outbox_length() == 1
    with pytest.raises(NotFinished):
        await db.results.get(Scope.personal(host), "g2")
    # The database is back: the next pass writes it.
    assert await OutboxWriter(store, db, 50, Clock(1_800_000_000_000)).drain_once() == 1
    assert (await db.results.get(Scope.personal(host), "g2"))["players"][0]["score"] == 1900
    assert await store.outbox_length() == 0


async def test_killed_writer_claim_expires(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g3")
    await store.push_outbox(json.dumps(entry("g3")))
    clock = Clock(1_800_000_000_000)
    # A writer claimed the entry and was killed before writing anything.
    assert await store.outbox_claim("g3", clock.now, CLAIM_MS)
    other = OutboxWriter(store, db, 50, clock)
    assert await other.drain_once() == 0  # still claimed
    clock.now += CLAIM_MS + 1
    assert await other.drain_once() == 1
    assert (await db.results.get(Scope.personal(host), "g3"))["game"]["id"] == "g3"


def identified_entry(gid: str, event_id: str | None) -> dict[str, Any]:
    """The entry above, as live games now write it: host, event, identifiers and keys."""
    e = entry(gid)
    e["event_id"] = event_id
    e["players"][0]["identifier"] = "ann@example.com"
    e["players"][0]["player_key"] = "ann-phone-0123456789"
    e["players"][1]["player_key"] = "bea-phone-0123456789"
    return e


async def test_announces_milestones_and_event_after_commit(store: GameStore, db: Database) -> None:
    host = await db.hosts.create("ada@example.com", "Ada", "x")
    event = await db.events.create(
        Scope.personal(host.id),
        name="Cup",
        starts_at=ms_to_datetime(1_700_000_000_000),
        ends_at=None,
        teams=[],
        require_identifier=True,
    )
    await db.games.create(
        Scope.personal(host.id),
        game_id="g4",
        quiz_id=None,
        pin="123456",
        title="T",
        settings={},
        quiz={"title": "T", "questions": []},
        event_id=event["id"],
    )
    sent: list[dict[str, Any]] = []

    async def publish(message: NodeMessage) -> None:
        # Published only once the results are in SQL and the entry is gone.
        assert (await db.results.get(Scope.personal(host.id), "g4"))["players"]
        assert await store.outbox_length() == 0
        sent.append(encode(message))  # as the bus carries it

    raw = json.dumps(identified_entry("g4", event["id"]))
    await store.push_outbox(raw)
    writer = OutboxWriter(store, db, 50, Clock(1_800_000_000_000), publish)
    assert await writer.drain_once() == 1
    assert sent == [
        {
            "t": "milestones",
            "g": "g4",
            "awards": {
                "p1": [
                    {"code": "first_game", "title": "First game", "description": ANY_TEXT},
                    {"code": "first_win", "title": "First win", "description": ANY_TEXT},
                    {"code": "perfect_game", "title": "Perfect game", "description": ANY_TEXT},
                    {"code": "fastest_answer", "title": "Quickest draw", "description": ANY_TEXT},
                ],
                "p2": [{"code": "first_game", "title": "First game", "description": ANY_TEXT}],
            },
        },
        {"t": "event", "e": event["id"]},
    ]
    board = await db.leaderboards.event(
        Scope.personal(host.id), event["id"], "players", identifiers=True
    )
    assert board is not None
    assert [(e["identifier"], e["score"]) for e in board["entries"]] == [
        ("ann@example.com", 1900),
        (None, 0),
    ]
    # Written already (a writer that died before removing it): nothing is announced again.
    sent.clear()
    await store.push_outbox(raw)
    assert await writer.drain_once() == 1
    assert sent == []


async def test_failed_announcement_loses_nothing(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g5")

    async def publish(message: NodeMessage) -> None:
        raise ConnectionError("bus down")

    await store.push_outbox(json.dumps(identified_entry("g5", None)))
    assert await OutboxWriter(store, db, 50, Clock(1_800_000_000_000), publish).drain_once() == 1
    assert await store.outbox_length() == 0
    assert (await db.results.get(Scope.personal(host), "g5"))["players"][0]["score"] == 1900


async def test_writer_killed_mid_transaction(
    store: GameStore, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer dies after inserting the rows but before the commit: nothing of it stays,
    and the entry is written once, by another writer, when the claim has expired."""
    host = await make_game(db, "g6")
    await store.push_outbox(json.dumps(identified_entry("g6", None)))
    inside = asyncio.Event()

    async def hang(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(result_repo, "award_milestones", hang)
    clock = Clock(1_800_000_000_000)
    doomed = asyncio.ensure_future(OutboxWriter(store, db, 50, clock).drain_once())
    await asyncio.wait_for(inside.wait(), 5)
    doomed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await doomed
    monkeypatch.undo()
    with pytest.raises(NotFinished):
        await db.results.get(Scope.personal(host), "g6")
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(GamePlayer)) == 0
    assert await store.outbox_length() == 1
    other = OutboxWriter(store, db, 50, clock)
    assert await other.drain_once() == 0  # still claimed by the dead writer
    clock.now += CLAIM_MS + 1
    assert await other.drain_once() == 1
    assert len((await db.results.get(Scope.personal(host), "g6"))["players"]) == 2
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(GamePlayer)) == 2


class FlakyResults:
    """The real results repository behind a connection that fails `failures` times first."""

    def __init__(self, db: Database, failures: int) -> None:
        self.db = db
        self.failures = failures

    async def write(self, results: Any) -> Any:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionRefusedError("database is down")
        return await self.db.results.write(results)


class FlakyDatabase:
    """The real database whose results repository fails `failures` times first."""

    def __init__(self, db: Database, failures: int) -> None:
        self.results = FlakyResults(db, failures)


async def test_running_writer_waits_out_a_database_outage(store: GameStore, db: Database) -> None:
    host = await make_game(db, "g7")
    await store.push_outbox(json.dumps(entry("g7")))
    flaky = FlakyDatabase(db, failures=2)
    writer = OutboxWriter(store, flaky, 10, Clock(1_800_000_000_000))  # type: ignore[arg-type]
    writer.start()
    try:
        for _ in range(100):
            if await store.outbox_length() == 0:
                break
            await asyncio.sleep(0.05)
    finally:
        await writer.stop()
    assert flaky.results.failures == 0
    assert await store.outbox_length() == 0
    assert (await db.results.get(Scope.personal(host), "g7"))["players"][0]["score"] == 1900


# ---------------------------------------------------------------------- entries SQL refuses


@pytest.mark.parametrize("bad", ["evil\u0000x@example.com", "\ud800", "a\udfffb"])
@pytest.mark.parametrize("field", ["identifier", "nickname"])
async def test_an_entry_sql_refuses_is_set_aside_and_later_games_reach_sql(
    store: GameStore, db: Database, backend: tuple[str, str | None], bad: str, field: str
) -> None:
    """A poison entry (text with NUL or a lone surrogate, planted as an older version that let
    it in might have) no longer holds back every later game: it is set aside once, kept, listed
    for an operator, and the good game after it reaches SQL."""
    await make_game(db, "poison")
    good_host = await make_game(db, "good")
    poisoned = identified_entry("poison", None)
    poisoned["players"][0][field] = bad
    raw = json.dumps(poisoned, sort_keys=True)
    await store.push_outbox(raw)  # the oldest: written first
    await store.push_outbox(json.dumps(entry("good"), sort_keys=True))
    set_aside: list[str] = []
    clock = Clock(1_800_000_000_000)
    writer = OutboxWriter(store, db, 50, clock, on_set_aside=set_aside.append)
    if "\x00" in bad and backend[0].startswith("sqlite"):
        # SQLite stores NUL in text (PostgreSQL refuses it): both are written.
        assert await writer.drain_once() == 2 and set_aside == []
        return
    assert await writer.drain_once() == 1
    assert set_aside == ["poison"]
    assert await store.outbox_length() == 0
    assert (await db.results.get(Scope.personal(good_host), "good"))["players"][0]["score"] == 1900
    dead = await dead_entries(store)
    assert [(d.game_id, d.failed_ms) for d in dead] == [("poison", clock.now)]
    assert dead[0].error and json.loads(dead[0].record)["entry"] == raw
    assert dead[0].line().startswith("poison\t2027-01-15T08:00:00+00:00\t"), dead[0].line()
    # Nothing is retried by itself, so it is logged and counted once.
    assert await writer.drain_once() == 0 and set_aside == ["poison"]
    # An operator retries it: it still cannot be written and is set aside again, nothing lost.
    assert await take(store, "poison", retry=True) == ["poison"]
    assert await store.outbox_length() == 1 and await dead_entries(store) == []
    assert await writer.drain_once() == 0 and set_aside == ["poison", "poison"]
    assert await take(store, "nobody", retry=False) == []
    assert await take(store, None, retry=False) == ["poison"]
    assert await dead_entries(store) == [] and await store.outbox_length() == 0
    assert await store.outbox_claim("poison", clock.now, CLAIM_MS), "the claim was released"


async def test_a_retried_entry_reaches_sql_once_its_cause_is_fixed(
    store: GameStore, db: Database
) -> None:
    """An entry whose game row is missing (deleted while the game ran) is set aside; once the
    row is there again (restored from a backup), ``retry`` writes it."""
    await store.push_outbox(json.dumps(entry("late"), sort_keys=True))
    writer = OutboxWriter(store, db, 50, Clock(1_800_000_000_000))
    assert await writer.drain_once() == 0
    assert [d.game_id for d in await dead_entries(store)] == ["late"]
    host = await make_game(db, "late")
    assert await take(store, "late", retry=True) == ["late"]
    assert await writer.drain_once() == 1
    assert (await db.results.get(Scope.personal(host), "late"))["players"][0]["nickname"] == "Ann"
    assert await dead_entries(store) == []


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[1, 2]",
        '{"game_id": "m1"}',
        '{"game_id": "m2", "finished_ms": 1, "players": [{"bogus": 1}], "answers": [],'
        ' "questions": []}',
        '{"game_id": 7, "finished_ms": "x"}',
    ],
)
async def test_a_malformed_entry_is_set_aside(store: GameStore, db: Database, raw: str) -> None:
    host = await make_game(db, "fine")
    await store.push_outbox(raw)
    await store.push_outbox(json.dumps(entry("fine")))
    writer = OutboxWriter(store, db, 50, Clock(1_800_000_000_000))
    assert await writer.drain_once() == 1
    assert (await db.results.get(Scope.personal(host), "fine"))["game"]["id"] == "fine"
    dead = await dead_entries(store)
    assert len(dead) == 1 and json.loads(dead[0].record)["entry"] == raw, dead
    assert await store.outbox_length() == 0


async def test_an_unreachable_database_is_retried_not_set_aside(
    store: GameStore, db: Database
) -> None:
    await store.push_outbox(json.dumps(entry("g9")))
    down = Database("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    try:
        for _ in range(2):
            with pytest.raises(OSError):
                await OutboxWriter(store, down, 50, Clock(1_800_000_000_000)).drain_once()
    finally:
        await down.close()
    assert await store.outbox_length() == 1
    assert await dead_entries(store) == []
