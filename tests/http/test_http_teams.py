"""``/api/teams`` on SQLite and PostgreSQL: a host edits teams and rosters, a member reads them
and their own team, another workspace and a caller without a token get nothing; games with the
workspace's teams; the skills page and its CSV. Every refusal changes nothing."""

from __future__ import annotations

import csv
import io
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


async def workspace(api: Api) -> tuple[dict[str, str], str, dict[str, str], str]:
    """An owner and a member of the owner's workspace: (owner's headers, workspace id,
    member's headers in that workspace, member's account id)."""
    owner = await register(api.client, email="olga@example.com", name="Olga")
    member = await register(api.client, email="ann@example.com", name="Ann")
    wid = owner["host"]["id"]
    invite = await api.db.workspaces.create_invite(
        Scope.personal(wid), Role.MEMBER, timedelta(days=1)
    )
    await api.db.workspaces.accept(invite.id, member["host"]["id"])
    return (
        bearer(owner["token"]),
        wid,
        {**bearer(member["token"]), "X-Workspace": wid},
        member["host"]["id"],
    )


async def teams_of(api: Api, auth: dict[str, str]) -> list[dict[str, Any]]:
    status, body = await api.call("GET", "/api/teams", auth)
    assert status == 200, body
    teams: list[dict[str, Any]] = body["teams"]
    return teams


async def test_a_host_edits_teams_and_rosters_and_a_member_reads_them(api: Api) -> None:
    owner, wid, member, ann = await workspace(api)
    status, owls = await api.call("POST", "/api/teams", owner, json={"name": "  Owls "})
    assert status == 201 and owls["name"] == "Owls" and owls["members"] == [], owls
    status, body = await api.call("POST", "/api/teams", owner, json={"name": "owls"})
    assert (status, body["error"]["code"], body["error"]["field"]) == (409, "name_taken", "name")
    status, larks = await api.call("POST", "/api/teams", owner, json={"name": "Larks"})
    assert status == 201
    # The roster: Ann only (she is a member); a stranger is refused and nothing changes.
    stranger = (await register(api.client, email="zed@example.com", name="Zed"))["host"]["id"]
    path = f"/api/teams/{owls['id']}/members"
    status, body = await api.call("PUT", path, owner, json={"account_ids": [ann, stranger]})
    assert (status, body["error"]["code"]) == (422, "not_member"), body
    assert stranger in body["error"]["message"]
    status, body = await api.call("PUT", path, owner, json={"account_ids": [ann]})
    assert status == 200 and body["members"] == [{"account_id": ann, "name": "Ann"}], body
    # Adding her to the Larks moves her.
    larks_path = f"/api/teams/{larks['id']}/members"
    status, body = await api.call("POST", larks_path, owner, json={"account_id": ann})
    assert status == 200 and [m["account_id"] for m in body["members"]] == [ann], body
    # The member reads the teams and her own team, and may not change them.
    assert [(t["name"], len(t["members"])) for t in await teams_of(api, member)] == [
        ("Larks", 1),
        ("Owls", 0),
    ]
    status, mine = await api.call("GET", "/api/teams/mine", member)
    assert status == 200 and mine["team"]["id"] == larks["id"], mine
    status, mine = await api.call("GET", "/api/teams/mine", owner)
    assert (status, mine) == (200, {"team": None})
    before = await teams_of(api, owner)
    for method, url, body_json in [
        ("POST", "/api/teams", {"name": "Mine"}),
        ("PATCH", f"/api/teams/{owls['id']}", {"name": "Mine"}),
        ("DELETE", f"/api/teams/{owls['id']}", None),
        ("PUT", path, {"account_ids": []}),
        ("POST", path, {"account_id": ann}),
        ("DELETE", f"{larks_path}/{ann}", None),
    ]:
        status, body = await api.call(method, url, member, json=body_json)
        assert (status, body["error"]["code"]) == (403, "forbidden"), (method, url, body)
    assert await teams_of(api, owner) == before
    # Rename, take out, delete.
    status, body = await api.call(
        "PATCH", f"/api/teams/{owls['id']}", owner, json={"name": "LARKS"}
    )
    assert (status, body["error"]["code"]) == (409, "name_taken")
    status, body = await api.call(
        "PATCH", f"/api/teams/{owls['id']}", owner, json={"name": "Owlets"}
    )
    assert status == 200 and body["name"] == "Owlets"
    assert (await api.call("DELETE", f"{larks_path}/{ann}", owner))[0] == 204
    assert (await api.call("DELETE", f"{larks_path}/{ann}", owner))[0] == 404
    assert (await api.call("DELETE", f"/api/teams/{owls['id']}", owner))[0] == 204
    assert (await api.call("GET", f"/api/teams/{owls['id']}", owner))[0] == 404
    assert [t["name"] for t in await teams_of(api, owner)] == ["Larks"]
    assert wid


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 41}, "name"),
        ({"name": 7}, "name"),
        ({"name": "a\u0000b"}, "name"),
        ({"name": "a\u0007b"}, "name"),
        ({"name": "Owls", "colour": "red"}, "colour"),
    ],
)
async def test_bad_team_names_are_refused_and_change_nothing(
    api: Api, body: dict[str, Any], field: str
) -> None:
    owner, *_ = await workspace(api)
    status, answer = await api.call("POST", "/api/teams", owner, json=body)
    assert status == 422 and answer["error"]["field"] == field, answer
    assert await teams_of(api, owner) == []


async def test_bad_rosters_are_refused(api: Api) -> None:
    owner, _, _, ann = await workspace(api)
    _, owls = await api.call("POST", "/api/teams", owner, json={"name": "Owls"})
    path = f"/api/teams/{owls['id']}/members"
    for body in ({"account_ids": "ann"}, {"account_ids": [7]}, {"account_ids": ["a\u0000"]},
                 {"account_ids": ["x"] * 1001}, {"account_ids": [], "more": 1}):  # fmt: skip
        status, answer = await api.call("PUT", path, owner, json=body)
        assert status == 422, (body, answer)
    for body in ({}, {"account_id": None}, {"account_id": "x" * 65}):
        status, answer = await api.call("POST", path, owner, json=body)
        assert status == 422, (body, answer)
    assert (await api.call("GET", f"/api/teams/{owls['id']}", owner))[1]["members"] == []
    assert (await api.call("PUT", "/api/teams/nope/members", owner, json={"account_ids": [ann]}))[
        0
    ] == 404


async def test_another_workspace_and_no_token_get_nothing(api: Api) -> None:
    owner, _, _, _ = await workspace(api)
    _, owls = await api.call("POST", "/api/teams", owner, json={"name": "Owls"})
    other = bearer((await register(api.client, email="zed@example.com", name="Zed"))["token"])
    tid = owls["id"]
    assert await teams_of(api, other) == []
    for method, url, body in [
        ("GET", f"/api/teams/{tid}", None),
        ("PATCH", f"/api/teams/{tid}", {"name": "Mine"}),
        ("DELETE", f"/api/teams/{tid}", None),
        ("PUT", f"/api/teams/{tid}/members", {"account_ids": []}),
        ("GET", f"/api/teams/{tid}/stats", None),
        ("GET", f"/api/teams/{tid}/stats.csv", None),
    ]:
        status, answer = await api.call(method, url, other, json=body)
        assert status == 404, (method, url, answer)
        status, answer = await api.call(method, url, None, json=body)
        assert status == 401, (method, url, answer)
    assert (await api.call("GET", "/api/teams", None))[0] == 401
    assert (await api.call("GET", "/api/teams/mine", None))[0] == 401
    assert [t["name"] for t in await teams_of(api, owner)] == ["Owls"]


async def test_a_game_takes_the_workspace_teams(api: Api) -> None:
    owner, _, member, _ = await workspace(api)
    question = {"kind": "true_false", "prompt": "Yes?", "correct": True}
    _, quiz = await api.call(
        "POST", "/api/quizzes", owner, json={"title": "Q", "questions": [question]}
    )
    game = {"quiz_id": quiz["id"], "settings": {"teams": {"mode": "workspace"}}}
    # Fewer than two teams: refused.
    _, owls = await api.call("POST", "/api/teams", owner, json={"name": "Owls"})
    status, body = await api.call("POST", "/api/games", owner, json=game)
    assert (status, body["error"]["field"]) == (422, "settings.teams"), body
    _, larks = await api.call("POST", "/api/teams", owner, json={"name": "Larks"})
    # A client may not name the ids itself.
    forged = {"mode": "choose", "source": "workspace", "names": ["A", "B"], "ids": ["1", "2"]}
    status, body = await api.call(
        "POST", "/api/games", owner, json={**game, "settings": {"teams": forged}}
    )
    assert (status, body["error"]["field"]) == (422, "settings.teams.source"), body
    status, bad = await api.call(
        "POST", "/api/games", owner,
        json={**game, "settings": {"teams": {"mode": "workspace", "guests": "random"}}},
    )  # fmt: skip
    assert (status, bad["error"]["field"]) == (422, "settings.teams.guests"), bad
    assert (await api.call("GET", "/api/games", owner))[1]["games"] == []
    auto = {**game, "settings": {"teams": {"mode": "workspace", "guests": "auto", "score": "sum"}}}
    status, created = await api.call("POST", "/api/games", owner, json=auto)
    assert status == 201, created
    status, summary = await api.call("GET", f"/api/games/{created['id']}", owner)
    assert summary["settings"]["teams"] == {
        "mode": "auto",
        "source": "workspace",
        "names": ["Larks", "Owls"],
        "ids": [larks["id"], owls["id"]],
        "score": "sum",
    }
    # A member may not start games.
    status, body = await api.call("POST", "/api/games", member, json=game)
    assert (status, body["error"]["code"]) == (403, "forbidden")


async def test_the_skills_page_and_its_csv(api: Api) -> None:
    owner, _, member, _ = await workspace(api)
    _, owls = await api.call("POST", "/api/teams", owner, json={"name": "=Owls"})
    status, stats = await api.call("GET", f"/api/teams/{owls['id']}/stats", member)
    assert status == 200
    assert stats == {"team": {"id": owls["id"], "name": "=Owls"}, "games": 0, "tags": []}
    resp = await api.client.get(f"/api/teams/{owls['id']}/stats.csv", headers=member)
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO((await resp.get_data(as_text=True)).lstrip("\ufeff"))))
    assert rows == [
        [
            "Tag",
            "Kind",
            "Team answered",
            "Team correct",
            "Team accuracy",
            "Workspace answered",
            "Workspace correct",
            "Workspace accuracy",
        ]
    ]
