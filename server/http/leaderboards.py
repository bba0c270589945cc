"""``/api/leaderboards``: a host's lasting leaderboards, all time or over a season.

Also the query-string helpers the event and report endpoints share: a page (`page_args`), a
leaderboard kind (`kind_arg`) and an instant given as epoch milliseconds or an ISO 8601 date
or date-time (`parse_instant`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from quart import Blueprint, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring

from server.context import get_context
from server.db.leaderboards import KINDS, MAX_LIMIT, Kind
from server.db.times import ms_to_datetime
from server.http.api_models import Season
from server.http.common import current_scope, invalid, require_host
from server.http.openapi import api

leaderboards_bp = Blueprint("leaderboards", __name__, url_prefix="/api/leaderboards")

DEFAULT_LIMIT = 50
_DIGITS = re.compile(r"-?[0-9]{1,16}")
#: Instants a host may name: from 1970-01-01 to 9999-12-31 (UTC), in epoch milliseconds.
_MIN_MS = 0
_MAX_MS = 253_402_300_799_999


def parse_instant(value: object, field: str) -> datetime:
    """An instant given as epoch milliseconds (an integer, or its digits in a string) or as
    an ISO 8601 date (midnight UTC) or date-time (UTC when it names no offset).

    Raises ``422 invalid`` naming `field` otherwise.
    """
    message = (
        f"{field} must be epoch milliseconds or an ISO 8601 date or date-time "
        "from 1970 to 9999 (UTC)"
    )
    if isinstance(value, int) and not isinstance(value, bool):
        if not _MIN_MS <= value <= _MAX_MS:
            raise invalid(field, message)
        return ms_to_datetime(value)
    if not isinstance(value, str) or not value.strip():
        raise invalid(field, message)
    text = value.strip()
    if _DIGITS.fullmatch(text):
        return parse_instant(int(text), field)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            instant = datetime(day.year, day.month, day.day, tzinfo=UTC)
        else:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(field, message) from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    try:
        # An offset can carry year 1 or 9999 out of what a datetime holds.
        utc = instant.astimezone(UTC)
    except OverflowError:
        raise invalid(field, message) from None
    if not _MIN_MS <= int(utc.timestamp() * 1000) <= _MAX_MS:
        raise invalid(field, message)
    return utc


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not _DIGITS.fullmatch(raw.strip()) or not low <= int(raw) <= high:
        raise invalid(name, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def page_args() -> tuple[int, int]:
    """``offset`` (default 0) and ``limit`` (default 50, at most 500) from the query string."""
    return int_arg("offset", 0, 0, 10**9), int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def kind_arg() -> Kind:
    """``kind``: ``players`` (the default) or ``teams``."""
    kind = request.args.get("kind", "players")
    for known in KINDS:
        if kind == known:
            return known
    raise invalid("kind", "kind must be players or teams")


@leaderboards_bp.get("")
@api("Lasting leaderboard (all time or a season)")
@document_querystring(Season)
@require_host
async def leaderboard() -> ResponseReturnValue:
    """The host's leaderboard: ``?kind=players|teams&from=&to=&offset=&limit=``.

    ``from`` is inclusive and ``to`` exclusive; without them the board covers all time.
    """
    kind = kind_arg()
    offset, limit = page_args()
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    start = None if raw_from in (None, "") else parse_instant(raw_from, "from")
    end = None if raw_to in (None, "") else parse_instant(raw_to, "to")
    if start is not None and end is not None and end <= start:
        raise invalid("to", "to must be later than from")
    return await get_context().db.leaderboards.season(
        current_scope(), kind, start, end, offset=offset, limit=limit
    )
