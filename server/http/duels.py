"""Duels: ``POST /api/duels`` (a member challenges a colleague or a whole team to beat their
score on the same questions, in the same order) and ``GET /api/duels/{id}`` (either side: the
head-to-head once both have played, before that who has).

A duel is a challenge (docs/protocol.md Part 2) of kind "duel": audience "members" but only
its sides may play (`accounts`), one attempt, closing 7 days after it was made, opened as every
challenge is (`server.http.challenges.open_challenge`: its rows first, then its Redis game).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, NotRequired

from pydantic import Field
from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

# pydantic reads TypedDicts from typing_extensions only, before Python 3.12.
from typing_extensions import TypedDict

from games.settings import parse_settings
from server.context import get_context
from server.db.challenges import ChallengeRecord, NewChallenge
from server.db.duels import DUEL, DuelView
from server.db.times import ms_to_datetime
from server.http.challenges import challenge_doc as base_doc
from server.http.challenges import open_challenge
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    current_scope,
    invalid,
    json_body,
    require_member,
)
from server.http.games import check_create_limits, playable_quiz
from server.http.openapi import api

duels_bp = Blueprint("duels", __name__, url_prefix="/api/duels")

#: How long a duel stays open.
DUEL_OPEN = timedelta(days=7)
_FIELDS = {"quiz_id", "opponent_account_id", "opponent_team_id"}
_Id = Annotated[str, Field(min_length=1, max_length=64)]


class NewDuel(TypedDict):
    """``POST /api/duels``: the quiz and exactly one opponent."""

    quiz_id: _Id
    opponent_account_id: NotRequired[_Id]
    opponent_team_id: NotRequired[_Id]


async def challenge_doc(record: ChallengeRecord, now_ms: int) -> dict[str, Any]:
    """A challenge as the duel and daily routes answer it: the challenge routes' shape
    (`server.http.challenges.challenge_doc`) plus ``day`` and the duel's opponent."""
    doc = await base_doc(record, ms_to_datetime(now_ms))
    return {
        **doc,
        "day": record.day,
        "opponent_account_id": record.opponent_account_id,
        "opponent_team_id": record.opponent_team_id,
    }


def _id_field(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_URL_ID:
        raise invalid(name, f"{name} must be an id")
    return value


@duels_bp.post("")
@api(
    "Duel a colleague or a team (member): beat my score on the same questions",
    ok=201,
    limited=True,
    description="Exactly one of opponent_account_id (a member of the workspace, not you) and "
    "opponent_team_id (a workspace team you are not in); the quiz must be one you can see. "
    "The duel is a challenge of kind duel, open to its sides for 7 days, one run each.",
)
@document_request(NewDuel)
@require_member
async def create_duel() -> ResponseReturnValue:
    body = await json_body()
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")
    quiz_id = _id_field(body, "quiz_id")
    if quiz_id is None:
        raise invalid("quiz_id", "quiz_id is required")
    account = _id_field(body, "opponent_account_id")
    team = _id_field(body, "opponent_team_id")
    if (account is None) == (team is None):
        raise invalid("opponent_account_id", "give one of opponent_account_id, opponent_team_id")
    ctx = get_context()
    scope = current_scope()
    if account is not None:
        if account == scope.account_id:
            raise invalid("opponent_account_id", "you cannot duel yourself")
        if await ctx.db.workspaces.membership(scope.workspace_id, account) is None:
            raise ApiError(
                422, "not_member", "the opponent is not a member of this workspace",
                field="opponent_account_id",
            )  # fmt: skip
    # Who may play: the challenger and the opponent, or the challenged team's members as its
    # roster stands now (a duel is theirs, not the workspace's).
    sides = [scope.account_id] + ([account] if account is not None else [])
    if team is not None:
        found = await ctx.db.teams.get(scope, team)
        if found is None:
            raise ApiError(404, "not_found", f"no team {team!r}")
        if any(m["account_id"] == scope.account_id for m in found["members"]):
            raise invalid("opponent_team_id", "you cannot duel your own team")
        sides += [str(m["account_id"]) for m in found["members"]]
    stored, quiz = await playable_quiz(scope, quiz_id)
    await check_create_limits(scope.account_id)
    opens = ms_to_datetime(ctx.games.clock())
    settings = parse_settings(None)
    new = NewChallenge(
        kind=DUEL,
        title=quiz.title,
        quiz_id=quiz_id,
        opens_at=opens,
        closes_at=opens + DUEL_OPEN,
        audience="members",
        team_rule="average",
        settings=settings.to_doc(),
        opponent_account_id=account,
        opponent_team_id=team,
    )
    opened = await open_challenge(
        scope, new, quiz, settings, quiz_version=stored["version"], accounts=tuple(sides)
    )
    record = await ctx.db.challenges.get(scope, opened.challenge_id)
    if record is None:  # pragma: no cover - written before its game was opened
        raise ApiError(503, "unavailable", "the duel could not be read back; try again")
    return await challenge_doc(record, ctx.games.clock()), 201


async def duel_doc(view: DuelView, now_ms: int) -> dict[str, Any]:
    """A duel as ``GET /api/duels/{id}`` answers it."""
    return {
        "challenge": await challenge_doc(view.challenge, now_ms),
        "challenger": view.challenger,
        "opponent": view.opponent,
        "played": view.played,
        "complete": view.complete,
        "sides": view.sides,
        "winner": view.winner,
    }


@duels_bp.get("/<duel_id>")
@api(
    "A duel (either side): who has played; the head-to-head once both have",
    description="sides (each side's best run: score, correct, per_question) and winner (an "
    "account id; null for a tie) once the challenger and the opponent (or a member of the "
    "opponent team) have finished; before that sides is empty. 404 for anyone else.",
)
@require_member
async def get_duel(duel_id: str) -> ResponseReturnValue:
    ctx = get_context()
    now_ms = ctx.games.clock()
    view = await ctx.db.duels.view(current_scope(), duel_id, ms_to_datetime(now_ms))
    if view is None:
        raise ApiError(404, "not_found", f"no duel {duel_id!r}")
    return await duel_doc(view, now_ms)
