"""Every text field is stored and sent as plain text: hostile nicknames, team names, titles,
prompts, choices and explanations come back byte-for-byte, neither escaped nor stripped, in
acks, events, the results and the reports (the pages render them as text:
tests/browser/test_browser_a11y.py::test_hostile_nickname_is_text)."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.abuse.support import BoundHost, BoundPlayer, BoundScreen, loopback
from tests.e2e.conftest import Group
from tests.e2e.helpers import Client, assert_ok, close_all, connect_all, new_game

# At most 24 characters each (the nickname limit).
NICKNAMES = [
    "<img src=x onerror=a()>",
    '"><svg onload=alert(1)>',
    "&lt;b&gt;&amp;&quot;",
    "{{7*7}}${7*7}<%= 7 %>",
    "'; DROP TABLE hosts;--",
    "Zoë 🎉 \\n \\u003c",
]
TEAMS = ["<svg/onload=alert(1)>", "&amp; Blue"]
TITLE = "<img src=x onerror=alert('title')>"
PROMPT = '<script>alert("prompt")</script>'
CHOICES = ["<img src=x onerror=alert(1)>", "&amp;", "</textarea><textarea>", '" onmouseover="x']
EXPLANATION = "<iframe src=javascript:alert(1)></iframe>"
ACCEPTED = ["<b>Paris</b>", "Paris & <i>co</i>"]
# Spreadsheets run text starting with these as formulas; the CSV report must not.
FORMULA = '=HYPERLINK("http://x")'

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "choice",
        "prompt": PROMPT,
        "choices": CHOICES,
        "correct": [2],
        "explanation": EXPLANATION,
        "time_limit_ms": 30000,
    },
    {"kind": "type_answer", "prompt": PROMPT + " 2", "accepted": ACCEPTED, "time_limit_ms": 30000},
]


def _strings(value: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.add(str(k))
            out |= _strings(v)
    elif isinstance(value, list):
        for v in value:
            out |= _strings(v)
    return out


def _check_question(question: dict[str, Any], index: int) -> None:
    assert question["prompt"] == QUESTIONS[index]["prompt"], question
    if index == 0:
        assert question["choices"] == CHOICES, question


async def test_hostile_text_comes_back_as_sent(open_server: Group) -> None:
    url = open_server.url
    names = [*NICKNAMES, FORMULA[:24]]
    game = await new_game(url, QUESTIONS, {"teams": {"mode": "choose", "names": TEAMS}})
    http = game.account.http
    renamed = await http.put(
        f"/api/quizzes/{game.quiz_id}", json={"title": TITLE, "questions": QUESTIONS}
    )
    assert renamed.status_code == 200 and renamed.json()["title"] == TITLE, renamed.text
    created = await http.post(
        "/api/games",
        json={"quiz_id": game.quiz_id, "settings": {"teams": {"mode": "choose", "names": TEAMS}}},
    )
    assert created.status_code == 201, created.text
    g = created.json()
    host, screen = BoundHost(url, loopback(1)[0]), BoundScreen(url, loopback(1)[0])
    players = [BoundPlayer(url, a) for a in loopback(len(names))]
    try:
        await connect_all([host, screen, *players])
        attach = await host.attach(g["id"], g["host_key"])
        assert attach["state"]["title"] == TITLE, attach["state"]
        watch = await screen.watch(g["pin"])
        assert watch["state"]["title"] == TITLE
        for i, (p, name) in enumerate(zip(players, names, strict=True)):
            ack = await p.join(g["pin"], name, team=TEAMS[i % 2])
            assert ack["player"]["nickname"] == name, (name, ack["player"])
            assert ack["player"]["team"] == TEAMS[i % 2], ack["player"]
            assert "renamed" not in ack, ack
            assert ack["state"]["title"] == TITLE
        by_name = {name: p for p, name in zip(players, names, strict=True)}

        for c in (host, screen):
            roster = await c.wait_for("roster", lambda r: r["count"] == len(names))
            assert sorted(p["nickname"] for p in roster["players"]) == sorted(names), roster
            assert {p["team"] for p in roster["players"]} == set(TEAMS), roster
        page = assert_ok(await host.call("roster", {}), "roster")
        assert sorted(p["nickname"] for p in page["players"]) == sorted(names)

        await host.command("start")
        states = [await p.wait_state("question", 0) for p in players]
        for s in [
            *states,
            await host.wait_state("question", 0),
            await screen.wait_state("question", 0),
        ]:
            _check_question(s["question"], 0)
        for i, p in enumerate(players):
            assert_ok(await p.answer(0, 2 if i % 2 == 0 else 0))
        reveal = (await screen.wait_state("reveal", 0))["reveal"]
        assert reveal["explanation"] == EXPLANATION, reveal
        result = await players[0].wait_result(0)
        assert result["team"] == TEAMS[0], result
        await host.command("next")
        board = (await screen.wait_state("scoreboard", 0))["leaderboard"]
        assert {r["nickname"] for r in board} == set(names), board
        assert {r["team"] for r in board} == set(TEAMS), board

        await host.command("next")
        await players[0].wait_state("question", 1)
        assert_ok(await by_name[names[0]].answer(1, ACCEPTED[0]))
        assert_ok(await by_name[names[1]].answer(1, "paris & co"))
        await host.command("next")
        reveal = (await screen.wait_state("reveal", 1))["reveal"]
        assert reveal["correct"] == ACCEPTED, reveal
        assert (await by_name[names[0]].wait_result(1))["correct"] is True
        await host.command("end")
        final = await screen.wait_state("finished")
        assert {r["nickname"] for r in final["leaderboard"]} == set(names), final
        assert {t["team"] for t in final["teams"]} == set(TEAMS), final["teams"]
        # And in the events every client received (roster, state, result), intact.
        received: set[str] = set()
        clients: list[Client] = [host, screen, *players]
        for client in clients:
            for r in client.events:
                received |= _strings(r.data)
        assert set(names) <= received and set(TEAMS) <= received and TITLE in received
    finally:
        await close_all([host, screen, *players])

    results = await game.account.wait_results(g["id"])
    assert results["game"]["title"] == TITLE, results["game"]
    assert sorted(r["nickname"] for r in results["players"]) == sorted(names)
    assert {r["team"] for r in results["players"]} == set(TEAMS)
    assert {t["team"] for t in results["teams"]} == set(TEAMS)
    assert [q["prompt"] for q in results["questions"]] == [q["prompt"] for q in QUESTIONS]
    for path in (f"/api/games/{g['id']}/results", f"/api/games/{g['id']}/report"):
        resp = await http.get(path)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(
            "application/json"
        ), (path, resp.headers)
        assert "&lt;" not in resp.text.replace("&lt;b&gt;", ""), f"{path} is HTML-escaped"
        body = _strings(resp.json())
        assert set(names) <= body and TITLE in body, (path, names, body)
    csv_resp = await http.get(f"/api/games/{g['id']}/report.csv")
    assert csv_resp.status_code == 200, csv_resp.text
    cells = [c for row in csv.reader(io.StringIO(csv_resp.text)) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a CSV cell is a formula"
    assert any(FORMULA[:24] in c for c in cells) and any(NICKNAMES[0] == c for c in cells)
    quiz = (await http.get(f"/api/quizzes/{game.quiz_id}")).json()
    assert quiz["title"] == TITLE and quiz["questions"][0]["choices"] == CHOICES
    assert quiz["questions"][0]["explanation"] == EXPLANATION
    await game.account.close()
