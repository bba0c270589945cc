"""``/api/drives`` (question drives: a host's call for questions with a deadline and a limit per
member) and ``/api/workspaces/{workspace_id}/reviewers`` (the members an admin names
reviewers of contributions); issue 16, docs/protocol.md "Member content"."""

from __future__ import annotations

from datetime import timedelta

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from server.context import get_context
from server.db.contribution_review import MAX_REVIEWERS
from server.db.errors import NotFound
from server.db.times import now
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    current_scope,
    field_str,
    invalid,
    json_body,
    on_path_row,
    only,
    require_admin,
    require_host,
    require_member,
)
from server.http.contribution_api import NewDrive, ReviewerList
from server.http.contribution_input import check_texts
from server.http.leaderboards import parse_instant
from server.http.openapi import api

drives_bp = Blueprint("drives", __name__, url_prefix="/api")

MAX_DRIVE_TITLE = 120
MAX_DRIVE_BRIEF = 1000
#: How far ahead a drive's deadline may be.
MAX_DRIVE_DAYS = 365


@drives_bp.post("/drives")
@api("Open a question drive (host+)", ok=201)
@document_request(NewDrive)
@require_host
async def create_drive() -> ResponseReturnValue:
    body = await json_body()
    only(body, ("title", "brief", "event_id", "deadline", "per_member_limit"))
    title = field_str(body, "title", max_len=MAX_DRIVE_TITLE)
    brief = None
    if isinstance(body.get("brief"), str) and body["brief"].strip():
        brief = field_str(body, "brief", max_len=MAX_DRIVE_BRIEF, allow_control=True)
    elif body.get("brief") is not None and not isinstance(body.get("brief"), str):
        raise invalid("brief", "brief must be a string")
    check_texts([("title", title)] + ([("brief", brief)] if brief else []))
    event_id = body.get("event_id")
    if event_id is not None and (
        not isinstance(event_id, str) or not 1 <= len(event_id) <= MAX_URL_ID
    ):
        raise invalid("event_id", "event_id must be an event's id")
    if body.get("deadline") is None:
        raise invalid("deadline", "deadline is required")
    deadline = parse_instant(body["deadline"], "deadline")
    # The repository's clock: a drive is open while its deadline is after `now()` there.
    at = now()
    if not at < deadline <= at + timedelta(days=MAX_DRIVE_DAYS):
        raise invalid("deadline", f"deadline must be in the next {MAX_DRIVE_DAYS} days")
    limit = body.get("per_member_limit")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50:
        raise invalid("per_member_limit", "per_member_limit must be a whole number from 1 to 50")
    try:
        drive = await get_context().db.drives.create(
            current_scope(),
            title=title,
            brief=brief,
            event_id=event_id,
            deadline=deadline,
            per_member_limit=limit,
        )
    except NotFound:
        raise invalid("event_id", "event_id is not an event of this workspace") from None
    return drive, 201


@drives_bp.get("/drives")
@api("The workspace's question drives (members: the open ones)")
@require_member
async def list_drives() -> ResponseReturnValue:
    return {"drives": await get_context().db.drives.list_all(current_scope())}


@drives_bp.get("/drives/<drive_id>")
@api("One drive with its counts and the caller's submitted and remaining")
@require_member
async def get_drive(drive_id: str) -> ResponseReturnValue:
    return await on_path_row("question drive", drive_id, get_context().db.drives.get)


@drives_bp.post("/drives/<drive_id>/close")
@api("Close a question drive now (host+)")
@require_host
async def close_drive(drive_id: str) -> ResponseReturnValue:
    return await on_path_row("question drive", drive_id, get_context().db.drives.close)


@drives_bp.get("/workspaces/<workspace_id>/reviewers")
@api("The members named reviewers of contributions (admin+)")
@require_admin
async def get_reviewers(workspace_id: str) -> ResponseReturnValue:
    return {"reviewers": await get_context().db.reviews.reviewers(current_scope())}


@drives_bp.put("/workspaces/<workspace_id>/reviewers")
@api("Name the reviewers of contributions (admin+; 422 not_member)")
@document_request(ReviewerList)
@require_admin
async def set_reviewers(workspace_id: str) -> ResponseReturnValue:
    body = await json_body()
    only(body, ("account_ids",))
    raw = body.get("account_ids")
    if not isinstance(raw, list) or len(raw) > MAX_REVIEWERS:
        raise invalid("account_ids", f"account_ids must be a list of at most {MAX_REVIEWERS} ids")
    for value in raw:
        if not isinstance(value, str) or not 1 <= len(value) <= MAX_URL_ID:
            raise invalid("account_ids", "account_ids must be ids of members of the workspace")
    try:
        reviewers = await get_context().db.reviews.set_reviewers(current_scope(), raw)
    except NotFound as err:
        raise ApiError(
            422, "not_member", f"not a member of the workspace: {err.args[0]}", field="account_ids"
        ) from None
    return {"reviewers": reviewers}
