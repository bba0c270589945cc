"""Lasting leaderboards, aggregated and ranked in SQL.

Players are grouped by identity, teams by team name, over the finished games of a scope: a
host's games finished in a date range (`HostScope`), or the rounds of an event (`EventScope`).
Ranks are competition ranks computed by ``RANK()`` over (total score desc, total time of
correct answers asc) for players and (total score desc) for teams, as in a game; only the
requested page leaves the database.

A host's player leaderboard reads nothing but a covering index of ``game_players``:
``ix_game_players_leaderboard`` (host, identity, finished_at, score, time, correct, won) all
time, ``ix_game_players_season`` (host, finished_at, identity, …) over a date range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Game, GamePlayer, GameTeam, Identity

Kind = Literal["players", "teams"]
KINDS: tuple[Kind, ...] = ("players", "teams")
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class HostScope:
    """A host's games finished in [start, end) (either bound may be open)."""

    host_id: str
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventScope:
    """The finished rounds of one event."""

    event_id: str


Scope = HostScope | EventScope


def _wins(column: Any) -> Any:
    return func.sum(case((column, 1), else_=0))


def _player_rows(scope: Scope) -> Select[Any]:
    gp = GamePlayer
    conditions: list[ColumnElement[bool]] = [gp.identity_id.is_not(None)]
    if isinstance(scope, HostScope):
        conditions.append(gp.host_id == scope.host_id)
        if scope.start is not None:
            conditions.append(gp.finished_at >= scope.start)
        if scope.end is not None:
            conditions.append(gp.finished_at < scope.end)
    else:
        in_event = select(Game.id).where(
            Game.event_id == scope.event_id, Game.results_at.is_not(None)
        )
        conditions.append(gp.game_id.in_(in_event))
    return (
        select(
            gp.identity_id.label("key"),
            func.sum(gp.score).label("score"),
            func.count().label("games"),
            func.sum(gp.correct).label("correct"),
            _wins(gp.won.is_(True)).label("wins"),
            func.sum(gp.correct_time_ms).label("correct_time_ms"),
        )
        .where(*conditions)
        .group_by(gp.identity_id)
    )


def _team_rows(scope: Scope) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [Game.results_at.is_not(None)]
    if isinstance(scope, HostScope):
        conditions.append(Game.host_id == scope.host_id)
        if scope.start is not None:
            conditions.append(Game.finished_at >= scope.start)
        if scope.end is not None:
            conditions.append(Game.finished_at < scope.end)
    else:
        conditions.append(Game.event_id == scope.event_id)
    return (
        select(
            GameTeam.team.label("key"),
            func.sum(GameTeam.score).label("score"),
            func.count().label("games"),
            _wins(GameTeam.rank == 1).label("wins"),
            func.sum(GameTeam.members).label("members"),
        )
        .join(Game, Game.id == GameTeam.game_id)
        .where(*conditions)
        .group_by(GameTeam.team)
    )


def _ranked_page(rows: Select[Any], kind: Kind, offset: int, limit: int) -> Select[Any]:
    totals = rows.cte("totals")
    order = (
        (totals.c.score.desc(), totals.c.correct_time_ms.asc())
        if kind == "players"
        else (totals.c.score.desc(),)
    )
    ranked = select(
        totals,
        func.rank().over(order_by=order).label("rank"),
        func.count().over().label("total"),
    ).subquery("ranked")
    return select(ranked).order_by(ranked.c.rank, ranked.c.key).offset(offset).limit(limit)


async def _latest_nicknames(session: AsyncSession, identity_ids: Sequence[str]) -> dict[str, str]:
    """Each identity's nickname in its most recent game (one row per identity, in SQL)."""
    if not identity_ids:
        return {}
    numbered = (
        select(
            GamePlayer.identity_id,
            GamePlayer.nickname,
            func.row_number()
            .over(
                partition_by=GamePlayer.identity_id,
                order_by=(GamePlayer.finished_at.desc(), GamePlayer.game_id.desc()),
            )
            .label("n"),
        )
        .where(GamePlayer.identity_id.in_(identity_ids))
        .subquery()
    )
    rows = await session.execute(
        select(numbered.c.identity_id, numbered.c.nickname).where(numbered.c.n == 1)
    )
    return {iid: nickname for iid, nickname in rows}


async def _identifiers(session: AsyncSession, identity_ids: Sequence[str]) -> dict[str, str | None]:
    if not identity_ids:
        return {}
    rows = await session.execute(
        select(Identity.id, Identity.identifier).where(Identity.id.in_(identity_ids))
    )
    return {iid: identifier for iid, identifier in rows}


async def leaderboard(
    session: AsyncSession,
    scope: Scope,
    kind: Kind,
    offset: int = 0,
    limit: int = 50,
    *,
    identifiers: bool = False,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the scope's leaderboard and the number of entries in all.

    A player entry is ``{"rank", "identity_id", "nickname", "score", "games", "correct",
    "wins", "correct_time_ms"}`` (plus ``"identifier"`` when `identifiers`, for the host);
    a team entry ``{"rank", "team", "score", "games", "wins", "members"}`` (`members` adds up
    the team's players over its games).
    """
    rows = _player_rows(scope) if kind == "players" else _team_rows(scope)
    page = (await session.execute(_ranked_page(rows, kind, offset, limit))).all()
    if page:
        total = int(page[0].total)
    else:
        total = int(await session.scalar(select(func.count()).select_from(rows.subquery())) or 0)
    if kind == "teams":
        return [
            {
                "rank": int(r.rank),
                "team": r.key,
                "score": int(r.score),
                "games": int(r.games),
                "wins": int(r.wins),
                "members": int(r.members),
            }
            for r in page
        ], total
    ids = [r.key for r in page]
    nicknames = await _latest_nicknames(session, ids)
    known = await _identifiers(session, ids) if identifiers else {}
    entries = []
    for r in page:
        entry: dict[str, Any] = {
            "rank": int(r.rank),
            "identity_id": r.key,
            "nickname": nicknames.get(r.key, ""),
            "score": int(r.score),
            "games": int(r.games),
            "correct": int(r.correct),
            "wins": int(r.wins),
            "correct_time_ms": int(r.correct_time_ms),
        }
        if identifiers:
            entry["identifier"] = known.get(r.key)
        entries.append(entry)
    return entries, total
