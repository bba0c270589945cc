"""Players: ``GET /api/me`` (a signed-in person's or a device's own history) and
``DELETE /api/identities`` and ``/api/identities/{id}`` (a host removes a person's data).

``/api/me`` with a login token answers for the account (every device it played on signed in,
every workspace); without one, the device proves who it is with its long-lived random player
key in ``X-Player-Key`` (the key it sends with ``join``). See docs/privacy.md.
"""

from __future__ import annotations

import re

from quart import Blueprint, request
from quart.typing import ResponseReturnValue
from quart_schema import document_headers, document_querystring

from server.context import get_context
from server.http.api_models import Identifier, MeHeaders, Page, RemoveQuery
from server.http.common import (
    ApiError,
    authenticate,
    current_scope,
    invalid,
    require_admin,
)
from server.http.leaderboards import page_args
from server.http.lifecycle import remove_mode
from server.http.openapi import api

players_bp = Blueprint("players", __name__, url_prefix="/api")

PLAYER_KEY_HEADER = "X-Player-Key"
_PLAYER_KEY = re.compile(r"[A-Za-z0-9_-]{16,128}")


@players_bp.get("/me")
@api(
    "Your own history and badges: a signed-in person's (Authorization: Bearer), else a "
    "device's (X-Player-Key)",
    errors={
        401: "a bearer token that is not valid; or, without one, no X-Player-Key or not 16 to "
        "128 letters, digits, - or _ (code unauthorized)",
        404: "no game has been recorded with this player key (code not_found)",
    },
)
@document_headers(MeHeaders)
@document_querystring(Page)
async def me() -> ResponseReturnValue:
    """With a login token: the account's games in every workspace (newest first, ``?offset=
    &limit=``, each naming its workspace), milestones and totals, from every device it played
    on signed in (empty when it played none). Without one: the device's games with every
    workspace that recorded its player key; ``404`` when none did."""
    if "Authorization" in request.headers:
        account = await authenticate()
        offset, limit = page_args()
        history = await get_context().db.people.history(account.id, offset, limit)
        return {"account": {"id": account.id, "name": account.name}, **history}
    key = request.headers.get(PLAYER_KEY_HEADER, "").strip()
    if not _PLAYER_KEY.fullmatch(key):
        raise ApiError(
            401,
            "unauthorized",
            f"an {PLAYER_KEY_HEADER} header of 16 to 128 letters, digits, - or _ is required",
        )
    offset, limit = page_args()
    found = await get_context().db.identities.history(key, offset, limit)
    if found is None:
        raise ApiError(404, "not_found", "no game has been recorded with this player key")
    return found


@players_bp.delete("/identities")
@api("Forget a person (by identifier)", ok=204)
@document_querystring(Identifier)
@require_admin
async def forget_by_identifier() -> ResponseReturnValue:
    """``?identifier=<e-mail or id>&mode=anonymise|erase``: remove that person from the
    workspace's data (see `server.db.lifecycle`; anonymise unless said); ``204``, or ``404``."""
    identifier = request.args.get("identifier", "").strip()
    if not identifier:
        raise invalid("identifier", "identifier is required")
    mode = remove_mode()
    forget = get_context().db.identities.forget
    if not await forget(current_scope(), identifier=identifier, mode=mode):
        raise ApiError(404, "not_found", "no player with this identifier")
    return "", 204


@players_bp.delete("/identities/<identity_id>")
@api("Forget a person (by id)", ok=204)
@document_querystring(RemoveQuery)
@require_admin
async def forget_by_id(identity_id: str) -> ResponseReturnValue:
    """The same for an identity named by its id (as the leaderboards show it), for a person
    known only by a device key."""
    mode = remove_mode()
    forget = get_context().db.identities.forget
    if not await forget(current_scope(), identity_id=identity_id, mode=mode):
        raise ApiError(404, "not_found", f"no identity {identity_id!r}")
    return "", 204
