"""Authorisation: a player cannot act as the host or as another player; a host cannot reach
another host's quizzes, games, results, reports or events; tokens are signed and expire;
host keys are compared in constant time and, like player tokens, never stored in plain;
passwords are stored as argon2 hashes."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from redis.asyncio import Redis

from games.quiz import parse_quiz
from games.settings import parse_settings
from server.auth import TOKEN_SALT, TokenSigner
from server.rooms.runtime import Rooms
from server.settings import Settings
from server.sockets.messages import Attach
from server.store.keys import Keys
from server.store.redis_store import GameStore
from tests.abuse.support import (
    LIMITS_OFF,
    BoundHost,
    BoundPlayer,
    BoundScreen,
    Servers,
    loopback,
)
from tests.conftest import TEST_REDIS_URL
from tests.e2e.conftest import SECRET, Group
from tests.e2e.helpers import (
    PASSWORD,
    assert_error,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    register_host,
)
from tests.server.inproc import RecordingFanout

QUESTION = {
    "kind": "choice",
    "prompt": "Pick c",
    "choices": ["a", "b", "c", "d"],
    "correct": [2],
    "time_limit_ms": 30000,
}
HOST_EVENTS = ["attach", "roster", "start", "next", "end", "kick", "lock", "assign"]


async def _snapshot(screen: BoundScreen, pin: str) -> tuple[Any, ...]:
    ack = assert_ok(await screen.call("watch", {"pin": pin}), "watch")
    s = ack["state"]
    return s["phase"], s["seq"], ack["roster"]["count"], ack["roster"]["players"]


async def test_a_player_cannot_act_as_the_host_or_another_player(open_server: Group) -> None:
    url = open_server.url
    game = await new_game(url, [QUESTION, {**QUESTION, "prompt": "Again"}])
    other = await new_game(url, [QUESTION])
    host, screen = BoundHost(url, loopback(1)[0]), BoundScreen(url, loopback(1)[0])
    a, b = BoundPlayer(url, loopback(1)[0]), BoundPlayer(url, loopback(1)[0])
    outsider = BoundPlayer(url, loopback(1)[0])
    try:
        await connect_all([host, screen, a, b, outsider])
        await host.attach(game.id, game.host_key)
        await a.join(game.pin, "Ana")
        await b.join(game.pin, "Ben")
        before = await _snapshot(screen, game.pin)

        # Host commands do not exist on /play, whatever the payload claims.
        for event in HOST_EVENTS:
            for payload in (
                {},
                {"game_id": game.id, "host_key": game.host_key},
                {"player_id": b.id, "player_ids": [b.id], "locked": True},
            ):
                assert_error(await a.call(event, payload), "unknown_event", f"/play {event}")
        # Nor on /screen, which holds no secrets.
        for event in HOST_EVENTS:
            assert_error(await screen.call(event, {}), "unknown_event", f"/screen {event}")
        assert await _snapshot(screen, game.pin) == before, "a player's request changed the game"

        # The screen's roster names players, but a player id is no credential.
        roster = before[3]
        assert {p["id"] for p in roster} == {a.id, b.id}
        assert all(set(p) <= {"id", "nickname", "team", "connected"} for p in roster), roster
        for fake in (b.id, b.id * 2, a.token[::-1]):
            assert_error(
                await outsider.call("join", {"pin": game.pin, "token": fake}),
                "invalid",
                "a guessed token",
            )
        # A token is good for its own game only.
        assert_error(
            await outsider.call("join", {"pin": other.pin, "token": a.token}),
            "invalid",
            "another game's token",
        )

        # Without attach, /host does nothing; with another game's key it is refused.
        stranger = BoundHost(url, loopback(1)[0])
        await stranger.connect()
        try:
            for event in HOST_EVENTS[1:]:
                assert_error(await stranger.call(event, {}), "not_attached", f"/host {event}")
            for payload in (
                {"game_id": game.id, "host_key": other.host_key},
                {"game_id": game.id, "host_key": game.host_key + "x"},
                {
                    "game_id": game.id,
                    "host_key": hashlib.sha256(game.host_key.encode()).hexdigest(),
                },
                {"game_id": other.id, "host_key": game.host_key},
                {"game_id": "nope", "host_key": game.host_key},
            ):
                assert_error(await stranger.call("attach", payload), "forbidden", "attach")
            # Attached to another game, the host cannot reach this game's players.
            await stranger.attach(other.id, other.host_key)
            assert_error(
                await stranger.call("kick", {"player_id": a.id}), "player_not_found", "kick"
            )
            bulk = assert_ok(await stranger.call("kick", {"player_ids": [a.id, b.id]}), "bulk")
            assert bulk["kicked"] == 0, bulk
        finally:
            await stranger.close()
        assert await _snapshot(screen, game.pin) == before, "another host changed the game"

        # A player answers only for itself: a forged player_id is ignored.
        await host.command("start")
        await a.wait_state("question", 0)
        forged = await a.call("answer", {"question": 0, "answer": 2, "player_id": b.id})
        assert_ok(forged, "answer with a forged player_id")
        assert_ok(await b.answer(0, 1), "Ben's own answer still counts")
        ra, rb = await a.wait_result(0), await b.wait_result(0)
        assert (ra["correct"], rb["correct"]) == (True, False), (ra, rb)
        # A socket that has not joined cannot answer, whatever it names.
        assert_error(
            await outsider.call("answer", {"question": 0, "answer": 2, "player_id": a.id}),
            "not_joined",
        )
        await host.command("next")
        await host.command("end")
        results = await game.account.wait_results(game.id)
        rows = {r["nickname"]: r for r in results["players"]}
        assert (rows["Ana"]["correct"], rows["Ben"]["correct"]) == (1, 0), rows
    finally:
        await close_all([host, screen, a, b, outsider])
        await game.account.close()
        await other.account.close()


# ---------------------------------------------------------------------- HTTP, host against host


async def _finished_game_with_event(url: str) -> dict[str, Any]:
    """Host A: an event, a quiz and a finished round of it with one identified player."""
    game = await new_game(url, [QUESTION])
    http = game.account.http
    resp = await http.post("/api/events", json={"name": "Week 1"})
    assert resp.status_code == 201, resp.text
    event_id = resp.json()["id"]
    created = await http.post("/api/games", json={"quiz_id": game.quiz_id, "event_id": event_id})
    assert created.status_code == 201, created.text
    round_ = created.json()
    host, player = BoundHost(url, loopback(1)[0]), BoundPlayer(url, loopback(1)[0])
    try:
        await connect_all([host, player])
        await host.attach(round_["id"], round_["host_key"])
        assert_ok(
            await player.call(
                "join", {"pin": round_["pin"], "nickname": "Ana", "identifier": "ana@example.com"}
            )
        )
        await host.command("start")
        await host.command("end")
        await game.account.wait_results(round_["id"])
    finally:
        await close_all([host, player])
    return {
        "account": game.account,
        "quiz_id": game.quiz_id,
        "game_id": round_["id"],
        "event_id": event_id,
    }


def _foreign_calls(a: dict[str, Any]) -> list[tuple[str, str, Any]]:
    q, g, e = a["quiz_id"], a["game_id"], a["event_id"]
    quiz = {"title": "Mine now", "questions": [QUESTION]}
    return [
        ("GET", f"/api/quizzes/{q}", None),
        ("PUT", f"/api/quizzes/{q}", quiz),
        ("GET", f"/api/quizzes/{q}/export", None),
        ("GET", f"/api/quizzes/{q}/export.xlsx", None),
        ("GET", f"/api/games/{g}", None),
        ("GET", f"/api/games/{g}/results", None),
        ("GET", f"/api/games/{g}/report", None),
        ("GET", f"/api/games/{g}/report.csv", None),
        ("GET", f"/api/games/{g}/report.xlsx", None),
        ("GET", f"/api/events/{e}", None),
        ("PUT", f"/api/events/{e}", {"name": "Mine now"}),
        ("GET", f"/api/events/{e}/leaderboard", None),
        ("GET", f"/api/events/{e}/report", None),
        ("GET", f"/api/events/{e}/report.csv", None),
        ("GET", f"/api/events/{e}/report.xlsx", None),
        ("POST", "/api/games", {"quiz_id": q}),
        ("DELETE", "/api/identities?identifier=ana@example.com", None),
        ("DELETE", f"/api/quizzes/{q}", None),
        ("DELETE", f"/api/events/{e}", None),
    ]


async def test_a_host_cannot_reach_another_hosts_data(open_server: Group) -> None:
    url = open_server.url
    a = await _finished_game_with_event(url)
    owner = a["account"]
    intruder = await register_host(url)
    try:
        own_quiz = await intruder.create_quiz([QUESTION])
        for method, path, body in _foreign_calls(a):
            resp = await intruder.http.request(method, path, json=body)
            assert resp.status_code == 404, (method, path, resp.status_code, resp.text)
            assert resp.json()["error"]["code"] == "not_found", (method, path, resp.text)
        # Another host's event cannot hold my rounds either.
        resp = await intruder.http.post(
            "/api/games", json={"quiz_id": own_quiz, "event_id": a["event_id"]}
        )
        assert resp.status_code == 404, resp.text
        # Lists hold only the intruder's own things.
        for path, key in (
            ("/api/quizzes", "quizzes"),
            ("/api/games", "games"),
            ("/api/events", "events"),
        ):
            items = (await intruder.http.get(path)).json()[key]
            ids = {i["id"] for i in items}
            assert not ids & {a["quiz_id"], a["game_id"], a["event_id"]}, (path, items)
        board = await intruder.http.get("/api/leaderboards")
        assert board.status_code == 200 and "Ana" not in board.text, board.text

        # Nothing changed for the owner, who can still read it all.
        for method, path, _ in _foreign_calls(a):
            if method == "GET":
                resp = await owner.http.get(path)
                assert resp.status_code == 200, (path, resp.status_code, resp.text)
        quiz = (await owner.http.get(f"/api/quizzes/{a['quiz_id']}")).json()
        assert quiz["title"] == "E2E quiz", quiz
        event = (await owner.http.get(f"/api/events/{a['event_id']}")).json()
        assert event["name"] == "Week 1", event
        results = (await owner.http.get(f"/api/games/{a['game_id']}/results")).json()
        assert [p["nickname"] for p in results["players"]] == ["Ana"], results
    finally:
        await owner.close()
        await intruder.close()


# ---------------------------------------------------------------------- tokens


def _token_issued_at(issued: int, host_id: str, secret: str = SECRET) -> str:
    """A host token as the server signs them, with the issue time set to `issued`."""

    class At(TimestampSigner):
        def get_timestamp(self) -> int:
            return issued

    token = URLSafeTimedSerializer(secret, salt=TOKEN_SALT, signer=At).dumps(host_id)
    return token if isinstance(token, str) else token.decode()


async def test_tokens_are_signed_and_expire(open_server: Group) -> None:
    account = await register_host(open_server.url)
    http = account.http
    ttl = Settings().token_ttl_s  # the server runs with the default lifetime
    now = int(time.time())
    try:
        assert (await http.get("/api/auth/me")).json()["host"]["id"] == account.host_id
        # What a token signs: "<host id>:<token id>" (the id of a token not revoked).
        signed = URLSafeTimedSerializer(SECRET, salt=TOKEN_SALT).loads(account.token)
        assert signed.startswith(account.host_id + ":"), signed
        fresh = _token_issued_at(now - ttl + 120, signed)
        expired = _token_issued_at(now - ttl - 5, signed)
        tampered = account.token[:-3] + ("AAA" if account.token[-3:] != "AAA" else "BBB")
        foreign = _token_issued_at(now, account.host_id, secret="another-secret-" + "y" * 32)
        someone_else = _token_issued_at(now, "h_not_a_host:" + signed.split(":")[1])
        no_token_id = _token_issued_at(now, account.host_id)  # as tokens were before
        payload_swapped = account.token.replace(
            account.token.split(".")[0], _token_issued_at(now, "other").split(".")[0]
        )
        ok = await http.get("/api/auth/me", headers={"Authorization": f"Bearer {fresh}"})
        assert ok.status_code == 200, ok.text
        for label, header in (
            ("expired", f"Bearer {expired}"),
            ("tampered", f"Bearer {tampered}"),
            ("another secret", f"Bearer {foreign}"),
            ("unknown host", f"Bearer {someone_else}"),
            ("no token id", f"Bearer {no_token_id}"),
            ("payload swapped", f"Bearer {payload_swapped}"),
            ("no scheme", account.token),
            ("basic", f"Basic {account.token}"),
            ("empty", "Bearer"),
        ):
            resp = await http.get("/api/quizzes", headers={"Authorization": header})
            assert resp.status_code == 401, (label, resp.status_code, resp.text)
            assert resp.json()["error"]["code"] == "unauthorized", (label, resp.text)
    finally:
        await account.close()


def test_token_signer_expiry_follows_its_clock() -> None:
    now = [1_800_000_000.0]
    signer = TokenSigner("s" * 32, 60, clock=lambda: now[0])
    token = _token_issued_at(int(now[0]), "h_1", secret="s" * 32)
    assert signer.verify(token) == "h_1"
    now[0] += 60
    assert signer.verify(token) == "h_1"
    now[0] += 1.5
    assert signer.verify(token) is None
    assert TokenSigner("t" * 32, 60, clock=lambda: now[0]).verify(signer.issue("h_1")) is None
    assert signer.verify(signer.issue("h_1")[:-1]) is None


# ---------------------------------------------------------------------- secrets at rest


async def test_host_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import fakeredis

    import server.rooms.hosting

    redis = fakeredis.FakeAsyncRedis(decode_responses=True)
    keys = Keys("ct")
    live = Rooms(Settings(secret="s" * 32), GameStore(redis, keys), RecordingFanout())
    created = await live.create(
        host_id="h_1",
        quiz_id="q_1",
        quiz=parse_quiz({"title": "T", "questions": [QUESTION]}),
        settings=parse_settings(None),
    )
    stored = await redis.hget(keys.meta(created.id), "host_key")
    digest = hashlib.sha256(created.host_key.encode()).hexdigest()
    assert stored == digest and created.host_key not in json.dumps(
        await redis.hgetall(keys.meta(created.id))
    )

    calls: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return bool(real(a, b))

    # server.rooms.hosting calls hmac.compare_digest through the module, so the spy sees every call.
    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert vars(server.rooms.hosting)["hmac"] is hmac
    gid, ack = await live.host.attach(
        Attach.parse({"game_id": created.id, "host_key": created.host_key})
    )
    assert gid == created.id and ack["ok"] is True
    assert calls == [(digest, digest)]
    for payload in (
        {"game_id": created.id, "host_key": created.host_key[:-1]},
        {"game_id": created.id, "host_key": ""},
        {"game_id": "no-such-game", "host_key": created.host_key},
    ):
        calls.clear()
        with pytest.raises(Exception) as err:
            await live.host.attach(Attach.parse(payload))
        assert getattr(err.value, "code", None) == "forbidden", err.value
        # One comparison of equal-length digests, also when the game does not exist.
        assert len(calls) == 1 and len(calls[0][0]) == len(calls[0][1]) == 64, calls
    await redis.aclose()


async def test_secrets_are_not_stored_in_plain(open_server: Group) -> None:
    """Redis holds neither host keys nor player tokens (only their SHA-256); SQL holds argon2
    password hashes, never a password."""
    url = open_server.url
    game = await new_game(url, [QUESTION])
    players = [BoundPlayer(url, a) for a in loopback(3)]
    host = BoundHost(url, loopback(1)[0])
    try:
        await connect_all([host, *players])
        await host.attach(game.id, game.host_key)
        for i, p in enumerate(players):
            await p.join(game.pin, f"Secret {i}")
        await host.command("start")
        secrets_ = [game.host_key, *(p.token for p in players)]
        redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        try:
            dump = await _dump_prefix(redis, open_server.prefix)
        finally:
            await redis.aclose()
        assert game.id in dump and "Secret 0" in dump, "the dump missed the game"
        for secret in secrets_:
            assert secret not in dump, "a secret is stored in plain in Redis"
        assert hashlib.sha256(game.host_key.encode()).hexdigest() in dump
    finally:
        await close_all([host, *players])
        await game.account.close()

    path = Path(open_server.database_url.split("///", 1)[1])
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT email, password_hash FROM hosts").fetchall()
    assert rows
    for email, password_hash in rows:
        assert password_hash.startswith("$argon2id$"), (email, password_hash[:12])
    raw = b"".join(f.read_bytes() for f in path.parent.glob(path.name + "*") if f.is_file())
    assert PASSWORD.encode() not in raw, "a password is stored in plain in the database"


async def _dump_prefix(redis: Redis, prefix: str) -> str:
    parts: list[str] = []
    async for key in redis.scan_iter(match=f"{prefix}:*", count=1000):
        kind = await redis.type(key)
        if kind == "string":
            parts.append(str(await redis.get(key)))
        elif kind == "hash":
            parts.append(json.dumps(await redis.hgetall(key)))
        elif kind == "list":
            parts.append(json.dumps(await redis.lrange(key, 0, -1)))
        elif kind == "set":
            parts.append(json.dumps(sorted(await redis.smembers(key))))
        elif kind == "zset":
            parts.append(json.dumps(await redis.zrange(key, 0, -1)))
        parts.append(key)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def short_tokens(servers: Servers) -> Group:
    return servers.start(1, env={**LIMITS_OFF, "HUDDLE_TOKEN_TTL_S": "60"})


async def test_token_lifetime_comes_from_settings(short_tokens: Group) -> None:
    account = await register_host(short_tokens.url)
    now = int(time.time())
    signed = URLSafeTimedSerializer(SECRET, salt=TOKEN_SALT).loads(account.token)
    try:
        for issued, status in ((now - 50, 200), (now - 65, 401)):
            token = _token_issued_at(issued, signed)  # the account's token, issued earlier
            resp = await account.http.get(
                "/api/auth/me", headers={"Authorization": f"Bearer {token}"}
            )
            assert resp.status_code == status, (issued - now, resp.text)
    finally:
        await account.close()
