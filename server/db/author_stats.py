"""What became of members' approved questions: each one's figures over the games that played it
(`games.item_stats`: % correct, average time, discrimination index), the author's milestones
(`server.db.author_milestones`), and the two ways a host takes approved questions into a quiz
(one into an existing quiz; the top-voted ones into a new "community round").

Stats are read from the results (``game_questions.contribution_id``, filled when results are
written) of the contribution's own workspace only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from games.item_stats import ItemAnswer, item_stats, standing_in_game
from games.limits import MAX_TITLE
from games.quiz import MAX_QUESTIONS, parse_authored_quiz
from server.db.author_milestones import milestones_of
from server.db.base import Repo
from server.db.contribution_models import APPROVED, Contribution, QuestionDrive
from server.db.contributions import may_review
from server.db.errors import NotFound
from server.db.models import SHARED, Game, GameAnswer, GamePlayer, GameQuestion, Quiz
from server.db.quizzes import QuizRepo
from server.db.scope import Role, Scope, load_owned

#: A community round holds at most this many questions.
MAX_ROUND = 30
ROUND_PREFIX = "Community round"


def _prompt(row: Contribution) -> str:
    prompt = row.document.get("prompt") if isinstance(row.document, dict) else None
    return prompt if isinstance(prompt, str) else ""


async def contribution_stats(
    session: AsyncSession, workspace_id: str, rows: Sequence[Contribution]
) -> list[dict[str, Any]]:
    """The figures of each of `rows` (contributions of the workspace), in their order."""
    ids = [r.id for r in rows]
    per_game: dict[str, list[tuple[int, int]]] = defaultdict(list)
    answers: dict[str, list[ItemAnswer]] = defaultdict(list)
    if ids:
        played = await session.execute(
            select(GameQuestion.contribution_id, GameQuestion.answered, GameQuestion.correct)
            .join(Game, Game.id == GameQuestion.game_id)
            .where(GameQuestion.contribution_id.in_(ids), Game.workspace_id == workspace_id)
        )
        for cid, answered, correct in played:
            per_game[str(cid)].append((answered, correct))
        given = await session.execute(
            select(
                GameQuestion.contribution_id,
                GameAnswer.correct,
                GameAnswer.elapsed_ms,
                GamePlayer.rank,
                Game.players,
            )
            .join(Game, Game.id == GameQuestion.game_id)
            .join(
                GameAnswer,
                (GameAnswer.game_id == GameQuestion.game_id)
                & (GameAnswer.question_index == GameQuestion.index),
            )
            .join(
                GamePlayer,
                (GamePlayer.game_id == GameAnswer.game_id)
                & (GamePlayer.player_id == GameAnswer.player_id),
            )
            .where(GameQuestion.contribution_id.in_(ids), Game.workspace_id == workspace_id)
            .order_by(GameAnswer.game_id, GameAnswer.player_id)
        )
        for cid, correct, elapsed, rank, players in given:
            standing = standing_in_game(rank, players or 1)
            answers[str(cid)].append(ItemAnswer(standing, bool(correct), elapsed))
    out: list[dict[str, Any]] = []
    for row in rows:
        games = per_game.get(row.id, [])
        shares = [100.0 * c / a for a, c in games if a]
        out.append(
            {
                "contribution_id": row.id,
                "prompt": _prompt(row),
                "games": len(games),
                **item_stats(answers.get(row.id, [])).to_doc(),
                "hardest_game_correct_pct": round(min(shares), 1) if shares else None,
            }
        )
    return out


class NoQuestions(Exception):
    """A community round found no approved question to take."""


def _credited(row: Contribution) -> dict[str, Any]:
    """The contribution's question document as a quiz takes it: a new question of that quiz
    (no id: the quiz gives one), credited to its author."""
    doc = {k: v for k, v in row.document.items() if k not in ("id", "credit")}
    if row.credit_name:
        doc["credit"] = {
            "contribution_id": row.id,
            "name": row.credit_name,
            "team": row.credit_team,
        }
    return doc


def _playable(scope: Scope) -> Any:
    return (
        (Contribution.workspace_id == scope.workspace_id)
        & (Contribution.kind == "question")
        & (Contribution.status == APPROVED)
        & Contribution.hidden_at.is_(None)
    )


class AuthorStatsRepo(Repo):
    """Authors' stats and milestones; approved questions into quizzes."""

    async def for_contribution(self, scope: Scope, contribution_id: str) -> dict[str, Any]:
        """One contribution's figures and its author's milestones, for its author or a
        reviewer; `NotFound` for anyone else (as for a missing one)."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Contribution, contribution_id)
            if row is None or (
                row.author_id != scope.account_id and not await may_review(session, scope)
            ):
                raise NotFound(contribution_id)
            stats = await contribution_stats(session, scope.workspace_id, [row])
            badges = (
                []
                if row.author_id is None
                else await milestones_of(session, scope.workspace_id, row.author_id)
            )
        return {"contributions": stats, "milestones": badges}

    async def mine(self, scope: Scope) -> dict[str, Any]:
        """The caller's question contributions in the workspace (newest first) with their
        figures, and the caller's milestones."""
        async with self._sessions() as session:
            rows = list(
                await session.scalars(
                    select(Contribution)
                    .where(
                        Contribution.workspace_id == scope.workspace_id,
                        Contribution.author_id == scope.account_id,
                        Contribution.kind == "question",
                    )
                    .order_by(Contribution.created_at.desc(), Contribution.id)
                )
            )
            stats = await contribution_stats(session, scope.workspace_id, rows)
            badges = await milestones_of(session, scope.workspace_id, scope.account_id)
        return {"contributions": stats, "milestones": badges}

    async def add_to_quiz(self, scope: Scope, contribution_id: str, quiz_id: str) -> dict[str, Any]:
        """Append an approved, shown question contribution, credited, to a quiz the scope
        sees. `NotFound` ``"contribution"`` or ``"quiz"`` for what is missing;
        `games.errors.InvalidInput` when the quiz is full or the question breaks the authoring
        limits; `Forbidden` below host."""
        scope.require(Role.HOST)
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(Contribution).where(_playable(scope), Contribution.id == contribution_id)
            )
            if row is None:
                raise NotFound("contribution")
            quiz = await load_owned(session, scope, Quiz, quiz_id, for_update=True)
            if quiz is None:
                raise NotFound("quiz")
            questions = [*quiz.document.get("questions", []), _credited(row)]
            document = parse_authored_quiz({**quiz.document, "questions": questions}).to_doc()
            await QuizRepo.write_document(session, scope, quiz, document)
            added = quiz.document["questions"][-1]
        return {"quiz_id": quiz.id, "question_id": added["id"], "version": quiz.version}

    async def community_round(
        self, scope: Scope, *, drive_id: str | None, tag: str | None, count: int
    ) -> dict[str, Any]:
        """A new shared quiz "Community round: <drive title | #tag>" of the `count` top-voted
        approved, shown question contributions (of the drive, or carrying the tag; ties: newest
        first), each credited; returns it as `QuizRepo.get` does. `NotFound` for a drive that
        is not the workspace's, `NoQuestions` when there are none; `Forbidden` below host."""
        scope.require(Role.HOST)
        async with self._sessions() as session:
            query = select(Contribution).where(_playable(scope))
            title = ROUND_PREFIX
            if drive_id is not None:
                drive = await load_owned(session, scope, QuestionDrive, drive_id)
                if drive is None:
                    raise NotFound(drive_id)
                query = query.where(Contribution.drive_id == drive.id)
                title = f"{ROUND_PREFIX}: {drive.title}"
            elif tag is not None:
                title = f"{ROUND_PREFIX}: #{tag}"
            rows = [
                r
                for r in await session.scalars(
                    query.order_by(
                        Contribution.votes.desc(),
                        Contribution.created_at.desc(),
                        Contribution.id,
                    )
                )
                if tag is None or tag in (r.tags or [])
            ][: min(count, MAX_ROUND, MAX_QUESTIONS)]
        if not rows:
            raise NoQuestions()
        document = parse_authored_quiz(
            {"title": title[:MAX_TITLE], "questions": [_credited(r) for r in rows]}
        ).to_doc()
        return await QuizRepo(self._sessions).create(scope, document, visibility=SHARED)
