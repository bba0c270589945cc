"""Host accounts and their login tokens.

Accounts are not scoped: a host is who a `server.db.scope.Scope` is built for, once the token
of a request has been checked (`HostRepo.by_token`).
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
    """Registered hosts and the login tokens issued to them."""

    async def create(self, email: str, name: str, password_hash: str) -> HostRecord:
        """Register a host; raises `EmailTaken` when the e-mail is taken, ignoring case."""
        row = Host(
            id=new_id(),
            email=normalize_email(email),
            name=name,
            password_hash=password_hash,
            created_at=now(),
        )
        try:
            async with self._sessions.begin() as session:
                session.add(row)
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
