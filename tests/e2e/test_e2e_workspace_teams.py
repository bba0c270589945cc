"""Workspace teams over real sockets: a game played as the workspace's teams puts each
signed-in member of a roster in their own team whatever they ask for, guests choose (or are
balanced), the results keep the teams' ids so the team board adds a renamed team up as one;
and within one event a person keeps the team of their first round, even where players choose.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    HostAccount,
    Player,
    assert_error,
    assert_ok,
    check_join_ack,
    close_all,
    register_host,
)

QUESTIONS = [{"kind": "true_false", "prompt": "Sky is blue?", "correct": True}]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_server(request: pytest.FixtureRequest) -> Group:
    """A server on SQLite, then one on PostgreSQL."""
    group: Group = request.getfixturevalue("server" if request.param == "sqlite" else "pg_server")
    return group


async def invite_member(owner: HostAccount, base_url: str) -> HostAccount:
    """A colleague who registers and joins the owner's workspace by an invite link."""
    workspace = owner.host_id  # every account's own workspace has the account's id
    resp = await owner.http.post(f"/api/workspaces/{workspace}/invites", json={"role": "member"})
    assert resp.status_code == 201, resp.text
    token = resp.json()["token"]
    colleague = await register_host(base_url)
    resp = await colleague.http.post(f"/api/invites/{token}/accept")
    assert resp.status_code in (200, 201), resp.text
    colleague.http.headers["X-Workspace"] = workspace
    return colleague


async def make_team(owner: HostAccount, name: str, members: list[str]) -> dict[str, Any]:
    resp = await owner.http.post("/api/teams", json={"name": name})
    assert resp.status_code == 201, resp.text
    team: dict[str, Any] = resp.json()
    resp = await owner.http.put(f"/api/teams/{team['id']}/members", json={"account_ids": members})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


async def join(player: Player, pin: str, **payload: Any) -> dict[str, Any]:
    ack = assert_ok(await player.call("join", {"pin": pin, **payload}), f"join {payload}")
    check_join_ack(ack)
    player.join_ack = ack
    return ack


async def play_through(host: Host, players: list[Player], answer: bool = True) -> None:
    await host.command("start")
    for p in players:
        await p.wait_state("question", 0)
        assert_ok(await p.answer(0, answer), "answer")
    # Everyone answered: the question closes by itself; then the host ends the game.
    await players[0].wait_state("reveal", 0)
    await host.command("end")


async def test_members_land_in_their_own_teams_and_guests_choose(any_server: Group) -> None:
    url = any_server.url
    owner = await register_host(url)
    ann, bob = await invite_member(owner, url), await invite_member(owner, url)
    owls = await make_team(owner, "Owls", [ann.host_id])
    larks = await make_team(owner, "Larks", [bob.host_id])
    resp = await owner.http.post(
        "/api/quizzes", json={"title": "Safety", "questions": QUESTIONS, "tags": ["safety"]}
    )
    assert resp.status_code == 201, resp.text
    quiz_id = resp.json()["id"]
    game = await owner.create_game(quiz_id, {"teams": {"mode": "workspace"}})
    # The game took a snapshot of the teams: ordinary "choose" teams to a client, with ids.
    summary = (await owner.http.get(f"/api/games/{game['id']}")).json()
    assert summary["settings"]["teams"] == {
        "mode": "choose",
        "source": "workspace",
        "names": ["Larks", "Owls"],
        "ids": [larks["id"], owls["id"]],
        "score": "average",
    }, summary
    ann_phone, bob_phone, guest, lost = (Player(url) for _ in range(4))
    console = Host(url)
    clients = [console, ann_phone, bob_phone, guest, lost]
    try:
        for c in clients:
            await c.connect()
        await console.attach(game["id"], game["host_key"])
        # Ann asks for Larks; she is an Owl, so she plays for the Owls.
        ack = await join(ann_phone, game["pin"], account_token=ann.token, team="Larks")
        assert ack["player"]["team"] == "Owls", ack
        ack = await join(bob_phone, game["pin"], account_token=bob.token)
        assert ack["player"]["team"] == "Larks", ack
        # A guest chooses (case ignored); a guest without a team is told the choices.
        ack = await join(guest, game["pin"], nickname="Guest", team="owls")
        assert ack["player"]["team"] == "Owls", ack
        refused = assert_error(
            await lost.call("join", {"pin": game["pin"], "nickname": "Lost"}), "invalid_team"
        )
        assert "Larks" in refused["message"], refused
        await play_through(console, [ann_phone, bob_phone, guest])
        results = await owner.wait_results(game["id"])
        teams = {t["team"]: t["members"] for t in results["teams"]}
        assert teams == {"Owls": 2, "Larks": 1}, results
        # The team board names the workspace team by id, and by its new name after a rename.
        resp = await owner.http.patch(f"/api/teams/{owls['id']}", json={"name": "Night Owls"})
        assert resp.status_code == 200, resp.text
        board = (await owner.http.get("/api/leaderboards", params={"kind": "teams"})).json()
        by_id = {e.get("team_id"): e for e in board["entries"]}
        assert by_id[owls["id"]]["team"] == "Night Owls", board
        assert by_id[owls["id"]]["members"] == 2, board
        assert by_id[larks["id"]]["team"] == "Larks", board
        # Ann sees her team and her team-mates; the team page has her game's figures.
        mine = (await ann.http.get("/api/teams/mine")).json()["team"]
        assert mine["name"] == "Night Owls", mine
        assert [m["account_id"] for m in mine["members"]] == [ann.host_id], mine
        stats = (await ann.http.get(f"/api/teams/{owls['id']}/stats")).json()
        assert stats["games"] == 1, stats
        # The quiz's tag, from the game's snapshot of the quiz.
        (row,) = stats["tags"]
        assert (row["kind"], row["tag"]) == ("tag", "safety"), stats
        assert row["team"] == {"answered": 2, "correct": 2, "accuracy": 1.0}, stats
    finally:
        await close_all(clients)
        for account in (owner, ann, bob):
            await account.close()


async def test_a_person_keeps_the_team_of_their_first_round_within_an_event(
    server: Group,
) -> None:
    url = server.url
    owner = await register_host(url)
    resp = await owner.http.post(
        "/api/events", json={"name": "Cup", "teams": ["Red", "Blue"], "require_identifier": False}
    )
    assert resp.status_code == 201, resp.text
    event_id = resp.json()["id"]
    quiz_id = await owner.create_quiz(QUESTIONS)
    device = secrets.token_urlsafe(16)

    async def round_of(joins: list[tuple[str, dict[str, Any], str]]) -> None:
        resp = await owner.http.post("/api/games", json={"quiz_id": quiz_id, "event_id": event_id})
        assert resp.status_code == 201, resp.text
        game = resp.json()
        console = Host(url)
        players = [Player(url) for _ in joins]
        try:
            for c in (console, *players):
                await c.connect()
            await console.attach(game["id"], game["host_key"])
            for p, (nickname, extra, lands) in zip(players, joins, strict=True):
                ack = await join(p, game["pin"], nickname=nickname, **extra)
                assert ack["player"]["team"] == lands, (nickname, extra, ack)
            await play_through(console, players)
            await owner.wait_results(game["id"])
        finally:
            await close_all([console, *players])

    try:
        await round_of(
            [
                ("Dev", {"team": "Red", "player_key": device}, "Red"),
                ("Id", {"team": "Blue", "identifier": "ida@example.com"}, "Blue"),
            ]
        )
        # Round 2: both ask for the other team and stay where they played round 1 (found by
        # their device and by their identifier); a newcomer still chooses.
        await round_of(
            [
                ("Dev again", {"team": "Blue", "player_key": device}, "Red"),
                ("Id again", {"team": "red", "identifier": "IDA@example.com"}, "Blue"),
                ("New", {"team": "Blue"}, "Blue"),
            ]
        )
        board = (
            await owner.http.get(f"/api/events/{event_id}/leaderboard", params={"kind": "teams"})
        ).json()
        assert {e["team"]: e["members"] for e in board["entries"]} == {"Red": 2, "Blue": 3}
    finally:
        await owner.close()


async def test_guests_are_balanced_and_a_member_still_lands_in_their_team(server: Group) -> None:
    url = server.url
    owner = await register_host(url)
    ann = await invite_member(owner, url)
    await make_team(owner, "Owls", [ann.host_id])
    await make_team(owner, "Larks", [])
    quiz_id = await owner.create_quiz(QUESTIONS)
    game = await owner.create_game(quiz_id, {"teams": {"mode": "workspace", "guests": "auto"}})
    console = Host(url)
    guests = [Player(url) for _ in range(3)]
    ann_phone = Player(url)
    clients = [console, *guests, ann_phone]
    try:
        for c in clients:
            await c.connect()
        await console.attach(game["id"], game["host_key"])
        # Guests go to the smallest team (ties to the first by name): Larks, Owls, Larks;
        # what they ask for does not count.
        landed = [
            (await join(g, game["pin"], nickname=f"G{i}", team="Owls"))["player"]["team"]
            for i, g in enumerate(guests)
        ]
        assert landed == ["Larks", "Owls", "Larks"], landed
        # Ann joins the bigger team, her own.
        ack = await join(ann_phone, game["pin"], account_token=ann.token)
        assert ack["player"]["team"] == "Owls", ack
        roster = assert_ok(await console.call("roster", {}), "roster")
        teams = sorted(p["team"] for p in roster["players"])
        assert teams == ["Larks", "Larks", "Owls", "Owls"], roster
    finally:
        await close_all(clients)
        await owner.close()
        await ann.close()
