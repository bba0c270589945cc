"""Accounts (the ``hosts`` table: facilitators and employees alike) and their login tokens.

Accounts are not scoped: an account is who a `server.db.scope.Scope` is built for, once the
token of a request has been checked (`HostRepo.by_token`) and its membership of the workspace
(`server.db.workspaces`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError

from server.db.base import Repo
from server.db.models import Host, HostToken, new_id
from server.db.times import now
from server.db.workspaces import add_workspace, join_by_invite, own_workspace_name


class EmailTaken(Exception):
    """Another host has registered this e-mail address (ignoring case)."""


@dataclass(frozen=True, slots=True)
class HostRecord:
    """A registered host; `email` is lower-cased."""

    id: str
    email: str
    name: str
    password_hash: str


def normalize_email(email: str) -> str:
    """The stored form of an e-mail address: trimmed and lower-cased."""
    return email.strip().lower()


def _host(row: Host) -> HostRecord:
    return HostRecord(id=row.id, email=row.email, name=row.name, password_hash=row.password_hash)


class HostRepo(Repo):
    """Registered accounts and the login tokens issued to them."""

    async def create(
        self, email: str, name: str, password_hash: str, *, invite_id: str | None = None
    ) -> HostRecord:
        """Register an account, in one transaction with its first workspace: without
        `invite_id` a workspace of its own ("<name>'s workspace", whose id is the account's,
        with it as owner); with one, the invite's workspace instead.

        Raises `EmailTaken` when the e-mail is taken (ignoring case), and
        `server.db.workspaces.InviteRefused` when the invite no longer holds; either way
        nothing is created.
        """
        at = now()
        row = Host(
            id=new_id(),
            email=normalize_email(email),
            name=name,
            password_hash=password_hash,
            created_at=at,
        )
        try:
            async with self._sessions.begin() as session:
                session.add(row)
                await session.flush()
                if invite_id is None:
                    await add_workspace(
                        session, row.id, own_workspace_name(name), at, workspace_id=row.id
                    )
                else:
                    await join_by_invite(session, invite_id, row.id, at)
        except IntegrityError:
            raise EmailTaken(row.email) from None
        return _host(row)

    async def by_email(self, email: str) -> HostRecord | None:
        """The host registered with this e-mail address (ignoring case)."""
        async with self._sessions() as session:
            row = await session.scalar(select(Host).where(Host.email == normalize_email(email)))
        return None if row is None else _host(row)

    async def by_id(self, host_id: str) -> HostRecord | None:
        """The host with this id."""
        async with self._sessions() as session:
            row = await session.get(Host, host_id)
        return None if row is None else _host(row)

    async def add_token(self, host_id: str, token_id: str, expires_at: datetime) -> None:
        """Record a newly issued login token (and forget the host's expired ones)."""
        at = now()
        async with self._sessions.begin() as session:
            await session.execute(
                delete(HostToken).where(HostToken.host_id == host_id, HostToken.expires_at < at)
            )
            session.add(
                HostToken(id=token_id, host_id=host_id, created_at=at, expires_at=expires_at)
            )

    async def by_token(self, host_id: str, token_id: str) -> HostRecord | None:
        """The host, when `token_id` is one of its tokens that was not revoked."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Host)
                .join(HostToken, HostToken.host_id == Host.id)
                .where(HostToken.id == token_id, Host.id == host_id)
            )
        return None if row is None else _host(row)

    async def revoke_tokens(self, host_id: str, token_id: str | None = None) -> int:
        """Revoke one of the host's tokens, or (`token_id` None) all of them; how many."""
        query = delete(HostToken).where(HostToken.host_id == host_id)
        if token_id is not None:
            query = query.where(HostToken.id == token_id)
        async with self._sessions.begin() as session:
            result = cast("CursorResult[Any]", await session.execute(query))
        return int(result.rowcount or 0)
