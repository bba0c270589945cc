"""A quiz's statistics across every finished game of it that the caller's scope owns.

The figures are computed by the database: one grouped query over the games, one over their
players, and one over the questions by their stable id (`GameQuestion.question_id`, joined to
the answers' times). A question was asked in a game when the game reached it: it or a later
question got an answer. Python only matches them to the quiz's current questions and orders those
hardest first (`server.db.reports.hardest_first`). A question's figures follow its id across
edits of the quiz; games played before questions had ids count in the summary, not per question.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select

from games.kinds.registry import UNSCORED_KINDS
from server.db.base import Repo
from server.db.errors import NotFound
from server.db.models import Game, GameAnswer, GamePlayer, GameQuestion, Quiz
from server.db.reports import hardest_first, percent
from server.db.scope import Scope, load_owned


def _avg(value: Any, digits: int = 0) -> float | int | None:
    if value is None:
        return None
    return round(float(value)) if digits == 0 else round(float(value), digits)


class QuizStatsRepo(Repo):
    """`GET /api/quizzes/{id}/stats`: the figures of one quiz of the scope."""

    async def stats(self, scope: Scope, quiz_id: str) -> dict[str, Any]:
        """The quiz's figures: its games, players, average score and accuracy, and each of
        its current questions (hardest first) with how often it was asked and answered, the
        share of right answers and the average answer time.

        Raises `NotFound` when the scope has no such quiz.
        """
        async with self._sessions() as session:
            quiz = await load_owned(session, scope, Quiz, quiz_id)
            if quiz is None:
                raise NotFound(quiz_id)
            played = (
                select(Game.id)
                .where(scope.owns(Game), Game.quiz_id == quiz_id, Game.results_at.is_not(None))
                .scalar_subquery()
            )
            games, players = (
                await session.execute(
                    select(func.count(Game.id), func.coalesce(func.sum(Game.players), 0)).where(
                        Game.id.in_(played)
                    )
                )
            ).one()
            average_score = await session.scalar(
                select(func.avg(GamePlayer.score)).where(GamePlayer.game_id.in_(played))
            )
            scored = GameQuestion.kind.not_in(sorted(UNSCORED_KINDS))
            right, given = (
                await session.execute(
                    select(
                        func.coalesce(func.sum(case((scored, GameQuestion.correct), else_=0)), 0),
                        func.coalesce(func.sum(case((scored, GameQuestion.answered), else_=0)), 0),
                    ).where(GameQuestion.game_id.in_(played))
                )
            ).one()
            timing = (
                select(
                    GameQuestion.question_id.label("question_id"),
                    func.avg(GameAnswer.elapsed_ms).label("avg_ms"),
                )
                .join(
                    GameAnswer,
                    (GameAnswer.game_id == GameQuestion.game_id)
                    & (GameAnswer.question_index == GameQuestion.index),
                )
                .where(GameQuestion.game_id.in_(played), GameQuestion.question_id.is_not(None))
                .group_by(GameQuestion.question_id)
                .subquery()
            )
            # A game reached a question when it or a later one got an answer (a game ended
            # early lists its later questions too, unanswered).
            reached = (
                select(
                    GameAnswer.game_id.label("game_id"),
                    func.max(GameAnswer.question_index).label("last"),
                )
                .where(GameAnswer.game_id.in_(played))
                .group_by(GameAnswer.game_id)
                .subquery()
            )
            reached_it = case((GameQuestion.index <= reached.c.last, 1), else_=0)
            tallies = await session.execute(
                select(
                    GameQuestion.question_id,
                    func.sum(reached_it),
                    func.sum(GameQuestion.answered),
                    func.sum(GameQuestion.correct),
                    func.max(timing.c.avg_ms),
                )
                .outerjoin(timing, timing.c.question_id == GameQuestion.question_id)
                .outerjoin(reached, reached.c.game_id == GameQuestion.game_id)
                .where(GameQuestion.game_id.in_(played), GameQuestion.question_id.is_not(None))
                .group_by(GameQuestion.question_id)
            )
            by_id = {row[0]: row[1:] for row in tallies}
        questions = []
        for index, question in enumerate(quiz.document.get("questions") or ()):
            qid = question.get("id")
            asked, answered, correct, avg_ms = by_id.get(qid, (0, 0, 0, None))
            scored_kind = question.get("kind") not in UNSCORED_KINDS
            questions.append(
                {
                    "id": qid,
                    "index": index,
                    "kind": question.get("kind"),
                    "prompt": question.get("prompt"),
                    "asked": int(asked or 0),
                    "answered": int(answered or 0),
                    "correct": int(correct or 0) if scored_kind else None,
                    "percent_correct": percent(int(correct or 0), int(answered or 0))
                    if scored_kind
                    else None,
                    "average_time_ms": _avg(avg_ms),
                }
            )
        return {
            "quiz": {"id": quiz.id, "title": quiz.title, "version": quiz.version},
            "games": int(games or 0),
            "players": int(players or 0),
            "average_score": _avg(average_score, 1),
            "accuracy": percent(int(right), int(given)),
            "questions": hardest_first(questions),
        }
