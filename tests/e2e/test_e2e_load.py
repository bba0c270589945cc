"""Many players answering at once: each accepted answer is counted exactly once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    Screen,
    assert_error,
    bounded,
    close_all,
    connect_all,
    new_game,
    now_ms,
)

N = 200
QUESTIONS = [
    {
        "kind": "choice",
        "prompt": "Pick any",
        "choices": ["a", "b", "c", "d"],
        "correct": [3],
        "time_limit_ms": 30000,
    }
]


async def test_200_players_answer_within_a_second(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    screen = Screen(server.url)
    players = [Player(server.url) for _ in range(N)]
    try:
        await connect_all([host, screen, *players], limit=50)
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        joining = now_ms()
        await bounded((p.join(game.pin, f"Crowd {i}") for i, p in enumerate(players)), limit=50)
        roster = await host.wait_for("roster", lambda r: r["count"] == N)
        # Coalesced: at most two roster events a second however fast players join.
        stamps = [r.at_ms for r in host.events if r.event == "roster"]
        assert len(stamps) <= 2 * (stamps[-1] - joining) / 1000 + 2, (len(stamps), stamps)
        # Above 100 players the roster event holds the 100 most recent joins.
        assert len(roster["players"]) == 100, len(roster["players"])
        page = await host.call("roster", {"offset": 0, "limit": 500})
        assert page["count"] == N and len(page["players"]) == N, page["count"]
        assert {p["id"] for p in page["players"]} == {p.id for p in players}
        # ... the most recent joins, i.e. the last 100 of the full roster, in join order.
        assert [p["id"] for p in roster["players"]] == [p["id"] for p in page["players"][-100:]]
        second = await host.call("roster", {"offset": 150, "limit": 100})
        assert second["players"] == page["players"][150:], "paging"

        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))

        # Every player answers twice at once (a double tap); one of the two may count.
        started = time.monotonic()
        acks = await asyncio.gather(
            *(p.answer(0, i % 4) for i, p in enumerate(players)),
            *(p.answer(0, (i + 1) % 4) for i, p in enumerate(players)),
        )
        elapsed = time.monotonic() - started
        assert elapsed < 5, f"{N * 2} answers took {elapsed:.1f}s"
        ok = Counter(i % N for i, a in enumerate(acks) if a.get("ok") is True)
        assert len(ok) == N and set(ok.values()) == {1}, f"accepted per player: {ok}"
        for a in acks:
            if a.get("ok") is not True:
                assert_error(a, {"already_answered", "question_closed"})
        accepted = sum(ok.values())

        reveal = (await screen.wait_state("reveal", 0))["reveal"]
        assert reveal["answered"] == accepted == N, reveal
        assert sum(reveal["distribution"].values()) == N, reveal
        results = await asyncio.gather(*(p.wait_result(0) for p in players))
        first_value = {i: (i % 4 if acks[i].get("ok") is True else (i + 1) % 4) for i in range(N)}
        for i, r in enumerate(results):
            assert r["correct"] is (first_value[i] == 3), (i, r)
        assert sum(1 for r in results if r["correct"]) == reveal["distribution"]["3"]

        await host.command("next")
        await host.command("next")
        await screen.wait_state("finished")
        api = await game.account.wait_results(game.id)
        assert len(api["players"]) == N
        assert all(row["answered"] == 1 for row in api["players"]), api["players"]
        assert api["questions"][0]["answered"] == accepted, api["questions"]
        assert api["questions"][0]["distribution"] == reveal["distribution"]
        assert api["questions"][0]["correct"] == reveal["distribution"]["3"]
    finally:
        await close_all([host, screen, *players])
        await game.account.close()
