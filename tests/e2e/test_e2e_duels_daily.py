"""A duel and a daily challenge end to end, over HTTP and real sockets on a real server (on
SQLite, then PostgreSQL): a member duels a colleague, each plays signed in on their phone at
their own time, the runs reach SQL through the outbox, the second side sees only who played
until they have played, then both see the head-to-head; an admin turns the daily challenge
on, a member plays today's, and "my challenges" shows it done with a day streak of 1."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.e2e.challenge_support import run_call
from tests.e2e.conftest import Group
from tests.e2e.helpers import HostAccount, Player, assert_ok, register_host
from tests.e2e.test_e2e_workspace_teams import invite_member

QUESTIONS = [
    {"kind": "true_false", "prompt": "Sky is blue?", "correct": True, "time_limit_ms": 30000},
    {"kind": "true_false", "prompt": "Grass is red?", "correct": False, "time_limit_ms": 30000},
]
WAIT_S = 20


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_server(request: pytest.FixtureRequest) -> Group:
    group: Group = request.getfixturevalue("server" if request.param == "sqlite" else "pg_server")
    return group


async def get(person: HostAccount, path: str) -> dict[str, Any]:
    resp = await person.http.get(path)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


async def until(
    read: Callable[[], Awaitable[dict[str, Any]]], done: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """Read until `done` holds (a run's results reach SQL through the outbox moments after the
    run ends), as the pages poll; fails after `WAIT_S`."""
    deadline = time.monotonic() + WAIT_S
    while True:
        found = await read()
        if done(found):
            return found
        assert time.monotonic() < deadline, f"not reached in {WAIT_S}s: {found}"
        await asyncio.sleep(0.05)


async def play(url: str, pin: str, person: HostAccount, answers: list[bool]) -> int:
    """A signed-in run of the challenge on a phone, answering each question; its score."""
    phone = Player(url)
    await phone.connect()
    try:
        joined = assert_ok(
            await phone.call("join", {"pin": pin, "account_token": person.token}), "join"
        )
        assert joined["state"]["mode"] == "challenge" and joined["run"]["status"] == "ready"
        assert joined["player"]["account_id"] == person.host_id, joined
        for index, answer in enumerate(answers):
            shown = await run_call(phone, "run_next")
            assert (shown["status"], shown["question"]) == ("question", index), shown
            revealed = await run_call(phone, "answer", {"question": index, "answer": answer})
            assert revealed["status"] == "reveal", revealed
        done = await run_call(phone, "run_next")
        assert done["status"] == "done", done
        score: int = done["score"]
        return score
    finally:
        await phone.close()


async def test_a_duel_end_to_end(any_server: Group) -> None:
    url = any_server.url
    owner = await register_host(url)
    ann, bob = await invite_member(owner, url), await invite_member(owner, url)
    try:
        quiz_id = await owner.create_quiz(QUESTIONS, title="Colours")
        resp = await ann.http.post(
            "/api/duels", json={"quiz_id": quiz_id, "opponent_account_id": bob.host_id}
        )
        assert resp.status_code == 201, resp.text
        duel = resp.json()
        path = f"/api/duels/{duel['id']}"
        view = await get(bob, path)
        assert [p["finished"] for p in view["played"]] == [False, False]
        # Ann plays first, both right.
        ann_score = await play(url, duel["pin"], ann, [True, False])
        assert ann_score > 0
        view = await until(lambda: get(bob, path), lambda v: v["played"][0]["finished"])
        # Bob sees that Ann played, not how.
        assert view["complete"] is False and view["sides"] == [] and view["winner"] is None
        assert str(ann_score) not in str(view["sides"])
        mine = await get(bob, "/api/me/challenges")
        assert [d["challenge"]["id"] for d in mine["duels"]] == [duel["id"]]
        assert [o["challenge"]["id"] for o in mine["open"]] == [duel["id"]]
        # Bob plays, one wrong: the head-to-head, for both.
        bob_score = await play(url, duel["pin"], bob, [True, True])
        assert 0 < bob_score < ann_score
        view = await until(lambda: get(ann, path), lambda v: v["complete"])
        assert view["winner"] == ann.host_id
        assert [(s["account_id"], s["score"], s["correct"]) for s in view["sides"]] == [
            (ann.host_id, ann_score, 2),
            (bob.host_id, bob_score, 1),
        ]
        assert [q["correct"] for q in view["sides"][1]["per_question"]] == [True, False]
        assert view == await get(bob, path)
        # Bob's one attempt is used: the duel is done for him, no longer open.
        mine = await get(bob, "/api/me/challenges")
        assert mine["open"] == []
        assert [(d["challenge"]["id"], d["score"], d["rank"]) for d in mine["done"]] == [
            (duel["id"], bob_score, 2)
        ]
    finally:
        for person in (owner, ann, bob):
            await person.close()


async def test_a_daily_challenge_end_to_end(any_server: Group) -> None:
    url = any_server.url
    owner = await register_host(url)
    ann = await invite_member(owner, url)
    try:
        await owner.create_quiz(QUESTIONS, title="Colours")
        resp = await ann.http.get("/api/daily")
        assert resp.status_code == 404 and resp.json()["error"]["code"] == "daily_off"
        resp = await owner.http.put(
            f"/api/workspaces/{owner.host_id}/daily",
            json={"enabled": True, "count": 2, "time_limit_s": 30},
        )
        assert resp.status_code == 200, resp.text
        today = await get(ann, "/api/daily")
        daily = today["challenge"]
        assert daily["kind"] == "daily" and today["streak"] == {"current": 0, "best": 0}
        score = await play(url, daily["pin"], ann, [True, False])
        mine = await until(lambda: get(ann, "/api/me/challenges"), lambda m: bool(m["done"]))
        assert [(d["challenge"]["id"], d["score"], d["rank"]) for d in mine["done"]] == [
            (daily["id"], score, 1)
        ]
        assert mine["open"] == [] and mine["streak"] == {"current": 1, "best": 1}
        again = await get(ann, "/api/daily")
        assert again["challenge"]["id"] == daily["id"] and again["streak"]["current"] == 1
    finally:
        for person in (owner, ann):
            await person.close()
