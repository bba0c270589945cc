"""Pure rules of self-paced challenges: the team rule of a team challenge and its standings.

A team's score comes from its members' best runs (each person's best score over their
attempts) under the challenge's team rule: "average" (of the members who played), "sum", or
``{"top_n": k}`` (the sum of the k best). Participation is how many of a team's members have
played. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

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
