"""Fuzzing: random and malformed input at every HTTP operation the server describes at
``/api/openapi.json`` and at every Socket.IO event of ``server.sockets.events.EVENTS`` (and at
events that do not exist, with payloads that are not objects, huge or deeply nested, and with
raw frames no client library sends). The input includes text no database stores (NUL, lone
surrogates), huge, negative, fractional and non-finite numbers, overlong strings, ``%00`` and
overlong ids in paths, instants out of range, missing and extra fields, with and without a
valid token. Nothing may answer 5xx, ``internal`` or ``unavailable``; every socket request gets
an ack; every error has the error shape; and games played beside the fuzzing, all the while,
complete with exactly the scores their answers earned, and reach SQL.

Bounded and reproducible: a few hundred examples each (hypothesis derandomized), a couple of
minutes on a busy machine.
"""

# The calls take a `timeout` in seconds, like python-socketio's own `call`.

from __future__ import annotations

import asyncio
import json
import re
import string
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.sockets.events import EVENTS
from tests.abuse.support import (
    BoundHost,
    BoundPlayer,
    BoundScreen,
    RawSocket,
    close_raw,
    error_code,
    loopback,
    play_small_game_from,
)
from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    PASSWORD,
    Client,
    Host,
    NoPayload,
    Player,
    assert_ok,
    close_all,
    connect_all,
    new_game,
    register_host,
)

T = TypeVar("T")

SNAKE = re.compile(r"[a-z][a-z0-9_]*")
FIELDS = [
    "title", "questions", "kind", "prompt", "choices", "correct", "accepted", "items",
    "tolerance", "min", "max", "typos", "time_limit_ms", "points", "media", "image",
    "explanation", "description", "email", "password", "name", "quiz_id", "settings",
    "event_id", "scoring", "streaks", "max_players", "late_join", "auto_advance_ms", "teams",
    "mode", "count", "names", "score", "top_n", "show_question_on_device", "shuffle_choices",
    "nickname_generator", "starts_ms", "ends_ms", "require_identifier", "pin", "nickname",
    "team", "token", "identifier", "player_key", "question", "answer", "game_id", "host_key",
    "player_id", "player_ids", "ban", "locked", "offset", "limit", "event_id",
    "opponent_account_id", "opponent_team_id", "enabled", "tag", "time_limit_s",
    "document", "tags", "drive_id", "version", "action", "comment", "reason", "deadline",
    "per_member_limit", "brief", "account_ids", "body", "links", "url", "label",
]  # fmt: skip
PER_OPERATION = 15  # examples for each HTTP operation (about 30 of them)
PER_EVENT = 20  # examples for each Socket.IO event (16 of them)
KINDS = ["choice", "true_false", "type_answer", "numeric", "order", "poll", "word_cloud"]

# Text no database stores: NUL and lone surrogates (json.dumps sends them as \u escapes).
UNSTORABLE = ["\x00", "\ud800", "\udfff", "a\ud800b", "evil\u0000x@example.com", "\ud83d!"]
unstorable = st.sampled_from(UNSTORABLE) | st.text(
    st.characters(categories=["Cs", "Cc", "Ll"]), min_size=1, max_size=12
)
edge_numbers = st.sampled_from(
    [2**31, 2**53 + 1, 2**63, 2**64, -(2**63) - 1, 10**30, -1, 1e308, -1e308, 5e-324, -0.0, 0.5]
)
overlong = st.sampled_from(["x" * 300, "é" * 5000, "y" * 100_000])
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | edge_numbers
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | unstorable
    | overlong
    | st.sampled_from(KINDS)
    | st.sampled_from(
        ["", " ", "0", "-1", "1e309", "NaN", "-Infinity", "\x00", "é" * 30, "<b>x</b>"]
    )
)


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for i in range(depth):
        value = [value] if i % 2 else {"questions": value}
    return value


# Deep, but within what any JSON decoder takes (10,000 levels are the transport's business).
deep = st.sampled_from([_nested(50), _nested(200)])
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(
            st.sampled_from(FIELDS) | st.text(max_size=12) | unstorable, children, max_size=6
        )
    ),
    max_leaves=25,
)
json_values = json_values | deep
objects = st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=12) | unstorable, json_values, max_size=8
)
# Bodies that are not JSON, or JSON that decoders struggle with.
malformed = st.sampled_from(
    [
        b"",
        b"{",
        b'{"title": ',
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 3000 + b"1" + b"}" * 3000,
        b"NaN",
        b'{"title": NaN}',
        b'{"title": Infinity}',
        b"1e999999",
        b'{"x": 1, "x": 2}',
        b"\xff\xfe\xfd",
        b'"just a string"',
        b"null",
        b"\x00" * 64,
        '{"title": "\ud800"}'.encode("utf-8", "surrogatepass"),
    ]
) | st.binary(max_size=300)


def _valid_quiz() -> dict[str, Any]:
    return {
        "title": "Fuzz",
        "questions": [
            {"kind": "choice", "prompt": "P", "choices": ["a", "b"], "correct": [0]},
            {"kind": "numeric", "prompt": "N", "correct": 4, "tolerance": 1, "min": 0, "max": 9},
        ],
    }


def _mutated(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """`base` with one field (maybe nested one level) replaced, added or removed."""

    def mutate(data: tuple[str, Any, bool, int]) -> dict[str, Any]:
        key, value, drop, index = data
        out: dict[str, Any] = json.loads(json.dumps(base))
        target = out
        if "questions" in out and index >= 0:
            target = out["questions"][index % len(out["questions"])]
        if drop and target:
            target.pop(sorted(target)[index % len(target)], None)
        else:
            target[key] = value
        return out

    return st.tuples(
        st.sampled_from(FIELDS), json_values, st.booleans(), st.integers(min_value=-1, max_value=5)
    ).map(mutate)


# ---------------------------------------------------------------------- HTTP


def _check_http(method: str, path: str, resp: httpx.Response) -> None:
    what = f"{method} {path} -> {resp.status_code}"
    assert resp.status_code < 500, f"{what}: {resp.text[:500]}"
    if resp.status_code >= 400:
        assert resp.headers.get("content-type", "").startswith("application/json"), what
        body = resp.json()
        assert set(body) == {"error"}, f"{what}: {body}"
        error = body["error"]
        assert SNAKE.fullmatch(error.get("code", "")), f"{what}: {error}"
        assert isinstance(error.get("message"), str) and error["message"], f"{what}: {error}"
        assert set(error) <= {"code", "message", "field"}, f"{what}: {error}"
    elif resp.status_code != 204 and resp.headers.get("content-type", "").startswith(
        "application/json"
    ):
        json.loads(resp.content)


def _bases(ids: dict[str, str], email: str) -> dict[str, dict[str, Any]]:
    """A valid body for each operation that takes one (by path template)."""
    event = {"name": "Fuzz", "teams": ["A", "B"], "require_identifier": False}
    return {
        "/api/auth/register": {"email": email, "password": PASSWORD, "name": "F"},
        "/api/auth/login": {"email": email, "password": PASSWORD},
        "/api/quizzes": _valid_quiz(),
        "/api/quizzes/import": _valid_quiz(),
        "/api/quizzes/{quiz_id}": _valid_quiz(),
        "/api/games": {"quiz_id": ids["quiz_id"], "settings": {"max_players": 5}},
        "/api/events": event,
        "/api/events/{event_id}": event,
        "/api/quizzes/{quiz_id}/questions": {"from_quiz": ids["quiz_id"], "index": 0},
        "/api/workspaces": {"name": "Fuzz two"},
        "/api/workspaces/{workspace_id}": {"name": "Fuzz renamed", "retention_days": 30},
        "/api/workspaces/{workspace_id}/members/{account_id}": {"role": "owner"},
        "/api/workspaces/{workspace_id}/invites": {"role": "member", "ttl_hours": 24},
        "/api/teams": {"name": "Fuzz team two"},
        "/api/teams/{team_id}": {"name": "Fuzz team renamed"},
        "/api/teams/{team_id}/members": {"account_ids": [ids["account_id"]]},
        "/api/me/claim": {"player_key": "k" * 20},
        "/api/duels": {"quiz_id": ids["quiz_id"], "opponent_team_id": ids["team_id"]},
        "/api/workspaces/{workspace_id}/daily": {"enabled": True, "count": 3, "time_limit_s": 20},
        "/api/challenges": _challenge(ids["quiz_id"]),
        "/api/contributions": {"kind": "question", "document": CONTRIBUTED, "tags": ["fuzz"]},
        "/api/contributions/{contribution_id}": {"document": CONTRIBUTED, "version": 1},
        "/api/contributions/{contribution_id}/review": {
            "action": "changes",
            "comment": "Fuzz",
            "version": 1,
        },
        "/api/contributions/{contribution_id}/report": {"reason": "Fuzz"},
        "/api/contributions/{contribution_id}/add-to-quiz": {"quiz_id": ids["quiz_id"]},
        "/api/community-rounds": {"tag": "fuzz", "count": 3},
        "/api/drives": bases_drive(),
        "/api/workspaces/{workspace_id}/reviewers": {"account_ids": [ids["account_id"]]},
    }


#: A member's question (for the contribution routes).
CONTRIBUTED = {"kind": "choice", "prompt": "Fuzz?", "choices": ["a", "b"], "correct": [0]}


def bases_drive() -> dict[str, Any]:
    """A valid new question drive, open for a day."""
    return {
        "title": "Fuzz drive",
        "deadline": int(time.time() * 1000) + 86_400_000,
        "per_member_limit": 3,
    }


def _challenge(quiz_id: str) -> dict[str, Any]:
    """A valid new challenge of that quiz, closing in a week."""
    return {
        "quiz_id": quiz_id,
        "closes_at": int(time.time() * 1000) + 7 * 86_400_000,
        "audience": "members",
        "attempts": 2,
        "team_rule": {"top_n": 2},
    }


async def _finish(url: str, game: dict[str, Any], token: str) -> None:
    """Play `game` to its end with one player, until its results are in SQL."""
    host, player = BoundHost(url, loopback(1)[0]), BoundPlayer(url, loopback(1)[0])
    try:
        await connect_all([host, player])
        await host.attach(game["id"], game["host_key"])
        assert_ok(
            await player.call(
                "join",
                {"pin": game["pin"], "nickname": "Fuzzed", "identifier": "fuzz@example.com"},
            )
        )
        await host.command("start")
        await player.wait_state("question", 0)
        assert_ok(await player.answer(0, 0))
        await player.wait_state("reveal", 0)  # everyone answered: it closed by itself
        await host.command("end")
    finally:
        await close_all([host, player])
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        for _ in range(100):
            resp = await http.get(
                f"/api/games/{game['id']}/results", headers={"Authorization": f"Bearer {token}"}
            )
            if resp.status_code == 200:
                return
            await asyncio.sleep(0.05)
    raise AssertionError(f"no results for {game['id']}")


def test_fuzz_every_http_operation(open_server: Group) -> None:
    fuzz_every_http_operation(open_server.url)


def fuzz_every_http_operation(url: str) -> None:
    """Every operation of the OpenAPI document, fuzzed against the server at `url` (also run on
    PostgreSQL by ``test_abuse_fuzz_pg.py``, a file of its own so that xdist runs the two side
    by side: each takes minutes)."""
    with httpx.Client(base_url=url, timeout=20) as http:
        doc = http.get("/api/openapi.json").json()
        # Deletions last, so the things they delete serve the other operations first, and
        # logging out (which revokes the token the others use) after them.
        operations = sorted(
            ((method.upper(), path) for path, ops in doc["paths"].items() for method in ops),
            key=lambda op: (op[1] == "/api/auth/logout", op[0] == "DELETE", op),
        )
        assert len(operations) >= 25, operations
        # A host with something of each kind.
        email = f"fuzz-{id(http)}@example.com"
        reg = http.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD, "name": "Fuzz"}
        )
        assert reg.status_code == 201, reg.text
        token = reg.json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        quiz_id = http.post("/api/quizzes", json=_valid_quiz(), headers=auth).json()["id"]
        event_id = http.post("/api/events", json={"name": "Fuzz"}, headers=auth).json()["id"]
        game = http.post(
            "/api/games", json={"quiz_id": quiz_id, "event_id": event_id}, headers=auth
        ).json()
        asyncio.run(_finish(url, game, token))
        stop = threading.Event()
        beside_pool = ThreadPoolExecutor(max_workers=1)
        beside = beside_pool.submit(asyncio.run, games_beside(url, stop.is_set))
        # The workspace's own things, so its routes are reached with real ids too.
        workspace_id = reg.json()["workspaces"][0]["id"]
        team_id = http.post("/api/teams", json={"name": "Fuzzers"}, headers=auth).json()["id"]
        invite = http.post(
            f"/api/workspaces/{workspace_id}/invites", json={"role": "member"}, headers=auth
        ).json()
        challenge = http.post("/api/challenges", json=_challenge(quiz_id), headers=auth)
        assert challenge.status_code == 201, challenge.text
        contribution = http.post(
            "/api/contributions",
            json={"kind": "tip", "document": {"title": "Fuzz", "body": "Tip"}},
            headers=auth,
        )
        assert contribution.status_code == 201, contribution.text
        drive = http.post("/api/drives", json=bases_drive(), headers=auth)
        assert drive.status_code == 201, drive.text
        ids = {
            "challenge_id": challenge.json()["id"],
            "quiz_id": quiz_id,
            "event_id": event_id,
            "game_id": game["id"],
            "workspace_id": workspace_id,
            "account_id": reg.json()["host"]["id"],
            "team_id": team_id,
            "invite_id": invite["id"],
            "token": invite["token"],
            "contribution_id": contribution.json()["id"],
            "drive_id": drive.json()["id"],
        }
        bases = _bases(ids, email)
        seen: Counter[tuple[str, str, int]] = Counter()

        odd_ids = (
            st.sampled_from(["nope", "..", "%2e%2e", "0", "-1", " ", "\x00", "a\x00b", "é", "%00"])
            | st.text(st.characters(codec="utf-8"), max_size=30)  # URLs carry no surrogates
            | st.text(alphabet=string.ascii_letters, min_size=300, max_size=2000)
        )
        tokens = st.sampled_from([f"Bearer {token}"] * 4 + [None, "Bearer x.y.z", "Basic Zm9v"])
        params = st.dictionaries(
            st.sampled_from(
                ["kind", "offset", "limit", "table", "from", "to", "identifier", "status"]
            )
            | st.text(max_size=8),
            st.sampled_from(["players", "teams", "answers", "0", "10", "-1", "2026-01-01"])
            | st.sampled_from(
                [
                    "0001-01-01T00:00:00+14:00",
                    "9999-12-31T23:59:59-14:00",
                    "1969-12-31",
                    "9" * 40,
                    "1e309",
                    "NaN",
                    "\x00",
                    "a\x00b",
                ]
            )
            | st.text(st.characters(codec="utf-8"), max_size=20)
            | st.integers().map(str),
            max_size=4,
        )
        content_types = st.sampled_from(
            ["application/json"] * 3 + ["text/plain", "multipart/form-data; boundary=x", ""]
        )

        def fuzz(method: str, template: str) -> None:
            names = re.findall(r"\{(\w+)\}", template)
            real = [ids.get(n, "nope") for n in names]
            base = bases.get(template)
            body_strategy = (
                (_mutated(base) if base else objects).map(lambda v: ("json", v))
                | (st.just(("json", base)) if base else objects.map(lambda v: ("json", v)))
                | json_values.map(lambda v: ("json", v))
                | malformed.map(lambda v: ("raw", v))
            )

            @settings(
                max_examples=PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )
            @given(
                path_values=st.just(real)
                | st.lists(odd_ids, min_size=len(names), max_size=len(names)),
                query=params,
                body=body_strategy,
                token_header=tokens,
                content_type=content_types,
                player_key=st.sampled_from(["", "k" * 20, "bad key!", "k" * 200]),
            )
            def run(
                path_values: list[str],
                query: dict[str, str],
                body: tuple[str, Any],
                token_header: str | None,
                content_type: str,
                player_key: str,
            ) -> None:
                path = template
                for name, value in zip(names, path_values, strict=True):
                    path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
                headers: dict[str, str] = {"X-Player-Key": player_key}
                if token_header is not None:
                    headers["Authorization"] = token_header
                kind, value = body
                content: bytes | None = None
                if method in ("POST", "PUT", "PATCH"):
                    content = json.dumps(value).encode() if kind == "json" else value
                    if content_type:
                        headers["Content-Type"] = content_type
                resp = http.request(method, path, params=query, content=content, headers=headers)
                _check_http(method, path, resp)
                seen[(method, template, resp.status_code)] += 1

            run()

        try:
            for method, template in operations:
                fuzz(method, template)
        finally:
            stop.set()
            played = beside.result(timeout=300)
            beside_pool.shutdown()
        # Every operation was reached, and most got past validation at least once.
        assert {(m, p) for m, p, _ in seen} == set(operations)
        succeeded = {(m, p) for m, p, status in seen if status < 300}
        assert len(succeeded) >= len(operations) * 2 // 3, sorted(set(operations) - succeeded)
        print(
            f"\nHTTP fuzz: {sum(seen.values())} requests at {len(operations)} operations; "
            f"statuses {dict(Counter(s for _, _, s in seen.elements()))}; "
            f"never a success: {sorted(set(operations) - succeeded)}; "
            f"{played} games played beside"
        )
    asyncio.run(play_small_game_from(url))


# ---------------------------------------------------------------------- Socket.IO

ALL_EVENTS = sorted({e for events in EVENTS.values() for e in events})


def _check_ack(what: str, ack: Any) -> None:
    assert isinstance(ack, dict), f"{what}: ack is not an object: {ack!r}"
    if ack.get("ok") is True:
        return
    assert ack.get("ok") is False, f"{what}: {ack}"
    error = ack.get("error")
    assert isinstance(error, dict), f"{what}: {ack}"
    assert SNAKE.fullmatch(str(error.get("code"))), f"{what}: {error}"
    assert error["code"] not in ("internal", "unavailable"), f"{what}: the server failed: {error}"
    assert isinstance(error.get("message"), str) and error["message"], f"{what}: {error}"


async def test_fuzz_every_socket_event(open_server: Group) -> None:
    url = open_server.url
    loop = asyncio.get_running_loop()
    game = await new_game(
        url,
        [{"kind": "choice", "prompt": "P", "choices": ["a", "b"], "correct": [1]}] * 3,
        {"teams": {"mode": "choose", "names": ["A", "B"]}, "nickname_generator": True},
    )
    host = BoundHost(url, loopback(1)[0])
    screen = BoundScreen(url, loopback(1)[0])
    player = BoundPlayer(url, loopback(1)[0])
    bare_player = BoundPlayer(url, loopback(1)[0])  # never joins
    bare_host = BoundHost(url, loopback(1)[0])  # never attaches
    clients = [host, screen, player, bare_player, bare_host]
    try:
        await connect_all(clients)
        await host.attach(game.id, game.host_key)
        await screen.watch(game.pin)
        await player.join(game.pin, "Fuzzer", team="A")
        by_ns: dict[str, list[Client]] = {
            "/host": [host, bare_host],
            "/screen": [screen],
            "/play": [player, bare_player],
        }
        bases: dict[tuple[str, str], dict[str, Any]] = {
            ("/play", "join"): {"pin": game.pin, "nickname": "Fuzz", "team": "B"},
            ("/play", "answer"): {"question": 0, "answer": 1},
            ("/play", "suggest_nickname"): {"pin": game.pin},
            ("/play", "run_next"): {},
            ("/play", "run_again"): {},
            ("/play", "run_state"): {},
            ("/screen", "watch_challenge"): {"pin": game.pin},
            ("/screen", "watch"): {"pin": game.pin},
            ("/screen", "watch_event"): {"event_id": "nope"},
            ("/host", "attach"): {"game_id": game.id, "host_key": game.host_key},
            ("/host", "roster"): {"offset": 0, "limit": 10},
            ("/host", "lock"): {"locked": True},
            ("/host", "assign"): {"player_id": player.id, "team": "B"},
            ("/host", "kick"): {"player_id": player.id, "ban": False},
            ("/host", "unban"): {"player_id": player.id},
            ("/host", "start"): {},
            ("/host", "next"): {},
            ("/host", "end"): {},
        }
        # A new event needs a valid payload here, so that it is fuzzed around one.
        assert set(bases) == {(ns, e) for ns, events in EVENTS.items() for e in events}, bases
        assert set(by_ns) == set(EVENTS)
        odd: st.SearchStrategy[Any] = (
            st.just(NoPayload())
            | st.binary(max_size=64)
            | st.integers(min_value=10_000, max_value=1_000_000).map(
                lambda n: {"pin": game.pin, "nickname": "a" * n, "answer": [0] * (n // 100)}
            )
            | st.just([[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]])
            | st.tuples(json_values, json_values)
            # python-socketio sends these as NaN / Infinity, which the server's decoder takes.
            | st.sampled_from([float("nan"), float("inf"), -float("inf")]).map(
                lambda x: {"question": 0, "answer": x, "offset": x, "limit": x, "pin": x}
            )
        )
        codes: dict[str, set[str]] = {}
        stop = asyncio.Event()
        beside = asyncio.ensure_future(games_beside(url, stop.is_set))

        def sync(make: Callable[[], Awaitable[T]], timeout: float = 15) -> T:
            return asyncio.run_coroutine_threadsafe(_wrap(make), loop).result(timeout)

        def fuzz(
            ns: str, events: st.SearchStrategy[str], payloads: st.SearchStrategy[Any], n: int
        ) -> None:
            @settings(
                max_examples=n,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )
            @given(which=st.integers(min_value=0, max_value=1), event=events, payload=payloads)
            def run(which: int, event: str, payload: Any) -> None:
                client = by_ns[ns][which % len(by_ns[ns])]
                if event in ("connect", "disconnect"):
                    return  # reserved by python-socketio's client
                if isinstance(payload, tuple):
                    data: Any = payload  # several arguments
                elif isinstance(payload, NoPayload):
                    data = None
                else:
                    data = (payload,)
                what = f"{ns} {event!r} {str(payload)[:120]}"
                ack = sync(lambda: client.sio.call(event, data, namespace=ns, timeout=10))
                _check_ack(what, ack)
                codes.setdefault(f"{ns} {event}", set()).add(error_code(ack))
                assert client.connected, f"{what} closed the connection"

            run()

        for (ns, event), base in bases.items():
            payloads = _mutated(base) | st.just(base) | json_values | odd
            await asyncio.to_thread(fuzz, ns, st.just(event), payloads, PER_EVENT)
        for ns in by_ns:
            others = (
                st.sampled_from(ALL_EVENTS)
                | st.sampled_from(["connect", "disconnect", "message", "*", "", "join "])
                | st.text(max_size=20)
            )
            await asyncio.to_thread(fuzz, ns, others, json_values | odd, PER_EVENT)

        stop.set()
        played = await beside
        print(f"\n{played} games played beside the socket fuzzing")
        reached = {k for k, c in codes.items() if "ok" in c}
        assert len(reached) >= 10, sorted(codes)
        assert all(
            "unknown_event" in codes[f"{ns} start"]
            for ns in ("/play", "/screen")
            if f"{ns} start" in codes
        )
        print("\nSocket.IO fuzz, outcomes by event:")
        for key in sorted(k for k in codes if k.split(" ", 1)[1] in ALL_EVENTS):
            print(f"  {key}: {sorted(codes[key])}")
    finally:
        stop.set()
        if not beside.done():
            beside.cancel()
        await close_all(clients)
        await game.account.close()
    await play_small_game_from(url)


# ---------------------------------------------------------------------- games beside

BESIDE_QUESTION = {"kind": "choice", "prompt": "Pick b", "choices": ["a", "b"], "correct": [1]}
BESIDE_ROUNDS = 3


async def games_beside(url: str, stopped: Callable[[], bool]) -> int:
    """Games played one after another while the fuzzing goes on (at least one), each checked
    to the point; returns how many."""
    played = 0
    while played == 0 or not stopped():
        await _one_game_beside(url)
        played += 1
    return played


async def _one_game_beside(url: str) -> None:
    """One player always right, one always wrong: every result, the final ranking and the
    results in SQL must hold exactly the points the right answers earned."""
    game = await new_game(url, [BESIDE_QUESTION] * BESIDE_ROUNDS)
    host, right, wrong = Host(url), Player(url), Player(url)
    try:
        await connect_all([host, right, wrong])
        await host.attach(game.id, game.host_key)
        await right.join(game.pin, "Right")
        await wrong.join(game.pin, "Wrong")
        await host.command("start")
        points = 0
        for q in range(BESIDE_ROUNDS):
            await right.wait_state("question", q, timeout=30)
            assert_ok(await right.answer(q, 1), f"beside: right answer {q}")
            assert_ok(await wrong.answer(q, 0), f"beside: wrong answer {q}")
            mine = await right.wait_result(q, timeout=30)
            theirs = await wrong.wait_result(q, timeout=30)
            assert mine["correct"] is True and mine["points"] > 0, mine
            points += mine["points"]
            assert (mine["score"], mine["rank"]) == (points, 1), (points, mine)
            assert (theirs["correct"], theirs["points"], theirs["score"], theirs["rank"]) == (
                False, 0, 0, 2
            ), theirs  # fmt: skip
            await host.command("next")  # the scoreboard
            await host.command("next")  # the next question, or the end after the last
        await wrong.wait_state("finished", timeout=30)
        results = await game.account.wait_results(game.id, timeout=60)
        rows = {p["player_id"]: p for p in results["players"]}
        assert (rows[right.id]["score"], rows[right.id]["correct"]) == (points, BESIDE_ROUNDS)
        assert (rows[wrong.id]["score"], rows[wrong.id]["correct"]) == (0, 0), rows
    finally:
        await close_all([host, right, wrong])
        await game.account.close()


async def _wrap(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


# Binary events are refused with an ``invalid`` ack (server/sockets/inbound.py), so only a
# namespace disconnect leaves the next request unanswered.
SILENCING = {"41/play,"}
RAW_FRAMES: list[str | bytes] = [
    "42/play,0[",
    "42/play,0{}",
    "42/play,0[]",
    "42/play,0[1,2]",
    '42/play,0[null,{"pin":"1"}]',
    "42/play,abc",
    '42/play,99999999999999999999999["join",{}]',
    '42/nowhere,0["join",{}]',
    "40/nowhere,",
    '451-/play,0["join",{"_placeholder":true,"num":0}]',
    '451-/play,0["join",{"_placeholder":true,"num":7}]',
    "4",
    "49",
    "4x",
    "2probe",
    "5",
    "6",
    "9",
    "",
    b"\x00\x01\x02",
    '42/play,0["join",' + "[" * 3000 + "]" * 3000 + "]",
    '42/play,0["join",{"pin":' + "9" * 5000 + "}]",
    "41/play,",
    "40/play,",
    '43/play,0[{"ok":true}]',
]


async def test_raw_frames_do_not_hurt_the_server(open_server: Group) -> None:
    """Frames no Socket.IO library would send: each may cost the sender its connection (or,
    for a few, its next request), never anyone else theirs, and the server keeps answering."""
    url = open_server.url
    address = loopback(1)[0]
    witness = RawSocket(url, loopback(1)[0])
    sockets: list[RawSocket] = [witness]
    await witness.connect()
    closed = 0
    try:
        for frame in RAW_FRAMES:
            sock = RawSocket(url, address)
            sockets.append(sock)
            await sock.connect()
            await sock.send(frame)
            # Then a normal request on the same connection: it is answered, or the connection
            # was closed, or (after a frame that changes the protocol's state: a binary event
            # waiting for its attachment, a namespace disconnect) it is legitimately not.
            silent = frame in SILENCING
            try:
                ack = await sock.call(
                    "join", {"pin": "000000", "nickname": "x"}, timeout=1 if silent else 5
                )
                assert error_code(ack) == "game_not_found", (frame, ack)
                assert not silent, (frame, ack)
            except ConnectionError:
                closed += 1
                assert sock.closed.is_set(), frame
            except TimeoutError:
                assert silent and sock.is_open, f"no answer after {frame!r}"
            await sock.close()
            ack = await witness.call("join", {"pin": "000000", "nickname": "w"}, timeout=5)
            assert error_code(ack) == "game_not_found", (frame, ack)
        assert witness.is_open
    finally:
        await close_raw(sockets)
    print(f"\n{closed} of {len(RAW_FRAMES)} raw frames cost their sender the connection")
    await play_small_game_from(url)
    # Normal clients still connect and get ok acks.
    account = await register_host(url)
    try:
        assert (await account.http.get("/api/quizzes")).status_code == 200
    finally:
        await account.close()
