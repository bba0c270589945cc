"""Bad input on every event of every namespace, and on the games API.

Each bad request must get ``ok: false`` with the right code and a message, leave the game as it
was (same phase, seq, player count), leave the connection open (a valid call on it still
works), and the server must go on serving: every game here still plays to its end.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.e2e.conftest import Group
from tests.e2e.game_run import play_small_game
from tests.e2e.helpers import (
    NO_PAYLOAD,
    Client,
    Host,
    Player,
    Screen,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    register_host,
)

MB = 1_000_000
BIG = "x" * MB
# Payloads that are not an object at all, then an empty object.
NOT_OBJECTS: list[Any] = [NO_PAYLOAD, None, [], [1, 2], "x", "", 42, 3.5, True]
SHAPELESS: list[Any] = [*NOT_OBJECTS, {}]

CHOICE = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 30000,
}
TRUE_FALSE = {"kind": "true_false", "prompt": "Yes?", "correct": False, "time_limit_ms": 30000}


class Guard:
    """Watches a game from a screen of its own: a bad request must change nothing."""

    def __init__(self, url: str, pin: str) -> None:
        self.screen = Screen(url)
        self.pin = pin
        self.checked = 0

    async def snapshot(self) -> tuple[Any, ...]:
        ack = assert_ok(await self.screen.call("watch", {"pin": self.pin}), "guard watch")
        s = ack["state"]
        return (s["phase"], s["seq"], s["players"], (s["question"] or {}).get("index"),
                ack["roster"]["count"])  # fmt: skip

    async def refused(
        self,
        client: Client,
        event: str,
        payload: Any,
        code: str | set[str],
        probe: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        before = await self.snapshot()
        what = f"{client.namespace} {event} {_label(payload)}"
        assert_error(await client.call(event, payload), code, what)
        assert client.connected, f"{what} closed the connection"
        if probe is not None:
            await probe()
        assert await self.snapshot() == before, f"{what} changed the game"
        self.checked += 1


def _label(payload: Any) -> str:
    text = repr(payload)
    return text if len(text) < 60 else text[:60] + "…"


async def test_bad_requests_on_every_event(server: Group) -> None:
    url = server.url
    game = await new_game(url, [CHOICE, TRUE_FALSE])
    other = await new_game(url, [CHOICE])
    guard = Guard(url, game.pin)
    host, stranger_host = Host(url), Host(url)
    pat, quinn, lurker = Player(url), Player(url), Player(url)
    screen = Screen(url)
    clients = [guard.screen, host, stranger_host, pat, quinn, lurker, screen]
    try:
        await connect_all(clients)
        await host.attach(game.id, game.host_key)
        await pat.join(game.pin, "Pat")
        await quinn.join(game.pin, "Quinn")

        async def pat_ok() -> None:
            assert_ok(await pat.call("join", {"pin": game.pin, "token": pat.token}), "probe")

        async def host_ok() -> None:
            assert_ok(await host.call("roster", {}), "probe")

        async def screen_ok() -> None:
            assert_ok(await screen.call("watch", {"pin": game.pin}), "probe")

        async def lurker_alive() -> None:
            # Not joined, and must stay so: a join error is still an answer on an open socket.
            assert_error(await lurker.call("answer", {"question": 0, "answer": 2}), "not_joined")

        # ---- /play
        for payload in SHAPELESS:
            await guard.refused(lurker, "join", payload, "invalid", lurker_alive)
            await guard.refused(lurker, "answer", payload, "not_joined", lurker_alive)
            await guard.refused(pat, "answer", payload, "invalid_answer", pat_ok)
        for payload in ({"pin": None}, {"pin": []}, {"pin": 1.5}, {"pin": True}, {"nickname": "A"}):
            await guard.refused(lurker, "join", payload, "invalid", lurker_alive)
        for payload in (
            {"pin": game.pin, "token": 12345678},
            {"pin": game.pin, "token": "short"},
            {"pin": game.pin, "token": BIG},
            {"pin": game.pin, "token": secrets.token_urlsafe(24)},
            {"pin": game.pin, "nickname": "Teamed", "team": 5},
        ):
            await guard.refused(lurker, "join", payload, "invalid", lurker_alive)
        for pin in ("0123456", "999999999", "", "abc", BIG, 123):
            await guard.refused(
                lurker, "join", {"pin": pin, "nickname": "Nobody"}, "game_not_found", lurker_alive
            )
        await guard.refused(
            lurker, "join", {"pin": game.pin, "nickname": BIG}, "nickname_invalid", lurker_alive
        )
        for event in ("start", "next", "end", "kick", "lock", "attach", "watch", "roster", "bogus"):
            await guard.refused(pat, event, {}, "unknown_event", pat_ok)
            await guard.refused(pat, event, NO_PAYLOAD, "unknown_event", pat_ok)
        # In the lobby there is no current question.
        await guard.refused(pat, "answer", {"question": 0, "answer": 2}, "wrong_question", pat_ok)
        await guard.refused(pat, "answer", {"question": 0, "answer": BIG}, "wrong_question", pat_ok)

        # ---- /host
        for event, payload in [
            ("start", {}),
            ("next", {}),
            ("end", {}),
            ("kick", {"player_id": pat.id, "ban": True}),
            ("lock", {"locked": True}),
            ("roster", {}),
        ]:
            await guard.refused(stranger_host, event, payload, "not_attached")
        for payload in SHAPELESS:
            await guard.refused(stranger_host, "attach", payload, "invalid")
        for payload in (
            {"game_id": game.id, "host_key": "wrong key"},
            {"game_id": game.id, "host_key": other.host_key},
            {"game_id": other.id, "host_key": game.host_key},
            {"game_id": "no-such-game", "host_key": game.host_key},
            {"game_id": game.id, "host_key": ""},
        ):
            await guard.refused(stranger_host, "attach", payload, "forbidden")
        await guard.refused(
            stranger_host, "attach", {"game_id": game.id, "host_key": BIG}, {"invalid", "forbidden"}
        )
        await guard.refused(stranger_host, "attach", {"game_id": game.id, "host_key": 7}, "invalid")
        await guard.refused(stranger_host, "start", {}, "not_attached")
        for event in ("join", "answer", "watch", "bogus"):
            await guard.refused(host, event, {}, "unknown_event", host_ok)
        for event in ("start", "next", "end"):
            for payload in NOT_OBJECTS:
                if payload is NO_PAYLOAD or payload is None:
                    continue  # no payload at all is a valid command
                await guard.refused(host, event, payload, "invalid", host_ok)
        for payload in [
            *SHAPELESS,
            {"player_id": 5},
            {"player_id": BIG},
            {"player_id": pat.id, "ban": "yes"},
            {"player_id": pat.id, "ban": 1},
        ]:
            await guard.refused(host, "kick", payload, "invalid", host_ok)
        await guard.refused(host, "kick", {"player_id": "nobody"}, "player_not_found", host_ok)
        for payload in [*SHAPELESS, {"locked": "yes"}, {"locked": 1}, {"locked": None}]:
            await guard.refused(host, "lock", payload, "invalid", host_ok)
        for payload in [
            *[p for p in NOT_OBJECTS if p is not NO_PAYLOAD and p is not None],
            {"offset": -1},
            {"limit": "10"},
            {"offset": True},
            {"offset": 1.5},
        ]:
            await guard.refused(host, "roster", payload, "invalid", host_ok)
        await guard.refused(host, "next", {}, "wrong_phase", host_ok)

        # ---- /screen
        for payload in SHAPELESS:
            await guard.refused(screen, "watch", payload, "invalid", screen_ok)
        for payload in ({"pin": 1.5}, {"pin": None}, {"pin": [game.pin]}):
            await guard.refused(screen, "watch", payload, "invalid", screen_ok)
        for pin in ("0123456", "abc", BIG):
            await guard.refused(screen, "watch", {"pin": pin}, "game_not_found", screen_ok)
        for event in ("join", "answer", "attach", "start", "next", "bogus"):
            await guard.refused(screen, event, {"pin": game.pin}, "unknown_event", screen_ok)

        # ---- an open question
        await host.command("start")
        await pat.wait_state("question", 0)
        await guard.refused(host, "start", {}, "wrong_phase", host_ok)
        for payload in (
            {"question": 1, "answer": 2},
            {"question": -1, "answer": 2},
            {"question": 10**20, "answer": 2},
        ):
            await guard.refused(pat, "answer", payload, "wrong_question", pat_ok)
        for payload in (
            {"question": "0", "answer": 2},
            {"question": 0.0, "answer": 2},
            {"question": False, "answer": 2},
            {"question": None, "answer": 2},
            {"question": 0},
            {"answer": 2},
        ):
            await guard.refused(pat, "answer", payload, "invalid_answer", pat_ok)
        for value in (True, False, 4, -1, 2.0, "2", None, [1, 2], [2, 2], [], {"i": 2}, BIG, [BIG]):
            await guard.refused(
                pat, "answer", {"question": 0, "answer": value}, "invalid_answer", pat_ok
            )
        await guard.refused(lurker, "answer", {"question": 0, "answer": 2}, "not_joined")
        # None of that counted: Pat's first real answer does, and only it.
        assert_ok(await pat.answer(0, 2), "first valid answer")
        for payload in (
            {"question": 0, "answer": 1},
            {"question": 0, "answer": 2},
            {"question": 0, "answer": True},  # already answered is checked before the value
        ):
            await guard.refused(pat, "answer", payload, "already_answered", pat_ok)
        assert_ok(await quinn.answer(0, 0))
        reveal = (await pat.wait_state("reveal", 0))["reveal"]
        assert reveal["answered"] == 2 and reveal["distribution"]["2"] == 1, reveal
        await guard.refused(pat, "answer", {"question": 0, "answer": 2}, "question_closed")
        await guard.refused(quinn, "answer", {"question": 1, "answer": True}, "wrong_question")
        assert (await pat.wait_result(0))["correct"] is True

        await host.command("next")
        await host.command("next")
        await pat.wait_state("question", 1)
        tf_values: list[Any] = [0, 1, "true", "false", None, [True], BIG]
        for value in tf_values:
            await guard.refused(
                pat, "answer", {"question": 1, "answer": value}, "invalid_answer", pat_ok
            )
        assert_ok(await pat.answer(1, False))
        assert_ok(await quinn.answer(1, True))
        await pat.wait_state("reveal", 1)
        await host.command("next")
        await host.command("next")
        await pat.wait_state("finished")
        for event in ("start", "next", "end"):
            assert_error(await host.call(event, {}), "game_over", f"{event} when finished")
        assert host.connected and pat.connected and screen.connected and lurker.connected
        # After all that, the refused connections still do valid work.
        assert (await lurker.join(other.pin, "Lurker"))["state"]["phase"] == "lobby"
        await stranger_host.attach(other.id, other.host_key)

        results = await game.account.wait_results(game.id)
        rows = {r["player_id"]: r for r in results["players"]}
        assert (rows[pat.id]["answered"], rows[pat.id]["correct"]) == (2, 2), rows
        assert (rows[quinn.id]["answered"], rows[quinn.id]["correct"]) == (2, 0), rows
        assert rows[quinn.id]["score"] == 0 and rows[pat.id]["score"] >= 1000, rows
        assert [q["answered"] for q in results["questions"]] == [2, 2], results["questions"]
        assert guard.checked > 150, guard.checked
    finally:
        await close_all(clients)
        await game.account.close()
        await other.account.close()
    await play_small_game(url)


async def test_join_refusals(server: Group) -> None:
    url = server.url
    game = await new_game(url, [CHOICE], {"max_players": 3})
    guard = Guard(url, game.pin)
    host, alice, bob, carol, door = (Host(url), Player(url), Player(url), Player(url), Player(url))
    late_game = await new_game(url, [CHOICE], {"late_join": False})
    late_host, early, late = Host(url), Player(url), Player(url)
    clients = [guard.screen, host, alice, bob, carol, door, late_host, early, late]
    try:
        await connect_all(clients)
        await host.attach(game.id, game.host_key)
        await alice.join(game.pin, "Alice")

        async def join_refused(nickname: Any, code: str) -> None:
            await guard.refused(door, "join", {"pin": game.pin, "nickname": nickname}, code)

        for name in ("Alice", "alice", "  ALICE ", "Ａｌｉｃｅ"):
            await join_refused(name, "nickname_taken")
        bad_names: list[Any] = ["", "   ", "y" * 25, "a\x00b", "tab\there", "new\nline",
                                "\u200b", "\x07", 42, None, ["Al"], BIG]  # fmt: skip
        for bad in bad_names:
            await join_refused(bad, "nickname_invalid")
        # 24 characters after trimming is fine.
        ack = await bob.join(game.pin, "  " + "y" * 24 + "  ")
        assert ack["player"]["nickname"] == "y" * 24, ack

        locked = await host.command("lock", {"locked": True})
        assert locked["locked"] is True, locked
        await join_refused("Carol", "lobby_locked")
        back = Player(url)
        clients.append(back)
        await back.connect()
        resumed = await back.resume(game.pin, alice.token)
        assert resumed["player"]["id"] == alice.id, "resume must work while locked"
        assert (await host.command("lock", {"locked": False}))["locked"] is False
        await carol.join(game.pin, "Carol")
        await join_refused("Dave", "game_full")
        again = Player(url)
        clients.append(again)
        await again.connect()
        assert (await again.resume(game.pin, bob.token))["player"]["id"] == bob.id
        await host.command("kick", {"player_id": carol.id})
        await door.join(game.pin, "Dave")  # kicking made room

        # Late joining turned off.
        await late_host.attach(late_game.id, late_game.host_key)
        await early.join(late_game.pin, "Early")
        await late_host.command("start")
        late_guard = Guard(url, late_game.pin)
        clients.append(late_guard.screen)
        await late_guard.screen.connect()
        await late_guard.refused(
            late, "join", {"pin": late_game.pin, "nickname": "Late"}, "game_started"
        )
        comeback = await late.resume(late_game.pin, early.token)
        assert comeback["player"]["id"] == early.id and comeback["state"]["phase"] == "question"
        await late_host.command("end")
        await late_guard.refused(
            door, "join", {"pin": late_game.pin, "nickname": "Later"}, "game_over"
        )
        final = Player(url)
        clients.append(final)
        await final.connect()
        finished = await final.resume(late_game.pin, early.token)
        assert finished["state"]["phase"] == "finished", finished
        assert finished["player"]["id"] == early.id
        await late_game.account.wait_results(late_game.id)

        await host.command("start")
        await back.wait_state("question", 0)
        for p in (back, again, door):
            assert_ok(await p.answer(0, 2))
        await host.wait_state("reveal", 0)
        await host.command("end")
        results = await game.account.wait_results(game.id)
        assert {r["nickname"] for r in results["players"]} == {"Alice", "y" * 24, "Dave"}
    finally:
        await close_all(clients)
        await game.account.close()
        await late_game.account.close()
    await play_small_game(url)


async def test_games_api_refusals(server: Group) -> None:
    url = server.url
    mine = await new_game(url, [CHOICE])
    theirs = await register_host(url)
    anonymous = httpx.AsyncClient(base_url=url, timeout=10.0)
    try:
        api = mine.account.http
        for settings, name in [
            ({"bogus": 1}, "bogus"),
            ({"max_players": "lots"}, "max_players"),
            ({"max_players": 0}, "max_players"),
            ({"time_limit_ms": 100}, "time_limit_ms"),
            ({"late_join": "no"}, "late_join"),
            ({"scoring": "fastest"}, "scoring"),
            ({"streaks": 1}, "streaks"),
            ([], "settings"),
        ]:
            resp = await api.post(
                "/api/games", json={"quiz_id": mine.quiz_id, "settings": settings}
            )
            assert resp.status_code == 422, (settings, resp.text)
            error = resp.json()["error"]
            assert error["code"] == "invalid", error
            assert name in error["message"] or name in error.get("field", ""), (settings, error)
        resp = await api.post("/api/games", json={"quiz_id": "no-such-quiz"})
        assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found", resp.text
        resp = await theirs.http.post("/api/games", json={"quiz_id": mine.quiz_id})
        assert resp.status_code == 404, "another host's quiz"
        resp = await api.post(
            "/api/games", content=b'{"quiz_id": ', headers={"Content-Type": "application/json"}
        )
        assert resp.status_code == 422 and resp.json()["error"]["code"] == "invalid", resp.text

        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic x"}):
            resp = await anonymous.post(
                "/api/games", json={"quiz_id": mine.quiz_id}, headers=headers
            )
            assert resp.status_code == 401, resp.text
            assert resp.json()["error"]["code"] == "unauthorized", resp.text
        resp = await anonymous.get(f"/api/games/{mine.id}/results")
        assert resp.status_code == 401, resp.text

        resp = await theirs.results(mine.id)
        assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found", resp.text
        resp = await mine.account.results("no-such-game")
        assert resp.status_code == 404, resp.text
        resp = await mine.account.results(mine.id)
        assert resp.status_code == 409 and resp.json()["error"]["code"] == "not_finished"
    finally:
        await anonymous.aclose()
        await theirs.close()
        await mine.account.close()
    await play_small_game(url)


async def test_many_bad_requests_at_once_leave_the_server_serving(server: Group) -> None:
    """A burst of garbage from many sockets at once: every one answered, nothing broken."""
    url = server.url
    game = await new_game(url, [CHOICE])
    players = [Player(url) for _ in range(10)]
    try:
        await connect_all(players)
        calls = []
        for p in players:
            calls += [
                p.call("join", BIG),
                p.call("join", {"pin": game.pin, "nickname": BIG}),
                p.call("answer", {"question": 0, "answer": BIG}),
                p.call("start", {}),
                p.call("join", [None, {}]),
            ]
        acks = await asyncio.gather(*calls)
        codes = [a["error"]["code"] for a in acks]
        assert codes == [
            "invalid",
            "nickname_invalid",
            "not_joined",
            "unknown_event",
            "invalid",
        ] * len(players), codes
        assert all(p.connected for p in players)
    finally:
        await close_all(players)
        await game.account.close()
    await play_small_game(url)


NUL_ID = "evil\u0000x@example.com"
LONE = "\ud800"


async def test_unstorable_text_and_huge_numbers_are_refused_on_every_event(server: Group) -> None:
    """NUL and lone surrogates anywhere in any event (ids, PINs, keys, tokens, nicknames,
    identifiers, teams, answers, even object keys) are refused with ``invalid`` and change
    nothing; a roster offset beyond 64 bits is ``invalid``, not ``unavailable``. Accepted
    before, such an identifier reached the results and SQL refused them."""
    url = server.url
    game = await new_game(url, [CHOICE], {"teams": {"mode": "choose", "names": ["A", "B"]}})
    guard = Guard(url, game.pin)
    host, stranger_host, pat, door, screen = (
        Host(url),
        Host(url),
        Player(url),
        Player(url),
        Screen(url),
    )
    clients = [guard.screen, host, stranger_host, pat, door, screen]
    try:
        await connect_all(clients)
        await host.attach(game.id, game.host_key)
        await pat.join(game.pin, "Pat", team="A")
        join = {"pin": game.pin, "nickname": "Door", "team": "B"}
        for bad in (NUL_ID, LONE, "a\udc00b", "\x00"):
            for payload in (
                {**join, "identifier": bad},
                {**join, "team": bad},
                {**join, "player_key": bad * 16},
                {"pin": game.pin, "token": bad * 10},
                {"pin": bad, "nickname": "Door"},
                {**join, bad: 1},
            ):
                await guard.refused(door, "join", payload, "invalid")
            await guard.refused(door, "join", {**join, "nickname": bad}, "nickname_invalid")
            await guard.refused(door, "suggest_nickname", {"pin": bad}, "invalid")
            for payload in (
                {"game_id": bad, "host_key": game.host_key},
                {"game_id": game.id, "host_key": bad},
            ):
                await guard.refused(stranger_host, "attach", payload, "invalid")
            host_events: list[tuple[str, dict[str, Any]]] = [
                ("kick", {"player_id": bad}),
                ("kick", {"player_ids": [pat.id, bad]}),
                ("assign", {"player_id": bad, "team": "B"}),
                ("assign", {"player_id": pat.id, "team": bad}),
                ("lock", {"locked": True, "note": bad}),
                ("roster", {"offset": 0, bad: 1}),
            ]
            for event, payload in host_events:
                await guard.refused(host, event, payload, "invalid")
            await guard.refused(screen, "watch", {"pin": bad}, "invalid")
            await guard.refused(screen, "watch_event", {"event_id": bad}, "invalid")
        offsets: list[dict[str, int]] = [
            {"offset": 2**63},
            {"offset": 2**64 + 5},
            {"limit": 2**63},
            {"offset": 10**9 + 1},
        ]
        for offset in offsets:
            await guard.refused(host, "roster", offset, "invalid")
        for nan in (float("nan"), float("inf"), -float("inf")):
            # python-socketio sends these as NaN and Infinity, which JSON decoders take.
            await guard.refused(host, "roster", {"offset": nan}, "invalid")
            await guard.refused(host, "lock", {"locked": True, "x": [nan]}, "invalid")
        assert_ok(await host.call("roster", {"offset": 10**9}), "the largest offset")
        # The game goes on and its results reach SQL.
        door_ack = assert_ok(
            await door.call("join", {**join, "identifier": "door@example.com"}), "clean join"
        )
        await host.command("start")
        await pat.wait_state("question", 0)
        # An answer's value is checked in the answer's own order (docs/protocol.md): after
        # the question, so a bad value is invalid_answer, and already_answered comes first.
        bad_values: list[Any] = [NUL_ID, LONE, ["a", "\x00"], float("nan"), {"x": LONE}]
        for value in bad_values:
            await guard.refused(pat, "answer", {"question": 0, "answer": value}, "invalid_answer")
            await guard.refused(pat, "answer", {"question": 1, "answer": value}, "wrong_question")
        assert_ok(await pat.answer(0, 2))
        for value in bad_values:
            await guard.refused(pat, "answer", {"question": 0, "answer": value}, "already_answered")
        assert_ok(await door.answer(0, 1))
        await host.wait_state("reveal", 0)
        await host.command("end")
        results = await game.account.wait_results(game.id)
        rows = {r["player_id"]: r for r in results["players"]}
        assert rows[pat.id]["correct"] == 1 and rows[pat.id]["score"] > 0, rows
        assert rows[door_ack["player"]["id"]]["score"] == 0, rows
    finally:
        await close_all(clients)
        await game.account.close()
