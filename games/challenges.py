"""Pure rules of self-paced challenges: the team rule of a team challenge and its standings.

A team's score comes from its members' best runs (each person's best score over their
attempts) under the challenge's team rule: "average" (of the members who played), "sum", or
``{"top_n": k}`` (the sum of the k best). Participation is how many of a team's members have
played. No I/O here.

At the end, the daily challenge's draw and the day streaks: `daily_draw` picks a day's
questions, the same for everyone in a workspace that day; `streak` counts the days in a row a
person played.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, Protocol

from games.errors import RuleViolation
from games.settings import MAX_TOP_N
from games.teams import team_score


@dataclass(frozen=True, slots=True)
class TopN:
    """The sum of the `k` best members' best runs."""

    k: int


TeamRule = Literal["average", "sum"] | TopN


def parse_team_rule(raw: object) -> TeamRule:
    """The team rule of a challenge document: "average", "sum" or ``{"top_n": k}`` with k in
    1..100; anything else raises `RuleViolation` ``invalid``."""
    if raw == "average":
        return "average"
    if raw == "sum":
        return "sum"
    if isinstance(raw, dict) and set(raw) == {"top_n"}:
        k = raw["top_n"]
        if isinstance(k, int) and not isinstance(k, bool) and 1 <= k <= MAX_TOP_N:
            return TopN(k)
    raise RuleViolation(
        "invalid", f'team_rule must be "average", "sum" or {{"top_n": k}} with k in 1..{MAX_TOP_N}'
    )


def team_rule_doc(rule: TeamRule) -> str | dict[str, int]:
    """The rule as documents hold it (the inverse of `parse_team_rule`)."""
    return {"top_n": rule.k} if isinstance(rule, TopN) else rule


@dataclass(frozen=True, slots=True)
class TeamStanding:
    """A team's place: `played` of its `members` have finished a run."""

    team_id: str
    score: int
    rank: int
    played: int
    members: int


def team_standings(
    best: Mapping[str, int],
    team_of: Mapping[str, str],
    members: Mapping[str, int],
    rule: TeamRule,
) -> list[TeamStanding]:
    """Every team of `members` (team id → roster size), best first.

    `best` maps a person to their best run's score, `team_of` a person to their team id;
    people of teams not in `members` are left out. Higher score first; equal scores share a
    rank (1, 1, 3, …) and are listed by team id, for determinism.
    """
    scores: dict[str, list[int]] = {team: [] for team in members}
    for person, score in best.items():
        team = team_of.get(person)
        if team is not None and team in scores:
            scores[team].append(score)
    mode, k = ("top_n", rule.k) if isinstance(rule, TopN) else (rule, 0)
    rows = sorted(
        ((team, team_score(s, mode, k), len(s)) for team, s in scores.items()),
        key=lambda row: (-row[1], row[0]),
    )
    ranked: list[TeamStanding] = []
    for position, (team, score, played) in enumerate(rows, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else position
        ranked.append(TeamStanding(team, score, rank, played, members[team]))
    return ranked


# -- the daily challenge ----------------------------------------------------------------------

#: The most questions a daily challenge draws (`daily_draw`'s `count`).
DAILY_MAX_QUESTIONS = 20
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _draw_key(workspace_id: str, day: str, question_id: str) -> bytes:
    # A keyed hash per question: the day's order depends on nothing but the three strings, so
    # the order the bank was read in, and questions added to it that do not make the cut,
    # leave the draw as it was. NUL cannot occur in a stored id, so the fields cannot run into
    # each other.
    return hashlib.sha256(f"{workspace_id}\0{day}\0{question_id}".encode()).digest()


def daily_draw(question_ids: Sequence[str], day: str, workspace_id: str, count: int) -> list[str]:
    """The `count` questions of `question_ids` a workspace's daily challenge of `day` (an ISO
    date, ``YYYY-MM-DD``) asks, in the order it asks them.

    Deterministic: seeded by the workspace and the day only, so every node and every ask of
    that day draws the same; the input's order and repeats do not matter. The questions are
    distinct; fewer than `count` when the bank has fewer. Raises `RuleViolation` ``invalid``
    for a `day` that is not an ISO date or a `count` outside 1..`DAILY_MAX_QUESTIONS`.
    """
    if not _ISO_DAY.fullmatch(day):
        raise RuleViolation("invalid", "day must be an ISO date (YYYY-MM-DD)")
    if not 1 <= count <= DAILY_MAX_QUESTIONS:
        raise RuleViolation("invalid", f"count must be 1 to {DAILY_MAX_QUESTIONS}")
    distinct = set(question_ids)
    return sorted(distinct, key=lambda qid: (_draw_key(workspace_id, day, qid), qid))[:count]


# -- day streaks ------------------------------------------------------------------------------


class Day(Protocol):
    """A calendar day: anything with a proleptic Gregorian ordinal (a `datetime.date`)."""

    def toordinal(self) -> int: ...


def streak(days: Iterable[Day], today: Day | None = None) -> tuple[int, int]:
    """``(current, best)``: the days in a row a person played, now and at best.

    `days` are the (UTC) days they finished a daily run on, in any order, repeats allowed.
    `current` is the run of days ending on `today` or on the day before (today's daily may
    still be played, so yesterday's streak still stands), else 0; days after `today` do not
    count. Without `today`, `current` is the run ending on the last day played. `best` is the
    longest run of all (so at least `current`).
    """
    ordinals = sorted({d.toordinal() for d in days})
    if today is not None:
        ordinals = [o for o in ordinals if o <= today.toordinal()]
    if not ordinals:
        return 0, 0
    best = run = 1
    for previous, day in pairwise(ordinals):
        run = run + 1 if day == previous + 1 else 1
        best = max(best, run)
    # `run` is now the run ending on the last day played.
    if today is not None and today.toordinal() - ordinals[-1] > 1:
        return 0, best
    return run, best
