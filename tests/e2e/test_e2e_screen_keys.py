"""Screens that are really the host's: with ``show_question_on_device`` off, a screen with
only the PIN (which every player knows) sees what a phone sees, and the host's big-screen link
(the game's screen key from ``attach``) sees the prompt; an event's leaderboard screen needs the
event's screen key, not its id."""

from __future__ import annotations

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    Screen,
    assert_error,
    assert_ok,
    close_all,
    new_game,
)

QUESTIONS = [
    {
        "kind": "choice",
        "prompt": "Secret prompt",
        "choices": ["alpha", "beta", "gamma"],
        "correct": [2],
    }
]


async def test_only_the_hosts_screen_link_sees_a_hidden_question(cluster: Group) -> None:
    a, b = (n.url for n in cluster.nodes)
    game = await new_game(a, QUESTIONS, {"show_question_on_device": False})
    host, room_screen, phone_screen, player = Host(a), Screen(b), Screen(a), Player(b)
    try:
        for c in (host, room_screen, phone_screen, player):
            await c.connect()
        key = (await host.attach(game.id, game.host_key))["screen_key"]
        assert isinstance(key, str) and len(key) >= 16, key
        # A wrong key is refused (and the screen watches nothing).
        assert_error(await room_screen.call("watch", {"pin": game.pin, "key": key[:-2] + "xx"}),
                     "forbidden", "wrong key")  # fmt: skip
        assert_error(await room_screen.call("watch", {"pin": game.pin, "key": 5}), "invalid")
        assert (await room_screen.watch(game.pin, key))["full"] is True
        assert (await phone_screen.watch(game.pin))["full"] is False
        await player.join(game.pin, "Ann")
        await host.command("start")
        full = (await room_screen.wait_state("question", 0))["question"]
        assert full["prompt"] == "Secret prompt" and full["choices"] == ["alpha", "beta", "gamma"]
        safe = (await phone_screen.wait_state("question", 0))["question"]
        assert "prompt" not in safe and "choices" not in safe and safe["choice_count"] == 3, safe
        # Watching again (a reload) answers the same views in the acks.
        again = await phone_screen.watch(game.pin)
        assert "prompt" not in again["state"]["question"], again
        again = await room_screen.watch(game.pin, key)
        assert again["state"]["question"]["prompt"] == "Secret prompt", again
        # Both still follow the game (roster and progress included).
        assert_ok(await player.answer(0, 2), "answer")
        for screen in (room_screen, phone_screen):
            await screen.wait_state("reveal", 0)
            await screen.wait_for("progress", lambda p: p["answered"] == 1)
            await screen.wait_for("roster", lambda r: r["count"] == 1)
        # The phone-safe screen never saw the prompt.
        for state in phone_screen.states():
            question = state.get("question") or {}
            assert "prompt" not in question and "choices" not in question, state
    finally:
        await close_all([host, room_screen, phone_screen, player])
        await game.account.close()


async def test_the_event_screen_needs_the_events_screen_key(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    http = game.account.http
    resp = await http.post("/api/events", json={"name": "Week 1"})
    assert resp.status_code == 201, resp.text
    event = resp.json()
    key = event["screen_key"]
    assert (await http.get(f"/api/events/{event['id']}")).json()["screen_key"] == key
    screen = Screen(server.url)
    try:
        await screen.connect()
        # An old client that sends the id alone is told what is missing.
        ack = await screen.call("watch_event", {"event_id": event["id"]})
        assert_error(ack, "screen_key_required", "id only")
        for wrong in ("x" * 22, key[:-1], "", 7):
            ack = await screen.call("watch_event", {"event_id": event["id"], "key": wrong})
            assert_error(ack, ("event_not_found", "invalid"), f"key {wrong!r}")
        ack = await screen.call("watch_event", {"event_id": "nope", "key": key})
        assert_error(ack, "event_not_found", "another event's key")
        ok = assert_ok(await screen.call("watch_event", {"event_id": event["id"], "key": key}))
        assert ok["event_leaderboard"]["name"] == "Week 1", ok
    finally:
        await screen.close()
        await game.account.close()
