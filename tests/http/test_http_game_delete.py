"""Ending an abandoned game over HTTP (``POST /api/games/{id}/end``) and deleting a game
(``DELETE /api/games/{id}``, docs/privacy.md): the owner only, in SQL and Redis, on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from sqlalchemy import func, select

from server.db.models import (
    GameAnswer,
    GamePlayer,
    GameQuestion,
    Identity,
    MilestoneAwarded,
)
from server.sockets.messages import Answer, Join

QUIZ: dict[str, Any] = {
    "title": "Delete me",
    "questions": [{"kind": "true_false", "prompt": "Yes?", "correct": True}],
}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def _game(api: Api, auth: dict[str, str]) -> dict[str, Any]:
    _, quiz = await api.call("POST", "/api/quizzes", auth, json=QUIZ)
    status, game = await api.call("POST", "/api/games", auth, json={"quiz_id": quiz["id"]})
    assert status == 201, game
    return dict(game)


async def _game_keys(api: Api, gid: str) -> list[str]:
    store = api.live.store
    return [k async for k in store.redis.scan_iter(match=f"{store.keys.prefix}:{{g:{gid}}}:*")]


async def _sql_rows(api: Api, gid: str) -> dict[str, int]:
    async with api.db.session() as session:
        return {
            t.__tablename__: int(
                await session.scalar(select(func.count()).select_from(t).where(t.game_id == gid))
                or 0
            )
            for t in (GamePlayer, GameAnswer, GameQuestion, MilestoneAwarded)
        }


async def _start_with_one_answer(api: Api, game: dict[str, Any]) -> None:
    """Ann and Bea join, the game starts, Ann answers (Bea never does)."""
    _, pid, _ = await api.live.players.join(
        "sid1", Join.parse({"pin": game["pin"], "nickname": "Ann", "identifier": "ann@example.com"})
    )
    await api.live.players.join("sid2", Join.parse({"pin": game["pin"], "nickname": "Bea"}))
    await api.live.host.command(game["id"], "start")
    await api.live.answer(game["id"], pid, Answer(0, True))


async def test_an_abandoned_game_is_ended_and_its_results_reach_sql(api: Api) -> None:
    ada, bob = await api.host(), await api.host("bob@example.com")
    game = await _game(api, ada)
    gid = game["id"]
    await _start_with_one_answer(api, game)
    _, listed = await api.call("GET", "/api/games", ada)
    assert [(g["id"], g["running"]) for g in listed["games"]] == [(gid, True)]
    # Another host's game is not there for them; nothing changed.
    assert (await api.call("POST", f"/api/games/{gid}/end", bob))[0] == 404
    assert (await api.live.current_state(gid))["phase"] == "question"
    status, ended = await api.call("POST", f"/api/games/{gid}/end", ada)
    assert status == 200, ended
    assert ended["id"] == gid and ended["running"] is False
    assert (await api.live.current_state(gid))["phase"] == "finished"
    status, body = await api.call("POST", f"/api/games/{gid}/end", ada)
    assert (status, body["error"]["code"]) == (409, "not_running")
    assert await api.writer.drain_once() == 1
    status, results = await api.call("GET", f"/api/games/{gid}/results", ada)
    assert status == 200, results
    assert [(p["nickname"], p["correct"]) for p in results["players"]] == [("Ann", 1), ("Bea", 0)]


async def test_delete_a_game_in_sql_and_redis_for_its_owner_only(api: Api) -> None:
    ada, bob = await api.host(), await api.host("bob@example.com")
    game, other = await _game(api, ada), await _game(api, ada)
    gid = game["id"]
    await _start_with_one_answer(api, game)
    # Running: refused, changing nothing.
    status, body = await api.call("DELETE", f"/api/games/{gid}", ada)
    assert (status, body["error"]["code"]) == (409, "game_running")
    await api.live.host.command(gid, "end")
    # Ended, results not in SQL yet: refused, or the writer would bring them back.
    status, body = await api.call("DELETE", f"/api/games/{gid}", ada)
    assert (status, body["error"]["code"]) == (409, "results_pending")
    assert await api.writer.drain_once() == 1
    assert (await _sql_rows(api, gid))["game_players"] == 2
    assert await _game_keys(api, gid)
    # Another host: 404, and nothing deleted.
    assert (await api.call("DELETE", f"/api/games/{gid}", bob))[0] == 404
    assert (await api.call("GET", f"/api/games/{gid}/results", ada))[0] == 200

    assert (await api.call("DELETE", f"/api/games/{gid}", ada))[0] == 204
    assert (await api.call("GET", f"/api/games/{gid}", ada))[0] == 404
    assert (await api.call("GET", f"/api/games/{gid}/results", ada))[0] == 404
    assert (await api.call("DELETE", f"/api/games/{gid}", ada))[0] == 404
    assert await _sql_rows(api, gid) == dict.fromkeys(
        ("game_players", "game_answers", "game_questions", "milestones_awarded"), 0
    )
    assert await _game_keys(api, gid) == []
    assert await api.live.store.game_for_pin(game["pin"]) is None
    # The person stays (deleting a person is DELETE /api/identities); the other game too.
    async with api.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Identity)) == 1
    _, listed = await api.call("GET", "/api/games", ada)
    assert [g["id"] for g in listed["games"]] == [other["id"]]


async def test_a_game_redis_no_longer_holds_is_deleted_and_not_ended(api: Api) -> None:
    ada = await api.host()
    game = await _game(api, ada)
    gid = game["id"]
    # Its keys expired (an abandoned lobby, a day later).
    await api.live.store.redis.delete(*await _game_keys(api, gid))
    _, listed = await api.call("GET", "/api/games", ada)
    assert listed["games"][0]["running"] is False
    status, body = await api.call("POST", f"/api/games/{gid}/end", ada)
    assert (status, body["error"]["code"]) == (409, "not_running")
    assert (await api.call("DELETE", f"/api/games/{gid}", ada))[0] == 204
    assert (await api.call("GET", f"/api/games/{gid}", ada))[0] == 404


@pytest.mark.parametrize(
    ("bad", "answer"),
    [
        # NUL is refused at the entrance, naming the parameter (tests/http/test_http_bad_text.py).
        ("%00", (422, "invalid")),
        ("a%00b", (422, "invalid")),
        ("%ED%A0%80", (404, "not_found")),
        ("x" * 65, (404, "not_found")),
    ],
)
async def test_ids_no_game_can_have_are_not_found(
    api: Api, bad: str, answer: tuple[int, str]
) -> None:
    ada = await api.host()
    for method, path in (
        ("DELETE", f"/api/games/{bad}"),
        ("POST", f"/api/games/{bad}/end"),
        ("GET", f"/api/games/{bad}"),
    ):
        status, body = await api.call(method, path, ada)
        assert (status, body["error"]["code"]) == answer, (method, path, body)
    _, listed = await api.call("GET", "/api/games", ada)
    assert listed["games"] == [], listed
