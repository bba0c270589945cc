"""Structured logs: with the default ``HUDDLE_LOG_FORMAT=json`` every line the server writes is
one JSON object; a game's lines carry its ``game_id``; no secret is ever logged."""

from __future__ import annotations

import json
from typing import Any

from tests.abuse.support import LIMITS_OFF, BoundHost, BoundPlayer, Servers, loopback, wait_exit
from tests.e2e.helpers import PASSWORD, assert_ok, close_all, connect_all, new_game

QUESTION = {"kind": "choice", "prompt": "Pick c", "choices": ["a", "b", "c"], "correct": [2]}


async def test_logs_are_json_lines_with_the_game_id(servers: Servers) -> None:
    group = servers.start(1, env={**LIMITS_OFF, "HUDDLE_LOG_FORMAT": "json"})
    node = group.nodes[0]
    url = node.url
    game = await new_game(url, [QUESTION])
    host = BoundHost(url, loopback(1)[0])
    players = [BoundPlayer(url, a) for a in loopback(3)]
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(players):
            await p.join(game.pin, f"Logged {i}")
        await host.command("kick", {"player_id": players[2].id, "ban": True})
        await host.command("lock", {"locked": True})
        await host.command("start")
        for p in players[:2]:
            assert_ok(await p.answer(0, 2))
        await players[0].wait_state("reveal", 0)
        await host.command("end")
        await game.account.wait_results(game.id)
        secrets_ = [game.host_key, game.account.token, PASSWORD, *(p.token for p in players)]
    finally:
        await close_all([host, *players])
        await game.account.close()
    servers.sigterm(node)
    await wait_exit(node, 10)

    text = node.log_path.read_text()
    records: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"log line {n} is not JSON: {line[:300]}") from None
        assert isinstance(record, dict), line
        assert {"ts", "level", "logger", "msg"} <= set(record), record
        assert record["level"] in ("debug", "info", "warning", "error", "critical"), record
        records.append(record)
    for secret in secrets_:
        assert secret not in text, "a secret is in the log"

    mine = [r["msg"] for r in records if r.get("game_id") == game.id]
    expected = [
        "game created",
        "host removed 1 player(s) and banned them",
        "lobby locked",
        "game started",
        "game finished (end)",
        "results written to SQL",
    ]
    for prefix in expected:
        assert any(m.startswith(prefix) for m in mine), (prefix, mine)
    # In the order they happened.
    firsts = [next(i for i, m in enumerate(mine) if m.startswith(p)) for p in expected]
    assert firsts == sorted(firsts), mine
    # No game line without its id.
    for r in records:
        if r["msg"].startswith(("game ", "lobby ", "host removed", "results written")):
            assert r.get("game_id"), r
    assert any(r["msg"].startswith("shutting down") for r in records), records[-5:]
