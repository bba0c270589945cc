"""Every question kind over real sockets: what players see, how answers are judged and
scored, each reveal's ``correct`` and ``distribution``, and the results API's questions.

The game uses accuracy scoring so that every figure is exact: 1000 a right answer, the
streak bonus from the second in a row, partial credit for a multi-select choice.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.helpers import assert_error, assert_ok, check_ranks, find_keys
from tests.e2e.rules_support import (
    Tally,
    answer_all,
    check_result,
    open_table,
    results_of,
    states_of,
)

PLANETS = ["Mercury", "Venus", "Earth", "Mars"]  # the correct order: nearest the Sun first

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "type_answer",
        "prompt": "The capital of France?",
        "accepted": ["Paris", "Paname"],
        "typos": 1,
    },
    {
        "kind": "numeric",
        "prompt": "Pi to two decimals?",
        "correct": 3.14,
        "tolerance": 0.01,
        "min": 0,
        "max": 10,
    },
    {"kind": "order", "prompt": "Nearest the Sun first", "items": PLANETS},
    {
        "kind": "choice",
        "prompt": "Which are prime?",
        "choices": ["2", "3", "4", "5", "6"],
        "correct": [0, 1, 3],
    },
    {
        "kind": "poll",
        "prompt": "Favourite season?",
        "choices": ["Spring", "Summer", "Autumn", "Winter"],
    },
    {"kind": "word_cloud", "prompt": "Today in a few words?"},
    {"kind": "true_false", "prompt": "Streaks survive polls and clouds.", "correct": True},
]
NAMES = ["Ana", "Ben", "Cy", "Dee", "Eve"]
NONE = object()  # no answer
RIGHT, WRONG = Fraction(1), Fraction(0)
ORDER_RIGHT, ORDER_REVERSED, ORDER_SWAPPED = "right", "reversed", "swapped"

# Per question, per player: (answer value, fraction of the points it earns); the order
# question's values are placeholders resolved against the order the state shows.
PLAN: list[list[tuple[Any, Fraction]]] = [
    [("  PARÍS!! ", RIGHT), ("pariss", RIGHT), ("Lyon", WRONG), ("lyon!", WRONG), ("Parsi", WRONG)],
    [(3.15, RIGHT), (3.13, RIGHT), (3.1500001, WRONG), (3, WRONG), (3.14, RIGHT)],
    [
        (ORDER_RIGHT, RIGHT),
        (ORDER_RIGHT, RIGHT),
        (ORDER_REVERSED, WRONG),
        (ORDER_SWAPPED, WRONG),
        (ORDER_RIGHT, RIGHT),
    ],
    [
        ([0, 1, 3], RIGHT),
        ([0, 1], Fraction(2, 3)),
        ([0, 1, 2], Fraction(1, 3)),
        ([0, 2], WRONG),
        ([3, 1, 0], RIGHT),
    ],
    [(1, WRONG), (1, WRONG), (0, WRONG), (3, WRONG), (NONE, WRONG)],
    [
        ("Sunny day, sunny DAY!", WRONG),
        ("fun, fun & FUN!", WRONG),
        ("  sunny  ", WRONG),
        ("Café au lait", WRONG),
        ("🦊 fun", WRONG),
    ],
    [(True, RIGHT), (True, RIGHT), (False, WRONG), (True, RIGHT), (True, RIGHT)],
]
DISTRIBUTIONS: list[dict[str, int]] = [
    {"Paris": 2, "Paname": 0, "lyon": 2, "parsi": 1},
    {"3.14": 1, "3.15": 1, "3.13": 1, "3.1500001": 1, "3": 1},
    {"correct": 3, "incorrect": 2},
    {"0": 5, "1": 4, "2": 2, "3": 2, "4": 0},
    {"0": 1, "1": 2, "2": 0, "3": 1},
    {"sunny": 2, "day": 1, "fun": 2, "café": 1, "au": 1, "lait": 1, "🦊": 1},
    {"true": 4, "false": 1},
]


def _view_checks(q: int, view: dict[str, Any]) -> None:
    """What players see of each kind; never the answer."""
    question = QUESTIONS[q]
    assert view["kind"] == question["kind"] and view["prompt"] == question["prompt"], view
    assert not find_keys(view, {"correct", "accepted", "tolerance", "typos"}), view
    kind = question["kind"]
    if kind == "type_answer":
        assert view["max_length"] == 200, view
    elif kind == "numeric":
        assert (view["min"], view["max"]) == (0, 10), view
    elif kind == "order":
        assert sorted(view["items"]) == sorted(PLANETS), view
    elif kind == "choice":
        assert view["multi"] is True and view["choices"] == question["choices"], view
    elif kind == "poll":
        assert view["choices"] == question["choices"] and view["points"] == 0, view
    elif kind == "word_cloud":
        assert view["max_length"] == 40 and view["points"] == 0, view


def _order_answer(shown: list[str], how: str) -> list[int]:
    """An answer to the order question: displayed positions, in the player's order."""
    right = [shown.index(item) for item in PLANETS]
    if how == ORDER_RIGHT:
        return right
    if how == ORDER_REVERSED:
        return right[::-1]
    return [right[1], right[0], *right[2:]]


async def test_every_question_kind(server: Group) -> None:
    table = await open_table(server.url, QUESTIONS, {"scoring": "accuracy"}, n_players=5)
    try:
        await table.join_all(NAMES)
        players = table.players
        ana, _, cy, _, _ = players
        tallies = [Tally() for _ in players]
        await table.host.command("start")
        for q, question in enumerate(QUESTIONS):
            if q:
                await table.next("scoreboard", q - 1)
                await table.next("question", q)
            views = [s["question"] for s in await states_of(players, "question", q)]
            _view_checks(q, views[0])
            assert all(v == views[0] for v in views), "every phone sees the same question"
            kind = question["kind"]
            if kind == "numeric":
                # Outside [min, max]: refused, and the player may still answer.
                for value in (42, -1, 10.0001):
                    assert_error(await cy.answer(q, value), "invalid_answer", f"{value}")
            if kind == "type_answer":
                assert_error(await ana.answer(q, "?!…"), "invalid_answer", "empty once normalised")
            values = [
                _order_answer(views[0]["items"], v) if kind == "order" else v for v, _ in PLAN[q]
            ]
            answering = [(p, q, v) for p, v in zip(players, values, strict=True) if v is not NONE]
            await answer_all(answering)
            if len(answering) < len(players):
                await table.next("reveal", q)
            reveal_states = await states_of([*players, table.host, table.screen], "reveal", q)
            reveal = reveal_states[0]["reveal"]
            assert all(s["reveal"] == reveal for s in reveal_states), reveal_states
            assert reveal["answered"] == len(answering), reveal
            assert reveal["distribution"] == DISTRIBUTIONS[q], (kind, reveal)
            if kind in ("poll", "word_cloud"):
                assert reveal["correct"] is None, reveal
            elif kind == "type_answer":
                assert reveal["correct"] == ["Paris", "Paname"], reveal
            elif kind == "numeric":
                assert reveal["correct"] == 3.14, reveal
            elif kind == "order":
                assert reveal["correct"] == _order_answer(views[0]["items"], ORDER_RIGHT), reveal
            elif kind == "choice":
                assert reveal["correct"] == [0, 1, 3], reveal
            else:
                assert reveal["correct"] is True, reveal

            results = await results_of(players, q)
            scored = kind not in ("poll", "word_cloud")
            for i, (result, (value, fraction)) in enumerate(zip(results, PLAN[q], strict=True)):
                tallies[i].accuracy(
                    1000 * question.get("points", 1) if scored else 0,
                    None if value is NONE else fraction,
                    scored=scored,
                )
                check_result(result, tallies[i], scored and fraction == 1, f"{NAMES[i]} q{q}")
            check_ranks(
                {n: r["score"] for n, r in zip(NAMES, results, strict=True)},
                {n: r["rank"] for n, r in zip(NAMES, results, strict=True)},
                f"q{q}",
            )
            if kind == "choice":  # partial credit: 2/3 and 1/3 of 1000, rounded half up
                assert [r["points"] for r in results] == [1300, 667, 333, 0, 1200], results
            if kind in ("poll", "word_cloud"):  # no points, streaks as they were
                assert [r["points"] for r in results] == [0] * 5, results
                assert [r["streak"] for r in results] == [4, 0, 0, 0, 3], results

        # Ana and Eve carried their streaks over the poll and the cloud: 5th and 4th in a row.
        last = await results_of(players, len(QUESTIONS) - 1)
        assert [(r["streak"], r["points"]) for r in last] == [
            (5, 1400),
            (1, 1000),
            (0, 0),
            (1, 1000),
            (4, 1300),
        ], last
        await table.next("scoreboard", len(QUESTIONS) - 1)
        await table.next("finished")

        api = await table.game.account.wait_results(table.game.id)
        rows = {r["nickname"]: r for r in api["players"]}
        for name, tally in zip(NAMES, tallies, strict=True):
            row = rows[name]
            assert (row["score"], row["correct"], row["answered"]) == (
                tally.score,
                tally.correct,
                tally.answered,
            ), (name, row, tally)
        assert [r["nickname"] for r in api["players"]] == ["Ana", "Ben", "Eve", "Dee", "Cy"]
        assert [r["rank"] for r in api["players"]] == [1, 2, 3, 4, 5]
        summary = [
            (q["index"], q["kind"], q["prompt"], q["answered"], q["correct"], q["distribution"])
            for q in api["questions"]
        ]
        assert summary == [
            (0, "type_answer", QUESTIONS[0]["prompt"], 5, 2, DISTRIBUTIONS[0]),
            (1, "numeric", QUESTIONS[1]["prompt"], 5, 3, DISTRIBUTIONS[1]),
            (2, "order", QUESTIONS[2]["prompt"], 5, 3, DISTRIBUTIONS[2]),
            (3, "choice", QUESTIONS[3]["prompt"], 5, 2, DISTRIBUTIONS[3]),
            (4, "poll", QUESTIONS[4]["prompt"], 4, 0, DISTRIBUTIONS[4]),
            (5, "word_cloud", QUESTIONS[5]["prompt"], 5, 0, DISTRIBUTIONS[5]),
            (6, "true_false", QUESTIONS[6]["prompt"], 5, 4, DISTRIBUTIONS[6]),
        ], summary
        assert_ok(await table.screen.call("watch", {"pin": table.game.pin}))
    finally:
        await table.close()
