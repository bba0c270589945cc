"""``/api/events``: CRUD, rounds created in an event, and an event of three live games with
persistent teams and identities adding up to the right leaderboard; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import SECRET

from games.errors import RuleViolation
from server.screen_keys import screen_key
from server.sockets.messages import Answer, Join

QUIZ: dict[str, Any] = {
    "title": "Week 1",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which port does HTTPS use?",
            "choices": ["80", "443", "22"],
            "correct": [1],
            "time_limit_ms": 20000,
        },
        {"kind": "true_false", "prompt": "Redis is a relational database.", "correct": False},
        {"kind": "poll", "prompt": "Did you like it?", "choices": ["Yes", "No"]},
    ],
}
RIGHT = [1, False, 0]
WRONG = [0, True, 1]


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def test_event_crud(api: Api) -> None:
    ada = await api.host()
    status, event = await api.call(
        "POST",
        "/api/events",
        ada,
        json={
            "name": "  Spring cup ",
            "starts_ms": "2026-03-01",
            "ends_ms": 1_775_001_600_000,
            "teams": ["Owls", " Foxes "],
            "require_identifier": True,
        },
    )
    assert status == 201
    eid = event["id"]
    assert event == {
        "id": eid,
        "name": "Spring cup",
        "starts_ms": 1_772_323_200_000,
        "ends_ms": 1_775_001_600_000,
        "teams": ["Owls", "Foxes"],
        "require_identifier": True,
        "created_ms": event["created_ms"],
        # The leaderboard screen's key (server/screen_keys.py): the same in every answer.
        "screen_key": screen_key(SECRET, "event", eid),
    }
    assert await api.call("GET", "/api/events", ada) == (200, {"events": [event]})
    assert await api.call("GET", f"/api/events/{eid}", ada) == (200, {**event, "games": []})

    status, changed = await api.call(
        "PUT", f"/api/events/{eid}", ada, json={"name": "Summer cup", "ends_ms": None}
    )
    assert status == 200
    assert (changed["name"], changed["ends_ms"], changed["teams"]) == (
        "Summer cup",
        None,
        ["Owls", "Foxes"],
    )

    bob = await api.host("bob@example.com")
    for method in ("GET", "PUT", "DELETE"):
        status, body = await api.call(method, f"/api/events/{eid}", bob, json={"name": "x"})
        assert (status, body["error"]["code"]) == (404, "not_found"), method
    status, body = await api.call("GET", f"/api/events/{eid}/leaderboard", bob)
    assert status == 404
    assert await api.call("GET", "/api/events", bob) == (200, {"events": []})

    assert (await api.call("DELETE", f"/api/events/{eid}", ada))[0] == 204
    assert (await api.call("GET", f"/api/events/{eid}", ada))[0] == 404
    assert (await api.call("GET", "/api/events"))[0] == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Cup", "colour": "red"}, "colour"),
        ({"name": "Cup", "starts_ms": "yesterday"}, "starts_ms"),
        ({"name": "Cup", "starts_ms": True}, "starts_ms"),
        ({"name": "Cup", "starts_ms": 2000, "ends_ms": 1000}, "ends_ms"),
        ({"name": "Cup", "teams": "Owls"}, "teams"),
        ({"name": "Cup", "teams": ["Owls", "owls"]}, "teams"),
        ({"name": "Cup", "teams": ["Owls"]}, "teams"),
        ({"name": "Cup", "require_identifier": "yes"}, "require_identifier"),
    ],
)
async def test_event_validation(api: Api, body: dict[str, Any], field: str) -> None:
    status, answer = await api.call("POST", "/api/events", await api.host(), json=body)
    assert status == 422
    assert (answer["error"]["code"], answer["error"]["field"]) == ("invalid", field)
    assert field.split(".")[0] in answer["error"]["message"]


async def test_round_of_an_event(api: Api) -> None:
    ada = await api.host()
    _, quiz = await api.call("POST", "/api/quizzes", ada, json=QUIZ)
    _, event = await api.call(
        "POST",
        "/api/events",
        ada,
        json={"name": "Cup", "teams": ["Owls", "Foxes"], "require_identifier": True},
    )
    status, game = await api.call(
        "POST", "/api/games", ada, json={"quiz_id": quiz["id"], "event_id": event["id"]}
    )
    assert status == 201
    state = await api.live.current_state(game["id"])
    # The event's teams, unless the request names its own.
    assert state["settings"]["teams"]["names"] == ["Owls", "Foxes"]
    assert state["settings"]["teams"]["mode"] == "choose"
    with pytest.raises(RuleViolation) as refused:
        await api.live.players.join(
            "s1", Join.parse({"pin": game["pin"], "nickname": "Ann", "team": "Owls"})
        )
    assert refused.value.code == "identifier_required"
    _, _, ack = await api.live.players.join(
        "s1",
        Join.parse(
            {"pin": game["pin"], "nickname": "Ann", "team": "Owls", "identifier": "ann@example.com"}
        ),
    )
    assert ack["ok"]
    status, own = await api.call(
        "POST",
        "/api/games",
        ada,
        json={
            "quiz_id": quiz["id"],
            "event_id": event["id"],
            "settings": {"teams": {"mode": "auto", "count": 3}},
        },
    )
    assert status == 201
    assert (await api.live.current_state(own["id"]))["settings"]["teams"]["mode"] == "auto"
    _, stored = await api.call("GET", f"/api/events/{event['id']}", ada)
    assert [g["id"] for g in stored["games"]] == [game["id"], own["id"]]

    bob = await api.host("bob@example.com")
    _, bobs_quiz = await api.call("POST", "/api/quizzes", bob, json=QUIZ)
    status, body = await api.call(
        "POST", "/api/games", bob, json={"quiz_id": bobs_quiz["id"], "event_id": event["id"]}
    )
    assert (status, body["error"]["code"]) == (404, "not_found")
    status, body = await api.call(
        "POST", "/api/games", ada, json={"quiz_id": quiz["id"], "event_id": 7}
    )
    assert (status, body["error"]["field"]) == (422, "event_id")


# -- an event of three live games -------------------------------------------------------------


@dataclass
class Player:
    nickname: str
    team: str
    identifier: str | None
    key: str | None
    answers: list[bool | None]  # per scored question: right, wrong or no answer
    delay_ms: int  # how long after the question opened the player answers


async def play_round(
    api: Api, auth: dict[str, str], quiz_id: str, event_id: str, players: list[Player]
) -> tuple[str, dict[str, str]]:
    """Create a round of the event, play it to the end and let the outbox writer store it.
    Returns the game id and its player ids by nickname."""
    status, game = await api.call(
        "POST", "/api/games", auth, json={"quiz_id": quiz_id, "event_id": event_id}
    )
    assert status == 201, game
    live, gid = api.live, game["id"]
    pids: dict[str, str] = {}
    for n, p in enumerate(players):
        payload: dict[str, Any] = {"pin": game["pin"], "nickname": p.nickname, "team": p.team}
        if p.identifier:
            payload["identifier"] = p.identifier
        if p.key:
            payload["player_key"] = p.key
        _, pids[p.nickname], _ = await live.players.join(f"sid{n}", Join.parse(payload))
    await live.host.command(gid, "start")
    await live.drain()
    for q in range(len(QUIZ["questions"])):
        opened = api.clock.now
        for p in sorted(players, key=lambda p: p.delay_ms):
            verdict = p.answers[q] if q < len(p.answers) else True
            if verdict is None:
                continue
            api.clock.now = opened + p.delay_ms
            value = RIGHT[q] if verdict else WRONG[q]
            await live.answer(gid, pids[p.nickname], Answer(q, value))
        await live.drain()
        api.clock.now += 30_000
        # On to the next question (or the end): close it if someone did not answer, then
        # reveal → scoreboard → next.
        while True:
            await live.host.command(gid, "next")
            await live.drain()
            if (await live.current_state(gid))["phase"] in ("question", "finished"):
                break
    assert (await live.current_state(gid))["phase"] == "finished"
    assert await api.writer.drain_once() == 1
    return gid, pids


def ann(**kw: Any) -> Player:
    return Player("Ann", "Owls", "ann@example.com", "ann-phone-0123456789", **kw)


def bob(**kw: Any) -> Player:
    return Player("Bob", "Foxes", "BOB@example.com", None, **kw)


def cat(key: str, **kw: Any) -> Player:
    return Player("Cat", "Owls", "cat@example.com", key, **kw)


def dan(**kw: Any) -> Player:
    # No identifier: the event does not ask for one here; Dan's phone key links his rounds.
    return Player("Dan", "Foxes", None, "dan-phone-0123456789", **kw)


async def test_event_of_three_games(api: Api) -> None:
    ada = await api.host()
    _, quiz = await api.call("POST", "/api/quizzes", ada, json=QUIZ)
    _, event = await api.call(
        "POST", "/api/events", ada, json={"name": "Cup", "teams": ["Owls", "Foxes"]}
    )
    eid = event["id"]
    rounds = [
        [
            ann(answers=[True, True], delay_ms=1000),
            bob(answers=[True, False], delay_ms=3000),
            cat("cat-phone-0123456789", answers=[True, True], delay_ms=5000),
            dan(answers=[False, True], delay_ms=2000),
            Player("Zed", "Foxes", None, None, answers=[True, True], delay_ms=500),
        ],
        [
            ann(answers=[False, True], delay_ms=4000),
            bob(answers=[True, True], delay_ms=1000),
            # Cat on another device: her identifier links her.
            cat("cat-laptop-0123456789", answers=[True, True], delay_ms=2000),
        ],
        [
            ann(answers=[True, True], delay_ms=8000),
            bob(answers=[None, True], delay_ms=2000),
            cat("cat-phone-0123456789", answers=[True, False], delay_ms=3000),
            dan(answers=[True, True], delay_ms=1000),
        ],
    ]
    games = []
    for players in rounds:
        gid, _ = await play_round(api, ada, quiz["id"], eid, players)
        games.append(gid)
        assert api.fanout.bus[-1] == {"t": "event", "e": eid}  # the screen updates live

    # What the board must say, from each round's results (SQL) and who is who.
    who = {"ANN": "ann@example.com", "BOB": "bob@example.com", "CAT": "cat@example.com"}
    want: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    want_teams: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for gid in games:
        _, res = await api.call("GET", f"/api/games/{gid}/results", ada)
        for p in res["players"]:
            if p["nickname"] == "Zed":
                continue  # no identifier, no key: in the round's results, not on the board
            t = want[who.get(p["nickname"].upper(), "dan")]
            t[0] += p["score"]
            t[1] += 1
            t[2] += p["correct"]
        for t in res["teams"]:
            want_teams[t["team"]][0] += t["score"]
            want_teams[t["team"]][1] += 1
            want_teams[t["team"]][2] += 1 if t["rank"] == 1 else 0
    status, board = await api.call("GET", f"/api/events/{eid}/leaderboard", ada)
    assert status == 200
    got = {
        e["identifier"] or "dan": [e["score"], e["games"], e["correct"]] for e in board["entries"]
    }
    assert got == want
    assert board["total"] == 4
    scores = [e["score"] for e in board["entries"]]
    assert scores == sorted(scores, reverse=True)
    assert [e["rank"] for e in board["entries"]] == [1, 2, 3, 4]
    assert {e["nickname"] for e in board["entries"]} == {"Ann", "Bob", "Cat", "Dan"}

    status, teams = await api.call("GET", f"/api/events/{eid}/leaderboard?kind=teams", ada)
    assert status == 200
    assert {e["team"]: [e["score"], e["games"], e["wins"]] for e in teams["entries"]} == want_teams
    assert teams["entries"][0]["score"] >= teams["entries"][1]["score"]

    page = await api.call("GET", f"/api/events/{eid}/leaderboard?offset=3&limit=1", ada)
    assert [e["rank"] for e in page[1]["entries"]] == [4]

    screen = await api.db.leaderboards.screen(eid)
    assert screen is not None and screen["rounds"] == 3
    assert [p["nickname"] for p in screen["players"]] == [e["nickname"] for e in board["entries"]]

    # Milestones went out at the end of each round, once per person.
    firsts = [
        pid
        for m in api.fanout.bus
        if m["t"] == "milestones"
        for pid, items in m["awards"].items()
        if any(i["code"] == "first_game" for i in items)
    ]
    assert len(firsts) == 4  # Ann, Bob, Cat, Dan; never twice


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=people", "kind"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
    ],
)
async def test_event_leaderboard_validation(api: Api, query: str, field: str) -> None:
    ada = await api.host()
    _, event = await api.call("POST", "/api/events", ada, json={"name": "Cup"})
    status, body = await api.call("GET", f"/api/events/{event['id']}/leaderboard?{query}", ada)
    assert (status, body["error"]["field"]) == (422, field)
