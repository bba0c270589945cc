"""Day streaks of the daily challenge in SQL: the days a person finished a daily run on, and
the streak milestones a daily run earns (`daily_awards`, called by the run writer
`server.db.runs.write_run` in its transaction, after the run's ``game_players`` row)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from games.challenges import streak
from games.milestones import STREAKS, Milestone, streak_awards
from server.db.challenge_models import Challenge
from server.db.models import GamePlayer, MilestoneAwarded

#: `Challenge.kind` of a daily challenge.
DAILY = "daily"
_STREAK_CODES = tuple(m.code for m, _ in STREAKS)


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
