"""How a question fared with the players who answered it (an author's stats, docs/rules.md
"Author stats"): the share who got it right, their average time, and its discrimination index.

The discrimination index is classical item analysis: rank the answering players by how well
they did overall, then subtract the share of the bottom third who got this question right from
the share of the top third. Near 1: the question separates the players who know the subject
from those who do not; near 0: it does not; below 0: the weaker players got it right more often
(a misleading question, or a wrong answer key). With fewer than `MIN_DISCRIMINATION_PLAYERS`
answering players a third is one or two people and the index says nothing, so it is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Fewer answering players than this: no discrimination index.
MIN_DISCRIMINATION_PLAYERS = 6


@dataclass(frozen=True, slots=True)
class ItemAnswer:
    """One player's answer to the question: `standing` is how well the player did overall,
    higher is better (comparable across the answers given: e.g. `standing_in_game`),
    `correct` whether this answer was right, `elapsed_ms` how long it took."""

    standing: float
    correct: bool
    elapsed_ms: int = 0


def standing_in_game(rank: int, players: int) -> float:
    """A player's place in a game of `players` players as a number from 0 (last) to 1 (first),
    so that answers from games of different sizes can be ranked together."""
    if players <= 1:
        return 1.0
    return 1.0 - (min(max(rank, 1), players) - 1) / (players - 1)


def correct_share(answers: Iterable[ItemAnswer]) -> float | None:
    """The share (0..1) of `answers` that were right; None when there are none."""
    marks = [a.correct for a in answers]
    return sum(marks) / len(marks) if marks else None


def discrimination(answers: Sequence[ItemAnswer]) -> float | None:
    """The discrimination index (-1..1) of a question from its answers; None under
    `MIN_DISCRIMINATION_PLAYERS` answers.

    The top and bottom thirds hold ``len(answers) // 3`` answers each. Players with equal
    standing are ordered by their position in `answers`, so the result does not depend on
    anything but its input.
    """
    n = len(answers)
    if n < MIN_DISCRIMINATION_PLAYERS:
        return None
    third = n // 3
    ordered = sorted(range(n), key=lambda i: (-answers[i].standing, i))
    top = sum(answers[i].correct for i in ordered[:third])
    bottom = sum(answers[i].correct for i in ordered[-third:])
    return (top - bottom) / third


@dataclass(frozen=True, slots=True)
class ItemStats:
    """A question's figures over the answers given (`item_stats`): `correct_pct` and
    `discrimination` are None when there is nothing to compute them from."""

    answered: int
    correct_pct: float | None
    avg_time_ms: int | None
    discrimination: float | None

    def to_doc(self) -> dict[str, float | int | None]:
        """The figures as the stats routes show them (percent and index rounded)."""
        return {
            "answered": self.answered,
            "correct_pct": None if self.correct_pct is None else round(self.correct_pct, 1),
            "avg_time_ms": self.avg_time_ms,
            "discrimination": (
                None if self.discrimination is None else round(self.discrimination, 3)
            ),
        }


def item_stats(answers: Sequence[ItemAnswer]) -> ItemStats:
    """The figures of a question answered with `answers`."""
    share = correct_share(answers)
    return ItemStats(
        answered=len(answers),
        correct_pct=None if share is None else 100.0 * share,
        avg_time_ms=(round(sum(a.elapsed_ms for a in answers) / len(answers)) if answers else None),
        discrimination=discrimination(answers),
    )
