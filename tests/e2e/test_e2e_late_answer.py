"""What a phone whose answer was on its way when the question closed is told by the server.

The `result` event says whether the server has the player's answer, and a player who resumes
during the reveal (and so missed that event) finds its result in the join ack's ``me.result``.
"""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
)

QUESTIONS = [
    {
        "kind": "choice",
        "prompt": "Which one?",
        "choices": ["right", "wrong"],
        "correct": [0],
        "time_limit_ms": 30000,
    }
]


async def test_result_says_whether_the_answer_arrived(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    ana, ben = Player(server.url), Player(server.url)
    extra: list[Player] = []
    try:
        await connect_all([host, ana, ben])
        await host.attach(game.id, game.host_key)
        await ana.join(game.pin, "Ana")
        await ben.join(game.pin, "Ben")
        await host.command("start")
        await asyncio.gather(ana.wait_state("question", 0), ben.wait_state("question", 0))
        assert_ok(await ana.answer(0, 0))
        # Ben's phone drops with his tap still on it. Everyone still connected has answered,
        # so the question closes by itself (a host's `next` here would race that close and
        # could move the game on to the scoreboard).
        await ben.close()
        result = await ana.wait_result(0)
        assert result["answered"] is True and result["correct"] is True, result

        ben2 = Player(server.url)
        extra.append(ben2)
        await ben2.connect()
        ack = await ben2.resume(game.pin, ben.token)
        state = ack["state"]
        assert state["phase"] == "reveal", state
        me = state["me"]
        assert me["answered"] is False, me
        assert me["result"] == {
            "question": 0,
            "correct": False,
            "points": 0,
            "score": 0,
            "rank": 2,
            "streak": 0,
            "answered": False,
        }, me
        # The queued tap now: too late, the server's clock decided.
        assert_error(await ben2.answer(0, 0), "question_closed")

        # Ana resuming in the reveal gets her own result again, as the event had it.
        ana2 = Player(server.url)
        extra.append(ana2)
        await ana2.connect()
        mine = (await ana2.resume(game.pin, ana.token))["state"]["me"]
        assert mine["answered"] is True and mine["result"] == result, mine

        # Out of the reveal there is no result in the ack.
        await host.command("next")
        ana3 = Player(server.url)
        extra.append(ana3)
        await ana3.connect()
        later = (await ana3.resume(game.pin, ana.token))["state"]
        assert later["phase"] == "scoreboard" and "result" not in later["me"], later
    finally:
        await close_all([host, ana, ben, *extra])
