"""Reports of a game and of an event, computed in SQL; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from results_support import DAY_MS, T0, P, new_game, play, results

from server.db.database import Database
from server.db.errors import NotFinished, NotFound
from server.db.records import AnswerRecord
from server.db.scope import Scope

KINDS = ("choice", "true_false", "poll", "choice")


def round_one() -> list[P]:
    return [
        P("ann", 2500, identifier="ann@example.com", right=[(0, 1000), (1, 2000), (3, 3000)]),
        P("bob", 900, key="bob-phone-0123456789", right=[(0, 3000)], wrong=[1, 3]),
        P("cat", 0, wrong=[0, 1]),
    ]


async def test_game_report(db: Database) -> None:
    h = (await db.hosts.create("ada@example.com", "Ada", "x")).id
    await play(db, h, results("g1", round_one(), questions=KINDS), title="Week 1")
    report = await db.reports.game(Scope.personal(h), "g1")
    assert report["game"]["title"] == "Week 1"
    assert report["game"]["players"] == 3
    assert report["players"] == [
        {
            "rank": 1,
            "player_id": "ann",
            "nickname": "ANN",
            "team": None,
            "identifier": "ann@example.com",
            "score": 2500,
            "correct": 3,
            "answered": 3,
            "average_time_ms": 2000,
            # no podium in a game of three: everyone would be on it
            "milestones": ["first_game", "first_win", "perfect_game", "fastest_answer"],
        },
        {
            "rank": 2,
            "player_id": "bob",
            "nickname": "BOB",
            "team": None,
            "identifier": None,
            "score": 900,
            "correct": 1,
            "answered": 3,
            "average_time_ms": round((3000 + 4000 + 4000) / 3),
            "milestones": ["first_game"],
        },
        {
            "rank": 3,
            "player_id": "cat",
            "nickname": "CAT",
            "team": None,
            "identifier": None,
            "score": 0,
            "correct": 0,
            "answered": 2,
            "average_time_ms": 4000,
            "milestones": [],
        },
    ]
    # Hardest first: Q2 (1 right of 3), Q4 (1 of 2, slower on average), Q1 (2 of 3); the poll
    # has no right answer and comes last.
    assert [
        (q["difficulty"], q["index"], q["answered"], q["correct"], q["percent_correct"])
        for q in report["questions"]
    ] == [
        (1, 1, 3, 1, 33.3),
        (2, 3, 2, 1, 50.0),
        (3, 0, 3, 2, 66.7),
        (None, 2, 0, None, None),
    ]
    assert report["questions"][0]["average_time_ms"] == round((2000 + 4000 + 4000) / 3)
    # Without the played quiz's texts a tally still reads as text, keyed as stored.
    assert report["questions"][0]["distribution_text"] == "True — 1 (33 %); False — 2 (67 %)"
    assert report["questions"][1]["distribution_text"] == "0 — 1 (50 %); 1 — 1 (50 %)"
    sheet = report["answer_sheet"]
    assert [q["index"] for q in sheet["questions"]] == [0, 1, 2, 3]
    assert [(p["rank"], p["player_id"]) for p in sheet["players"]] == [
        (1, "ann"),
        (2, "bob"),
        (3, "cat"),
    ]
    assert sheet["players"][1]["answers"] == [
        {"answer": "0", "correct": True, "points": 500, "time_ms": 3000},
        {"answer": "False", "correct": False, "points": 0, "time_ms": 4000},
        None,
        {"answer": "1", "correct": False, "points": 0, "time_ms": 4000},
    ]
    assert report["questions"][3]["average_time_ms"] is None


async def test_game_report_reads_the_played_quiz(db: Database) -> None:
    h = (await db.hosts.create("ada@example.com", "Ada", "x")).id
    played = {
        "title": "Week 1",
        "questions": [
            {"kind": "choice", "prompt": "Which?", "choices": ["Oslo", "Rome"], "correct": [0]},
            {"kind": "order", "prompt": "Up", "items": ["1", "2", "3"], "display": [2, 0, 1]},
        ],
    }
    r = results(
        "g1",
        [P("ann", 900, right=[(0, 1000)]), P("bob", 0, wrong=[0])],
        questions=("choice", "order"),
    )
    order = AnswerRecord("ann", 1, [1, 2, 0], True, 500, 2000)
    r = dataclasses.replace(r, answers=[*r.answers, order])
    await play(db, h, r, quiz=played)
    report = await db.reports.game(Scope.personal(h), "g1")
    assert report["questions"][0]["distribution_text"] == "A: Oslo — 1 (50 %); B: Rome — 1 (50 %)"
    ann, bob = report["answer_sheet"]["players"]
    assert ann["answers"][0]["answer"] == "A: Oslo"
    # Shown as 3, 1, 2: Ann put the shown positions 1, 2, 0 in order, i.e. 1 → 2 → 3.
    assert ann["answers"][1] == {
        "answer": "1 → 2 → 3",
        "correct": True,
        "points": 500,
        "time_ms": 2000,
    }
    assert bob["answers"][1] is None
    assert bob["answers"][0] == {
        "answer": "B: Rome",
        "correct": False,
        "points": 0,
        "time_ms": 4000,
    }


async def test_game_report_errors(db: Database) -> None:
    ada = (await db.hosts.create("ada@example.com", "Ada", "x")).id
    bob = (await db.hosts.create("bob@example.com", "Bob", "x")).id
    await new_game(db, ada, "g1")
    with pytest.raises(NotFinished):
        await db.reports.game(Scope.personal(ada), "g1")
    with pytest.raises(NotFound):
        await db.reports.game(Scope.personal(bob), "g1")
    with pytest.raises(NotFound):
        await db.reports.event(Scope.personal(ada), "nope")


async def test_event_report(db: Database) -> None:
    h = (await db.hosts.create("ada@example.com", "Ada", "x")).id
    event = await db.events.create(
        Scope.personal(h),
        name="Cup",
        starts_at=datetime(2025, 11, 1, tzinfo=UTC),
        ends_at=None,
        teams=[],
        require_identifier=False,
    )
    eid = event["id"]
    await play(db, h, results("r1", round_one(), questions=KINDS), event_id=eid, title="R1")
    # A round started second and never finished keeps its number: the third is "Round 3",
    # as the event page (rounds in the order they were started) calls it.
    await new_game(db, h, "r-abandoned", event_id=eid, title="Abandoned")
    await play(
        db,
        h,
        results(
            "r2",
            [
                P("ann2", 100, identifier="ann@example.com", right=[(0, 5000)], wrong=[1]),
                P("bob2", 800, key="bob-phone-0123456789", right=[(0, 1000), (1, 1000)]),
            ],
            questions=("choice", "choice"),
            finished_ms=T0 + DAY_MS,
        ),
        event_id=eid,
        title="R2",
    )
    report = await db.reports.event(Scope.personal(h), eid)
    assert report["event"]["name"] == "Cup"
    assert [(r["round"], r["label"], r["id"], r["title"]) for r in report["rounds"]] == [
        (1, "Round 1", "r1", "R1"),
        (3, "Round 3", "r2", "R2"),
    ]
    assert [
        (
            p["rank"],
            p["identifier"],
            p["score"],
            p["games"],
            p["correct"],
            p["answered"],
            p["average_time_ms"],
        )
        for p in report["players"]
    ] == [
        (1, "ann@example.com", 2600, 2, 4, 5, round((1000 + 2000 + 3000 + 5000 + 4000) / 5)),
        (2, None, 1700, 2, 3, 5, round((3000 + 4000 + 4000 + 1000 + 1000) / 5)),
    ]
    assert report["teams"] == []
    # R1 Q4 and R2 Q2 both have half right: the slower one on average (3500 ms) first.
    assert [(q["difficulty"], q["round"], q["index"]) for q in report["questions"]] == [
        (1, 1, 1),
        (2, 1, 3),
        (3, 3, 1),
        (4, 1, 0),
        (5, 3, 0),
        (None, 1, 2),
    ]
    assert report["questions"][2]["round_label"] == "Round 3"
    assert report["questions"][0]["game_title"] == "R1"
