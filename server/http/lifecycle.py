"""Removing a person from a workspace's data: ``DELETE /api/workspaces/{workspace_id}/people/
{account_id}?mode=anonymise|erase`` (a member's account), and the ``?mode=`` the identity routes
share (docs/privacy.md, `server.db.lifecycle`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from quart import Blueprint, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring

from games.phases import Phase
from server.context import get_context
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.lifecycle import RemoveMode
from server.db.scope import Scope
from server.db.times import now
from server.http.api_models import RemoveQuery
from server.http.common import ApiError, current_scope, invalid, require_admin
from server.http.openapi import api

log = logging.getLogger(__name__)

lifecycle_bp = Blueprint("lifecycle", __name__, url_prefix="/api/workspaces")


def remove_mode() -> RemoveMode:
    """The ``?mode=`` of a route that removes a person: ``anonymise`` (the default) or
    ``erase`` (`server.db.lifecycle`); ``422 invalid`` naming ``mode`` otherwise."""
    value = request.args.get("mode", RemoveMode.ANONYMISE.value)
    try:
        return RemoveMode(value)
    except ValueError:
        raise invalid("mode", "mode must be anonymise or erase") from None


async def clear_live_games(scope: Scope) -> None:
    """Before the workspace is deleted: refuse while one of its games runs (``409
    game_running``) or its results are on their way to SQL (``409 results_pending``), which
    would otherwise reach SQL after the deletion, or be set aside with their players'
    identifiers; then delete what Redis still holds of its finished games (players,
    identifiers, answers), as deleting one game does."""
    ctx = get_context()
    since = now() - timedelta(seconds=ctx.settings.finished_ttl_s)
    games = await ctx.db.lifecycle.games_in_redis(scope, since)
    phases = await ctx.games.store.phases([g.id for g in games]) if games else []
    for game, phase in zip(games, phases, strict=True):
        if phase is not None and phase != Phase.FINISHED.value:
            raise ApiError(409, "game_running", "a game of the workspace is running; end it first")
        if phase is not None and game.results_at is None:
            raise ApiError(
                409,
                "results_pending",
                "a game's results are being written; try again in a moment",
                headers={"Retry-After": "1"},
            )
    for game, phase in zip(games, phases, strict=True):
        if phase is not None:
            count = len(game.quiz.get("questions", []))
            await ctx.games.delete(game.id, game.pin, count, game.host_id)


@lifecycle_bp.delete("/<workspace_id>/people/<account_id>")
@api(
    "Remove a member with their results in the workspace (?mode=anonymise|erase)",
    ok=204,
    errors={
        403: "not an admin of the workspace, or an admin removing an owner (code forbidden)",
        404: "no such member (code not_found)",
        409: "the workspace's last owner (code last_owner)",
    },
)
@document_querystring(RemoveQuery)
@require_admin
async def remove_person(workspace_id: str, account_id: str) -> ResponseReturnValue:
    """Their results in this workspace anonymised (the default) or erased, their identities,
    badges and membership deleted, in one transaction → ``204``."""
    mode = remove_mode()
    try:
        await get_context().db.lifecycle.remove_person(current_scope(), account_id, mode)
    except NotFound:
        raise ApiError(404, "not_found", "no such member of the workspace") from None
    except Forbidden as err:
        raise ApiError(403, "forbidden", str(err)) from None
    except Conflict as err:
        raise ApiError(409, err.code, err.message) from None
    log.info("admin removed a person", extra={"mode": mode.value})
    return "", 204
