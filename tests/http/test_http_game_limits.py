"""Creating games is limited per account: a rate per clock minute and a cap on running games
(``HUDDLE_GAME_RATE_PER_MIN``, ``HUDDLE_MAX_RUNNING_GAMES``), so one account cannot take the
PIN space."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import Api, make_api

QUIZ: dict[str, Any] = {
    "title": "Limits",
    "questions": [{"kind": "true_false", "prompt": "Yes?", "correct": True}],
}


@pytest.fixture
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    request.param = "sqlite"
    async with make_api(request, tmp_path, game_rate_per_min=5, max_running_games=3) as api:
        api.clock.now = 1_764_000_000_000  # the start of a clock minute
        yield api


async def _quiz(api: Api, auth: dict[str, str]) -> str:
    status, quiz = await api.call("POST", "/api/quizzes", auth, json=QUIZ)
    assert status == 201, quiz
    return str(quiz["id"])


async def test_running_games_are_capped_per_account(api: Api) -> None:
    ada, bob = await api.host(), await api.host("bob@example.com")
    quiz = await _quiz(api, ada)
    games = []
    for _ in range(3):
        status, game = await api.call("POST", "/api/games", ada, json={"quiz_id": quiz})
        assert status == 201, game
        games.append(game["id"])
    status, body = await api.call("POST", "/api/games", ada, json={"quiz_id": quiz})
    assert status == 429, body
    assert body["error"]["code"] == "too_many_games"
    # Refused: no game was made.
    _, listed = await api.call("GET", "/api/games", ada)
    assert [g["id"] for g in listed["games"]] == games[::-1]
    # Another account is not held back.
    assert (await api.call("POST", "/api/games", bob, json={"quiz_id": await _quiz(api, bob)}))[
        0
    ] == 201
    # A finished game no longer counts.
    await api.live.host.command(games[0], "end")
    assert (await api.call("POST", "/api/games", ada, json={"quiz_id": quiz}))[0] == 201


async def test_games_created_per_minute_are_limited(api: Api) -> None:
    ada = await api.host()
    quiz = await _quiz(api, ada)
    for i in range(5):
        status, game = await api.call("POST", "/api/games", ada, json={"quiz_id": quiz})
        assert status == 201, game
        if i < 4:  # keep under the running-games cap
            await api.live.host.command(game["id"], "end")
    api.clock.now += 45_500
    resp = await api.client.post("/api/games", json={"quiz_id": quiz}, headers=ada)
    assert resp.status_code == 429
    assert (await resp.get_json())["error"]["code"] == "rate_limited"
    assert resp.headers["Retry-After"] == "15"  # the seconds left in this minute
    _, listed = await api.call("GET", "/api/games", ada)
    assert len(listed["games"]) == 5
    api.clock.now += 15_000  # the next minute
    assert (await api.call("POST", "/api/games", ada, json={"quiz_id": quiz}))[0] == 201
