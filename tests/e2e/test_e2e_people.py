"""A person across devices over real sockets: ``join {pin, account_token}`` plays as the
account (one player per account and game, whatever the device); a token that is not valid is
``bad_token`` and changes nothing; an account that is not a member of the game's workspace
plays as a guest; a banned account stays out under any nickname."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    GameHandle,
    Host,
    HostAccount,
    Player,
    assert_error,
    assert_ok,
    check_join_ack,
    close_all,
    new_game,
    register_host,
)

QUESTIONS = [
    {"kind": "true_false", "prompt": "Sky is blue?", "correct": True},
    {"kind": "true_false", "prompt": "Grass is red?", "correct": False},
]


async def signed_join(player: Player, pin: str, token: str, **extra: Any) -> dict[str, Any]:
    ack = assert_ok(
        await player.call("join", {"pin": pin, "account_token": token, **extra}), "signed join"
    )
    check_join_ack(ack)
    player.join_ack = ack
    return ack


async def roster_count(host: Host) -> int:
    page = assert_ok(await host.call("roster", {}), "roster")
    count: int = page["count"]
    return count


async def test_one_account_is_one_player_on_every_device(cluster: Group) -> None:
    a, b = (n.url for n in cluster.nodes)
    game = await new_game(a, QUESTIONS)
    person = game.account  # the workspace's owner plays too
    host, laptop, phone = Host(a), Player(a), Player(b)
    try:
        for c in (host, laptop, phone):
            await c.connect()
        await host.attach(game.id, game.host_key)
        first = await signed_join(laptop, game.pin, person.token)
        # No nickname: the account's name; the ack says whose player it is.
        assert first["player"]["nickname"] == "E2E Host", first
        assert first["player"]["account_id"] == person.host_id, first
        # The phone (another node) comes in as the same person, even under another name.
        second = await signed_join(phone, game.pin, person.token, nickname="Phone")
        assert second["player"]["id"] == first["player"]["id"], (first, second)
        assert second["player"]["nickname"] == "E2E Host", second
        assert second["token"] != first["token"], "each device has a token of its own"
        assert await roster_count(host) == 1
        await host.command("start")
        await phone.wait_state("question", 0)
        assert_ok(await phone.answer(0, True), "answer from the phone")
        # The person answered once, whichever device: everyone (one player) has answered, so
        # the question closes, and the laptop's second answer is refused.
        await laptop.wait_state("reveal", 0)
        assert_error(await laptop.answer(0, True), ("already_answered", "question_closed"))
        # Both devices' tokens resume the one player.
        again = Player(b)
        try:
            await again.connect()
            back = await again.resume(game.pin, first["token"])
            assert back["player"]["id"] == first["player"]["id"], back
            assert back["state"]["me"]["answered"] is True, back
        finally:
            await again.close()
    finally:
        await close_all([host, laptop, phone])
        await person.close()


async def test_a_token_that_is_not_valid_is_refused_and_changes_nothing(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    logged_out = await register_host(server.url)
    revoked = await logged_out.http.post("/api/auth/logout")
    assert revoked.status_code == 204, revoked.text
    host, player = Host(server.url), Player(server.url)
    try:
        await host.connect()
        await player.connect()
        await host.attach(game.id, game.host_key)
        tokens = {
            "forged": game.account.token + "x",
            "logged out": logged_out.token,
            "not a token": "hello",
            "too long": "x" * 5000,
        }
        for what, token in tokens.items():
            ack = await player.call(
                "join", {"pin": game.pin, "nickname": "Ann", "account_token": token}
            )
            assert_error(ack, "bad_token", what)
        assert_error(
            await player.call("join", {"pin": game.pin, "nickname": "Ann", "account_token": 7}),
            "bad_token",
        )
        assert await roster_count(host) == 0
        # The refused nickname was not taken.
        ann = await player.join(game.pin, "Ann")
        assert "account_id" not in ann["player"], ann
        assert await roster_count(host) == 1
        # A bad account token on a resume is refused too, and the player stays as it was.
        other = Player(server.url)
        try:
            await other.connect()
            refused = await other.call(
                "join", {"pin": game.pin, "token": ann["token"], "account_token": "nope"}
            )
            assert_error(refused, "bad_token")
        finally:
            await other.close()
        # An unknown PIN stays game_not_found whatever the token.
        unknown = await player.call("join", {"pin": "1", "account_token": "nope"})
        assert_error(unknown, "game_not_found")
    finally:
        await close_all([host, player])
        await game.account.close()
        await logged_out.close()


async def test_an_account_that_is_not_a_member_plays_as_a_guest(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    stranger: HostAccount = await register_host(server.url)
    host, one, two = Host(server.url), Player(server.url), Player(server.url)
    try:
        for c in (host, one, two):
            await c.connect()
        await host.attach(game.id, game.host_key)
        first = await signed_join(one, game.pin, stranger.token, nickname="Visitor")
        assert "account_id" not in first["player"], first
        # A guest needs a nickname of its own, and a second device is a second guest.
        assert_error(
            await two.call("join", {"pin": game.pin, "account_token": stranger.token}),
            "nickname_invalid",
        )
        second = await signed_join(two, game.pin, stranger.token, nickname="Visitor 2")
        assert second["player"]["id"] != first["player"]["id"]
        assert await roster_count(host) == 2
    finally:
        await close_all([host, one, two])
        await game.account.close()
        await stranger.close()


async def test_a_banned_account_stays_out_under_any_name(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    person = game.account
    host, phone, laptop = Host(server.url), Player(server.url), Player(server.url)
    try:
        for c in (host, phone, laptop):
            await c.connect()
        await host.attach(game.id, game.host_key)
        joined = await signed_join(phone, game.pin, person.token, nickname="First")
        kicked = assert_ok(await host.call("kick", {"player_id": joined["player"]["id"]}))
        assert kicked["kicked"] == 1, kicked
        # Removed, not banned: the person may come back, as a new player.
        back = await signed_join(laptop, game.pin, person.token, nickname="Second")
        assert back["player"]["id"] != joined["player"]["id"], back
        assert_ok(await host.call("kick", {"player_id": back["player"]["id"], "ban": True}))
        for name in ("Third", None):
            payload: dict[str, Any] = {"pin": game.pin, "account_token": person.token}
            if name is not None:
                payload["nickname"] = name
            assert_error(await phone.call("join", payload), "banned", str(name))
        assert await roster_count(host) == 0
        # The host lifts the ban: the account may join again.
        assert_ok(await host.call("unban", {"player_id": back["player"]["id"]}), "unban")
        again = await signed_join(phone, game.pin, person.token, nickname="Fourth")
        assert again["player"]["account_id"] == person.host_id
    finally:
        await close_all([host, phone, laptop])
        await person.close()


async def invite_member(url: str, owner: HostAccount) -> HostAccount:
    """A new account that joins the owner's workspace as a member, by invite link."""
    member = await register_host(url)
    workspace = owner.host_id  # the owner's own workspace has the account's id
    invite = await owner.http.post(f"/api/workspaces/{workspace}/invites", json={})
    assert invite.status_code == 201, invite.text
    accepted = await member.http.post(f"/api/invites/{invite.json()['token']}/accept")
    assert accepted.status_code == 200, accepted.text
    return member


async def device_me(url: str, key: str) -> httpx.Response:
    """``GET /api/me`` as the device (its player key, no sign-in)."""
    async with httpx.AsyncClient(base_url=url, timeout=10.0) as http:
        return await http.get("/api/me", headers={"X-Player-Key": key})


async def play_through(game: GameHandle, player: Player, join: dict[str, Any]) -> None:
    """The player joins with `join`, answers the one question right, and the game ends and
    its results are written."""
    host = Host(str(game.account.http.base_url))
    try:
        await host.connect()
        await host.attach(game.id, game.host_key)
        player.join_ack = assert_ok(await player.call("join", {"pin": game.pin, **join}))
        await host.command("start")
        await player.wait_state("question", 0)
        assert_ok(await player.answer(0, True), "answer")
        await host.wait_state("reveal", 0)
        await host.command("end")
        await game.account.wait_results(game.id)
    finally:
        await host.close()


async def test_a_guest_who_signs_in_keeps_their_history_once(server: Group) -> None:
    await guest_then_signed_in(server)


async def test_a_guest_who_signs_in_keeps_their_history_once_on_postgres(
    pg_server: Group,
) -> None:
    await guest_then_signed_in(pg_server)


async def guest_then_signed_in(server: Group) -> None:
    """Ann plays as a guest on her phone, then twice signed in on it: her guest game is hers,
    once, and the device's key alone finds nothing any more."""
    owner = await register_host(server.url)
    ann = await invite_member(server.url, owner)
    device = "ann-phone-" + "0" * 12
    one = [QUESTIONS[0]]
    try:
        # A guest on her phone first.
        guest_game = await new_game(server.url, one, account=owner)
        phone = Player(server.url)
        await phone.connect()
        try:
            await play_through(guest_game, phone, {"nickname": "Phone", "player_key": device})
        finally:
            await phone.close()
        assert (await device_me(server.url, device)).status_code == 200
        # She signs in on the same phone and plays twice: her guest game becomes hers, once.
        # The quiz has tags (the library's): her page counts her accuracy per tag.
        quiz = await owner.http.post(
            "/api/quizzes", json={"title": "Safety", "tags": ["Safety"], "questions": one}
        )
        assert quiz.status_code == 201, quiz.text
        for _ in range(2):
            created = await owner.create_game(quiz.json()["id"])
            game = GameHandle(
                owner, quiz.json()["id"], one, created["id"], created["pin"], created["host_key"]
            )
            signed = Player(server.url)
            await signed.connect()
            try:
                await play_through(game, signed, {"account_token": ann.token, "player_key": device})
                assert signed.join_ack is not None
                assert signed.join_ack["player"]["account_id"] == ann.host_id
            finally:
                await signed.close()
        me = await ann.http.get("/api/me")
        assert me.status_code == 200, me.text
        body = me.json()
        assert body["totals"]["games"] == 3, body
        assert body["games"][-1]["game_id"] == guest_game.id
        assert {g["workspace"]["id"] for g in body["games"]} == {owner.host_id}
        codes = [m["code"] for m in body["milestones"]]
        assert len(codes) == len(set(codes)) and "first_game" in codes, codes
        page = (await ann.http.get("/api/me/figures")).json()
        assert [s["title"] for s in page["scores"]] == ["E2E quiz", "Safety", "Safety"], page
        assert page["tags"] == [
            {"tag": "safety", "games": 2, "correct": 2, "answered": 2, "accuracy": 100.0}
        ], page
        # The device's key alone finds nothing any more: the history is the person's.
        assert (await device_me(server.url, device)).status_code == 404
    finally:
        await owner.close()
        await ann.close()
