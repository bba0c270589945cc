"""A full game, played over real sockets and checked against the protocol at every step.

``play_full_game`` runs a host, a screen and N players through a 5-question quiz (single and
multi-select ``choice``, ``true_false``, a question worth 2 and one worth 0) on one or more
nodes, then checks what every client received and the results API. The single-node,
two-node and PostgreSQL tests all call it. ``play_small_game`` is a two-player game to the
end, played after abuse to show the server still serves.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from tests.e2e.helpers import (
    Client,
    GameHandle,
    Host,
    Player,
    Screen,
    assert_error,
    assert_ok,
    bounded,
    check_ranks,
    close_all,
    connect_all,
    find_keys,
    has,
    new_game,
    now_ms,
    points_bounds,
    points_unit,
    streak_bonus,
)

SKIP = object()

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "choice",
        "prompt": "Which port does HTTPS use?",
        "choices": ["80", "443", "22", "25"],
        "correct": [1],
        "time_limit_ms": 20000,
    },
    {
        "kind": "choice",
        "prompt": "Which of these are prime?",
        "choices": ["2", "4", "7", "9"],
        "correct": [0, 2],
        "time_limit_ms": 20000,
    },
    {
        "kind": "true_false",
        "prompt": "Redis is a relational database.",
        "correct": False,
        "points": 2,
        "time_limit_ms": 20000,
    },
    {
        "kind": "choice",
        "prompt": "The largest planet?",
        "choices": ["Mars", "Venus", "Jupiter"],
        "correct": [2],
        "time_limit_ms": 20000,
        "explanation": "Jupiter is 11 Earths wide.",
    },
    {
        "kind": "true_false",
        "prompt": "Python is dynamically typed (a warm-up worth nothing).",
        "correct": True,
        "points": 0,
        "time_limit_ms": 20000,
    },
]

# What reveal.correct must say for each question.
CORRECT_VALUES: list[Any] = [1, [0, 2], False, 2, True]


def plan(i: int, q: int) -> tuple[Any, str]:
    """Player i's answer to question q and how it fares: right, wrong, partial or none."""
    if q == 0:
        return (0, "wrong") if i % 4 == 0 else (1, "right")
    if q == 1:
        r = i % 5
        if r == 0:
            return [0], "partial"
        if r == 1:
            return [1, 3], "wrong"
        if r == 2:
            return [0, 2, 3], "partial"  # two right, one wrong
        return [2, 0], "right"
    if q == 2:
        return (True, "wrong") if i % 3 == 0 else (False, "right")
    if q == 3:
        if i % 6 == 5:
            return SKIP, "none"
        return (0, "wrong") if i % 4 == 1 else (2, "right")
    return (True, "right") if i % 2 == 0 else (False, "wrong")


def delay_ms(i: int, q: int) -> int:
    """On question 2 half the players answer a second in, so speed scoring shows."""
    return 1000 if q == 2 and i % 2 == 1 else 0


async def _answer_at(player: Player, q: int, value: Any, at_ms: int) -> Any:
    wait_ms = at_ms - now_ms()
    if wait_ms > 0:
        await asyncio.sleep(wait_ms / 1000)
    return await player.answer(q, value)


def tally(question: dict[str, Any], values: list[Any]) -> dict[str, int]:
    """The distribution a reveal must show for these answer values."""
    if question["kind"] == "true_false":
        dist = {"true": 0, "false": 0}
        for v in values:
            dist["true" if v else "false"] += 1
        return dist
    dist = {str(i): 0 for i in range(len(question["choices"]))}
    for v in values:
        for index in v if isinstance(v, list) else [v]:
            dist[str(index)] += 1
    return dist


@dataclass
class Expected:
    """What one player must have been told, built from the plan and the scoring rules."""

    score: int = 0
    streak: int = 0
    answered: int = 0
    correct: int = 0
    last_rank: int = 0


@dataclass
class GameRun:
    game: GameHandle
    host: Host
    screen: Screen
    players: list[Player]
    expected: list[Expected]
    results: dict[str, Any]
    answered_by_q: list[int] = field(default_factory=list)


def _leak_free(client: Client, initial: list[Any]) -> None:
    assert_no_answer_leak(client.namespace, initial, client.events)


def assert_no_answer_leak(namespace: str, acks: list[Any], events: list[Any]) -> None:
    """No payload on /play or /screen carries a correct answer before its reveal.

    The only payloads allowed to hold ``correct`` are a reveal-phase state's ``reveal`` and
    the ``result`` events (which follow the reveal); ``accepted`` is never allowed.
    """
    payloads: list[tuple[str, Any]] = [("ack", a) for a in acks]
    payloads += [(r.event, r.data) for r in events]
    revealed: set[int] = set()
    for event, data in payloads:
        if event == "result":
            assert data["question"] in revealed, f"{namespace}: result before its reveal: {data}"
            continue
        state = data.get("state") if event == "ack" else data if event == "state" else None
        if state is not None:
            question = state.get("question")
            if question is not None:
                assert not find_keys(question, {"correct", "accepted"}), (namespace, question)
            if state["phase"] == "reveal":
                assert state["reveal"] is not None, state
                revealed.add(state["question"]["index"])
                rest = {k: v for k, v in state.items() if k != "reveal"}
                assert not find_keys(rest, {"correct", "accepted"}), (namespace, rest)
                continue
            assert state.get("reveal") is None, f"{namespace}: reveal outside reveal: {state}"
        leaks = find_keys(data, {"correct", "accepted"})
        assert not leaks, f"{namespace}: {event} payload leaks {leaks}: {data}"


def check_state_sequence(
    who: str, initial: dict[str, Any], states: list[dict[str, Any]], count: int
) -> None:
    """lobby → (question → reveal → scoreboard) × count → finished, seq +1 each, no gaps."""
    phases: list[tuple[str, int | None]] = [("lobby", None)]
    for q in range(count):
        phases += [("question", q), ("reveal", q), ("scoreboard", q)]
    phases.append(("finished", None))
    assert initial["phase"] == "lobby", (who, initial)
    got = [(s["phase"], (s.get("question") or {}).get("index")) for s in states]
    want = phases[1:]
    # `finished` keeps no question index; compare phases there.
    assert [g[0] for g in got] == [w[0] for w in want], f"{who}: phases {got}"
    for g, w in zip(got, want, strict=True):
        if w[1] is not None:
            assert g[1] == w[1], f"{who}: {g} where {w} was due"
    seqs = [s["seq"] for s in states]
    assert seqs == list(range(initial["seq"] + 1, initial["seq"] + 1 + len(want))), (
        f"{who}: seq {initial['seq']} then {seqs}"
    )


async def play_full_game(
    urls: list[str], n_players: int = 20, *, host_url: str | None = None
) -> GameRun:
    """Play the whole quiz; player i connects to ``urls[i % len(urls)]``, the host to the
    first node and the screen to the last."""
    host_url = host_url or urls[0]
    game = await new_game(host_url, QUESTIONS)
    host = Host(host_url)
    screen = Screen(urls[-1])
    players = [Player(urls[i % len(urls)]) for i in range(n_players)]
    expected = [Expected() for _ in players]
    answered_by_q: list[int] = []
    try:
        await connect_all([host, screen, *players])
        attach = await host.attach(game.id, game.host_key)
        assert attach["state"]["phase"] == "lobby" and attach["roster"]["count"] == 0, attach
        watch = await screen.watch(game.pin)
        assert watch["state"]["seq"] == attach["state"]["seq"], (watch, attach)

        resp = await game.account.results(game.id)
        assert resp.status_code == 409 and resp.json()["error"]["code"] == "not_finished"

        names = [f"Player {i:03d}" for i in range(n_players)]
        acks = await bounded(p.join(game.pin, n) for p, n in zip(players, names, strict=True))
        for ack, name in zip(acks, names, strict=True):
            assert ack["player"]["nickname"] == name and ack["player"]["team"] is None, ack
            assert ack["state"]["phase"] == "lobby", ack
            me = ack["state"]["me"]
            assert (me["score"], me["streak"], me["answered"]) == (0, 0, False), me
        assert len({p.id for p in players}) == n_players

        for c in (host, screen):
            roster = await c.wait_for(
                "roster",
                lambda r: (
                    r["count"] == n_players
                    and len(r["players"]) == n_players
                    and all(p["connected"] for p in r["players"])
                ),
            )
            assert {p["id"] for p in roster["players"]} == {p.id for p in players}, roster
            assert {p["nickname"] for p in roster["players"]} == set(names)

        for q, question in enumerate(QUESTIONS):
            ack = await host.command("start" if q == 0 else "next")
            assert ack["state"]["phase"] == "question", ack
            assert ack["state"]["question"]["index"] == q, ack
            opened = await asyncio.gather(*(p.wait_state("question", q) for p in players))
            assert all(s["players"] == n_players for s in opened), opened[0]
            view = opened[0]["question"]
            assert view["prompt"] == question["prompt"] and view["count"] == len(QUESTIONS)
            assert view["deadline_ms"] == view["opened_ms"] + question["time_limit_ms"], view
            assert view["points"] == question.get("points", 1), view

            planned = [plan(i, q) for i in range(n_players)]
            answering = [i for i, (v, _) in enumerate(planned) if v is not SKIP]
            answer_acks = await asyncio.gather(
                *(
                    _answer_at(players[i], q, planned[i][0], view["opened_ms"] + delay_ms(i, q))
                    for i in answering
                )
            )
            for i, a in zip(answering, answer_acks, strict=True):
                assert_ok(a, f"player {i} answer to {q}")
                expected[i].answered += 1
            answered_by_q.append(len(answering))

            k = len(answering)
            for c in (host, screen):
                await c.wait_for("progress", partial(has, question=q, answered=k, total=n_players))
            if len(answering) < n_players:
                # Someone did not answer: the host closes the question.
                ack = await host.command("next")
                assert ack["state"]["phase"] == "reveal", ack

            reveals = await asyncio.gather(*(p.wait_state("reveal", q) for p in players))
            reveal = reveals[0]["reveal"]
            assert all(r["seq"] == reveals[0]["seq"] for r in reveals)
            assert reveal["correct"] == CORRECT_VALUES[q], reveal
            assert reveal["answered"] == len(answering), reveal
            assert reveal["distribution"] == tally(question, [planned[i][0] for i in answering]), (
                reveal
            )
            assert reveal["closed_ms"] <= reveals[0]["question"]["deadline_ms"], reveal
            if "explanation" in question:
                assert reveal.get("explanation") == question["explanation"], reveal

            results = await asyncio.gather(*(p.wait_result(q) for p in players))
            times = [p.answer_times.get(q) for p in players]
            _check_results(q, question, view["opened_ms"], planned, times, results, expected)

            ack = await host.command("next")
            assert ack["state"]["phase"] == "scoreboard", ack
            boards = await asyncio.gather(*(p.wait_state("scoreboard", q) for p in players))
            _check_leaderboard(boards[0]["leaderboard"], players, expected)

        ack = await host.command("next")
        assert ack["state"]["phase"] == "finished", ack
        finals = await asyncio.gather(*(c.wait_state("finished") for c in [*players, host, screen]))
        _check_leaderboard(finals[0]["leaderboard"], players, expected)
        assert_error(await host.call("next", {}), "game_over", "next after the end")

        api = await game.account.wait_results(game.id)

        # Every client saw every state, in order, and only one result per question.
        count = len(QUESTIONS)
        for i, p in enumerate(players):
            assert p.join_ack is not None
            check_state_sequence(f"player {i}", p.join_ack["state"], p.states(), count)
            assert [r["question"] for r in p.results()] == list(range(count)), p.results()
            _leak_free(p, [p.join_ack])
        check_state_sequence("host", attach["state"], host.states(), count)
        check_state_sequence("screen", watch["state"], screen.states(), count)
        _leak_free(screen, [watch])
        for c in (host, screen):
            assert {"roster", "progress", "state"} <= {r.event for r in c.events}
            assert "result" not in {r.event for r in c.events}

        _check_api_results(api, game, players, names, expected, answered_by_q)
        return GameRun(game, host, screen, players, expected, api, answered_by_q)
    finally:
        await close_all([host, screen, *players])
        await game.account.close()


def _check_results(
    q: int,
    question: dict[str, Any],
    opened_ms: int,
    planned: list[tuple[Any, str]],
    times: list[tuple[int, int] | None],
    results: list[dict[str, Any]],
    expected: list[Expected],
) -> None:
    p = points_unit(question)
    for i, (r, (_, outcome)) in enumerate(zip(results, planned, strict=True)):
        e = expected[i]
        assert set(r) >= {"question", "correct", "points", "score", "rank", "streak"}, r
        if outcome == "right":
            e.streak += 1
            e.correct += 1
            bonus = streak_bonus(e.streak, p)
            assert r["correct"] is True, (i, q, r)
            assert p // 2 + bonus <= r["points"] <= p + bonus, (i, q, p, bonus, r)
            # Tighter: t lies between the answer's send and its ack.
            answered_at = times[i]
            assert answered_at is not None, (i, q)
            low, high = points_bounds(p, question["time_limit_ms"], opened_ms, answered_at)
            assert low + bonus <= r["points"] <= high + bonus, (i, q, low, high, bonus, r)
            if delay_ms(i, q):
                assert r["points"] < p + bonus, f"a late answer earned full points: {r}"
        elif outcome == "partial":
            e.streak = 0
            assert r["correct"] is False, (i, q, r)
            assert 0 < r["points"] < p, (i, q, r)
        else:
            e.streak = 0
            assert r["correct"] is False and r["points"] == 0, (i, q, r)
        e.score += r["points"]
        assert r["streak"] == e.streak, (i, q, e, r)
        assert r["score"] == e.score, (i, q, e, r)
    scores = {str(i): r["score"] for i, r in enumerate(results)}
    ranks = {str(i): r["rank"] for i, r in enumerate(results)}
    check_ranks(scores, ranks, f"question {q}")
    for i, r in enumerate(results):
        expected[i].last_rank = r["rank"]


def _check_leaderboard(
    board: list[dict[str, Any]], players: list[Player], expected: list[Expected]
) -> None:
    assert board is not None and len(board) == min(10, len(players)), board
    by_id = {p.id: (p, e) for p, e in zip(players, expected, strict=True)}
    ranks = [row["rank"] for row in board]
    assert ranks == sorted(ranks) and ranks[0] == 1, board
    for row in board:
        player, e = by_id[row["player_id"]]
        assert row["score"] == e.score and row["rank"] == e.last_rank, (row, e)
        assert row["nickname"] == player.join_ack["player"]["nickname"]  # type: ignore[index]
    # The top 10 are the 10 best scores.
    best = sorted((e.score for e in expected), reverse=True)[: len(board)]
    assert sorted((row["score"] for row in board), reverse=True) == best, board


def _check_api_results(
    api: dict[str, Any],
    game: GameHandle,
    players: list[Player],
    names: list[str],
    expected: list[Expected],
    answered_by_q: list[int],
) -> None:
    info = api["game"]
    assert (info["id"], info["pin"], info["quiz_id"]) == (game.id, game.pin, game.quiz_id), info
    assert info["title"] == "E2E quiz", info
    assert isinstance(info["started_at"], int) and isinstance(info["finished_at"], int), info
    assert info["started_at"] <= info["finished_at"], info
    assert isinstance(info["settings"], dict), info
    assert api["teams"] == [], api["teams"]

    rows = api["players"]
    assert len(rows) == len(players), rows
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows), "players not by rank"
    by_id = {r["player_id"]: r for r in rows}
    for i, (p, e) in enumerate(zip(players, expected, strict=True)):
        row = by_id[p.id]
        want = {
            "player_id": p.id,
            "nickname": names[i],
            "team": None,
            "score": e.score,
            "rank": e.last_rank,
            "correct": e.correct,
            "answered": e.answered,
        }
        assert {k: row[k] for k in want} == want, (i, row, want)
    check_ranks(
        {r["player_id"]: r["score"] for r in rows}, {r["player_id"]: r["rank"] for r in rows}
    )

    questions = api["questions"]
    assert [q["index"] for q in questions] == list(range(len(QUESTIONS))), questions
    for q, (row, question) in enumerate(zip(questions, QUESTIONS, strict=True)):
        planned = [plan(i, q) for i in range(len(players))]
        values = [v for v, _ in planned if v is not SKIP]
        assert row["kind"] == question["kind"] and row["prompt"] == question["prompt"], row
        assert row["answered"] == answered_by_q[q] == len(values), row
        assert row["correct"] == sum(1 for _, o in planned if o == "right"), row
        assert row["distribution"] == tally(question, values), row


SMALL_QUESTION: dict[str, Any] = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 30000,
}


async def play_small_game(url: str) -> None:
    """A plain two-player game from start to results: the server still serves."""
    game = await new_game(url, [SMALL_QUESTION])
    host, a, b = Host(url), Player(url), Player(url)
    try:
        await connect_all([host, a, b])
        await host.attach(game.id, game.host_key)
        await a.join(game.pin, "Still")
        await b.join(game.pin, "Here")
        await host.command("start")
        await a.wait_state("question", 0)
        assert_ok(await a.answer(0, 2))
        assert_ok(await b.answer(0, 1))
        assert (await a.wait_for("result"))["correct"] is True
        await host.command("next")
        await host.command("next")
        await b.wait_state("finished")
        results = await game.account.wait_results(game.id)
        assert [p["correct"] for p in results["players"]] == [1, 0], results["players"]
    finally:
        await close_all([host, a, b])
        await game.account.close()
