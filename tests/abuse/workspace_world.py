"""The world the workspace walker walks (tests/abuse/test_abuse_workspaces.py), built through
a real server: workspace A with its owner, an admin, a host and a member; workspace B with its
owner; in each a quiz, an event, a finished game with results (a player with an identifier, so
an identity and a leaderboard exist), a pending invite and a revoked one; in A also a game
waiting in its lobby, for the socket checks, and a duel of its member against its owner."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select

from server.db.database import Database
from server.db.models import Base, Identity
from tests.abuse.support import BoundHost, BoundPlayer, loopback
from tests.e2e.helpers import PASSWORD, assert_ok, close_all, connect_all

QUESTION: dict[str, Any] = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 30000,
}
WORKSPACE_HEADER = "X-Workspace"


@dataclass
class Person:
    """An account and the HTTP client it calls with (no header set: each call says)."""

    label: str
    email: str
    token: str
    account_id: str
    http: httpx.AsyncClient

    def headers(self, workspace: str | None = None) -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.token}"}
        if workspace is not None:
            out[WORKSPACE_HEADER] = workspace
        return out

    async def call(
        self, method: str, path: str, workspace: str | None, body: Any = None
    ) -> httpx.Response:
        return await self.http.request(method, path, headers=self.headers(workspace), json=body)

    async def ok(
        self, method: str, path: str, workspace: str | None, body: Any = None, status: int = 200
    ) -> Any:
        resp = await self.call(method, path, workspace, body)
        assert resp.status_code == status, (self.label, method, path, resp.text)
        return resp.json() if resp.content else None


@dataclass
class Side:
    """One workspace and what it holds."""

    workspace_id: str
    name: str
    owner: Person
    quiz_id: str = ""
    quiz_title: str = ""
    event_id: str = ""
    event_name: str = ""
    game_id: str = ""
    nickname: str = ""
    identifier: str = ""
    player_key: str = ""
    identity_id: str = ""
    invite_id: str = ""
    invite_token: str = ""
    revoked_invite_id: str = ""
    revoked_token: str = ""
    members: dict[str, Person] = field(default_factory=dict)  # role -> person (A only)
    team_id: str = ""
    team_name: str = ""
    lobby_game_id: str = ""
    lobby_pin: str = ""
    duel_id: str = ""  # A only: its member's duel against its owner
    challenge_id: str = ""
    challenge_title: str = ""
    contribution_id: str = ""  # the owner's pending question
    contribution_prompt: str = ""
    drive_id: str = ""
    drive_title: str = ""

    def ids(self) -> dict[str, str]:
        """Every id of this side that a URL may name."""
        out = {
            "workspace": self.workspace_id,
            "owner": self.owner.account_id,
            "quiz": self.quiz_id,
            "event": self.event_id,
            "game": self.game_id,
            "identity": self.identity_id,
            "invite": self.invite_id,
            "team": self.team_id,
            "revoked invite": self.revoked_invite_id,
            "challenge": self.challenge_id,
            "contribution": self.contribution_id,
            "drive": self.drive_id,
        }
        out.update({role: p.account_id for role, p in self.members.items()})
        if self.lobby_game_id:
            out["lobby game"] = self.lobby_game_id
        if self.duel_id:
            out["duel"] = self.duel_id
        return out

    def secrets(self) -> dict[str, str]:
        """What no one outside this workspace may read: its ids, names, people."""
        out = dict(self.ids())
        out.update(
            {
                "workspace name": self.name,
                "quiz title": self.quiz_title,
                "event name": self.event_name,
                "team name": self.team_name,
                "challenge title": self.challenge_title,
                "contribution prompt": self.contribution_prompt,
                "drive title": self.drive_title,
                "nickname": self.nickname,
                "identifier": self.identifier,
                "player key": self.player_key,
                "owner e-mail": self.owner.email,
                "invite token": self.invite_token,
            }
        )
        out.update({f"{role} e-mail": p.email for role, p in self.members.items()})
        return out


async def register(url: str, label: str) -> Person:
    http = httpx.AsyncClient(base_url=url, timeout=15.0)
    email = f"{label}-{secrets.token_hex(5)}@example.com"
    resp = await http.post(
        "/api/auth/register", json={"email": email, "password": PASSWORD, "name": label}
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    return Person(label, email, body["token"], body["host"]["id"], http)


async def own_workspace(person: Person) -> str:
    """The id of the workspace registering made for `person`."""
    found = await person.ok("GET", "/api/workspaces", None)
    items = found["workspaces"] if isinstance(found, dict) else found
    owned = [w for w in items if w["role"] == "owner"]
    assert len(owned) == 1, found
    workspace_id: str = owned[0]["id"]
    return workspace_id


async def invite(owner: Person, workspace_id: str, role: str) -> tuple[str, str]:
    """A new invite of `role`: (its id, its token)."""
    made = await owner.ok(
        "POST", f"/api/workspaces/{workspace_id}/invites", workspace_id, {"role": role}, 201
    )
    return made["id"], made["token"]


async def play_finished_game(url: str, side: Side) -> None:
    """A game of the side's quiz, as a round of its event, played to its results by one
    player who gives an identifier and a device key."""
    ws = side.workspace_id
    game = await side.owner.ok(
        "POST", "/api/games", ws, {"quiz_id": side.quiz_id, "event_id": side.event_id}, 201
    )
    side.game_id = game["id"]
    host_address, player_address = loopback(2)
    host, player = BoundHost(url, host_address), BoundPlayer(url, player_address)
    try:
        await connect_all([host, player])
        await host.attach(game["id"], game["host_key"])
        ack = await player.call(
            "join",
            {
                "pin": game["pin"],
                "nickname": side.nickname,
                "identifier": side.identifier,
                "player_key": side.player_key,
            },
        )
        assert_ok(ack, "join")
        await host.command("start")
        await player.wait_state("question", 0)
        assert_ok(await player.answer(0, 2), "answer")
        assert (await player.wait_for("result"))["correct"] is True  # the reveal came
        await host.command("next")
        await host.command("next")
        await player.wait_state("finished")
    finally:
        await close_all([host, player])


async def build_side(url: str, letter: str, owner: Person) -> Side:
    tag = secrets.token_hex(4)
    ws = await own_workspace(owner)
    side = Side(workspace_id=ws, name=f"Workspace {letter} {tag}", owner=owner)
    await owner.ok("PATCH", f"/api/workspaces/{ws}", ws, {"name": side.name})
    side.quiz_title = f"Quiz {letter} {tag}"
    quiz = await owner.ok(
        "POST", "/api/quizzes", ws, {"title": side.quiz_title, "questions": [QUESTION]}, 201
    )
    side.quiz_id = quiz["id"]
    side.event_name = f"Event {letter} {tag}"
    event = await owner.ok("POST", "/api/events", ws, {"name": side.event_name}, 201)
    side.event_id = event["id"]
    side.team_name = f"Team {letter} {tag}"
    team = await owner.ok("POST", "/api/teams", ws, {"name": side.team_name}, 201)
    side.team_id = team["id"]
    await owner.ok(
        "PUT", f"/api/teams/{side.team_id}/members", ws, {"account_ids": [owner.account_id]}
    )
    side.challenge_title = f"Challenge {letter} {tag}"
    challenge = await owner.ok(
        "POST", "/api/challenges", ws,
        {"quiz_id": side.quiz_id, "title": side.challenge_title, "audience": "members",
         "closes_at": int(time.time() * 1000) + 7 * 86_400_000},
        201,
    )  # fmt: skip
    side.challenge_id = challenge["id"]
    side.drive_title = f"Drive {letter} {tag}"
    drive = await owner.ok(
        "POST", "/api/drives", ws,
        {"title": side.drive_title, "per_member_limit": 5,
         "deadline": int(time.time() * 1000) + 7 * 86_400_000},
        201,
    )  # fmt: skip
    side.drive_id = drive["id"]
    side.contribution_prompt = f"Contribution {letter} {tag}?"
    contribution = await owner.ok(
        "POST", "/api/contributions", ws,
        {"kind": "question", "drive_id": side.drive_id,
         "document": {"kind": "true_false", "prompt": side.contribution_prompt, "correct": True}},
        201,
    )  # fmt: skip
    side.contribution_id = contribution["id"]
    side.nickname = f"Nick{letter}{tag}"
    side.identifier = f"person-{letter.lower()}-{tag}@example.org"
    side.player_key = secrets.token_urlsafe(24)
    await play_finished_game(url, side)
    side.invite_id, side.invite_token = await invite(owner, ws, "member")
    side.revoked_invite_id, side.revoked_token = await invite(owner, ws, "member")
    await owner.ok(
        "DELETE", f"/api/workspaces/{ws}/invites/{side.revoked_invite_id}", ws, status=204
    )
    return side


async def wait_results(person: Person, workspace: str, game_id: str) -> None:
    """The game's results reached SQL (the outbox writes them within moments)."""
    import asyncio
    import time

    deadline = time.monotonic() + 15
    while True:
        resp = await person.call("GET", f"/api/games/{game_id}/results", workspace)
        if resp.status_code == 200:
            return
        assert resp.status_code == 409, resp.text
        assert time.monotonic() < deadline, f"results of {game_id} not written"
        await asyncio.sleep(0.05)


async def identity_of(db: Database, workspace_id: str, identifier: str) -> str:
    async with db.session() as session:
        found = await session.scalar(
            select(Identity.id).where(
                Identity.workspace_id == workspace_id, Identity.identifier == identifier
            )
        )
    assert found is not None, (workspace_id, identifier)
    return found


async def row_counts(db: Database) -> dict[str, int]:
    """Rows per table (but the per-process write probes)."""
    out: dict[str, int] = {}
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "write_probes":
                continue
            out[table.name] = int(
                await session.scalar(select(func.count()).select_from(table)) or 0
            )
    return out


@dataclass
class World:
    a: Side
    b: Side
    people: list[Person]

    async def close(self) -> None:
        for person in self.people:
            await person.http.aclose()


async def build_world(url: str, database_url: str) -> World:
    owner_a, owner_b = await register(url, "owner-a"), await register(url, "owner-b")
    a = await build_side(url, "A", owner_a)
    b = await build_side(url, "B", owner_b)
    people = [owner_a, owner_b]
    for role in ("admin", "host", "member"):
        person = await register(url, f"{role}-a")
        people.append(person)
        _, token = await invite(owner_a, a.workspace_id, role)
        await person.ok("POST", f"/api/invites/{token}/accept", None)
        a.members[role] = person
    lobby = await owner_a.ok("POST", "/api/games", a.workspace_id, {"quiz_id": a.quiz_id}, 201)
    duel = await a.members["member"].ok(
        "POST",
        "/api/duels",
        a.workspace_id,
        {"quiz_id": a.quiz_id, "opponent_account_id": owner_a.account_id},
        201,
    )
    a.duel_id = duel["id"]
    a.lobby_game_id, a.lobby_pin = lobby["id"], lobby["pin"]
    db = Database(database_url)
    try:
        for side in (a, b):
            await wait_results(side.owner, side.workspace_id, side.game_id)
            side.identity_id = await identity_of(db, side.workspace_id, side.identifier)
    finally:
        await db.close()
    return World(a, b, people)
