"""Member questions at work over HTTP (SQLite and PostgreSQL): a host adds an approved question
to a quiz or makes a community round, each credited to its author; a saved quiz's credits come
from SQL; hidden questions stay out of new games; authors (and reviewers) read their figures.
Every refusal changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from test_http_contributions import QUESTION, submit, world

from server.db.scope import Scope


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def approve(api: Api, w: dict[str, Any], **body: Any) -> str:
    doc = await submit(api, w["ann"], **body)
    status, done = await api.call(
        "POST", f"/api/contributions/{doc['id']}/review", w["owner"],
        json={"action": "approve", "version": doc["version"]},
    )  # fmt: skip
    assert status == 200, done
    return str(doc["id"])


async def quiz(api: Api, auth: dict[str, str], questions: list[dict[str, Any]]) -> dict[str, Any]:
    status, doc = await api.call(
        "POST", "/api/quizzes", auth, json={"title": "Space", "questions": questions}
    )
    assert status == 201, doc
    return dict(doc)


async def test_add_to_quiz_credits_and_hidden_questions(api: Api) -> None:
    w = await world(api)
    cid = await approve(api, w)
    plain = {"kind": "true_false", "prompt": "Mars is red.", "correct": True}
    # A host cannot forge a credit: it is rewritten from SQL or dropped.
    forged = {**plain, "credit": {"contribution_id": cid, "name": "Mallory", "team": "X"}}
    unknown = {**plain, "credit": {"contribution_id": "zz", "name": "Eve"}}
    made = await quiz(api, w["owner"], [forged, unknown])
    assert made["questions"][0]["credit"] == {"contribution_id": cid, "name": "Ann", "team": None}
    assert "credit" not in made["questions"][1]
    target = await quiz(api, w["owner"], [plain])
    path = f"/api/contributions/{cid}/add-to-quiz"

    refusals = [
        (w["bob"], {"quiz_id": target["id"]}, 403, "forbidden"),
        (w["owner"], {"quiz_id": target["id"], "x": 1}, 422, "invalid"),
        (w["owner"], {"quiz_id": 5}, 422, "invalid"),
        (w["owner"], {"quiz_id": "nope"}, 404, "not_found"),
    ]
    for auth, body, code, error in refusals:
        status, answer = await api.call("POST", path, auth, json=body)
        assert (status, answer["error"]["code"]) == (code, error), (body, answer)
    status, answer = await api.call(
        "POST", "/api/contributions/nope/add-to-quiz", w["owner"], json={"quiz_id": target["id"]}
    )
    assert status == 404, answer
    _, unchanged = await api.call("GET", f"/api/quizzes/{target['id']}", w["owner"])
    assert unchanged["version"] == 1 and len(unchanged["questions"]) == 1

    status, added = await api.call("POST", path, w["owner"], json={"quiz_id": target["id"]})
    assert status == 200 and added["quiz_id"] == target["id"] and added["version"] == 2, added
    _, stored = await api.call("GET", f"/api/quizzes/{target['id']}", w["owner"])
    assert stored["questions"][1]["id"] == added["question_id"]
    assert stored["questions"][1]["prompt"] == QUESTION["prompt"]
    assert stored["questions"][1]["credit"]["name"] == "Ann"

    # Hidden: out of new games at once; a quiz of hidden questions only starts nothing.
    status, _ = await api.call("POST", f"/api/contributions/{cid}/hide", w["owner"])
    assert status == 200
    only_hidden = await quiz(api, w["owner"], [forged])
    status, answer = await api.call("POST", "/api/games", w["owner"],
                                    json={"quiz_id": only_hidden["id"]})  # fmt: skip
    assert (status, answer["error"]["code"]) == (422, "no_questions"), answer
    status, game = await api.call("POST", "/api/games", w["owner"],
                                  json={"quiz_id": target["id"]})  # fmt: skip
    assert status == 201, game
    record = await api.db.games.get(Scope.personal(w["wid"]), game["id"])
    assert record is not None
    assert [q["prompt"] for q in record.quiz["questions"]] == [plain["prompt"]]
    status, answer = await api.call("POST", path, w["owner"], json={"quiz_id": target["id"]})
    assert status == 404, answer


async def test_community_round_and_stats(api: Api) -> None:
    w = await world(api)
    status, answer = await api.call("POST", "/api/community-rounds", w["owner"], json={})
    assert (status, answer["error"]["code"]) == (422, "no_questions"), answer
    first = await approve(api, w, tags=["space"])
    second = await approve(api, w, tags=["space"])
    await approve(api, w, tags=["sea"])
    status, _ = await api.call("POST", f"/api/contributions/{first}/vote", w["bob"])
    assert status == 200
    for auth, body, code in [
        (w["bob"], {"tag": "space"}, 403),
        (w["owner"], {"tag": "space", "drive_id": "d"}, 422),
        (w["owner"], {"count": 31}, 422),
        (w["owner"], {"count": True}, 422),
        (w["owner"], {"tag": "x" * 33}, 422),
        (w["owner"], {"drive_id": "nope"}, 404),
        (w["owner"], {"tag": "nothing-here"}, 422),
    ]:
        status, answer = await api.call("POST", "/api/community-rounds", auth, json=body)
        assert status == code, (body, answer)
    _, listed = await api.call("GET", "/api/quizzes", w["owner"])
    assert not [q for q in listed["quizzes"] if q["title"].startswith("Community round")]

    status, made = await api.call(
        "POST", "/api/community-rounds", w["owner"], json={"tag": "Space", "count": 5}
    )
    assert status == 201, made
    assert made["title"] == "Community round: #space"
    assert [q["credit"]["contribution_id"] for q in made["questions"]] == [first, second]
    assert all(q["credit"]["name"] == "Ann" for q in made["questions"])

    status, stats = await api.call("GET", f"/api/contributions/{first}/stats", w["ann"])
    assert status == 200, stats
    assert stats["contributions"][0] | {"prompt": ""} == {
        "contribution_id": first, "prompt": "", "games": 0, "answered": 0,
        "correct_pct": None, "avg_time_ms": None, "discrimination": None,
        "hardest_game_correct_pct": None,
    }  # fmt: skip
    assert [m["code"] for m in stats["milestones"]] == ["first_approved"]
    assert stats["milestones"][0]["title"] == "Published"
    status, _ = await api.call("GET", f"/api/contributions/{first}/stats", w["owner"])
    assert status == 200
    for auth, path in [(w["bob"], first), (w["ann"], "nope"), (w["ann"], "x" * 200)]:
        status, answer = await api.call("GET", f"/api/contributions/{path}/stats", auth)
        assert (status, answer["error"]["code"]) == (404, "not_found"), answer
    status, mine = await api.call("GET", "/api/me/contributions/stats", w["ann"])
    assert status == 200 and len(mine["contributions"]) == 3, mine
    status, mine = await api.call("GET", "/api/me/contributions/stats", w["bob"])
    assert (status, mine) == (200, {"contributions": [], "milestones": []})
    status, _ = await api.call("GET", "/api/me/contributions/stats")
    assert status == 401
