"""``/api/auth``: register and log in hosts; ``me`` tells a page who is logged in; ``logout``
revokes the bearer token (or every token of the host).

Register and login attempts are limited per client address (``HUDDLE_AUTH_RATE_PER_MIN``, a
fixed window of one clock minute counted in Redis across nodes), so passwords cannot be guessed
at speed; over the limit they answer ``429 rate_limited`` with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from quart import Blueprint, g, request
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from server.auth import hash_password_async, issue_token, verify_password_async
from server.context import get_context
from server.db.hosts import EmailTaken, HostRecord
from server.db.workspaces import InviteRefused
from server.http.api_models import Login, Logout, Register
from server.http.common import (
    EMAIL_MAX,
    ApiError,
    current_host,
    field_email,
    field_str,
    invalid,
    json_body,
    rate_limited,
    request_address,
    require_account,
)
from server.http.handlers import REDIS_DOWN, note_outage
from server.http.openapi import api
from server.invites import InviteSigner

PASSWORD_MIN = 8
PASSWORD_MAX = 1024
NAME_MAX = 100

auth_bp = Blueprint("auth", __name__, url_prefix="/api/auth")


def host_json(host: HostRecord) -> dict[str, Any]:
    """A host as the protocol shows it (never the password hash)."""
    return {"id": host.id, "email": host.email, "name": host.name}


def _password(body: dict[str, Any], *, min_len: int) -> str:
    return field_str(
        body, "password", min_len=min_len, max_len=PASSWORD_MAX, strip=False, allow_control=True
    )


async def check_auth_rate() -> None:
    """Count a register or login attempt of the client's address; over
    ``HUDDLE_AUTH_RATE_PER_MIN`` this minute raises ``429 rate_limited`` (``Retry-After``: the
    seconds left in the minute). While Redis is unreachable the attempt is let through:
    accounts keep working on SQL alone, and the outage is logged."""
    ctx = get_context()
    limit = ctx.settings.auth_rate_per_min
    if limit == 0:
        return
    now_ms = int(ctx.games.clock())
    try:
        count = await ctx.games.store.count_auth(request_address(), now_ms)
    except REDIS_DOWN as err:
        note_outage("redis", err)
        return
    if count > limit:
        raise rate_limited("too many login attempts from here; wait a minute", now_ms)


@auth_bp.post("/register")
@api(
    "Register an account",
    ok=201,
    limited=True,
    description='The account gets a workspace of its own ("<name>\'s workspace", owner), or '
    "with `invite` joins that invite's workspace instead (an invite that no longer holds: 422 "
    "naming invite, and nothing is created).",
)
@document_request(Register)
async def register() -> ResponseReturnValue:
    """``{"email", "password", "name", "invite"?}`` → ``201 {"host", "token", "workspaces"}``;
    ``409 email_taken``; ``422`` field invite; ``429 rate_limited`` (`check_auth_rate`)."""
    await check_auth_rate()
    body = await json_body()
    email = field_email(body)
    password = _password(body, min_len=PASSWORD_MIN)
    name = field_str(body, "name", max_len=NAME_MAX)
    ctx = get_context()
    invite_id = None
    if "invite" in body:
        invite_id = InviteSigner(ctx.settings.secret).invite_id(body["invite"])
        if invite_id is None or await ctx.db.workspaces.invite(invite_id) is None:
            raise invalid("invite", _BAD_INVITE)
    password_hash = await hash_password_async(password)
    try:
        host = await ctx.db.hosts.create(email, name, password_hash, invite_id=invite_id)
    except EmailTaken:
        raise ApiError(409, "email_taken", "this e-mail address is already registered") from None
    except InviteRefused:
        raise invalid("invite", _BAD_INVITE) from None
    return {
        "host": host_json(host),
        "token": await issue_token(ctx.tokens, ctx.db, host.id),
        "workspaces": await _workspaces(host.id),
    }, 201


_BAD_INVITE = "invite is unknown, has expired or was revoked"


async def _workspaces(account_id: str) -> list[dict[str, Any]]:
    found = await get_context().db.workspaces.for_account(account_id)
    # `reviewer` only when an admin named the account one (the pages link it to /review).
    return [
        {
            "id": ws.id,
            "name": ws.name,
            "role": str(ws.role),
            **({"reviewer": True} if ws.reviewer else {}),
        }
        for ws in found
    ]


@auth_bp.post("/login")
@api("Log in", limited=True)
@document_request(Login)
async def login() -> ResponseReturnValue:
    """``{"email", "password"}`` → ``200 {"host", "token"}``; ``401 bad_credentials``;
    ``429 rate_limited`` (`check_auth_rate`).

    An unknown e-mail and a wrong password get the same answer after the same work.
    """
    await check_auth_rate()
    body = await json_body()
    email = field_str(body, "email", max_len=EMAIL_MAX).lower()
    password = _password(body, min_len=1)
    ctx = get_context()
    host = await ctx.db.hosts.by_email(email)
    ok = await verify_password_async(None if host is None else host.password_hash, password)
    if host is None or not ok:
        raise ApiError(401, "bad_credentials", "wrong e-mail or password")
    return {"host": host_json(host), "token": await issue_token(ctx.tokens, ctx.db, host.id)}, 200


@auth_bp.get("/me")
@api("The token's account and its workspaces")
@require_account
async def me() -> ResponseReturnValue:
    """``{"host", "workspaces": [{"id", "name", "role"}]}`` of the bearer token."""
    host = current_host()
    return {"host": host_json(host), "workspaces": await _workspaces(host.id)}


@auth_bp.post("/logout")
@api("Revoke the bearer token (everywhere: every token of the host)", ok=204, body_optional=True)
@document_request(Logout)
@require_account
async def logout() -> ResponseReturnValue:
    """Revoke the bearer token (``{"everywhere": true}``: every token of the host) → ``204``.
    A revoked token answers ``401 unauthorized`` on every route and cannot ``attach``."""
    # The body is optional: no body logs out this token only.
    empty = not (await request.get_data(cache=True, as_text=False)).strip()
    body = {} if empty else await json_body()
    everywhere = body.get("everywhere", False)
    if not isinstance(everywhere, bool):
        raise ApiError(422, "invalid", "everywhere must be true or false", field="everywhere")
    unknown = sorted(set(body) - {"everywhere"})
    if unknown:
        raise ApiError(422, "invalid", f"unknown field {unknown[0]!r}", field=unknown[0])
    ctx = get_context()
    await ctx.db.hosts.revoke_tokens(current_host().id, None if everywhere else g.token_id)
    return "", 204
