"""``/api/contributions`` and ``/api/library/community``: members' questions and tip cards,
their review, hiding, reports and upvotes (issue 16, docs/protocol.md "Member content").

Any member submits (at most ``HUDDLE_SUBMIT_PER_HOUR`` an hour), reads their own and edits them
until they are decided; reviewers (`server.db.contributions.may_review`) work the queue; hosts
hide. Nothing unreviewed reaches another member: a contribution that is not approved, or is
hidden, is ``404 not_found`` to everyone but its author and the reviewers.
"""

from __future__ import annotations

from typing import Any

from quart import Blueprint, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring, document_request

from games.limits import MAX_TAG
from server.context import get_context
from server.db.contribution_library import MAX_PAGE, SORTS
from server.db.contribution_review import QUEUE_FILTERS
from server.db.errors import NotFound
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    check_path_id,
    current_scope,
    invalid,
    json_body,
    not_found,
    on_path_row,
    only,
    require_host,
    require_member,
)
from server.http.contribution_api import (
    CommunityQuery,
    EditContribution,
    NewContribution,
    NewReport,
    QueueQuery,
    ReviewDecision,
)
from server.http.contribution_input import (
    KINDS,
    MAX_COMMENT,
    MAX_REASON,
    kind_of,
    optional_comment,
    parse_document,
    parse_tag_list,
    required_text,
    version_of,
)
from server.http.leaderboards import int_arg
from server.http.openapi import api
from server.store.rates import HOUR_WINDOW_MS

contributions_bp = Blueprint("contributions", __name__, url_prefix="/api")


def _ref(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_URL_ID or not value.isprintable():
        raise invalid(name, f"{name} must be an id")
    return value


async def _check_submit_rate(*, count: bool) -> None:
    """``429 rate_limited`` once the account has submitted ``HUDDLE_SUBMIT_PER_HOUR``
    contributions this clock hour (``Retry-After``: the seconds left in it). Only a submission
    that was stored counts (`count` after it), so a refused one costs nothing; two at the same
    instant may both pass the check, one over the limit at most per concurrent request."""
    ctx = get_context()
    limit = ctx.settings.submit_per_hour
    if not limit:
        return
    now_ms = int(ctx.games.clock())
    account = current_scope().account_id
    if count:
        await ctx.games.store.count_submit(account, now_ms)
    elif await ctx.games.store.submits(account, now_ms) >= limit:
        wait_s = max(1, (HOUR_WINDOW_MS - now_ms % HOUR_WINDOW_MS) // 1000)
        raise ApiError(
            429,
            "rate_limited",
            "too many submissions from this account; try again later",
            headers={"Retry-After": str(wait_s)},
        )


@contributions_bp.post("/contributions")
@api(
    "Submit a question or tip for review (422 blocked_text, 409 drive_closed/drive_limit)",
    ok=201,
    limited=True,
)
@document_request(NewContribution)
@require_member
async def submit() -> ResponseReturnValue:
    body = await json_body()
    only(body, ("kind", "document", "tags", "drive_id"))
    kind = kind_of(body)
    document = parse_document(kind, body.get("document"))
    tags = parse_tag_list(body.get("tags"))
    drive_id = _ref(body, "drive_id")
    await _check_submit_rate(count=False)
    try:
        doc = await get_context().db.contributions.submit(
            current_scope(), kind, document, tags, drive_id
        )
    except NotFound:
        raise invalid("drive_id", "drive_id is not a question drive of this workspace") from None
    await _check_submit_rate(count=True)
    return doc, 201


@contributions_bp.get("/contributions/mine")
@api("The caller's own contributions (every status) with their threads")
@require_member
async def mine() -> ResponseReturnValue:
    return {"contributions": await get_context().db.contributions.mine(current_scope())}


@contributions_bp.get("/contributions/queue")
@api("The review queue (reviewers): ?status=pending|changes_requested|reported|all")
@document_querystring(QueueQuery)
@require_member
async def queue() -> ResponseReturnValue:
    status = request.args.get("status") or "pending"
    if status not in QUEUE_FILTERS:
        raise invalid("status", f"status must be one of {', '.join(QUEUE_FILTERS)}")
    items = await get_context().db.reviews.queue(current_scope(), status)
    return {"items": items}


@contributions_bp.get("/contributions/<contribution_id>")
@api("One contribution (its author and reviewers; approved and not hidden: any member)")
@require_member
async def get_one(contribution_id: str) -> ResponseReturnValue:
    return await on_path_row("contribution", contribution_id, get_context().db.contributions.get)


async def _kind_for_edit(contribution_id: str) -> str:
    doc = await get_context().db.contributions.get(current_scope(), contribution_id)
    if doc is None:
        raise not_found("contribution", contribution_id)
    return str(doc["kind"])


@contributions_bp.put("/contributions/<contribution_id>")
@api("Edit one's own pending or sent-back contribution (409 conflict, 409 not_editable)")
@document_request(EditContribution)
@require_member
async def edit(contribution_id: str) -> ResponseReturnValue:
    check_path_id(contribution_id, "contribution")
    body = await json_body()
    only(body, ("document", "tags", "version"))
    version = version_of(body)
    kind = await _kind_for_edit(contribution_id)
    document = parse_document(kind, body.get("document"))
    tags = parse_tag_list(body.get("tags"))
    try:
        return await get_context().db.contributions.update(
            current_scope(), contribution_id, document, tags, version
        )
    except NotFound:
        raise not_found("contribution", contribution_id) from None


@contributions_bp.post("/contributions/<contribution_id>/review")
@api("Approve (optionally edited), ask for changes or reject (reviewers; 409 conflict)")
@document_request(ReviewDecision)
@require_member
async def review(contribution_id: str) -> ResponseReturnValue:
    check_path_id(contribution_id, "contribution")
    scope = current_scope()
    # Who may review is checked first: a member's refusal says nothing about the body.
    if not await get_context().db.contributions.may_review(scope):
        raise ApiError(403, "forbidden", "this needs a reviewer of the workspace")
    body = await json_body()
    only(body, ("action", "comment", "document", "tags", "version"))
    action = body.get("action")
    if action not in ("approve", "changes", "reject"):
        raise invalid("action", 'action must be "approve", "changes" or "reject"')
    version = version_of(body)
    comment = optional_comment(body, "comment", MAX_COMMENT)
    if action != "approve" and comment is None:
        raise invalid("comment", "comment is required to ask for changes or reject")
    repo = get_context().db.reviews
    document = tags = None
    if action == "approve" and body.get("document") is not None:
        document = parse_document(await _kind_for_edit(contribution_id), body["document"])
    if action == "approve" and "tags" in body:
        tags = parse_tag_list(body.get("tags"))
    try:
        return await repo.review(
            scope, contribution_id, action, version, comment=comment, document=document, tags=tags
        )
    except NotFound:
        raise not_found("contribution", contribution_id) from None


async def _hide(contribution_id: str, hidden: bool) -> dict[str, Any]:
    return await on_path_row(
        "contribution",
        contribution_id,
        lambda scope, cid: get_context().db.reviews.set_hidden(scope, cid, hidden),
    )


@contributions_bp.post("/contributions/<contribution_id>/hide")
@api("Hide a contribution at once from every list, game and vote (host+)")
@require_host
async def hide(contribution_id: str) -> ResponseReturnValue:
    return await _hide(contribution_id, True)


@contributions_bp.post("/contributions/<contribution_id>/unhide")
@api("Show a hidden contribution again (host+)")
@require_host
async def unhide(contribution_id: str) -> ResponseReturnValue:
    return await _hide(contribution_id, False)


@contributions_bp.post("/contributions/<contribution_id>/report")
@api("Report a contribution to the reviewers (409 already_reported)", ok=201)
@document_request(NewReport)
@require_member
async def report(contribution_id: str) -> ResponseReturnValue:
    check_path_id(contribution_id, "contribution")
    body = await json_body()
    only(body, ("reason",))
    reason = required_text(body, "reason", MAX_REASON)
    try:
        return await get_context().db.reviews.report(current_scope(), contribution_id, reason), 201
    except NotFound:
        raise not_found("contribution", contribution_id) from None


@contributions_bp.post("/contributions/<contribution_id>/dismiss-reports")
@api("Resolve a contribution's open reports without hiding it (reviewers)")
@require_member
async def dismiss_reports(contribution_id: str) -> ResponseReturnValue:
    return await on_path_row(
        "contribution", contribution_id, get_context().db.reviews.dismiss_reports
    )


async def _vote(contribution_id: str, up: bool) -> dict[str, Any]:
    return await on_path_row(
        "contribution",
        contribution_id,
        lambda scope, cid: get_context().db.community.vote(scope, cid, up),
    )


@contributions_bp.post("/contributions/<contribution_id>/vote")
@api("Upvote an approved contribution of someone else (409 own_contribution)")
@require_member
async def vote(contribution_id: str) -> ResponseReturnValue:
    return await _vote(contribution_id, True)


@contributions_bp.delete("/contributions/<contribution_id>/vote")
@api("Take back one's upvote")
@require_member
async def unvote(contribution_id: str) -> ResponseReturnValue:
    return await _vote(contribution_id, False)


@contributions_bp.get("/library/community")
@api("Approved, not hidden contributions with their credit, votes and the caller's vote")
@document_querystring(CommunityQuery)
@require_member
async def community() -> ResponseReturnValue:
    args = request.args
    kind = args.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise invalid("kind", 'kind must be "question" or "tip"')
    sort = args.get("sort") or "votes"
    if sort not in SORTS:
        raise invalid("sort", 'sort must be "votes" or "new"')
    tag = (args.get("tag") or "").strip().lower() or None
    if tag is not None and len(tag) > MAX_TAG:
        raise invalid("tag", f"tag must be at most {MAX_TAG} characters")
    drive_id = args.get("drive_id") or None
    return await get_context().db.community.community(
        current_scope(),
        kind=kind,
        tag=tag,
        drive_id=drive_id,
        sort=sort,
        offset=int_arg("offset", 0, 0, 10**9),
        limit=int_arg("limit", 50, 1, MAX_PAGE),
    )
