"""Creating games is limited per account: a rate per clock minute and a cap on running games
(``HUDDLE_GAME_RATE_PER_MIN``, ``HUDDLE_MAX_RUNNING_GAMES``), so one account cannot take the
PIN space. And a game's SQL row is written before it takes a PIN and is written to Redis, so a
game running in Redis always has its row; a write that fails leaves neither half behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import Api, make_api
from sqlalchemy import exc as sql_exc

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


async def _new_game(api: Api) -> tuple[dict[str, str], int, Any]:
    auth = await api.host()
    quiz = await _quiz(api, auth)
    status, body = await api.call("POST", "/api/games", auth, json={"quiz_id": quiz})
    return auth, status, body


async def _game_keys(api: Api) -> list[str]:
    """Redis keys of games and PINs (not the rate limits' counters)."""
    keys = await api.live.store.redis.keys("htest:*")
    return sorted(k for k in keys if k.startswith(("htest:pin:", "htest:{g:", "htest:host:")))


async def test_the_row_is_written_before_the_pin_is_taken(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    store, games = api.live.store, api.db.games
    real_claim, real_create, real_row = store.claim_pin, store.create_game, games.create

    async def claim_pin(*args: Any) -> bool:
        steps.append("pin")
        return await real_claim(*args)

    async def create_game(*args: Any) -> None:
        steps.append("redis game")
        await real_create(*args)

    async def create_row(*args: Any, **kwargs: Any) -> None:
        steps.append("sql row")
        await real_row(*args, **kwargs)

    monkeypatch.setattr(store, "claim_pin", claim_pin)
    monkeypatch.setattr(store, "create_game", create_game)
    monkeypatch.setattr(games, "create", create_row)
    auth, status, body = await _new_game(api)
    assert status == 201, body
    assert sorted(body) == ["host_key", "id", "join_url", "pin"]
    assert steps == ["sql row", "pin", "redis game"]
    status, listed = await api.call("GET", "/api/games", auth)
    assert status == 200 and [(g["id"], g["pin"]) for g in listed["games"]] == [
        (body["id"], body["pin"])
    ]


async def test_a_failing_sql_write_leaves_no_pin_and_no_game(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def down(*args: Any, **kwargs: Any) -> None:
        raise sql_exc.OperationalError("INSERT", {}, ConnectionError("database is down"))

    monkeypatch.setattr(api.db.games, "create", down)
    _, status, body = await _new_game(api)
    assert status == 503, body
    assert await _game_keys(api) == []


async def test_a_failing_redis_write_leaves_no_row(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any) -> None:
        raise RuntimeError("Redis refused the game")

    monkeypatch.setattr(api.live.store, "create_game", broken)
    auth, status, _ = await _new_game(api)
    assert status == 500
    status, listed = await api.call("GET", "/api/games", auth)
    assert status == 200 and listed["games"] == []
    assert await _game_keys(api) == []
