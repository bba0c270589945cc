"""The challenges' tables (issue 15): a challenge, and a workspace's daily challenge settings.

Imported at the end of `server.db.models`, so they belong to the same `Base.metadata`; import
them from either module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models import ID_LEN, Base, UTCDateTime

#: `Challenge.kind`: a host's challenge, a member's duel, a workspace's daily challenge.
CHALLENGE_KINDS = ("challenge", "duel", "daily")
#: `Challenge.audience`: anyone with the link, the workspace's members, members of its teams.
AUDIENCES = ("guests", "members", "teams")


class Challenge(Base):
    """A self-paced challenge: this row, its Redis game (PIN `pin`) and the ``games`` row
    `game_id` every finished run is appended to (a ``game_players`` row per run).

    `host_id` is the account that created it (a duel's challenger); `team_ids` the workspace
    teams it is open to (audience "teams") and whose standings it shows; `team_rule` the team
    score rule (`games.challenges.parse_team_rule`); `settings` the game settings it was made
    with. A duel names its opponent (`opponent_account_id` or `opponent_team_id`) and the
    challenger's run (`challenger_run_id`, a ``game_players.player_id`` of `game_id`); a daily
    challenge its UTC `day` (ISO date), one per workspace and day (NULL days never clash).
    `closed_at` is set when a host ended it early.
    """

    __tablename__ = "challenges"
    __table_args__ = (
        UniqueConstraint("workspace_id", "day"),
        Index(None, "workspace_id", "closes_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    #: No foreign key, as games': the quiz may be deleted while its challenge's results stay.
    quiz_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    game_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("games.id", ondelete="CASCADE"), unique=True
    )
    pin: Mapped[str] = mapped_column(String(16))
    host_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("hosts.id"), index=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    audience: Mapped[str] = mapped_column(String(16))
    team_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    team_rule: Mapped[Any] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opponent_account_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL"), index=True
    )
    opponent_team_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("teams.id", ondelete="SET NULL")
    )
    challenger_run_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    day: Mapped[str | None] = mapped_column(String(10))


class DailySettings(Base):
    """A workspace's daily challenge: whether it runs, the tag its questions are drawn from
    (None: the whole shared library), how many, and each question's time limit."""

    __tablename__ = "daily_settings"

    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    tag: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=5)
    time_limit_s: Mapped[int] = mapped_column(Integer, default=20)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
