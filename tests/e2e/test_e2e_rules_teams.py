"""Team games over real sockets: three uneven teams, each team score mode, auto balancing.

Every team figure the server shows (``state.teams`` at the scoreboards and the end, the
``team``/``team_rank``/``team_score`` of each ``result``, the results API's ``teams``) is
recomputed here from the players' own scores, as docs/rules.md "Teams" defines it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Client,
    Host,
    Player,
    assert_error,
    assert_ok,
    check_ranks,
    close_all,
    connect_all,
    has,
    new_game,
)
from tests.e2e.rules_support import (
    Table,
    Tally,
    answer_all,
    check_result,
    expected_teams,
    open_table,
    results_of,
    states_of,
)

TEAMS = ["Red", "Blue", "Green"]

QUESTIONS: list[dict[str, Any]] = [
    {"kind": "true_false", "prompt": "Water boils at 100 °C at sea level.", "correct": True},
    {
        "kind": "choice",
        "prompt": "Which are prime?",
        "choices": ["2", "3", "4", "5"],
        "correct": [0, 1, 3],
    },
    {"kind": "choice", "prompt": "Pick b", "choices": ["a", "b", "c"], "correct": [1]},
]

# name, team as the player types it, the team it lands in
ROSTER = [
    ("R1", "Red", "Red"),
    ("R2", "red", "Red"),
    ("R3", "  RED ", "Red"),
    ("R4", "green", "Green"),  # the host then moves R4 to Red
    ("B1", "Blue", "Blue"),
    ("B2", "ＢＬＵＥ", "Blue"),  # fullwidth: width is ignored too
    ("G1", "Green", "Green"),
]
KICKED = "R4"  # kicked while question 2 is open

# name -> per question: (answer or None for no answer, fraction of the points earned)
PLAN: dict[str, list[tuple[Any, Fraction]]] = {
    "R1": [(True, Fraction(1)), ([0, 1, 3], Fraction(1)), (1, Fraction(1))],
    "R2": [(True, Fraction(1)), ([0, 1], Fraction(2, 3)), (1, Fraction(1))],
    "R3": [(True, Fraction(1)), ([0, 2], Fraction(0)), (0, Fraction(0))],
    "R4": [(True, Fraction(1)), ([3, 1, 0], Fraction(1)), (None, Fraction(0))],
    "B1": [(True, Fraction(1)), ([0, 1, 2], Fraction(1, 3)), (1, Fraction(1))],
    "B2": [(True, Fraction(1)), (None, Fraction(0)), (1, Fraction(1))],
    # Green never gets anything right.
    "G1": [(False, Fraction(0)), ([2], Fraction(0)), (2, Fraction(0))],
}


@pytest.mark.parametrize("score_mode", [None, "sum", {"top_n": 2}], ids=["average", "sum", "top2"])
async def test_three_uneven_chosen_teams(server: Group, score_mode: Any) -> None:
    teams_setting: dict[str, Any] = {"mode": "choose", "names": TEAMS}
    if score_mode is not None:
        teams_setting["score"] = score_mode
    settings = {"scoring": "accuracy", "teams": teams_setting}
    table = await open_table(server.url, QUESTIONS, settings, len(ROSTER))
    try:
        await _play_team_game(table, score_mode)
    finally:
        await table.close()


async def _play_team_game(table: Table, score_mode: Any) -> None:
    host, screen, pin = table.host, table.screen, table.game.pin
    by_name = dict(zip((r[0] for r in ROSTER), table.players, strict=True))
    team_of = {name: team for name, _, team in ROSTER}

    # ---- joining: an unknown team, or none, is refused; the rest land as typed
    door = await table.new_player()
    for team in ("Purple", None, "", 5, "Red Team"):
        payload: dict[str, Any] = {"pin": pin, "nickname": "Door"}
        if team is not None:
            payload["team"] = team
        error = assert_error(await door.call("join", payload), "invalid_team", f"team {team!r}")
        assert all(t in error["message"] for t in TEAMS), error
    for (name, typed, team), player in zip(ROSTER, table.players, strict=True):
        ack = await player.join(pin, name, typed)
        assert ack["player"]["team"] == team, (name, ack["player"])
    watched = assert_ok(await screen.call("watch", {"pin": pin}))
    state = watched["state"]
    assert state["settings"]["teams"]["score"] == (score_mode or "average"), state["settings"]
    assert state["teams"] is None and state["phase"] == "lobby", state

    # ---- the host moves R4 from Green to Red, in the lobby
    r4 = by_name["R4"]
    assert_error(await host.call("assign", {"player_id": r4.id, "team": "Purple"}), "invalid_team")
    assert_error(
        await host.call("assign", {"player_id": "nobody", "team": "Red"}), "player_not_found"
    )
    seen = len(host.events)
    ack = await host.command("assign", {"player_id": r4.id, "team": " red"})
    assert ack["state"]["phase"] == "lobby", ack
    team_of["R4"] = "Red"
    for client in (host, screen):
        roster = await client.wait_for(
            "roster",
            lambda r: any(has(p, id=r4.id, team="Red") for p in r["players"]),
            since=seen if client is host else 0,
        )
        assert roster["count"] == len(ROSTER), roster
    page = assert_ok(await host.call("roster", {}))
    assert {p["id"]: p["team"] for p in page["players"]} == {
        by_name[n].id: team_of[n] for n in by_name
    }, page

    # ---- the game
    assert (await host.command("start"))["state"]["phase"] == "question"
    assert_error(
        await host.call("assign", {"player_id": r4.id, "team": "Blue"}), "wrong_phase", "assign"
    )
    tallies = {name: Tally() for name in by_name}
    present = dict(by_name)
    for q in range(len(QUESTIONS)):
        if q > 0:
            await table.next("question", q)
        await states_of(list(present.values()), "question", q)
        if q == 2:
            # R4 is kicked mid-question: it stops counting for Red.
            await host.command("kick", {"player_id": r4.id})
            assert isinstance((await r4.wait_for("kicked"))["reason"], str)
            assert_error(await r4.answer(2, 1), "not_joined", "kicked player answers")
            del present[KICKED]
        answering = [(n, PLAN[n][q][0]) for n in present if PLAN[n][q][0] is not None]
        await answer_all((present[n], q, value) for n, value in answering)
        if len(answering) < len(present):
            await table.next("reveal", q)
        reveal = (await host.wait_state("reveal", q))["reveal"]
        assert reveal["answered"] == len(answering), reveal

        results = dict(zip(present, await results_of(list(present.values()), q), strict=True))
        check_ranks(
            {n: r["score"] for n, r in results.items()}, {n: r["rank"] for n, r in results.items()}
        )
        for name, result in results.items():
            value, fraction = PLAN[name][q]
            tallies[name].accuracy(1000, None if value is None else fraction, streaks=True)
            check_result(result, tallies[name], fraction == 1, f"{name} q{q}")
        # Team figures, from the players' scores in these very results.
        members = {t: [r["score"] for n, r in results.items() if team_of[n] == t] for t in TEAMS}
        want = expected_teams(members, score_mode)
        by_team = {row["team"]: row for row in want}
        for name, result in results.items():
            row = by_team[team_of[name]]
            assert (result["team"], result["team_rank"], result["team_score"]) == (
                row["team"],
                row["rank"],
                row["score"],
            ), (name, q, result, want)

        board = (await table.next("scoreboard", q))["teams"]
        assert board == want, (q, board, want)
        watchers: list[Client] = [screen, *present.values()]
        for watcher in watchers:
            assert (await watcher.wait_state("scoreboard", q))["teams"] == want
        leaderboard = (await host.wait_state("scoreboard", q))["leaderboard"]
        assert {row["nickname"]: row["team"] for row in leaderboard} == {
            n: team_of[n] for n in present
        }, leaderboard

        if q == 0:
            # Everyone but Green right: average and top 2 tie Red with Blue.
            assert [r["rank"] for r in want] == ([1, 2, 3] if score_mode == "sum" else [1, 1, 3]), (
                want
            )
            if score_mode != "sum":
                assert [r["team"] for r in want] == ["Blue", "Red", "Green"], want
        if q == 1 and score_mode is None:
            # Blue: (1333 + 1000) / 2 = 1166.5, rounded half up.
            assert by_team["Blue"]["score"] == 1167, want

    final = (await table.next("finished"))["teams"]
    scores = {n: tallies[n].score for n in present}
    members = {t: [scores[n] for n in present if team_of[n] == t] for t in TEAMS}
    want = expected_teams(members, score_mode)
    assert final == want, (final, want)
    assert [(r["team"], r["members"]) for r in final] == [("Red", 3), ("Blue", 2), ("Green", 1)]
    assert {r["team"]: r["score"] for r in final}["Green"] == 0, final
    if score_mode is None:
        # Blue: (2333 + 2000) / 2 = 2166.5 → 2167; Red: 6967 / 3 = 2322.33… → 2322
        assert [r["score"] for r in final] == [2322, 2167, 0], final
    for watcher in [screen, *present.values()]:
        assert (await watcher.wait_state("finished"))["teams"] == want

    api = await table.game.account.wait_results(table.game.id)
    assert api["teams"] == [
        {"team": r["team"], "score": r["score"], "rank": r["rank"], "members": r["members"]}
        for r in want
    ], api["teams"]
    rows = {r["nickname"]: r for r in api["players"]}
    assert set(rows) == set(present), "the kicked player is not in the results"
    for name in present:
        t = tallies[name]
        assert (rows[name]["team"], rows[name]["score"]) == (team_of[name], scores[name]), rows
        assert (rows[name]["correct"], rows[name]["answered"]) == (t.correct, t.answered), rows
    # The kicked player's answers no longer count in the questions either.
    assert [(q["answered"], q["correct"]) for q in api["questions"]] == [(6, 5), (5, 1), (6, 4)]


async def test_auto_teams_balance_and_keep_a_resumed_player(server: Group) -> None:
    questions = [
        {"kind": "true_false", "prompt": "Auto teams balance.", "correct": True},
        {"kind": "true_false", "prompt": "A resumed player changes team.", "correct": False},
    ]
    settings = {"teams": {"mode": "auto", "count": 3}}
    table = await open_table(server.url, questions, settings, 7)
    plain = await table.game.account.create_game(table.game.quiz_id)
    try:
        host, pin = table.host, table.game.pin
        names = [f"Auto {i}" for i in range(7)]
        # In auto mode a requested team is ignored: players fill the smallest team, ties to
        # the one named first.
        asked: list[str | None] = [None, None, None, "Green", "Nowhere", None, None]
        landed = ["Red", "Blue", "Green", "Red", "Blue", "Green", "Red"]
        for player, name, team, lands in zip(table.players, names, asked, landed, strict=True):
            ack = await player.join(pin, name, team)
            assert ack["player"]["team"] == lands, (name, ack["player"])
        team_of = {p.id: t for p, t in zip(table.players, landed, strict=True)}
        roster = await host.wait_for("roster", lambda r: r["count"] == 7)
        assert {p["id"]: p["team"] for p in roster["players"]} == team_of, roster

        await host.command("start")
        await states_of(table.players, "question", 0)
        # A Blue player drops and resumes: same player, same team, and Blue does not grow.
        blue = table.players[1]
        await blue.close()
        back = await table.new_player()
        ack = await back.resume(pin, blue.token)
        assert has(ack["player"], id=blue.id, nickname=names[1], team="Blue"), ack
        players = [table.players[0], back, *table.players[2:]]
        # A late player joins the smallest team: Blue and Green have 2, Blue is named first.
        late = await table.new_player()
        ack = await late.join(pin, "Late", "Red")
        assert ack["player"]["team"] == "Blue", ack["player"]
        team_of[late.id] = "Blue"
        players.append(late)

        await answer_all((p, 0, i % 2 == 0) for i, p in enumerate(players))
        results = await results_of(players, 0)
        for p, r in zip(players, results, strict=True):
            assert r["team"] == team_of[p.id], (r, team_of[p.id])
        members: dict[str, list[int]] = {t: [] for t in ["Red", "Blue", "Green"]}
        for p, r in zip(players, results, strict=True):
            members[team_of[p.id]].append(r["score"])
        want = expected_teams(members, "average")
        board = (await table.next("scoreboard", 0))["teams"]
        assert board == want, (board, want)
        assert {r["team"]: r["members"] for r in board} == {"Red": 3, "Blue": 3, "Green": 2}

        await table.next("question", 1)
        await answer_all((p, 1, False) for p in players)
        await host.wait_state("reveal", 1)
        await table.next("scoreboard", 1)
        await table.next("finished")
        api = await table.game.account.wait_results(table.game.id)
        assert {r["player_id"]: r["team"] for r in api["players"]} == team_of, api["players"]
        assert {r["team"]: r["members"] for r in api["teams"]} == {
            "Red": 3,
            "Blue": 3,
            "Green": 2,
        }, api["teams"]

        # A game without teams has nothing to assign.
        other = await table.new_player()
        await other.join(plain["pin"], "Plain")
        plain_host = Host(server.url)
        table.extra.append(plain_host)
        await plain_host.connect()
        await plain_host.attach(plain["id"], plain["host_key"])
        assert_error(
            await plain_host.call("assign", {"player_id": other.id, "team": "Red"}),
            "not_team_game",
        )
    finally:
        await table.close()


async def test_tied_teams_share_a_rank_listed_by_name(server: Group) -> None:
    """Equal team scores share a rank and are listed by name, ignoring case, everywhere:
    the scoreboard, the end and the results API. An empty team scores 0."""
    names = ["Zebras", "ants", "moles", "Owls"]
    settings = {"scoring": "accuracy", "teams": {"mode": "choose", "names": names}}
    questions = [{"kind": "true_false", "prompt": "Ties happen.", "correct": True}]
    table = await open_table(server.url, questions, settings, n_players=3)
    try:
        await table.join_all(["Zed", "Ann", "Mo"], ["zebras", "ANTS", "Moles"])
        await table.host.command("start")
        await answer_all((p, 0, True) for p in table.players)
        for r in await results_of(table.players, 0):
            assert (r["score"], r["team_rank"], r["team_score"]) == (1000, 1, 1000), r
        want = [
            {"rank": 1, "team": "ants", "score": 1000, "members": 1},
            {"rank": 1, "team": "moles", "score": 1000, "members": 1},
            {"rank": 1, "team": "Zebras", "score": 1000, "members": 1},
            {"rank": 4, "team": "Owls", "score": 0, "members": 0},
        ]
        assert expected_teams({"Zebras": [1000], "ants": [1000], "moles": [1000], "Owls": []},
                              None) == want  # fmt: skip
        assert (await table.next("scoreboard", 0))["teams"] == want
        assert (await table.next("finished"))["teams"] == want
        api = await table.game.account.wait_results(table.game.id)
        assert api["teams"] == [
            {"team": r["team"], "score": r["score"], "rank": r["rank"], "members": r["members"]}
            for r in want
        ], api["teams"]
    finally:
        await table.close()


async def test_a_late_joiner_does_not_halve_the_team_average(server: Group) -> None:
    """docs/rules.md "Teams": an average counts the members who answered at least once."""
    questions = QUESTIONS[:2]
    game = await new_game(
        server.url,
        questions,
        {"scoring": "accuracy", "teams": {"mode": "choose", "names": ["Red", "Blue"]}},
    )
    host = Host(server.url)
    ana, bo, lev = Player(server.url), Player(server.url), Player(server.url)
    try:
        await connect_all([host, ana, bo, lev])
        await host.attach(game.id, game.host_key)
        await ana.join(game.pin, "Ana", "Red")
        await bo.join(game.pin, "Bo", "Blue")
        await host.command("start")
        await ana.wait_state("question", 0)
        assert_ok(await ana.answer(0, True))
        assert_ok(await bo.answer(0, False))
        await ana.wait_state("reveal", 0)
        await host.command("next")  # scoreboard
        await host.command("next")  # question 1
        await ana.wait_state("question", 1)
        # Lev joins Red now and answers nothing: Red is still Ana's 1000, not (1000 + 0) / 2.
        joined = await lev.join(game.pin, "Lev", "Red")
        assert joined["player"]["team"] == "Red", joined
        await host.command("next")  # close question 1: reveal
        await host.command("next")  # scoreboard
        board = (await ana.wait_state("scoreboard", 1))["teams"]
        assert board == [
            {"rank": 1, "team": "Red", "score": 1000, "members": 2},
            {"rank": 2, "team": "Blue", "score": 0, "members": 1},
        ], board
    finally:
        await close_all([host, ana, bo, lev])
