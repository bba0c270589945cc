"""The daily challenge and a member's challenges.

- ``GET /api/daily`` (member): today's daily challenge of the workspace (the UTC day), made on
  the first ask of the day: `games.challenges.daily_draw` picks the day's questions from the
  shared quizzes (of the workspace's tag), the same for everyone; ``404 daily_off`` when the
  workspace runs none, ``404 no_questions`` when its shared library has none to draw.
  Two first asks at once make one challenge: the unique (workspace, day) refuses the second's
  rows before its Redis game is made, and it answers the first's.
- ``GET``/``PUT /api/workspaces/{id}/daily`` (admin): the workspace's daily settings
  ``{enabled, tag, count, time_limit_s}``; they apply from the next day's challenge on.
- ``GET /api/me/challenges`` (member): ``{open, done, duels, streak}``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, NotRequired

from pydantic import Field
from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request
from sqlalchemy.exc import IntegrityError

# pydantic reads TypedDicts from typing_extensions only, before Python 3.12.
from typing_extensions import TypedDict

from games.challenges import DAILY_MAX_QUESTIONS, daily_draw
from games.errors import InvalidInput
from games.kinds.question import MAX_TIME_LIMIT_MS, MIN_TIME_LIMIT_MS
from games.limits import MAX_TAG
from games.quiz import parse_quiz, parse_tags
from games.settings import parse_settings
from server.context import get_context
from server.db.challenges import NewChallenge
from server.db.daily import DailyConfig, day_bounds
from server.db.scope import Scope
from server.db.streaks import DAILY
from server.db.times import ms_to_datetime
from server.http.challenges import open_challenge
from server.http.common import (
    ApiError,
    current_scope,
    invalid,
    json_body,
    require_admin,
    require_member,
)
from server.http.duels import challenge_doc
from server.http.openapi import api

daily_bp = Blueprint("daily", __name__, url_prefix="/api")

_MIN_S, _MAX_S = MIN_TIME_LIMIT_MS // 1000, MAX_TIME_LIMIT_MS // 1000
_SETTINGS = {"enabled", "tag", "count", "time_limit_s"}


class DailySettingsBody(TypedDict):
    """``PUT /api/workspaces/{id}/daily``."""

    enabled: bool
    tag: NotRequired[Annotated[str, Field(max_length=MAX_TAG)] | None]
    count: Annotated[int, Field(ge=1, le=DAILY_MAX_QUESTIONS)]
    time_limit_s: Annotated[int, Field(ge=_MIN_S, le=_MAX_S)]


def _utc_day(now_ms: int) -> date:
    return ms_to_datetime(now_ms).astimezone(UTC).date()


def _int(body: dict[str, Any], name: str, low: int, high: int) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise invalid(name, f"{name} must be a whole number from {low} to {high}")
    return value


def _parse_settings(body: dict[str, Any]) -> DailyConfig:
    unknown = sorted(set(body) - _SETTINGS)
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    enabled = body.get("enabled")
    if not isinstance(enabled, bool):
        raise invalid("enabled", "enabled must be true or false")
    raw_tag = body.get("tag")
    tag: str | None = None
    if raw_tag is not None:
        if not isinstance(raw_tag, str):
            raise invalid("tag", "tag must be a string or null")
        if raw_tag.strip():
            try:
                (tag,) = parse_tags([raw_tag], "tag")
            except InvalidInput:
                raise invalid("tag", f"tag must be at most {MAX_TAG} characters") from None
    count = _int(body, "count", 1, DAILY_MAX_QUESTIONS)
    return DailyConfig(enabled, tag, count, _int(body, "time_limit_s", _MIN_S, _MAX_S))


@daily_bp.get("/workspaces/<workspace_id>/daily")
@api("The workspace's daily challenge settings (admin)")
@require_admin
async def get_daily_settings(workspace_id: str) -> ResponseReturnValue:
    return (await get_context().db.daily.config(current_scope())).to_doc()


@daily_bp.put("/workspaces/<workspace_id>/daily")
@api(
    "Set the workspace's daily challenge (admin)",
    description="enabled; tag (null or empty: the whole shared library); count questions "
    f"(1-{DAILY_MAX_QUESTIONS}) of time_limit_s seconds each ({_MIN_S}-{_MAX_S}). They apply "
    "from the next day's challenge on.",
)
@document_request(DailySettingsBody)
@require_admin
async def put_daily_settings(workspace_id: str) -> ResponseReturnValue:
    config = _parse_settings(await json_body())
    return (await get_context().db.daily.configure(current_scope(), config)).to_doc()


async def _make_day(scope: Scope, config: DailyConfig, day: date) -> None:
    """Draw and open the day's challenge; a concurrent first ask that made it meanwhile wins
    (`IntegrityError` from the ledger, before any Redis key was written)."""
    db = get_context().db
    bank = await db.daily.bank(scope, config.tag)
    by_id = {q.id: q for q in bank}
    drawn = daily_draw(sorted(by_id), day.isoformat(), scope.workspace_id, config.count)
    if not drawn:
        raise ApiError(404, "no_questions", "the shared library has no questions to draw")
    limit_ms = config.time_limit_s * 1000
    title = f"Daily challenge {day.isoformat()}"
    quiz = parse_quiz(
        {
            "title": title,
            "questions": [{**by_id[q].question, "time_limit_ms": limit_ms} for q in drawn],
        }
    )
    opens, closes = day_bounds(day)
    settings = parse_settings(None)
    new = NewChallenge(
        kind=DAILY,
        title=title,
        quiz_id=None,
        opens_at=opens,
        closes_at=closes,
        audience="members",
        team_rule="average",
        settings=settings.to_doc(),
        day=day.isoformat(),
    )
    try:
        await open_challenge(scope, new, quiz, settings)
    except IntegrityError:
        return  # made meanwhile: the caller reads it


@daily_bp.get("/daily")
@api(
    "Today's daily challenge (member), made on the first ask of the UTC day",
    description="404 daily_off when the workspace runs none; 404 no_questions when its shared "
    "library has nothing to draw. streak is the caller's day streak.",
)
@require_member
async def today() -> ResponseReturnValue:
    ctx = get_context()
    scope = current_scope()
    config = await ctx.db.daily.config(scope)
    if not config.enabled:
        raise ApiError(404, "daily_off", "this workspace runs no daily challenge")
    now_ms = ctx.games.clock()
    day = _utc_day(now_ms)
    record = await ctx.db.daily.of_day(scope, day)
    if record is None:
        await _make_day(scope, config, day)
        record = await ctx.db.daily.of_day(scope, day)
    if record is None:  # pragma: no cover - made above, or by the concurrent ask
        raise ApiError(503, "unavailable", "the daily challenge could not be made; try again")
    current, best = await ctx.db.daily.streak(scope, scope.account_id, day)
    return {
        "challenge": await challenge_doc(record, now_ms),
        "streak": {"current": current, "best": best},
    }


@daily_bp.get("/me/challenges")
@api(
    "Your challenges in the workspace (member): open, done, duels, day streak",
    description="open: open now, you are invited, a run is still allowed; done: each with your "
    "best score, its rank among the players' best runs, finished_at and runs; duels: every duel "
    "you are a side of; streak: {current, best} days in a row of the daily challenge.",
)
@require_member
async def my_challenges() -> ResponseReturnValue:
    ctx = get_context()
    scope = current_scope()
    now_ms = ctx.games.clock()
    at: datetime = ms_to_datetime(now_ms)
    found = await ctx.db.duels.mine(scope, at)
    current, best = await ctx.db.daily.streak(scope, scope.account_id, _utc_day(now_ms))

    async def render(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"challenge": await challenge_doc(i["record"], now_ms)}
            | {k: v for k, v in i.items() if k != "record"}
            for i in items
        ]

    return {
        "open": await render(found["open"]),
        "done": await render(found["done"]),
        "duels": await render(found["duels"]),
        "streak": {"current": current, "best": best},
    }
