"""Duels, the daily challenge and "my challenges" over HTTP, on SQLite and PostgreSQL with live
challenges on an in-process Redis: a member duels a colleague or a team and both sides (only)
read it; refusals (yourself, a non-member, your own team, a quiz you cannot see, bad bodies)
answer 4xx JSON and change nothing; an admin sets the daily challenge, the first ask of the
day makes it (concurrent first asks make one), the same day answers the same challenge, the
next day a new one; "my challenges" lists what is open and the duels."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register
from sqlalchemy import func, select

from server.db.challenge_models import Challenge
from server.db.models import Game
from server.db.scope import Role, Scope

DAY_MS = 86_400_000
QUESTION = {"kind": "true_false", "prompt": "Is it?", "correct": True, "time_limit_ms": 10_000}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


class World:
    """Olga (owner) with members Ann and Bob, and Zed in a workspace of his own."""

    olga: dict[str, str]
    ann: dict[str, str]
    bob: dict[str, str]
    zed: dict[str, str]
    wid: str
    ids: dict[str, str]


async def world(api: Api) -> World:
    w = World()
    w.ids = {}
    olga = await register(api.client, email="olga@example.com", name="Olga")
    w.wid = olga["host"]["id"]
    w.olga = bearer(olga["token"])
    w.ids["olga"] = olga["host"]["id"]
    for name in ("ann", "bob"):
        person = await register(api.client, email=f"{name}@example.com", name=name.title())
        invite = await api.db.workspaces.create_invite(
            Scope.personal(w.wid), Role.MEMBER, timedelta(days=1)
        )
        await api.db.workspaces.accept(invite.id, person["host"]["id"])
        setattr(w, name, {**bearer(person["token"]), "X-Workspace": w.wid})
        w.ids[name] = person["host"]["id"]
    zed = await register(api.client, email="zed@example.com", name="Zed")
    w.zed = bearer(zed["token"])
    w.ids["zed"] = zed["host"]["id"]
    return w


async def quiz(api: Api, auth: dict[str, str], **changes: Any) -> str:
    body = {"title": "Capitals", "questions": [QUESTION, {**QUESTION, "prompt": "Really?"}]}
    status, made = await api.call("POST", "/api/quizzes", auth, json={**body, **changes})
    assert status == 201, made
    return str(made["id"])


async def counts(api: Api) -> tuple[int, int]:
    async with api.db.session() as session:
        challenges = await session.scalar(select(func.count()).select_from(Challenge))
        games = await session.scalar(select(func.count()).select_from(Game))
    return int(challenges or 0), int(games or 0)


async def test_a_member_duels_a_colleague_and_only_the_sides_read_it(api: Api) -> None:
    w = await world(api)
    qid = await quiz(api, w.olga)
    status, made = await api.call(
        "POST", "/api/duels", w.ann, json={"quiz_id": qid, "opponent_account_id": w.ids["bob"]}
    )
    assert status == 201, made
    duel = made
    assert (duel["kind"], duel["audience"], duel["attempts"], duel["status"]) == (
        "duel",
        "members",
        1,
        "open",
    )
    assert duel["closes_at"] - duel["opens_at"] == 7 * DAY_MS
    assert duel["join_url"].endswith(f"/join/{duel['pin']}") and duel["title"] == "Capitals"
    # Its Redis game is open, with the quiz's questions in one order for both.
    summary = await api.live.challenges.summary(duel["game_id"])
    assert summary == {"players": 0, "running": 0, "finished": 0}
    gid, cid = await api.live.challenges.challenge_of_pin(duel["pin"])
    assert (gid, cid) == (duel["game_id"], duel["id"])
    for side in (w.ann, w.bob):
        status, view = await api.call("GET", f"/api/duels/{duel['id']}", side)
        assert status == 200, view
        assert view["challenger"] == {"account_id": w.ids["ann"], "name": "Ann"}
        assert view["opponent"] == {"account_id": w.ids["bob"], "name": "Bob"}
        assert [(p["name"], p["finished"]) for p in view["played"]] == [
            ("Ann", False),
            ("Bob", False),
        ]
        assert (view["complete"], view["sides"], view["winner"]) == (False, [], None)
    # Anyone else: as if there were none.
    for stranger in ({**w.olga, "X-Workspace": w.wid}, w.zed, {**w.zed, "X-Workspace": w.wid}):
        status, body = await api.call("GET", f"/api/duels/{duel['id']}", stranger)
        assert status in (403, 404) and "error" in body, body
    # Both sides find it among their duels and their open challenges; Olga only sees none.
    for side in (w.ann, w.bob):
        status, mine = await api.call("GET", "/api/me/challenges", side)
        assert status == 200, mine
        assert [d["challenge"]["id"] for d in mine["duels"]] == [duel["id"]]
        assert [o["challenge"]["id"] for o in mine["open"]] == [duel["id"]]
        assert mine["done"] == [] and mine["streak"] == {"current": 0, "best": 0}
    status, mine = await api.call("GET", "/api/me/challenges", w.olga)
    assert (status, mine["duels"], mine["open"]) == (200, [], []), mine


async def test_a_duel_against_a_team(api: Api) -> None:
    w = await world(api)
    qid = await quiz(api, w.olga)
    status, team = await api.call("POST", "/api/teams", w.olga, json={"name": "Owls"})
    assert status == 201, team
    path = f"/api/teams/{team['id']}/members"
    status, _ = await api.call("PUT", path, w.olga, json={"account_ids": [w.ids["bob"]]})
    assert status == 200
    status, made = await api.call(
        "POST", "/api/duels", w.ann, json={"quiz_id": qid, "opponent_team_id": team["id"]}
    )
    assert status == 201, made
    status, view = await api.call("GET", f"/api/duels/{made['id']}", w.bob)
    assert status == 200 and view["opponent"] == {"team_id": team["id"], "name": "Owls"}, view
    # Bob may not duel his own team.
    status, body = await api.call(
        "POST", "/api/duels", w.bob, json={"quiz_id": qid, "opponent_team_id": team["id"]}
    )
    assert (status, body["error"]["field"]) == (422, "opponent_team_id"), body


async def test_duel_refusals_change_nothing(api: Api) -> None:
    w = await world(api)
    qid = await quiz(api, w.olga)
    draft = await quiz(api, w.olga, visibility="draft")
    elsewhere = await quiz(api, w.zed)
    before = await counts(api)
    me, bob, zed = w.ids["ann"], w.ids["bob"], w.ids["zed"]
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"quiz_id": qid, "opponent_account_id": me}, 422, "invalid"),  # yourself
        ({"quiz_id": qid, "opponent_account_id": zed}, 422, "not_member"),
        ({"quiz_id": qid, "opponent_account_id": "nobody-at-all"}, 422, "not_member"),
        ({"quiz_id": draft, "opponent_account_id": bob}, 404, "not_found"),  # Olga's draft
        ({"quiz_id": elsewhere, "opponent_account_id": bob}, 404, "not_found"),
        ({"quiz_id": "missing", "opponent_account_id": bob}, 404, "not_found"),
        ({"quiz_id": qid, "opponent_team_id": "no-such-team"}, 404, "not_found"),
        ({"quiz_id": qid}, 422, "invalid"),  # no opponent
        ({"quiz_id": qid, "opponent_account_id": bob, "opponent_team_id": "t"}, 422, "invalid"),
        ({"opponent_account_id": bob}, 422, "invalid"),
        ({"quiz_id": qid, "opponent_account_id": bob, "extra": 1}, 422, "invalid"),
        ({"quiz_id": 7, "opponent_account_id": bob}, 422, "invalid"),
        ({"quiz_id": "x" * 300, "opponent_account_id": bob}, 422, "invalid"),
        ({"quiz_id": qid, "opponent_account_id": "a\x00b"}, 422, "invalid"),
        ({"quiz_id": qid, "opponent_account_id": "\ud800"}, 422, "invalid"),
    ]
    for body, status_wanted, code in cases:
        status, answer = await api.call("POST", "/api/duels", w.ann, json=body)
        assert (status, answer["error"]["code"]) == (status_wanted, code), (body, answer)
    status, answer = await api.call("POST", "/api/duels", w.ann, data=b"[1]")
    assert status == 422 and answer["error"]["code"] == "invalid", answer
    status, answer = await api.call("POST", "/api/duels", json={"quiz_id": qid})
    assert status == 401, answer
    assert await counts(api) == before
    status, mine = await api.call("GET", "/api/me/challenges", w.ann)
    assert (status, mine["duels"]) == (200, [])


async def daily_on(api: Api, w: World, **changes: Any) -> dict[str, Any]:
    body = {"enabled": True, "count": 3, "time_limit_s": 15, **changes}
    status, got = await api.call("PUT", f"/api/workspaces/{w.wid}/daily", w.olga, json=body)
    assert status == 200, got
    return dict(got)


async def test_the_daily_challenge_is_one_a_day_drawn_from_the_shared_library(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = await world(api)
    status, body = await api.call("GET", "/api/daily", w.ann)
    assert (status, body["error"]["code"]) == (404, "daily_off"), body
    # Only an admin sets it, within its bounds; a refusal changes nothing.
    path = f"/api/workspaces/{w.wid}/daily"
    good = {"enabled": True, "count": 3, "time_limit_s": 15}
    status, body = await api.call("PUT", path, w.ann, json=good)
    assert status == 403, body
    for bad, field in [
        ({**good, "count": 0}, "count"),
        ({**good, "count": 21}, "count"),
        ({**good, "count": 2.5}, "count"),
        ({**good, "time_limit_s": 1}, "time_limit_s"),
        ({**good, "time_limit_s": 10**9}, "time_limit_s"),
        ({**good, "enabled": "yes"}, "enabled"),
        ({**good, "tag": "t" * 33}, "tag"),
        ({**good, "tag": 5}, "tag"),
        ({**good, "colour": "red"}, "colour"),
    ]:
        status, body = await api.call("PUT", path, w.olga, json=bad)
        assert (status, body["error"]["field"]) == (422, field), (bad, body)
    status, body = await api.call("GET", path, w.olga)
    assert (status, body["enabled"]) == (200, False), body
    assert await daily_on(api, w, tag=" Geo ") == {
        "enabled": True,
        "tag": "geo",
        "count": 3,
        "time_limit_s": 15,
    }
    # Nothing tagged geo is shared yet.
    await quiz(api, w.olga, tags=["geo"], visibility="draft")
    status, body = await api.call("GET", "/api/daily", w.ann)
    assert (status, body["error"]["code"]) == (404, "no_questions"), body
    assert await counts(api) == (0, 0)
    questions = [{**QUESTION, "prompt": f"Geo {i}?"} for i in range(6)]
    await quiz(api, w.olga, tags=["geo"], questions=questions)
    await quiz(api, w.olga, questions=[{**QUESTION, "prompt": "Not geo?"}])
    # Two first asks at once: one challenge. Both read "not made yet" before either makes it
    # (held at an event), so both draw and try; the unique (workspace, day) lets one in.
    real_of_day, real_bank = api.db.daily.of_day, api.db.daily.bank
    both_looked = asyncio.Event()
    looks: list[object] = []
    banks: list[object] = []

    async def of_day(scope: Scope, day: Any) -> Any:
        found = await real_of_day(scope, day)
        looks.append(found)
        if len(looks) == 2:
            both_looked.set()
        if len(looks) <= 2:
            await both_looked.wait()
        return found

    async def bank(scope: Scope, tag: str | None) -> Any:
        banks.append(tag)
        return await real_bank(scope, tag)

    monkeypatch.setattr(api.db.daily, "of_day", of_day)
    monkeypatch.setattr(api.db.daily, "bank", bank)
    (s1, first), (s2, second) = await asyncio.gather(
        api.call("GET", "/api/daily", w.ann), api.call("GET", "/api/daily", w.bob)
    )
    assert looks[:2] == [None, None] and banks == ["geo", "geo"]
    monkeypatch.undo()
    assert (s1, s2) == (200, 200), (first, second)
    assert first["challenge"]["id"] == second["challenge"]["id"]
    daily = first["challenge"]
    assert (daily["kind"], daily["audience"], daily["status"]) == ("daily", "members", "open")
    assert daily["closes_at"] - daily["opens_at"] == DAY_MS and daily["opens_at"] % DAY_MS == 0
    assert first["streak"] == {"current": 0, "best": 0}
    assert await counts(api) == (1, 1)
    game = await api.db.games.get(Scope.personal(w.wid), daily["game_id"])
    assert game is not None
    prompts = [q["prompt"] for q in game.quiz["questions"]]
    assert len(prompts) == 3 and all(p.startswith("Geo ") for p in prompts), prompts
    assert {q["time_limit_ms"] for q in game.quiz["questions"]} == {15_000}
    # Its Redis game is there, by its PIN.
    assert (await api.live.challenges.challenge_of_pin(daily["pin"]))[1] == daily["id"]
    # The same day: the same challenge; it is open for the members.
    status, again = await api.call("GET", "/api/daily", w.olga)
    assert (status, again["challenge"]["id"]) == (200, daily["id"])
    status, mine = await api.call("GET", "/api/me/challenges", w.bob)
    assert [o["challenge"]["id"] for o in mine["open"]] == [daily["id"]]
    # The next day: a new one (the settings' changes apply from then on).
    await daily_on(api, w, tag="geo", count=5)
    api.clock.now += DAY_MS
    status, tomorrow = await api.call("GET", "/api/daily", w.ann)
    assert status == 200 and tomorrow["challenge"]["id"] != daily["id"], tomorrow
    assert tomorrow["challenge"]["opens_at"] == daily["opens_at"] + DAY_MS
    game = await api.db.games.get(Scope.personal(w.wid), tomorrow["challenge"]["game_id"])
    assert game is not None and len(game.quiz["questions"]) == 5
    assert await counts(api) == (2, 2)
    # Another workspace: its own setting (off).
    status, body = await api.call("GET", "/api/daily", w.zed)
    assert (status, body["error"]["code"]) == (404, "daily_off")
