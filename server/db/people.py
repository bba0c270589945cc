"""People with accounts across devices and workspaces (`PeopleRepo`, ``db.people``).

A signed-in player plays as their account (``join {account_token}``) in the workspaces they
are a member of; the results writer links them to the account's identity there
(`server.db.person_identities`). This repository answers who may play as whom, what a person
may read about themselves (their history and figures from every workspace), what a host may
read about a member (their figures in that workspace only), and a device's claim of its guest
history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from games.milestones import describe
from server.db.base import Repo
from server.db.models import (
    Game,
    GamePlayer,
    Host,
    Identity,
    Membership,
    MilestoneAwarded,
    Workspace,
)
from server.db.person_export import export
from server.db.person_identities import account_identity, lock_accounts, merge_guests
from server.db.reports import history
from server.db.scope import Role, Scope
from server.db.times import now, opt_ms

#: The games a person's figures (scores over time, accuracy per tag) span: the newest ones.
FIGURES_GAMES = 500
#: A tag as the library keeps it (``games.quiz.parse_tags``): anything longer is not one.
TAG_MAX = 32


async def _identity_ids(
    session: AsyncSession, account_id: str, workspace_id: str | None = None
) -> list[str]:
    query = select(Identity.id).where(Identity.account_id == account_id)
    if workspace_id is not None:
        query = query.where(Identity.workspace_id == workspace_id)
    return list(await session.scalars(query))


def _tags(value: object) -> list[str]:
    """The tags of a game's quiz snapshot (``quiz["tags"]``); none when absent or not a list."""
    if not isinstance(value, list):
        return []
    return sorted({t for t in value if isinstance(t, str) and 0 < len(t) <= TAG_MAX})


def _percent(correct: int, answered: int) -> float | None:
    return None if answered == 0 else round(100 * correct / answered, 1)


async def figures(session: AsyncSession, identity_ids: Sequence[str]) -> dict[str, Any]:
    """A person's page over `identity_ids`: their scores over time (oldest first, the newest
    `FIGURES_GAMES` games), accuracy per tag of the games' quizzes, and badges (each code
    once, the first time it was earned)."""
    rows = (
        await session.execute(
            select(
                GamePlayer.game_id,
                GamePlayer.finished_at,
                GamePlayer.score,
                GamePlayer.rank,
                GamePlayer.correct,
                GamePlayer.answered,
                Game.title,
                Game.players,
                Game.quiz["tags"],
                Workspace.id,
                Workspace.name,
            )
            .join(Game, Game.id == GamePlayer.game_id)
            .join(Workspace, Workspace.id == Game.workspace_id)
            .where(GamePlayer.identity_id.in_(identity_ids))
            .order_by(GamePlayer.finished_at.desc(), GamePlayer.game_id)
            .limit(FIGURES_GAMES)
        )
    ).all()
    scores = []
    per_tag: dict[str, list[int]] = {}
    for gid, finished, score, rank, correct, answered, title, players, tags, ws_id, ws in rows:
        scores.append(
            {
                "game_id": gid,
                "finished_at": opt_ms(finished),
                "title": title,
                "workspace": {"id": ws_id, "name": ws},
                "score": score,
                "rank": rank,
                "players": players,
                "correct": correct,
                "answered": answered,
                "accuracy": _percent(correct, answered),
            }
        )
        for tag in _tags(tags):
            tally = per_tag.setdefault(tag, [0, 0, 0])
            tally[0] += 1
            tally[1] += correct
            tally[2] += answered
    scores.reverse()
    earned: dict[str, MilestoneAwarded] = {}
    for m in await session.scalars(
        select(MilestoneAwarded)
        .where(MilestoneAwarded.identity_id.in_(identity_ids))
        .order_by(MilestoneAwarded.awarded_at, MilestoneAwarded.code)
    ):
        earned.setdefault(m.code, m)
    return {
        "scores": scores,
        "tags": [
            {
                "tag": tag,
                "games": n,
                "correct": right,
                "answered": asked,
                "accuracy": _percent(right, asked),
            }
            for tag, (n, right, asked) in sorted(per_tag.items())
        ],
        "badges": [
            {**describe(m.code).to_doc(), "game_id": m.game_id, "awarded_at": opt_ms(m.awarded_at)}
            for m in earned.values()
        ],
    }


class PeopleRepo(Repo):
    """A person's side of the data: membership for play, history, figures, claims."""

    async def member_of_game(self, account_id: str, game_id: str) -> bool:
        """Whether the account is a member of the workspace that owns game `game_id`."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(Membership.role)
                .join(Game, Game.workspace_id == Membership.workspace_id)
                .where(Game.id == game_id, Membership.account_id == account_id)
            )
        return found is not None

    async def history(self, account_id: str, offset: int = 0, limit: int = 50) -> dict[str, Any]:
        """``GET /api/me`` for an account: its games in every workspace (newest first, one
        page, each naming its workspace), milestones and totals; empty when it played none."""
        async with self._sessions() as session:
            ids = await _identity_ids(session, account_id)
            found = await history(session, ids, offset, limit)
            games = [g["game_id"] for g in found["games"]]
            where = {
                gid: {"id": ws_id, "name": name}
                for gid, ws_id, name in await session.execute(
                    select(Game.id, Workspace.id, Workspace.name)
                    .join(Workspace, Workspace.id == Game.workspace_id)
                    .where(Game.id.in_(games))
                )
            }
        for game in found["games"]:
            game["workspace"] = where.get(game["game_id"])
        return {"offset": offset, "limit": limit, **found}

    async def figures(self, account_id: str) -> dict[str, Any]:
        """The person's page of an account: its figures from every workspace."""
        async with self._sessions() as session:
            return await figures(session, await _identity_ids(session, account_id))

    async def member_figures(self, scope: Scope, account_id: str) -> dict[str, Any] | None:
        """A member's page as a host of the scope's workspace sees it: the account (id, name,
        role) and its figures in this workspace only. None when the account is neither a
        member of the workspace nor has played in it. Needs the host role."""
        scope.require(Role.HOST)
        async with self._sessions() as session:
            account = await session.get(Host, account_id)
            if account is None:
                return None
            role = await session.scalar(
                select(Membership.role).where(
                    Membership.workspace_id == scope.workspace_id,
                    Membership.account_id == account_id,
                )
            )
            ids = await _identity_ids(session, account_id, scope.workspace_id)
            if role is None and not ids:
                return None
            found = await figures(session, ids)
        return {"account": {"id": account.id, "name": account.name, "role": role}, **found}

    async def claim(self, account_id: str, player_key: str, at: datetime | None = None) -> int:
        """A signed-in person claims their device's guest history: in every workspace the
        account is a member of, the guest identities holding `player_key` (without another
        person's identifier) are merged into the account's identity there. Returns how many
        were merged; claiming again merges none."""
        at = at or now()
        async with self._sessions.begin() as session:
            emails = await lock_accounts(session, [account_id])
            if account_id not in emails:
                return 0
            holders = list(
                await session.execute(
                    select(Identity.workspace_id)
                    .join(
                        Membership,
                        (Membership.workspace_id == Identity.workspace_id)
                        & (Membership.account_id == account_id),
                    )
                    .where(Identity.player_key == player_key, Identity.account_id.is_(None))
                    .distinct()
                )
            )
            merged = 0
            for (workspace_id,) in holders:
                scope = Scope(workspace_id=workspace_id, account_id=account_id, role=Role.MEMBER)
                target = await account_identity(session, scope, account_id, at)
                merged += len(
                    await merge_guests(
                        session,
                        scope,
                        target,
                        player_keys=[player_key],
                        identifiers=[emails[account_id]],
                        by_identifier=False,
                    )
                )
        return merged

    async def export(self, account_id: str) -> dict[str, Any] | None:
        """Everything stored about the account (`server.db.person_export`); None when there is
        no such account."""
        async with self._sessions() as session:
            return await export(session, account_id)
