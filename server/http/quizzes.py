"""``/api/quizzes``: a host's own quizzes, validated by the engine's quiz parser."""

from __future__ import annotations

from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from games.quiz import parse_authored_quiz
from server.context import get_context
from server.db.quizzes import quiz_document
from server.http.api_models import Quiz
from server.http.common import ApiError, current_scope, json_body, require_host
from server.http.openapi import api

quizzes_bp = Blueprint("quizzes", __name__, url_prefix="/api/quizzes")


def _not_found(quiz_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no quiz {quiz_id!r}")


async def _normalised_body() -> dict[str, Any]:
    """The request's quiz document, normalised; ``422 invalid`` naming the field otherwise.

    The keys the server adds (``id``, ``created_ms``, ``updated_ms``) are ignored, so a quiz
    read with GET can be sent back with PUT as it is. The authoring limits apply
    (`games.quiz.parse_authored_quiz`): a quiz stored with longer texts loads, but is saved
    again only once they are shortened.
    """
    return parse_authored_quiz(quiz_document(await json_body())).to_doc()


@quizzes_bp.post("")
@api("Create a quiz", ok=201)
@document_request(Quiz)
@require_host
async def create_quiz() -> ResponseReturnValue:
    document = await _normalised_body()
    return await get_context().db.quizzes.create(current_scope(), document), 201


@quizzes_bp.get("")
@api("The host's quizzes")
@require_host
async def list_quizzes() -> ResponseReturnValue:
    return {"quizzes": await get_context().db.quizzes.list_all(current_scope())}


@quizzes_bp.get("/<quiz_id>")
@api("One quiz")
@require_host
async def get_quiz(quiz_id: str) -> ResponseReturnValue:
    quiz = await get_context().db.quizzes.get(current_scope(), quiz_id)
    if quiz is None:
        raise _not_found(quiz_id)
    return quiz


@quizzes_bp.put("/<quiz_id>")
@api("Replace a quiz")
@document_request(Quiz)
@require_host
async def update_quiz(quiz_id: str) -> ResponseReturnValue:
    document = await _normalised_body()
    quiz = await get_context().db.quizzes.update(current_scope(), quiz_id, document)
    if quiz is None:
        raise _not_found(quiz_id)
    return quiz


@quizzes_bp.delete("/<quiz_id>")
@api("Delete a quiz", ok=204)
@require_host
async def delete_quiz(quiz_id: str) -> ResponseReturnValue:
    if not await get_context().db.quizzes.delete(current_scope(), quiz_id):
        raise _not_found(quiz_id)
    return "", 204
