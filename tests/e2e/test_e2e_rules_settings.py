"""Every game setting, exercised over real sockets against a real server at least once.

(`teams` has its own file, test_e2e_rules_teams.py; bad values are in
test_e2e_rules_refusals.py.)
"""

from __future__ import annotations

import asyncio
import itertools
from fractions import Fraction
from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Player,
    assert_error,
    assert_ok,
    has,
    now_ms,
    points_bounds,
)
from tests.e2e.rules_support import (
    Tally,
    answer_all,
    check_result,
    device_order,
    open_table,
    results_of,
    states_of,
)


def _tf(prompt: str, correct: bool, **extra: Any) -> dict[str, Any]:
    return {"kind": "true_false", "prompt": prompt, "correct": correct, **extra}


async def _answer_later(player: Player, question: int, value: Any, at_ms: int) -> None:
    wait_ms = at_ms - now_ms()
    if wait_ms > 0:
        await asyncio.sleep(wait_ms / 1000)
    assert_ok(await player.answer(question, value), f"late answer to {question}")


# ---------------------------------------------------------------------- scoring, streaks, points


async def test_accuracy_scoring_without_streaks_and_points_0_and_2(server: Group) -> None:
    questions = [
        {"kind": "choice", "prompt": "Pick b", "choices": ["a", "b", "c"], "correct": [1]},
        _tf("Worth double: the Moon is a planet.", False, points=2),
        _tf("Worth nothing: 2 + 2 = 4.", True, points=0),
        {"kind": "choice", "prompt": "Pick a", "choices": ["a", "b"], "correct": 0, "points": 1},
    ]
    table = await open_table(
        server.url, questions, {"scoring": "accuracy", "streaks": False}, n_players=2
    )
    try:
        slow, quick = table.players
        await table.join_all(["Slow", "Quick"])
        for p in (slow, quick):
            assert p.join_ack is not None
            assert "shuffle_seed" not in p.join_ack and "renamed" not in p.join_ack, p.join_ack
        # Both right everywhere except Quick on the 0-point question.
        plan: list[tuple[Any, Any]] = [(1, 1), (False, False), (True, False), (0, 0)]
        right_values: list[Any] = [1, False, True, 0]
        tallies = {"Slow": Tally(), "Quick": Tally()}
        await table.host.command("start")
        for q, question in enumerate(questions):
            if q:
                await table.next("question", q)
            view = (await states_of(table.players, "question", q))[0]["question"]
            assert view["points"] == question.get("points", 1), view
            if q == 0:
                # Slow answers 1.2 s in: under accuracy scoring it still earns the full 1000.
                await asyncio.gather(
                    _answer_later(slow, 0, plan[0][0], view["opened_ms"] + 1200),
                    answer_all([(quick, 0, plan[0][1])]),
                )
                assert slow.answer_times[0][0] - view["opened_ms"] >= 1150
            else:
                await answer_all([(slow, q, plan[q][0]), (quick, q, plan[q][1])])
            results = await results_of(table.players, q)
            for name, value, result in zip(("Slow", "Quick"), plan[q], results, strict=True):
                right = value == right_values[q]
                p = 1000 * question.get("points", 1)
                tallies[name].accuracy(p, Fraction(int(right)), streaks=False)
                check_result(result, tallies[name], right, f"{name} q{q}")
            await table.next("scoreboard", q)

        # Streaks counted (Slow 4 in a row, the 0-point question included) but paid nothing.
        assert [r["streak"] for r in slow.results()] == [1, 2, 3, 4]
        assert [r["points"] for r in slow.results()] == [1000, 2000, 0, 1000]
        assert [r["streak"] for r in quick.results()] == [1, 2, 0, 1]
        assert [r["points"] for r in quick.results()] == [1000, 2000, 0, 1000]
        # Equal scores: the lower total time of correct answers ranks first.
        final = (await table.next("finished"))["leaderboard"]
        assert [(r["nickname"], r["score"], r["rank"]) for r in final] == [
            ("Quick", 4000, 1),
            ("Slow", 4000, 2),
        ], final
        api = await table.game.account.wait_results(table.game.id)
        assert [(r["nickname"], r["rank"], r["correct"]) for r in api["players"]] == [
            ("Quick", 1, 3),
            ("Slow", 2, 4),
        ], api["players"]
        assert api["game"]["settings"]["scoring"] == "accuracy", api["game"]
        assert api["game"]["settings"]["streaks"] is False, api["game"]
    finally:
        await table.close()


async def test_time_limit_override(server: Group) -> None:
    questions = [
        _tf("Own limit 20 s.", True, time_limit_ms=20000),
        _tf("Own limit 30 s.", True, time_limit_ms=30000),
    ]
    table = await open_table(server.url, questions, {"time_limit_ms": 5000}, n_players=1)
    try:
        (ana,) = table.players
        await table.join_all(["Ana"])
        await table.host.command("start")
        for q in range(2):
            if q:  # nobody answers question 0: the host closes it
                await table.next("reveal", 0)
                await table.next("scoreboard", 0)
                await table.next("question", 1)
            for state in await states_of([ana, table.host, table.screen], "question", q):
                view = state["question"]
                assert view["time_limit_ms"] == 5000, view
                assert view["deadline_ms"] - view["opened_ms"] == 5000, view
        # Speed points are computed against the 5 s in force: an answer 1 s in earns about
        # 900 (against the question's own 30 s it would be about 983).
        view = (await ana.wait_state("question", 1))["question"]
        await _answer_later(ana, 1, True, view["opened_ms"] + 1000)
        result = await ana.wait_result(1)
        low, high = points_bounds(1000, 5000, view["opened_ms"], ana.answer_times[1])
        assert result["streak"] == 1, result  # no streak bonus
        assert low <= result["points"] <= high, (low, high, result)
        own_low, _ = points_bounds(1000, 30000, view["opened_ms"], ana.answer_times[1])
        assert result["points"] < own_low, (result, own_low)
    finally:
        await table.close()


# ---------------------------------------------------------------------- the flow of the game


async def test_auto_advance_walks_the_game_by_itself(server: Group) -> None:
    questions = [_tf("Auto one.", True), _tf("Auto two.", False)]
    table = await open_table(server.url, questions, {"auto_advance_ms": 1000}, n_players=2)
    try:
        host = table.host
        await table.join_all(["Walker", "Runner"])
        seen = len(host.events)
        await host.command("start")  # the host's last command
        for q, value in enumerate((True, False)):
            await states_of(table.players, "question", q)
            await answer_all((p, q, value) for p in table.players)
            for r in await results_of(table.players, q):
                assert r["correct"] is True, r
        await states_of([host, table.screen, *table.players], "finished")
        states = [r for r in host.events[seen:] if r.event == "state"]
        steps = [(r.data["phase"], (r.data["question"] or {}).get("index")) for r in states]
        assert steps == [
            ("question", 0),
            ("reveal", 0),
            ("scoreboard", 0),
            ("question", 1),
            ("reveal", 1),
            ("scoreboard", 1),
            ("finished", None),
        ], steps
        # Each automatic step waits its 1000 ms: by the server's clock, from closing question 0
        # to opening question 1 (two steps) ...
        closed = states[1].data["reveal"]["closed_ms"]
        opened = states[3].data["question"]["opened_ms"]
        assert 2000 <= opened - closed <= 3500, (closed, opened)
        # ... and as the host saw each step come (give or take delivery and the 100 ms tick).
        for before, after in itertools.pairwise(states):
            if before.data["phase"] in ("reveal", "scoreboard"):
                gap = after.at_ms - before.at_ms
                assert 600 <= gap <= 3000, (before.data["phase"], after.data["phase"], gap)
        api = await table.game.account.wait_results(table.game.id)
        assert [r["correct"] for r in api["players"]] == [2, 2], api["players"]
    finally:
        await table.close()


async def test_max_players_and_late_joining(server: Group) -> None:
    questions = [{"kind": "choice", "prompt": "Pick a", "choices": ["a", "b"], "correct": [0]}]
    full = await open_table(server.url, questions, {"max_players": 2}, n_players=2)
    closed = await open_table(server.url, questions, {"late_join": False}, n_players=1)
    open_ = await open_table(server.url, questions, {"late_join": True}, n_players=1)
    try:
        await full.join_all(["One", "Two"])
        third = await full.new_player()
        error = assert_error(
            await third.call("join", {"pin": full.game.pin, "nickname": "Three"}), "game_full"
        )
        assert error["message"], error
        assert full.players[0].join_ack is not None
        assert full.players[0].join_ack["state"]["settings"]["max_players"] == 2

        await closed.join_all(["Early"])
        await closed.host.command("start")
        late = await closed.new_player()
        assert_error(
            await late.call("join", {"pin": closed.game.pin, "nickname": "Late"}), "game_started"
        )

        (early,) = open_.players
        await open_.join_all(["Early"])
        await open_.host.command("start")
        await early.wait_state("question", 0)
        seen = len(open_.host.events)
        latecomer = await open_.new_player()
        ack = await latecomer.join(open_.game.pin, "Latecomer")
        state = ack["state"]
        assert state["phase"] == "question" and state["question"]["index"] == 0, state
        assert has(state["me"], score=0, streak=0, answered=False), state["me"]
        # The question now waits for the latecomer too.
        await open_.host.wait_for(
            "progress", lambda p: has(p, question=0, answered=0, total=2), since=seen
        )
        assert_ok(await early.answer(0, 0))
        await open_.host.wait_for("progress", lambda p: has(p, answered=1, total=2), since=seen)
        assert (await open_.screen.call("watch", {"pin": open_.game.pin}))["state"][
            "phase"
        ] == "question"
        assert_ok(await latecomer.answer(0, 0))
        reveal = (await latecomer.wait_state("reveal", 0))["reveal"]
        assert reveal["answered"] == 2 and reveal["distribution"] == {"0": 2, "1": 0}, reveal
        result = await latecomer.wait_result(0)
        assert result["correct"] is True and result["points"] >= 500, result
        await open_.next("scoreboard", 0)
        await open_.next("finished")
        api = await open_.game.account.wait_results(open_.game.id)
        assert {r["nickname"] for r in api["players"]} == {"Early", "Latecomer"}, api
    finally:
        for t in (full, closed, open_):
            await t.close()


# ---------------------------------------------------------------------- what devices see


async def test_question_hidden_on_devices(server: Group) -> None:
    questions = [
        {
            "kind": "choice",
            "prompt": "Secret prompt",
            "choices": ["alpha", "beta", "gamma"],
            "correct": [2],
            "media": {"image": "https://example.com/q.png"},
            "explanation": "Gamma it is.",
        },
        _tf("Secret statement", True),
        {"kind": "poll", "prompt": "Secret poll", "choices": ["x", "y", "z", "w"]},
    ]
    table = await open_table(server.url, questions, {"show_question_on_device": False}, n_players=2)
    try:
        await table.join_all(["Eyes", "Ears"])
        await table.host.command("start")
        phones: list[Player] = list(table.players)
        for q, question in enumerate(questions):
            if q:
                await table.next("scoreboard", q - 1)
                await table.next("question", q)
            await states_of(phones, "question", q)
            if q == 0:
                # A phone joining mid-question gets the hidden question in its ack too.
                late = await table.new_player()
                ack = await late.join(table.game.pin, "Late")
                _check_hidden(ack["state"]["question"], question)
                phones.append(late)
            answer = {0: 2, 1: True, 2: 1}[q]
            await answer_all((p, q, answer) for p in phones)
            await states_of(phones, "reveal", q)
            if q < 2:
                for r in await results_of(phones, q):
                    assert r["correct"] is True, r
        await table.next("scoreboard", 2)
        await table.next("finished")
        await states_of([*phones, table.host, table.screen], "finished")

        for phone in phones:
            for state in phone.states():
                if state["question"] is not None:
                    _check_hidden(state["question"], questions[state["question"]["index"]])
        for client in (table.host, table.screen):
            shown = [s["question"] for s in client.states() if s["question"] is not None]
            assert len(shown) == 9, shown
            for view in shown:
                question = questions[view["index"]]
                assert view["prompt"] == question["prompt"], view
                assert view.get("choices") == question.get("choices"), view
                assert view.get("media") == question.get("media"), view
                assert "choice_count" not in view, view
    finally:
        await table.close()


def _check_hidden(view: dict[str, Any], question: dict[str, Any]) -> None:
    for key in ("prompt", "choices", "media"):
        assert key not in view, (key, view)
    assert set(view) >= {"kind", "index", "count", "time_limit_ms", "opened_ms", "deadline_ms"}
    assert view["kind"] == question["kind"], view
    if "choices" in question:
        assert view["choice_count"] == len(question["choices"]), view
    else:
        assert "choice_count" not in view, view


async def test_shuffled_choices_still_answer_original_indices(server: Group) -> None:
    questions: list[dict[str, Any]] = [
        {
            "kind": "choice",
            "prompt": "The largest planet?",
            "choices": ["Mars", "Venus", "Jupiter", "Earth"],
            "correct": [2],
        },
        {
            "kind": "choice",
            "prompt": "Which are even?",
            "choices": ["2", "3", "5", "8", "9"],
            "correct": [0, 3],
        },
        {"kind": "poll", "prompt": "Favourite?", "choices": ["tea", "coffee", "water"]},
    ]
    table = await open_table(server.url, questions, {"shuffle_choices": True}, n_players=3)
    try:
        await table.join_all(["Uno", "Dos", "Tres"])
        seeds = []
        for p in table.players:
            assert p.join_ack is not None
            seed = p.join_ack["shuffle_seed"]
            assert isinstance(seed, int) and not isinstance(seed, bool), p.join_ack
            assert 0 <= seed < 2**32, seed
            seeds.append(seed)
        # The seed is the player's for the whole game, resumes included.
        again = await table.new_player()
        assert (await again.resume(table.game.pin, table.players[0].token))["shuffle_seed"] == (
            seeds[0]
        )
        phones = [again, *table.players[1:]]
        await table.host.command("start")
        picks: dict[int, list[Any]] = {}
        for q, question in enumerate(questions):
            if q:
                await table.next("scoreboard", q - 1)
                await table.next("question", q)
            states = await states_of(phones, "question", q)
            n = len(question["choices"])
            for s in states:  # the server sends the quiz's own order to everyone
                assert s["question"]["choices"] == question["choices"], s
            picks[q] = []
            for i, seed in enumerate(seeds):
                order = device_order(seed, q, n)
                shown = [question["choices"][k] for k in order]
                # The player taps the texts it wants where its own phone shows them ...
                if question["kind"] == "poll":
                    wanted = [question["choices"][i]]
                else:
                    wanted = [question["choices"][c] for c in question["correct"]]
                positions = [shown.index(text) for text in wanted]
                # ... and the phone sends the original indices.
                sent = [order[pos] for pos in positions]
                picks[q].append(sent if len(question.get("correct", [])) > 1 else sent[0])
            await answer_all((p, q, v) for p, v in zip(phones, picks[q], strict=True))
            reveal = (await table.host.wait_state("reveal", q))["reveal"]
            if question["kind"] == "poll":
                assert reveal["distribution"] == {"0": 1, "1": 1, "2": 1}, reveal
            else:
                assert reveal["correct"] == (2 if q == 0 else [0, 3]), reveal
                for r in await results_of(phones, q):
                    assert r["correct"] is True, (q, r)
        await table.next("scoreboard", 2)
        await table.next("finished")
        api = await table.game.account.wait_results(table.game.id)
        assert [r["correct"] for r in api["players"]] == [2, 2, 2], api["players"]
        assert [q["distribution"] for q in api["questions"]] == [
            {"0": 0, "1": 0, "2": 3, "3": 0},
            {"0": 3, "1": 0, "2": 0, "3": 3, "4": 0},
            {"0": 1, "1": 1, "2": 1},
        ], api["questions"]
    finally:
        await table.close()


# ---------------------------------------------------------------------- nicknames


async def test_nickname_generator_and_filter(server: Group) -> None:
    questions = [_tf("Names are fun.", True)]
    offered = await open_table(server.url, questions, {"nickname_generator": True}, n_players=2)
    plain = await open_table(server.url, questions, None, n_players=3)
    try:
        pin = offered.game.pin
        first, second = offered.players
        ack = assert_ok(await first.call("suggest_nickname", {"pin": pin}))
        suggested = ack["nickname"]
        assert isinstance(suggested, str) and 1 <= len(suggested) <= 24, ack
        assert suggested == suggested.strip() and len(suggested.split()) >= 2, ack
        joined = await first.join(pin, suggested)
        assert joined["player"]["nickname"] == suggested and "renamed" not in joined
        await second.join(pin, "Brave Otter")
        taken = {suggested.casefold(), "brave otter"}
        for _ in range(25):
            name = assert_ok(await second.call("suggest_nickname", {"pin": pin}))["nickname"]
            assert name.casefold() not in taken, (name, taken)
        # The suggestion needs the game; a player need not have joined.
        door = await offered.new_player()
        assert_ok(await door.call("suggest_nickname", {"pin": pin}))
        assert_error(await door.call("suggest_nickname", {"pin": "1"}), "game_not_found")
        assert_error(await door.call("suggest_nickname", "x"), "invalid")

        # Off by default ...
        assert_error(
            await plain.players[0].call("suggest_nickname", {"pin": plain.game.pin}),
            "not_allowed",
        )
        # ... but the nickname filter always applies: a blocked word gets a generated name.
        given: list[str] = []
        for player, typed in zip(plain.players, ("N4Z1 Otter", "xxHitlerxx"), strict=False):
            ack = await player.join(plain.game.pin, typed)
            assert ack.get("renamed") is True, ack
            name = ack["player"]["nickname"]
            assert name != typed and len(name.split()) >= 2, ack
            assert not any(w in name.casefold() for w in ("nazi", "hitler")), name
            given.append(name)
        assert given[0].casefold() != given[1].casefold(), given
        ack = await plain.players[2].join(plain.game.pin, "Classy Otter")
        assert ack["player"]["nickname"] == "Classy Otter" and "renamed" not in ack, ack
        roster = await plain.host.wait_for("roster", lambda r: r["count"] == 3)
        assert sorted(p["nickname"] for p in roster["players"]) == sorted(
            [*given, "Classy Otter"]
        ), roster
    finally:
        await offered.close()
        await plain.close()
