"""A team's accuracy per tag against the workspace's, so L&D sees which skills a team lacks.

The figures add up the players' answered and correct questions (``game_players``) per game in
SQL; each game counts for the tags of the quiz it played (``games.quiz["tags"]``, the snapshot
taken when it was created). A game whose quiz has no tags counts for its quiz instead (the tag
is then the quiz's title, `kind` "quiz"). The workspace's side reads its most recent
`MAX_GAMES` finished games.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from server.db.base import Repo
from server.db.models import Game, GamePlayer, Team
from server.db.scope import Scope, load_owned
from server.reports.tables import Table

MAX_GAMES = 1000


@dataclass(frozen=True, slots=True)
class Tally:
    """Questions answered and answered correctly."""

    answered: int = 0
    correct: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.answered + other.answered, self.correct + other.correct)

    def doc(self) -> dict[str, Any]:
        """``{"answered", "correct", "accuracy"}``; accuracy in [0, 1] (4 decimals), None for
        nothing answered."""
        accuracy = None if not self.answered else round(self.correct / self.answered, 4)
        return {"answered": self.answered, "correct": self.correct, "accuracy": accuracy}


def game_tags(quiz: Mapping[str, Any], title: str, quiz_id: str | None) -> list[tuple[str, str]]:
    """The ``(kind, tag)`` a game counts for: its quiz's tags, else ``("quiz", title)``."""
    tags = quiz.get("tags")
    if isinstance(tags, list):
        clean = sorted({t.strip() for t in tags if isinstance(t, str) and t.strip()})
        if clean:
            return [("tag", t) for t in clean]
    return [("quiz", title or quiz_id or "")]


def by_tag(
    team: Mapping[str, Tally],
    workspace: Mapping[str, Tally],
    tags_of: Mapping[str, Iterable[tuple[str, str]]],
) -> list[dict[str, Any]]:
    """Every tag the team played, with the team's and the workspace's tallies (game id →
    tally, `tags_of` game id → its tags), the widest gap below the workspace first."""
    mine: dict[tuple[str, str], Tally] = {}
    everyone: dict[tuple[str, str], Tally] = {}
    for gid, tally in team.items():
        for tag in tags_of.get(gid, ()):
            mine[tag] = mine.get(tag, Tally()) + tally
    for gid, tally in workspace.items():
        for tag in tags_of.get(gid, ()):
            if tag in mine:
                everyone[tag] = everyone.get(tag, Tally()) + tally
    rows = [
        {"kind": kind, "tag": tag, "team": t.doc(), "workspace": everyone.get((kind, tag), t).doc()}
        for (kind, tag), t in mine.items()
    ]

    def gap(row: dict[str, Any]) -> tuple[float, str, str]:
        ours, theirs = row["team"]["accuracy"], row["workspace"]["accuracy"]
        diff = 0.0 if ours is None or theirs is None else ours - theirs
        return (diff, row["kind"], row["tag"])

    return sorted(rows, key=gap)


def stats_table(stats: Mapping[str, Any]) -> Table:
    """The team's figures as one CSV table."""
    rows: list[list[Any]] = []
    for r in stats["tags"]:
        t, w = r["team"], r["workspace"]
        rows.append(
            [
                r["tag"],
                r["kind"],
                t["answered"],
                t["correct"],
                t["accuracy"],
                w["answered"],
                w["correct"],
                w["accuracy"],
            ]
        )
    columns = (
        "Tag",
        "Kind",
        "Team answered",
        "Team correct",
        "Team accuracy",
        "Workspace answered",
        "Workspace correct",
        "Workspace accuracy",
    )
    return Table(title="Team skills", columns=columns, rows=rows)


class TeamStatsRepo(Repo):
    """The team page's figures."""

    async def stats(self, scope: Scope, team_id: str) -> dict[str, Any] | None:
        """``{"team": {"id", "name"}, "games", "tags": [...]}`` (see `by_tag`); None for no
        such team in the workspace."""
        gp = GamePlayer
        async with self._sessions() as session:
            team = await load_owned(session, scope, Team, team_id)
            if team is None:
                return None
            sums = (func.sum(gp.answered), func.sum(gp.correct))
            team_rows = (
                await session.execute(
                    select(gp.game_id, *sums)
                    .where(scope.owns(gp), gp.team_id == team.id)
                    .group_by(gp.game_id)
                )
            ).all()
            recent = await session.scalars(
                select(Game.id)
                .where(scope.owns(Game), Game.results_at.is_not(None))
                .order_by(Game.finished_at.desc(), Game.id)
                .limit(MAX_GAMES)
            )
            ids = set(recent) | {row[0] for row in team_rows}
            everyone = (
                await session.execute(
                    select(gp.game_id, *sums).where(gp.game_id.in_(ids)).group_by(gp.game_id)
                )
            ).all()
            games = (
                await session.execute(
                    select(Game.id, Game.quiz, Game.title, Game.quiz_id).where(Game.id.in_(ids))
                )
            ).all()
        tags_of = {gid: game_tags(quiz or {}, title, qid) for gid, quiz, title, qid in games}
        team_tally = {gid: Tally(int(a or 0), int(c or 0)) for gid, a, c in team_rows}
        all_tally = {gid: Tally(int(a or 0), int(c or 0)) for gid, a, c in everyone}
        return {
            "team": {"id": team.id, "name": team.name},
            "games": len(team_tally),
            "tags": by_tag(team_tally, all_tally, tags_of),
        }
