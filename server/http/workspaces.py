"""``/api/workspaces``: an account's workspaces, their settings and their members.

The workspace a route acts in is the ``{workspace_id}`` of its path (`require_role` reads it
before the ``X-Workspace`` header). Who may do what is the repository's rule
(`server.db.workspaces`); its refusals answer ``403 forbidden``, ``404 not_found`` and
``409 last_owner``. Invites are `server.http.invites`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from server.context import get_context
from server.db.errors import NotFound
from server.db.scope import Role
from server.db.times import datetime_to_ms
from server.db.workspaces import RETENTION_DAYS_MAX, MemberRecord, WorkspaceRecord
from server.http.api_models import MemberChange, NewWorkspace, WorkspaceChanges
from server.http.common import (
    ApiError,
    current_host,
    current_scope,
    field_str,
    invalid,
    json_body,
    require_account,
    require_admin,
    require_member,
    require_owner,
)
from server.http.lifecycle import clear_live_games
from server.http.openapi import api

workspaces_bp = Blueprint("workspaces", __name__, url_prefix="/api/workspaces")

NAME_MAX = 200
_LAST_OWNER = {409: "the workspace's last owner cannot be demoted or removed (code last_owner)"}


def workspace_json(ws: WorkspaceRecord) -> dict[str, Any]:
    """A workspace as the protocol shows it, with the caller's role."""
    return {
        "id": ws.id,
        "name": ws.name,
        "role": None if ws.role is None else str(ws.role),
        "created_ms": datetime_to_ms(ws.created_at),
        "retention_days": ws.retention_days,
    }


def member_json(member: MemberRecord) -> dict[str, Any]:
    """A member as the workspace's members see them."""
    return {
        "account_id": member.account_id,
        "name": member.name,
        "email": member.email,
        "role": str(member.role),
        "joined_ms": datetime_to_ms(member.joined_at),
    }


def _only(body: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")


def field_role(body: Mapping[str, Any], name: str, allowed: tuple[Role, ...]) -> Role:
    """The role field `name`; ``422 invalid`` unless it is one of `allowed`."""
    value = body.get(name)
    if not isinstance(value, str) or value not in {str(r) for r in allowed}:
        names = ", ".join(str(r) for r in allowed)
        raise invalid(name, f"{name} must be one of {names}")
    return Role(value)


def _retention(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid("retention_days", "retention_days must be a whole number of days or null")
    if not 1 <= value <= RETENTION_DAYS_MAX:
        raise invalid("retention_days", f"retention_days must be 1 to {RETENTION_DAYS_MAX}")
    return value


@workspaces_bp.get("")
@api("The caller's workspaces, with its role in each")
@require_account
async def list_workspaces() -> ResponseReturnValue:
    found = await get_context().db.workspaces.for_account(current_host().id)
    return {"workspaces": [workspace_json(ws) for ws in found]}


@workspaces_bp.post("")
@api(
    "Create a workspace (the caller is its owner)",
    ok=201,
    errors={409: "the account owns as many workspaces as it may (code too_many_workspaces)"},
)
@document_request(NewWorkspace)
@require_account
async def create_workspace() -> ResponseReturnValue:
    body = await json_body()
    _only(body, ("name",))
    name = field_str(body, "name", max_len=NAME_MAX)
    ws = await get_context().db.workspaces.create(current_host().id, name)
    return workspace_json(ws), 201


@workspaces_bp.get("/<workspace_id>")
@api("A workspace the caller belongs to")
@require_member
async def get_workspace(workspace_id: str) -> ResponseReturnValue:
    return workspace_json(await _workspace())


async def _workspace() -> WorkspaceRecord:
    try:
        return await get_context().db.workspaces.get(current_scope())
    except NotFound:
        raise ApiError(404, "not_found", "no such workspace") from None


@workspaces_bp.patch("/<workspace_id>")
@api("Rename a workspace or set its retention (admin)")
@document_request(WorkspaceChanges)
@require_admin
async def update_workspace(workspace_id: str) -> ResponseReturnValue:
    body = await json_body()
    _only(body, ("name", "retention_days"))
    changes: dict[str, Any] = {}
    if "name" in body:
        changes["name"] = field_str(body, "name", max_len=NAME_MAX)
    if "retention_days" in body:
        changes["retention_days"] = _retention(body["retention_days"])
    if not changes:
        return workspace_json(await _workspace())
    try:
        ws = await get_context().db.workspaces.update(current_scope(), changes)
    except NotFound:
        raise ApiError(404, "not_found", "no such workspace") from None
    return workspace_json(ws)


@workspaces_bp.delete("/<workspace_id>")
@api(
    "Delete a workspace and everything it owns (owner)",
    ok=204,
    description="Its quizzes, events, games with their results, people and invites go, in one "
    "transaction, with what Redis holds of its finished games; its members' accounts stay.",
    errors={
        409: "one of its games is running (game_running) or its results are on their way "
        "to SQL (results_pending)"
    },
)
@require_owner
async def delete_workspace(workspace_id: str) -> ResponseReturnValue:
    await clear_live_games(current_scope())
    try:
        await get_context().db.workspaces.delete(current_scope())
    except NotFound:
        raise ApiError(404, "not_found", "no such workspace") from None
    return "", 204


@workspaces_bp.get("/<workspace_id>/members")
@api("A workspace's members and their roles")
@require_member
async def list_members(workspace_id: str) -> ResponseReturnValue:
    members = await get_context().db.workspaces.members(current_scope())
    return {"members": [member_json(m) for m in members]}


@workspaces_bp.patch("/<workspace_id>/members/<account_id>")
@api(
    "Change a member's role (admin; owners by an owner)",
    errors={**_LAST_OWNER, 404: "no such member (code not_found)"},
)
@document_request(MemberChange)
@require_admin
async def change_member(workspace_id: str, account_id: str) -> ResponseReturnValue:
    body = await json_body()
    _only(body, ("role",))
    role = field_role(body, "role", tuple(Role))
    try:
        member = await get_context().db.workspaces.set_role(current_scope(), account_id, role)
    except NotFound:
        raise ApiError(404, "not_found", f"no member {account_id!r}") from None
    return member_json(member)


@workspaces_bp.delete("/<workspace_id>/members/<account_id>")
@api(
    "Remove a member (admin; owners by an owner), or leave (your own account id)",
    ok=204,
    errors={**_LAST_OWNER, 404: "no such member (code not_found)"},
)
@require_member
async def remove_member(workspace_id: str, account_id: str) -> ResponseReturnValue:
    try:
        await get_context().db.workspaces.remove_member(current_scope(), account_id)
    except NotFound:
        raise ApiError(404, "not_found", f"no member {account_id!r}") from None
    return "", 204
