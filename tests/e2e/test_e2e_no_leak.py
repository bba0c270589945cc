"""No correct answer reaches a phone or the big screen before the question is revealed."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.game_run import assert_no_answer_leak
from tests.e2e.helpers import (
    Client,
    Host,
    Player,
    Screen,
    assert_ok,
    close_all,
    connect_all,
    new_game,
)

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "choice",
        "prompt": "Single",
        "choices": ["a", "b", "c"],
        "correct": [1],
        "time_limit_ms": 30000,
        "explanation": "b it is",
    },
    {
        "kind": "choice",
        "prompt": "Multi",
        "choices": ["a", "b", "c", "d"],
        "correct": [0, 3],
        "time_limit_ms": 30000,
    },
    {"kind": "true_false", "prompt": "True?", "correct": True, "time_limit_ms": 30000},
    {
        "kind": "type_answer",
        "prompt": "The capital of France?",
        "accepted": ["Paris", "Lutetia"],
        "time_limit_ms": 30000,
    },
    {
        "kind": "numeric",
        "prompt": "How many?",
        "correct": 4321.5,
        "tolerance": 0,
        "min": 0,
        "max": 10000,
        "time_limit_ms": 30000,
    },
    {
        "kind": "order",
        "prompt": "Count up",
        "items": ["one", "two", "three", "four", "five"],
        "time_limit_ms": 30000,
    },
]
# Text that must not appear in anything a phone or screen gets before the question's reveal.
SECRETS: list[list[str]] = [[], [], [], ["Paris", "Lutetia"], ["4321.5"], []]


def right_answer(q: int, shown: dict[str, Any]) -> Any:
    """The right answer to question q, as a player sends it (order: shown positions)."""
    if q == 5:
        return [shown["items"].index(item) for item in QUESTIONS[5]["items"]]
    return [1, [0, 3], True, "paris", 4321.5][q]


def assert_no_secret_before_reveal(namespace: str, acks: list[Any], events: list[Any]) -> int:
    """No payload holds a question's secret text before that question's reveal arrives."""
    payloads = [("ack", a) for a in acks] + [(r.event, r.data) for r in events]
    revealed: set[int] = set()
    checked = 0
    for event, data in payloads:
        state = data.get("state") if event == "ack" else data if event == "state" else None
        if state and state["phase"] == "reveal":
            revealed.add(state["question"]["index"])
        text = json.dumps(data)
        for q, secrets in enumerate(SECRETS):
            if q not in revealed:
                for secret in secrets:
                    assert secret not in text, f"{namespace}: {event} gives away {secret}: {text}"
                    checked += 1
    return checked


async def test_no_answer_before_its_reveal(server: Group) -> None:
    url = server.url
    game = await new_game(url, QUESTIONS)
    host = Host(url)
    screen = Screen(url)
    players = [Player(url) for _ in range(3)]
    # Every /play and /screen client and every ack it got, joined or watched at any phase.
    watched: list[tuple[Client, list[Any]]] = []
    late: list[Client] = []
    try:
        await connect_all([host, screen, *players])
        await host.attach(game.id, game.host_key)
        watched.append((screen, [await screen.watch(game.pin)]))
        for i, p in enumerate(players):
            watched.append((p, [await p.join(game.pin, f"Fair {i}")]))

        for q in range(len(QUESTIONS)):
            await host.command("start" if q == 0 else "next")
            shown = (await asyncio.gather(*(p.wait_state("question", q) for p in players)))[0]
            answer = right_answer(q, shown["question"])
            if q == 5:  # a uniform shuffle (the right order too, 1 game in 120), the same for all
                assert sorted(shown["question"]["items"]) == sorted(QUESTIONS[5]["items"]), shown

            # Mid-question: a new phone joins, a new screen watches, a phone drops and resumes.
            newcomer, viewer, resumed = Player(url), Screen(url), Player(url)
            late += [newcomer, viewer, resumed]
            await connect_all([newcomer, viewer, resumed])
            joined = await newcomer.join(game.pin, f"Late {q}")
            assert joined["state"]["phase"] == "question", joined
            watched.append((newcomer, [joined]))
            seen = await viewer.watch(game.pin)
            assert seen["state"]["phase"] == "question", seen
            watched.append((viewer, [seen]))
            dropping = players[0]
            await dropping.close()
            back = await resumed.resume(game.pin, dropping.token)
            assert back["state"]["phase"] == "question", back
            watched.append((resumed, [back]))
            players[0] = resumed

            for a in await asyncio.gather(
                *(p.answer(q, answer) for p in [*players, newcomer]), return_exceptions=True
            ):
                assert_ok(a)
            revealed = await screen.wait_state("reveal", q)
            correct = revealed["reveal"]["correct"]
            assert correct == (["Paris", "Lutetia"] if q == 3 else answer), revealed
            for p in players:
                await p.wait_result(q)
            await host.command("next")
            await screen.wait_state("scoreboard", q)
            # Someone arriving at the scoreboard sees no reveal either.
            viewer2 = Screen(url)
            late.append(viewer2)
            await viewer2.connect()
            board = await viewer2.watch(game.pin)
            assert board["state"]["phase"] == "scoreboard" and board["state"]["reveal"] is None
            watched.append((viewer2, [board]))
            players.append(newcomer)

        await host.command("next")
        await screen.wait_state("finished")

        question_payloads = 0
        secrets_checked = 0
        for client, acks in watched:
            assert_no_answer_leak(client.namespace, acks, client.events)
            secrets_checked += assert_no_secret_before_reveal(client.namespace, acks, client.events)
            question_payloads += sum(
                1
                for s in [*(a["state"] for a in acks), *client.states()]
                if s["phase"] == "question"
            )
        # The check looked at real traffic: question states on every client, plus
        # roster and progress on the screens.
        assert question_payloads >= 3 * len(QUESTIONS), question_payloads
        assert screen.received("progress") and screen.received("roster")
        assert secrets_checked > 100, secrets_checked
        # Everyone answered right, so each result says so.
        for p in players:
            assert all(r["correct"] for r in p.results()), p.results()
    finally:
        await close_all([host, screen, *players, *late])
        await game.account.close()
