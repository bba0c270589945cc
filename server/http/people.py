"""A person with an account: their page, their data, their devices.

- ``GET /api/me/figures`` and ``/api/me/history.csv?table=games|tags|badges``: the person's
  page (scores over time, accuracy per tag, badges) from every workspace, as JSON and CSV;
- ``POST /api/me/claim {player_key}``: claim a device's guest history (merged into the
  account's identity in each workspace the account is a member of);
- ``GET /api/me/export``: everything stored about the account, as JSON (docs/privacy.md);
- ``GET /api/workspaces/{id}/people/{account_id}`` (and ``…/history.csv``): a member's page
  as a host of that workspace sees it, that workspace's figures only.

``GET /api/me`` itself (the history, with a login token or a device's player key) is
`server.http.players.me`.
"""

from __future__ import annotations

import re
from typing import Any

from quart import Blueprint, Response, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring, document_request

from server.context import get_context
from server.http.api_models import ClaimDevice, PersonTable
from server.http.common import (
    ApiError,
    current_host,
    current_scope,
    invalid,
    json_body,
    require_account,
    require_host,
)
from server.http.openapi import api
from server.http.reports import download, filename
from server.reports.person import person_tables
from server.reports.tables import CSV_TYPE, to_csv

_PLAYER_KEY = re.compile(r"[A-Za-z0-9_-]{16,128}")

people_bp = Blueprint("people", __name__, url_prefix="/api")


def _csv(figures: dict[str, Any], stem: str, ident: str) -> Response:
    tables = person_tables(figures)
    name = request.args.get("table", "games")
    if name not in tables:
        raise invalid("table", f"table must be one of {', '.join(tables)}")
    table = tables[name]
    return download(to_csv(table), CSV_TYPE, filename(stem, "csv", ident, table.title))


@people_bp.get("/me/figures")
@api("Your page: scores over time, accuracy per tag, badges (every workspace)")
@require_account
async def my_figures() -> ResponseReturnValue:
    """The signed-in person's figures from every workspace they played in."""
    account = current_host()
    found = await get_context().db.people.figures(account.id)
    return {"account": {"id": account.id, "name": account.name}, **found}


@people_bp.get("/me/history.csv")
@api("Your page's figures as CSV", produces="text/csv")
@document_querystring(PersonTable)
@require_account
async def my_history_csv() -> ResponseReturnValue:
    """``?table=games`` (default), ``tags`` or ``badges``."""
    account = current_host()
    return _csv(await get_context().db.people.figures(account.id), account.name, "history")


@people_bp.post("/me/claim")
@api("Claim a device's guest history for your account")
@document_request(ClaimDevice)
@require_account
async def claim_device() -> ResponseReturnValue:
    """``{player_key}``: the device's guest identities (in every workspace you are a member
    of) are merged into yours; ``{"merged": n}`` (0 when there was nothing, or again)."""
    body = await json_body()
    unknown = sorted(set(body) - {"player_key"})
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    key = body.get("player_key")
    if not isinstance(key, str) or not _PLAYER_KEY.fullmatch(key):
        raise invalid("player_key", "player_key must be 16 to 128 letters, digits, - or _")
    merged = await get_context().db.people.claim(current_host().id, key)
    return {"merged": merged}


@people_bp.get("/me/export")
@api("Everything stored about you, as JSON")
@require_account
async def my_export() -> ResponseReturnValue:
    """The account (no password hash), sessions, memberships, identities, results, answers,
    milestones and what it created; see docs/privacy.md."""
    found = await get_context().db.people.export(current_host().id)
    if found is None:  # pragma: no cover - require_account found the account
        raise ApiError(404, "not_found", "no such account")
    return found


async def _member(account_id: str) -> dict[str, Any]:
    found = await get_context().db.people.member_figures(current_scope(), account_id)
    if found is None:
        raise ApiError(404, "not_found", f"no person {account_id!r} in this workspace")
    return found


@people_bp.get("/workspaces/<workspace_id>/people/<account_id>")
@api("A member's page (host or above): their figures in this workspace")
@require_host
async def member_page(workspace_id: str, account_id: str) -> ResponseReturnValue:
    """404 when the account is neither a member of the workspace nor played in it."""
    return await _member(account_id)


@people_bp.get("/workspaces/<workspace_id>/people/<account_id>/history.csv")
@api("A member's page as CSV (host or above)", produces="text/csv")
@document_querystring(PersonTable)
@require_host
async def member_history_csv(workspace_id: str, account_id: str) -> ResponseReturnValue:
    found = await _member(account_id)
    return _csv(found, found["account"]["name"], account_id)
