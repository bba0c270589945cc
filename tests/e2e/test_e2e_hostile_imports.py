"""Hostile spreadsheets uploaded to a real node while a game is live on it: each is refused
with a 4xx naming its limit, nothing is stored, and the game's players are served meanwhile
(the imports are parsed in worker threads, off the event loop)."""

from __future__ import annotations

import asyncio
import time

from tests.e2e.conftest import Group
from tests.e2e.helpers import Host, Player, assert_ok, close_all, connect_all, new_game
from tests.reports.hostile_files import million_cell_row, zip_bomb

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHOICE = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 60000,
}


async def test_hostile_imports_leave_a_live_game_playing(server: Group) -> None:
    url = server.url
    game = await new_game(url, [CHOICE])
    http = game.account.http
    host, players = Host(url), [Player(url) for _ in range(3)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(players):
            assert_ok(await p.join(game.pin, f"Player {i}"), "join")
        assert_ok(await host.call("start", {}), "start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))

        hostile = [
            (million_cell_row(), "rows[1]", "row 1: a row may hold at most 256 cells"),
            (zip_bomb(100), "file", "unpacks to more than 4 MB"),
        ] * 3
        started = time.monotonic()
        uploads = [
            asyncio.create_task(
                http.post(
                    "/api/quizzes/import",
                    files={"file": ("kahoot.xlsx", data, XLSX)},
                    data={"title": "Hostile"},
                )
            )
            for data, _, _ in hostile
        ]
        # The players answer while the uploads are in flight; each is acknowledged.
        for p in players:
            assert_ok(await p.answer(0, 2), "answer")
        responses = await asyncio.gather(*uploads)
        # Seconds each at 1 GB before the limits; a generous bound for a busy machine.
        assert time.monotonic() - started < 30
        for (_, field, words), resp in zip(hostile, responses, strict=True):
            assert resp.status_code == 422, resp.text
            error = resp.json()["error"]
            assert error["field"] == field, error
            assert words in error["message"], error
        listed = (await http.get("/api/quizzes")).json()["quizzes"]
        assert [q["id"] for q in listed] == [game.quiz_id]  # nothing stored
        await asyncio.gather(*(p.wait_state("reveal", 0) for p in players))  # all answered
    finally:
        await close_all([host, *players])
        await game.account.close()
