"""A player's life beyond the happy path: dropping and resuming, being kicked or banned."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    has,
    new_game,
)

QUESTIONS = [
    {
        "kind": "choice",
        "prompt": f"Question {i}",
        "choices": ["right", "wrong"],
        "correct": [0],
        "time_limit_ms": 30000,
    }
    for i in range(3)
]


def roster_entry(roster: dict[str, Any], pid: str) -> dict[str, Any] | None:
    return next((p for p in roster["players"] if p["id"] == pid), None)


async def test_resume_kick_and_ban(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    ana, ben, cy, dee, eve = players = [Player(server.url) for _ in range(5)]
    extra: list[Player] = []
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for p, name in zip(players, ["Ana", "Ben", "Cy", "Dee", "Eve"], strict=True):
            await p.join(game.pin, name)

        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players))
        for a in await asyncio.gather(*(p.answer(0, 0) for p in players)):
            assert_ok(a)
        first = await ana.wait_result(0)
        assert first["correct"] is True and first["streak"] == 1, first
        await host.command("next")
        await host.command("next")
        await asyncio.gather(*(p.wait_state("question", 1) for p in players))
        assert_ok(await ben.answer(1, 0))

        # Ana's phone drops mid-question: the host sees her disconnected.
        await ana.close()
        await host.wait_for(
            "roster",
            lambda r: (e := roster_entry(r, ana.id)) is not None and e["connected"] is False,
        )
        page = assert_ok(await host.call("roster", {}))
        assert has(
            roster_entry(page, ana.id), id=ana.id, nickname="Ana", team=None, connected=False
        ), page
        assert page["count"] == 5, page
        seen_down = len(host.events)

        # ... and resumes on a new connection with her token.
        ana2 = Player(server.url)
        extra.append(ana2)
        await ana2.connect()
        ack = await ana2.resume(game.pin, ana.token)
        assert has(ack["player"], id=ana.id, nickname="Ana", team=None), ack
        state = ack["state"]
        assert state["phase"] == "question" and state["question"]["index"] == 1, state
        assert state["reveal"] is None, state
        me = state["me"]
        assert me["score"] == first["score"] and me["streak"] == 1, me
        assert me["rank"] == first["rank"] and me["answered"] is False, me
        await host.wait_for(
            "roster",
            lambda r: (e := roster_entry(r, ana.id)) is not None and e["connected"] is True,
            since=seen_down,
        )
        assert_ok(await ana2.answer(1, 0), "answer after resume")
        # With a token the nickname is ignored.
        again = Player(server.url)
        extra.append(again)
        await again.connect()
        ack = assert_ok(
            await again.call("join", {"pin": game.pin, "token": ana.token, "nickname": "Zed"})
        )
        assert has(ack["player"], id=ana.id, nickname="Ana", team=None), ack
        assert ack["state"]["me"]["answered"] is True, ack
        again.join_ack = ack

        # Cy is kicked: told so, his token is void, his phone cannot answer for him.
        ack = await host.command("kick", {"player_id": cy.id})
        kicked = await cy.wait_for("kicked")
        assert isinstance(kicked["reason"], str) and kicked["reason"], kicked
        assert_error(await cy.answer(1, 0), "not_joined", "kicked player answers")
        other = Player(server.url)
        extra.append(other)
        await other.connect()
        refused = assert_error(
            await other.call("join", {"pin": game.pin, "token": cy.token}),
            "invalid",
            "kicked player's token",
        )
        assert refused["message"]
        page = assert_ok(await host.call("roster", {}))
        assert page["count"] == 4 and roster_entry(page, cy.id) is None, page
        # ... but not banned: he joins again, as a new player under the same name.
        old_cy = cy.id
        rejoin = await cy.join(game.pin, "Cy")
        assert rejoin["player"]["id"] != old_cy, rejoin
        assert rejoin["state"]["me"]["score"] == 0 and rejoin["state"]["me"]["answered"] is False

        # Dee is kicked and banned: her token and her nickname (any case) are refused.
        await host.command("kick", {"player_id": dee.id, "ban": True})
        assert (await dee.wait_for("kicked"))["reason"]
        assert_error(
            await other.call("join", {"pin": game.pin, "token": dee.token}), "banned", "token"
        )
        for name in ("Dee", "dee", " DEE "):
            assert_error(
                await other.call("join", {"pin": game.pin, "nickname": name}), "banned", name
            )
        assert_error(await dee.answer(1, 0), "not_joined", "banned player answers")
        dee_states = len(dee.states())

        # Everyone still in the game answers: the question closes early.
        page = assert_ok(await host.call("roster", {}))
        assert page["count"] == 4, page
        for a in await asyncio.gather(cy.answer(1, 0), eve.answer(1, 1)):
            assert_ok(a)
        r_ana = await again.wait_result(1)
        assert r_ana["correct"] is True and r_ana["streak"] == 2, r_ana
        assert r_ana["score"] == first["score"] + r_ana["points"], r_ana
        assert r_ana["points"] >= 500 + 100, r_ana  # speed points + the streak bonus
        r_cy = await cy.wait_result(1)
        assert r_cy["correct"] is True and r_cy["streak"] == 1 and r_cy["score"] == r_cy["points"]
        r_eve = await eve.wait_result(1)
        assert r_eve["correct"] is False and r_eve["streak"] == 0 and r_eve["points"] == 0
        await host.wait_state("reveal", 1)
        assert len(dee.states()) == dee_states, "a kicked phone still gets the game's states"
        assert not [r for r in dee.results() if r["question"] == 1], dee.results()

        await host.command("end")
        results = await game.account.wait_results(game.id)
        rows = {r["player_id"]: r for r in results["players"]}
        assert set(rows) == {ana.id, ben.id, cy.id, eve.id}, rows
        assert (rows[ana.id]["answered"], rows[ana.id]["correct"]) == (2, 2)
        assert rows[ana.id]["score"] == r_ana["score"]
        assert (rows[cy.id]["answered"], rows[cy.id]["correct"]) == (1, 1)
    finally:
        await close_all([host, *players, *extra])
        await game.account.close()


async def test_a_connections_requests_are_handled_in_the_order_sent(server: Group) -> None:
    """A phone that sends `join` and, without waiting for its ack, `answer` (a late joiner in
    a hurry) has the answer counted: the server handles one connection's requests in order."""
    game = await new_game(server.url, QUESTIONS)
    host, late = Host(server.url), Player(server.url)
    try:
        await connect_all([host, late])
        await host.attach(game.id, game.host_key)
        await host.command("start")
        joined, answered = await asyncio.gather(
            late.call("join", {"pin": game.pin, "nickname": "In a hurry"}),
            late.call("answer", {"question": 0, "answer": 0}),
        )
        assert_ok(joined, "join")
        assert_ok(answered, "the answer sent right behind the join")
        progress = await host.wait_for("progress", lambda p: p["answered"] == 1)
        assert progress["question"] == 0, progress
    finally:
        await close_all([host, late])
        await game.account.close()


async def test_a_phone_that_starts_on_long_polling_upgrades_and_plays(server: Group) -> None:
    """A client that connects over long-polling first (Socket.IO's default) is upgraded to a
    websocket and plays as any other: its join, its answer and its result all arrive."""
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    phone = Player(server.url, transports=("polling", "websocket"))
    try:
        await connect_all([host, phone])
        await host.attach(game.id, game.host_key)
        assert_ok(await phone.call("join", {"pin": game.pin, "nickname": "Poller"}), "join")
        upgraded = asyncio.get_running_loop().time() + 5
        while phone.sio.transport() != "websocket":
            assert asyncio.get_running_loop().time() < upgraded, "never upgraded to websocket"
            await asyncio.sleep(0.05)
        await host.command("start")
        await phone.wait_for("state", lambda s: s["phase"] == "question")
        assert_ok(await phone.call("answer", {"question": 0, "answer": 0}), "answer")
        # Everyone answered, so the question closes by itself.
        result = await phone.wait_for("result", lambda r: r["question"] == 0)
        assert result["correct"] is True and result["points"] > 0, result
    finally:
        await close_all([host, phone])
        await game.account.close()


async def test_the_join_ack_counts_the_lobby(server: Group) -> None:
    game = await new_game(server.url, QUESTIONS)
    host = Host(server.url)
    players = [Player(server.url) for _ in range(4)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        # Each new player's ack counts everyone in the lobby, themselves included.
        for count, (p, name) in enumerate(zip(players[:3], ["Ana", "Ben", "Cy"], strict=True), 1):
            ack = await p.join(game.pin, name)
            assert ack["state"]["phase"] == "lobby" and ack["state"]["players"] == count, ack
        await host.command("start")
        await asyncio.gather(*(p.wait_state("question", 0) for p in players[:3]))
        # A late joiner too (the State was rendered when the question opened, with three).
        late = await players[3].join(game.pin, "Dee")
        assert late["state"]["phase"] == "question" and late["state"]["players"] == 4, late
    finally:
        await close_all([host, *players])
