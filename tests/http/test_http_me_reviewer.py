"""``GET /api/auth/me`` marks the workspaces where an admin named the account a reviewer of
members' contributions (``"reviewer": true``, absent elsewhere), on SQLite and PostgreSQL: the
pages link such a member to the review queue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register

from server.db.scope import Role, Scope


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def test_me_marks_the_workspaces_where_the_account_reviews(api: Api) -> None:
    ada = await register(api.client, email="ada@example.com", name="Ada")
    bob = await register(api.client, email="bob@example.com", name="Bob")
    wid, bid = ada["host"]["id"], bob["host"]["id"]
    invite = await api.db.workspaces.create_invite(
        Scope.personal(wid), Role.MEMBER, timedelta(days=1)
    )
    await api.db.workspaces.accept(invite.id, bid)
    as_ada = {**bearer(ada["token"]), "X-Workspace": wid}

    _, me = await api.call("GET", "/api/auth/me", bearer(bob["token"]))
    assert [w for w in me["workspaces"] if "reviewer" in w] == []

    status, _ = await api.call(
        "PUT", f"/api/workspaces/{wid}/reviewers", as_ada, json={"account_ids": [bid]}
    )
    assert status == 200
    _, me = await api.call("GET", "/api/auth/me", bearer(bob["token"]))
    assert {w["id"]: w.get("reviewer", False) for w in me["workspaces"]} == {bid: False, wid: True}
    # Ada, the owner, reviews anyway: her list names no one; named no more, Bob is unmarked.
    _, mine = await api.call("GET", "/api/auth/me", bearer(ada["token"]))
    assert all("reviewer" not in w for w in mine["workspaces"])
    await api.call("PUT", f"/api/workspaces/{wid}/reviewers", as_ada, json={"account_ids": []})
    _, me = await api.call("GET", "/api/auth/me", bearer(bob["token"]))
    assert all("reviewer" not in w for w in me["workspaces"])
