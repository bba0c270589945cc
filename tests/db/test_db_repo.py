"""The SQL repository on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC

import pytest
from sqlalchemy import func, select

from server.db.database import Database
from server.db.errors import NotFinished, NotFound
from server.db.hosts import EmailTaken, HostRecord
from server.db.models import GameAnswer, GamePlayer, GameQuestion, GameTeam
from server.db.quizzes import quiz_document
from server.db.records import (
    AnswerRecord,
    GameResults,
    PlayerResult,
    QuestionResult,
    TeamResult,
)
from server.db.scope import Scope

QUIZ = {
    "title": "Onboarding week 1",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which port does HTTPS use?",
            "choices": ["80", "443"],
            "correct": [1],
            "time_limit_ms": 20000,
            "points": 1,
        }
    ],
}


async def make_host(db: Database, email: str = "ada@example.com") -> HostRecord:
    return await db.hosts.create(email, "Ada", "hash")


async def make_game(db: Database, host: HostRecord, game_id: str = "g1") -> None:
    await db.games.create(
        Scope.personal(host.id),
        game_id=game_id,
        quiz_id="q1",
        pin="482913",
        title="Onboarding",
        settings={"scoring": "speed", "teams": {"mode": "auto", "count": 2}},
        quiz=QUIZ,
    )


def player(
    pid: str, nickname: str, rank: int, score: int, team: str | None = "Red"
) -> PlayerResult:
    return PlayerResult(
        player_id=pid,
        nickname=nickname,
        team=team,
        score=score,
        rank=rank,
        correct=1 if score else 0,
        answered=1,
        correct_time_ms=1200,
        joined_ms=1_764_328_000_123,
    )


def results(game_id: str = "g1") -> GameResults:
    return GameResults(
        game_id=game_id,
        started_ms=1_764_328_000_500,
        finished_ms=1_764_328_100_999,
        players=[
            player("p3", "zed", 2, 500, "Blue"),
            player("p1", "bob", 1, 900),
            player("p2", "amy", 2, 500),
            player("p4", "cat", 4, 0, None),
        ],
        answers=[
            AnswerRecord("p1", 0, 1, True, 900, 1500),
            AnswerRecord("p2", 0, [0, 1], False, 0, 3000),
            AnswerRecord("p3", 1, "Paris", True, 500, 9000),
            AnswerRecord("p1", 1, None, False, 0, 0),
        ],
        questions=[
            QuestionResult(1, "type_answer", "Capital of France?", 1, 1, {"paris": 1}),
            QuestionResult(0, "choice", "Which port?", 2, 1, {"0": 0, "1": 2}),
        ],
        teams=[TeamResult("Red", 466, 2, 3), TeamResult("Blue", 500, 1, 1)],
    )


async def count(db: Database, model: type[object]) -> int:
    async with db.session() as session:
        n = await session.scalar(select(func.count()).select_from(model))
    return int(n or 0)


async def test_ping(db: Database) -> None:
    assert await db.ping()


async def test_host_round_trip_lowercases_email(db: Database) -> None:
    host = await db.hosts.create("  Ada@Example.COM ", "Ada", "h4sh")
    assert host.email == "ada@example.com"
    assert await db.hosts.by_id(host.id) == host
    assert await db.hosts.by_email("ADA@example.com") == host
    assert await db.hosts.by_email("nobody@example.com") is None
    assert await db.hosts.by_id("nope") is None


async def test_email_is_unique_ignoring_case(db: Database) -> None:
    await make_host(db, "ada@example.com")
    with pytest.raises(EmailTaken):
        await make_host(db, "ADA@Example.com")


async def test_concurrent_registrations_of_one_email(db: Database) -> None:
    outcomes = await asyncio.gather(
        *(make_host(db, f"Same@example.com{'' if i % 2 else ' '}") for i in range(4)),
        return_exceptions=True,
    )
    hosts = [o for o in outcomes if isinstance(o, HostRecord)]
    assert len(hosts) == 1
    assert all(isinstance(o, EmailTaken) for o in outcomes if o not in hosts)


async def test_quiz_crud(db: Database) -> None:
    host = await make_host(db)
    first = await db.quizzes.create(Scope.personal(host.id), QUIZ)
    assert first["id"]
    # Stored as given, each question with a stable id added (tests/db/test_db_quiz_stats.py).
    questions = first["questions"]
    assert all(isinstance(q["id"], str) for q in questions)
    without_ids = [{k: v for k, v in q.items() if k != "id"} for q in questions]
    assert {**quiz_document(first), "questions": without_ids} == QUIZ
    assert first["created_ms"] == first["updated_ms"]
    second = await db.quizzes.create(Scope.personal(host.id), {**QUIZ, "title": "Second"})
    assert await db.quizzes.get(Scope.personal(host.id), first["id"]) == first
    listed = await db.quizzes.list_all(Scope.personal(host.id))
    assert [q["id"] for q in listed] == [second["id"], first["id"]]

    changed = await db.quizzes.update(
        Scope.personal(host.id), first["id"], {**QUIZ, "title": "Renamed"}
    )
    assert changed is not None
    assert changed["title"] == "Renamed"
    assert changed["id"] == first["id"]
    assert changed["created_ms"] == first["created_ms"]
    assert changed["updated_ms"] >= first["updated_ms"]
    assert await db.quizzes.get(Scope.personal(host.id), first["id"]) == changed

    assert await db.quizzes.delete(Scope.personal(host.id), first["id"])
    assert await db.quizzes.get(Scope.personal(host.id), first["id"]) is None
    assert not await db.quizzes.delete(Scope.personal(host.id), first["id"])
    assert await db.quizzes.update(Scope.personal(host.id), first["id"], QUIZ) is None
    assert [q["id"] for q in await db.quizzes.list_all(Scope.personal(host.id))] == [second["id"]]


async def test_quizzes_are_isolated_between_hosts(db: Database) -> None:
    ada = await make_host(db, "ada@example.com")
    bob = await make_host(db, "bob@example.com")
    quiz = await db.quizzes.create(Scope.personal(ada.id), QUIZ)
    assert await db.quizzes.get(Scope.personal(bob.id), quiz["id"]) is None
    assert (
        await db.quizzes.update(Scope.personal(bob.id), quiz["id"], {**QUIZ, "title": "Mine"})
        is None
    )
    assert not await db.quizzes.delete(Scope.personal(bob.id), quiz["id"])
    assert await db.quizzes.list_all(Scope.personal(bob.id)) == []
    assert await db.quizzes.get(Scope.personal(ada.id), quiz["id"]) == quiz


async def test_game_round_trip(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    game = await db.games.get(Scope.personal(host.id), "g1")
    assert game is not None
    assert (game.host_id, game.quiz_id, game.pin, game.title) == (
        host.id,
        "q1",
        "482913",
        "Onboarding",
    )
    assert game.quiz == QUIZ
    assert game.settings["teams"] == {"mode": "auto", "count": 2}
    assert game.created_at.tzinfo is not None
    assert game.created_at.utcoffset() == UTC.utcoffset(None)
    assert game.started_at is game.finished_at is game.results_at is None
    assert await db.games.get(Scope.personal(host.id), "nope") is None
    other = await db.hosts.create("bob@example.com", "Bob", "x")
    assert await db.games.get(Scope.personal(other.id), "g1") is None  # another host's


async def test_save_results_is_idempotent(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    assert await db.results.save(results())
    assert not await db.results.save(results())
    assert await count(db, GamePlayer) == 4
    assert await count(db, GameAnswer) == 4
    assert await count(db, GameQuestion) == 2
    assert await count(db, GameTeam) == 2
    game = await db.games.get(Scope.personal(host.id), "g1")
    assert game is not None and game.results_at is not None


async def test_concurrent_save_results_write_once(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    written = await asyncio.gather(*(db.results.save(results()) for _ in range(3)))
    assert sorted(written) == [False, False, True]
    assert await count(db, GamePlayer) == 4
    assert await count(db, GameAnswer) == 4


async def test_save_results_of_unknown_game(db: Database) -> None:
    with pytest.raises(NotFound):
        await db.results.save(results("nope"))


async def test_save_results_keeps_first_of_duplicates(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    base = results()
    doubled = GameResults(
        game_id=base.game_id,
        started_ms=None,
        finished_ms=base.finished_ms,
        players=[*base.players, player("p1", "dup", 9, 1)],
        answers=[*base.answers, AnswerRecord("p1", 0, 0, False, 0, 1)],
        questions=base.questions,
        teams=base.teams,
    )
    assert await db.results.save(doubled)
    async with db.session() as session:
        answer = await session.get(GameAnswer, ("g1", "p1", 0))
    assert answer is not None and answer.answer == 1 and answer.points == 900
    res = await db.results.get(Scope.personal(host.id), "g1")
    assert res["game"]["started_at"] is None
    assert len(res["players"]) == 4


async def test_answers_keep_their_json(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    await db.results.save(results())
    async with db.session() as session:
        rows = (await session.scalars(select(GameAnswer).order_by(GameAnswer.player_id))).all()
    assert {(a.player_id, a.question_index): a.answer for a in rows} == {
        ("p1", 0): 1,
        ("p1", 1): None,
        ("p2", 0): [0, 1],
        ("p3", 1): "Paris",
    }


async def test_results_shape_and_order(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    await db.results.save(results())
    res = await db.results.get(Scope.personal(host.id), "g1")
    assert list(res) == ["game", "players", "teams", "questions"]
    assert res["game"] == {
        "id": "g1",
        "pin": "482913",
        "quiz_id": "q1",
        "title": "Onboarding",
        "started_at": 1_764_328_000_500,
        "finished_at": 1_764_328_100_999,
        "settings": {"scoring": "speed", "teams": {"mode": "auto", "count": 2}},
    }
    assert [p["player_id"] for p in res["players"]] == ["p1", "p2", "p3", "p4"]
    assert res["players"][0] == {
        "player_id": "p1",
        "nickname": "bob",
        "team": "Red",
        "score": 900,
        "rank": 1,
        "correct": 1,
        "answered": 1,
    }
    assert res["players"][3]["team"] is None
    assert res["teams"] == [
        {"team": "Blue", "score": 500, "rank": 1, "members": 1},
        {"team": "Red", "score": 466, "rank": 2, "members": 3},
    ]
    assert res["questions"] == [
        {
            "index": 0,
            "kind": "choice",
            "prompt": "Which port?",
            "answered": 2,
            "correct": 1,
            "distribution": {"0": 0, "1": 2},
        },
        {
            "index": 1,
            "kind": "type_answer",
            "prompt": "Capital of France?",
            "answered": 1,
            "correct": 1,
            "distribution": {"paris": 1},
        },
    ]


async def test_results_errors(db: Database) -> None:
    ada = await make_host(db, "ada@example.com")
    bob = await make_host(db, "bob@example.com")
    await make_game(db, ada)
    with pytest.raises(NotFinished):
        await db.results.get(Scope.personal(ada.id), "g1")
    with pytest.raises(NotFound):
        await db.results.get(Scope.personal(bob.id), "g1")
    with pytest.raises(NotFound):
        await db.results.get(Scope.personal(ada.id), "nope")
    await db.results.save(results())
    with pytest.raises(NotFound):
        await db.results.get(Scope.personal(bob.id), "g1")
    assert (await db.results.get(Scope.personal(ada.id), "g1"))["game"]["id"] == "g1"


async def test_empty_results(db: Database) -> None:
    host = await make_host(db)
    await make_game(db, host)
    empty = GameResults("g1", None, 1_000, [], [], [], [])
    assert await db.results.save(empty)
    res = await db.results.get(Scope.personal(host.id), "g1")
    assert (res["players"], res["teams"], res["questions"]) == ([], [], [])
    assert res["game"]["finished_at"] == 1_000
