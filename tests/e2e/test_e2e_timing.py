"""When a question closes: early once every connected player answered, else at its deadline."""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    Screen,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    now_ms,
    points_bounds,
)

QUESTIONS = [
    {
        "kind": "true_false",
        "prompt": "The sun is a star.",
        "correct": True,
        "time_limit_ms": 20000,
    },
    {
        "kind": "choice",
        "prompt": "Nobody will answer this one.",
        "choices": ["a", "b"],
        "correct": [0],
        "time_limit_ms": 5000,
    },
]


async def test_question_closes_early_then_at_deadline(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    players = [Player(server.url) for _ in range(3)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(players):
            await p.join(game.pin, f"Timer {i}")

        # Question 0: everyone answers right away; the reveal comes long before the deadline.
        await host.command("start")
        q0 = (await players[0].wait_state("question", 0))["question"]
        acks = await asyncio.gather(*(p.answer(0, True) for p in players))
        for a in acks:
            assert_ok(a)
        answered_ms = now_ms()
        record = await players[0].wait_for_record("state", lambda s: s["phase"] == "reveal")
        reveal = record.data["reveal"]
        assert reveal["answered"] == 3, reveal
        assert reveal["closed_ms"] < q0["deadline_ms"] - 15000, (reveal, q0)
        # Far sooner than the deadline, with room for a loaded machine (1.5 s was too tight).
        assert record.at_ms - answered_ms < 5000, "early close took too long"
        first = await asyncio.gather(*(p.wait_result(0) for p in players))
        for r in first:
            assert r["correct"] is True and r["streak"] == 1 and r["points"] >= 500, r

        await host.command("next")
        await host.command("next")

        # Question 1: nobody answers; it closes by its deadline, by the server's clock.
        q1 = (await players[0].wait_state("question", 1))["question"]
        assert q1["deadline_ms"] == q1["opened_ms"] + 5000, q1
        records = await asyncio.gather(
            *(
                p.wait_for_record(
                    "state",
                    lambda s: s["phase"] == "reveal" and s["question"]["index"] == 1,
                )
                for p in players
            )
        )
        for rec in records:
            reveal = rec.data["reveal"]
            assert reveal["closed_ms"] >= q1["deadline_ms"], (reveal, q1)
            assert rec.at_ms - q1["deadline_ms"] <= 2000, (
                f"reveal arrived {rec.at_ms - q1['deadline_ms']} ms after the deadline"
            )
            assert reveal["answered"] == 0 and reveal["distribution"] == {"0": 0, "1": 0}
        results = await asyncio.gather(*(p.wait_result(1) for p in players))
        for r, before in zip(results, first, strict=True):
            assert r["correct"] is False and r["points"] == 0, r
            assert r["streak"] == 0, "a missed question must end the streak"
            assert r["score"] == before["score"], (r, before)

        # Too late now: the question is closed.
        assert_error(await players[0].answer(1, 0), "question_closed", "answer after deadline")

        await host.command("next")
        await host.command("next")
        await players[0].wait_state("finished")
        results_api = await game.account.wait_results(game.id)
        assert [q["answered"] for q in results_api["questions"]] == [3, 0]
        assert [q["correct"] for q in results_api["questions"]] == [3, 0]
        for row in results_api["players"]:
            assert (row["answered"], row["correct"]) == (1, 1), row
    finally:
        await close_all([host, *players])
        await game.account.close()


async def test_question_closes_when_the_last_one_waited_for_leaves(server: Group) -> None:
    """Everyone still connected has answered once the straggler drops out or is kicked."""
    questions = [{**QUESTIONS[0], "time_limit_ms": 60000} for _ in range(2)]
    game = await new_game(server.url, questions)
    host = Host(server.url)
    ada, bo, cy = players = [Player(server.url) for _ in range(3)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for name, p in zip(("Ada", "Bo", "Cy"), players, strict=True):
            await p.join(game.pin, name)

        await host.command("start")
        q0 = (await ada.wait_state("question", 0))["question"]
        for a in await asyncio.gather(ada.answer(0, True), bo.answer(0, False)):
            assert_ok(a)
        assert not [s for s in ada.states() if s["phase"] == "reveal"], "closed too early"
        await cy.close()  # the one everyone waits for leaves
        revealed = await ada.wait_state("reveal", 0)
        assert revealed["reveal"]["closed_ms"] < q0["deadline_ms"] - 50000, revealed
        assert (await ada.wait_result(0))["correct"] is True
        assert (await bo.wait_result(0))["correct"] is False

        await host.command("next")
        await host.command("next")
        q1 = (await ada.wait_state("question", 1))["question"]
        assert_ok(await ada.answer(1, True))
        await host.command("kick", {"player_id": bo.id})  # the straggler is kicked
        revealed = await ada.wait_state("reveal", 1)
        assert revealed["reveal"]["closed_ms"] < q1["deadline_ms"] - 50000, revealed
        assert revealed["reveal"]["answered"] == 1, revealed
        second = await ada.wait_result(1)
        assert second["correct"] is True and second["streak"] == 2, second
    finally:
        await close_all([host, *players])
        await game.account.close()


async def test_read_the_question_first(server: Group) -> None:
    """With read_first_ms the question is shown, answers are refused until they open, and
    the time limit and speed points count from the opening, all by the server's clock."""
    question = {
        "kind": "true_false",
        "prompt": "Read me first.",
        "correct": True,
        "time_limit_ms": 10000,
    }
    game = await new_game(server.url, [question], {"read_first_ms": 3000})
    host, screen = Host(server.url), Screen(server.url)
    ana, ben = Player(server.url), Player(server.url)
    try:
        await connect_all([host, screen, ana, ben])
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        await ana.join(game.pin, "Ana")
        await ben.join(game.pin, "Ben")
        await host.command("start")
        view = (await ana.wait_state("question", 0))["question"]
        shown = (await screen.wait_state("question", 0))["question"]
        assert view["prompt"] == shown["prompt"] == "Read me first.", (view, shown)
        assert view["answers_open_ms"] == view["opened_ms"] + 3000, view
        assert view["deadline_ms"] == view["answers_open_ms"] + 10000, view
        assert shown["answers_open_ms"] == view["answers_open_ms"], shown

        # Too early: refused with a code, and nothing changed (Ana may answer later).
        early = await ana.answer(0, True)
        assert now_ms() < view["answers_open_ms"], "the early answer came too late to test"
        assert_error(early, "answers_not_open")
        assert 0 not in ana.answer_times

        # Poll (the server's clock decides) until the answers open; every refusal is the same.
        while True:
            ack = await ana.answer(0, True)
            if ack.get("ok"):
                break
            assert_error(ack, "answers_not_open")
            assert now_ms() < view["answers_open_ms"] + 2000, "answers never opened"
            await asyncio.sleep(0.1)
        sent, _ = ana.answer_times[0]
        assert sent >= view["answers_open_ms"] - 50, (sent, view)
        assert_ok(await ben.answer(0, False))  # everyone answered: the reveal comes at once
        result = await ana.wait_result(0)
        # Scored from the opening of answers: a quick answer after the reading time earns
        # nearly full speed points (from `opened_ms` it would be at least 3 s slower).
        low, high = points_bounds(1000, 10000, view["answers_open_ms"], ana.answer_times[0])
        assert result["correct"] is True and low <= result["points"] <= high, (low, high, result)
        from_shown, _ = points_bounds(1000, 10000, view["opened_ms"], ana.answer_times[0])
        assert result["points"] > from_shown + 100, (result, from_shown)  # 3 s of 10 s: 150
    finally:
        await close_all([host, screen, ana, ben])
