"""Members' approved questions at work (issue 16, docs/protocol.md "Member content"): a host
adds one to a quiz or makes a "community round" of the top-voted ones, each question credited
to its author; authors (and reviewers) read how their questions fared, with the author
milestones.
"""

from __future__ import annotations

from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from games.limits import MAX_TAG
from server.context import get_context
from server.db.author_stats import MAX_ROUND, NoQuestions
from server.db.errors import NotFound
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    check_path_id,
    current_scope,
    field_str,
    invalid,
    json_body,
    not_found,
    on_path_row,
    only,
    require_host,
    require_member,
)
from server.http.community_api import AddToQuiz, NewCommunityRound
from server.http.openapi import api

community_bp = Blueprint("community", __name__, url_prefix="/api")

DEFAULT_ROUND = 10


def _id_field(body: dict[str, Any], name: str) -> str:
    value = field_str(body, name, max_len=MAX_URL_ID)
    if not value.isprintable():
        raise invalid(name, f"{name} must be an id")
    return value


@community_bp.post("/contributions/<contribution_id>/add-to-quiz")
@api("Append an approved question, credited to its author, to a quiz (hosts)")
@document_request(AddToQuiz)
@require_host
async def add_to_quiz(contribution_id: str) -> ResponseReturnValue:
    check_path_id(contribution_id, "contribution")
    body = await json_body()
    only(body, ("quiz_id",))
    quiz_id = _id_field(body, "quiz_id")
    try:
        return await get_context().db.author_stats.add_to_quiz(
            current_scope(), contribution_id, quiz_id
        )
    except NotFound as err:
        if err.args == ("quiz",):
            # The id came in the body: not repeated (the answer names only the URL's ids).
            raise ApiError(404, "not_found", "no such quiz", field="quiz_id") from None
        raise not_found("contribution", contribution_id) from None


@community_bp.post("/community-rounds")
@api(
    "A new shared quiz of the top-voted approved questions of a drive or tag (hosts; "
    "422 no_questions)",
    ok=201,
)
@document_request(NewCommunityRound)
@require_host
async def community_round() -> ResponseReturnValue:
    body = await json_body()
    only(body, ("drive_id", "tag", "count"))
    drive_id = None if body.get("drive_id") is None else _id_field(body, "drive_id")
    tag = None if body.get("tag") is None else field_str(body, "tag", max_len=MAX_TAG).lower()
    if drive_id is not None and tag is not None:
        raise invalid("tag", "give drive_id or tag, not both")
    count = body.get("count", DEFAULT_ROUND)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ROUND:
        raise invalid("count", f"count must be a whole number from 1 to {MAX_ROUND}")
    try:
        quiz = await get_context().db.author_stats.community_round(
            current_scope(), drive_id=drive_id, tag=tag, count=count
        )
    except NotFound:
        raise ApiError(404, "not_found", "no such question drive", field="drive_id") from None
    except NoQuestions:
        raise ApiError(422, "no_questions", "no approved questions to take yet") from None
    return {"quiz_id": quiz["id"], "title": quiz["title"], "questions": quiz["questions"]}, 201


@community_bp.get("/contributions/<contribution_id>/stats")
@api("How a contribution's question fared in games, and its author's milestones (its author "
     "and reviewers)")  # fmt: skip
@require_member
async def contribution_stats(contribution_id: str) -> ResponseReturnValue:
    stats = get_context().db.author_stats
    return await on_path_row("contribution", contribution_id, stats.for_contribution)


@community_bp.get("/me/contributions/stats")
@api("How the caller's questions fared in games, and the caller's author milestones")
@require_member
async def my_stats() -> ResponseReturnValue:
    return await get_context().db.author_stats.mine(current_scope())
