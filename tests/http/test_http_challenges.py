"""``/api/challenges`` on SQLite and PostgreSQL: a host creates a challenge (its rows and its
Redis game with a PIN), lists, reads and closes it; a member reads one they are invited to and
its standings; a team challenge takes the chosen workspace teams. Every refusal is a 4xx JSON
error that changes nothing, and another workspace's challenge is 404."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register
from test_http_teams import workspace

from server.db.records import AnswerRecord, PlayerResult, RunResults
from server.db.scope import Role, Scope

DAY_MS = 86_400_000
QUESTIONS = [
    {"kind": "true_false", "prompt": "Yes?", "correct": True},
    {"kind": "choice", "prompt": "Which?", "choices": ["A", "B"], "correct": [0]},
]


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def quiz(api: Api, auth: dict[str, str]) -> str:
    status, body = await api.call(
        "POST", "/api/quizzes", auth, json={"title": "Rivers", "questions": QUESTIONS}
    )
    assert status == 201, body
    return str(body["id"])


def body_for(api: Api, quiz_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "quiz_id": quiz_id,
        "closes_at": api.clock.now + 7 * DAY_MS,
        "audience": "members",
        **changes,
    }


async def nothing_made(api: Api, owner: dict[str, str]) -> None:
    """No challenge, and no game row nor Redis game came of a refusal."""
    assert (await api.call("GET", "/api/challenges", owner))[1] == {"challenges": []}
    assert (await api.call("GET", "/api/games", owner))[1] == {"games": []}


async def test_a_host_creates_lists_reads_and_closes_a_challenge(api: Api) -> None:
    owner, _, member, _ = await workspace(api)
    qid = await quiz(api, owner)
    status, made = await api.call(
        "POST", "/api/challenges", owner, json=body_for(api, qid, title=" Week 1 ", attempts=3)
    )
    assert status == 201, made
    assert made["kind"] == "challenge" and made["title"] == "Week 1" and made["attempts"] == 3
    assert made["status"] == "open" and made["audience"] == "members"
    assert made["team_rule"] == "average" and made["team_ids"] == []
    assert made["closes_at"] == api.clock.now + 7 * DAY_MS and made["opens_at"] == api.clock.now
    assert made["join_url"].endswith(f"/join/{made['pin']}")
    assert (made["players"], made["finished"]) == (0, 0)
    # Its Redis game answers to the PIN, and its game row holds the quiz.
    gid, cid = await api.live.challenges.challenge_of_pin(made["pin"])
    assert (gid, cid) == (made["game_id"], made["id"])
    status, game = await api.call("GET", f"/api/games/{gid}", owner)
    assert status == 200 and game["title"] == "Week 1", game
    # Open, its game is running: not deleted.
    status, refused = await api.call("DELETE", f"/api/games/{gid}", owner)
    assert (status, refused["error"]["code"]) == (409, "game_running"), refused

    status, listed = await api.call("GET", "/api/challenges?status=open", owner)
    assert [c["id"] for c in listed["challenges"]] == [cid]
    assert (await api.call("GET", "/api/challenges?status=closed", owner))[1]["challenges"] == []
    status, bad = await api.call("GET", "/api/challenges?status=done", owner)
    assert (status, bad["error"]["field"]) == (422, "status")
    # A member reads it (the audience is the workspace's members), and may not list or close.
    status, seen = await api.call("GET", f"/api/challenges/{cid}", member)
    assert status == 200 and seen["pin"] == made["pin"], seen
    assert (await api.call("GET", "/api/challenges", member))[0] == 403
    assert (await api.call("POST", f"/api/challenges/{cid}/close", member))[0] == 403

    status, closed = await api.call("POST", f"/api/challenges/{cid}/close", owner)
    assert status == 200 and closed["status"] == "closed" and closed["closed_at"], closed
    status, again = await api.call("POST", f"/api/challenges/{cid}/close", owner)
    assert status == 200 and again["closed_at"] == closed["closed_at"]
    status, listed = await api.call("GET", "/api/challenges?status=closed", owner)
    assert [c["id"] for c in listed["challenges"]] == [cid]
    # Closed, it is deleted with its game: rows and PIN.
    assert (await api.call("DELETE", f"/api/games/{gid}", owner))[0] == 204
    assert (await api.call("GET", f"/api/challenges/{cid}", owner))[0] == 404
    assert (await api.call("GET", "/api/challenges", owner))[1] == {"challenges": []}


async def test_every_refusal_is_a_json_error_and_changes_nothing(api: Api) -> None:
    owner, _, member, _ = await workspace(api)
    qid = await quiz(api, owner)
    now = api.clock.now
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({**body_for(api, qid), "extra": 1}, 422, "extra"),
        (body_for(api, "x" * 300), 422, "quiz_id"),
        (body_for(api, "nope"), 404, ""),
        ({k: v for k, v in body_for(api, qid).items() if k != "closes_at"}, 422, "closes_at"),
        (body_for(api, qid, closes_at=now - 1), 422, "closes_at"),
        (body_for(api, qid, closes_at=now + 91 * DAY_MS), 422, "closes_at"),
        (body_for(api, qid, closes_at="tomorrow"), 422, "closes_at"),
        (body_for(api, qid, opens_at=now + 8 * DAY_MS), 422, "opens_at"),
        (body_for(api, qid, audience="everyone"), 422, "audience"),
        (body_for(api, qid, audience="teams"), 422, "team_ids"),
        (body_for(api, qid, team_ids=["no-such-team", "nor-this"]), 422, "team_ids"),
        (body_for(api, qid, team_ids="abc"), 422, "team_ids"),
        (body_for(api, qid, team_rule="max"), 422, "team_rule"),
        (body_for(api, qid, team_rule={"top_n": 0}), 422, "team_rule"),
        (body_for(api, qid, attempts=0), 422, "attempts"),
        (body_for(api, qid, attempts=6), 422, "attempts"),
        (body_for(api, qid, attempts=True), 422, "attempts"),
        (body_for(api, qid, title="x" * 201), 422, "title"),
        (body_for(api, qid, title="a\x00b"), 422, "title"),
        (body_for(api, qid, settings={"scoring": "luck"}), 422, "settings.scoring"),
        (body_for(api, qid, settings={"teams": {"mode": "auto"}}), 422, "settings.teams"),
    ]
    for body, status, field in cases:
        got, answer = await api.call("POST", "/api/challenges", owner, json=body)
        assert got == status, (body, answer)
        assert answer["error"]["code"] in ("invalid", "not_found"), answer
        if field:
            assert answer["error"].get("field") == field, (body, answer)
    for raw in (b"[]", b"{", b'{"quiz_id": NaN}'):
        got, answer = await api.call(
            "POST", "/api/challenges", owner, data=raw, headers={"Content-Type": "application/json"}
        )
        assert got == 422 and answer["error"]["code"] == "invalid", answer
    # A member may not create one; nobody without a token.
    assert (await api.call("POST", "/api/challenges", member, json=body_for(api, qid)))[0] == 403
    assert (await api.call("POST", "/api/challenges", None, json=body_for(api, qid)))[0] == 401
    await nothing_made(api, owner)


async def test_another_workspace_sees_nothing(api: Api) -> None:
    owner, _, _, _ = await workspace(api)
    qid = await quiz(api, owner)
    status, made = await api.call("POST", "/api/challenges", owner, json=body_for(api, qid))
    assert status == 201
    other = bearer((await register(api.client, email="zed@example.com", name="Zed"))["token"])
    cid = made["id"]
    for method, url in (
        ("GET", f"/api/challenges/{cid}"),
        ("POST", f"/api/challenges/{cid}/close"),
        ("GET", f"/api/challenges/{cid}/standings"),
        ("GET", "/api/challenges/" + "x" * 100),
    ):
        status, answer = await api.call(method, url, other)
        assert (status, answer["error"]["code"]) == (404, "not_found"), (method, url, answer)
        assert (await api.call(method, url, None))[0] == 401
    assert (await api.call("GET", "/api/challenges", other))[1] == {"challenges": []}
    # Another workspace's quiz is as good as missing.
    status, answer = await api.call("POST", "/api/challenges", other, json=body_for(api, qid))
    assert status == 404, answer
    status, still = await api.call("GET", f"/api/challenges/{cid}", owner)
    assert status == 200 and still["status"] == "open"


def _run(made: dict[str, Any], pid: str, score: int, account: str, team_id: str) -> RunResults:
    run_id = f"run-{pid}"
    player = PlayerResult(run_id, pid.upper(), None, score, 1, 1, 2, 1500, None, account_id=account)
    answers = [AnswerRecord(run_id, 0, True, True, score, 1500)]
    return RunResults(made["id"], made["game_id"], pid, 1, 1, 2, player, answers, team_id)


async def test_a_team_challenge_and_its_standings(api: Api) -> None:
    owner, wid, member, ann = await workspace(api)
    bob = await register(api.client, email="bob@example.com", name="Bob")
    invite = await api.db.workspaces.create_invite(
        Scope.personal(wid), Role.MEMBER, timedelta(days=1)
    )
    await api.db.workspaces.accept(invite.id, bob["host"]["id"])
    bob_auth = {**bearer(bob["token"]), "X-Workspace": wid}
    _, owls = await api.call("POST", "/api/teams", owner, json={"name": "Owls"})
    _, larks = await api.call("POST", "/api/teams", owner, json={"name": "Larks"})
    _, wrens = await api.call("POST", "/api/teams", owner, json={"name": "Wrens"})
    await api.call("PUT", f"/api/teams/{owls['id']}/members", owner, json={"account_ids": [ann]})
    await api.call(
        "PUT", f"/api/teams/{wrens['id']}/members", owner, json={"account_ids": [bob["host"]["id"]]}
    )
    qid = await quiz(api, owner)
    teams = [owls["id"], larks["id"]]
    status, made = await api.call(
        "POST", "/api/challenges", owner,
        json=body_for(api, qid, audience="teams", team_ids=teams, team_rule={"top_n": 2}),
    )  # fmt: skip
    assert status == 201, made
    assert made["team_rule"] == {"top_n": 2} and sorted(made["team_ids"]) == sorted(teams)
    _, game = await api.call("GET", f"/api/games/{made['game_id']}", owner)
    assert sorted(game["settings"]["teams"]["names"]) == ["Larks", "Owls"]
    # Ann (an Owl) is invited; Bob (a Wren) is not: for him it does not exist.
    assert (await api.call("GET", f"/api/challenges/{made['id']}", member))[0] == 200
    assert (await api.call("GET", f"/api/challenges/{made['id']}", bob_auth))[0] == 404
    assert (await api.call("GET", f"/api/challenges/{made['id']}/standings", bob_auth))[0] == 404

    assert await api.db.challenges.write_run(_run(made, "pa", 700, ann, owls["id"])) is not None
    status, got = await api.call("GET", f"/api/challenges/{made['id']}/standings", member)
    assert status == 200, got
    assert got["challenge"]["id"] == made["id"] and got["challenge"]["finished"] == 1
    assert [(p["rank"], p["nickname"], p["score"]) for p in got["players"]] == [(1, "PA", 700)]
    assert [
        (t["name"], t["score"], t["rank"], t["played"], t["members"]) for t in got["teams"]
    ] == [
        ("Owls", 700, 1, 1, 1),
        ("Larks", 0, 2, 0, 0),
    ]


async def test_a_scheduled_challenge_is_hidden_from_members(api: Api) -> None:
    owner, _, member, _ = await workspace(api)
    qid = await quiz(api, owner)
    status, made = await api.call(
        "POST", "/api/challenges", owner, json=body_for(api, qid, opens_at=api.clock.now + DAY_MS)
    )
    assert status == 201 and made["status"] == "scheduled", made
    assert (await api.call("GET", f"/api/challenges/{made['id']}", member))[0] == 404
    assert (await api.call("GET", f"/api/challenges/{made['id']}", owner))[0] == 200
    status, listed = await api.call("GET", "/api/challenges?status=scheduled", owner)
    assert [c["id"] for c in listed["challenges"]] == [made["id"]]
