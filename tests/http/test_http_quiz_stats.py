"""A quiz's versions, statistics (JSON and CSV) and copies over HTTP, after a real game played
on the live runtime; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401

from server.db.quizzes import quiz_document
from server.http.reports import filename
from server.sockets.messages import Answer, Join

QUIZ: dict[str, Any] = {
    "title": "Week 1",
    "questions": [
        {"kind": "true_false", "prompt": "=1+1 is a formula?", "correct": True},
        {"kind": "choice", "prompt": "Port?", "choices": ["80", "443"], "correct": [1]},
    ],
}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


def cell(text: str) -> str:
    """`text` as a CSV cell holds it: defused when a spreadsheet would run it (an id may start
    with "-")."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


async def _play(api: Api, auth: dict[str, str], quiz_id: str) -> str:
    """A game of the quiz: Ann answers the first question right, Bea wrong, then the host ends
    it; its results are written to SQL. Returns the game's id."""
    status, game = await api.call("POST", "/api/games", auth, json={"quiz_id": quiz_id})
    assert status == 201, game
    _, ann, _ = await api.live.players.join(
        "s1", Join.parse({"pin": game["pin"], "nickname": "Ann"})
    )
    _, bea, _ = await api.live.players.join(
        "s2", Join.parse({"pin": game["pin"], "nickname": "Bea"})
    )
    await api.live.host.command(game["id"], "start")
    await api.live.answer(game["id"], ann, Answer(0, True))
    await api.live.answer(game["id"], bea, Answer(0, False))
    assert (await api.call("POST", f"/api/games/{game['id']}/end", auth))[0] == 200
    assert await api.writer.drain_once() == 1
    return str(game["id"])


async def test_versions_stats_csv_and_reports_after_a_real_game(api: Api) -> None:
    auth = await api.host()
    status, quiz = await api.call("POST", "/api/quizzes", auth, json=QUIZ)
    assert status == 201 and quiz["version"] == 1
    ids = [q["id"] for q in quiz["questions"]]
    # Sent back as read: nothing changed, same version; a change: the next one.
    _, same = await api.call("PUT", f"/api/quizzes/{quiz['id']}", auth, json=quiz)
    assert (same["version"], [q["id"] for q in same["questions"]]) == (1, ids)
    _, quiz = await api.call(
        "PUT", f"/api/quizzes/{quiz['id']}", auth, json={**quiz, "title": "W1"}
    )
    assert quiz["version"] == 2 and [q["id"] for q in quiz["questions"]] == ids

    gid = await _play(api, auth, quiz["id"])
    _, summary = await api.call("GET", f"/api/games/{gid}", auth)
    assert summary["quiz_version"] == 2
    _, report = await api.call("GET", f"/api/games/{gid}/report", auth)

    # Editing the quiz afterwards changes nothing in the game's report.
    edited = quiz_document(quiz)
    edited["questions"] = [
        {**edited["questions"][1], "prompt": "Reworded?", "choices": ["22", "8080"]},
        edited["questions"][0],
    ]
    status, quiz = await api.call("PUT", f"/api/quizzes/{quiz['id']}", auth, json=edited)
    assert status == 200 and quiz["version"] == 3
    assert (await api.call("GET", f"/api/games/{gid}/report", auth))[1] == report

    status, stats = await api.call("GET", f"/api/quizzes/{quiz['id']}/stats", auth)
    assert status == 200, stats
    assert stats["quiz"] == {"id": quiz["id"], "title": "W1", "version": 3}
    assert (stats["games"], stats["players"], stats["accuracy"]) == (1, 2, 50.0)
    first, second = stats["questions"]
    # The true/false question (now second) was asked once: one right of two; the choice
    # question (now first) was never reached.
    assert {k: first[k] for k in ("id", "index", "asked", "answered", "correct")} == {
        "id": ids[0],
        "index": 1,
        "asked": 1,
        "answered": 2,
        "correct": 1,
    }
    assert first["percent_correct"] == 50.0 and first["difficulty"] == 1
    assert isinstance(first["average_time_ms"], int) and first["average_time_ms"] >= 0
    assert (second["id"], second["index"], second["asked"], second["answered"]) == (ids[1], 0, 0, 0)
    assert (second["percent_correct"], second["average_time_ms"]) == (None, None)

    resp = await api.client.get(f"/api/quizzes/{quiz['id']}/stats.csv", headers=auth)
    assert resp.status_code == 200
    assert resp.content_type == "text/csv; charset=utf-8"
    # The title, the quiz's id and "stats", as ASCII letters, digits and dashes.
    name = filename("W1", "csv", quiz["id"], "stats")
    assert name.startswith("w1-") and name.endswith("-stats.csv")
    assert resp.headers["Content-Disposition"] == f'attachment; filename="{name}"'

    body = (await resp.get_data(as_text=False)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "Difficulty",
        "Question",
        "Id",
        "Kind",
        "Prompt",
        "Asked",
        "Answered",
        "Correct",
        "% correct",
        "Average time (ms)",
    ]
    # The prompt that looks like a formula is defused.
    assert rows[1] == [
        "1",
        "2",
        cell(ids[0]),
        "true_false",
        "'=1+1 is a formula?",
        "1",
        "2",
        "1",
        "50.0",
        str(first["average_time_ms"]),
    ]
    assert rows[2] == ["2", "1", cell(ids[1]), "choice", "Reworded?", "0", "0", "0", "", ""]


async def test_duplicate(api: Api) -> None:
    ada, bob = await api.host(), await api.host("bob@example.com")
    _, quiz = await api.call("POST", "/api/quizzes", ada, json=QUIZ)
    status, copy = await api.call("POST", f"/api/quizzes/{quiz['id']}/duplicate", ada)
    assert status == 201, copy
    assert copy["id"] != quiz["id"] and copy["title"] == "Week 1 (copy)"
    assert copy["version"] == 1
    # A draft of the caller's, whoever wrote the original (the library's visibility).
    _, me = await api.call("GET", "/api/auth/me", ada)
    assert copy["visibility"] == "draft" and copy["author"]["id"] == me["host"]["id"]
    assert not {q["id"] for q in copy["questions"]} & {q["id"] for q in quiz["questions"]}
    assert (await api.call("GET", f"/api/quizzes/{copy['id']}", ada))[1] == copy
    # Another host's quiz is as good as missing, and nothing is made.
    status, body = await api.call("POST", f"/api/quizzes/{quiz['id']}/duplicate", bob)
    assert (status, body["error"]["code"]) == (404, "not_found")
    assert (await api.call("GET", "/api/quizzes", bob))[1]["quizzes"] == []
    assert len((await api.call("GET", "/api/quizzes", ada))[1]["quizzes"]) == 2


async def test_stats_refusals(api: Api) -> None:
    ada, bob = await api.host(), await api.host("bob@example.com")
    _, quiz = await api.call("POST", "/api/quizzes", ada, json=QUIZ)
    for path in ("stats", "stats.csv"):
        status, body = await api.call("GET", f"/api/quizzes/{quiz['id']}/{path}", bob)
        assert (status, body["error"]["code"]) == (404, "not_found")
        status, body = await api.call("GET", f"/api/quizzes/nope/{path}", ada)
        assert (status, body["error"]["code"]) == (404, "not_found")
        assert (await api.call("GET", f"/api/quizzes/{quiz['id']}/{path}"))[0] == 401
    status, body = await api.call("POST", "/api/quizzes/nope/duplicate", ada)
    assert (status, body["error"]["code"]) == (404, "not_found")
    assert (await api.call("POST", f"/api/quizzes/{quiz['id']}/duplicate"))[0] == 401
    # A question id that is not text is refused, naming the field; nothing changes.
    bad = {**QUIZ, "questions": [{**QUIZ["questions"][0], "id": 5}]}
    status, body = await api.call("PUT", f"/api/quizzes/{quiz['id']}", ada, json=bad)
    assert (status, body["error"]["field"]) == (422, "questions[0].id")
    assert (await api.call("GET", f"/api/quizzes/{quiz['id']}", ada))[1] == quiz
