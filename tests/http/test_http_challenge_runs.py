"""A team challenge from creation to standings, on SQLite and PostgreSQL: a host creates it over
HTTP, two members of different teams play their runs on the runtime (one of them twice), the
outbox writes each run, and the standings, the game's report and the lasting leaderboard count
them; a member of neither team is not invited."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import register
from test_http_challenges import body_for, quiz
from test_http_teams import workspace

from games.errors import RuleViolation
from server.db.scope import Role, Scope
from server.rooms.loaded import SignedIn
from server.sockets.messages import Answer, Join

_sids = itertools.count()


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def play(api: Api, pin: str, who: SignedIn, answers: tuple[Any, Any]) -> str:
    """`who` joins signed in and plays one run (True is right for the first question, 0 for
    the second); the player's id."""

    async def account_of(token: str, gid: str) -> SignedIn | None:
        return who if token == "login" else None

    msg = Join.parse({"pin": pin, "nickname": who.name, "account_token": "login"})
    gid, pid, ack = await api.live.players.join(f"sid{next(_sids)}", msg, account_of)
    assert ack["state"]["mode"] == "challenge", ack
    await play_again(api, gid, pid, answers)
    return pid


async def play_again(api: Api, gid: str, pid: str, answers: tuple[Any, Any]) -> None:
    for q, value in enumerate(answers):
        shown = await api.live.challenges.move(gid, pid, "next")
        assert shown["run"]["status"] == "question", shown
        api.clock.now += 1000
        revealed = await api.live.answer(gid, pid, Answer(q, value))
        assert revealed["run"]["status"] == "reveal", revealed


async def test_a_team_challenge_from_creation_to_standings(api: Api) -> None:
    owner, wid, _, ann = await workspace(api)
    bob_reg = await register(api.client, email="bob@example.com", name="Bob")
    cat_reg = await register(api.client, email="cat@example.com", name="Cat")
    for reg in (bob_reg, cat_reg):
        invite = await api.db.workspaces.create_invite(
            Scope.personal(wid), Role.MEMBER, timedelta(days=1)
        )
        await api.db.workspaces.accept(invite.id, reg["host"]["id"])
    bob, cat = bob_reg["host"]["id"], cat_reg["host"]["id"]
    _, owls = await api.call("POST", "/api/teams", owner, json={"name": "Owls"})
    _, larks = await api.call("POST", "/api/teams", owner, json={"name": "Larks"})
    await api.call("PUT", f"/api/teams/{owls['id']}/members", owner, json={"account_ids": [ann]})
    await api.call("PUT", f"/api/teams/{larks['id']}/members", owner, json={"account_ids": [bob]})
    qid = await quiz(api, owner)
    status, made = await api.call(
        "POST", "/api/challenges", owner,
        json=body_for(api, qid, audience="teams", team_ids=[owls["id"], larks["id"]],
                      attempts=2, team_rule="sum"),
    )  # fmt: skip
    assert status == 201, made

    ann_in = SignedIn(ann, "Ann", "ann@example.com", member=True)
    pid = await play(api, made["pin"], ann_in, (False, 1))  # nothing right
    await play(api, made["pin"], SignedIn(bob, "Bob", "bob@example.com", member=True), (True, 0))
    with pytest.raises(RuleViolation) as refused:
        await play(api, made["pin"], SignedIn(cat, "Cat", "cat@example.com", member=True), (1, 1))
    assert refused.value.code == "not_invited"
    assert await api.writer.drain_once() == 2
    # Ann tries again and does better: her best run counts.
    gid = made["game_id"]
    again = await api.live.challenges.move(gid, pid, "again")
    assert again["run"]["attempt"] == 2, again
    await play_again(api, gid, pid, (True, 0))
    assert await api.writer.drain_once() == 1
    assert [m for m in api.fanout.bus if m["t"] == "challenge"][-1] == {
        "t": "challenge", "c": made["id"], "g": gid,
    }  # fmt: skip

    status, got = await api.call("GET", f"/api/challenges/{made['id']}/standings", owner)
    assert status == 200, got
    assert got["challenge"]["finished"] == 3
    players = [(p["rank"], p["nickname"], p["team"]) for p in got["players"]]
    # The same answers as fast: a shared first place.
    assert sorted(players) == [(1, "Ann", "Owls"), (1, "Bob", "Larks")]
    scores = {p["nickname"]: p["score"] for p in got["players"]}
    assert scores["Ann"] > 0 and scores["Bob"] > 0
    teams = {t["name"]: (t["score"], t["played"], t["members"]) for t in got["teams"]}
    assert teams == {"Owls": (scores["Ann"], 1, 1), "Larks": (scores["Bob"], 1, 1)}
    # The game's report has every run; the lasting leaderboard counts Ann's two.
    status, report = await api.call("GET", f"/api/games/{gid}/report", owner)
    assert status == 200 and len(report["players"]) == 3, report
    status, csv = await api.call("GET", f"/api/games/{gid}/report.csv?table=players", owner)
    assert status == 200 and csv.decode().count("\n") >= 4, csv  # a header and three runs
    status, board = await api.call("GET", "/api/leaderboards?kind=players", owner)
    assert status == 200, board
    assert sorted(e["games"] for e in board["entries"]) == [1, 2], board
