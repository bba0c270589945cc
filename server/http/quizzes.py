"""``/api/quizzes``: the workspace's library, validated by the engine's quiz parser, and
``/api/questions``: the question bank over it.

A quiz is a draft (only its author sees it) or shared (every host of the workspace sees and
edits it); the repository decides who sees what (`server.db.scope.quiz_visible`). Its author
or an admin may change the visibility or delete it (the repository raises `Forbidden`, which
answers ``403 forbidden``).
"""

from __future__ import annotations

from typing import Any

from quart import Blueprint, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring, document_request

from games.errors import InvalidInput
from games.limits import MAX_TAG
from games.quiz import parse_authored_quiz, parse_tags
from server.context import get_context
from server.db.models import SHARED, VISIBILITIES
from server.db.quizzes import quiz_document
from server.http.api_models import CopyQuestion, LibraryQuery, Quiz
from server.http.common import ApiError, current_scope, invalid, json_body, require_host
from server.http.leaderboards import int_arg
from server.http.openapi import api

quizzes_bp = Blueprint("quizzes", __name__, url_prefix="/api/quizzes")
questions_bp = Blueprint("questions", __name__, url_prefix="/api/questions")

#: The longest search query (characters).
MAX_QUERY = 200
#: The most quizzes or questions one page lists.
MAX_PAGE = 200
_FORBIDDEN = {403: "the caller is neither the quiz's author nor an admin"}


def _not_found(quiz_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no quiz {quiz_id!r}")


def _visibility(body: dict[str, Any]) -> str | None:
    value = body.get("visibility")
    if value is None:
        return None
    if value not in VISIBILITIES:
        raise invalid("visibility", 'visibility must be "draft" or "shared"')
    return str(value)


async def _normalised_body() -> tuple[dict[str, Any], str | None]:
    """The request's quiz document, normalised, and the visibility it asks for (None: as it
    is); ``422 invalid`` naming the field otherwise.

    The keys the server adds (``id``, ``author``, ``updated_ms``…) are ignored, so a quiz
    read with GET can be sent back with PUT as it is. The authoring limits apply
    (`games.quiz.parse_authored_quiz`): a quiz stored with longer texts loads, but is saved
    again only once they are shortened.
    """
    body = await json_body()
    visibility = _visibility(body)
    return parse_authored_quiz(quiz_document(body)).to_doc(), visibility


def _search_args(default_limit: int) -> tuple[str, str | None, int, int]:
    """``q`` (at most `MAX_QUERY` characters), ``tag`` (normalised like a quiz's tags),
    ``offset`` and ``limit`` from the query string."""
    query = request.args.get("q", "")
    if len(query) > MAX_QUERY:
        raise invalid("q", f"q must be at most {MAX_QUERY} characters")
    raw_tag = request.args.get("tag", "").strip()
    tag: str | None = None
    if raw_tag:
        try:
            (tag,) = parse_tags([raw_tag], "tag")
        except InvalidInput:
            raise invalid("tag", f"tag must be at most {MAX_TAG} characters") from None
    offset = int_arg("offset", 0, 0, 10**9)
    return query, tag, offset, int_arg("limit", default_limit, 1, MAX_PAGE)


@quizzes_bp.post("")
@api("Create a quiz (shared unless visibility is draft)", ok=201)
@document_request(Quiz)
@require_host
async def create_quiz() -> ResponseReturnValue:
    document, visibility = await _normalised_body()
    quizzes = get_context().db.quizzes
    return await quizzes.create(current_scope(), document, visibility=visibility or SHARED), 201


@quizzes_bp.get("")
@api(
    "The library: the workspace's shared quizzes and the caller's drafts",
    description="Without q, the most recently changed first; with q, ranked by a full-text "
    "search of titles, descriptions, questions, answers and tags (the last word matches as a "
    "prefix). total counts every match.",
)
@document_querystring(LibraryQuery)
@require_host
async def list_quizzes() -> ResponseReturnValue:
    query, tag, offset, limit = _search_args(MAX_PAGE)
    page = await get_context().db.quizzes.search(
        current_scope(), query, tag=tag, offset=offset, limit=limit
    )
    return {"quizzes": page.items, "total": page.total}


@quizzes_bp.get("/<quiz_id>")
@api("One quiz")
@require_host
async def get_quiz(quiz_id: str) -> ResponseReturnValue:
    quiz = await get_context().db.quizzes.get(current_scope(), quiz_id)
    if quiz is None:
        raise _not_found(quiz_id)
    return quiz


@quizzes_bp.put("/<quiz_id>")
@api("Replace a quiz (and change its visibility)", errors=_FORBIDDEN)
@document_request(Quiz)
@require_host
async def update_quiz(quiz_id: str) -> ResponseReturnValue:
    document, visibility = await _normalised_body()
    quiz = await get_context().db.quizzes.update(
        current_scope(), quiz_id, document, visibility=visibility
    )
    if quiz is None:
        raise _not_found(quiz_id)
    return quiz


@quizzes_bp.post("/<quiz_id>/questions")
@api(
    "Copy a question of another quiz into this one (appended)",
    ok=201,
    description="Both quizzes must be visible to the caller; the quiz's limits apply.",
)
@document_request(CopyQuestion)
@require_host
async def copy_question(quiz_id: str) -> ResponseReturnValue:
    body = await json_body()
    from_quiz = body.get("from_quiz")
    if not isinstance(from_quiz, str) or not 0 < len(from_quiz) <= 64:
        raise invalid("from_quiz", "from_quiz must be a quiz id")
    index = body.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < 1000:
        raise invalid("index", "index must be a whole number from 0 to 999")
    quizzes = get_context().db.quizzes
    quiz = await quizzes.copy_question(current_scope(), quiz_id, from_quiz, index)
    if quiz is None:
        raise ApiError(404, "not_found", "no such quiz or question")
    return quiz, 201


@quizzes_bp.delete("/<quiz_id>")
@api("Delete a quiz", ok=204, errors=_FORBIDDEN)
@require_host
async def delete_quiz(quiz_id: str) -> ResponseReturnValue:
    if not await get_context().db.quizzes.delete(current_scope(), quiz_id):
        raise _not_found(quiz_id)
    return "", 204


@questions_bp.get("")
@api(
    "The question bank: questions of the library's quizzes",
    description="Ranked by a full-text search of prompts, answers and the quiz's tags; each "
    "hit carries its question document (copy it with POST /api/quizzes/{id}/questions).",
)
@document_querystring(LibraryQuery)
@require_host
async def find_questions() -> ResponseReturnValue:
    query, tag, offset, limit = _search_args(20)
    page = await get_context().db.quizzes.questions(
        current_scope(), query, tag=tag, offset=offset, limit=limit
    )
    return {"questions": page.items, "total": page.total}
