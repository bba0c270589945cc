"""The Redis store's scripts, against a real Redis and the embedded fakeredis alike."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import fakeredis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from games.kinds.choice import ChoiceQuestion
from games.kinds.question import Verdict
from games.scoring import STREAK_CAP, STREAK_STEP, ScoringRules, score_answer
from server.store.keys import Keys
from server.store.meta import GameMeta
from server.store.redis_store import GameStore
from server.store.replies import AnswerReply, JoinReply, KickReply, ResumeReply
from server.store.script_lane import ScriptLane
from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

GID = "game1"
NODE = "n1"


@pytest.fixture(params=["redis", "redis+lane", "fakeredis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[GameStore]:
    """The store on a real Redis (with and without the answer script's own connection, as
    the server runs it) and on the embedded fakeredis."""
    prefix = new_prefix()
    client: Redis
    lane = None
    if request.param.startswith("redis"):
        client = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        if request.param == "redis+lane":
            lane = ScriptLane.for_client(client)
            assert lane is not None
    else:
        client = fakeredis.FakeAsyncRedis(decode_responses=True)
        assert ScriptLane.for_client(client) is None
    s = GameStore(client, Keys(prefix), lane=lane)
    await client.hset(
        s.keys.meta(GID), mapping={"phase": "lobby", "seq": 1, "qindex": -1, "locked": 0}
    )
    yield s
    await delete_prefix(client, prefix)
    if lane is not None:
        await lane.close()
    await client.aclose()


async def join(s: GameStore, pid: str, nick: str, **kw: object) -> Any:
    args: dict[str, object] = {"late_join": True, "max_players": 0} | kw
    return await s.join(
        NODE,
        1000,
        GID,
        pid=pid,
        nick_key=nick.casefold(),
        player_json=json.dumps({"id": pid, "nickname": nick}),
        token_hash=f"th-{pid}",
        conn=f"sid-{pid}",
        **args,  # type: ignore[arg-type]
    )


async def meta(s: GameStore) -> GameMeta:
    found = await s.meta(GID)
    assert found is not None
    return found


async def open_question(s: GameStore, q: int, deadline: int = 10**13) -> None:
    seq = (await meta(s)).seq
    assert await s.transition(
        GID, seq, {"phase": "question", "qindex": q, "opened_ms": 0, "deadline_ms": deadline}
    )


async def answer(s: GameStore, pid: str, q: int = 0, **kw: object) -> Any:
    args: dict[str, object] = {
        "now_ms": 1000,
        "valid": True,
        "answer_json": "1",
        "elapsed_ms": 1000,
        "correct": True,
        "scored": True,
        "base_points": 900,
        "step": STREAK_STEP,
        "cap": STREAK_CAP,
    } | kw
    return await s.answer(GID, q, pid=pid, **args)  # type: ignore[arg-type]


async def test_join_rules(store: GameStore) -> None:
    assert (await join(store, "p1", "Ann")).code == "ok"
    assert await join(store, "p2", "ANN") == JoinReply("nickname_taken")
    assert await join(store, "p3", "Bea", max_players=1) == JoinReply("game_full")
    await store.set_meta(GID, {"locked": 1})
    assert await join(store, "p3", "Bea") == JoinReply("lobby_locked")
    await store.set_meta(GID, {"locked": 0, "phase": "question"})
    assert await join(store, "p3", "Bea", late_join=False) == JoinReply("game_started")
    await store.set_meta(GID, {"phase": "finished"})
    assert await join(store, "p3", "Bea") == JoinReply("game_over")
    assert await store.player_count(GID) == 1


async def test_join_answers_the_new_players_state_and_rank(store: GameStore) -> None:
    """The join script hands back what the new player's ack needs: the phones' State when it
    is rendered for the current seq (else nothing: the caller renders it), and where a score
    of 0 ranks among the players so far."""
    await store.redis.set(store.keys.state_play(GID), '{"phase": "lobby"}')
    ann = await join(store, "p1", "Ann")
    assert (ann.state_json, ann.rank) == (None, 1)  # seq 1 not rendered yet
    await store.set_meta(GID, {"rendered_seq": 1})
    bea = await join(store, "p2", "Bea")
    assert (bea.state_json, bea.rank) == ('{"phase": "lobby"}', 1)
    await store.redis.zadd(store.keys.scores(GID), {"p1": 500, "p2": 300})
    cy = await join(store, "p3", "Cy")
    assert (cy.state_json, cy.rank) == ('{"phase": "lobby"}', 3)
    await store.set_meta(GID, {"seq": 2})  # moved on, not rendered yet
    di = await join(store, "p4", "Di")
    assert (di.state_json, di.rank) == (None, 3)


async def test_join_unknown_game(store: GameStore) -> None:
    res = await store.join(
        NODE,
        1000,
        "nope",
        pid="p",
        nick_key="a",
        player_json="{}",
        token_hash="t",
        conn="s",
        late_join=True,
        max_players=0,
    )
    assert res == JoinReply("game_not_found")


async def test_answer_checks_in_protocol_order(store: GameStore) -> None:
    await join(store, "p1", "Ann")
    assert await answer(store, "ghost") == AnswerReply("not_joined")
    assert await answer(store, "p1") == AnswerReply("wrong_question")  # still in the lobby
    await open_question(store, 0, deadline=5000)
    assert await answer(store, "p1", q=1) == AnswerReply("wrong_question")
    assert await answer(store, "p1", now_ms=5001) == AnswerReply("question_closed")
    assert await answer(store, "p1", valid=False) == AnswerReply("invalid_answer")
    ok = await answer(store, "p1")
    assert ok.code == "ok" and ok.points == 900 and ok.streak == 1
    assert await answer(store, "p1", valid=False) == AnswerReply("already_answered")
    assert await answer(store, "p1") == AnswerReply("already_answered")
    assert (await store.answers(GID, 0))["p1"] == {"a": 1, "t": 1000, "c": True, "p": 900}


async def test_concurrent_answers_count_once(store: GameStore) -> None:
    for i in range(30):
        await join(store, f"p{i}", f"n{i}")
    await open_question(store, 0)
    results = await asyncio.gather(*(answer(store, f"p{i % 30}") for i in range(90)))
    assert sum(1 for r in results if r.code == "ok") == 30
    assert await store.answered_count(GID, 0) == 30
    scores, _, _, _, _ = await store.standings_data(GID)
    assert all(v == 900 for v in scores.values())


async def test_all_answered_and_disconnect(store: GameStore) -> None:
    await join(store, "p1", "Ann")
    await join(store, "p2", "Bea")
    await open_question(store, 0)
    first = await answer(store, "p1")
    assert (first.answered, first.connected, first.all_answered) == (1, 2, False)
    assert not await store.all_answered(GID, 0)
    assert await store.disconnect(GID, "p2", "sid-p2")
    assert not await store.disconnect(GID, "p2", "sid-p2")
    assert await store.all_answered(GID, 0)


async def test_transition_is_compare_and_set(store: GameStore) -> None:
    assert await store.transition(GID, 1, {"phase": "question"}) == 2
    assert await store.transition(GID, 1, {"phase": "reveal"}) == 0
    assert (await meta(store)).phase == "question"


async def test_close_resets_streaks_of_non_answerers(store: GameStore) -> None:
    await join(store, "p1", "Ann")
    await join(store, "p2", "Bea")
    await open_question(store, 0)
    await answer(store, "p1")
    await answer(store, "p2")
    seq = (await meta(store)).seq
    await store.transition(GID, seq, {"phase": "reveal"}, reset_streaks_for=0)
    await open_question(store, 1)
    second = await answer(store, "p1", q=1)
    assert (second.points, second.streak) == (900 + STREAK_STEP, 2)
    seq = (await meta(store)).seq
    await store.transition(GID, seq, {"phase": "reveal"}, reset_streaks_for=1)
    _, stats, _, _, _ = await store.standings_data(GID)
    assert stats["p1:streak"] == "2" and stats["p2:streak"] == "0"


async def test_kick_and_ban(store: GameStore) -> None:
    await join(store, "p1", "Ann")
    kicked = await store.kick(GID, "p1", ban=True, nick_key="ann", token_hash="th-p1")
    assert kicked == KickReply("ok", "sid-p1")
    again = await store.kick(GID, "p1", ban=True, nick_key="ann", token_hash="th-p1")
    assert again == KickReply("player_not_found")
    assert await store.resume(NODE, 2000, GID, "th-p1", "s2") == ResumeReply("banned")
    assert await join(store, "p9", "ann") == JoinReply("banned")
    assert await answer(store, "p1") == AnswerReply("not_joined")


async def test_kick_without_ban_voids_token_frees_nickname(store: GameStore) -> None:
    await join(store, "p1", "Ann")
    await store.kick(GID, "p1", ban=False, nick_key="ann", token_hash="th-p1")
    assert await store.resume(NODE, 2000, GID, "th-p1", "s2") == ResumeReply("invalid")
    assert (await join(store, "p2", "Ann")).code == "ok"


async def test_timers_claim_once_and_swap(store: GameStore) -> None:
    await store.schedule(GID, 100)
    assert await store.claim_due(200, 5000) == [GID]
    assert await store.claim_due(200, 6000) == []
    assert await store.swap_timer(GID, 4000, None) is False
    assert await store.swap_timer(GID, 5000, 900) is True
    assert await store.timer_of(GID) == 900
    assert await store.swap_timer(GID, 900, None) is True
    assert await store.timer_of(GID) is None
    await store.redis.zrem(store.keys.timers(), GID)


@settings(max_examples=60, deadline=None)
@given(
    streak_before=st.integers(0, 8),
    correct=st.booleans(),
    points=st.sampled_from([0, 1, 2]),
    elapsed=st.integers(0, 20_000),
    streaks_on=st.booleans(),
)
def test_lua_streak_bonus_mirrors_engine(
    streak_before: int, correct: bool, points: int, elapsed: int, streaks_on: bool
) -> None:
    """The answer script's streak bonus equals games.scoring.score_answer."""
    q = ChoiceQuestion(
        prompt="p",
        time_limit_ms=20_000,
        points=points,
        image=None,
        explanation=None,
        choices=("a", "b"),
        correct=(0,),
    )
    rules = ScoringRules(streaks=streaks_on)
    verdict = Verdict(correct=correct, fraction=1.0 if correct else 0.0)
    expected = score_answer(rules, q, verdict, elapsed, streak_before)

    async def run() -> Any:
        client = fakeredis.FakeAsyncRedis(decode_responses=True)
        s = GameStore(client, Keys("x"))
        await client.hset(s.keys.meta(GID), mapping={"phase": "lobby", "seq": 1, "qindex": -1})
        await join(s, "p1", "Ann")
        await client.hset(s.keys.stats(GID), "p1:streak", streak_before)
        await open_question(s, 0)
        return await answer(
            s,
            "p1",
            correct=correct,
            elapsed_ms=elapsed,
            base_points=rules.base_points(q, verdict, elapsed),
            cap=rules.bonus_cap(q),
        )

    result = asyncio.run(run())
    assert (result.points, result.streak) == (expected.points, expected.streak)


async def test_auto_teams_balance_like_the_engine(store: GameStore) -> None:
    from games.teams import auto_team

    names = ("Red", "Blue", "Green")
    sizes: dict[str, int] = {}
    for i in range(10):
        result = await join(store, f"p{i}", f"n{i}", team_mode="auto", team_names=names)
        expected = auto_team(sizes, names)
        assert result.team == expected
        sizes[expected] = sizes.get(expected, 0) + 1
    assert await store.team_sizes(GID) == {"Red": 4, "Blue": 3, "Green": 3}
    # A kicked player leaves its team; the next player fills the gap.
    await store.kick(GID, "p0", ban=False, nick_key="n0", token_hash="th-p0")
    assert (await store.team_sizes(GID))["Red"] == 3
    assert (await join(store, "p10", "n10", team_mode="auto", team_names=names)).team == "Red"


async def test_concurrent_auto_team_joins_stay_balanced(store: GameStore) -> None:
    names = ("A", "B", "C")
    await asyncio.gather(
        *(join(store, f"p{i}", f"n{i}", team_mode="auto", team_names=names) for i in range(30))
    )
    assert await store.team_sizes(GID) == {"A": 10, "B": 10, "C": 10}


async def test_chosen_team_and_host_assign(store: GameStore) -> None:
    assert (await join(store, "p1", "Ann", team_mode="choose", team="Owls")).team == "Owls"
    assert await store.assign_team(GID, "p1", "Cats") == "ok"
    assert await store.team_of(GID, "p1") == "Cats"
    assert await store.team_sizes(GID) == {"Owls": 0, "Cats": 1}
    assert await store.assign_team(GID, "ghost", "Cats") == "player_not_found"
    await store.set_meta(GID, {"phase": "question"})
    assert await store.assign_team(GID, "p1", "Owls") == "wrong_phase"
    roster, _ = await store.roster(GID, 0, 10)
    assert roster[0]["team"] == "Cats"
