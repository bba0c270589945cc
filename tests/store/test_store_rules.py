"""The game rules the Lua scripts apply in production, proven equal to their specification.

Three rules are decided inside a script, atomically with the write, so the script is the rule
the players meet; `games/` keeps each one as a pure function, the specification:

- the streak and its bonus (`answer.lua`) against `games.scoring.score_answer`;
- a missing answer ending the streak when a scored question closes (`transition.lua`) against
  `score_answer` with no verdict;
- the team of a player joining an auto-team game (`join.lua`) against `games.teams.auto_team`.

Each property runs the real script, as the store loads it, on a real Redis and on the embedded
fakeredis, over generated inputs, and compares what it wrote and answered with the function.
The arguments are built the way the server builds them (server/live.py); the numbers in them
(the streak step and cap, the base points, the team names) come from `games/`, so the scripts
hold none of their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import fakeredis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis import Redis

from games.kinds.question import Question, Verdict
from games.kinds.registry import KINDS, parse_question
from games.scoring import SCORING_MODES, STREAK_STEP, ScoringRules, score_answer
from games.settings import AUTO_TEAM_NAMES
from games.teams import auto_team
from games.types import JSON
from server.store.keys import Keys
from server.store.lua import load_script
from tests.conftest import TEST_REDIS_URL, new_prefix

GID = "g1"
Q = 0

# One question of every kind, and answers to it: right, wrong and (for a multi-select choice)
# partly right ones. A kind added to the registry without a row here fails
# `test_every_kind_is_covered`.
SAMPLES: dict[str, tuple[dict[str, JSON], list[JSON]]] = {
    "choice": (
        {"choices": ["a", "b", "c", "d"], "correct": [0, 1, 2]},
        [[0, 1, 2], [0, 1], [0, 3], [0, 1, 3], [3], [1, 2, 3]],
    ),
    "true_false": ({"correct": True}, [True, False]),
    "type_answer": ({"accepted": ["Paris"], "typos": 1}, ["Paris", "pariss", "Lyon"]),
    "numeric": ({"correct": 3, "tolerance": 1}, [2, 3, 4.5, -7]),
    "order": ({"items": ["a", "b", "c"]}, [[0, 1, 2], [2, 1, 0]]),
    "poll": ({"choices": ["a", "b"]}, [0, 1]),
    "word_cloud": ({}, ["sunny day", "rain"]),
}


def sample_question(kind: str, points: int, time_limit_ms: int) -> Question:
    doc: dict[str, JSON] = {"kind": kind, "prompt": "p", "time_limit_ms": time_limit_ms}
    doc |= SAMPLES[kind][0]
    question = parse_question(doc, "q")
    scored_doc = doc | {"points": points}
    return parse_question(scored_doc, "q") if question.scored else question


@st.composite
def answered_questions(draw: st.DrawFn) -> tuple[Question, JSON, Verdict]:
    """A question of any kind, an answer to it and the answer's verdict."""
    kind = draw(st.sampled_from(sorted(SAMPLES)))
    limit = draw(st.sampled_from([5_000, 20_000, 240_000]))
    question = sample_question(kind, draw(st.sampled_from([0, 1, 2])), limit)
    value = draw(st.sampled_from(SAMPLES[kind][1]))
    return question, value, question.check(value)


rules_strategy = st.builds(
    ScoringRules, scoring=st.sampled_from(SCORING_MODES), streaks=st.booleans()
)


class Scripts:
    """The store's scripts on one Redis, and a fresh game's keys for each example."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._scripts = {
            name: redis.register_script(load_script(name))
            for name in ("answer", "transition", "join")
        }

    def run(self, name: str, keys: list[str], args: list[object]) -> Any:
        return self._scripts[name](keys=keys, args=args)

    def game(self) -> Keys:
        """The keys of a new game (its own prefix), in the lobby."""
        keys = Keys(new_prefix())
        self.redis.hset(keys.meta(GID), mapping={"phase": "lobby", "seq": 1, "qindex": -1})
        return keys

    def drop(self, keys: Keys) -> None:
        for key in self.redis.scan_iter(match=f"{keys.prefix}:*", count=1000):
            self.redis.delete(key)


@pytest.fixture(scope="module", params=["redis", "fakeredis"])
def scripts(request: pytest.FixtureRequest) -> Iterator[Scripts]:
    redis: Redis = (
        Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        if request.param == "redis"
        else fakeredis.FakeRedis(decode_responses=True)
    )
    yield Scripts(redis)
    redis.close()


def in_game(scripts: Scripts, check: Callable[[Keys], None]) -> None:
    keys = scripts.game()
    try:
        check(keys)
    finally:
        scripts.drop(keys)


def add_players(scripts: Scripts, k: Keys, streaks: list[int]) -> list[str]:
    """Players p0, p1, ... in the game's join order, each with a streak so far."""
    pids = [f"p{i}" for i in range(len(streaks))]
    for i, (pid, streak) in enumerate(zip(pids, streaks, strict=True)):
        scripts.redis.zadd(k.order(GID), {pid: i + 1})
        scripts.redis.hset(k.stats(GID), f"{pid}:streak", streak)
    return pids


def open_question(scripts: Scripts, k: Keys) -> None:
    scripts.redis.hset(
        k.meta(GID), mapping={"phase": "question", "qindex": Q, "deadline_ms": 10**13}
    )


def test_every_kind_is_covered() -> None:
    assert set(SAMPLES) == set(KINDS)


@settings(max_examples=150)
@given(
    answered=answered_questions(),
    rules=rules_strategy,
    streak_before=st.integers(0, 12),
    elapsed_ms=st.integers(0, 250_000),
)
def test_the_answer_script_scores_as_score_answer(
    scripts: Scripts,
    answered: tuple[Question, JSON, Verdict],
    rules: ScoringRules,
    streak_before: int,
    elapsed_ms: int,
) -> None:
    """A first answer's points (streak bonus included) and the streak after it."""
    question, value, verdict = answered
    limit = question.time_limit_ms
    expected = score_answer(rules, question, verdict, elapsed_ms, streak_before, limit)

    def check(k: Keys) -> None:
        (pid,) = add_players(scripts, k, [streak_before])
        open_question(scripts, k)
        reply = scripts.run(
            "answer",
            [
                k.meta(GID),
                k.answers(GID, Q),
                k.scores(GID),
                k.stats(GID),
                k.order(GID),
                k.conn(GID),
            ],
            [
                pid,
                Q,
                1_000,
                1,
                json.dumps(value),
                elapsed_ms,
                int(verdict.correct),
                int(question.scored),
                rules.base_points(question, verdict, elapsed_ms, limit),
                STREAK_STEP,
                rules.bonus_cap(question),
            ],
        )
        assert reply[:3] == ["ok", expected.points, expected.streak]
        assert scripts.redis.hget(k.stats(GID), f"{pid}:streak") == str(expected.streak)
        assert (scripts.redis.zscore(k.scores(GID), pid) or 0) == expected.points

    in_game(scripts, check)


@settings(max_examples=80)
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    rules=rules_strategy,
    players=st.lists(st.tuples(st.integers(0, 12), st.booleans()), min_size=1, max_size=6),
)
def test_closing_a_question_ends_missing_answers_streaks_as_score_answer(
    scripts: Scripts, kind: str, rules: ScoringRules, players: list[tuple[int, bool]]
) -> None:
    """The streak of a player who did not answer, once the question closes; those who did
    answer keep what their answer left."""
    question = sample_question(kind, 1, 20_000)

    def check(k: Keys) -> None:
        pids = add_players(scripts, k, [streak for streak, _ in players])
        for pid, (_, answered) in zip(pids, players, strict=True):
            if answered:
                scripts.redis.hset(k.answers(GID, Q), pid, "{}")
        # The server asks for the reset when the closing question is scored (server/live.py).
        seq = scripts.run(
            "transition",
            [k.meta(GID), k.order(GID), k.stats(GID), k.answers(GID, Q)],
            [1, int(question.scored), "phase", "reveal"],
        )
        assert seq == 2
        for pid, (before, answered) in zip(pids, players, strict=True):
            after = before if answered else score_answer(rules, question, None, 0, before).streak
            assert scripts.redis.hget(k.stats(GID), f"{pid}:streak") == str(after)

    in_game(scripts, check)


@settings(max_examples=80)
@given(
    count=st.integers(1, len(AUTO_TEAM_NAMES)),
    sizes=st.lists(st.one_of(st.none(), st.integers(0, 6)), max_size=len(AUTO_TEAM_NAMES)),
)
def test_the_join_script_picks_the_auto_team_as_auto_team(
    scripts: Scripts, count: int, sizes: list[int | None]
) -> None:
    """The team of a player joining `{"mode": "auto"}`: the smallest, ties to the first named
    (a team nobody joined yet has no count in Redis, and counts 0)."""
    names = AUTO_TEAM_NAMES[:count]
    known = {name: size for name, size in zip(names, sizes, strict=False) if size is not None}
    expected = auto_team(known, names)

    def check(k: Keys) -> None:
        if known:
            scripts.redis.hset(k.team_sizes(GID), mapping=known)
        reply = scripts.run(
            "join",
            [
                k.meta(GID),
                k.players(GID),
                k.order(GID),
                k.nicks(GID),
                k.tokens(GID),
                k.banned(GID),
                k.conn(GID),
                k.scores(GID),
                k.team_of(GID),
                k.team_sizes(GID),
                k.state_play(GID),
                k.accounts(GID),
            ],
            ["p1", "ann", '{"id": "p1"}', "th-p1", "n1|s1", 1, 0, "auto", "", "", "", "", *names],
        )
        assert reply[0] == "ok" and reply[3] == expected
        assert scripts.redis.hget(k.team_of(GID), "p1") == expected
        assert scripts.redis.hget(k.team_sizes(GID), expected) == str(known.get(expected, 0) + 1)

    in_game(scripts, check)
