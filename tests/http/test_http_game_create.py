"""``POST /api/games`` writes the game's SQL row before it takes a PIN and writes the game to
Redis, so a game running in Redis always has its row; an SQL write that fails leaves nothing
of the game in Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import Api, make_api
from sqlalchemy import exc as sql_exc

QUIZ: dict[str, Any] = {
    "title": "Order",
    "questions": [{"kind": "true_false", "prompt": "Yes?", "correct": True}],
}


@pytest.fixture
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    request.param = "sqlite"
    async with make_api(request, tmp_path) as api:
        yield api


async def _new_game(api: Api) -> tuple[dict[str, str], int, Any]:
    auth = await api.host()
    status, quiz = await api.call("POST", "/api/quizzes", auth, json=QUIZ)
    assert status == 201, quiz
    status, body = await api.call("POST", "/api/games", auth, json={"quiz_id": quiz["id"]})
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
