"""``/api/leaderboards``: the host's all-time and season boards, players and teams, with the
query parameters checked; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401

from server.db.records import TeamResult
from tests.db.results_support import DAY_MS, T0, P, play, results

JAN_1 = 1_767_225_600_000  # 2026-01-01T00:00:00Z


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def host_with_games(api: Api) -> tuple[dict[str, str], str]:
    auth = await api.host()
    _, me = await api.call("GET", "/api/auth/me", auth)
    host_id = me["host"]["id"]
    # December 2025 and January 2026.
    for n, (day, ann_score, bob_score) in enumerate(
        [(-10, 900, 500), (-1, 100, 300), (3, 50, 700)]
    ):
        await play(
            api.db,
            host_id,
            results(
                f"g{n}",
                [
                    P("a", ann_score, identifier="ann@example.com", team="Owls"),
                    P("b", bob_score, identifier="bob@example.com", team="Foxes"),
                ],
                finished_ms=JAN_1 + day * DAY_MS,
                teams=[
                    TeamResult("Owls", ann_score, 1 if ann_score > bob_score else 2, 1),
                    TeamResult("Foxes", bob_score, 1 if bob_score > ann_score else 2, 1),
                ],
            ),
        )
    return auth, host_id


async def test_all_time_and_season(api: Api) -> None:
    auth, _ = await host_with_games(api)
    status, board = await api.call("GET", "/api/leaderboards", auth)
    assert status == 200
    assert (board["kind"], board["from"], board["to"], board["total"]) == ("players", None, None, 2)
    assert [
        (e["rank"], e["identifier"], e["score"], e["games"], e["wins"]) for e in board["entries"]
    ] == [
        (1, "bob@example.com", 1500, 3, 2),
        (2, "ann@example.com", 1050, 3, 1),
    ]
    # December only, as ISO dates (to is exclusive) and as epoch milliseconds.
    for query in ("from=2025-12-01&to=2026-01-01", f"from=2025-12-01T00:00:00Z&to={JAN_1}"):
        status, december = await api.call("GET", f"/api/leaderboards?{query}", auth)
        assert status == 200, december
        assert december["to"] == JAN_1
        assert [(e["identifier"], e["score"]) for e in december["entries"]] == [
            ("ann@example.com", 1000),
            ("bob@example.com", 800),
        ]
    status, january = await api.call("GET", "/api/leaderboards?from=2026-01-01&kind=teams", auth)
    assert status == 200
    assert [(e["team"], e["score"], e["wins"]) for e in january["entries"]] == [
        ("Foxes", 700, 1),
        ("Owls", 50, 0),
    ]
    status, page = await api.call("GET", "/api/leaderboards?offset=1&limit=1", auth)
    assert [e["identifier"] for e in page["entries"]] == ["ann@example.com"]
    assert page["total"] == 2


async def test_boards_belong_to_their_host(api: Api) -> None:
    await host_with_games(api)
    bob = await api.host("bob@example.com")
    assert await api.call("GET", "/api/leaderboards", bob) == (
        200,
        {
            "kind": "players",
            "from": None,
            "to": None,
            "offset": 0,
            "limit": 50,
            "total": 0,
            "entries": [],
        },
    )
    assert (await api.call("GET", "/api/leaderboards"))[0] == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=people", "kind"),
        ("from=last-week", "from"),
        ("to=2026-13-01", "to"),
        ("from=2026-02-01&to=2026-01-01", "to"),
        ("limit=1000", "limit"),
        ("offset=x", "offset"),
    ],
)
async def test_query_validation(api: Api, query: str, field: str) -> None:
    status, body = await api.call("GET", f"/api/leaderboards?{query}", await api.host())
    assert status == 422
    assert (body["error"]["code"], body["error"]["field"]) == ("invalid", field)


async def test_instants_without_offset_are_utc(api: Api) -> None:
    auth, _ = await host_with_games(api)
    _, board = await api.call("GET", "/api/leaderboards?from=2025-12-31T00:00:00", auth)
    assert board["from"] == JAN_1 - DAY_MS
    _, shifted = await api.call("GET", "/api/leaderboards?from=2025-12-31T01:00:00%2B01:00", auth)
    assert shifted["from"] == JAN_1 - DAY_MS
    assert T0 < JAN_1
