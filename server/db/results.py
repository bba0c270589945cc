"""A finished game's results: written once, in one transaction, and read back.

`ResultRepo.write` takes what the outbox hands over (`server.db.records.GameResults`), links
the players to their identities and awards their milestones in the same transaction;
`ResultRepo.get` reads the protocol's Results shape back for the game's owner.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from games.milestones import MIN_PLAYERS_FOR_WIN, Milestone
from games.nicknames import nickname_key
from games.teams import team_standings
from server.db.author_milestones import award_after_results
from server.db.base import Repo
from server.db.errors import NotFinished, NotFound
from server.db.identities import award_milestones, resolve_identities
from server.db.models import Game, GameAnswer, GamePlayer, GameQuestion, GameTeam
from server.db.records import GameResults, PlayerResult, TeamResult
from server.db.result_rows import answer_rows, contribution_ids, insert_rows, player_row, unique
from server.db.result_rows import question_ids as snapshot_question_ids
from server.db.scope import Scope, load_owned, owner_scope
from server.db.times import ms_to_datetime, now, opt_ms

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SavedResults:
    """What `ResultRepo.write` wrote: the game's creator, workspace and event, and the
    milestones its players earned (player id → new milestones, in announcement order)."""

    game_id: str
    host_id: str
    event_id: str | None
    awards: dict[str, list[Milestone]]
    workspace_id: str = ""


def derive_teams(players: Iterable[PlayerResult], settings: Mapping[str, Any]) -> list[TeamResult]:
    """Team rows ranked from the players' teams and scores with the game's team score mode
    (``settings.teams.score``: "average" by default, "sum" or {"top_n": k})."""
    members: dict[str, list[PlayerResult]] = {}
    answered: dict[str, int] = {}
    for p in players:
        if p.team is not None:
            members.setdefault(p.team, []).append(p)
            answered[p.player_id] = p.answered
    if not members:
        return []
    teams = settings.get("teams")
    score = teams.get("score", "average") if isinstance(teams, dict) else "average"
    mode, top_n = "average", 0
    if isinstance(score, dict) and isinstance(score.get("top_n"), int):
        mode, top_n = "top_n", int(score["top_n"])
    elif score == "sum":
        mode = "sum"
    return [
        TeamResult(team=t.team, score=t.score, rank=t.rank, members=t.members)
        for t in team_standings(members, mode, top_n, answered)
    ]


def team_ids(settings: Mapping[str, Any]) -> dict[str, str]:
    """Team name → workspace team id, for a game played with the workspace's teams (its
    settings' snapshot, ``{"source": "workspace", "names", "ids"}``); {} otherwise."""
    teams = settings.get("teams")
    if not isinstance(teams, dict) or teams.get("source") != "workspace":
        return {}
    names, ids = teams.get("names"), teams.get("ids")
    if not isinstance(names, list) or not isinstance(ids, list):
        return {}
    return {
        name: tid
        for name, tid in zip(names, ids, strict=False)
        if isinstance(name, str) and isinstance(tid, str)
    }


class ResultRepo(Repo):
    """Games' results: written by the outbox, read by their owner."""

    async def save(self, results: GameResults) -> bool:
        """Write a finished game's results in one transaction; True if this call wrote them.

        See `write`, which also tells what was awarded.
        """
        return await self.write(results) is not None

    async def write(self, results: GameResults) -> SavedResults | None:
        """Write a finished game's results in one transaction; None if they were already
        written (by an earlier or a concurrent call), else what this call wrote.

        Idempotent by game id: the transaction first claims the game with a conditional
        ``UPDATE … WHERE results_at IS NULL``, so a second call (concurrent or later) finds
        nothing to claim and returns None without writing. Raises `NotFound` for an unknown
        game. Duplicate rows in `results` (same player, answer, question or team) keep the
        first one.

        A game played with the workspace's teams stores each player's and team's team id (from
        the game's settings), so the team boards group by team, not by name.

        In the same transaction the players are linked to their identities
        (`server.db.identities.resolve_identities`) and earn their milestones. When the entry
        has no team rows but its players have teams, the teams are ranked here from the
        players' scores with the game's team score mode.
        """
        gid = results.game_id
        players = unique(results.players, lambda p: p.player_id)
        answers = unique(results.answers, lambda a: (a.player_id, a.question))
        questions = unique(results.questions, lambda q: q.index)
        teams = unique(results.teams, lambda t: t.team)
        at = now()
        finished_at = ms_to_datetime(results.finished_ms)
        try:
            async with self._sessions.begin() as session:
                claimed = await session.execute(
                    update(Game)
                    .where(Game.id == gid, Game.results_at.is_(None))
                    .values(
                        results_at=at,
                        started_at=(
                            None
                            if results.started_ms is None
                            else ms_to_datetime(results.started_ms)
                        ),
                        finished_at=finished_at,
                        players=len(players),
                    )
                    .execution_options(synchronize_session=False)
                )
                game = await session.get(Game, gid)
                if cast(CursorResult[Any], claimed).rowcount != 1:
                    if game is None:
                        raise NotFound(gid)
                    return None
                assert game is not None
                if results.host_id not in (None, game.host_id) or (
                    results.event_id not in (None, game.event_id)
                ):
                    log.warning(
                        "results of game %s name another host or event", gid,
                        extra={"game_id": gid},
                    )  # fmt: skip
                if not teams:
                    teams = derive_teams(players, game.settings)
                question_ids = snapshot_question_ids(game.quiz)
                credited = contribution_ids(game.quiz)
                scope = owner_scope(game)
                team_id = team_ids(game.settings)
                identity_of = await resolve_identities(session, scope, players, at)
                await insert_rows(
                    session,
                    GamePlayer,
                    [
                        player_row(
                            gid,
                            p,
                            scope,
                            finished_at=finished_at,
                            identity_id=identity_of.get(p.player_id),
                            won=p.rank == 1 and len(players) >= MIN_PLAYERS_FOR_WIN,
                            team_id=None if p.team is None else team_id.get(p.team),
                        )
                        for p in players
                    ],
                )
                await insert_rows(session, GameAnswer, answer_rows(gid, answers))
                await insert_rows(
                    session,
                    GameQuestion,
                    [
                        {
                            "game_id": gid,
                            "index": q.index,
                            "kind": q.kind,
                            "prompt": q.prompt,
                            "answered": q.answered,
                            "correct": q.correct,
                            "distribution": q.distribution,
                            "question_id": question_ids.get(q.index),
                            "contribution_id": credited.get(q.index),
                        }
                        for q in questions
                    ],
                )
                await insert_rows(
                    session,
                    GameTeam,
                    [
                        {
                            "game_id": gid,
                            "team": t.team,
                            "score": t.score,
                            "rank": t.rank,
                            "members": t.members,
                            "team_id": team_id.get(t.team),
                        }
                        for t in teams
                    ],
                )
                awards = await award_milestones(
                    session, gid, players, answers, questions, identity_of, at
                )
                if credited:  # a game of no member's question has no author to award
                    await award_after_results(session, gid)
                saved = SavedResults(
                    game_id=gid,
                    host_id=game.host_id,
                    event_id=game.event_id,
                    awards=awards,
                    workspace_id=game.workspace_id,
                )
        except IntegrityError:
            # A concurrent writer of the same game: its copy stands. Anything else (two games
            # of one host creating the same identity at once) is worth a retry.
            if await self._written(gid):
                log.warning(
                    "results of game %s were written concurrently", gid,
                    exc_info=True, extra={"game_id": gid},
                )  # fmt: skip
                return None
            raise
        return saved

    async def _written(self, game_id: str) -> bool:
        async with self._sessions() as session:
            at = await session.scalar(select(Game.results_at).where(Game.id == game_id))
        return at is not None

    async def get(self, scope: Scope, game_id: str) -> dict[str, Any]:
        """The protocol's Results of a finished game of the scope.

        Raises `NotFound` when the game does not exist or is another owner's, and
        `NotFinished` while its results have not been written.
        """
        async with self._sessions.begin() as session:
            game = await load_owned(session, scope, Game, game_id)
            if game is None:
                raise NotFound(game_id)
            if game.results_at is None:
                raise NotFinished(game_id)
            players = (
                await session.execute(
                    select(
                        GamePlayer.player_id,
                        GamePlayer.nickname,
                        GamePlayer.team,
                        GamePlayer.score,
                        GamePlayer.rank,
                        GamePlayer.correct,
                        GamePlayer.answered,
                    ).where(GamePlayer.game_id == game_id)
                )
            ).all()
            teams = (
                await session.execute(
                    select(GameTeam.team, GameTeam.score, GameTeam.rank, GameTeam.members).where(
                        GameTeam.game_id == game_id
                    )
                )
            ).all()
            questions = (
                await session.execute(
                    select(
                        GameQuestion.index,
                        GameQuestion.kind,
                        GameQuestion.prompt,
                        GameQuestion.answered,
                        GameQuestion.correct,
                        GameQuestion.distribution,
                    ).where(GameQuestion.game_id == game_id)
                )
            ).all()
        # Sorted here rather than in SQL, so that every backend's collation gives one order.
        return {
            "game": {
                "id": game.id,
                "pin": game.pin,
                "quiz_id": game.quiz_id,
                "title": game.title,
                "started_at": opt_ms(game.started_at),
                "finished_at": opt_ms(game.finished_at),
                "settings": game.settings,
            },
            "players": [
                {
                    "player_id": p.player_id,
                    "nickname": p.nickname,
                    "team": p.team,
                    "score": p.score,
                    "rank": p.rank,
                    "correct": p.correct,
                    "answered": p.answered,
                }
                for p in sorted(players, key=lambda p: (p.rank, p.nickname, p.player_id))
            ],
            "teams": [
                {"team": t.team, "score": t.score, "rank": t.rank, "members": t.members}
                for t in sorted(teams, key=lambda t: (t.rank, nickname_key(t.team), t.team))
            ],
            "questions": [
                {
                    "index": index,
                    "kind": kind,
                    "prompt": prompt,
                    "answered": answered,
                    "correct": correct,
                    "distribution": distribution,
                }
                # Row.index is tuple.index, hence the unpacking.
                for index, kind, prompt, answered, correct, distribution in sorted(
                    questions, key=lambda q: q[0]
                )
            ],
        }
