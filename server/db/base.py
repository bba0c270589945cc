"""The base of every repository: the sessions of the process's `Database`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class Repo:
    """A repository over one concern's tables. Every public method of a repository runs in its
    own transaction (or read-only session) opened from `sessions`."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
