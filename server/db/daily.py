"""A workspace's daily challenge (`DailyRepo`, ``db.daily``): its settings, the day's challenge
(one per workspace and UTC day), the question bank it is drawn from, and the day streaks.

The day's challenge is made on the first ask of the day (`server.http.daily`): its questions
are drawn with `games.challenges.daily_draw` from `bank` (the shared quizzes, of a tag), its
``games`` and ``challenges`` rows are written together by ``db.challenges.create`` (the ledger
of its Redis game, before its PIN is claimed), and two first asks at once leave one: the unique
(workspace_id, day) makes the second insert fail before its Redis game exists, and it reads
the first's.

The streaks themselves are `server.db.streaks` (the run writer awards their milestones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from games.challenges import streak
from server.db.base import Repo
from server.db.challenge_models import Challenge, DailySettings
from server.db.challenges import ChallengeRecord, challenge_record
from server.db.credits import drop_hidden
from server.db.models import SHARED, Game, Identity, Quiz
from server.db.scope import Role, Scope
from server.db.streaks import DAILY, streak_days
from server.db.times import now

#: The settings of a workspace that never set them: off, 5 questions of 20 seconds.
DEFAULT_COUNT = 5
DEFAULT_TIME_LIMIT_S = 20


@dataclass(frozen=True, slots=True)
class DailyConfig:
    """A workspace's daily challenge settings: on or off, the tag its questions come from (None:
    the whole shared library), how many questions, and each one's time limit."""

    enabled: bool = False
    tag: str | None = None
    count: int = DEFAULT_COUNT
    time_limit_s: int = DEFAULT_TIME_LIMIT_S

    def to_doc(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "tag": self.tag,
            "count": self.count,
            "time_limit_s": self.time_limit_s,
        }


@dataclass(frozen=True, slots=True)
class BankQuestion:
    """A question the daily challenge may draw: its stable id, its quiz and its document."""

    id: str
    quiz_id: str
    question: dict[str, Any]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants a day's challenge opens and closes at (midnight to midnight)."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


class DailyRepo(Repo):
    """The daily challenge of the scope's workspace."""

    async def config(self, scope: Scope) -> DailyConfig:
        """The workspace's settings (off when it never set them)."""
        async with self._sessions() as session:
            row = await session.get(DailySettings, scope.workspace_id)
        if row is None:
            return DailyConfig()
        return DailyConfig(row.enabled, row.tag, row.count, row.time_limit_s)

    async def configure(self, scope: Scope, config: DailyConfig) -> DailyConfig:
        """Replace the workspace's settings (admin); they apply from the next day's challenge
        on (a day's challenge, once made, keeps its questions)."""
        scope.require(Role.ADMIN)
        async with self._sessions.begin() as session:
            row = await session.get(DailySettings, scope.workspace_id, with_for_update=True)
            if row is None:
                row = DailySettings(workspace_id=scope.workspace_id)
                session.add(row)
            row.enabled, row.tag = config.enabled, config.tag
            row.count, row.time_limit_s = config.count, config.time_limit_s
            row.updated_at = now()
        return config

    async def of_day(self, scope: Scope, day: date) -> ChallengeRecord | None:
        """The workspace's daily challenge of `day`, None when it was not made yet."""
        async with self._sessions() as session:
            found = (
                await session.execute(
                    select(Challenge, Game.players)
                    .join(Game, Game.id == Challenge.game_id)
                    .where(
                        Challenge.workspace_id == scope.workspace_id,
                        Challenge.kind == DAILY,
                        Challenge.day == day.isoformat(),
                    )
                )
            ).first()
        return None if found is None else challenge_record(found[0], found[1])

    async def bank(self, scope: Scope, tag: str | None) -> list[BankQuestion]:
        """Every question of the workspace's shared quizzes (carrying `tag` when given) that
        has a stable id; drafts are their authors' own and never drawn."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Quiz.id, Quiz.document, Quiz.tags).where(
                    scope.owns(Quiz), Quiz.visibility == SHARED
                )
            )
            found: list[BankQuestion] = []
            for quiz_id, document, tags in rows:
                if tag is not None and tag not in (tags or []):
                    continue
                for question in document.get("questions") or []:
                    qid = question.get("id") if isinstance(question, dict) else None
                    if isinstance(qid, str):
                        found.append(BankQuestion(qid, quiz_id, question))
            # Questions crediting a contribution a host hid are never drawn.
            kept = await drop_hidden(session, scope.workspace_id, [b.question for b in found])
        shown = {id(q) for q in kept}
        return [b for b in found if id(b.question) in shown]

    async def streak(self, scope: Scope, account_id: str, today: date) -> tuple[int, int]:
        """An account's day streak ``(current, best)`` in the scope's workspace."""
        async with self._sessions() as session:
            ids = list(
                await session.scalars(
                    select(Identity.id).where(
                        scope.owns(Identity), Identity.account_id == account_id
                    )
                )
            )
            return streak(await streak_days(session, ids), today)
