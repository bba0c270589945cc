"""Reports (JSON, CSV, XLSX opened and checked cell by cell), quiz export and import (JSON and
the Kahoot spreadsheet layout); on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from openpyxl import load_workbook
from quart.datastructures import FileStorage

from server.db.scope import Scope
from server.http.reports import filename
from server.reports.tables import XLSX_TYPE
from tests.db.results_support import DAY_MS, T0, P, new_game, play, results
from tests.reports.kahoot_files import HEADER, QUESTIONS, kahoot_file, workbook

KINDS = ("choice", "true_false", "poll")
#: The quiz of game g1 as it was played (the reports put its texts back into the tallies).
PLAYED = {
    "title": "Week 1",
    "questions": [
        {"kind": "choice", "prompt": "Capital?", "choices": ["Paris", "Lyon"], "correct": [0]},
        {"kind": "true_false", "prompt": "The sun is a star", "correct": True},
        {"kind": "poll", "prompt": "Tea or coffee?", "choices": ["Tea", "Coffee"]},
    ],
}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def finished_game(api: Api) -> tuple[dict[str, str], str]:
    auth = await api.host()
    _, me = await api.call("GET", "/api/auth/me", auth)
    host_id = me["host"]["id"]
    event = await api.db.events.create(
        Scope.personal(host_id),
        name="Spring cup",
        starts_at=datetime(2025, 11, 1, tzinfo=UTC),
        ends_at=None,
        teams=["Owls", "Foxes"],
        require_identifier=False,
    )
    await play(
        api.db,
        host_id,
        results(
            "g1",
            [
                P(
                    "ann",
                    1900,
                    identifier="ann@example.com",
                    team="Owls",
                    right=[(0, 1000), (1, 3000)],
                    nickname="Ann",
                ),
                P("bob", 800, team="Foxes", right=[(0, 2000)], wrong=[1], nickname="=1+1"),
                P("cat", 0, team="Foxes", wrong=[0], nickname="Cat"),
            ],
            questions=KINDS,
        ),
        event_id=event["id"],
        title="Week 1",
        quiz=PLAYED,
    )
    await play(
        api.db,
        host_id,
        results(
            "g2",
            [P("ann", 500, identifier="ann@example.com", team="Owls", right=[(0, 5000)])],
            questions=("choice",),
            finished_ms=T0 + DAY_MS,
        ),
        event_id=event["id"],
        title="Week 2",
    )
    return auth, event["id"]


async def test_game_report_json(api: Api) -> None:
    auth, _ = await finished_game(api)
    status, report = await api.call("GET", "/api/games/g1/report", auth)
    assert status == 200
    assert [(p["rank"], p["nickname"], p["identifier"]) for p in report["players"]] == [
        (1, "Ann", "ann@example.com"),
        (2, "=1+1", None),
        (3, "Cat", None),
    ]
    assert report["players"][0]["average_time_ms"] == 2000
    assert report["teams"] == [
        {"rank": 1, "team": "Owls", "score": 1900, "members": 1},
        {"rank": 2, "team": "Foxes", "score": 400, "members": 2},
    ]
    assert [(q["difficulty"], q["index"], q["percent_correct"]) for q in report["questions"]] == [
        (1, 1, 50.0),
        (2, 0, 66.7),
        (None, 2, None),
    ]


async def csv_rows(resp: Any) -> list[list[str]]:
    """A CSV download's rows, once checked that it starts with the UTF-8 byte-order mark."""
    assert resp.status_code == 200
    assert resp.content_type == "text/csv; charset=utf-8"
    body: bytes = await resp.get_data(as_text=False)
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


async def test_game_report_csv(api: Api) -> None:
    auth, _ = await finished_game(api)
    resp = await api.client.get("/api/games/g1/report.csv", headers=auth)
    assert resp.headers["Content-Disposition"] == ('attachment; filename="week-1-g1-players.csv"')
    rows = await csv_rows(resp)
    assert rows == [
        [
            "Rank",
            "Nickname",
            "Identifier",
            "Team",
            "Score",
            "Correct",
            "Answered",
            "Average time (ms)",
            "Milestones",
        ],
        ["1", "Ann", "ann@example.com", "Owls", "1900", "2", "2", "2000", ANN_MILESTONES],
        ["2", "'=1+1", "", "Foxes", "800", "1", "2", "3000", ""],
        ["3", "Cat", "", "Foxes", "0", "0", "1", "4000", ""],
    ]
    resp = await api.client.get("/api/games/g1/report.csv?table=questions", headers=auth)
    rows = await csv_rows(resp)
    assert rows[0] == [
        "Difficulty",
        "Question",
        "Kind",
        "Prompt",
        "Answered",
        "Correct",
        "% correct",
        "Average time (ms)",
        "Distribution",
    ]
    assert rows[1:] == [
        ["1", "2", "true_false", "Q2", "2", "1", "50.0", "3500", Q2_TALLY],
        ["2", "1", "choice", "Q1", "3", "2", "66.7", "2333", Q1_TALLY],
        ["", "3", "poll", "Q3", "0", "", "", "", "A: Tea — 0; B: Coffee — 0"],
    ]
    resp = await api.client.get("/api/games/g1/report.csv?table=answers", headers=auth)
    assert resp.headers["Content-Disposition"] == ('attachment; filename="week-1-g1-answers.csv"')
    rows = await csv_rows(resp)
    assert rows[0] == ["Rank", "Nickname", *SHEET_HEAD]
    assert rows[1:] == [
        ["1", "Ann", "A: Paris", "yes", "500", "1000", "True", "yes", "500", "3000", *[""] * 4],
        ["2", "'=1+1", "A: Paris", "yes", "500", "2000", "False", "no", "0", "4000", *[""] * 4],
        ["3", "Cat", "B: Lyon", "no", "0", "4000", *[""] * 8],
    ]
    status, body = await api.call("GET", "/api/games/g1/report.csv?table=nope", auth)
    assert (status, body["error"]["field"]) == (422, "table")


async def test_a_csv_keeps_names_in_any_script(api: Api) -> None:
    auth = await api.host()
    _, me = await api.call("GET", "/api/auth/me", auth)
    names = ["Zoë", "李小龍", "Ωмега", "🦊 Fox"]
    players = [P(f"p{i}", 100 - i, nickname=n, right=[(0, 1000)]) for i, n in enumerate(names)]
    await play(api.db, me["host"]["id"], results("g9", players, questions=("choice",)))
    resp = await api.client.get("/api/games/g9/report.csv", headers=auth)
    assert [row[1] for row in (await csv_rows(resp))[1:]] == names


ANN_MILESTONES = "First game, First win, Perfect game, Quickest draw"
Q1_TALLY = "A: Paris — 2 (67 %); B: Lyon — 1 (33 %)"
Q2_TALLY = "True — 1 (50 %); False — 1 (50 %)"
SHEET_HEAD = [f"Q{n} {c}" for n in (1, 2, 3) for c in ("answer", "correct", "points", "time (ms)")]


async def test_game_report_xlsx(api: Api) -> None:
    auth, _ = await finished_game(api)
    resp = await api.client.get("/api/games/g1/report.xlsx", headers=auth)
    assert resp.status_code == 200
    assert resp.content_type == XLSX_TYPE
    assert resp.headers["Content-Disposition"] == 'attachment; filename="week-1-g1.xlsx"'
    book = load_workbook(io.BytesIO(await resp.get_data(as_text=False)))
    assert book.sheetnames == ["Players", "Teams", "Questions", "Answers"]
    players = [[c.value for c in row] for row in book["Players"].iter_rows()]
    assert players[1:] == [
        [1, "Ann", "ann@example.com", "Owls", 1900, 2, 2, 2000, ANN_MILESTONES],
        [2, "=1+1", None, "Foxes", 800, 1, 2, 3000, None],
        [3, "Cat", None, "Foxes", 0, 0, 1, 4000, None],
    ]
    assert book["Players"]["B3"].data_type == "s"  # a nickname is never a formula
    assert [[c.value for c in row] for row in book["Teams"].iter_rows()] == [
        ["Rank", "Team", "Score", "Members"],
        [1, "Owls", 1900, 1],
        [2, "Foxes", 400, 2],
    ]
    questions = [[c.value for c in row] for row in book["Questions"].iter_rows()]
    assert questions[1] == [1, 2, "true_false", "Q2", 2, 1, 50.0, 3500, Q2_TALLY]
    assert questions[3] == [None, 3, "poll", "Q3", 0, None, None, None, "A: Tea — 0; B: Coffee — 0"]
    sheet = [[c.value for c in row] for row in book["Answers"].iter_rows()]
    assert sheet[0] == ["Rank", "Nickname", *SHEET_HEAD]
    assert (
        sheet[2] == [2, "=1+1", "A: Paris", "yes", 500, 2000, "False", "no", 0, 4000] + [None] * 4
    )
    assert book["Answers"]["B3"].data_type == "s"


async def test_event_report(api: Api) -> None:
    auth, eid = await finished_game(api)
    status, report = await api.call("GET", f"/api/events/{eid}/report", auth)
    assert status == 200
    assert [r["title"] for r in report["rounds"]] == ["Week 1", "Week 2"]
    assert [(p["identifier"], p["score"], p["games"]) for p in report["players"]] == [
        ("ann@example.com", 2400, 2)
    ]
    assert [(r["round"], r["label"]) for r in report["rounds"]] == [(1, "Round 1"), (2, "Round 2")]
    resp = await api.client.get(f"/api/events/{eid}/report.csv?table=rounds", headers=auth)
    assert await csv_rows(resp) == [
        ["Round", "Game", "Title", "Finished (UTC)", "Players"],
        ["Round 1", "g1", "Week 1", "2025-11-24 16:00:00", "3"],
        ["Round 2", "g2", "Week 2", "2025-11-25 16:00:00", "1"],
    ]
    resp = await api.client.get(f"/api/events/{eid}/report.xlsx", headers=auth)
    disposition = resp.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{filename("Spring cup", "xlsx", eid)}"'
    assert disposition.startswith('attachment; filename="spring-cup-')
    book = load_workbook(io.BytesIO(await resp.get_data(as_text=False)))
    assert book.sheetnames == ["Players", "Teams", "Questions", "Rounds"]
    players = [[c.value for c in row] for row in book["Players"].iter_rows()]
    assert players == [
        [
            "Rank",
            "Nickname",
            "Identifier",
            "Games",
            "Score",
            "Correct",
            "Answered",
            "Wins",
            "Average time (ms)",
        ],
        # the nickname of the latest round; a round of one is not a win
        [1, "ANN", "ann@example.com", 2, 2400, 3, 3, 1, 3000],
    ]
    questions = [[c.value for c in row] for row in book["Questions"].iter_rows()]
    assert [(q[0], q[1], q[2], q[3]) for q in questions[1:]] == [
        (1, "Round 1", "Week 1", 2),
        (2, "Round 1", "Week 1", 1),
        (3, "Round 2", "Week 2", 1),
        (None, "Round 1", "Week 1", 3),
    ]


async def test_report_errors(api: Api) -> None:
    auth, eid = await finished_game(api)
    _, me = await api.call("GET", "/api/auth/me", auth)
    await new_game(api.db, me["host"]["id"], "live")
    bob = await api.host("bob@example.com")
    for path in ("/api/games/g1/report", "/api/games/g1/report.xlsx", f"/api/events/{eid}/report"):
        status, body = await api.call("GET", path, bob)
        assert (status, body["error"]["code"]) == (404, "not_found"), path
    status, body = await api.call("GET", "/api/games/live/report.csv", auth)
    assert (status, body["error"]["code"]) == (409, "not_finished")
    assert (await api.call("GET", "/api/games/g1/report"))[0] == 401


# -- quiz files -------------------------------------------------------------------------------

QUIZ: dict[str, Any] = {
    "title": "Café quiz",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which port does HTTPS use?",
            "choices": ["80", "443"],
            "correct": [1],
        },
        {"kind": "type_answer", "prompt": "Capital of France?", "accepted": ["Paris"]},
    ],
}


async def test_export_then_import(api: Api) -> None:
    auth = await api.host()
    _, stored = await api.call("POST", "/api/quizzes", auth, json=QUIZ)
    resp = await api.client.get(f"/api/quizzes/{stored['id']}/export", headers=auth)
    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="cafe-quiz.json"'
    exported = json.loads(await resp.get_data(as_text=True))
    assert "id" not in exported and exported["title"] == "Café quiz"
    status, imported = await api.call("POST", "/api/quizzes/import", auth, json=exported)
    assert status == 201
    assert imported["id"] != stored["id"]
    assert imported["questions"] == stored["questions"]
    bob = await api.host("bob@example.com")
    assert (await api.call("GET", f"/api/quizzes/{stored['id']}/export", bob))[0] == 404
    status, body = await api.call("POST", "/api/quizzes/import", auth, json={"title": "x"})
    assert (status, body["error"]["field"]) == (422, "questions")


async def test_import_kahoot_spreadsheet(api: Api) -> None:
    auth = await api.host()
    # The raw file as the body …
    status, raw = await api.call(
        "POST",
        "/api/quizzes/import",
        auth,
        data=kahoot_file(),
        headers={"Content-Type": XLSX_TYPE},
    )
    assert status == 201, raw
    assert raw["title"] == "Networking basics"
    assert [q["prompt"] for q in raw["questions"]] == [row[0] for row in QUESTIONS]
    assert raw["questions"][1]["correct"] == [0, 2]
    # … or a form upload.
    status, form = await api.call(
        "POST",
        "/api/quizzes/import",
        auth,
        files={"file": FileStorage(io.BytesIO(kahoot_file()), filename="quiz.xlsx")},
    )
    assert status == 201, form
    without_ids = [{k: v for k, v in q.items() if k != "id"} for q in raw["questions"]]
    assert [{k: v for k, v in q.items() if k != "id"} for q in form["questions"]] == without_ids
    _, listed = await api.call("GET", "/api/quizzes", auth)
    assert len(listed["quizzes"]) == 2


async def test_import_errors_name_the_row(api: Api) -> None:
    auth = await api.host()
    bad = workbook([HEADER, QUESTIONS[0], ["Broken", "a", "b", None, None, 20, "4"]])
    status, body = await api.call(
        "POST", "/api/quizzes/import", auth, data=bad, headers={"Content-Type": XLSX_TYPE}
    )
    assert status == 422
    assert body["error"]["field"] == "rows[4].correct"
    assert body["error"]["message"] == "row 4: answer 4 is empty"
    status, body = await api.call(
        "POST",
        "/api/quizzes/import",
        auth,
        files={"other": FileStorage(io.BytesIO(bad), filename="quiz.xlsx")},
    )
    assert (status, body["error"]["field"]) == (422, "file")
    status, body = await api.call(
        "POST",
        "/api/quizzes/import",
        auth,
        data=b"PK\x03\x04 not really a zip",
        headers={"Content-Type": "application/octet-stream"},
    )
    assert (status, body["error"]["field"]) == (422, "file")


def test_file_names_keep_the_id_and_the_table_after_a_long_title() -> None:
    title = "QA Everything " + "T" * 186
    names = {filename(title, "csv", "2XAJoCBnAYKx", t) for t in ("players", "questions")}
    assert names == {
        "qa-everything-" + "t" * 25 + "-2xajocbnaykx-players.csv",
        "qa-everything-" + "t" * 23 + "-2xajocbnaykx-questions.csv",
    }
    assert all(len(n.removesuffix(".csv")) <= 60 for n in names)
    assert filename("Week 1", "csv", "g1", "players") == "week-1-g1-players.csv"
    assert filename("???", "xlsx", "g1") == "huddle-g1.xlsx"
    assert filename("Café quiz", "json") == "cafe-quiz.json"
