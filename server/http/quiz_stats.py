"""A quiz's statistics across the games that played it, and its copies.

- ``GET /api/quizzes/{id}/stats``: games, players, average score and accuracy, and each of the
  quiz's questions (hardest first) with how often it was asked and answered, the share of right
  answers and the average answer time (`server.db.quiz_stats`);
- ``GET /api/quizzes/{id}/stats.csv``: the questions as a CSV download (formula-safe, as every
  report: `server.reports.tables.to_csv`);
- ``POST /api/quizzes/{id}/duplicate``: a copy of the quiz (`server.db.quizzes.QuizRepo.duplicate`).
"""

from __future__ import annotations

from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue

from server.context import get_context
from server.db.errors import NotFound
from server.http.common import ApiError, current_scope, require_host
from server.http.openapi import api
from server.http.reports import download, filename
from server.reports.tables import CSV_TYPE, quiz_stats_table, to_csv

quiz_stats_bp = Blueprint("quiz_stats", __name__, url_prefix="/api/quizzes")


def _not_found(quiz_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no quiz {quiz_id!r}")


async def _stats(quiz_id: str) -> dict[str, Any]:
    try:
        return await get_context().db.quiz_stats.stats(current_scope(), quiz_id)
    except NotFound:
        raise _not_found(quiz_id) from None


@quiz_stats_bp.get("/<quiz_id>/stats")
@api(
    "A quiz's statistics",
    description="Across every finished game of the quiz: games, players, average score, "
    "accuracy (% of answers to scored questions that were right) and, hardest first, each "
    "question's times asked, answers, % correct and average answer time.",
)
@require_host
async def quiz_stats(quiz_id: str) -> ResponseReturnValue:
    return await _stats(quiz_id)


@quiz_stats_bp.get("/<quiz_id>/stats.csv")
@api("A quiz's question statistics as CSV", produces="text/csv")
@require_host
async def quiz_stats_csv(quiz_id: str) -> ResponseReturnValue:
    stats = await _stats(quiz_id)
    name = filename(stats["quiz"]["title"], "csv", quiz_id, "stats")
    return download(to_csv(quiz_stats_table(stats)), CSV_TYPE, name)


@quiz_stats_bp.post("/<quiz_id>/duplicate")
@api("Duplicate a quiz", ok=201, description="The copy's title ends with ' (copy)'; its "
     "questions get fresh ids; the caller's account is its author.")  # fmt: skip
@require_host
async def duplicate_quiz(quiz_id: str) -> ResponseReturnValue:
    copy = await get_context().db.quizzes.duplicate(current_scope(), quiz_id)
    if copy is None:
        raise _not_found(quiz_id)
    return copy, 201
