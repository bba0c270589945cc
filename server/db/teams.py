"""Workspace teams that persist: the teams, their rosters, and what a game takes of them.

A team belongs to a workspace and is loaded by id only through `load_owned` (the scope's
check). A person (an account that is a member of the workspace) is in at most one team per
workspace: adding them to a team moves them out of their old one. Any member may read the
teams; the routes ask for the host role to change them (server/http/teams.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from games.nicknames import nickname_key
from games.teams import fixed_key
from server.db.base import Repo
from server.db.errors import NotFound
from server.db.models import Game, GamePlayer, Host, Identity, Membership, Team, TeamMember, new_id
from server.db.scope import Scope, load_owned
from server.db.times import datetime_to_ms, now

#: How many members one roster call may name.
MAX_ROSTER = 1000


class NameTaken(Exception):
    """Another team of the workspace has this name (case and width ignored)."""


class NotMembers(Exception):
    """Some accounts are not members of the workspace; `args[0]` lists them."""


class RosterChanged(Exception):
    """A concurrent change put one of the accounts in another team first; nothing changed."""


@dataclass(frozen=True, slots=True)
class TeamSnapshot:
    """What a game takes of the workspace's teams when it is created: the teams ``(id,
    name)`` in name order, and each rostered account's team name."""

    teams: list[tuple[str, str]]
    roster: dict[str, str]


def _key(name: str) -> str:
    return nickname_key(name)


async def _members(
    session: AsyncSession, team_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each team's members ``{"account_id", "name"}``, by name."""
    if not team_ids:
        return {}
    rows = await session.execute(
        select(TeamMember.team_id, TeamMember.account_id, Host.name)
        .join(Host, Host.id == TeamMember.account_id)
        .where(TeamMember.team_id.in_(team_ids))
        .order_by(Host.name, TeamMember.account_id)
    )
    out: dict[str, list[dict[str, Any]]] = {tid: [] for tid in team_ids}
    for team_id, account_id, name in rows:
        out[team_id].append({"account_id": account_id, "name": name})
    return out


def _doc(team: Team, members: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "created_ms": datetime_to_ms(team.created_at),
        "members": members,
    }


async def _check_members(session: AsyncSession, scope: Scope, account_ids: Iterable[str]) -> None:
    wanted = set(account_ids)
    if not wanted:
        return
    found = set(
        await session.scalars(
            select(Membership.account_id).where(
                Membership.workspace_id == scope.workspace_id,
                Membership.account_id.in_(wanted),
            )
        )
    )
    missing = sorted(wanted - found)
    if missing:
        raise NotMembers(missing)


class TeamRepo(Repo):
    """A workspace's teams and rosters."""

    async def list_all(self, scope: Scope) -> list[dict[str, Any]]:
        """The workspace's teams by name, each with its members."""
        async with self._sessions() as session:
            teams = list(
                await session.scalars(
                    select(Team).where(scope.owns(Team)).order_by(Team.name_key, Team.id)
                )
            )
            members = await _members(session, [t.id for t in teams])
        return [_doc(t, members[t.id]) for t in teams]

    async def get(self, scope: Scope, team_id: str) -> dict[str, Any] | None:
        """One team of the workspace with its members; None when there is none."""
        async with self._sessions() as session:
            team = await load_owned(session, scope, Team, team_id)
            if team is None:
                return None
            members = await _members(session, [team.id])
        return _doc(team, members[team.id])

    async def create(self, scope: Scope, name: str) -> dict[str, Any]:
        """A new team called `name` (already validated); `NameTaken` when the workspace has
        one of that name."""
        team = Team(
            id=new_id(),
            workspace_id=scope.workspace_id,
            name=name,
            name_key=_key(name),
            created_at=now(),
        )
        try:
            async with self._sessions.begin() as session:
                session.add(team)
        except IntegrityError:
            raise NameTaken(name) from None
        return _doc(team, [])

    async def rename(self, scope: Scope, team_id: str, name: str) -> dict[str, Any]:
        """Rename a team (`NotFound`, `NameTaken`); its past games keep their names but still
        count for it on the team boards (they carry its id)."""
        try:
            async with self._sessions.begin() as session:
                team = await load_owned(session, scope, Team, team_id, for_update=True)
                if team is None:
                    raise NotFound(team_id)
                team.name, team.name_key = name, _key(name)
                await session.flush()
                members = await _members(session, [team.id])
        except IntegrityError:
            raise NameTaken(name) from None
        return _doc(team, members[team.id])

    async def delete(self, scope: Scope, team_id: str) -> bool:
        """Delete a team and its roster (its games' results stay); False when there is none."""
        async with self._sessions.begin() as session:
            team = await load_owned(session, scope, Team, team_id, for_update=True)
            if team is None:
                return False
            await session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
            await session.delete(team)
        return True

    async def set_members(
        self, scope: Scope, team_id: str, account_ids: Sequence[str], *, replace: bool
    ) -> dict[str, Any]:
        """Put these accounts in the team (moving them out of another team of the workspace);
        with `replace`, the team's other members leave it. `NotFound` for no such team,
        `NotMembers` when an account is not a member of the workspace, `RosterChanged` when a
        concurrent change got in first; nothing changes then."""
        wanted = list(dict.fromkeys(account_ids))
        try:
            return await self._set_members(scope, team_id, wanted, replace)
        except IntegrityError:
            # Another call put one of them in a team (or they left the workspace) meanwhile.
            raise RosterChanged(team_id) from None

    async def _set_members(
        self, scope: Scope, team_id: str, wanted: list[str], replace: bool
    ) -> dict[str, Any]:
        async with self._sessions.begin() as session:
            team = await load_owned(session, scope, Team, team_id, for_update=True)
            if team is None:
                raise NotFound(team_id)
            await _check_members(session, scope, wanted)
            if replace:
                await session.execute(delete(TeamMember).where(TeamMember.team_id == team.id))
            if wanted:
                await session.execute(
                    delete(TeamMember).where(
                        TeamMember.workspace_id == scope.workspace_id,
                        TeamMember.account_id.in_(wanted),
                    )
                )
                at = now()
                session.add_all(
                    TeamMember(
                        team_id=team.id,
                        account_id=account_id,
                        workspace_id=scope.workspace_id,
                        created_at=at,
                    )
                    for account_id in wanted
                )
            await session.flush()
            members = await _members(session, [team.id])
        return _doc(team, members[team.id])

    async def remove_member(self, scope: Scope, team_id: str, account_id: str) -> bool:
        """Take an account out of the team; False when the team has no such member (`NotFound`
        for no such team)."""
        async with self._sessions.begin() as session:
            team = await load_owned(session, scope, Team, team_id, for_update=True)
            if team is None:
                raise NotFound(team_id)
            gone = await session.execute(
                delete(TeamMember).where(
                    TeamMember.team_id == team.id, TeamMember.account_id == account_id
                )
            )
        return bool(getattr(gone, "rowcount", 0))

    async def mine(self, scope: Scope) -> dict[str, Any] | None:
        """The caller's team in the workspace with its members (their team-mates); None when
        they are in none."""
        async with self._sessions() as session:
            team_id = await session.scalar(
                select(TeamMember.team_id).where(
                    TeamMember.workspace_id == scope.workspace_id,
                    TeamMember.account_id == scope.account_id,
                )
            )
            if team_id is None:
                return None
            team = await load_owned(session, scope, Team, team_id)
            if team is None:  # pragma: no cover - the roster row names a team of the workspace
                return None
            members = await _members(session, [team.id])
        return _doc(team, members[team.id])

    async def snapshot(self, scope: Scope) -> TeamSnapshot:
        """The workspace's teams and rosters, as a game created now takes them."""
        async with self._sessions() as session:
            teams = (
                await session.execute(
                    select(Team.id, Team.name).where(scope.owns(Team)).order_by(Team.name_key)
                )
            ).all()
            rows = await session.execute(
                select(TeamMember.account_id, Team.name)
                .join(Team, Team.id == TeamMember.team_id)
                .where(TeamMember.workspace_id == scope.workspace_id)
            )
            roster = {account_id: name for account_id, name in rows}
        return TeamSnapshot(teams=[(tid, name) for tid, name in teams], roster=roster)

    async def event_history(self, scope: Scope, event_id: str) -> dict[str, str]:
        """The team each person played for first in the event's finished rounds, as
        `games.teams.fixed_key` → team name (by identifier, player key and account)."""
        gp, ident = GamePlayer, Identity
        async with self._sessions() as session:
            rows = await session.execute(
                select(ident.identifier, ident.player_key, ident.account_id, gp.team)
                .join(ident, ident.id == gp.identity_id)
                .join(Game, Game.id == gp.game_id)
                .where(
                    Game.event_id == event_id,
                    scope.owns(Game),
                    Game.results_at.is_not(None),
                    gp.team.is_not(None),
                )
                .order_by(Game.finished_at.desc(), Game.id.desc())
            )
        fixed: dict[str, str] = {}
        # Newest first, so the first round's team is written last and stays.
        for identifier, player_key, account_id, team in rows:
            for kind, value in (("i", identifier), ("k", player_key), ("a", account_id)):
                if value:
                    fixed[fixed_key(kind, value)] = str(team)
        return fixed


def fixed_teams(roster: Mapping[str, str], earlier: Mapping[str, str]) -> dict[str, str]:
    """A game's fixed teams: the rosters' accounts, then the event's earlier rounds (which
    win: within one event a person stays in one team)."""
    return {**{fixed_key("a", a): team for a, team in roster.items()}, **earlier}
