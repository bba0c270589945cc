"""Teams: which team a new player joins, and the team standings (protocol `state.teams`).

The server keeps each player's team name; these functions turn that and the player standings
into the teams' scores and ranks. A team with no members still appears, with score 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from games.errors import RuleViolation
from games.nicknames import nickname_key
from games.settings import TEAM_SCORES, TeamSettings
from games.types import JSON


class Member(Protocol):
    """A player's totals as the team functions read them: `ranking.Standing` and
    `ranking.Ranked` both fit."""

    @property
    def player_id(self) -> str:
        """The player's id."""

    @property
    def score(self) -> int:
        """The player's score so far."""


M = TypeVar("M", bound=Member)


def auto_team(sizes: Mapping[str, int], names: Sequence[str]) -> str:
    """The team a new player joins under `{"mode": "auto"}`: the one with the fewest members.

    The specification of the join script (server/store/scripts/join.lua), which picks the team
    atomically with the join; tests/store/test_store_rules.py proves the two equal.

    `sizes` counts the current members by team name (a name missing from it counts 0); ties go
    to the team named first in `names` (the settings' order).
    """
    if not names:
        raise ValueError("auto_team needs at least one team name")
    return min(names, key=lambda name: sizes.get(name, 0))


def choose_team(requested: object, names: Sequence[str]) -> str:
    """The team a player picked under `{"mode": "choose"}`, as the settings spell it.

    The match ignores case, width and surrounding spaces ("  owls" picks "Owls"). A missing,
    non-string or unknown team raises RuleViolation("invalid_team") listing the choices.
    """
    if isinstance(requested, str):
        wanted = nickname_key(requested.strip())
        for name in names:
            if nickname_key(name) == wanted:
                return name
    listed = ", ".join(names)
    raise RuleViolation("invalid_team", f"choose one of the teams: {listed}")


def fixed_key(kind: str, value: str) -> str:
    """The key of a person in a game's fixed teams: kind "a" (an account id), "i" (an
    identifier) or "k" (a device's player key), then ``:`` and the value."""
    return f"{kind}:{value}"


def fixed_team(
    fixed: Mapping[str, str],
    names: Sequence[str],
    *,
    account_id: str | None = None,
    identifier: str | None = None,
    player_key: str | None = None,
) -> str | None:
    """The team a person must play for, or None when they may choose (or be balanced).

    `fixed` maps `fixed_key`s to team names: it is built when the game is created from the
    workspace's rosters (a signed-in member's account → their team) and, for a round of an
    event, from the teams its people played for in the earlier rounds (their first team), which
    win over the rosters. The person is looked up by account, then identifier, then player
    key; a team name that is not one of the game's `names` is ignored.
    """
    for kind, value in (("a", account_id), ("i", identifier), ("k", player_key)):
        if value:
            team = fixed.get(fixed_key(kind, value))
            if team is not None and team in names:
                return team
    return None


def join_team(
    teams: TeamSettings,
    requested: object,
    forced: str | None,
) -> tuple[str, str]:
    """How the join script places a new player: ``("choose", team)`` for a team decided here,
    or ``("auto", "")`` for the smallest team (`auto_team`, applied atomically by the script).

    A `forced` team (`fixed_team`) wins over whatever the player requested, in every mode;
    otherwise "choose" takes the requested team (`choose_team`, raising "invalid_team") and
    "auto" balances.
    """
    if forced is not None:
        return "choose", forced
    if teams.mode == "auto":
        return "auto", ""
    return "choose", choose_team(requested, teams.names)


def assign_team(teams: TeamSettings, requested: object, sizes: Mapping[str, int]) -> str:
    """The team of a joining player: `auto_team` in auto mode (`requested` ignored), else
    `choose_team` (raising "invalid_team")."""
    if teams.mode == "auto":
        return auto_team(sizes, teams.names)
    return choose_team(requested, teams.names)


@dataclass(frozen=True, slots=True)
class TeamRanked:
    """A team's place: its score (an integer), competition rank and number of members."""

    team: str
    score: int
    rank: int
    members: int

    def to_doc(self) -> dict[str, JSON]:
        """The team as an entry of `state.teams` and of the results' `teams`."""
        return {"rank": self.rank, "team": self.team, "score": self.score, "members": self.members}


def team_score(scores: Sequence[int], mode: str, top_n: int = 0) -> int:
    """A team's score from its members' scores; `mode` is one of TEAM_SCORES.

    "average": the mean rounded half up (0 for a team with no members); "sum": the total;
    "top_n": the total of the `top_n` best scores (all of them when there are fewer members).
    """
    if mode == "average":
        if not scores:
            return 0
        return (2 * sum(scores) + len(scores)) // (2 * len(scores))
    if mode == "sum":
        return sum(scores)
    if mode == "top_n":
        return sum(sorted(scores, reverse=True)[: max(top_n, 0)])
    raise ValueError(f"the team score mode must be one of {', '.join(TEAM_SCORES)}, not {mode!r}")


def team_standings(
    members: Mapping[str, Sequence[Member]],
    mode: str,
    top_n: int = 0,
    answered: Mapping[str, int] | None = None,
) -> list[TeamRanked]:
    """Every team of `members` (team → its members' standings; list empty teams too), best first.

    Scores come from `team_score`. With `answered` (player id → questions they answered), an
    "average" counts only the members who answered at least one question: a player who joined
    late, or has not answered yet, does not pull the team's average down (see docs/rules.md).
    `members` still counts everyone. Without it, every member counts.

    Higher score first; teams with equal scores share a rank (1, 1, 3, ...) and are listed by
    name (case-insensitively, then exactly) for determinism.
    """

    def counted(standings: Sequence[Member]) -> list[int]:
        if mode != "average" or answered is None:
            return [s.score for s in standings]
        return [s.score for s in standings if answered.get(s.player_id, 0) > 0]

    rows = [
        (team, team_score(counted(standings), mode, top_n), len(standings))
        for team, standings in members.items()
    ]
    rows.sort(key=lambda row: (-row[1], nickname_key(row[0]), row[0]))
    ranked: list[TeamRanked] = []
    for position, (team, score, count) in enumerate(rows, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else position
        ranked.append(TeamRanked(team=team, score=score, rank=rank, members=count))
    return ranked


def group_by_team(
    standings: Iterable[M], team_of: Mapping[str, str | None], names: Sequence[str]
) -> dict[str, list[M]]:
    """The members' standings of every team in `names` (in that order, empty teams included).

    `team_of` maps a player id to its team; players without a team, or with a name not in
    `names`, are left out (a player who left the game is simply not in `standings`).
    """
    groups: dict[str, list[M]] = {name: [] for name in names}
    for standing in standings:
        team = team_of.get(standing.player_id)
        if team is not None and team in groups:
            groups[team].append(standing)
    return groups


def rank_teams(
    teams: TeamSettings,
    standings: Iterable[Member],
    team_of: Mapping[str, str | None],
    answered: Mapping[str, int] | None = None,
) -> list[TeamRanked]:
    """The team standings of a game with these team settings: `group_by_team` then
    `team_standings` with the settings' score mode (and `answered`, see there)."""
    mode: str = "top_n" if teams.score == "top_n" else "sum" if teams.score == "sum" else "average"
    return team_standings(
        group_by_team(standings, team_of, teams.names), mode, teams.top_n, answered
    )


def teams_view(ranked: Sequence[TeamRanked]) -> list[dict[str, JSON]]:
    """`state.teams`: every team as {"rank", "team", "score", "members"}, best first."""
    return [t.to_doc() for t in ranked]


def team_rank(ranked: Sequence[TeamRanked], team: str | None) -> int | None:
    """The rank of `team` in `ranked`, or None for no team or a team not ranked."""
    for t in ranked:
        if t.team == team:
            return t.rank
    return None
