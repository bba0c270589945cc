"""One finished run of a challenge into SQL: appended to the challenge's ``games`` row.

A run is one person's one attempt (`server.db.records.RunResults`). It adds a ``game_players``
row whose ``player_id`` is the run's id, its ``game_answers``, this run's share of every
question's tally in ``game_questions``, and updates the game's ``players``, ``started_at``,
``finished_at`` and ``results_at``; so the lasting leaderboards, a person's history, the
game's report and its export count runs with their usual queries. The player is linked to
their identity and earns milestones in the same transaction, with the same functions a live
game's results use (`server.db.identities`, `server.db.result_rows`).

A run's ``rank`` is its place among the runs written so far (the standings rank runs anew at
every read, `ChallengeRepo.standings`), and it never counts as a win: a challenge has no
single moment at which someone won it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from games.errors import RuleViolation
from games.milestones import Milestone
from games.quiz import Quiz, parse_quiz
from server.db.author_milestones import award_after_results
from server.db.challenge_models import Challenge
from server.db.errors import NotFound
from server.db.identities import award_milestones, resolve_identities
from server.db.models import Game, GameAnswer, GamePlayer, GameQuestion
from server.db.records import AnswerRecord, QuestionResult, RunResults
from server.db.result_rows import (
    answer_rows,
    contribution_ids,
    insert_rows,
    player_row,
    question_ids,
    unique,
)
from server.db.results import team_ids
from server.db.scope import owner_scope
from server.db.streaks import daily_awards
from server.db.times import ms_to_datetime, now

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SavedRun:
    """What `write_run` wrote: the run (`run_id`) of the player the phone knows as
    `player_id` in challenge `challenge_id` (kind `kind`) of game `game_id`, and the milestones
    it earned (keyed by `player_id`, as the node bus announces them)."""

    challenge_id: str
    game_id: str
    workspace_id: str
    kind: str
    player_id: str
    run_id: str
    identity_id: str | None
    awards: dict[str, list[Milestone]]


def _snapshot(game: Game) -> Quiz:
    try:
        return parse_quiz(game.quiz)
    except RuleViolation as err:  # written by the server from a valid quiz: never, in practice
        raise ValueError(f"game {game.id} has no valid quiz snapshot: {err.message}") from None


def run_tallies(quiz: Quiz, answers: list[AnswerRecord]) -> list[QuestionResult]:
    """This run's share of every question's tally (zero for the questions it did not answer)."""
    given = {a.question: a for a in answers}
    out: list[QuestionResult] = []
    for i, q in enumerate(quiz.questions):
        a = given.get(i)
        out.append(
            QuestionResult(
                index=i,
                kind=q.kind,
                prompt=q.prompt,
                answered=0 if a is None else 1,
                correct=int(a is not None and a.correct),
                distribution=q.distribution([] if a is None else [a.answer]),
            )
        )
    return out


async def _add_tallies(session: AsyncSession, game: Game, tallies: list[QuestionResult]) -> None:
    """Add this run's tallies to the game's ``game_questions`` rows (created by the first run)."""
    rows = {
        row.index: row
        for row in await session.scalars(
            select(GameQuestion).where(GameQuestion.game_id == game.id)
        )
    }
    ids = question_ids(game.quiz)
    credited = contribution_ids(game.quiz)
    fresh: list[dict[str, Any]] = []
    for t in tallies:
        row = rows.get(t.index)
        if row is None:
            fresh.append(
                {
                    "game_id": game.id, "index": t.index, "kind": t.kind, "prompt": t.prompt,
                    "answered": t.answered, "correct": t.correct,
                    "distribution": t.distribution, "question_id": ids.get(t.index),
                    "contribution_id": credited.get(t.index),
                }
            )  # fmt: skip
        elif t.answered:
            row.answered += t.answered
            row.correct += t.correct
            merged = dict(row.distribution)
            for key, count in t.distribution.items():
                merged[key] = merged.get(key, 0) + count
            row.distribution = merged  # a new dict: the JSON column sees the change
    await insert_rows(session, GameQuestion, fresh)


async def _write(session: AsyncSession, run: RunResults) -> SavedRun | None:
    gid, p = run.game_id, run.player
    at = now()
    started, finished = ms_to_datetime(run.started_ms), ms_to_datetime(run.finished_ms)
    # A write first: it takes the game's row lock (PostgreSQL) or the write lock (SQLite), so
    # two runs of one challenge add to the tallies one after the other.
    claimed = await session.execute(
        update(Game)
        .where(Game.id == gid)
        .values(results_at=func.coalesce(Game.results_at, at))
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], claimed).rowcount != 1:
        raise NotFound(gid)
    challenge = await session.scalar(
        select(Challenge).where(Challenge.game_id == gid, Challenge.id == run.challenge_id)
    )
    game = await session.get(Game, gid)
    if challenge is None or game is None:
        raise NotFound(run.challenge_id)
    written = await session.scalar(
        select(GamePlayer.player_id).where(
            GamePlayer.game_id == gid, GamePlayer.player_id == p.player_id
        )
    )
    if written is not None:
        return None
    scope = owner_scope(game)
    identity_of = await resolve_identities(session, scope, [p], at)
    better = await session.scalar(
        select(func.count()).where(GamePlayer.game_id == gid, GamePlayer.score > p.score)
    )
    team_id = run.team_id or (None if p.team is None else team_ids(game.settings).get(p.team))
    await insert_rows(
        session,
        GamePlayer,
        [
            player_row(
                gid, p, scope, finished_at=finished, identity_id=identity_of.get(p.player_id),
                won=False, team_id=team_id, rank=int(better or 0) + 1,
            )
        ],
    )  # fmt: skip
    quiz = _snapshot(game)
    answers = [
        a
        for a in unique(run.answers, lambda a: a.question)
        if 0 <= a.question < len(quiz.questions)
    ]
    # Every answer is the run's, whatever player id the record gave it.
    answers = [replace(a, player_id=p.player_id) for a in answers]
    await insert_rows(session, GameAnswer, answer_rows(gid, answers))
    tallies = run_tallies(quiz, answers)
    await _add_tallies(session, game, tallies)
    game.players = (game.players or 0) + 1
    game.started_at = started if game.started_at is None else min(game.started_at, started)
    game.finished_at = finished if game.finished_at is None else max(game.finished_at, finished)
    awards = await award_milestones(session, gid, [p], answers, tallies, identity_of, at, run=True)
    if contribution_ids(game.quiz):  # a game of no member's question has no author to award
        await award_after_results(session, gid)
    # A daily challenge's run may extend its player's day streak (streak_5, _20, _100).
    streaks = await daily_awards(session, challenge, identity_of, at)
    earned = [*awards.get(p.player_id, []), *streaks.get(p.player_id, [])]
    return SavedRun(
        challenge_id=challenge.id,
        game_id=gid,
        workspace_id=game.workspace_id,
        kind=challenge.kind,
        player_id=run.player_id,
        run_id=p.player_id,
        identity_id=identity_of.get(p.player_id),
        awards={run.player_id: earned} if earned else {},
    )


async def write_run(sessions: async_sessionmaker[AsyncSession], run: RunResults) -> SavedRun | None:
    """Write one finished run in one transaction; None when it was written already (by an
    earlier or a concurrent call: idempotent by the run's id), else what was written.

    Raises `NotFound` when the challenge or its game is gone (deleted while the run was
    played): the outbox sets such an entry aside. Answers to questions the quiz does not have,
    and repeated answers to one question, are left out.
    """
    try:
        async with sessions.begin() as session:
            return await _write(session, run)
    except IntegrityError:
        async with sessions() as session:
            written = await session.scalar(
                select(GamePlayer.player_id).where(
                    GamePlayer.game_id == run.game_id,
                    GamePlayer.player_id == run.player.player_id,
                )
            )
        if written is None:
            raise
        log.warning(
            "run %s of game %s was written concurrently", run.player.player_id, run.game_id,
            extra={"game_id": run.game_id},
        )  # fmt: skip
        return None
