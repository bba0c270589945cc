"""Lasting leaderboards, aggregated and ranked in SQL.

Players are grouped by identity, teams by workspace team (``team_id``; a game's own teams,
which have none, by name), over the finished games of a scope: a
scope's games finished in a date range (`Season`), or the rounds of an event (`EventRounds`).
Ranks are competition ranks computed by ``RANK()`` over (total score desc, total time of
correct answers asc) for players and (total score desc) for teams, as in a game; only the
requested page leaves the database.

A workspace's player leaderboard reads nothing but a covering index of ``game_players``:
``ix_game_players_leaderboard`` (workspace, identity, finished_at, score, time, correct, won)
all time, ``ix_game_players_season`` (workspace, finished_at, identity, …) over a date range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, String, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.models import Event, Game, GamePlayer, GameTeam, Identity, Team
from server.db.scope import Scope, load_owned
from server.db.times import opt_ms

Kind = Literal["players", "teams"]
KINDS: tuple[Kind, ...] = ("players", "teams")
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Season:
    """The scope's games finished in [start, end) (either bound may be open)."""

    scope: Scope
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventRounds:
    """The finished rounds of one event."""

    event_id: str


#: Whose games a leaderboard adds up.
Board = Season | EventRounds


def _wins(column: Any) -> Any:
    return func.sum(case((column, 1), else_=0))


def _player_rows(board: Board) -> Select[Any]:
    gp = GamePlayer
    conditions: list[ColumnElement[bool]] = [gp.identity_id.is_not(None)]
    if isinstance(board, Season):
        conditions.append(board.scope.owns(gp))
        if board.start is not None:
            conditions.append(gp.finished_at >= board.start)
        if board.end is not None:
            conditions.append(gp.finished_at < board.end)
    else:
        in_event = select(Game.id).where(
            Game.event_id == board.event_id, Game.results_at.is_not(None)
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


def _team_rows(board: Board) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [Game.results_at.is_not(None)]
    if isinstance(board, Season):
        conditions.append(board.scope.owns(Game))
        if board.start is not None:
            conditions.append(Game.finished_at >= board.start)
        if board.end is not None:
            conditions.append(Game.finished_at < board.end)
    else:
        conditions.append(Game.event_id == board.event_id)
    # A workspace team is one entry whatever it was called in each game; a game's own teams
    # (no team id: older games, events' named teams) group by name as before.
    key = case(
        (GameTeam.team_id.is_not(None), literal("id:", String) + GameTeam.team_id),
        else_=literal("name:", String) + GameTeam.team,
    )
    return (
        select(
            key.label("key"),
            func.max(GameTeam.team).label("name"),
            func.max(GameTeam.team_id).label("team_id"),
            func.sum(GameTeam.score).label("score"),
            func.count().label("games"),
            _wins(GameTeam.rank == 1).label("wins"),
            func.sum(GameTeam.members).label("members"),
        )
        .join(Game, Game.id == GameTeam.game_id)
        .where(*conditions)
        .group_by(key)
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


async def _team_names(session: AsyncSession, team_ids: Sequence[str]) -> dict[str, str]:
    """The current names of workspace teams (a deleted team keeps its name in its games)."""
    if not team_ids:
        return {}
    rows = await session.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids)))
    return {tid: name for tid, name in rows}


async def _identifiers(session: AsyncSession, identity_ids: Sequence[str]) -> dict[str, str | None]:
    if not identity_ids:
        return {}
    rows = await session.execute(
        select(Identity.id, Identity.identifier).where(Identity.id.in_(identity_ids))
    )
    return {iid: identifier for iid, identifier in rows}


async def leaderboard(
    session: AsyncSession,
    board: Board,
    kind: Kind,
    offset: int = 0,
    limit: int = 50,
    *,
    identifiers: bool = False,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the board's leaderboard and the number of entries in all.

    A player entry is ``{"rank", "identity_id", "nickname", "score", "games", "correct",
    "wins", "correct_time_ms"}`` (plus ``"identifier"`` when `identifiers`, for the host);
    a team entry ``{"rank", "team", "score", "games", "wins", "members"}`` (`members` adds up
    the team's players over its games), plus ``"team_id"`` for a workspace team (then
    ``team`` is its current name).
    """
    rows = _player_rows(board) if kind == "players" else _team_rows(board)
    page = (await session.execute(_ranked_page(rows, kind, offset, limit))).all()
    if page:
        total = int(page[0].total)
    else:
        total = int(await session.scalar(select(func.count()).select_from(rows.subquery())) or 0)
    if kind == "teams":
        names = await _team_names(session, [r.team_id for r in page if r.team_id is not None])
        teams: list[dict[str, Any]] = []
        for r in page:
            team: dict[str, Any] = {
                "rank": int(r.rank),
                "team": r.name if r.team_id is None else names.get(r.team_id, r.name),
                "score": int(r.score),
                "games": int(r.games),
                "wins": int(r.wins),
                "members": int(r.members),
            }
            if r.team_id is not None:
                team["team_id"] = r.team_id
            teams.append(team)
        return teams, total
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


class LeaderboardRepo(Repo):
    """The lasting leaderboards: a scope's over a season, an event's, and the big screen's."""

    async def season(
        self,
        scope: Scope,
        kind: Kind,
        start: datetime | None = None,
        end: datetime | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> dict[str, Any]:
        """One page of the scope's leaderboard over its games finished in [start, end) (all
        time when both are None), with identifiers (the host's view).

        ``{"kind", "from", "to", "offset", "limit", "total", "entries"}`` (`from`/`to` in
        epoch ms or None); see `leaderboard` for the entries.
        """
        async with self._sessions() as session:
            entries, total = await leaderboard(
                session, Season(scope, start, end), kind, offset, limit, identifiers=True
            )
        return {
            "kind": kind,
            "from": opt_ms(start),
            "to": opt_ms(end),
            "offset": offset,
            "limit": limit,
            "total": total,
            "entries": entries,
        }

    async def event(
        self,
        scope: Scope,
        event_id: str,
        kind: Kind,
        offset: int = 0,
        limit: int = 50,
        *,
        identifiers: bool = False,
    ) -> dict[str, Any] | None:
        """One page of the scope's event's leaderboard over its finished rounds: players by
        identity (players who gave neither an identifier nor a player key are left out), teams
        by name; None when the scope has no such event.

        ``{"event_id", "kind", "offset", "limit", "total", "entries"}``; see `leaderboard` for
        the entries. `identifiers` adds the players' identifiers (for the host only).
        """
        async with self._sessions() as session:
            if await load_owned(session, scope, Event, event_id) is None:
                return None
            entries, total = await leaderboard(
                session, EventRounds(event_id), kind, offset, limit, identifiers=identifiers
            )
        return {
            "event_id": event_id,
            "kind": kind,
            "offset": offset,
            "limit": limit,
            "total": total,
            "entries": entries,
        }

    async def screen(self, event_id: str) -> dict[str, Any] | None:
        """The big screen's ``event_leaderboard`` payload: ``{"event_id", "name", "players"
        (the top 10), "teams" (the top 100), "rounds" (finished rounds)}``; no identifiers.
        None for an unknown event.

        Not scoped: the caller holds the event's signed screen key, which is the authority."""
        async with self._sessions() as session:
            event = await session.get(Event, event_id)
            if event is None:
                return None
            rounds_of = EventRounds(event_id)
            players, _ = await leaderboard(session, rounds_of, "players", 0, 10)
            teams, _ = await leaderboard(session, rounds_of, "teams", 0, 100)
            rounds = await session.scalar(
                select(func.count()).where(Game.event_id == event_id, Game.results_at.is_not(None))
            )
        return {
            "event_id": event_id,
            "name": event.name,
            "rounds": int(rounds or 0),
            "players": players,
            "teams": teams,
        }
