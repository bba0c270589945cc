"""A question written by a member and approved carries its credit (author and team, never the
contribution id) to the big screen and the phones; the big screen alone gets its audio. Its
game's results feed the author's stats. On a real node, over real sockets."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Host,
    Player,
    Screen,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    register_host,
)

AUDIO = f"/media/{'a' * 64}.mp3"


async def test_credit_reaches_screen_and_phone_without_the_contribution_id(
    server: Group,
) -> None:
    account = await register_host(server.url)
    ws = {"X-Workspace": account.host_id}
    # The account writes a question and, as the workspace's owner, approves it.
    doc = {"kind": "true_false", "prompt": "Owls can turn their heads 270 degrees.",
           "correct": True, "time_limit_ms": 60000}  # fmt: skip
    sent = await account.http.post(
        "/api/contributions", json={"kind": "question", "document": doc}, headers=ws
    )
    assert sent.status_code == 201, sent.text
    cid = sent.json()["id"]
    approved = await account.http.post(
        f"/api/contributions/{cid}/review", json={"action": "approve", "version": 1}, headers=ws
    )
    assert approved.status_code == 200, approved.text
    name = approved.json()["credit"]["name"]
    # The quiz names the credit with another name: the server writes the real one.
    question: dict[str, Any] = {
        **doc,
        "media": {"audio": AUDIO},
        "credit": {"contribution_id": cid, "name": "Someone Else", "team": None},
    }
    game = await new_game(server.url, [question], {"show_question_on_device": True},
                          account=account)  # fmt: skip
    host, screen, phone = Host(server.url), Screen(server.url), Player(server.url)
    try:
        await connect_all([host, screen, phone])
        attached = await host.attach(game.id, game.host_key)
        await screen.watch(game.pin, attached["screen_key"])
        joined = await phone.join(game.pin, "Ann")
        await host.command("start")
        shown = (await screen.wait_state("question", 0))["question"]
        on_phone = (await phone.wait_state("question", 0))["question"]
        assert shown["credit"] == on_phone["credit"] == {"name": name, "team": None}
        assert shown["media"] == {"audio": AUDIO}
        assert "media" not in on_phone  # a live game's sound plays on the big screen only
        assert_ok(await phone.answer(0, True), "answer")
        await screen.wait_state("reveal", 0)
        await host.command("next")
        await host.command("end")
        await screen.wait_state("finished")
        phone_payloads = [json.dumps(joined)] + [json.dumps(r.data) for r in phone.events]
        assert any(name in p for p in phone_payloads)
        assert not [p for p in phone_payloads if cid in p]
        assert "Someone Else" not in json.dumps(screen.states())

        await account.wait_results(game.id, timeout=15.0)
        stats = await account.http.get(f"/api/contributions/{cid}/stats", headers=ws)
        assert stats.status_code == 200, stats.text
        [figures] = stats.json()["contributions"]
        assert (figures["games"], figures["answered"], figures["correct_pct"]) == (1, 1, 100.0)
    finally:
        await close_all([host, screen, phone])
        await account.close()
