"""Hosting a workspace's game from another account, over real sockets: ``attach {game_id,
token}`` takes the login of the game's creator or of anyone with at least the host role in the
game's workspace; a member, an account of another workspace, and a host who was demoted are
refused. A host who joined by an invite creates games in that workspace."""

from __future__ import annotations

import secrets

import httpx

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    PASSWORD,
    Host,
    HostAccount,
    assert_error,
    assert_ok,
    new_game,
    register_host,
)

QUESTIONS = [{"kind": "true_false", "prompt": "Sky is blue?", "correct": True}]


async def _join_by_invite(url: str, owner: HostAccount, role: str) -> HostAccount:
    """A new account registered with an invite of `owner`'s workspace giving `role`."""
    resp = await owner.http.post(
        f"/api/workspaces/{owner.host_id}/invites", json={"role": role, "ttl_hours": 1}
    )
    assert resp.status_code == 201, resp.text
    invite = resp.json()
    assert invite["url"].endswith("/invite/" + invite["token"]), invite
    http = httpx.AsyncClient(base_url=url, timeout=10.0)
    resp = await http.post(
        "/api/auth/register",
        json={
            "email": f"{role}-{secrets.token_hex(4)}@example.com",
            "password": PASSWORD,
            "name": role.title(),
            "invite": invite["token"],
        },
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["workspaces"] == [
        {"id": owner.host_id, "name": "E2E Host's workspace", "role": role}
    ], body
    http.headers["Authorization"] = f"Bearer {body['token']}"
    return HostAccount(http=http, token=body["token"], host_id=body["host"]["id"])


async def test_hosts_of_the_workspace_attach_and_others_do_not(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    ada = game.account
    bob = await _join_by_invite(server.url, ada, "host")
    cy = await _join_by_invite(server.url, ada, "member")
    dee = await register_host(server.url)  # a workspace of her own
    console = Host(server.url)
    try:
        await console.connect()
        ack = assert_ok(
            await console.call("attach", {"game_id": game.id, "token": bob.token}), "bob"
        )
        assert ack["state"]["phase"] == "lobby", ack
        for label, token in (("a member", cy.token), ("another workspace", dee.token)):
            refused = await console.call("attach", {"game_id": game.id, "token": token})
            assert_error(refused, "forbidden", label)

        # Bob creates a game: it is the workspace's, so its owner hosts it too.
        quiz_id = await bob.create_quiz(QUESTIONS)
        bobs = await bob.create_game(quiz_id, None)
        listed = (await ada.http.get("/api/games")).json()["games"]
        assert bobs["id"] in {g["id"] for g in listed}, listed
        assert_ok(await console.call("attach", {"game_id": bobs["id"], "token": ada.token}))
        assert_ok(await console.call("attach", {"game_id": bobs["id"], "token": bob.token}))
        refused = await console.call("attach", {"game_id": bobs["id"], "token": dee.token})
        assert_error(refused, "forbidden", "another workspace, Bob's game")

        # Demoted to member, Bob may no longer host Ada's game (his own game stays his).
        resp = await ada.http.patch(
            f"/api/workspaces/{ada.host_id}/members/{bob.host_id}", json={"role": "member"}
        )
        assert resp.status_code == 200 and resp.json()["role"] == "member", resp.text
        refused = await console.call("attach", {"game_id": game.id, "token": bob.token})
        assert_error(refused, "forbidden", "demoted")
        assert_ok(await console.call("attach", {"game_id": bobs["id"], "token": bob.token}))
        resp = await bob.http.get("/api/games")
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden"
    finally:
        await console.close()
        for account in (ada, bob, cy, dee):
            await account.close()
