"""A ban holds against the same device and the same identifier under a new nickname, the host
sees banned players in the roster, and can lift a ban."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
)

QUESTIONS = [
    {
        "kind": "choice",
        "prompt": "Pick right",
        "choices": ["right", "wrong"],
        "correct": [0],
        "time_limit_ms": 30000,
    }
]
DEVICE = "device-key-of-a-troll-0123456789"
OTHER_DEVICE = "device-key-of-a-friend-012345678"


def join(pin: str, nickname: str, **more: Any) -> dict[str, Any]:
    return {"pin": pin, "nickname": nickname, **more}


async def test_a_ban_holds_against_device_identifier_and_token(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    troll, again, friend = players = [Player(server.url) for _ in range(3)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        ack = assert_ok(
            await troll.call(
                "join", join(game.pin, "Troll", player_key=DEVICE, identifier="t@example.com")
            )
        )
        troll.join_ack = ack
        assert_ok(await friend.call("join", join(game.pin, "Friend", player_key=OTHER_DEVICE)))

        assert_ok(await host.command("kick", {"player_id": troll.id, "ban": True}))
        await troll.wait_for("kicked")
        # Same device, new nickname; same identifier, other device; the old token: refused.
        for payload in (
            join(game.pin, "Totally New", player_key=DEVICE),
            join(game.pin, "Other Name", identifier=" T@Example.com "),
            {"pin": game.pin, "token": ack["token"]},
        ):
            assert_error(await again.call("join", payload), "banned", repr(payload))
        # The host's roster lists the banned player apart from the players.
        page = assert_ok(await host.call("roster", {}))
        assert page["count"] == 1, page
        assert [p["nickname"] for p in page["players"]] == ["Friend"], page
        assert page["banned"] == [{"id": troll.id, "nickname": "Troll"}], page
        # Refused bans change nothing.
        assert_error(await host.call("unban", {"player_id": "nobody"}), "player_not_found")
        assert_error(await host.call("unban", {}), "invalid")
        assert_error(await friend.call("unban", {"player_id": troll.id}), "unknown_event")

        # The host lifts the ban: the device joins again, as a new player.
        lifted = assert_ok(await host.call("unban", {"player_id": troll.id}))
        assert lifted["unbanned"] == troll.id
        assert assert_ok(await host.call("roster", {}))["banned"] == []
        assert_error(await host.call("unban", {"player_id": troll.id}), "player_not_found")
        back = assert_ok(await again.call("join", join(game.pin, "Reformed", player_key=DEVICE)))
        assert back["player"]["id"] != troll.id
        # The old token stays void after an unban.
        assert_error(await friend.call("join", {"pin": game.pin, "token": ack["token"]}), "invalid")
    finally:
        await close_all([host, *players])
        await game.account.close()
