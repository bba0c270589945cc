"""``/api/quizzes`` as a workspace's library and ``/api/questions`` (the question bank), over
HTTP on SQLite and PostgreSQL: visibility, tags, authorship, search, copying a question."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register

from server.db.scope import Role, Scope


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


def quiz(title: str, *prompts: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        **extra,
        "questions": [
            {"kind": "choice", "prompt": p, "choices": ["Yes", "No"], "correct": [0]}
            for p in prompts or ("Ready?",)
        ],
    }


class Team:
    """Ada owns a workspace; Bob is a host in it; Cy has his own workspace only."""

    def __init__(self, api: Api, people: dict[str, dict[str, Any]]) -> None:
        self.api = api
        self.people = people
        self.workspace = people["ada"]["host"]["id"]

    def auth(self, who: str) -> dict[str, str]:
        headers = bearer(self.people[who]["token"])
        if who != "cy":
            headers["X-Workspace"] = self.workspace
        return headers

    async def call(self, who: str, method: str, path: str, **kw: Any) -> tuple[int, Any]:
        return await self.api.call(method, path, self.auth(who), **kw)


@pytest.fixture
async def team(api: Api) -> Team:
    people = {
        name: await register(api.client, email=f"{name}@example.com", name=name.title())
        for name in ("ada", "bob", "cy")
    }
    owner = Scope.personal(people["ada"]["host"]["id"])
    invite = await api.db.workspaces.create_invite(owner, Role.HOST, timedelta(days=1))
    await api.db.workspaces.accept(invite.id, people["bob"]["host"]["id"])
    return Team(api, people)


async def test_create_share_edit_and_answer_authorship(team: Team) -> None:
    status, made = await team.call(
        "ada",
        "POST",
        "/api/quizzes",
        json=quiz("Safety", "Exit?", tags=[" Fire", "fire"], visibility="draft"),
    )
    assert status == 201, made
    assert made["visibility"] == "draft"
    assert made["tags"] == ["fire"]
    assert made["author"]["name"] == "Ada"
    qid = made["id"]
    assert (await team.call("bob", "GET", f"/api/quizzes/{qid}"))[0] == 404
    assert (await team.call("bob", "GET", "/api/quizzes"))[1] == {"quizzes": [], "total": 0}

    # The answer of GET goes back with PUT as it is, with the visibility changed.
    status, shared = await team.call(
        "ada", "PUT", f"/api/quizzes/{qid}", json={**made, "visibility": "shared"}
    )
    assert status == 200, shared
    assert shared["visibility"] == "shared"
    status, edited = await team.call(
        "bob", "PUT", f"/api/quizzes/{qid}", json={**shared, "title": "Safety first"}
    )
    assert status == 200, edited
    assert edited["updated_by"]["name"] == "Bob"
    assert edited["author"]["name"] == "Ada"
    # Bob may not hide Ada's quiz, nor delete it; nothing changes.
    status, body = await team.call(
        "bob", "PUT", f"/api/quizzes/{qid}", json={**edited, "visibility": "draft"}
    )
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, body = await team.call("bob", "DELETE", f"/api/quizzes/{qid}")
    assert (status, body["error"]["code"]) == (403, "forbidden")
    assert (await team.call("bob", "GET", f"/api/quizzes/{qid}"))[1] == edited
    # Another workspace sees nothing of it.
    assert (await team.call("cy", "GET", f"/api/quizzes/{qid}"))[0] == 404
    assert (await team.call("cy", "GET", "/api/quizzes?q=safety"))[1]["total"] == 0
    assert (await team.call("cy", "GET", "/api/questions?q=exit"))[1]["total"] == 0
    assert (await team.call("ada", "DELETE", f"/api/quizzes/{qid}"))[0] == 204


async def test_search_ranks_filters_and_pages(team: Team) -> None:
    body = quiz("Mountains", "Where do penguins live?")  # shared when not said
    title = quiz("Penguins", "Which bird swims?", visibility="shared", tags=["birds"])
    ids = []
    for doc in (body, title):
        status, made = await team.call("ada", "POST", "/api/quizzes", json=doc)
        assert status == 201, made
        ids.append(made["id"])
    status, found = await team.call("bob", "GET", "/api/quizzes?q=pengu")
    assert status == 200
    assert [q["id"] for q in found["quizzes"]] == [ids[1], ids[0]]
    assert found["total"] == 2
    page = (await team.call("bob", "GET", "/api/quizzes?q=pengu&offset=1&limit=1"))[1]
    assert [q["id"] for q in page["quizzes"]] == [ids[0]] and page["total"] == 2
    tagged = (await team.call("bob", "GET", "/api/quizzes?tag=Birds"))[1]
    assert [q["id"] for q in tagged["quizzes"]] == [ids[1]]
    bank = (await team.call("bob", "GET", "/api/questions?q=penguins+live"))[1]
    assert bank["total"] == 1
    hit = bank["questions"][0]
    assert (hit["quiz"]["id"], hit["index"], hit["kind"]) == (ids[0], 0, "choice")
    assert hit["question"]["prompt"] == "Where do penguins live?"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "a" * 201, "q"),
        ("q=a%00b", "q"),
        ("tag=" + "t" * 33, "tag"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
    ],
)
async def test_bad_search_parameters_are_refused(team: Team, query: str, field: str) -> None:
    for path in ("/api/quizzes", "/api/questions"):
        status, body = await team.call("bob", "GET", f"{path}?{query}")
        assert status == 422, body
        assert body["error"]["code"] == "invalid"
        assert body["error"]["field"] == field


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "a:* & !b", "'; --", "é" * 200])
async def test_hostile_search_text_answers(team: Team, query: str) -> None:
    await team.call("ada", "POST", "/api/quizzes", json=quiz("Plain", visibility="shared"))
    for path in ("/api/quizzes", "/api/questions"):
        status, body = await team.api.call("GET", path, team.auth("bob"), query_string={"q": query})
        assert status == 200, body
        assert body["total"] == len(body[path.rsplit("/", 1)[1]])


async def test_copy_a_question_between_quizzes(team: Team) -> None:
    source = (
        await team.call(
            "ada", "POST", "/api/quizzes", json=quiz("Src", "One?", "Two?", visibility="shared")
        )
    )[1]
    draft = (
        await team.call(
            "ada", "POST", "/api/quizzes", json=quiz("Secret", "Hidden?", visibility="draft")
        )
    )[1]
    mine = (await team.call("bob", "POST", "/api/quizzes", json=quiz("Mine", "Own?")))[1]
    path = f"/api/quizzes/{mine['id']}/questions"
    status, copied = await team.call(
        "bob", "POST", path, json={"from_quiz": source["id"], "index": 1}
    )
    assert status == 201, copied
    assert [q["prompt"] for q in copied["questions"]] == ["Own?", "Two?"]
    for body, code in [
        ({"from_quiz": source["id"], "index": 2}, 404),
        ({"from_quiz": draft["id"], "index": 0}, 404),
        ({"from_quiz": source["id"], "index": -1}, 422),
        ({"from_quiz": source["id"], "index": True}, 422),
        ({"from_quiz": "", "index": 0}, 422),
        ({"index": 0}, 422),
    ]:
        status, answer = await team.call("bob", "POST", path, json=body)
        assert status == code, (body, answer)
    # Cy's workspace can neither copy into nor out of Ada's.
    cy_quiz = (await team.call("cy", "POST", "/api/quizzes", json=quiz("Cy", "Cy?")))[1]
    status, _ = await team.call(
        "cy",
        "POST",
        f"/api/quizzes/{cy_quiz['id']}/questions",
        json={"from_quiz": source["id"], "index": 0},
    )
    assert status == 404
    after = (await team.call("bob", "GET", f"/api/quizzes/{mine['id']}"))[1]
    assert len(after["questions"]) == 2
