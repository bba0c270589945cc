"""A host controls their game from any browser of their account: ``attach {game_id, token}``
with a login token of the game's host, next to the creating browser's ``{game_id, host_key}``;
another account's token, a revoked (logged out) token and a forged one are refused."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    PASSWORD,
    Host,
    Player,
    assert_error,
    assert_ok,
    close_all,
    has,
    new_game,
    register_host,
)

QUESTIONS = [
    {"kind": "true_false", "prompt": "Sky is blue?", "correct": True},
    {"kind": "true_false", "prompt": "Grass is red?", "correct": False},
]


async def _login(url: str, email: str) -> str:
    async with httpx.AsyncClient(base_url=url, timeout=10.0) as http:
        resp = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert resp.status_code == 200, resp.text
        token: str = resp.json()["token"]
        return token


async def test_a_second_browser_of_the_account_drives_the_game(cluster: Group) -> None:
    a, b = (n.url for n in cluster.nodes)
    game = await new_game(a, QUESTIONS)
    email = (await game.account.http.get("/api/auth/me")).json()["host"]["email"]
    laptop, phone, player = Host(a), Host(b), Player(b)
    try:
        for c in (laptop, phone, player):
            await c.connect()
        await laptop.attach(game.id, game.host_key)  # the creating browser, as always
        remote_token = await _login(b, email)  # another browser logs in to the same account
        ack = assert_ok(
            await phone.call("attach", {"game_id": game.id, "token": remote_token}), "attach"
        )
        assert ack["state"]["phase"] == "lobby" and ack["locked"] is False, ack
        assert "host_key" not in ack, ack
        await player.join(game.pin, "Ann")
        await phone.wait_for("roster", lambda r: r["count"] == 1)
        # The remote drives the game; the laptop follows.
        lock = assert_ok(await phone.call("lock", {"locked": True}), "lock")
        assert lock["locked"] is True
        started = await phone.command("start")
        assert started["state"]["phase"] == "question", started
        await laptop.wait_state("question", 0)
        assert_ok(await player.answer(0, True), "answer")
        await phone.wait_state("reveal", 0)  # everyone answered: the question closed
        await phone.command("next")
        await phone.command("end")
        await laptop.wait_state("finished")
        results = await game.account.wait_results(game.id, timeout=15.0)
        assert [p["nickname"] for p in results["players"]] == ["Ann"], results
    finally:
        await close_all([laptop, phone, player])
        await game.account.close()


async def test_tokens_that_are_not_the_hosts_are_refused(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    other = await register_host(server.url)
    console = Host(server.url)
    try:
        await console.connect()
        attempts = {
            "another account": ({"game_id": game.id, "token": other.token}, "forbidden"),
            "no such game": ({"game_id": "nope", "token": game.account.token}, "forbidden"),
            "forged": ({"game_id": game.id, "token": game.account.token + "x"}, "unauthorized"),
            "not a string": ({"game_id": game.id, "token": 7}, "invalid"),
            "neither": ({"game_id": game.id}, "invalid"),
        }
        for label, (payload, code) in attempts.items():
            assert_error(await console.call("attach", payload), code, label)
        # Refused attaches attached nothing: commands still need an attach.
        assert_error(await console.call("start", {}), "not_attached", "start")
        assert_ok(await console.call("attach", {"game_id": game.id, "token": game.account.token}))
    finally:
        await console.close()
        await game.account.close()
        await other.close()


async def test_a_logged_out_token_is_refused_on_http_and_attach(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    account = game.account
    email = (await account.http.get("/api/auth/me")).json()["host"]["email"]
    second = await _login(server.url, email)
    console = Host(server.url)
    try:
        await console.connect()
        bearer = {"Authorization": f"Bearer {second}"}
        resp = await account.http.post("/api/auth/logout", headers=bearer)
        assert resp.status_code == 204, resp.text
        resp = await account.http.get("/api/auth/me", headers=bearer)
        assert resp.status_code == 401, resp.text
        assert resp.json()["error"]["code"] == "unauthorized"
        ack = await console.call("attach", {"game_id": game.id, "token": second})
        assert_error(ack, "unauthorized", "attach with a revoked token")
        # Only that token: the first one still works, until "log out everywhere".
        assert (await account.http.get("/api/auth/me")).status_code == 200
        assert_ok(await console.call("attach", {"game_id": game.id, "token": account.token}))
        third = await _login(server.url, email)
        resp = await account.http.post("/api/auth/logout", json={"everywhere": True})
        assert resp.status_code == 204, resp.text
        for token in (account.token, third):
            resp = await account.http.get(
                "/api/games", headers={"Authorization": f"Bearer {token}"}
            )
            assert resp.status_code == 401, resp.text
            ack = await console.call("attach", {"game_id": game.id, "token": token})
            assert_error(ack, "unauthorized", "attach after logging out everywhere")
        # The creating browser's host key is not a login: it still attaches.
        assert has(
            await console.call("attach", {"game_id": game.id, "host_key": game.host_key}), ok=True
        )
    finally:
        await console.close()
        await account.close()
