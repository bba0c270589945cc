"""Invite links: made, listed and revoked by a workspace's admins; previewed by anyone who has
the link; accepted by a signed-in account (``POST /api/auth/register {"invite"}`` accepts one
for a new account).

A link is ``<public base>/invite/<token>``; the token is signed (`server.invites`) and names the
invite's row, which decides whether it still holds. An unknown, forged, expired or revoked
token answers the same ``404 not_found``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from server.context import get_context
from server.db.errors import NotFound
from server.db.scope import Role
from server.db.times import datetime_to_ms
from server.db.workspaces import (
    INVITE_ROLES,
    INVITE_TTL_HOURS_DEFAULT,
    INVITE_TTL_HOURS_MAX,
    InviteRecord,
    InviteRefused,
)
from server.http.api_models import NewInvite
from server.http.common import (
    ApiError,
    current_host,
    current_scope,
    invalid,
    json_body,
    require_account,
    require_admin,
)
from server.http.openapi import api
from server.http.workspaces import field_role, workspace_json
from server.invites import InviteSigner, invite_url

invites_bp = Blueprint("invites", __name__, url_prefix="/api")

_GONE = "this invite is unknown, has expired or was revoked"


def invite_signer() -> InviteSigner:
    """The signer of this server's invite links."""
    return InviteSigner(get_context().settings.secret)


def invite_json(invite: InviteRecord) -> dict[str, Any]:
    """An invite as its workspace's admins see it, with its link."""
    token = invite_signer().issue(invite.id)
    return {
        "id": invite.id,
        "role": str(invite.role),
        "created_by": invite.created_by,
        "created_ms": datetime_to_ms(invite.created_at),
        "expires_at": invite.expires_at.isoformat(),
        "expires_ms": datetime_to_ms(invite.expires_at),
        "url": invite_url(get_context().settings.base_url, token),
        "token": token,
    }


def _ttl_hours(value: object) -> int:
    if value is None:
        return INVITE_TTL_HOURS_DEFAULT
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid("ttl_hours", "ttl_hours must be a whole number of hours")
    if not 1 <= value <= INVITE_TTL_HOURS_MAX:
        raise invalid("ttl_hours", f"ttl_hours must be 1 to {INVITE_TTL_HOURS_MAX}")
    return value


@invites_bp.post("/workspaces/<workspace_id>/invites")
@api(
    "Make an invite link (admin)",
    ok=201,
    errors={409: "the workspace has as many valid invites as it may (code too_many_invites)"},
)
@document_request(NewInvite)
@require_admin
async def create_invite(workspace_id: str) -> ResponseReturnValue:
    body = await json_body()
    unknown = sorted(set(body) - {"role", "ttl_hours"})
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    role = field_role(body, "role", INVITE_ROLES) if "role" in body else Role.MEMBER
    hours = _ttl_hours(body.get("ttl_hours"))
    invite = await get_context().db.workspaces.create_invite(
        current_scope(), role, timedelta(hours=hours)
    )
    return invite_json(invite), 201


@invites_bp.get("/workspaces/<workspace_id>/invites")
@api("The workspace's invites that still hold (admin)")
@require_admin
async def list_invites(workspace_id: str) -> ResponseReturnValue:
    invites = await get_context().db.workspaces.invites(current_scope())
    return {"invites": [invite_json(i) for i in invites]}


@invites_bp.delete("/workspaces/<workspace_id>/invites/<invite_id>")
@api("Revoke an invite (admin)", ok=204, errors={404: "no such invite (code not_found)"})
@require_admin
async def revoke_invite(workspace_id: str, invite_id: str) -> ResponseReturnValue:
    try:
        await get_context().db.workspaces.revoke_invite(current_scope(), invite_id)
    except NotFound:
        raise ApiError(404, "not_found", f"no invite {invite_id!r}") from None
    return "", 204


@invites_bp.get("/invites/<token>")
@api(
    "What an invite link offers (no sign-in needed)",
    errors={404: f"{_GONE} (code not_found)"},
)
async def preview_invite(token: str) -> ResponseReturnValue:
    invite_id = invite_signer().invite_id(token)
    found = None if invite_id is None else await get_context().db.workspaces.invite(invite_id)
    if found is None:
        raise ApiError(404, "not_found", _GONE)
    invite, ws = found
    return {
        "workspace": {"id": ws.id, "name": ws.name},
        "role": str(invite.role),
        "expires_at": invite.expires_at.isoformat(),
        "expires_ms": datetime_to_ms(invite.expires_at),
    }


@invites_bp.post("/invites/<token>/accept")
@api(
    "Join the invite's workspace (an existing member keeps the higher role)",
    body_optional=True,
    errors={404: f"{_GONE} (code not_found)"},
)
@require_account
async def accept_invite(token: str) -> ResponseReturnValue:
    invite_id = invite_signer().invite_id(token)
    if invite_id is None:
        raise ApiError(404, "not_found", _GONE)
    try:
        ws = await get_context().db.workspaces.accept(invite_id, current_host().id)
    except InviteRefused:
        raise ApiError(404, "not_found", _GONE) from None
    return {"workspace": workspace_json(ws)}
