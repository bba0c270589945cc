"""A workspace's daily challenge (`DailyRepo`, ``db.daily``): its settings, the day's challenge
(one per workspace and UTC day), the question bank it is drawn from, and the day streaks.

The day's challenge is made on the first ask of the day (`server.http.daily`): its questions
are drawn with `games.challenges.daily_draw` from `bank` (the shared quizzes, of a tag), its
``games`` and ``challenges`` rows are written together by ``db.challenges.create`` (the ledger
of its Redis game, before its PIN is claimed), and two first asks at once leave one: the unique
(workspace_id, day) makes the second insert fail before its Redis game exists, and it reads
the first's.

`daily_awards` is called by the run writer (``db.challenges.write_run``) in its transaction:
a daily run may extend its player's streak and earn ``streak_5``/``_20``/``_100``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from games.challenges import streak
from games.milestones import STREAKS, Milestone, streak_awards
from server.db.base import Repo
from server.db.challenge_models import Challenge, DailySettings
from server.db.challenges import ChallengeRecord, challenge_record
from server.db.models import SHARED, Game, GamePlayer, Identity, MilestoneAwarded, Quiz
from server.db.scope import Role, Scope
from server.db.times import now

#: `Challenge.kind` of a daily challenge.
DAILY = "daily"
#: The settings of a workspace that never set them: off, 5 questions of 20 seconds.
DEFAULT_COUNT = 5
DEFAULT_TIME_LIMIT_S = 20
_STREAK_CODES = tuple(m.code for m, _ in STREAKS)


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


async def streak_days(session: AsyncSession, identity_ids: Sequence[str]) -> list[date]:
    """The days whose daily challenge these identities finished a run of (any order)."""
    if not identity_ids:
        return []
    found = await session.scalars(
        select(Challenge.day)
        .join(GamePlayer, GamePlayer.game_id == Challenge.game_id)
        .where(
            Challenge.kind == DAILY,
            Challenge.day.is_not(None),
            GamePlayer.identity_id.in_(identity_ids),
        )
        .distinct()
    )
    return [date.fromisoformat(d) for d in found if d]


async def daily_awards(
    session: AsyncSession,
    challenge: Challenge,
    identity_of: Mapping[str, str],
    at: datetime,
) -> dict[str, list[Milestone]]:
    """The streak milestones the runs just written of `challenge` earn (run's player id →
    the new ones), inserted in the caller's transaction; nothing unless it is a daily one.

    `identity_of` maps each run's player id to its identity; call it after the runs'
    ``game_players`` rows are written. The streak is counted up to the challenge's day (a run
    finished after midnight still counts for its day). Each milestone is awarded once per
    identity: the primary key (identity, code) and the held codes read here see to it.
    """
    if challenge.kind != DAILY or not challenge.day or not identity_of:
        return {}
    day = date.fromisoformat(challenge.day)
    out: dict[str, list[Milestone]] = {}
    done: set[str] = set()
    for pid, iid in identity_of.items():
        if iid in done:
            continue
        done.add(iid)
        current, _ = streak([*await streak_days(session, [iid]), day], day)
        held = set(
            await session.scalars(
                select(MilestoneAwarded.code).where(
                    MilestoneAwarded.identity_id == iid,
                    MilestoneAwarded.code.in_(_STREAK_CODES),
                )
            )
        )
        earned = streak_awards(current, held)
        if earned:
            await session.execute(
                insert(MilestoneAwarded),
                [
                    {
                        "identity_id": iid,
                        "code": m.code,
                        "game_id": challenge.game_id,
                        "awarded_at": at,
                    }
                    for m in earned
                ],
            )
            out[pid] = earned
    return out


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
        return found

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
