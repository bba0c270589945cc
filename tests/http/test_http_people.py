"""A person with an account over HTTP: ``GET /api/me`` with a login token (every workspace),
the person's page and its CSV, claiming a device's guest history, the export, and a member's
page as a host of the workspace sees it; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register

from tests.db.results_support import DAY_MS, T0, P, play, results

KEY = "ann-phone-0123456789"
QUIZ = {"title": "Safety", "questions": [], "tags": ["safety", "onboarding"]}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


class People:
    """An owner's workspace with Ann as a member (by invite), and an outsider."""

    def __init__(self, api: Api) -> None:
        self.api = api

    async def setup(self) -> People:
        owner = await register(self.api.client, email="owner@example.com", name="Olga")
        self.owner = bearer(owner["token"])
        self.workspace = owner["host"]["id"]
        ann = await register(self.api.client, email="ann@example.com", name="Ann")
        self.ann, self.ann_id = bearer(ann["token"]), ann["host"]["id"]
        outsider = await register(self.api.client, email="out@example.com", name="Out")
        self.outsider, self.outsider_id = bearer(outsider["token"]), outsider["host"]["id"]
        status, invite = await self.api.call(
            "POST", f"/api/workspaces/{self.workspace}/invites", self.owner, json={}
        )
        assert status == 201, invite
        status, body = await self.api.call(
            "POST", f"/api/invites/{invite['token']}/accept", self.ann
        )
        assert status == 200, body
        return self

    async def game(self, gid: str, players: list[P], day: int = 0, **game: Any) -> None:
        await play(
            self.api.db,
            self.workspace,
            results(gid, players, finished_ms=T0 + day * DAY_MS),
            **game,
        )


async def test_me_with_a_login_token_spans_devices_and_workspaces(api: Api) -> None:
    people = await People(api).setup()
    # A guest game on her phone, then two games signed in (one on the phone: it merges).
    await people.game("g0", [P("k", 900, key=KEY, right=[(0, 900)]), P("x", 1)], title="Guest")
    await people.game(
        "g1", [P("a", 800, account=people.ann_id), P("y", 1)], day=1, title="Laptop", quiz=QUIZ
    )
    await people.game("g2", [P("a", 700, account=people.ann_id, key=KEY), P("z", 1)], day=2)
    # Her own workspace too.
    await play(
        api.db,
        people.ann_id,
        results("g3", [P("a", 600, account=people.ann_id), P("w", 1)], finished_ms=T0 + 3 * DAY_MS),
    )
    status, me = await api.call("GET", "/api/me", people.ann)
    assert status == 200, me
    assert me["account"] == {"id": people.ann_id, "name": "Ann"}
    assert [g["game_id"] for g in me["games"]] == ["g3", "g2", "g1", "g0"]
    assert {g["workspace"]["id"] for g in me["games"]} == {people.workspace, people.ann_id}
    assert me["totals"]["games"] == 4
    codes = [m["code"] for m in me["milestones"]]
    assert len(codes) == len(set((m["code"], m["game_id"]) for m in me["milestones"]))
    assert "first_game" in codes
    status, page = await api.call("GET", "/api/me?offset=1&limit=2", people.ann)
    assert [g["game_id"] for g in page["games"]] == ["g2", "g1"]
    # The device's key no longer finds the guest history: it is hers now.
    status, body = await api.call("GET", "/api/me", {"X-Player-Key": KEY})
    assert (status, body["error"]["code"]) == (404, "not_found")
    # An account that played nothing has an empty history, not a 404.
    status, empty = await api.call("GET", "/api/me", people.outsider)
    assert status == 200 and empty["games"] == [] and empty["totals"]["games"] == 0
    # A bearer token that is not valid is refused, whatever the key says.
    for auth in ({"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        status, body = await api.call("GET", "/api/me", {**auth, "X-Player-Key": KEY})
        assert (status, body["error"]["code"]) == (401, "unauthorized")


async def test_the_persons_page_and_its_csv(api: Api) -> None:
    people = await People(api).setup()
    await people.game(
        "g1", [P("a", 800, account=people.ann_id, right=[(0, 500)], wrong=[1]), P("y", 1)],
        title="Safety 1", quiz=QUIZ,
    )  # fmt: skip
    await people.game(
        "g2", [P("a", 900, account=people.ann_id, right=[(0, 500), (1, 400)]), P("z", 1)],
        day=1, title="Safety 2", quiz={**QUIZ, "tags": ["safety"]},
    )  # fmt: skip
    await people.game("g3", [P("a", 100, account=people.ann_id, wrong=[0]), P("v", 900)], day=2)
    status, page = await api.call("GET", "/api/me/figures", people.ann)
    assert status == 200, page
    assert [(s["game_id"], s["score"], s["accuracy"]) for s in page["scores"]] == [
        ("g1", 800, 50.0),
        ("g2", 900, 100.0),
        ("g3", 100, 0.0),
    ]
    assert page["tags"] == [
        {"tag": "onboarding", "games": 1, "correct": 1, "answered": 2, "accuracy": 50.0},
        {"tag": "safety", "games": 2, "correct": 3, "answered": 4, "accuracy": 75.0},
    ]
    badges = [b["code"] for b in page["badges"]]
    assert badges and len(badges) == len(set(badges))
    status, raw = await api.call("GET", "/api/me/history.csv", people.ann)
    assert status == 200
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Finished (UTC)", "Workspace", "Quiz"]
    assert [r[2] for r in rows[1:]] == ["Safety 1", "Safety 2", "Quiz"]
    assert [r[-1] for r in rows[1:]] == ["50.0", "100.0", "0.0"]
    status, raw = await api.call("GET", "/api/me/history.csv?table=tags", people.ann)
    tags = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tags[1:] == [["onboarding", "1", "1", "2", "50.0"], ["safety", "2", "3", "4", "75.0"]]
    status, raw = await api.call("GET", "/api/me/history.csv?table=badges", people.ann)
    assert status == 200 and len(list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))) > 1
    status, body = await api.call("GET", "/api/me/history.csv?table=nope", people.ann)
    assert (status, body["error"]["field"]) == (422, "table")
    for path in ("/api/me/figures", "/api/me/history.csv", "/api/me/export"):
        status, body = await api.call("GET", path)
        assert (status, body["error"]["code"]) == (401, "unauthorized"), path


async def test_a_member_page_for_the_workspace_hosts_only(api: Api) -> None:
    people = await People(api).setup()
    await people.game("g1", [P("a", 800, account=people.ann_id, right=[(0, 5)]), P("y", 1)])
    # Her game in her own workspace is not this workspace's to show.
    await play(api.db, people.ann_id, results("g9", [P("a", 1, account=people.ann_id), P("q", 2)]))
    path = f"/api/workspaces/{people.workspace}/people/{people.ann_id}"
    status, page = await api.call("GET", path, people.owner)
    assert status == 200, page
    assert page["account"] == {"id": people.ann_id, "name": "Ann", "role": "member"}
    assert [s["game_id"] for s in page["scores"]] == ["g1"]
    status, raw = await api.call("GET", path + "/history.csv", people.owner)
    assert status == 200 and b"Finished (UTC)" in raw
    # A member may not open another's page; nor may an outsider; nor without a token.
    for auth, code in ((people.ann, 403), (people.outsider, 403), ({}, 401)):
        status, body = await api.call("GET", path, auth)
        assert status == code and "scores" not in body, (auth, body)
    # Someone who is not in the workspace and never played there: 404, as an unknown id.
    for who in (people.outsider_id, "no-such-account"):
        status, body = await api.call(
            "GET", f"/api/workspaces/{people.workspace}/people/{who}", people.owner
        )
        assert (status, body["error"]["code"]) == (404, "not_found"), who
    # The outsider's own workspace cannot read Ann either.
    status, body = await api.call(
        "GET", f"/api/workspaces/{people.outsider_id}/people/{people.ann_id}", people.outsider
    )
    assert status == 404 and "scores" not in body


async def test_claim_a_devices_guest_history(api: Api) -> None:
    people = await People(api).setup()
    await people.game("g1", [P("k", 900, key=KEY, right=[(0, 900)]), P("x", 1)])
    # The device played as a guest in the outsider's workspace too: Ann is no member there.
    await play(api.db, people.outsider_id, results("g2", [P("k", 900, key=KEY), P("y", 1)]))
    for body in ({}, {"player_key": "short"}, {"player_key": KEY, "extra": 1}, {"player_key": 7}):
        status, answer = await api.call("POST", "/api/me/claim", people.ann, json=body)
        assert status == 422 and answer["error"]["code"] == "invalid", body
    status, answer = await api.call("POST", "/api/me/claim", json={"player_key": KEY})
    assert status == 401
    status, answer = await api.call("POST", "/api/me/claim", people.ann, json={"player_key": KEY})
    assert (status, answer) == (200, {"merged": 1})
    status, me = await api.call("GET", "/api/me", people.ann)
    assert [g["game_id"] for g in me["games"]] == ["g1"]
    # Once only; the other workspace's guest history stays the device's.
    status, answer = await api.call("POST", "/api/me/claim", people.ann, json={"player_key": KEY})
    assert (status, answer) == (200, {"merged": 0})
    status, device = await api.call("GET", "/api/me", {"X-Player-Key": KEY})
    assert status == 200 and [g["game_id"] for g in device["games"]] == ["g2"]


async def test_export_holds_everything_about_the_account(api: Api) -> None:
    people = await People(api).setup()
    await people.game("g1", [P("a", 800, account=people.ann_id, right=[(0, 5)]), P("y", 1)])
    status, export = await api.call("GET", "/api/me/export", people.ann)
    assert status == 200, export
    assert export["account"]["email"] == "ann@example.com"
    assert "password_hash" not in export["account"] and "argon2" not in str(export)
    assert {m["workspace_id"] for m in export["memberships"]} == {people.workspace, people.ann_id}
    assert [i["workspace_id"] for i in export["identities"]] == [people.workspace]
    assert [(p["game_id"], p["score"]) for p in export["game_players"]] == [("g1", 800)]
    assert [(a["game_id"], a["question_index"]) for a in export["game_answers"]] == [("g1", 0)]
    assert {m["code"] for m in export["milestones"]} >= {"first_game"}
    assert export["sessions"] and set(export["sessions"][0]) == {"created_at", "expires_at"}
    # Nothing of the other players.
    assert "y" not in {p["player_id"] for p in export["game_players"]}
    status, owner = await api.call("GET", "/api/me/export", people.owner)
    assert [i for i in owner["identities"]] == []
    assert [g["id"] for g in owner["created"]["games"]] == ["g1"]
