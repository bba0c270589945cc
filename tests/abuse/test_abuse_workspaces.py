"""Nobody sees another workspace: every route of the OpenAPI document, walked against a real
server on SQLite and on PostgreSQL, with workspace A's real ids in its path —

- with no token: ``401`` (but the routes documented public, `ROUTES` says which);
- as B's owner, acting in A (``X-Workspace: A``) and in B: ``401``/``403``/``404`` for every
  route that names A's things or acts in A, and no answer holds any of A's ids or names;
- as A's member, host and admin: ``403`` on every route that needs a higher role.

`ROUTES` holds every route with the least role it needs: a route of the document that is not
in it (a new route) fails the test, as does an entry the document lacks, so none is skipped.
Then the socket side: attaching to A's game with B's token, or a member's, is refused. The
walk changes nothing (rows per table, before and after), and every id in a URL is at least 64
random bits."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from server.db.database import Database
from tests.abuse.support import BoundHost, BoundPlayer, loopback
from tests.abuse.workspace_world import Person, World, build_world, row_counts
from tests.e2e.conftest import Group
from tests.e2e.helpers import assert_ok, close_all, connect_all

PUBLIC, ACCOUNT, MEMBER, HOST, ADMIN, OWNER = (
    "public",
    "account",
    "member",
    "host",
    "admin",
    "owner",
)
RANK = {MEMBER: 0, HOST: 1, ADMIN: 2, OWNER: 3}

#: Every /api route and what it needs, done to the ids the walker fills in (`fill`): PUBLIC
#: (no token), ACCOUNT (a login, no workspace), or a role in the workspace (at least the one
#: its decorator asks for, the document's ``x-huddle-role``). A new route must be added here.
ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/api/auth/register"): PUBLIC,
    ("POST", "/api/auth/login"): PUBLIC,
    ("GET", "/api/me"): PUBLIC,  # a device's own history, by its X-Player-Key
    ("GET", "/api/openapi.json"): PUBLIC,
    ("GET", "/api/invites/{token}"): PUBLIC,  # an invite's preview, for whoever holds it
    ("GET", "/api/auth/me"): ACCOUNT,
    ("POST", "/api/auth/logout"): ACCOUNT,
    ("GET", "/api/workspaces"): ACCOUNT,
    ("POST", "/api/workspaces"): ACCOUNT,
    ("POST", "/api/invites/{token}/accept"): ACCOUNT,
    ("GET", "/api/me/export"): ACCOUNT,
    ("GET", "/api/me/figures"): ACCOUNT,
    ("GET", "/api/me/history.csv"): ACCOUNT,
    ("POST", "/api/me/claim"): ACCOUNT,
    ("GET", "/api/workspaces/{workspace_id}"): MEMBER,
    ("GET", "/api/workspaces/{workspace_id}/members"): MEMBER,
    ("PATCH", "/api/workspaces/{workspace_id}"): ADMIN,
    ("DELETE", "/api/workspaces/{workspace_id}"): OWNER,
    ("PATCH", "/api/workspaces/{workspace_id}/members/{account_id}"): ADMIN,
    # Any member may leave; removing the owner (the walker's {account_id}) needs more.
    ("DELETE", "/api/workspaces/{workspace_id}/members/{account_id}"): ADMIN,
    ("DELETE", "/api/workspaces/{workspace_id}/people/{account_id}"): ADMIN,
    ("GET", "/api/workspaces/{workspace_id}/people/{account_id}"): HOST,
    ("GET", "/api/workspaces/{workspace_id}/people/{account_id}/history.csv"): HOST,
    ("GET", "/api/workspaces/{workspace_id}/invites"): ADMIN,
    ("POST", "/api/workspaces/{workspace_id}/invites"): ADMIN,
    ("DELETE", "/api/workspaces/{workspace_id}/invites/{invite_id}"): ADMIN,
    ("DELETE", "/api/identities"): ADMIN,
    ("DELETE", "/api/identities/{identity_id}"): ADMIN,
    ("GET", "/api/leaderboards"): HOST,
    ("POST", "/api/quizzes"): HOST,
    ("GET", "/api/quizzes"): HOST,
    ("GET", "/api/quizzes/{quiz_id}"): HOST,
    ("PUT", "/api/quizzes/{quiz_id}"): HOST,
    ("DELETE", "/api/quizzes/{quiz_id}"): HOST,
    ("GET", "/api/quizzes/{quiz_id}/export"): HOST,
    ("GET", "/api/quizzes/{quiz_id}/export.xlsx"): HOST,
    ("POST", "/api/quizzes/import"): HOST,
    ("POST", "/api/games"): HOST,
    ("GET", "/api/games"): HOST,
    ("GET", "/api/games/{game_id}"): HOST,
    ("POST", "/api/games/{game_id}/end"): HOST,
    ("DELETE", "/api/games/{game_id}"): HOST,  # and only its creator below admin
    ("GET", "/api/games/{game_id}/results"): HOST,
    ("GET", "/api/games/{game_id}/report"): HOST,
    ("GET", "/api/games/{game_id}/report.csv"): HOST,
    ("GET", "/api/games/{game_id}/report.xlsx"): HOST,
    ("POST", "/api/events"): HOST,
    ("GET", "/api/events"): HOST,
    ("GET", "/api/events/{event_id}"): HOST,
    ("PUT", "/api/events/{event_id}"): HOST,
    ("DELETE", "/api/events/{event_id}"): HOST,
    ("GET", "/api/events/{event_id}/leaderboard"): HOST,
    ("GET", "/api/events/{event_id}/report"): HOST,
    ("GET", "/api/events/{event_id}/report.csv"): HOST,
    ("GET", "/api/events/{event_id}/report.xlsx"): HOST,
    ("POST", "/api/images"): HOST,
    ("GET", "/api/questions"): HOST,
    ("POST", "/api/quizzes/{quiz_id}/questions"): HOST,
    ("GET", "/api/quizzes/{quiz_id}/stats"): HOST,
    ("GET", "/api/quizzes/{quiz_id}/stats.csv"): HOST,
    ("POST", "/api/quizzes/{quiz_id}/duplicate"): HOST,
    ("GET", "/api/teams"): MEMBER,
    ("POST", "/api/teams"): HOST,
    ("GET", "/api/teams/mine"): MEMBER,
    ("GET", "/api/teams/{team_id}"): MEMBER,
    ("PATCH", "/api/teams/{team_id}"): HOST,
    ("DELETE", "/api/teams/{team_id}"): HOST,
    ("PUT", "/api/teams/{team_id}/members"): HOST,
    ("POST", "/api/teams/{team_id}/members"): HOST,
    ("DELETE", "/api/teams/{team_id}/members/{account_id}"): HOST,
    ("GET", "/api/teams/{team_id}/stats"): MEMBER,
    ("GET", "/api/teams/{team_id}/stats.csv"): MEMBER,
    ("POST", "/api/duels"): MEMBER,
    ("GET", "/api/duels/{duel_id}"): MEMBER,  # and only its sides
    ("GET", "/api/daily"): MEMBER,
    ("GET", "/api/me/challenges"): MEMBER,
    ("GET", "/api/workspaces/{workspace_id}/daily"): ADMIN,
    ("PUT", "/api/workspaces/{workspace_id}/daily"): ADMIN,
    ("POST", "/api/challenges"): HOST,
    ("GET", "/api/challenges"): HOST,
    ("GET", "/api/challenges/{challenge_id}"): MEMBER,  # one they are invited to
    ("POST", "/api/challenges/{challenge_id}/close"): HOST,  # and only its creator below admin
    ("GET", "/api/challenges/{challenge_id}/standings"): MEMBER,
    ("POST", "/api/contributions"): MEMBER,
    ("GET", "/api/contributions/mine"): MEMBER,
    # The reviewers' routes ask for a member and refuse those not named reviewers (403).
    ("GET", "/api/contributions/queue"): HOST,
    ("GET", "/api/contributions/{contribution_id}"): MEMBER,  # approved, or their own
    ("PUT", "/api/contributions/{contribution_id}"): MEMBER,  # and only its author
    ("POST", "/api/contributions/{contribution_id}/review"): HOST,
    ("POST", "/api/contributions/{contribution_id}/dismiss-reports"): HOST,
    ("POST", "/api/contributions/{contribution_id}/hide"): HOST,
    ("POST", "/api/contributions/{contribution_id}/unhide"): HOST,
    ("POST", "/api/contributions/{contribution_id}/report"): MEMBER,
    ("POST", "/api/contributions/{contribution_id}/vote"): MEMBER,
    ("DELETE", "/api/contributions/{contribution_id}/vote"): MEMBER,
    ("POST", "/api/contributions/{contribution_id}/add-to-quiz"): HOST,
    ("GET", "/api/contributions/{contribution_id}/stats"): MEMBER,  # its author and reviewers
    ("GET", "/api/me/contributions/stats"): MEMBER,
    ("POST", "/api/community-rounds"): HOST,
    ("GET", "/api/library/community"): MEMBER,
    ("POST", "/api/drives"): HOST,
    ("GET", "/api/drives"): MEMBER,
    ("GET", "/api/drives/{drive_id}"): MEMBER,
    ("POST", "/api/drives/{drive_id}/close"): HOST,
    ("GET", "/api/workspaces/{workspace_id}/reviewers"): ADMIN,
    ("PUT", "/api/workspaces/{workspace_id}/reviewers"): ADMIN,
}
#: Valid bodies for the routes that change one of A's things, so that the workspace check (not
#: a body check) is what refuses them; any other body is ``{}``.
BODIES: dict[tuple[str, str], Any] = {
    ("PUT", "/api/quizzes/{quiz_id}"): {
        "title": "Taken over",
        "questions": [
            {"kind": "true_false", "prompt": "Mine?", "correct": True, "time_limit_ms": 10000}
        ],
    },
    ("PUT", "/api/events/{event_id}"): {"name": "Taken over"},
    ("POST", "/api/quizzes/{quiz_id}/questions"): {"from_quiz": "{quiz_id}", "index": 0},
    ("PATCH", "/api/workspaces/{workspace_id}"): {"name": "Taken over", "retention_days": 1},
    ("PATCH", "/api/workspaces/{workspace_id}/members/{account_id}"): {"role": "member"},
    ("PATCH", "/api/teams/{team_id}"): {"name": "Taken over"},
    ("PUT", "/api/teams/{team_id}/members"): {"account_ids": []},
    ("POST", "/api/teams/{team_id}/members"): {"account_id": "{account_id}"},
    ("POST", "/api/workspaces/{workspace_id}/invites"): {"role": "admin"},
    ("PUT", "/api/workspaces/{workspace_id}/daily"): {
        "enabled": True,
        "count": 3,
        "time_limit_s": 20,
    },
    ("POST", "/api/duels"): {"quiz_id": "{quiz_id}", "opponent_account_id": "{account_id}"},
    ("POST", "/api/contributions/{contribution_id}/add-to-quiz"): {"quiz_id": "{quiz_id}"},
    ("POST", "/api/community-rounds"): {"drive_id": "{drive_id}"},
    ("PUT", "/api/contributions/{contribution_id}"): {
        "document": {"kind": "true_false", "prompt": "Mine?", "correct": True},
        "version": 1,
    },
    ("POST", "/api/contributions/{contribution_id}/review"): {
        "action": "reject",
        "comment": "Taken over",
        "version": 1,
    },
    ("POST", "/api/contributions/{contribution_id}/report"): {"reason": "Taken over"},
    ("PUT", "/api/workspaces/{workspace_id}/reviewers"): {"account_ids": ["{account_id}"]},
}
#: Walked last: it ends the caller's login.
LAST = {("POST", "/api/auth/logout")}
REFUSED = {401, 403, 404}
_PARAM = re.compile(r"\{(\w+)\}")
# An id in a URL: URL-safe base64 of at least 64 bits (11 characters carry 66).
_RANDOM_ID = re.compile(r"[A-Za-z0-9_-]{11,64}")


def values(world: World) -> dict[str, str]:
    """What the walker puts for each path parameter (and "{name}" in a body): A's real ids."""
    a = world.a
    return {
        "workspace_id": a.workspace_id,
        # The owner: a member may remove themselves (leave), not the owner.
        "account_id": a.owner.account_id,
        "invite_id": a.invite_id,
        "token": a.revoked_token,  # A's real, revoked invite: a live one would let B in
        "identity_id": a.identity_id,
        "quiz_id": a.quiz_id,
        "game_id": a.game_id,
        "event_id": a.event_id,
        "team_id": a.team_id,
        "duel_id": a.duel_id,
        "challenge_id": a.challenge_id,
        "contribution_id": a.contribution_id,
        "drive_id": a.drive_id,
    }


def fill(path: str, world: World) -> str:
    """`path` with A's real ids; an unknown parameter fails (add it to `values`)."""
    known = values(world)

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in known, f"the walker cannot fill {{{name}}} of {path}: add it to values()"
        return known[name]

    return _PARAM.sub(one, path)


def leaks(resp: httpx.Response, world: World, url: str) -> list[str]:
    """Which of A's secrets the answer holds (but those the caller sent in the URL)."""
    text = resp.text
    return [
        what
        for what, value in world.a.secrets().items()
        if value and value in text and value not in url
    ]


async def _call(
    http: httpx.AsyncClient,
    method: str,
    path: str,
    url: str,
    headers: dict[str, str],
    known: dict[str, str],
) -> httpx.Response:
    body = BODIES.get((method, path), {}) if method in ("POST", "PUT", "PATCH") else None
    if body:  # "{quiz_id}" in a body: A's id, as in a URL
        body = json.loads(_PARAM.sub(lambda m: known[m.group(1)], json.dumps(body)))
    return await http.request(method, url, headers=headers, json=body)


async def walk(world: World, doc: dict[str, Any]) -> list[str]:
    """Every route of `doc` as the strangers and the lesser roles; the failures."""
    failures: list[str] = []
    operations = [
        (method.upper(), path, op)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
    ]
    described = {(m, p) for m, p, _ in operations}
    unknown = sorted(described - set(ROUTES))
    stale = sorted((set(ROUTES) | set(BODIES)) - described)
    assert not unknown, f"routes the walker does not know (add them to ROUTES): {unknown}"
    assert not stale, f"ROUTES lists routes the server does not have: {stale}"
    operations.sort(key=lambda o: ((o[0], o[1]) in LAST, o[1], o[0]))
    a, b = world.a, world.b
    known = values(world)
    stranger = b.owner
    anonymous = httpx.AsyncClient(base_url=str(stranger.http.base_url), timeout=15.0)
    try:
        for method, path, op in operations:
            need = ROUTES[(method, path)]
            public = op.get("security") == []
            if public != (need == PUBLIC):
                failures.append(f"{method} {path}: documented public={public}, ROUTES {need}")
            floor = op.get("x-huddle-role")  # the role its decorator asks for
            if (floor is None) != (need in (PUBLIC, ACCOUNT)) or (
                floor is not None and RANK[floor] > RANK[need]
            ):
                failures.append(f"{method} {path}: documented role {floor}, ROUTES {need}")
            url = fill(path, world)
            names_a = "{" in path
            if need != PUBLIC:
                resp = await _call(anonymous, method, path, url, {}, known)
                if resp.status_code != 401:
                    failures.append(
                        f"no token {method} {url}: {resp.status_code} {resp.text[:200]}"
                    )
            for acting_in in (a.workspace_id, b.workspace_id):
                resp = await _call(
                    stranger.http, method, path, url, stranger.headers(acting_in), known
                )
                refused = need not in (PUBLIC, ACCOUNT) and (names_a or acting_in == a.workspace_id)
                refused = refused or (need == ACCOUNT and names_a)
                where = "A" if acting_in == a.workspace_id else "B"
                if refused and resp.status_code not in REFUSED:
                    failures.append(
                        f"B's owner in {where} {method} {url}: {resp.status_code} {resp.text[:200]}"
                    )
                found = leaks(resp, world, url)
                if found:
                    failures.append(f"B's owner in {where} {method} {url} leaks A's {found}")
            if need in RANK:
                for role in ("member", "host", "admin"):
                    if RANK[role] >= RANK[need]:
                        continue
                    person: Person = a.members[role]
                    resp = await _call(
                        person.http, method, path, url, person.headers(a.workspace_id), known
                    )
                    if resp.status_code != 403:
                        failures.append(
                            f"A's {role} {method} {url}: {resp.status_code} {resp.text[:200]}"
                        )
    finally:
        await anonymous.aclose()
    return failures


async def bodies_naming_a(world: World) -> list[str]:
    """B's owner, in B, names A's things in a body (not a URL): refused, nothing leaks."""
    a, b = world.a, world.b
    refused = set(range(400, 500))
    probes: list[tuple[str, str, dict[str, Any], set[int]]] = [
        ("POST", "/api/games", {"quiz_id": a.quiz_id}, refused),
        (
            "POST",
            "/api/challenges",
            # Valid but for the quiz, so the quiz's workspace is what refuses it.
            {
                "quiz_id": a.quiz_id,
                "audience": "guests",
                "closes_at": time.time_ns() // 10**6 + 10**8,
            },
            refused,
        ),
        ("POST", "/api/games", {"quiz_id": b.quiz_id, "event_id": a.event_id}, refused),
        (
            "POST",
            f"/api/quizzes/{b.quiz_id}/questions",
            {"from_quiz": a.quiz_id, "index": 0},
            refused,
        ),
        # A duel on A's quiz, or against A's owner: no such quiz / not a member of B.
        ("POST", "/api/duels", {"quiz_id": a.quiz_id, "opponent_team_id": b.team_id}, refused),
        (
            "POST",
            "/api/duels",
            {"quiz_id": b.quiz_id, "opponent_account_id": a.owner.account_id},
            refused,
        ),
        # A's drive, or A's owner named reviewer of B: no such drive / not a member of B.
        (
            "POST",
            "/api/contributions",
            {"kind": "tip", "document": {"title": "T", "body": "B"}, "drive_id": a.drive_id},
            refused,
        ),
        (
            "PUT",
            f"/api/workspaces/{b.workspace_id}/reviewers",
            {"account_ids": [a.owner.account_id]},
            refused,
        ),
        # Claiming the key of A's player's device merges nothing of A (B's owner is no
        # member there): the world's rows stay as they were.
        ("POST", "/api/me/claim", {"player_key": a.player_key}, {200} | refused),
    ]
    failures = []
    for method, url, body, expected in probes:
        resp = await b.owner.call(method, url, b.workspace_id, body)
        if resp.status_code not in expected:
            failures.append(f"B's owner {method} {url} {body}: {resp.status_code} {resp.text}")
        found = [w for w, v in a.secrets().items() if v and v in resp.text and v not in repr(body)]
        if found:
            failures.append(f"B's owner {method} {url} {body} leaks A's {found}")
    return failures


async def sockets_refuse_strangers(url: str, world: World) -> None:
    """``attach {game_id, token}`` to A's waiting game: B's owner and A's member are refused,
    A's owner is let in (so the refusals are not of a broken call); ``join`` with B's owner's
    login token plays as a guest, not as B's account."""
    a = world.a
    consoles = [BoundHost(url, address) for address in loopback(3)]
    try:
        await connect_all(consoles)
        for console, person in zip(consoles[:2], (world.b.owner, a.members["member"]), strict=True):
            ack = await console.call("attach", {"game_id": a.lobby_game_id, "token": person.token})
            assert isinstance(ack, dict) and ack.get("ok") is not True, (person.label, ack)
            assert ack["error"]["code"] in ("forbidden", "unauthorized"), ack
            assert not [v for v in a.secrets().values() if v and v in repr(ack)], ack
        ack = await consoles[2].call("attach", {"game_id": a.lobby_game_id, "token": a.owner.token})
        assert isinstance(ack, dict) and ack.get("ok") is True, ack
    finally:
        await close_all(consoles)
    # ``join`` with an account token: a member of A plays as themselves (a second device is
    # the same player); B's owner is no member of A, so each of their devices is a guest (a
    # game's PIN lets anyone play it and see its State, by design).
    phones = [BoundPlayer(url, address) for address in loopback(4)]
    try:
        await connect_all(phones)
        ids = []
        for n, (phone, person) in enumerate(
            zip(phones, [world.b.owner] * 2 + [a.members["member"]] * 2, strict=True)
        ):
            payload = {"pin": a.lobby_pin, "nickname": f"Phone{n}", "account_token": person.token}
            ack = assert_ok(await phone.call("join", payload), f"join {person.label}")
            ids.append(ack["player"]["id"])
        assert ids[0] != ids[1], "B's owner played as an account in A"
        assert ids[2] == ids[3], "A's member did not play as their account"
    finally:
        await close_all(phones)


def check_ids(world: World) -> None:
    for side in (world.a, world.b):
        for what, value in side.ids().items():
            assert _RANDOM_ID.fullmatch(value), f"{what} id {value!r} is not 64+ random bits"
    # (An account's own workspace has the account's id, by design: not counted twice.)
    every = [v for side in (world.a, world.b) for k, v in side.ids().items() if k != "owner"]
    assert len(set(every)) == len(every), "ids repeat"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def group(request: pytest.FixtureRequest) -> Iterator[Group]:
    yield request.getfixturevalue("open_server" if request.param == "sqlite" else "open_pg_server")


async def test_nobody_sees_another_workspace(group: Group) -> None:
    world = await build_world(group.url, group.database_url)
    db = Database(group.database_url)
    try:
        check_ids(world)
        # The callers' logins work (so the refusals below are not of broken tokens).
        for person in [world.b.owner, *world.a.members.values()]:
            await person.ok("GET", "/api/auth/me", None)
        doc = (await world.b.owner.http.get("/api/openapi.json")).json()
        # Sockets first: the walk ends with logging the walkers out.
        await sockets_refuse_strangers(group.url, world)
        before = await row_counts(db)
        failures = await walk(world, doc) + await bodies_naming_a(world)
        assert not failures, "\n".join(failures)
        after = await row_counts(db)
        # Logging out (walked last) deletes the walkers' login rows only.
        assert {**after, "host_tokens": 0} == {**before, "host_tokens": 0}, (before, after)
        assert after["host_tokens"] >= before["host_tokens"] - 4
    finally:
        await db.close()
        await world.close()
