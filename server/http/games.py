"""``/api/games``: start a live game from a quiz, and read a finished game's results.

Creating games is limited per account: ``HUDDLE_GAME_RATE_PER_MIN`` a clock minute (counted in
Redis across nodes; ``429 rate_limited`` with ``Retry-After`` beyond) and
``HUDDLE_MAX_RUNNING_GAMES`` games not finished at once (``429 too_many_games``), so one account
cannot take the PIN space.

A game summary says whether the game is ``running`` (Redis holds it, not finished): the host
may then open its console from any browser (``attach {game_id, token}``) or end it here
(``POST /api/games/{id}/end``). ``DELETE /api/games/{id}`` deletes a game that is not running,
in SQL and Redis (docs/privacy.md).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue
from quart_schema import document_request

from games.errors import RuleViolation
from games.phases import Phase
from games.quiz import Quiz, parse_quiz
from games.settings import MAX_TEAMS, MIN_TEAMS, GameSettings, parse_settings
from server.context import get_context
from server.db.database import Database
from server.db.errors import Forbidden, NotFinished, NotFound
from server.db.games import GameRecord
from server.db.scope import Role, Scope
from server.db.teams import fixed_teams
from server.db.times import datetime_to_ms
from server.http.api_models import NewGame
from server.http.common import (
    MAX_URL_ID,
    ApiError,
    current_host,
    current_scope,
    invalid,
    json_body,
    rate_limited,
    require_host,
)
from server.http.openapi import api

log = logging.getLogger(__name__)

games_bp = Blueprint("games", __name__, url_prefix="/api/games")


async def check_create_limits(host_id: str) -> None:
    """Count a game the host is about to create: over ``HUDDLE_GAME_RATE_PER_MIN`` this minute
    raises ``429 rate_limited`` (``Retry-After``: the seconds left in the minute); with
    ``HUDDLE_MAX_RUNNING_GAMES`` games of the host still running, ``429 too_many_games``. The
    games are in Redis, so an unreachable Redis fails the creation anyway (``503``).

    Two creations at the same instant may both pass the running-games check; the per-minute
    rate bounds how far over the cap that can go."""
    ctx = get_context()
    settings, store = ctx.settings, ctx.games.store
    now_ms = int(ctx.games.clock())
    if settings.game_rate_per_min and (
        await store.count_game_create(host_id, now_ms) > settings.game_rate_per_min
    ):
        raise rate_limited("too many games started from this account; wait a minute", now_ms)
    if settings.max_running_games and (
        await store.running_games(host_id, now_ms) >= settings.max_running_games
    ):
        raise ApiError(
            429,
            "too_many_games",
            f"{settings.max_running_games} of your games are running; end one first",
        )


class _SqlLedger:
    """The game's SQL row, written before its PIN is claimed (`server.rooms.loaded.GameLedger`)."""

    def __init__(
        self,
        db: Database,
        scope: Scope,
        quiz_id: str,
        settings: GameSettings,
        event_id: str | None,
        quiz_version: int | None = None,
    ) -> None:
        self.db, self.scope, self.quiz_id = db, scope, quiz_id
        self.settings, self.event_id = settings, event_id
        self.quiz_version = quiz_version

    async def record(self, gid: str, pin: str, quiz: Quiz) -> None:
        await self.db.games.create(
            self.scope,
            game_id=gid,
            quiz_id=self.quiz_id,
            pin=pin,
            title=quiz.title,
            settings=self.settings.to_doc(),
            quiz=quiz.to_doc(),
            event_id=self.event_id,
            quiz_version=self.quiz_version,
        )

    async def forget(self, gid: str) -> None:
        await self.db.games.delete(self.scope, gid)


@games_bp.post("")
@api("Start a live game", ok=201, limited=True)
@document_request(NewGame)
@require_host
async def create_game() -> ResponseReturnValue:
    body = await json_body()
    unknown = sorted(set(body) - {"quiz_id", "settings", "event_id"})
    if unknown:
        raise ApiError(422, "invalid", f"unknown field {unknown[0]!r}", field=unknown[0])
    quiz_id = body.get("quiz_id")
    if not isinstance(quiz_id, str) or not 1 <= len(quiz_id) <= MAX_URL_ID:
        raise ApiError(
            422, "invalid", "quiz_id must be the id of one of your quizzes", field="quiz_id"
        )
    event_id = body.get("event_id")
    if event_id is not None and (
        not isinstance(event_id, str) or not 1 <= len(event_id) <= MAX_URL_ID
    ):
        raise ApiError(
            422, "invalid", "event_id must be the id of one of your events", field="event_id"
        )
    ctx = get_context()
    host, scope = current_host(), current_scope()
    event = None if event_id is None else await ctx.db.events.get(scope, event_id)
    if event_id is not None and event is None:
        raise ApiError(404, "not_found", f"no event {event_id!r}")
    raw_settings = body.get("settings")
    if event is not None and event["teams"] and isinstance(raw_settings, dict | None):
        # A round of an event with teams offers the event's teams unless told otherwise.
        raw_settings = dict(raw_settings or {})
        raw_settings.setdefault("teams", {"mode": "choose", "names": event["teams"]})
    settings = parse_settings(raw_settings)
    settings, fixed = await team_snapshot(scope, settings, event_id)
    stored, quiz = await playable_quiz(scope, quiz_id)
    await check_create_limits(host.id)
    created = await ctx.games.create(
        host_id=host.id,
        quiz_id=quiz_id,
        quiz=quiz,
        settings=settings,
        event_id=event_id,
        require_identifier=bool(event and event["require_identifier"]),
        ledger=_SqlLedger(ctx.db, scope, quiz_id, settings, event_id, stored["version"]),
        workspace_id=scope.workspace_id,
        fixed_teams=fixed,
    )
    return {
        "id": created.id,
        "pin": created.pin,
        "host_key": created.host_key,
        "join_url": created.join_url,
    }, 201


async def playable_quiz(scope: Scope, quiz_id: str) -> tuple[dict[str, Any], Quiz]:
    """The stored quiz a new game, challenge or duel plays, and its parsed questions, leaving
    out those crediting a hidden contribution (`QuizRepo.playable`). 404 not_found when the
    scope does not see it, 422 no_questions when every question is hidden. The game keeps its
    quiz's tags (when the quiz has some), for the team skills page."""
    stored = await get_context().db.quizzes.playable(scope, quiz_id)
    if stored is None:
        raise ApiError(404, "not_found", f"no quiz {quiz_id!r}")
    if not stored["questions"]:
        raise ApiError(422, "no_questions", "every question of this quiz is hidden")
    doc = {k: v for k, v in stored.items() if k in ("title", "questions", "description", "tags")}
    return stored, parse_quiz(doc)


async def team_snapshot(
    scope: Scope,
    settings: GameSettings,
    event_id: str | None,
    only: Collection[str] | None = None,
) -> tuple[GameSettings, dict[str, str]]:
    """The settings with the workspace's teams filled in (``{"mode": "workspace"}``), and the
    people whose team is decided: the rosters' members (workspace teams) and, in a round of an
    event, everyone who played an earlier round for one of its teams (docs/rules.md).

    `only` keeps the teams with these ids (a team challenge's ``team_ids``, refused with
    ``422 invalid`` when one is not a team of the workspace) and their rosters."""
    teams = settings.teams
    if teams is None:
        return settings, {}
    ctx = get_context()
    roster: dict[str, str] = {}
    if teams.source == "workspace":
        if teams.resolved:
            raise invalid("settings.teams.source", 'ask for {"mode": "workspace"} instead')
        snapshot = await ctx.db.teams.snapshot(scope)
        chosen = snapshot.teams
        if only is not None:
            if set(only) - {tid for tid, _ in chosen}:
                raise invalid("team_ids", "team_ids must name teams of the workspace")
            chosen = [(tid, name) for tid, name in chosen if tid in only]
        if not MIN_TEAMS <= len(chosen) <= MAX_TEAMS:
            raise invalid(
                "settings.teams" if only is None else "team_ids",
                f"the workspace needs {MIN_TEAMS} to {MAX_TEAMS} teams to play as its teams "
                f"(it has {len(chosen)})"
                if only is None
                else f"team_ids must name {MIN_TEAMS} to {MAX_TEAMS} teams",
            )
        teams = teams.with_workspace_teams(chosen)
        settings = replace(settings, teams=teams)
        names = {name for _, name in chosen}
        roster = {account: name for account, name in snapshot.roster.items() if name in names}
    earlier = {} if event_id is None else await ctx.db.teams.event_history(scope, event_id)
    return settings, fixed_teams(roster, earlier)


def _game_summary(game: GameRecord, phase: str | None) -> dict[str, Any]:
    """A game as ``GET /api/games`` lists it; `phase` is its live phase in Redis (None: Redis
    no longer holds it)."""
    return {
        "running": phase is not None and phase != Phase.FINISHED.value,
        "phase": phase,
        "id": game.id,
        "pin": game.pin,
        "quiz_id": game.quiz_id,
        "quiz_version": game.quiz_version,
        "title": game.title,
        "settings": game.settings,
        "created_ms": datetime_to_ms(game.created_at),
        "started_ms": datetime_to_ms(game.started_at) if game.started_at else None,
        "finished_ms": datetime_to_ms(game.finished_at) if game.finished_at else None,
        "results": game.results_at is not None,
        "event_id": game.event_id,
    }


@games_bp.get("")
@api("The host's games")
@require_host
async def list_games() -> ResponseReturnValue:
    """The host's games, newest first (an addition to the protocol, for the host pages)."""
    ctx = get_context()
    games = await ctx.db.games.list_all(current_scope())
    phases = await ctx.games.store.phases([g.id for g in games]) if games else []
    return {"games": [_game_summary(g, p) for g, p in zip(games, phases, strict=True)]}


@games_bp.get("/<game_id>")
@api("One of the host's games")
@require_host
async def get_game(game_id: str) -> ResponseReturnValue:
    """One of the host's games (an addition to the protocol, for the host pages)."""
    game = await _own_game(game_id)
    return _game_summary(game, await _phase(game_id))


async def _own_game(game_id: str) -> GameRecord:
    """The current host's game, else ``404 not_found`` (also for another host's game, and for
    an id no game can have: too long, or with a NUL or a lone surrogate, which SQL refuses)."""
    if len(game_id) > 64 or not game_id.isprintable():
        raise ApiError(404, "not_found", "no such game")
    game = await get_context().db.games.get(current_scope(), game_id)
    if game is None:
        raise ApiError(404, "not_found", f"no game {game_id!r}")
    return game


async def _phase(game_id: str) -> str | None:
    phases: list[str | None] = await get_context().games.store.phases([game_id])
    return phases[0]


@games_bp.post("/<game_id>/end")
@api("End a running game (409 not_running)")
@require_host
async def end_game(game_id: str) -> ResponseReturnValue:
    """End a running game of the host (an abandoned round, a console that was closed): as the
    console's ``end``, its results then reach SQL. ``200`` the game summary; ``409 not_running``
    when it finished already or Redis no longer holds it (it expired)."""
    game = await _own_game(game_id)
    phase = await _phase(game_id)
    if phase is None or phase == Phase.FINISHED.value:
        raise ApiError(409, "not_running", "the game is not running")
    try:
        await get_context().games.host.command(game_id, "end")
    except RuleViolation as err:
        if err.code not in ("game_over", "game_not_found"):
            raise ApiError(409, err.code, err.message) from None
        # It ended meanwhile (another console, a node's timer): the same outcome.
    log.info("host ended the game over HTTP", extra={"game_id": game_id})
    return _game_summary(game, await _phase(game_id))


@games_bp.delete("/<game_id>")
@api(
    "Delete a game that is not running, in SQL and Redis (409 game_running, results_pending)",
    ok=204,
    errors={403: "not its creator nor an admin (code forbidden)"},
)
@require_host
async def delete_game(game_id: str) -> ResponseReturnValue:
    """Delete one of the host's games that is not running, with everything SQL and Redis hold
    of it (docs/privacy.md) → ``204``. ``409 game_running`` while it runs (end it first);
    ``409 results_pending`` in the moment between its end and its results reaching SQL (so
    the results are not written after the game was deleted)."""
    ctx = get_context()
    game = await _own_game(game_id)
    try:
        current_scope().require_creator_or(game.host_id, Role.ADMIN)
    except Forbidden:
        raise ApiError(403, "forbidden", "only its creator or an admin deletes a game") from None
    phase = await _phase(game_id)
    if phase is not None and phase != Phase.FINISHED.value:
        raise ApiError(409, "game_running", "the game is running; end it first")
    if phase == Phase.FINISHED.value and game.results_at is None:
        raise ApiError(
            409,
            "results_pending",
            "the game's results are being written; try again in a moment",
            headers={"Retry-After": "1"},
        )
    await ctx.games.delete(game_id, game.pin, len(game.quiz.get("questions", [])), game.host_id)
    if not await ctx.db.games.delete(current_scope(), game_id):
        raise ApiError(404, "not_found", f"no game {game_id!r}")
    log.info("host deleted the game", extra={"game_id": game_id})
    return "", 204


@games_bp.get("/<game_id>/results")
@api("A finished game's results")
@require_host
async def results(game_id: str) -> ResponseReturnValue:
    ctx = get_context()
    try:
        return await ctx.db.results.get(current_scope(), game_id)
    except NotFound:
        raise ApiError(404, "not_found", f"no game {game_id!r}") from None
    except NotFinished:
        raise ApiError(409, "not_finished", "the game has not finished yet") from None
