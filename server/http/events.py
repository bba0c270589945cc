"""``/api/events``: a host's events (several games whose scores add up) and their leaderboards.

An event has a name, a start and an optional end, the team names its rounds offer and whether
its players must give an identifier. A game joins an event when it is created
(``POST /api/games {"event_id"}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring, document_request

from games.errors import InvalidInput
from games.settings import parse_settings
from server.context import get_context
from server.http.api_models import Event, LeaderboardPage
from server.http.common import (
    ApiError,
    current_scope,
    field_str,
    invalid,
    json_body,
    require_host,
)
from server.http.leaderboards import kind_arg, page_args, parse_instant
from server.http.openapi import api
from server.screen_keys import screen_key

events_bp = Blueprint("events", __name__, url_prefix="/api/events")

MAX_NAME = 200
FIELDS = ("name", "starts_ms", "ends_ms", "teams", "require_identifier")


def _keyed(event: dict[str, Any]) -> dict[str, Any]:
    """The event with its ``screen_key``, for the leaderboard screen's link
    (``/screen/event/<id>?key=<screen_key>``, server/screen_keys.py)."""
    return {**event, "screen_key": screen_key(get_context().settings.secret, "event", event["id"])}


def _not_found(event_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no event {event_id!r}")


def _teams(value: object) -> list[str]:
    """Team names as a game's ``{"mode": "choose"}`` settings take them; [] for no teams."""
    if value is None or value == []:
        return []
    if not isinstance(value, list):
        raise invalid("teams", "teams must be a list of team names")
    try:
        settings = parse_settings({"teams": {"mode": "choose", "names": value}})
    except InvalidInput as err:
        message = err.message.replace("settings.teams.names", "teams")
        raise invalid("teams", message) from None
    assert settings.teams is not None
    return list(settings.teams.names)


def _changes(body: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The event fields of a request body, validated, as `Database` columns."""
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    out: dict[str, Any] = {}
    if creating or "name" in body:
        out["name"] = field_str(body, "name", max_len=MAX_NAME)
    if "starts_ms" in body and body["starts_ms"] is not None:
        out["starts_at"] = parse_instant(body["starts_ms"], "starts_ms")
    if "ends_ms" in body:
        ends = body["ends_ms"]
        out["ends_at"] = None if ends is None else parse_instant(ends, "ends_ms")
    if creating or "teams" in body:
        out["teams"] = _teams(body.get("teams"))
    if creating or "require_identifier" in body:
        flag = body.get("require_identifier", False)
        if not isinstance(flag, bool):
            raise invalid("require_identifier", "require_identifier must be true or false")
        out["require_identifier"] = flag
    return out


def _check_dates(starts: datetime, ends: datetime | None) -> None:
    if ends is not None and ends < starts:
        raise invalid("ends_ms", "ends_ms must not be before starts_ms")


@events_bp.post("")
@api("Create an event", ok=201)
@document_request(Event)
@require_host
async def create_event() -> ResponseReturnValue:
    """Create an event: ``{"name", "starts_ms"?, "ends_ms"?, "teams"?, "require_identifier"?}``;
    ``starts_ms`` defaults to now; instants may also be ISO 8601 strings."""
    fields = _changes(await json_body(), creating=True)
    starts = fields.get("starts_at") or datetime.now(UTC)
    _check_dates(starts, fields.get("ends_at"))
    event = await get_context().db.events.create(
        current_scope(),
        name=fields["name"],
        starts_at=starts,
        ends_at=fields.get("ends_at"),
        teams=fields["teams"],
        require_identifier=fields["require_identifier"],
    )
    return _keyed(event), 201


@events_bp.get("")
@api("The host's events")
@require_host
async def list_events() -> ResponseReturnValue:
    events = await get_context().db.events.list_all(current_scope())
    return {"events": [_keyed(e) for e in events]}


@events_bp.get("/<event_id>")
@api("One event")
@require_host
async def get_event(event_id: str) -> ResponseReturnValue:
    """The event with its rounds (``games``; each says whether it is ``running``, so the event
    page can open its console or end it)."""
    ctx = get_context()
    event = await ctx.db.events.get(current_scope(), event_id)
    if event is None:
        raise _not_found(event_id)
    games = event.get("games", [])
    phases = await ctx.games.store.phases([g["id"] for g in games]) if games else []
    for game, phase in zip(games, phases, strict=True):
        game["running"] = phase is not None and phase != "finished"
    return _keyed(event)


@events_bp.put("/<event_id>")
@api("Change an event")
@document_request(Event)
@require_host
async def update_event(event_id: str) -> ResponseReturnValue:
    """Change the fields given (the same as for creating); the others keep their values."""
    db = get_context().db
    scope = current_scope()
    fields = _changes(await json_body(), creating=False)
    current = await db.events.get(scope, event_id)
    if current is None:
        raise _not_found(event_id)
    starts = fields.get("starts_at") or parse_instant(current["starts_ms"], "starts_ms")
    ends = (
        fields["ends_at"]
        if "ends_at" in fields
        else None
        if current["ends_ms"] is None
        else parse_instant(current["ends_ms"], "ends_ms")
    )
    _check_dates(starts, ends)
    event = await db.events.update(scope, event_id, fields)
    if event is None:  # deleted meanwhile
        raise _not_found(event_id)
    return _keyed(event)


@events_bp.delete("/<event_id>")
@api("Delete an event", ok=204)
@require_host
async def delete_event(event_id: str) -> ResponseReturnValue:
    """Delete the event; its games and their results stay, no longer part of an event."""
    if not await get_context().db.events.delete(current_scope(), event_id):
        raise _not_found(event_id)
    return "", 204


@events_bp.get("/<event_id>/leaderboard")
@api("An event's leaderboard")
@document_querystring(LeaderboardPage)
@require_host
async def event_leaderboard(event_id: str) -> ResponseReturnValue:
    """``?kind=players|teams&offset=&limit=``: the event's leaderboard over its finished
    rounds, with the players' identifiers (host only)."""
    kind = kind_arg()
    offset, limit = page_args()
    board = await get_context().db.leaderboards.event(
        current_scope(), event_id, kind, offset, limit, identifiers=True
    )
    if board is None:
        raise _not_found(event_id)
    return board
