"""Leaderboard order: score, then the total time of correct answers, then who joined first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Standing:
    """A player's totals so far; `join_order` only breaks ties in the listing order."""

    player_id: str
    score: int
    correct_time_ms: int
    join_order: int


@dataclass(frozen=True, slots=True)
class Ranked:
    """A player's place on the leaderboard."""

    player_id: str
    score: int
    rank: int
    correct_time_ms: int


def rank_players(standings: Iterable[Standing]) -> list[Ranked]:
    """Order players best first and give them competition ranks (1, 1, 3, ...).

    Higher score first, then the lower total time of correct answers; players equal in both
    share a rank and are listed in join order.
    """
    ordered = sorted(standings, key=lambda s: (-s.score, s.correct_time_ms, s.join_order))
    ranked: list[Ranked] = []
    for position, s in enumerate(ordered, start=1):
        prev = ranked[-1] if ranked else None
        if prev and prev.score == s.score and prev.correct_time_ms == s.correct_time_ms:
            rank = prev.rank
        else:
            rank = position
        ranked.append(Ranked(s.player_id, s.score, rank, s.correct_time_ms))
    return ranked
