"""Leaderboard ranks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.ranking import Ranked, Standing, rank_players


def s(pid: str, score: int, time: int = 0, join: int = 0) -> Standing:
    return Standing(player_id=pid, score=score, correct_time_ms=time, join_order=join)


@pytest.mark.parametrize(
    ("standings", "expected"),
    [
        ([], []),
        ([s("a", 10)], [("a", 1)]),
        ([s("a", 10), s("b", 30), s("c", 20)], [("b", 1), ("c", 2), ("a", 3)]),
        # equal score: lower correct time first
        ([s("a", 10, 900), s("b", 10, 400)], [("b", 1), ("a", 2)]),
        # equal score and time: shared rank, listed in join order
        ([s("a", 10, 5, 2), s("b", 10, 5, 1), s("c", 5)], [("b", 1), ("a", 1), ("c", 3)]),
        (
            [s("a", 9), s("b", 9), s("c", 9), s("d", 1, 0, 0), s("e", 1, 0, 1)],
            [("a", 1), ("b", 1), ("c", 1), ("d", 4), ("e", 4)],
        ),
        # a tie further down does not borrow the rank of an unequal player
        ([s("a", 5, 1), s("b", 5, 2), s("c", 5, 2)], [("a", 1), ("b", 2), ("c", 2)]),
        ([s("a", 0), s("b", -5)], [("a", 1), ("b", 2)]),
    ],
)
def test_rank_players(standings: list[Standing], expected: list[tuple[str, int]]) -> None:
    assert [(r.player_id, r.rank) for r in rank_players(standings)] == expected


def test_ranked_carries_totals() -> None:
    assert rank_players(iter([s("a", 7, 1234)])) == [Ranked("a", 7, 1, 1234)]


standings = st.lists(
    st.builds(
        Standing,
        player_id=st.uuids().map(str),
        score=st.integers(0, 5),
        correct_time_ms=st.integers(0, 3),
        join_order=st.integers(0, 1000),
    ),
    max_size=30,
)


@settings(max_examples=200)
@given(standings)
def test_competition_ranking(players: list[Standing]) -> None:
    ranked = rank_players(players)
    assert sorted(r.player_id for r in ranked) == sorted(p.player_id for p in players)
    if ranked:
        assert ranked[0].rank == 1
    for r in ranked:
        ahead = sum(
            1 for o in ranked if (o.score, -o.correct_time_ms) > (r.score, -r.correct_time_ms)
        )
        assert r.rank == 1 + ahead
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
