"""The SQL database of one server process: its engine, and its repositories by concern.

`Database` owns the engine and the sessionmaker and nothing else; what is stored is read and
written through its repositories (``db.quizzes``, ``db.games``, …), each in a module named for
what it holds. Every repository method that touches what a workspace owns takes the caller's
`server.db.scope.Scope` first.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from server.db.author_stats import AuthorStatsRepo
from server.db.challenges import ChallengeRepo
from server.db.contribution_library import LibraryRepo
from server.db.contribution_review import ReviewRepo
from server.db.contributions import ContributionRepo
from server.db.daily import DailyRepo
from server.db.drives import DriveRepo
from server.db.duels import DuelRepo
from server.db.engine import make_engine
from server.db.events import EventRepo
from server.db.games import GameRepo
from server.db.hosts import HostRepo
from server.db.identities import IdentityRepo
from server.db.leaderboards import LeaderboardRepo
from server.db.lifecycle import LifecycleRepo
from server.db.models import WriteProbe, new_id
from server.db.people import PeopleRepo
from server.db.quiz_stats import QuizStatsRepo
from server.db.quizzes import QuizRepo
from server.db.reports import ReportRepo
from server.db.results import ResultRepo
from server.db.team_stats import TeamStatsRepo
from server.db.teams import TeamRepo
from server.db.times import now
from server.db.workspaces import WorkspaceRepo

log = logging.getLogger(__name__)

# How long the write check's row of a process that stopped stays (server/db/models.WriteProbe).
PROBE_KEEP = timedelta(days=1)


class Database:
    """The SQL database of one server process.

    `url` is an SQLAlchemy async URL (``sqlite+aiosqlite:///huddle.db`` or
    ``postgresql+asyncpg://…``); `schema` (PostgreSQL only) confines every connection to that
    schema, see `server.db.engine.make_engine`. The tables must exist: run
    `server.db.migrate.upgrade` first.
    """

    def __init__(self, url: str, *, schema: str | None = None) -> None:
        self.url = url
        self.schema = schema
        self.engine: AsyncEngine = make_engine(url, schema=schema)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._probe_id = new_id()
        # Why the last `writable` check failed (None when it passed).
        self.write_error: Exception | None = None
        self.hosts = HostRepo(self._sessions)
        self.quizzes = QuizRepo(self._sessions)
        self.games = GameRepo(self._sessions)
        self.results = ResultRepo(self._sessions)
        self.events = EventRepo(self._sessions)
        self.leaderboards = LeaderboardRepo(self._sessions)
        self.identities = IdentityRepo(self._sessions)
        self.reports = ReportRepo(self._sessions)
        self.lifecycle = LifecycleRepo(self._sessions)
        self.teams = TeamRepo(self._sessions)
        self.team_stats = TeamStatsRepo(self._sessions)
        self.people = PeopleRepo(self._sessions)
        self.quiz_stats = QuizStatsRepo(self._sessions)
        self.workspaces = WorkspaceRepo(self._sessions)
        self.challenges = ChallengeRepo(self._sessions)
        self.daily = DailyRepo(self._sessions)
        self.duels = DuelRepo(self._sessions)
        self.contributions = ContributionRepo(self._sessions)
        self.reviews = ReviewRepo(self._sessions)
        self.community = LibraryRepo(self._sessions)
        self.drives = DriveRepo(self._sessions)
        self.author_stats = AuthorStatsRepo(self._sessions)

    def session(self) -> AsyncSession:
        """A new session (for tests and maintenance; the repositories open their own)."""
        return self._sessions()

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()

    async def ping(self) -> bool:
        """Whether the database answers a trivial query."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            log.warning("database ping failed", exc_info=True)
            return False
        return True

    async def writable(self) -> bool:
        """Whether the database takes a write now: this process's row of ``write_probes`` is
        replaced in a committed transaction (a query alone passes on a read-only file)."""
        at = now()
        try:
            async with self._sessions.begin() as session:
                # This process's row, and those of processes gone for a day.
                await session.execute(
                    delete(WriteProbe).where(
                        (WriteProbe.node_id == self._probe_id) | (WriteProbe.at < at - PROBE_KEEP)
                    )
                )
                session.add(WriteProbe(node_id=self._probe_id, at=at))
        except Exception as err:
            # The caller logs it, throttled (a load balancer asks every few seconds).
            self.write_error = err
            return False
        self.write_error = None
        return True
