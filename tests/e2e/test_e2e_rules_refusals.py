"""Bad values are refused with a clear error, and change nothing.

- every setting of ``POST /api/games``: wrong types and out-of-range values → ``422 invalid``
  whose ``field`` is ``settings.<key>`` (unknown keys too);
- a quiz with a bad question of every kind → ``422 invalid`` naming ``questions[i].<field>``;
- answers of the wrong type or shape for every kind → ``invalid_answer``, the game unchanged
  and the player's one answer not used up.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.helpers import Screen, assert_ok, register_host
from tests.e2e.rules_support import AnswerGuard, answer_all, expect_invalid, open_table

GOOD_QUESTION: dict[str, Any] = {"kind": "true_false", "prompt": "Fine.", "correct": True}

# ---------------------------------------------------------------------- settings

T = "teams"
BAD_SETTINGS: list[tuple[str, list[Any]]] = [
    ("scoring", ["fastest", "SPEED", 1, True, ["speed"], {"mode": "speed"}]),
    ("streaks", [1, 0, "true", "yes", [True]]),
    ("time_limit_ms", [4999, 240001, 0, -5000, "5000", 5000.5, 6000.0, True, [6000]]),
    ("max_players", [0, -1, 100001, "lots", "10", 1.5, True, [10]]),
    ("late_join", ["no", 0, 1, {}]),
    ("auto_advance_ms", [1, 999, -1, 600001, "1000", 1000.0, True, [1000]]),
    ("show_question_on_device", ["no", 0, []]),
    ("shuffle_choices", [1, "true"]),
    ("nickname_generator", ["yes", 1]),
    ("read_first_ms", [1, 2999, 10001, -1, "3000", 3000.5, True, [3000]]),
]
# (teams value, the field named)
BAD_TEAMS: list[tuple[Any, str]] = [
    ("Red", "settings.teams"),
    (["Red", "Blue"], "settings.teams"),
    (3, "settings.teams"),
    ({}, "settings.teams.mode"),
    ({"mode": "mixed", "count": 2}, "settings.teams.mode"),
    ({"mode": 1, "count": 2}, "settings.teams.mode"),
    ({"mode": "auto"}, "settings.teams.count"),
    ({"mode": "auto", "count": 1}, "settings.teams.count"),
    ({"mode": "auto", "count": 21}, "settings.teams.count"),
    ({"mode": "auto", "count": "3"}, "settings.teams.count"),
    ({"mode": "auto", "count": 2.0}, "settings.teams.count"),
    ({"mode": "auto", "count": 3, "names": ["A", "B", "C"]}, "settings.teams.names"),
    ({"mode": "auto", "count": 2, "colour": "red"}, "settings.teams.colour"),
    ({"mode": "choose"}, "settings.teams.names"),
    ({"mode": "choose", "names": ["Solo"]}, "settings.teams.names"),
    ({"mode": "choose", "names": "Red,Blue"}, "settings.teams.names"),
    ({"mode": "choose", "names": ["Red", "red"]}, "settings.teams.names"),
    ({"mode": "choose", "names": ["Red", "ＲＥＤ"]}, "settings.teams.names"),
    ({"mode": "choose", "names": ["Red", " "]}, "settings.teams.names"),
    ({"mode": "choose", "names": ["Red", 5]}, "settings.teams.names"),
    ({"mode": "choose", "names": ["Red", "x" * 25]}, "settings.teams.names"),
    ({"mode": "choose", "names": [f"T{i}" for i in range(21)]}, "settings.teams.names"),
    ({"mode": "choose", "names": ["A", "B"], "count": 3}, "settings.teams.count"),
    ({"mode": "auto", "count": 2, "score": "max"}, "settings.teams.score"),
    ({"mode": "auto", "count": 2, "score": 2}, "settings.teams.score"),
    ({"mode": "auto", "count": 2, "score": ["sum"]}, "settings.teams.score"),
    ({"mode": "auto", "count": 2, "score": {}}, "settings.teams.score.top_n"),
    ({"mode": "auto", "count": 2, "score": {"top_n": 0}}, "settings.teams.score.top_n"),
    ({"mode": "auto", "count": 2, "score": {"top_n": 101}}, "settings.teams.score.top_n"),
    ({"mode": "auto", "count": 2, "score": {"top_n": "2"}}, "settings.teams.score.top_n"),
    ({"mode": "auto", "count": 2, "score": {"top_n": 2, "x": 1}}, "settings.teams.score.x"),
]

EVERY_SETTING: dict[str, Any] = {
    "scoring": "accuracy",
    "streaks": False,
    "time_limit_ms": 5000,
    "max_players": 50,
    "late_join": False,
    "auto_advance_ms": 1000,
    "teams": {"mode": "choose", "names": ["Owls", "Larks"], "score": {"top_n": 3}},
    "show_question_on_device": False,
    "shuffle_choices": True,
    "nickname_generator": True,
    "read_first_ms": 3000,
}


async def test_bad_settings_are_refused_naming_the_key(server: Group) -> None:
    account = await register_host(server.url)
    try:
        quiz_id = await account.create_quiz([GOOD_QUESTION])
        before = (await account.http.get("/api/games")).json()["games"]

        async def refused(settings: Any, field: str) -> None:
            await expect_invalid(
                account.http,
                "/api/games",
                {"quiz_id": quiz_id, "settings": settings},
                field,
                f"settings {settings!r:.100}",
            )

        for key, values in BAD_SETTINGS:
            for value in values:
                await refused({key: value}, f"settings.{key}")
                # A bad key among good ones is still named.
                await refused({**EVERY_SETTING, key: value}, f"settings.{key}")
        for teams, field in BAD_TEAMS:
            await refused({T: teams}, field)
        for unknown in ("bogus", "Scoring", "team", "time_limit", "max_player"):
            await refused({unknown: 1}, f"settings.{unknown}")
            await refused({**EVERY_SETTING, unknown: True}, f"settings.{unknown}")
        for settings in ([], "speed", 5, ["scoring"]):
            await refused(settings, "settings")
        after = (await account.http.get("/api/games")).json()["games"]
        assert len(after) == len(before), "a refused game was created"

        # Every key at once, each set to a non-default value, is accepted and echoed.
        created = await account.create_game(quiz_id, EVERY_SETTING)
        screen_state = await _watch_state(server.url, created["pin"])
        assert screen_state["settings"] == EVERY_SETTING, screen_state["settings"]
    finally:
        await account.close()


async def _watch_state(url: str, pin: str) -> dict[str, Any]:
    screen = Screen(url)
    try:
        await screen.connect()
        state: dict[str, Any] = (await screen.watch(pin))["state"]
        return state
    finally:
        await screen.close()


# ---------------------------------------------------------------------- quizzes

CHOICE = {"kind": "choice", "prompt": "Pick", "choices": ["a", "b"], "correct": [0]}
NUMERIC = {"kind": "numeric", "prompt": "How many?", "correct": 7, "min": 0, "max": 10}
ORDER = {"kind": "order", "prompt": "Sort", "items": ["a", "b", "c"]}
TYPED = {"kind": "type_answer", "prompt": "Name it", "accepted": ["Paris"]}
POLL = {"kind": "poll", "prompt": "Which?", "choices": ["x", "y"]}
CLOUD = {"kind": "word_cloud", "prompt": "Words?"}
TF = {"kind": "true_false", "prompt": "Yes?", "correct": True}


def _without(question: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in question.items() if k != key}


# (the bad question, the field named, without the "questions[1]." prefix)
BAD_QUESTIONS: list[tuple[dict[str, Any], str]] = [
    # every kind: the common fields
    ({**TF, "kind": "essay"}, "kind"),
    ({**TF, "kind": 5}, "kind"),
    (_without(TF, "kind"), "kind"),
    ({**TF, "prompt": ""}, "prompt"),
    ({**TF, "prompt": "   "}, "prompt"),
    ({**TF, "prompt": 5}, "prompt"),
    ({**TF, "prompt": "x" * 201}, "prompt"),  # games.limits.MAX_PROMPT + 1
    (_without(TF, "prompt"), "prompt"),
    ({**TF, "time_limit_ms": 4999}, "time_limit_ms"),
    ({**TF, "time_limit_ms": 240001}, "time_limit_ms"),
    ({**TF, "time_limit_ms": "20000"}, "time_limit_ms"),
    ({**TF, "time_limit_ms": 20000.5}, "time_limit_ms"),
    ({**TF, "points": 3}, "points"),
    ({**TF, "points": -1}, "points"),
    ({**TF, "points": "1"}, "points"),
    ({**TF, "points": True}, "points"),
    ({**TF, "step": 1}, "step"),
    ({**TF, "media": "https://example.com/a.png"}, "media"),
    ({**TF, "media": {"video": "https://example.com/a.mp4"}}, "media.video"),
    ({**TF, "media": {"image": 5}}, "media.image"),
    ({**TF, "explanation": 5}, "explanation"),
    # choice
    ({**CHOICE, "choices": ["only"]}, "choices"),
    ({**CHOICE, "choices": [str(i) for i in range(7)]}, "choices"),
    ({**CHOICE, "choices": "a,b"}, "choices"),
    ({**CHOICE, "choices": ["a", ""]}, "choices"),
    ({**CHOICE, "choices": ["a", 5]}, "choices"),
    ({**CHOICE, "choices": ["a", "x" * 91]}, "choices"),  # MAX_TILE_TEXT + 1
    (_without(CHOICE, "choices"), "choices"),
    ({**CHOICE, "correct": 2}, "correct"),
    ({**CHOICE, "correct": [-1]}, "correct"),
    ({**CHOICE, "correct": []}, "correct"),
    ({**CHOICE, "correct": [0, 0]}, "correct"),
    ({**CHOICE, "correct": "0"}, "correct"),
    ({**CHOICE, "correct": True}, "correct"),
    ({**CHOICE, "correct": [0.0]}, "correct"),
    (_without(CHOICE, "correct"), "correct"),
    ({**CHOICE, "accepted": ["a"]}, "accepted"),
    # true_false
    ({**TF, "correct": "yes"}, "correct"),
    ({**TF, "correct": 1}, "correct"),
    (_without(TF, "correct"), "correct"),
    ({**TF, "choices": ["a", "b"]}, "choices"),
    # type_answer
    ({**TYPED, "accepted": []}, "accepted"),
    ({**TYPED, "accepted": "Paris"}, "accepted"),
    ({**TYPED, "accepted": ["?!"]}, "accepted"),
    ({**TYPED, "accepted": ["Paris", "PARÍS!"]}, "accepted"),
    ({**TYPED, "accepted": ["Paris", 5]}, "accepted"),
    ({**TYPED, "accepted": ["x" * 91]}, "accepted"),
    ({**TYPED, "accepted": [f"answer {i}" for i in range(21)]}, "accepted"),
    (_without(TYPED, "accepted"), "accepted"),
    ({**TYPED, "typos": 4}, "typos"),
    ({**TYPED, "typos": -1}, "typos"),
    ({**TYPED, "typos": "1"}, "typos"),
    ({**TYPED, "typos": 1.5}, "typos"),
    # numeric
    ({**NUMERIC, "correct": "7"}, "correct"),
    ({**NUMERIC, "correct": True}, "correct"),
    ({**NUMERIC, "correct": [7]}, "correct"),
    ({**_without(NUMERIC, "max"), "correct": 10**16}, "correct"),
    (_without(NUMERIC, "correct"), "correct"),
    ({**NUMERIC, "correct": 11}, "correct"),
    ({**NUMERIC, "correct": -1}, "correct"),
    ({**NUMERIC, "tolerance": -1}, "tolerance"),
    ({**NUMERIC, "tolerance": "0.5"}, "tolerance"),
    ({**NUMERIC, "min": 10, "max": 5}, "max"),
    ({**NUMERIC, "min": 7, "max": 7}, "max"),
    ({**NUMERIC, "min": "0"}, "min"),
    ({**NUMERIC, "max": [10]}, "max"),
    ({**NUMERIC, "step": 1}, "step"),
    # order
    ({**ORDER, "items": ["one"]}, "items"),
    ({**ORDER, "items": [str(i) for i in range(9)]}, "items"),
    ({**ORDER, "items": ["a", "A", "b"]}, "items"),
    ({**ORDER, "items": ["a", 5, "b"]}, "items"),
    ({**ORDER, "items": ["a", "", "b"]}, "items"),
    ({**ORDER, "items": ["a", "x" * 91, "b"]}, "items"),
    ({**ORDER, "items": "a,b,c"}, "items"),
    (_without(ORDER, "items"), "items"),
    ({**ORDER, "display": [0, 0, 1]}, "display"),
    ({**ORDER, "display": [0, 1]}, "display"),
    ({**ORDER, "display": "012"}, "display"),
    ({**ORDER, "correct": [0, 1, 2]}, "correct"),
    # poll
    ({**POLL, "points": 1}, "points"),
    ({**POLL, "points": 2}, "points"),
    ({**POLL, "choices": ["x"]}, "choices"),
    ({**POLL, "choices": [str(i) for i in range(7)]}, "choices"),
    (_without(POLL, "choices"), "choices"),
    ({**POLL, "correct": 0}, "correct"),
    # word_cloud
    ({**CLOUD, "points": 1}, "points"),
    ({**CLOUD, "choices": ["x", "y"]}, "choices"),
    ({**CLOUD, "accepted": ["sunny"]}, "accepted"),
    ({**CLOUD, "max_length": 10}, "max_length"),
]


async def test_bad_questions_of_every_kind_are_refused(server: Group) -> None:
    account = await register_host(server.url)
    try:
        kinds_seen = set()
        for bad, field in BAD_QUESTIONS:
            kinds_seen.add(bad.get("kind"))
            body = {"title": "Bad", "questions": [GOOD_QUESTION, bad]}
            await expect_invalid(
                account.http, "/api/quizzes", body, f"questions[1].{field}", f"{bad!r:.120}"
            )
        assert kinds_seen >= {
            "choice",
            "true_false",
            "type_answer",
            "numeric",
            "order",
            "poll",
            "word_cloud",
        }
        resp = await account.http.get("/api/quizzes")
        assert resp.json()["quizzes"] == [], "a refused quiz was stored"
        # The good versions of each are fine.
        await account.create_quiz([CHOICE, TF, TYPED, NUMERIC, ORDER, POLL, CLOUD])
    finally:
        await account.close()


# ---------------------------------------------------------------------- answers

ANSWER_QUIZ: list[dict[str, Any]] = [
    {"kind": "choice", "prompt": "Pick c", "choices": ["a", "b", "c", "d"], "correct": [2]},
    {
        "kind": "choice",
        "prompt": "Pick the evens",
        "choices": ["2", "3", "5", "8", "9"],
        "correct": [0, 3],
    },
    {"kind": "true_false", "prompt": "True?", "correct": True},
    {"kind": "type_answer", "prompt": "Capital of France?", "accepted": ["Paris"]},
    {"kind": "numeric", "prompt": "How many?", "correct": 42, "min": 0, "max": 100},
    {"kind": "order", "prompt": "Sort", "items": ["one", "two", "three", "four"]},
    {"kind": "poll", "prompt": "Which?", "choices": ["x", "y", "z"]},
    {"kind": "word_cloud", "prompt": "Words?"},
]
# Per question: the refused values, then (Pat's valid answer, Quinn's valid answer).
BAD_ANSWERS: list[list[Any]] = [
    [True, False, 4, -1, 2.0, "2", None, [1, 2], [2, 2], [], [4], [True], {"i": 2}],
    [0, 3, [], [0, 0], [5], [-1], ["0"], [0, True], [0.0, 3.0], "0,3", None, True, {"0": 1}],
    [0, 1, "true", "false", "yes", None, [True], {}],
    [5, 3.5, True, None, [], ["Paris"], {"a": "Paris"}, "", "   ", "?!…", "x" * 201],
    [
        "42",
        True,
        False,
        None,
        [42],
        {"v": 42},
        -0.5,
        100.5,
        10**16,
        float("nan"),
        float("inf"),
        float("-inf"),
    ],
    [
        [0, 1, 2],
        [0, 1, 2, 3, 4],
        [0, 0, 1, 2],
        [0, 1, 2, 4],
        [-1, 0, 1, 2],
        [0, 1, 2, "3"],
        [True, 0, 1, 2],
        [0.0, 1, 2, 3],
        "0123",
        None,
        3,
        {},
    ],
    [3, -1, [0, 1], True, "0", None, [], 0.0, {"choice": 0}],
    ["", "   ", "x" * 41, 5, None, ["sunny"], "a\x00b", "tab\there", "\u200b", "?!", "…"],
]
VALID: list[tuple[Any, Any]] = [
    (2, 1),
    ([3, 0], [0]),
    (True, False),
    ("  paris ", "Lyon"),
    (42.0, 0),
    ("right", "wrong"),
    (0, 2),
    ("Sunny", "rainy"),
]


async def test_bad_answers_of_every_kind_are_refused(server: Group) -> None:
    table = await open_table(server.url, ANSWER_QUIZ, None, n_players=2)
    guard = AnswerGuard(server.url, table.game.pin)
    table.extra.append(guard.screen)
    try:
        await guard.screen.connect()
        pat, quinn = table.players
        await table.join_all(["Pat", "Quinn"])
        await table.host.command("start")
        for q, question in enumerate(ANSWER_QUIZ):
            if q:
                await table.next("scoreboard", q - 1)
                await table.next("question", q)
            state = await pat.wait_state("question", q)
            for value in BAD_ANSWERS[q]:
                await guard.refused(pat, q, value)
            good, other = VALID[q]
            if question["kind"] == "order":
                shown = state["question"]["items"]
                right = [shown.index(item) for item in question["items"]]
                good, other = right, right[::-1]
            await answer_all([(pat, q, good), (quinn, q, other)])
            reveal = (await table.host.wait_state("reveal", q))["reveal"]
            assert reveal["answered"] == 2, reveal
            assert sum(reveal["distribution"].values()) >= 2, reveal
            if question["kind"] not in ("poll", "word_cloud"):
                assert (await pat.wait_result(q))["correct"] is True, q
                assert (await quinn.wait_result(q))["correct"] is False, q
        assert guard.checked == sum(len(v) for v in BAD_ANSWERS)
        await table.next("scoreboard", len(ANSWER_QUIZ) - 1)
        await table.next("finished")
        api = await table.game.account.wait_results(table.game.id)
        rows = {r["nickname"]: r for r in api["players"]}
        assert (rows["Pat"]["answered"], rows["Pat"]["correct"]) == (8, 6), rows
        assert (rows["Quinn"]["answered"], rows["Quinn"]["correct"]) == (8, 0), rows
        assert [q["answered"] for q in api["questions"]] == [2] * 8, api["questions"]
        assert api["questions"][4]["distribution"] == {"42": 1, "0": 1}, api["questions"][4]
        assert_ok(await guard.screen.call("watch", {"pin": table.game.pin}))
    finally:
        await table.close()
