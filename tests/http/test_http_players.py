"""``GET /api/me`` (a device's own history, by its player key) and ``DELETE /api/identities``
(a host removes a person); on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401

from tests.db.results_support import DAY_MS, T0, P, play, results

KEY = "ann-phone-0123456789"


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def ann_played(api: Api) -> tuple[dict[str, str], str]:
    auth = await api.host()
    _, me = await api.call("GET", "/api/auth/me", auth)
    host_id = me["host"]["id"]
    for n in range(2):
        await play(
            api.db,
            host_id,
            results(
                f"g{n}",
                [
                    P("a", 900 - n, identifier="ann@example.com", key=KEY, right=[(0, 1000)]),
                    P("b", 100),
                ],
                finished_ms=T0 + n * DAY_MS,
            ),
            title=f"Quiz {n}",
        )
    return auth, host_id


async def test_me(api: Api) -> None:
    await ann_played(api)
    status, me = await api.call("GET", "/api/me", {"X-Player-Key": KEY})
    assert status == 200
    assert [(g["title"], g["rank"], g["score"]) for g in me["games"]] == [
        ("Quiz 1", 1, 899),
        ("Quiz 0", 1, 900),
    ]
    assert me["totals"]["games"] == 2 and me["totals"]["wins"] == 2
    assert [m["code"] for m in me["milestones"]] == ["first_game", "first_win", "fastest_answer"]
    assert "ann@example.com" not in str(me)  # identifiers are for the host only
    status, page = await api.call("GET", "/api/me?limit=1&offset=1", {"X-Player-Key": KEY})
    assert [g["title"] for g in page["games"]] == ["Quiz 0"]

    status, body = await api.call("GET", "/api/me", {"X-Player-Key": "unknown-key-0123456789"})
    assert (status, body["error"]["code"]) == (404, "not_found")
    for headers in ({}, {"X-Player-Key": "short"}, {"X-Player-Key": "bad key with spaces!!"}):
        status, body = await api.call("GET", "/api/me", headers)
        assert (status, body["error"]["code"]) == (401, "unauthorized")


async def test_delete_a_person(api: Api) -> None:
    auth, _ = await ann_played(api)
    other = await api.host("bob@example.com")
    assert (await api.call("DELETE", "/api/identities?identifier=ann@example.com", other))[0] == 404
    status, body = await api.call("DELETE", "/api/identities", auth)
    assert (status, body["error"]["field"]) == (422, "identifier")
    assert (await api.call("DELETE", "/api/identities?identifier=ANN@example.com", auth))[0] == 204
    assert (await api.call("DELETE", "/api/identities?identifier=ann@example.com", auth))[0] == 404
    _, res = await api.call("GET", "/api/games/g0/results", auth)
    assert [(p["nickname"], p["score"]) for p in res["players"]] == [("(removed)", 900), ("B", 100)]
    assert (await api.call("GET", "/api/me", {"X-Player-Key": KEY}))[0] == 404
    _, board = await api.call("GET", "/api/leaderboards", auth)
    assert board["entries"] == []


async def test_delete_by_identity_id(api: Api) -> None:
    auth, host_id = await ann_played(api)
    await play(api.db, host_id, results("g9", [P("k", 5, key="kim-phone-0123456789")]))
    _, board = await api.call("GET", "/api/leaderboards", auth)
    kim = next(e for e in board["entries"] if e["identifier"] is None)
    assert (await api.call("DELETE", f"/api/identities/{kim['identity_id']}", auth))[0] == 204
    assert (await api.call("DELETE", f"/api/identities/{kim['identity_id']}", auth))[0] == 404
    _, board = await api.call("GET", "/api/leaderboards", auth)
    assert [e["identifier"] for e in board["entries"]] == ["ann@example.com"]
