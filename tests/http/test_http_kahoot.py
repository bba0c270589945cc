"""Kahoot's spreadsheet template through the API: imported as Kahoot hands it out (the title
from the form), exported and imported back, hostile files refused naming the limit, and the
parsing done off the event loop while other requests are answered."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from quart.datastructures import FileStorage

from server.http import reports
from server.reports.tables import XLSX_TYPE
from tests.reports.hostile_files import million_cell_row, zip_bomb
from tests.reports.kahoot_files import EXAMPLE, kahoot_template

FILLED = [
    ["Capital of France?", "Berlin", "Paris", "Rome", "Madrid", 20, "2"],
    ["Capital of Japan?", "Tokyo", "Kyoto", "Osaka", None, 30, "1"],
    ["The Seine flows through Paris.", "True", "False", None, None, 10, "1"],
]


def without_ids(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Questions without their stable ids (a new quiz gives its questions new ones)."""
    return [{k: v for k, v in q.items() if k != "id"} for q in questions]


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


def form(data: bytes, **fields: str) -> dict[str, Any]:
    return {
        "files": {"file": FileStorage(io.BytesIO(data), filename="kahoot.xlsx")},
        "form": fields,
    }


async def test_import_kahoots_template_with_the_forms_title(api: Api) -> None:
    auth = await api.host()
    status, quiz = await api.call(
        "POST", "/api/quizzes/import", auth, **form(kahoot_template(FILLED), title="Capitals")
    )
    assert status == 201, quiz
    assert quiz["title"] == "Capitals"
    assert [q["prompt"] for q in quiz["questions"]] == [EXAMPLE[0]] + [r[0] for r in FILLED]
    assert [q["kind"] for q in quiz["questions"]] == ["choice", "choice", "choice", "true_false"]
    # The raw file as the body, the title in the query.
    status, raw = await api.call(
        "POST",
        "/api/quizzes/import?title=Capitals%20again",
        auth,
        data=kahoot_template(FILLED),
        headers={"Content-Type": XLSX_TYPE},
    )
    assert status == 201, raw
    # The same questions; each stored quiz gives its questions ids of its own.
    assert raw["title"] == "Capitals again"
    assert without_ids(raw["questions"]) == without_ids(quiz["questions"])


async def test_import_refusals_change_nothing(api: Api) -> None:
    auth = await api.host()
    refusals: list[tuple[dict[str, Any], str, str]] = [
        (form(kahoot_template(FILLED)), "title", "give the quiz a title"),
        (form(kahoot_template(FILLED), title="\x00bad"), "title", "control characters"),
        (form(kahoot_template(FILLED), title="t" * 201), "title", "at most 200"),
        (
            form(kahoot_template([["Q" * 201, "a", "b", None, None, 20, "1"]]), title="T"),
            "rows[10].question",
            "row 10: the question is 201 characters long; at most 200 fit",
        ),
        (
            form(kahoot_template([["Q", "a", "b" * 91, None, None, 20, "1"]]), title="T"),
            "rows[10].answers",
            "row 10: answer 2 is 91 characters long; at most 90 fit",
        ),
        ({"data": b"[1, 2]"}, "body", "JSON object"),
        ({"data": b"\xff\xfe"}, "body", "JSON object"),
    ]
    for kwargs, field, words in refusals:
        status, body = await api.call("POST", "/api/quizzes/import", auth, **kwargs)
        assert status == 422, (field, body)
        assert body["error"]["field"] == field
        assert words in body["error"]["message"]
    _, listed = await api.call("GET", "/api/quizzes", auth)
    assert listed["quizzes"] == []


async def test_hostile_spreadsheets_are_refused_naming_the_limit(api: Api) -> None:
    auth = await api.host()
    for data, field, words in [
        (million_cell_row(), "rows[1]", "at most 256 cells"),
        (zip_bomb(100), "file", "unpacks to more than 4 MB"),
    ]:
        started = time.monotonic()
        status, body = await api.call("POST", "/api/quizzes/import", auth, **form(data, title="x"))
        assert time.monotonic() - started < 10  # seconds at 1 GB before the limits
        assert status == 422, body
        assert body["error"]["field"] == field
        assert words in body["error"]["message"]


async def test_the_event_loop_answers_while_an_import_is_parsed(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse of a million-cell row is held in its worker thread until another request has
    been answered: had it run on the event loop, that request could not be served meanwhile."""
    auth = await api.host()
    parsing, release = threading.Event(), threading.Event()
    real: Callable[..., Any] = reports.kahoot_quiz

    def held(*args: Any) -> Any:
        parsing.set()
        assert release.wait(60), "the test never released the parse"
        return real(*args)

    monkeypatch.setattr(reports, "kahoot_quiz", held)
    upload = asyncio.create_task(
        api.call("POST", "/api/quizzes/import", auth, **form(million_cell_row(), title="x"))
    )
    try:
        assert await asyncio.to_thread(parsing.wait, 60)
        assert not upload.done()
        status, listed = await api.call("GET", "/api/quizzes", auth)
        assert (status, listed) == (200, {"quizzes": [], "total": 0})
        assert not upload.done()  # the parse is still under way in its thread
    finally:
        release.set()
    status, body = await asyncio.wait_for(upload, 60)
    assert (status, body["error"]["field"]) == (422, "rows[1]")


async def test_export_to_kahoots_template_and_import_it_back(api: Api) -> None:
    auth = await api.host()
    doc = {
        "title": "Café quiz",
        "questions": [
            {"kind": "choice", "prompt": "Port?", "choices": ["80", "443"], "correct": [1]},
            {"kind": "numeric", "prompt": "How many?", "correct": 3},
            {"kind": "true_false", "prompt": "Redis is relational.", "correct": False},
            {"kind": "order", "prompt": "Sort", "items": ["a", "b"]},
        ],
    }
    _, stored = await api.call("POST", "/api/quizzes", auth, json=doc)
    resp = await api.client.get(f"/api/quizzes/{stored['id']}/export.xlsx", headers=auth)
    assert resp.status_code == 200
    assert resp.mimetype == XLSX_TYPE
    assert resp.headers["Content-Disposition"] == 'attachment; filename="cafe-quiz.xlsx"'
    skipped = json.loads(resp.headers["Huddle-Skipped"])
    assert skipped == [
        {"number": 2, "kind": "numeric", "reason": "kind"},
        {"number": 4, "kind": "order", "reason": "kind"},
    ]
    assert resp.headers["Huddle-Skipped-Count"] == "2"
    data = await resp.get_data()
    status, back = await api.call(
        "POST", "/api/quizzes/import", auth, data=data, headers={"Content-Type": XLSX_TYPE}
    )
    assert status == 201, back
    assert back["title"] == "Café quiz"
    assert without_ids(back["questions"]) == without_ids(
        [stored["questions"][0], stored["questions"][2]]
    )

    # A quiz of choice and true/false questions only comes back the same quiz.
    same = {**doc, "questions": [doc["questions"][0], doc["questions"][2]]}
    _, stored = await api.call("POST", "/api/quizzes", auth, json=same)
    resp = await api.client.get(f"/api/quizzes/{stored['id']}/export.xlsx", headers=auth)
    assert json.loads(resp.headers["Huddle-Skipped"]) == []
    status, back = await api.call(
        "POST", "/api/quizzes/import", auth, **form(await resp.get_data())
    )
    assert status == 201, back
    assert back["title"] == stored["title"]
    assert without_ids(back["questions"]) == without_ids(stored["questions"])

    # Many skipped: the header lists the first 50 and stays small (a proxy's header buffer).
    many = {
        "title": "Many",
        "questions": [doc["questions"][0]] + [doc["questions"][1]] * 199,
    }
    _, stored_many = await api.call("POST", "/api/quizzes", auth, json=many)
    resp = await api.client.get(f"/api/quizzes/{stored_many['id']}/export.xlsx", headers=auth)
    assert resp.status_code == 200
    assert resp.headers["Huddle-Skipped-Count"] == "199"
    listed = json.loads(resp.headers["Huddle-Skipped"])
    assert [s["number"] for s in listed] == list(range(2, 52))
    assert len(resp.headers["Huddle-Skipped"]) < 3000

    # Nothing fits: 422; another host's quiz: 404.
    _, numeric = await api.call(
        "POST", "/api/quizzes", auth, json={"title": "N", "questions": [doc["questions"][1]]}
    )
    status, body = await api.call("GET", f"/api/quizzes/{numeric['id']}/export.xlsx", auth)
    assert (status, body["error"]["field"]) == (422, "questions")
    bob = await api.host("bob@example.com")
    status, _ = await api.call("GET", f"/api/quizzes/{stored['id']}/export.xlsx", bob)
    assert status == 404
