"""SQLAlchemy models: accounts, their workspaces and quizzes in, finished games' results out.

An account is a row of ``hosts`` (facilitator or employee alike); a workspace owns the quizzes,
games, events, identities and results (``workspace_id``), and ``host_id`` names the account
that created, ran or wrote a row. Accounts belong to workspaces through ``memberships``.

Every instant is a timezone-aware UTC `datetime` (`UTCDateTime` makes SQLite give them back
aware, too). Ids are opaque URL-safe strings chosen by the caller or by `new_id`. JSON columns
use the portable `sqlalchemy.JSON`, so the same models run on SQLite and PostgreSQL.

The Alembic migrations under ``server/db/migrations/versions`` must create exactly these tables;
``tests/db/test_migrations.py`` compares the two.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LEN = 64
EMAIL_LEN = 254
IDENTIFIER_LEN = 254
PLAYER_KEY_LEN = 128
CODE_LEN = 64
TEAM_KEY_LEN = 200
ROLE_LEN = 16


def new_id() -> str:
    """A fresh opaque id: 12 URL-safe characters (72 random bits)."""
    return secrets.token_urlsafe(9)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    Naive datetimes are refused on the way in, so local time never sneaks into the database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use a timezone-aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Deterministic constraint names, so later migrations (SQLite batch mode included) can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every Huddle table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Host(Base):
    """An account (a facilitator or an employee; historically "host"). `email` is stored
    lower-cased, so its unique index ignores case."""

    __tablename__ = "hosts"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LEN), unique=True)
    name: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HostToken(Base):
    """A host's login token that is still valid: logging out deletes it, so a token is refused
    from then on although its signature is good (docs/protocol.md, "Tokens")."""

    __tablename__ = "host_tokens"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    host_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Workspace(Base):
    """A company, a department or a school: it owns quizzes, games, events and people.
    `retention_days` (None: keep for ever) is how long results stay personal."""

    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retention_days: Mapped[int | None] = mapped_column(Integer)


class Membership(Base):
    """An account's role in a workspace (`server.db.scope.Role`: member, host, admin, owner)."""

    __tablename__ = "memberships"

    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(ROLE_LEN))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Invite(Base):
    """An invitation to join a workspace with a role. Its link carries a signed token naming
    the row; the row decides whether it still holds (`expires_at`, `revoked_at`)."""

    __tablename__ = "invites"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(ROLE_LEN))
    created_by: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WriteProbe(Base):
    """One row per server process, rewritten by its readiness check: SQL that cannot be
    written (a read-only SQLite file, a full disk) makes the node unready (``/readyz``)."""

    __tablename__ = "write_probes"

    node_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


#: A quiz only its author sees / one the workspace's hosts see.
DRAFT = "draft"
SHARED = "shared"
VISIBILITIES = (DRAFT, SHARED)


class Quiz(Base):
    """A workspace's quiz, written by account `host_id` (its author); `document` is the
    normalised quiz document (`games.quiz.Quiz.to_doc()`). `updated_by` is the account that
    changed it last; `visibility` is `DRAFT` (its author alone sees it) or `SHARED` (the
    workspace's hosts do); `tags` copies the document's "tags" for filtering. Its search index
    rows live outside the models (`server.db.search`). Every question of `document` has its
    stable ``id``; `version` starts at 1 and goes up by one with every saved change."""

    __tablename__ = "quizzes"
    __table_args__ = (Index(None, "workspace_id", "updated_at"),)

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id"), index=True
    )
    host_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("hosts.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visibility: Mapped[str] = mapped_column(String(16), default=SHARED)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Event(Base):
    """A workspace's event: several games (rounds) whose scores add up, with teams that persist.

    `teams` is the list of team names every round offers (empty: no teams);
    `require_identifier` makes players of its rounds give an e-mail or employee/student id.
    """

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id"), index=True
    )
    host_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("hosts.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    teams: Mapped[list[str]] = mapped_column(JSON)
    require_identifier: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Identity(Base):
    """A person as one workspace (organisation) knows them.

    Linked by the `identifier` they gave (lower-cased e-mail or employee/student id) and/or the
    long-lived random `player_key` of their device; each is unique per workspace when present.
    `host_id` is the account whose game first saw them. `account_id` names the account of a
    person who played signed in (one identity per account and workspace); an identity without
    one is a guest's.
    """

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("workspace_id", "identifier"),
        UniqueConstraint("workspace_id", "player_key"),
        UniqueConstraint("workspace_id", "account_id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("workspaces.id"))
    host_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("hosts.id"))
    identifier: Mapped[str | None] = mapped_column(String(IDENTIFIER_LEN))
    player_key: Mapped[str | None] = mapped_column(String(PLAYER_KEY_LEN), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    account_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("hosts.id", ondelete="SET NULL"), index=True
    )


class Game(Base):
    """A game as it was created, plus its timeline once it has finished.

    `quiz_id` has no foreign key on purpose: the quiz may be deleted later, and `quiz` holds
    the snapshot the game was played with, `quiz_version` the quiz's version then (None for
    games created before quizzes had versions); `quiz_id` is indexed for the quiz's statistics.
    `results_at` is set when the results were written,
    `players` then counts its players. `event_id` names the event the game is a round of.
    The index on (workspace_id, finished_at) serves the workspace's leaderboards over a date
    range; `host_id` is the account that created the game.
    """

    __tablename__ = "games"
    __table_args__ = (Index(None, "workspace_id", "finished_at"),)

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("workspaces.id"))
    host_id: Mapped[str] = mapped_column(String(ID_LEN), ForeignKey("hosts.id"), index=True)
    quiz_id: Mapped[str | None] = mapped_column(String(ID_LEN), index=True)
    quiz_version: Mapped[int | None] = mapped_column(Integer)
    pin: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    quiz: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    players: Mapped[int | None] = mapped_column(Integer)


class GamePlayer(Base):
    """One player's final figures in a finished game.

    `identity_id` links the person's games (None for a player who gave neither an identifier
    nor a player key, or who was removed). `workspace_id`, `host_id`, `finished_at` and `won`
    (first of at least two players) copy facts of the game so that a workspace's leaderboard is
    one scan of a covering index, without a join: ``ix_game_players_leaderboard`` (in identity
    order, for all time) or ``ix_game_players_season`` (in time order, for a date range). The
    index on (identity_id, finished_at) serves a person's history, newest first.
    """

    __tablename__ = "game_players"
    __table_args__ = (
        Index(None, "identity_id", "finished_at"),
        Index(
            "ix_game_players_leaderboard",
            "workspace_id",
            "identity_id",
            "finished_at",
            "score",
            "correct_time_ms",
            "correct",
            "won",
        ),
        Index(
            "ix_game_players_season",
            "workspace_id",
            "finished_at",
            "identity_id",
            "score",
            "correct_time_ms",
            "correct",
            "won",
        ),
    )

    game_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    player_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    nickname: Mapped[str] = mapped_column(Text)
    team: Mapped[str | None] = mapped_column(Text)
    score: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
    answered: Mapped[int] = mapped_column(Integer)
    correct_time_ms: Mapped[int] = mapped_column(Integer)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    identity_id: Mapped[str | None] = mapped_column(
        String(ID_LEN), ForeignKey("identities.id", ondelete="SET NULL")
    )
    workspace_id: Mapped[str | None] = mapped_column(String(ID_LEN), ForeignKey("workspaces.id"))
    host_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    won: Mapped[bool | None] = mapped_column(Boolean)
    #: The workspace team the player played for (server/db/teams.py); no foreign key, so a
    #: deleted team's games still group together on the team boards.
    team_id: Mapped[str | None] = mapped_column(String(ID_LEN), index=True)


class GameAnswer(Base):
    """A player's accepted answer to one question of a finished game."""

    __tablename__ = "game_answers"

    game_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    player_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    question_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer: Mapped[Any] = mapped_column(JSON)
    correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[int] = mapped_column(Integer)
    elapsed_ms: Mapped[int] = mapped_column(Integer)


class GameQuestion(Base):
    """The tally of one question of a finished game; `question_id` is the question's stable id
    in the game's quiz snapshot (None when the snapshot had none)."""

    __tablename__ = "game_questions"

    game_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    answered: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    distribution: Mapped[dict[str, int]] = mapped_column(JSON)
    #: The member contribution the question came from (its credit), None for the others.
    contribution_id: Mapped[str | None] = mapped_column(String(ID_LEN), index=True)


class GameTeam(Base):
    """One team's final score in a finished team game."""

    __tablename__ = "game_teams"

    game_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    team: Mapped[str] = mapped_column(Text, primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    members: Mapped[int] = mapped_column(Integer)
    #: The workspace team it was (None for a game's own teams); the team boards group by it.
    team_id: Mapped[str | None] = mapped_column(String(ID_LEN), index=True)


class Team(Base):
    """A workspace's team that persists across games. `name_key` (`games.nicknames.nickname_key`
    of the name) is unique per workspace, so "Owls" and "owls" cannot both exist."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"),)

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("workspaces.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(TEAM_KEY_LEN))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TeamMember(Base):
    """A member of a workspace team: an account that is a member of the team's workspace (the
    foreign key to ``memberships`` drops the row when they leave it). The unique
    (workspace_id, account_id) keeps a person in at most one team per workspace."""

    __tablename__ = "team_members"
    __table_args__ = (
        UniqueConstraint("workspace_id", "account_id"),
        ForeignKeyConstraint(
            ["workspace_id", "account_id"],
            ["memberships.workspace_id", "memberships.account_id"],
            ondelete="CASCADE",
        ),
    )

    team_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(String(ID_LEN))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MilestoneAwarded(Base):
    """A milestone (`games.milestones`) an identity earned, once, in game `game_id`."""

    __tablename__ = "milestones_awarded"

    identity_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("identities.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(CODE_LEN), primary_key=True)
    game_id: Mapped[str] = mapped_column(
        String(ID_LEN), ForeignKey("games.id", ondelete="CASCADE"), index=True
    )
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The challenges' tables live in their own module (`server.db.challenge_models`, import them from
# there); importing it here puts them in `Base.metadata` wherever the models are imported.
# Member content's tables (`server.db.contribution_models`) the same way.
import server.db.challenge_models  # noqa: E402
import server.db.contribution_models  # noqa: E402, F401
