"""Self-paced challenges over real sockets on real servers: a run from join to done across
two nodes (dropped on one, resumed on the other at the same question and deadline), the
server's deadline (the phone never decides time), no correct answer before the player's
reveal in any raw payload, the audience and opening times at join, and the standings
screen's coalesced ``challenge_changed``."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from redis.asyncio import Redis

from server.node_messages import ChallengeChanged, encode
from server.store.keys import Keys
from tests.conftest import TEST_REDIS_URL
from tests.e2e.challenge_support import open_challenge, run_call
from tests.e2e.conftest import Group, ServerFactory
from tests.e2e.helpers import Client, Player, Screen, assert_error, assert_ok, find_keys

LIMIT_MS = 5000  # the shortest a question may have: the test waits for its deadline
SECRET_WORD = "Lutetia"
EXPLANATION = "the Romans called it so"
QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "type_answer",
        "prompt": "The capital of France?",
        "accepted": ["Paris", SECRET_WORD],
        "time_limit_ms": 30000,
        "explanation": EXPLANATION,
    },
    {
        "kind": "choice",
        "prompt": "Pick",
        "choices": ["first", "second"],
        "correct": [1],
        "time_limit_ms": LIMIT_MS,
        "explanation": "second it was",
    },
]


@pytest.fixture(scope="module")
def nodes(servers: ServerFactory) -> Group:
    """Two nodes of their own: the runs' outbox entries (a challenge opened here has no SQL
    row) stay out of the groups whose dead letters other tests count."""
    return servers.start(2)


def payloads(player: Client, acks: list[Any]) -> list[Any]:
    return [*acks, *(r.data for r in player.events)]


def assert_nothing_revealed(items: list[Any], question: dict[str, Any]) -> None:
    """No payload holds the question's correct answer or explanation."""
    secrets = [question["explanation"]]
    if question["kind"] == "type_answer":
        secrets.append(SECRET_WORD)
    for item in items:
        raw = json.dumps(item)
        for text in secrets:
            assert text not in raw, f"{text!r} before the reveal in {raw[:300]}"
        assert not find_keys(item, {"correct_answer", "accepted", "explanation", "result"}), raw
        view = item.get("run", item).get("view") if isinstance(item, dict) else None
        if view is not None:
            assert not find_keys(view, {"correct"}), view


async def test_a_run_across_two_nodes_with_the_servers_deadline(nodes: Group) -> None:
    created = await open_challenge(nodes, QUESTIONS)
    first = Player(nodes.nodes[0].url)
    second = Player(nodes.nodes[1].url)
    await first.connect()
    try:
        joined = assert_ok(await first.call("join", {"pin": created.pin, "nickname": "Ann"}))
        first.join_ack = joined
        state = joined["state"]
        assert state["mode"] == "challenge" and state["phase"] == "open", state
        assert state["count"] == 2 and state["attempts"] == 1
        assert joined["run"]["status"] == "ready"

        shown = await run_call(first, "run_next")
        assert shown["status"] == "question" and shown["question"] == 0
        assert 0 < shown["deadline_ms"] - shown["server_ms"] <= 30000
        assert shown["view"]["prompt"] == "The capital of France?"
        acks: list[Any] = [joined, {"run": shown}]
        assert_nothing_revealed(payloads(first, acks), QUESTIONS[0])

        revealed = assert_ok(await first.call("answer", {"question": 0, "answer": "paris"}))
        result = revealed["run"]["result"]
        assert revealed["run"]["status"] == "reveal" and result["correct"] is True
        assert result["explanation"] == EXPLANATION and revealed["run"]["score"] > 0
        assert_error(await first.call("answer", {"question": 0, "answer": "x"}), "already_answered")

        acks = []
        since = len(first.events)
        shown = await run_call(first, "run_next")
        acks.append({"run": shown})
        assert shown["question"] == 1 and shown["view"]["choices"] == ["first", "second"]
        assert 0 < shown["deadline_ms"] - shown["server_ms"] <= LIMIT_MS
        assert_nothing_revealed([*acks, *(r.data for r in first.events[since:])], QUESTIONS[1])
    finally:
        await first.close()  # the phone drops mid-question

    await second.connect()
    try:
        back = assert_ok(await second.call("join", {"pin": created.pin, "token": joined["token"]}))
        run = back["run"]
        assert back["player"]["id"] == joined["player"]["id"]
        assert run["status"] == "question" and run["question"] == 1
        assert (
            run["deadline_ms"] == shown["deadline_ms"] and run["score"] == revealed["run"]["score"]
        )
        assert_nothing_revealed([back], QUESTIONS[1])

        # The player does not answer: the server closes the question at its deadline and
        # tells the phone (whichever node's timer got it).
        closed = await second.wait_for("run", lambda v: v["status"] == "reveal", timeout=60)
        assert closed["question"] == 1 and closed["result"]["answered"] is False
        assert closed["result"]["correct_answer"] == 1 and closed["streak"] == 0
        assert closed["server_ms"] >= shown["deadline_ms"]
        late = await second.call("answer", {"question": 1, "answer": 1})
        assert_error(late, "question_closed")
        assert (await run_call(second, "run_state"))["status"] == "reveal"
        assert (await run_call(second, "run_next"))["status"] == "done"
        assert_error(await second.call("run_again", {}), "no_attempts_left")
        assert_error(await second.call("run_next", "nope"), "invalid")
    finally:
        await second.close()


async def test_join_refusals_of_a_challenge(nodes: Group) -> None:
    members = await open_challenge(nodes, QUESTIONS, audience="members")
    later = await open_challenge(nodes, QUESTIONS, opens_in_ms=3_600_000)
    over = await open_challenge(nodes, QUESTIONS, opens_in_ms=-7200_000, closes_in_ms=-1)
    player = Player(nodes.url)
    await player.connect()
    try:
        for pin, code in (
            (members.pin, "not_invited"),
            (later.pin, "challenge_not_open"),
            (over.pin, "challenge_closed"),
        ):
            assert_error(await player.call("join", {"pin": pin, "nickname": "Guest"}), code)
        assert_error(await player.call("run_next", {}), "not_joined")
    finally:
        await player.close()


async def test_the_standings_screen_hears_each_challenge_change_at_most_once_a_second(
    nodes: Group,
) -> None:
    created = await open_challenge(nodes, QUESTIONS)
    screen = Screen(nodes.nodes[1].url)
    await screen.connect()
    redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    try:
        assert_error(await screen.call("watch_challenge", {"pin": "1"}), "game_not_found")
        ack = assert_ok(await screen.call("watch_challenge", {"pin": created.pin}))
        assert ack["game_id"] == created.id
        cid = ack["challenge_id"]
        bus = Keys(nodes.prefix).bus()
        message = json.dumps(encode(ChallengeChanged(cid, created.id)))
        for _ in range(3):
            since = len(screen.events)
            for _ in range(5):  # runs landing together (as the outbox writer announces them)
                await redis.publish(bus, message)
            # Each burst is heard (at once, or at the end of the second that is running).
            await screen.wait_for_record(
                "challenge_changed", lambda d: d == {"challenge_id": cid}, since=since
            )
        times = [r.at_ms for r in screen.events if r.event == "challenge_changed"]
        # 15 changes, at most one event a second: the first at once, then one per second.
        assert 3 <= len(times) <= 6, times
        assert all(b - a >= 900 for a, b in itertools.pairwise(times)), times
    finally:
        await redis.aclose()
        await screen.close()
