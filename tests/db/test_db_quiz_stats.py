"""Quiz versions, stable question ids, a quiz's statistics across its games and duplicating a
quiz; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from games.limits import MAX_TITLE
from server.db.database import Database
from server.db.errors import NotFound
from server.db.models import Game, GameQuestion
from server.db.quizzes import quiz_document
from server.db.scope import Role, Scope
from tests.db.results_support import P, results

QUIZ: dict[str, Any] = {
    "title": "Onboarding",
    "questions": [
        {"kind": "choice", "prompt": "Port of HTTPS?", "choices": ["443", "80"], "correct": [0]},
        {"kind": "true_false", "prompt": "Redis is relational.", "correct": True},
        {"kind": "poll", "prompt": "Tea or coffee?", "choices": ["Tea", "Coffee"]},
    ],
}
KINDS = ("choice", "true_false", "poll")


async def host_scope(db: Database, email: str = "ada@example.com") -> Scope:
    return Scope.personal((await db.hosts.create(email, "Ada", "hash")).id)


async def start(db: Database, scope: Scope, quiz: dict[str, Any], game_id: str) -> None:
    """Record a game of the stored `quiz` as POST /api/games does: its snapshot and version."""
    await db.games.create(
        scope,
        game_id=game_id,
        quiz_id=quiz["id"],
        pin="123456",
        title=quiz["title"],
        settings={},
        quiz=quiz_document(quiz),
        quiz_version=quiz["version"],
    )


async def test_a_quiz_starts_at_version_1_and_each_saved_change_adds_one(db: Database) -> None:
    scope = await host_scope(db)
    quiz = await db.quizzes.create(scope, QUIZ)
    assert quiz["version"] == 1
    ids = [q["id"] for q in quiz["questions"]]
    assert len(set(ids)) == 3 and all(isinstance(i, str) and len(i) == 12 for i in ids)

    same = await db.quizzes.update(scope, quiz["id"], quiz_document(quiz))
    assert same is not None and same["version"] == 1  # nothing changed: no new version

    edited = quiz_document(quiz)
    edited["title"] = "Onboarding, revised"
    edited["questions"] = [edited["questions"][1], edited["questions"][0]]
    second = await db.quizzes.update(scope, quiz["id"], edited)
    assert second is not None and second["version"] == 2
    assert [q["id"] for q in second["questions"]] == [ids[1], ids[0]]  # ids kept on edit

    # A question without an id, and one repeating another's (copied), get new ones.
    added = quiz_document(second)
    fresh = {k: v for k, v in QUIZ["questions"][2].items()}
    added["questions"] = [*added["questions"], dict(added["questions"][0]), fresh]
    third = await db.quizzes.update(scope, quiz["id"], added)
    assert third is not None and third["version"] == 3
    third_ids = [q["id"] for q in third["questions"]]
    assert third_ids[:2] == [ids[1], ids[0]]
    assert len(set(third_ids)) == 4
    assert await db.quizzes.get(scope, quiz["id"]) == third


async def test_a_game_records_the_version_and_its_questions_their_ids(db: Database) -> None:
    scope = await host_scope(db)
    quiz = await db.quizzes.create(scope, QUIZ)
    edited = quiz_document(quiz)
    edited["title"] = "Onboarding 2"
    quiz = await db.quizzes.update(scope, quiz["id"], edited)
    assert quiz is not None and quiz["version"] == 2
    await start(db, scope, quiz, "g1")
    assert await db.results.save(results("g1", [P("a", 500, right=[(0, 900)])], questions=KINDS))
    game = await db.games.get(scope, "g1")
    assert game is not None and game.quiz_version == 2
    async with db.session() as session:
        rows = (
            await session.execute(
                select(GameQuestion.index, GameQuestion.question_id)
                .where(GameQuestion.game_id == "g1")
                .order_by(GameQuestion.index)
            )
        ).all()
    assert [tuple(r) for r in rows] == [(i, q["id"]) for i, q in enumerate(quiz["questions"])]


async def test_editing_a_quiz_never_changes_a_past_report(db: Database) -> None:
    scope = await host_scope(db)
    quiz = await db.quizzes.create(scope, QUIZ)
    await start(db, scope, quiz, "g1")
    players = [P("a", 500, right=[(0, 900)], wrong=[1]), P("b", 0, wrong=[0, 1])]
    assert await db.results.save(results("g1", players, questions=KINDS))
    before = await db.reports.game(scope, "g1")

    edited = quiz_document(quiz)
    edited["title"] = "Renamed"
    edited["questions"] = [
        {**edited["questions"][0], "prompt": "Reworded?", "choices": ["22", "8080"]},
        edited["questions"][2],
    ]
    assert (await db.quizzes.update(scope, quiz["id"], edited))["version"] == 2  # type: ignore[index]
    assert await db.reports.game(scope, "g1") == before
    assert before["game"]["title"] == "Onboarding"
    # The choices' texts come from the game's snapshot, not from the quiz as it is now.
    choice = next(q for q in before["questions"] if q["kind"] == "choice")
    assert "443" in choice["distribution_text"] and "8080" not in choice["distribution_text"]


async def test_stats_are_exact_across_the_games_of_the_quiz(db: Database) -> None:
    scope = await host_scope(db)
    other = await host_scope(db, "bob@example.com")
    quiz = await db.quizzes.create(scope, QUIZ)
    ids = [q["id"] for q in quiz["questions"]]
    await start(db, scope, quiz, "g1")
    a = P("a", 1000, right=[(0, 1000)], wrong=[1, 2])
    b = P("b", 500, right=[(1, 3000)], wrong=[0])
    assert await db.results.save(results("g1", [a, b], questions=KINDS))
    # Reordered between the games: each question's figures follow its id.
    edited = quiz_document(quiz)
    edited["questions"] = [edited["questions"][1], edited["questions"][0], edited["questions"][2]]
    moved = await db.quizzes.update(scope, quiz["id"], edited)
    assert moved is not None
    await start(db, scope, moved, "g2")
    c = P("c", 1000, right=[(1, 2000), (0, 1000)])
    d = P("d", 500, right=[(1, 500)], wrong=[0])
    e = P("e", 0, wrong=[1])
    assert await db.results.save(
        results("g2", [c, d, e], questions=("true_false", "choice", "poll"))
    )
    # Not counted: a game not finished, another quiz's game, another host's game.
    await start(db, scope, moved, "g3")
    elsewhere = await db.quizzes.create(scope, {**QUIZ, "title": "Elsewhere"})
    await start(db, scope, elsewhere, "g4")
    assert await db.results.save(results("g4", [P("z", 9, right=[(0, 1)])], questions=KINDS))
    bobs = await db.quizzes.create(other, QUIZ)
    await start(db, other, {**bobs, "id": quiz["id"]}, "g5")
    assert await db.results.save(results("g5", [P("y", 7, wrong=[0, 1])], questions=KINDS))

    stats = await db.quiz_stats.stats(scope, quiz["id"])
    assert stats["quiz"] == {"id": quiz["id"], "title": "Onboarding", "version": 2}
    assert stats["games"] == 2
    assert stats["players"] == 5
    assert stats["average_score"] == 600.0  # (1000 + 500 + 1000 + 500 + 0) / 5
    assert stats["accuracy"] == 55.6  # 5 right of 9 answers to scored questions
    # Hardest first: the true/false question (index 0 now), then the choice, the poll last.
    assert stats["questions"] == [
        {
            # g1: a wrong (4000 ms), b right (3000); g2: c right (1000), d wrong (4000)
            "id": ids[1],
            "index": 0,
            "kind": "true_false",
            "prompt": "Redis is relational.",
            "asked": 2,
            "answered": 4,
            "correct": 2,
            "percent_correct": 50.0,
            "average_time_ms": 3000,
            "difficulty": 1,
        },
        {
            # g1: a right (1000), b wrong (4000); g2: c right (2000), d right (500), e wrong
            "id": ids[0],
            "index": 1,
            "kind": "choice",
            "prompt": "Port of HTTPS?",
            "asked": 2,
            "answered": 5,
            "correct": 3,
            "percent_correct": 60.0,
            "average_time_ms": 2300,
            "difficulty": 2,
        },
        {
            # g1: a (4000); g2 never reached it (no answer to it or a later question)
            "id": ids[2],
            "index": 2,
            "kind": "poll",
            "prompt": "Tea or coffee?",
            "asked": 1,
            "answered": 1,
            "correct": None,
            "percent_correct": None,
            "average_time_ms": 4000,
            "difficulty": None,
        },
    ]


async def test_stats_of_a_quiz_never_played(db: Database) -> None:
    scope = await host_scope(db)
    quiz = await db.quizzes.create(scope, QUIZ)
    stats = await db.quiz_stats.stats(scope, quiz["id"])
    assert (stats["games"], stats["players"], stats["average_score"], stats["accuracy"]) == (
        0,
        0,
        None,
        None,
    )
    assert [(q["index"], q["asked"], q["percent_correct"]) for q in stats["questions"]] == [
        (0, 0, None),
        (1, 0, None),
        (2, 0, None),
    ]


async def test_stats_of_another_hosts_quiz_are_not_found(db: Database) -> None:
    ada = await host_scope(db)
    bob = await host_scope(db, "bob@example.com")
    quiz = await db.quizzes.create(ada, QUIZ)
    with pytest.raises(NotFound):
        await db.quiz_stats.stats(bob, quiz["id"])
    with pytest.raises(NotFound):
        await db.quiz_stats.stats(ada, "nope")


async def test_duplicate_makes_a_new_quiz_with_fresh_question_ids(db: Database) -> None:
    ada = await host_scope(db)
    bob = await host_scope(db, "bob@example.com")
    quiz = await db.quizzes.create(ada, {**QUIZ, "description": "Week one"})
    edited = quiz_document(quiz)
    edited["title"] = "Onboarding v2"
    quiz = await db.quizzes.update(ada, quiz["id"], edited)
    assert quiz is not None and quiz["version"] == 2
    copy = await db.quizzes.duplicate(ada, quiz["id"])
    assert copy is not None
    assert copy["id"] != quiz["id"]
    assert copy["title"] == "Onboarding v2 (copy)"
    assert copy["version"] == 1
    assert copy["visibility"] == "draft"
    assert copy["description"] == "Week one"
    strip = [{k: v for k, v in q.items() if k != "id"} for q in quiz["questions"]]
    assert [{k: v for k, v in q.items() if k != "id"} for q in copy["questions"]] == strip
    assert not {q["id"] for q in copy["questions"]} & {q["id"] for q in quiz["questions"]}
    async with db.session() as session:
        assert await session.scalar(select(Game.id)) is None
    listed = await db.quizzes.list_all(ada)
    assert {q["id"] for q in listed} == {quiz["id"], copy["id"]}
    assert await db.quizzes.duplicate(bob, quiz["id"]) is None
    assert await db.quizzes.list_all(bob) == []
    long = await db.quizzes.create(ada, {**QUIZ, "title": "T" * MAX_TITLE})
    long_copy = await db.quizzes.duplicate(ada, long["id"])
    assert long_copy is not None
    assert long_copy["title"] == "T" * (MAX_TITLE - 7) + " (copy)"


async def test_stats_are_the_workspaces_and_follow_the_quizs_visibility(db: Database) -> None:
    ada = await host_scope(db)
    bob_id = (await db.hosts.create("bob@example.com", "Bob", "hash")).id
    bob = Scope(workspace_id=ada.workspace_id, account_id=bob_id, role=Role.HOST)
    quiz = await db.quizzes.create(ada, QUIZ, visibility="draft")  # Ada's alone
    await start(db, ada, quiz, "g1")
    assert await db.results.save(results("g1", [P("a", 500, right=[(0, 900)])], questions=KINDS))
    with pytest.raises(NotFound):
        await db.quiz_stats.stats(bob, quiz["id"])
    shared = await db.quizzes.update(ada, quiz["id"], quiz_document(quiz), visibility="shared")
    assert shared is not None and shared["version"] == 1  # who sees it is not its document
    theirs = await db.quiz_stats.stats(bob, quiz["id"])
    assert theirs == await db.quiz_stats.stats(ada, quiz["id"])
    assert (theirs["games"], theirs["players"], theirs["questions"][0]["asked"]) == (1, 1, 1)
