"""People with accounts across devices and workspaces (`PeopleRepo`, ``db.people``).

A signed-in player plays as their account (``join {account_token}``) in the workspaces they
are a member of; the results writer links them to the account's identity there
(`server.db.person_identities`). This repository answers who may play as whom, and what a
person may read about themselves.
"""

from __future__ import annotations

from sqlalchemy import select

from server.db.base import Repo
from server.db.models import Game, Membership


class PeopleRepo(Repo):
    """A person's side of the data: membership for play, history, claims, export."""

    async def member_of_game(self, account_id: str, game_id: str) -> bool:
        """Whether the account is a member of the workspace that owns game `game_id`."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(Membership.account_id)
                .join(Game, Game.workspace_id == Membership.workspace_id)
                .where(Game.id == game_id, Membership.account_id == account_id)
            )
        return found is not None
