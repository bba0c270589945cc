"""``/api/workspaces`` and ``/api/invites`` on SQLite and PostgreSQL: each route's happy path,
and its refusals (no token 401, another workspace's member 403, a role too low 403, an unknown
id 404, bad input 422), none of which changes anything; and ``X-Workspace``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer
from sqlalchemy import update

from server.db.models import Invite
from server.db.times import now


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


class People:
    """Ada owns workspace ``ws``; Dan is its admin, Hal a host, Bob a member; Cy is an outsider
    (the owner of a workspace of her own)."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.auth: dict[str, dict[str, str]] = {}
        self.ids: dict[str, str] = {}
        self.ws = ""

    async def setup(self) -> People:
        for name in ("ada", "cy"):
            self.auth[name] = await self.api.host(f"{name}@example.com")
            _, me = await self.api.call("GET", "/api/auth/me", self.auth[name])
            self.ids[name] = me["host"]["id"]
        self.ws = self.ids["ada"]
        for name, role in (("dan", "admin"), ("hal", "host"), ("bob", "member")):
            invite = await self.invite(role)
            status, body = await self.api.call(
                "POST",
                "/api/auth/register",
                json={
                    "email": f"{name}@example.com",
                    "password": "correct horse",
                    "name": name.title(),
                    "invite": invite["token"],
                },
            )
            assert status == 201, body
            self.auth[name] = bearer(body["token"])
            self.ids[name] = body["host"]["id"]
        return self

    async def invite(self, role: str = "member", **extra: Any) -> dict[str, Any]:
        status, body = await self.api.call(
            "POST",
            f"/api/workspaces/{self.ws}/invites",
            self.auth["ada"],
            json={"role": role, **extra},
        )
        assert status == 201, body
        return body

    async def call(self, who: str | None, method: str, path: str, **kw: Any) -> tuple[int, Any]:
        return await self.api.call(method, path, None if who is None else self.auth[who], **kw)

    async def refused(
        self, who: str | None, method: str, path: str, status: int, code: str, **kw: Any
    ) -> dict[str, Any]:
        got, body = await self.call(who, method, path, **kw)
        assert got == status, (who, method, path, got, body)
        assert body["error"]["code"] == code, body
        error: dict[str, Any] = body["error"]
        return error


@pytest.fixture
async def people(api: Api) -> People:
    return await People(api).setup()


async def test_an_account_lists_creates_and_reads_its_workspaces(people: People) -> None:
    status, body = await people.call("ada", "GET", "/api/workspaces")
    assert status == 200
    assert [(w["id"], w["name"], w["role"]) for w in body["workspaces"]] == [
        (people.ws, "Ada's workspace", "owner")
    ]
    status, made = await people.call("bob", "POST", "/api/workspaces", json={"name": " Sales "})
    assert status == 201 and (made["name"], made["role"]) == ("Sales", "owner"), made
    _, mine = await people.call("bob", "GET", "/api/workspaces")
    assert [(w["id"], w["role"]) for w in mine["workspaces"]] == [
        (people.ws, "member"),
        (made["id"], "owner"),
    ]
    status, got = await people.call("bob", "GET", f"/api/workspaces/{made['id']}")
    assert status == 200 and got == made
    _, me = await people.call("bob", "GET", "/api/auth/me")
    assert me["workspaces"] == [
        {"id": people.ws, "name": "Ada's workspace", "role": "member"},
        {"id": made["id"], "name": "Sales", "role": "owner"},
    ]

    await people.refused(None, "GET", "/api/workspaces", 401, "unauthorized")
    await people.refused(None, "POST", "/api/workspaces", 401, "unauthorized", json={"name": "X"})
    await people.refused("cy", "GET", f"/api/workspaces/{made['id']}", 403, "forbidden")
    await people.refused("cy", "GET", "/api/workspaces/no-such-ws", 403, "forbidden")
    for bad, field in (
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "a\x00b"}, "name"),
        ({"name": 7}, "name"),
        ({}, "name"),
        ({"name": "X", "owner": "cy"}, "owner"),
    ):
        error = await people.refused("cy", "POST", "/api/workspaces", 422, "invalid", json=bad)
        assert error["field"] == field, (bad, error)
    _, cys = await people.call("cy", "GET", "/api/workspaces")
    assert len(cys["workspaces"]) == 1  # nothing was created


async def test_admins_rename_and_set_retention(people: People) -> None:
    path = f"/api/workspaces/{people.ws}"
    status, body = await people.call(
        "dan", "PATCH", path, json={"name": "Acme", "retention_days": 30}
    )
    assert status == 200 and (body["name"], body["retention_days"]) == ("Acme", 30), body
    status, body = await people.call("ada", "PATCH", path, json={"retention_days": None})
    assert status == 200 and body["retention_days"] is None and body["name"] == "Acme"

    await people.refused(None, "PATCH", path, 401, "unauthorized", json={"name": "X"})
    await people.refused("hal", "PATCH", path, 403, "forbidden", json={"name": "X"})
    await people.refused("cy", "PATCH", path, 403, "forbidden", json={"name": "X"})
    for bad, field in (
        ({"retention_days": 0}, "retention_days"),
        ({"retention_days": 3651}, "retention_days"),
        ({"retention_days": True}, "retention_days"),
        ({"retention_days": "5"}, "retention_days"),
        ({"retention_days": 1.5}, "retention_days"),
        ({"name": " "}, "name"),
        ({"colour": "red"}, "colour"),
    ):
        error = await people.refused("dan", "PATCH", path, 422, "invalid", json=bad)
        assert error["field"] == field, (bad, error)
    _, body = await people.call("bob", "GET", path)
    assert (body["name"], body["retention_days"], body["role"]) == ("Acme", None, "member")


async def test_only_an_owner_deletes_a_workspace(people: People) -> None:
    path = f"/api/workspaces/{people.ws}"
    await people.refused(None, "DELETE", path, 401, "unauthorized")
    await people.refused("dan", "DELETE", path, 403, "forbidden")
    await people.refused("cy", "DELETE", path, 403, "forbidden")
    status, _ = await people.call("ada", "GET", "/api/quizzes")
    assert status == 200
    status, _ = await people.call("ada", "DELETE", path)
    assert status == 204
    await people.refused("ada", "GET", path, 403, "forbidden")
    await people.refused("dan", "GET", path, 403, "forbidden")
    # Ada has no workspace left: workspace routes refuse, her account still works.
    await people.refused("ada", "GET", "/api/quizzes", 403, "forbidden")
    status, me = await people.call("ada", "GET", "/api/auth/me")
    assert status == 200 and me["workspaces"] == []


async def test_members_are_listed_and_roles_changed_by_admins(people: People) -> None:
    base = f"/api/workspaces/{people.ws}/members"
    status, body = await people.call("bob", "GET", base)
    assert status == 200
    assert [(m["name"], m["role"]) for m in body["members"]] == [
        ("Ada", "owner"),
        ("Dan", "admin"),
        ("Hal", "host"),
        ("Bob", "member"),
    ]
    await people.refused(None, "GET", base, 401, "unauthorized")
    await people.refused("cy", "GET", base, 403, "forbidden")

    bob = f"{base}/{people.ids['bob']}"
    status, body = await people.call("dan", "PATCH", bob, json={"role": "host"})
    assert status == 200 and body["role"] == "host" and body["account_id"] == people.ids["bob"]
    await people.refused(None, "PATCH", bob, 401, "unauthorized", json={"role": "admin"})
    await people.refused("hal", "PATCH", bob, 403, "forbidden", json={"role": "admin"})
    await people.refused("cy", "PATCH", bob, 403, "forbidden", json={"role": "admin"})
    # Only an owner makes an owner.
    await people.refused("dan", "PATCH", bob, 403, "forbidden", json={"role": "owner"})
    await people.refused(
        "dan", "PATCH", f"{base}/nobody", 404, "not_found", json={"role": "member"}
    )
    for bad in ({"role": "king"}, {"role": 1}, {}, {"role": "host", "x": 1}):
        await people.refused("dan", "PATCH", bob, 422, "invalid", json=bad)
    ada = f"{base}/{people.ids['ada']}"
    error = await people.refused("ada", "PATCH", ada, 409, "last_owner", json={"role": "admin"})
    assert "owner" in error["message"]
    await people.refused("ada", "DELETE", ada, 409, "last_owner")
    _, body = await people.call("bob", "GET", base)
    assert [m["role"] for m in body["members"]] == ["owner", "admin", "host", "host"]


async def test_members_leave_and_admins_remove(people: People) -> None:
    base = f"/api/workspaces/{people.ws}/members"
    await people.refused(None, "DELETE", f"{base}/{people.ids['bob']}", 401, "unauthorized")
    await people.refused("hal", "DELETE", f"{base}/{people.ids['bob']}", 403, "forbidden")
    await people.refused("cy", "DELETE", f"{base}/{people.ids['bob']}", 403, "forbidden")
    await people.refused("dan", "DELETE", f"{base}/{people.ids['ada']}", 403, "forbidden")
    await people.refused("dan", "DELETE", f"{base}/nobody", 404, "not_found")
    status, _ = await people.call("bob", "DELETE", f"{base}/{people.ids['bob']}")  # leaves
    assert status == 204
    status, _ = await people.call("dan", "DELETE", f"{base}/{people.ids['hal']}")
    assert status == 204
    await people.refused("hal", "GET", f"/api/workspaces/{people.ws}", 403, "forbidden")
    _, body = await people.call("ada", "GET", base)
    assert [m["name"] for m in body["members"]] == ["Ada", "Dan"]


async def test_invites_are_made_listed_and_revoked_by_admins(people: People, api: Api) -> None:
    base = f"/api/workspaces/{people.ws}/invites"
    status, made = await people.call("dan", "POST", base, json={"role": "host", "ttl_hours": 2})
    assert status == 201, made
    assert set(made) >= {"id", "role", "expires_at", "url", "token"}
    base_url = api.live.settings.base_url
    assert made["role"] == "host" and made["url"] == f"{base_url}/invite/{made['token']}"
    assert made["expires_ms"] - made["created_ms"] == 2 * 3_600_000
    status, default = await people.call("dan", "POST", base, json={})
    assert status == 201 and default["role"] == "member"
    assert default["expires_ms"] - default["created_ms"] == 168 * 3_600_000
    for who, code in ((None, 401), ("hal", 403), ("cy", 403)):
        await people.refused(
            who, "POST", base, code, "unauthorized" if code == 401 else "forbidden", json={}
        )
        await people.refused(who, "GET", base, code, "unauthorized" if code == 401 else "forbidden")
        await people.refused(
            who,
            "DELETE",
            f"{base}/{made['id']}",
            code,
            "unauthorized" if code == 401 else "forbidden",
        )
    for bad, field in (
        ({"role": "owner"}, "role"),
        ({"ttl_hours": 0}, "ttl_hours"),
        ({"ttl_hours": 721}, "ttl_hours"),
        ({"ttl_hours": "1"}, "ttl_hours"),
        ({"uses": 3}, "uses"),
    ):
        error = await people.refused("dan", "POST", base, 422, "invalid", json=bad)
        assert error["field"] == field
    status, listed = await people.call("ada", "GET", base)
    # Setup's three invites, then these two: newest first.
    assert [i["id"] for i in listed["invites"]][:2] == [default["id"], made["id"]]
    assert len(listed["invites"]) == 5
    status, _ = await people.call("dan", "DELETE", f"{base}/{made['id']}")
    assert status == 204
    await people.refused("dan", "DELETE", f"{base}/{made['id']}", 404, "not_found")
    await people.refused("dan", "DELETE", f"{base}/nope", 404, "not_found")
    # Another workspace's admin cannot revoke it from their own workspace either.
    cys = f"/api/workspaces/{people.ids['cy']}/invites/{default['id']}"
    await people.refused("cy", "DELETE", cys, 404, "not_found")
    _, listed = await people.call("ada", "GET", base)
    assert made["id"] not in {i["id"] for i in listed["invites"]}


async def test_an_invite_link_is_previewed_and_accepted(people: People, api: Api) -> None:
    invite = await people.invite("host")
    status, preview = await people.call(None, "GET", f"/api/invites/{invite['token']}")
    assert status == 200
    assert preview["workspace"] == {"id": people.ws, "name": "Ada's workspace"}
    assert preview["role"] == "host" and preview["expires_ms"] == invite["expires_ms"]
    path = f"/api/invites/{invite['token']}/accept"
    await people.refused(None, "POST", path, 401, "unauthorized")
    status, body = await people.call("cy", "POST", path)
    assert status == 200 and body["workspace"]["role"] == "host", body
    # Bob (a member) keeps the higher of his role and the invite's; Dan (admin) keeps his.
    _, body = await people.call("bob", "POST", path)
    assert body["workspace"]["role"] == "host"
    _, body = await people.call("dan", "POST", path)
    assert body["workspace"]["role"] == "admin"
    status, _ = await people.call("cy", "GET", "/api/quizzes", headers={"X-Workspace": people.ws})
    assert status == 200

    revoked = await people.invite()
    await people.call("ada", "DELETE", f"/api/workspaces/{people.ws}/invites/{revoked['id']}")
    expired = await people.invite()
    async with api.db.session() as session, session.begin():
        await session.execute(
            update(Invite)
            .where(Invite.id == expired["id"])
            .values(expires_at=now() - timedelta(seconds=1))
        )
    forged = invite["token"][:-3] + ("abc" if not invite["token"].endswith("abc") else "xyz")
    for token in (revoked["token"], expired["token"], forged, "x" * 150):
        await people.refused(None, "GET", f"/api/invites/{token}", 404, "not_found")
        await people.refused("hal", "POST", f"/api/invites/{token}/accept", 404, "not_found")
    await people.refused(None, "GET", f"/api/invites/{'x' * 201}", 422, "invalid")


async def test_registering_with_a_bad_invite_creates_nothing(people: People, api: Api) -> None:
    revoked = await people.invite()
    await people.call("ada", "DELETE", f"/api/workspaces/{people.ws}/invites/{revoked['id']}")
    for token in (revoked["token"], "not-a-token", 42):
        status, body = await api.call(
            "POST",
            "/api/auth/register",
            json={
                "email": "eve@example.com",
                "password": "correct horse",
                "name": "Eve",
                "invite": token,
            },
        )
        assert status == 422 and body["error"]["field"] == "invite", body
    assert await api.db.hosts.by_email("eve@example.com") is None
    status, body = await api.call(
        "POST",
        "/api/auth/register",
        json={"email": "eve@example.com", "password": "correct horse", "name": "Eve"},
    )
    assert status == 201 and body["workspaces"] == [
        {"id": body["host"]["id"], "name": "Eve's workspace", "role": "owner"}
    ]


async def test_the_workspace_header_picks_the_workspace(people: People) -> None:
    question = {"kind": "true_false", "prompt": "Sky is blue?", "correct": True}
    # Shared, so the workspace's other hosts see it (a new quiz is its author's draft).
    quiz = {"title": "Ada's", "questions": [question], "visibility": "shared"}
    status, made = await people.call("ada", "POST", "/api/quizzes", json=quiz)
    assert status == 201, made
    ws = {"X-Workspace": people.ws}
    # Hal (a host who joined by invite) acts in Ada's workspace by default.
    status, listed = await people.call("hal", "GET", "/api/quizzes")
    assert status == 200 and [q["id"] for q in listed["quizzes"]] == [made["id"]]
    # Bob is a member there: the host routes refuse him, with or without the header.
    await people.refused("bob", "GET", "/api/quizzes", 403, "forbidden")
    await people.refused("bob", "GET", "/api/quizzes", 403, "forbidden", headers=ws)
    # Cy names a workspace she does not belong to; in her own she sees none of Ada's.
    await people.refused("cy", "GET", "/api/quizzes", 403, "forbidden", headers=ws)
    await people.refused("cy", "GET", f"/api/quizzes/{made['id']}", 403, "forbidden", headers=ws)
    status, listed = await people.call("cy", "GET", "/api/quizzes")
    assert status == 200 and listed["quizzes"] == []
    await people.refused("cy", "GET", f"/api/quizzes/{made['id']}", 404, "not_found")
    for bad in ("a b", "x" * 65, "é", ""):
        error = await people.refused(
            "ada", "GET", "/api/quizzes", 422, "invalid", headers={"X-Workspace": bad}
        )
        assert error["field"] == "X-Workspace"
