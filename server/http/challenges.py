"""``/api/challenges``: self-paced challenges a host makes from a quiz, their list, one
challenge, closing it early, and its standings.

A challenge is a ``challenges`` row, the ``games`` row its runs are appended to, and a Redis
game with its own PIN (``rooms.challenges``, server/modes/challenge). `open_challenge` writes
them in that order through a ledger, as ``POST /api/games`` does for a live game, so Redis never
holds a challenge SQL lacks. A member reads a challenge they are invited to (its audience) once
it has opened, and its standings; a host reads and closes any of the workspace's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from quart import Blueprint, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring, document_request

from games.challenges import parse_team_rule, team_rule_doc
from games.errors import RuleViolation
from games.limits import MAX_TITLE
from games.quiz import Quiz
from games.settings import MAX_TEAMS, GameSettings, parse_settings
from server.context import get_context
from server.db.challenge_models import AUDIENCES
from server.db.challenges import CLOSED, OPEN, SCHEDULED, ChallengeRecord, NewChallenge
from server.db.database import Database
from server.db.errors import Forbidden
from server.db.models import new_id
from server.db.scope import Role, Scope
from server.db.times import datetime_to_ms, ms_to_datetime, opt_ms
from server.http.api_models import ChallengeList, NewChallengeBody
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    current_host,
    current_scope,
    field_str,
    invalid,
    json_body,
    require_host,
    require_member,
)
from server.http.games import check_create_limits, playable_quiz, team_snapshot
from server.http.leaderboards import parse_instant
from server.http.openapi import api
from server.modes.challenge.opening import MAX_ATTEMPTS, ChallengeOpening
from server.rooms.loaded import CreatedGame

log = logging.getLogger(__name__)

challenges_bp = Blueprint("challenges", __name__, url_prefix="/api/challenges")

#: How far ahead a challenge may close.
MAX_OPEN_DAYS = 90
FIELDS = (
    "quiz_id", "title", "opens_at", "closes_at", "audience", "team_ids", "team_rule",
    "attempts", "settings",
)  # fmt: skip
STATUSES = (SCHEDULED, OPEN, CLOSED)


class _Ledger:
    """The challenge's rows (``challenges`` and ``games``), written in one transaction before
    its PIN is claimed (`server.rooms.loaded.GameLedger`), deleted again if opening fails."""

    def __init__(
        self, db: Database, scope: Scope, challenge_id: str, new: NewChallenge, version: int | None
    ) -> None:
        self.db, self.scope, self.challenge_id = db, scope, challenge_id
        self.new, self.version = new, version

    async def record(self, gid: str, pin: str, quiz: Quiz) -> None:
        await self.db.challenges.create(
            self.scope, self.new, challenge_id=self.challenge_id, game_id=gid, pin=pin,
            quiz=quiz.to_doc(), quiz_version=self.version,
        )  # fmt: skip

    async def forget(self, gid: str) -> None:
        await self.db.games.delete(self.scope, gid)  # its challenge row goes with it


@dataclass(frozen=True, slots=True)
class Opened:
    """What `open_challenge` made: the challenge's id and its Redis game."""

    challenge_id: str
    created: CreatedGame


async def open_challenge(
    scope: Scope,
    new: NewChallenge,
    quiz: Quiz,
    settings: GameSettings,
    *,
    fixed_teams: Mapping[str, str] | None = None,
    quiz_version: int | None = None,
    accounts: tuple[str, ...] = (),
) -> Opened:
    """Write a challenge's rows and open its Redis game (``rooms.challenges.open``); the
    scope's account is its creator. `new.settings` must be `settings` as a document. A
    runtime refusal (`RuleViolation`) is ``422`` with its code; the rows are gone again then.
    Non-empty `accounts` are the only accounts that may play (a duel's sides)."""
    ctx = get_context()
    cid = new_id()
    opening = ChallengeOpening(
        challenge_id=cid, workspace_id=scope.workspace_id, host_id=scope.account_id,
        quiz_id=new.quiz_id, quiz=quiz, settings=settings,
        opens_ms=datetime_to_ms(new.opens_at), closes_ms=datetime_to_ms(new.closes_at),
        audience=new.audience, team_ids=tuple(new.team_ids), fixed_teams=fixed_teams or {},
        attempts=new.attempts, title=new.title, accounts=accounts,
    )  # fmt: skip
    try:
        created = await ctx.games.challenges.open(
            opening, _Ledger(ctx.db, scope, cid, new, quiz_version)
        )
    except RuleViolation as err:
        raise ApiError(422, err.code, err.message) from None
    log.info("challenge created", extra={"game_id": created.id})
    return Opened(cid, created)


def _not_found(challenge_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no challenge {challenge_id!r}")


def _now() -> datetime:
    """Now on the runtime's clock, which decides when a challenge opens and closes."""
    return ms_to_datetime(int(get_context().games.clock()))


async def challenge_doc(c: ChallengeRecord, at: datetime) -> dict[str, Any]:
    """A challenge as the API gives it: instants in epoch ms, its status at `at`, ``players``
    who joined (Redis, while it holds the game) and ``finished`` runs (in SQL)."""
    ctx = get_context()
    try:
        live = await ctx.games.challenges.summary(c.game_id)
        players = max(int(live.get("players", 0)), c.runs)
    except RuleViolation:
        players = c.runs  # the Redis game expired: what SQL has
    return {
        "id": c.id, "kind": c.kind, "title": c.title, "quiz_id": c.quiz_id, "pin": c.pin,
        "join_url": f"{ctx.settings.base_url}/join/{c.pin}", "game_id": c.game_id,
        "opens_at": datetime_to_ms(c.opens_at), "closes_at": datetime_to_ms(c.closes_at),
        "closed_at": opt_ms(c.closed_at), "created_at": datetime_to_ms(c.created_at),
        "audience": c.audience, "team_ids": list(c.team_ids), "team_rule": c.team_rule,
        "attempts": c.attempts, "status": c.status(at), "players": players,
        "finished": c.runs, "host_id": c.host_id,
    }  # fmt: skip


def _team_ids(raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_TEAMS:
        raise invalid("team_ids", f"team_ids must be a list of at most {MAX_TEAMS} team ids")
    for tid in raw:
        if not isinstance(tid, str) or not 1 <= len(tid) <= MAX_URL_ID or not tid.isprintable():
            raise invalid("team_ids", "team_ids must name teams of the workspace")
    if len(set(raw)) != len(raw):
        raise invalid("team_ids", "team_ids must not repeat a team")
    return tuple(raw)


def _attempts(raw: object) -> int:
    if raw is None:
        return 1
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_ATTEMPTS:
        raise invalid("attempts", f"attempts must be a whole number from 1 to {MAX_ATTEMPTS}")
    return raw


def _times(body: Mapping[str, Any], at: datetime) -> tuple[datetime, datetime]:
    if body.get("closes_at") is None:
        raise invalid("closes_at", "closes_at is required")
    closes = parse_instant(body["closes_at"], "closes_at")
    opens = at if body.get("opens_at") is None else parse_instant(body["opens_at"], "opens_at")
    if closes <= at:
        raise invalid("closes_at", "closes_at must be in the future")
    if closes > at + timedelta(days=MAX_OPEN_DAYS):
        raise invalid("closes_at", f"closes_at must be at most {MAX_OPEN_DAYS} days ahead")
    if opens >= closes:
        raise invalid("opens_at", "opens_at must be before closes_at")
    return opens, closes


@challenges_bp.post("")
@api("Create a self-paced challenge from a quiz", ok=201, limited=True)
@document_request(NewChallengeBody)
@require_host
async def create_challenge() -> ResponseReturnValue:
    """``{quiz_id, title?, opens_at?, closes_at, audience, team_ids?, team_rule?, attempts?,
    settings?}`` → ``201`` the challenge (docs/protocol.md Part 2). Instants are epoch ms or
    ISO 8601; ``team_ids`` (2 to 20 of the workspace's teams) make it team against team."""
    body = await json_body()
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    quiz_id = body.get("quiz_id")
    if not isinstance(quiz_id, str) or not 1 <= len(quiz_id) <= MAX_URL_ID:
        raise invalid("quiz_id", "quiz_id must be the id of one of your quizzes")
    title = None if body.get("title") is None else field_str(body, "title", max_len=MAX_TITLE)
    at = _now()
    opens, closes = _times(body, at)
    audience = body.get("audience")
    if audience not in AUDIENCES:
        raise invalid("audience", f"audience must be one of {', '.join(AUDIENCES)}")
    team_ids = _team_ids(body.get("team_ids"))
    if audience == "teams" and not team_ids:
        raise invalid("team_ids", 'audience "teams" needs team_ids')
    try:
        rule = parse_team_rule(body.get("team_rule", "average"))
    except RuleViolation as err:
        raise invalid("team_rule", err.message) from None
    attempts = _attempts(body.get("attempts"))
    raw_settings = body.get("settings")
    if isinstance(raw_settings, dict) and "teams" in raw_settings:
        raise invalid("settings.teams", "a challenge's teams are its team_ids")
    if team_ids and isinstance(raw_settings, dict | None):
        raw_settings = {
            **(raw_settings or {}), "teams": {"mode": "workspace", "score": team_rule_doc(rule)}
        }  # fmt: skip
    settings = parse_settings(raw_settings)
    ctx, host, scope = get_context(), current_host(), current_scope()
    settings, fixed = await team_snapshot(scope, settings, None, only=team_ids or None)
    stored, quiz = await playable_quiz(scope, quiz_id)
    await check_create_limits(host.id)
    new = NewChallenge(
        kind="challenge", title=title or quiz.title, quiz_id=quiz_id, opens_at=opens,
        closes_at=closes, audience=audience, team_rule=team_rule_doc(rule),
        settings=settings.to_doc(), team_ids=team_ids, attempts=attempts,
    )  # fmt: skip
    opened = await open_challenge(
        scope, new, quiz, settings, fixed_teams=fixed, quiz_version=stored["version"]
    )
    record = await ctx.db.challenges.get(scope, opened.challenge_id)
    if record is None:  # pragma: no cover - deleted in the instant since it was written
        raise _not_found(opened.challenge_id)
    return await challenge_doc(record, at), 201


@challenges_bp.get("")
@api("The workspace's challenges, newest first (?status=scheduled|open|closed)")
@document_querystring(ChallengeList)
@require_host
async def list_challenges() -> ResponseReturnValue:
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise invalid("status", f"status must be one of {', '.join(STATUSES)}")
    at = _now()
    found = await get_context().db.challenges.list_all(current_scope(), status=status, at=at)
    return {"challenges": [await challenge_doc(c, at) for c in found]}


async def _readable(challenge_id: str) -> ChallengeRecord:
    """The challenge the caller may read: a host any of the workspace's; a member one they
    are invited to that has opened. Else ``404 not_found`` (not told apart)."""
    if not 1 <= len(challenge_id) <= MAX_URL_ID or not challenge_id.isprintable():
        raise _not_found(challenge_id)
    db, scope = get_context().db, current_scope()
    found = await db.challenges.get(scope, challenge_id)
    if found is None:
        raise _not_found(challenge_id)
    if not scope.role.at_least(Role.HOST) and (
        found.status(_now()) == SCHEDULED or not await db.challenges.invited(scope, found)
    ):
        raise _not_found(challenge_id)
    return found


@challenges_bp.get("/<challenge_id>")
@api("One challenge (a member: one they are invited to, once it has opened)")
@require_member
async def get_challenge(challenge_id: str) -> ResponseReturnValue:
    return await challenge_doc(await _readable(challenge_id), _now())


@challenges_bp.post("/<challenge_id>/close")
@api(
    "Close a challenge now: no new run starts (idempotent)",
    errors={403: "not its creator nor an admin (code forbidden)"},
)
@require_host
async def close_challenge(challenge_id: str) -> ResponseReturnValue:
    """Close the challenge early → ``200`` the challenge. Runs under way end once their
    current question closes; their results still count."""
    ctx, scope = get_context(), current_scope()
    found = await _readable(challenge_id)
    try:
        scope.require_creator_or(found.host_id, Role.ADMIN)
    except Forbidden:
        raise ApiError(403, "forbidden", "only its creator or an admin closes it") from None
    try:
        await ctx.games.challenges.close(found.game_id)
    except RuleViolation as err:
        if err.code != "game_not_found":  # expired in Redis: closed there anyway
            raise ApiError(409, err.code, err.message) from None
    closed = await ctx.db.challenges.close(scope, challenge_id)
    if closed is None:
        raise _not_found(challenge_id)
    log.info("host closed the challenge", extra={"game_id": found.game_id})
    return await challenge_doc(closed, _now())


@challenges_bp.get("/<challenge_id>/standings")
@api("A challenge's standings: each person's best run, and its teams with participation")
@require_member
async def standings(challenge_id: str) -> ResponseReturnValue:
    found = await _readable(challenge_id)
    got = await get_context().db.challenges.standings(current_scope(), found.id)
    if got is None:
        raise _not_found(challenge_id)
    return {**got, "challenge": await challenge_doc(got["challenge"], _now())}
