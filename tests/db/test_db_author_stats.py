"""Credits, author stats and author milestones in SQL (SQLite and PostgreSQL): a saved quiz's
credits come from the approved contributions, hidden ones stay out of new games, results carry
the contribution of each credited question, and its author gets figures and badges."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from test_db_challenges import QUIZ, new_challenge
from test_db_runs import run
from test_db_teams import account, join

from server.db.author_stats import NoQuestions
from server.db.contribution_models import AuthorMilestone
from server.db.database import Database
from server.db.errors import Forbidden, NotFound
from server.db.models import GameQuestion, new_id
from server.db.scope import Scope
from tests.db.results_support import P, play, results


def question(prompt: str) -> dict[str, Any]:
    return {"kind": "choice", "prompt": prompt, "choices": ["yes", "no"], "correct": [0]}


async def approved(db: Database, owner: Scope, author: Scope, prompt: str, **kw: Any) -> str:
    """A question contribution by `author`, approved by the workspace's owner."""
    doc = await db.contributions.submit(author, "question", question(prompt), kw.get("tags", []))
    await db.reviews.review(owner, doc["id"], "approve", doc["version"])
    return str(doc["id"])


async def world(db: Database) -> tuple[Scope, Scope, Scope]:
    """An owner's workspace with two members, Ann and Bob: their scopes."""
    owner = await account(db, "Olga")
    ann = await join(db, owner, await account(db, "Ann"))
    bob = await join(db, owner, await account(db, "Bob"))
    return Scope.personal(owner), ann, bob


def credit(cid: str, name: str = "Somebody", team: str | None = None) -> dict[str, Any]:
    return {"contribution_id": cid, "name": name, "team": team}


async def test_saved_credits_come_from_sql(db: Database) -> None:
    owner, ann, bob = await world(db)
    good = await approved(db, owner, ann, "Owls hoot?")
    pending = (await db.contributions.submit(bob, "question", question("Pending?"), []))["id"]
    other_owner = Scope.personal(await account(db, "Xena"))
    elsewhere = await approved(
        db, other_owner, other_owner, "Elsewhere?"
    )  # another workspace's approved question
    doc = {
        "title": "Credits",
        "questions": [
            {**question("Mine now"), "credit": credit(good, "Mallory", "Hackers")},
            {**question("Forged"), "credit": credit("nope")},
            {**question("Pending"), "credit": credit(pending)},
            {**question("Foreign"), "credit": credit(elsewhere)},
        ],
    }
    saved = await db.quizzes.create(owner, doc)
    qs = saved["questions"]
    assert qs[0]["credit"] == {"contribution_id": good, "name": "Ann", "team": None}
    assert [("credit" in q) for q in qs[1:]] == [False, False, False]
    # An update cannot forge one either.
    forged = {**doc, "questions": [{**question("X"), "credit": credit(pending, "Bob")}]}
    updated = await db.quizzes.update(owner, saved["id"], forged)
    assert updated is not None and "credit" not in updated["questions"][0]
    # The author's milestone came with the approval.
    assert [m["code"] for m in (await db.author_stats.mine(ann))["milestones"]] == [
        "first_approved"
    ]


async def test_hidden_contributions_stay_out_of_new_games(db: Database) -> None:
    owner, ann, _ = await world(db)
    cid = await approved(db, owner, ann, "Hidden soon?")
    quiz = await db.quizzes.create(owner, {"title": "Q", "questions": [question("Plain")]})
    with pytest.raises(Forbidden):  # a member adds nothing to a quiz
        await db.author_stats.add_to_quiz(ann, cid, quiz["id"])
    with pytest.raises(Forbidden):
        await db.author_stats.community_round(ann, drive_id=None, tag=None, count=5)
    added = await db.author_stats.add_to_quiz(owner, cid, quiz["id"])
    assert added["quiz_id"] == quiz["id"] and added["version"] == 2
    stored = await db.quizzes.get(owner, quiz["id"])
    assert stored is not None
    assert stored["questions"][1]["id"] == added["question_id"]
    assert stored["questions"][1]["credit"]["name"] == "Ann"
    playable = await db.quizzes.playable(owner, quiz["id"])
    assert playable is not None and len(playable["questions"]) == 2

    await db.reviews.set_hidden(owner, cid, True)
    playable = await db.quizzes.playable(owner, quiz["id"])
    assert playable is not None and [q["prompt"] for q in playable["questions"]] == ["Plain"]
    # A hidden contribution can be added nowhere, and a save keeps its credit (still left out).
    with pytest.raises(NotFound):
        await db.author_stats.add_to_quiz(owner, cid, quiz["id"])
    resaved = await db.quizzes.update(owner, quiz["id"], stored)
    assert resaved is not None and resaved["questions"][1]["credit"]["contribution_id"] == cid
    await db.reviews.set_hidden(owner, cid, False)
    playable = await db.quizzes.playable(owner, quiz["id"])
    assert playable is not None and len(playable["questions"]) == 2


async def test_results_give_the_author_figures_and_milestones(db: Database) -> None:
    owner, ann, bob = await world(db)
    cid = await approved(db, owner, ann, "Stumper?")
    snapshot = {
        "title": "G",
        "questions": [
            {"id": new_id(), **question("Stumper?"), "credit": credit(cid, "Ann")},
            {"id": new_id(), **question("Plain")},
        ],
    }
    # Six players, best first: the two best get it right, the other four wrong.
    players = [
        P(f"p{i}", 600 - 100 * i, right=[(0, 1000)] if i < 2 else [], wrong=[] if i < 2 else [0])
        for i in range(6)
    ]
    gid = new_id()
    await play(db, owner.account_id, results(gid, players, questions=("choice", "choice")),
               quiz=snapshot)  # fmt: skip
    async with db.session() as session:
        rows = dict(
            (await session.execute(
                select(GameQuestion.index, GameQuestion.contribution_id).where(
                    GameQuestion.game_id == gid
                )
            )).all()
        )  # fmt: skip
        codes = set(
            await session.scalars(
                select(AuthorMilestone.code).where(AuthorMilestone.account_id == ann.account_id)
            )
        )
    assert rows == {0: cid, 1: None}
    assert codes == {"first_approved", "stumped_room"}

    mine = await db.author_stats.mine(ann)
    assert mine["contributions"] == [
        {
            "contribution_id": cid,
            "prompt": "Stumper?",
            "games": 1,
            "answered": 6,
            "correct_pct": 33.3,
            "avg_time_ms": 3000,
            "discrimination": 1.0,
            "hardest_game_correct_pct": 33.3,
        }
    ]
    assert [m["code"] for m in mine["milestones"]] == ["first_approved", "stumped_room"]
    # The owner (a reviewer) reads it too; another member does not.
    assert (await db.author_stats.for_contribution(owner, cid))["contributions"] == mine[
        "contributions"
    ]
    with pytest.raises(NotFound):
        await db.author_stats.for_contribution(bob, cid)


async def test_a_community_round_takes_the_top_voted(db: Database) -> None:
    owner, ann, bob = await world(db)
    with pytest.raises(NoQuestions):
        await db.author_stats.community_round(owner, drive_id=None, tag=None, count=5)
    first = await approved(db, owner, ann, "First?", tags=["owls"])
    second = await approved(db, owner, ann, "Second?", tags=["owls"])
    third = await approved(db, owner, ann, "Third?", tags=["cats"])
    await db.community.vote(bob, first, True)
    made = await db.author_stats.community_round(owner, drive_id=None, tag="owls", count=5)
    assert made["title"] == "Community round: #owls" and made["visibility"] == "shared"
    assert [q["credit"]["contribution_id"] for q in made["questions"]] == [first, second]
    top = await db.author_stats.community_round(owner, drive_id=None, tag=None, count=2)
    # Most votes first, then the newest.
    assert [q["credit"]["contribution_id"] for q in top["questions"]] == [first, third]
    with pytest.raises(NotFound):
        await db.author_stats.community_round(owner, drive_id="nope", tag=None, count=2)


async def test_runs_of_a_challenge_add_up_for_the_author(db: Database) -> None:
    owner, ann, _ = await world(db)
    cid = await approved(db, owner, ann, "Longest?")
    quiz = {
        **QUIZ,
        "questions": [{**QUIZ["questions"][0], "credit": credit(cid, "Ann")}, QUIZ["questions"][1]],
    }
    challenge_id, gid = new_id(), new_id()
    await db.challenges.create(owner, new_challenge(), challenge_id=challenge_id, game_id=gid,
                               pin="123456", quiz=quiz)  # fmt: skip
    # Four runs, one right on the credited question: the room is stumped at the fourth.
    for i, right in enumerate([True, False, False, False]):
        await db.challenges.write_run(run(challenge_id, gid, f"p{i}", score=100 - i,
                                          right=(right, True)))  # fmt: skip
        codes = {m["code"] for m in (await db.author_stats.mine(ann))["milestones"]}
        assert ("stumped_room" in codes) is (i == 3)
    [figures] = (await db.author_stats.mine(ann))["contributions"]
    assert (figures["games"], figures["answered"], figures["correct_pct"]) == (1, 4, 25.0)
