"""The SQL repository: hosts and their quizzes in, finished games' results out.

Every public method of `Database` runs in its own transaction. Results are written once per
game, in one transaction, with set-based inserts (`save_results`), and read back in the
protocol's Results shape (`results`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from games.milestones import MIN_PLAYERS_FOR_WIN, Milestone
from games.nicknames import nickname_key
from games.teams import team_standings
from server.db.engine import make_engine
from server.db.identities import award_milestones, forget_identity, resolve_identities
from server.db.leaderboards import EventScope, HostScope, Kind, leaderboard
from server.db.models import (
    Event,
    Game,
    GameAnswer,
    GamePlayer,
    GameQuestion,
    GameTeam,
    Host,
    HostToken,
    Identity,
    MilestoneAwarded,
    Quiz,
    WriteProbe,
    new_id,
)
from server.db.records import GameResults, PlayerResult, TeamResult
from server.db.reports import event_doc, event_report, game_report, history

# Re-exported: the rest of the server reads instants' conversions from here.
from server.db.times import EPOCH as EPOCH
from server.db.times import datetime_to_ms as datetime_to_ms
from server.db.times import ms_to_datetime as ms_to_datetime

log = logging.getLogger(__name__)


#: Keys `Database` adds to a stored quiz document; `quiz_document` strips them again.
QUIZ_META_KEYS = ("id", "created_ms", "updated_ms")


class EmailTaken(Exception):
    """Another host has registered this e-mail address (ignoring case)."""


class NotFound(Exception):
    """No such row, or it belongs to another host."""


class NotFinished(Exception):
    """The game's results have not been written yet."""


@dataclass(frozen=True, slots=True)
class HostRecord:
    """A registered host; `email` is lower-cased."""

    id: str
    email: str
    name: str
    password_hash: str


@dataclass(frozen=True, slots=True)
class GameRecord:
    """A row of ``games``; instants are timezone-aware UTC datetimes."""

    id: str
    host_id: str
    quiz_id: str | None
    pin: str
    title: str
    settings: dict[str, Any]
    quiz: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    results_at: datetime | None
    event_id: str | None = None
    players: int | None = None


@dataclass(frozen=True, slots=True)
class SavedResults:
    """What `Database.write_results` wrote: the game's host and event, and the milestones
    its players earned (player id → new milestones, in announcement order)."""

    game_id: str
    host_id: str
    event_id: str | None
    awards: dict[str, list[Milestone]]


def derive_teams(players: Iterable[PlayerResult], settings: Mapping[str, Any]) -> list[TeamResult]:
    """Team rows ranked from the players' teams and scores with the game's team score mode
    (``settings.teams.score``: "average" by default, "sum" or {"top_n": k})."""
    members: dict[str, list[PlayerResult]] = {}
    answered: dict[str, int] = {}
    for p in players:
        if p.team is not None:
            members.setdefault(p.team, []).append(p)
            answered[p.player_id] = p.answered
    if not members:
        return []
    teams = settings.get("teams")
    score = teams.get("score", "average") if isinstance(teams, dict) else "average"
    mode, top_n = "average", 0
    if isinstance(score, dict) and isinstance(score.get("top_n"), int):
        mode, top_n = "top_n", int(score["top_n"])
    elif score == "sum":
        mode = "sum"
    return [
        TeamResult(team=t.team, score=t.score, rank=t.rank, members=t.members)
        for t in team_standings(members, mode, top_n, answered)
    ]


def normalize_email(email: str) -> str:
    """The stored form of an e-mail address: trimmed and lower-cased."""
    return email.strip().lower()


def quiz_document(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored quiz (as returned by `Database.get_quiz`) without the keys the repository adds,
    ready for `games.quiz.parse_quiz`."""
    return {k: v for k, v in stored.items() if k not in QUIZ_META_KEYS}


def _now() -> datetime:
    # Microseconds (not the game clock's milliseconds) keep "newest first" orderings stable.
    return datetime.now(UTC)


def _host(row: Host) -> HostRecord:
    return HostRecord(id=row.id, email=row.email, name=row.name, password_hash=row.password_hash)


def _quiz(row: Quiz) -> dict[str, Any]:
    return {
        "id": row.id,
        **row.document,
        "created_ms": datetime_to_ms(row.created_at),
        "updated_ms": datetime_to_ms(row.updated_at),
    }


def _game(row: Game) -> GameRecord:
    return GameRecord(
        id=row.id,
        host_id=row.host_id,
        quiz_id=row.quiz_id,
        pin=row.pin,
        title=row.title,
        settings=row.settings,
        quiz=row.quiz,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        results_at=row.results_at,
        event_id=row.event_id,
        players=row.players,
    )


def _opt_ms(instant: datetime | None) -> int | None:
    return None if instant is None else datetime_to_ms(instant)


_T = TypeVar("_T")


def _unique(items: Iterable[_T], key: Any) -> list[_T]:
    """`items` without later duplicates of a key (the first one wins)."""
    seen: set[Any] = set()
    out: list[_T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


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

    def session(self) -> AsyncSession:
        """A new session (for tests and maintenance; the methods below open their own)."""
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
        now = _now()
        try:
            async with self._sessions.begin() as session:
                # This process's row, and those of processes gone for a day.
                await session.execute(
                    delete(WriteProbe).where(
                        (WriteProbe.node_id == self._probe_id) | (WriteProbe.at < now - PROBE_KEEP)
                    )
                )
                session.add(WriteProbe(node_id=self._probe_id, at=now))
        except Exception as err:
            # The caller logs it, throttled (a load balancer asks every few seconds).
            self.write_error = err
            return False
        self.write_error = None
        return True

    # -- hosts ------------------------------------------------------------------------------

    async def create_host(self, email: str, name: str, password_hash: str) -> HostRecord:
        """Register a host; raises `EmailTaken` when the e-mail is taken, ignoring case."""
        row = Host(
            id=new_id(),
            email=normalize_email(email),
            name=name,
            password_hash=password_hash,
            created_at=_now(),
        )
        try:
            async with self._sessions.begin() as session:
                session.add(row)
        except IntegrityError:
            raise EmailTaken(row.email) from None
        return _host(row)

    async def host_by_email(self, email: str) -> HostRecord | None:
        async with self._sessions() as session:
            row = await session.scalar(select(Host).where(Host.email == normalize_email(email)))
        return None if row is None else _host(row)

    async def host_by_id(self, host_id: str) -> HostRecord | None:
        async with self._sessions() as session:
            row = await session.get(Host, host_id)
        return None if row is None else _host(row)

    # -- login tokens ---------------------------------------------------------------------------

    async def add_token(self, host_id: str, token_id: str, expires_at: datetime) -> None:
        """Record a newly issued login token (and forget the host's expired ones)."""
        now = _now()
        async with self._sessions.begin() as session:
            await session.execute(
                delete(HostToken).where(HostToken.host_id == host_id, HostToken.expires_at < now)
            )
            session.add(
                HostToken(id=token_id, host_id=host_id, created_at=now, expires_at=expires_at)
            )

    async def host_by_token(self, host_id: str, token_id: str) -> HostRecord | None:
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

    # -- quizzes ----------------------------------------------------------------------------

    async def create_quiz(self, host_id: str, document: dict[str, Any]) -> dict[str, Any]:
        """Store a normalised quiz document; returns it with ``id``, ``created_ms`` and
        ``updated_ms`` added."""
        now = _now()
        row = Quiz(
            id=new_id(),
            host_id=host_id,
            title=str(document.get("title", "")),
            document=quiz_document(document),
            created_at=now,
            updated_at=now,
        )
        async with self._sessions.begin() as session:
            session.add(row)
        return _quiz(row)

    async def list_quizzes(self, host_id: str) -> list[dict[str, Any]]:
        """The host's quizzes, newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Quiz)
                .where(Quiz.host_id == host_id)
                .order_by(Quiz.created_at.desc(), Quiz.id.desc())
            )
            return [_quiz(row) for row in rows]

    async def get_quiz(self, host_id: str, quiz_id: str) -> dict[str, Any] | None:
        """The host's quiz, or None when it does not exist or belongs to another host."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Quiz).where(Quiz.id == quiz_id, Quiz.host_id == host_id)
            )
        return None if row is None else _quiz(row)

    async def update_quiz(
        self, host_id: str, quiz_id: str, document: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Replace the host's quiz document; None when there is no such quiz of this host."""
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(Quiz).where(Quiz.id == quiz_id, Quiz.host_id == host_id).with_for_update()
            )
            if row is None:
                return None
            row.document = quiz_document(document)
            row.title = str(document.get("title", ""))
            row.updated_at = _now()
        return _quiz(row)

    async def delete_quiz(self, host_id: str, quiz_id: str) -> bool:
        """Delete the host's quiz; False when there is no such quiz of this host."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(Quiz).where(Quiz.id == quiz_id, Quiz.host_id == host_id)
            )
        return cast(CursorResult[Any], result).rowcount > 0

    # -- games ------------------------------------------------------------------------------

    async def create_game(
        self,
        *,
        game_id: str,
        host_id: str,
        quiz_id: str | None,
        pin: str,
        title: str,
        settings: dict[str, Any],
        quiz: dict[str, Any],
        event_id: str | None = None,
    ) -> None:
        """Record a newly created game with the snapshot of its quiz; `event_id` names the
        event it is a round of."""
        async with self._sessions.begin() as session:
            session.add(
                Game(
                    id=game_id,
                    host_id=host_id,
                    quiz_id=quiz_id,
                    pin=pin,
                    title=title,
                    settings=settings,
                    quiz=quiz,
                    created_at=_now(),
                    event_id=event_id,
                )
            )

    async def get_game(self, game_id: str) -> GameRecord | None:
        async with self._sessions() as session:
            row = await session.get(Game, game_id)
        return None if row is None else _game(row)

    async def list_games(self, host_id: str, limit: int = 100) -> list[GameRecord]:
        """The host's games, newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Game)
                .where(Game.host_id == host_id)
                .order_by(Game.created_at.desc(), Game.id)
                .limit(limit)
            )
            return [_game(row) for row in rows]

    async def delete_game(self, host_id: str, game_id: str) -> bool:
        """Delete the host's game and everything SQL holds of it: its results (players,
        answers, questions, teams) and the badges it awarded; the people's identities stay.
        False when there is no such game of this host."""
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(Game).where(Game.id == game_id, Game.host_id == host_id).with_for_update()
            )
            if row is None:
                return False
            # Explicitly, not by the foreign keys' cascade: the same on every backend.
            for table in (MilestoneAwarded, GameAnswer, GameQuestion, GameTeam, GamePlayer):
                await session.execute(delete(table).where(table.game_id == game_id))
            await session.delete(row)
        return True

    async def save_results(self, results: GameResults) -> bool:
        """Write a finished game's results in one transaction; True if this call wrote them.

        See `write_results`, which also tells what was awarded.
        """
        return await self.write_results(results) is not None

    async def write_results(self, results: GameResults) -> SavedResults | None:
        """Write a finished game's results in one transaction; None if they were already
        written (by an earlier or a concurrent call), else what this call wrote.

        Idempotent by game id: the transaction first claims the game with a conditional
        ``UPDATE … WHERE results_at IS NULL``, so a second call (concurrent or later) finds
        nothing to claim and returns None without writing. Raises `NotFound` for an unknown
        game. Duplicate rows in `results` (same player, answer, question or team) keep the
        first one.

        In the same transaction the players are linked to their identities
        (`server.db.identities.resolve_identities`) and earn their milestones. When the entry
        has no team rows but its players have teams, the teams are ranked here from the
        players' scores with the game's team score mode.
        """
        gid = results.game_id
        players = _unique(results.players, lambda p: p.player_id)
        answers = _unique(results.answers, lambda a: (a.player_id, a.question))
        questions = _unique(results.questions, lambda q: q.index)
        teams = _unique(results.teams, lambda t: t.team)
        now = _now()
        finished_at = ms_to_datetime(results.finished_ms)
        try:
            async with self._sessions.begin() as session:
                claimed = await session.execute(
                    update(Game)
                    .where(Game.id == gid, Game.results_at.is_(None))
                    .values(
                        results_at=now,
                        started_at=(
                            None
                            if results.started_ms is None
                            else ms_to_datetime(results.started_ms)
                        ),
                        finished_at=finished_at,
                        players=len(players),
                    )
                    .execution_options(synchronize_session=False)
                )
                game = await session.get(Game, gid)
                if cast(CursorResult[Any], claimed).rowcount != 1:
                    if game is None:
                        raise NotFound(gid)
                    return None
                assert game is not None
                if results.host_id not in (None, game.host_id) or (
                    results.event_id not in (None, game.event_id)
                ):
                    log.warning(
                        "results of game %s name another host or event", gid,
                        extra={"game_id": gid},
                    )  # fmt: skip
                if not teams:
                    teams = derive_teams(players, game.settings)
                identity_of = await resolve_identities(session, game.host_id, players, now)
                if players:
                    await session.execute(
                        insert(GamePlayer),
                        [
                            {
                                "game_id": gid,
                                "player_id": p.player_id,
                                "nickname": p.nickname,
                                "team": p.team,
                                "score": p.score,
                                "rank": p.rank,
                                "correct": p.correct,
                                "answered": p.answered,
                                "correct_time_ms": p.correct_time_ms,
                                "joined_at": (
                                    None if p.joined_ms is None else ms_to_datetime(p.joined_ms)
                                ),
                                "identity_id": identity_of.get(p.player_id),
                                "host_id": game.host_id,
                                "finished_at": finished_at,
                                "won": p.rank == 1 and len(players) >= MIN_PLAYERS_FOR_WIN,
                            }
                            for p in players
                        ],
                    )
                if answers:
                    await session.execute(
                        insert(GameAnswer),
                        [
                            {
                                "game_id": gid,
                                "player_id": a.player_id,
                                "question_index": a.question,
                                "answer": a.answer,
                                "correct": a.correct,
                                "points": a.points,
                                "elapsed_ms": a.elapsed_ms,
                            }
                            for a in answers
                        ],
                    )
                if questions:
                    await session.execute(
                        insert(GameQuestion),
                        [
                            {
                                "game_id": gid,
                                "index": q.index,
                                "kind": q.kind,
                                "prompt": q.prompt,
                                "answered": q.answered,
                                "correct": q.correct,
                                "distribution": q.distribution,
                            }
                            for q in questions
                        ],
                    )
                if teams:
                    await session.execute(
                        insert(GameTeam),
                        [
                            {
                                "game_id": gid,
                                "team": t.team,
                                "score": t.score,
                                "rank": t.rank,
                                "members": t.members,
                            }
                            for t in teams
                        ],
                    )
                awards = await award_milestones(
                    session, gid, players, answers, questions, identity_of, now
                )
                saved = SavedResults(
                    game_id=gid, host_id=game.host_id, event_id=game.event_id, awards=awards
                )
        except IntegrityError:
            # A concurrent writer of the same game: its copy stands. Anything else (two games
            # of one host creating the same identity at once) is worth a retry.
            if await self._results_written(gid):
                log.warning(
                    "results of game %s were written concurrently", gid,
                    exc_info=True, extra={"game_id": gid},
                )  # fmt: skip
                return None
            raise
        return saved

    async def _results_written(self, game_id: str) -> bool:
        async with self._sessions() as session:
            at = await session.scalar(select(Game.results_at).where(Game.id == game_id))
        return at is not None

    async def results(self, host_id: str, game_id: str) -> dict[str, Any]:
        """The protocol's Results of a finished game of this host.

        Raises `NotFound` when the game does not exist or belongs to another host, and
        `NotFinished` while its results have not been written.
        """
        async with self._sessions.begin() as session:
            game = await session.get(Game, game_id)
            if game is None or game.host_id != host_id:
                raise NotFound(game_id)
            if game.results_at is None:
                raise NotFinished(game_id)
            players = (
                await session.execute(
                    select(
                        GamePlayer.player_id,
                        GamePlayer.nickname,
                        GamePlayer.team,
                        GamePlayer.score,
                        GamePlayer.rank,
                        GamePlayer.correct,
                        GamePlayer.answered,
                    ).where(GamePlayer.game_id == game_id)
                )
            ).all()
            teams = (
                await session.execute(
                    select(GameTeam.team, GameTeam.score, GameTeam.rank, GameTeam.members).where(
                        GameTeam.game_id == game_id
                    )
                )
            ).all()
            questions = (
                await session.execute(
                    select(
                        GameQuestion.index,
                        GameQuestion.kind,
                        GameQuestion.prompt,
                        GameQuestion.answered,
                        GameQuestion.correct,
                        GameQuestion.distribution,
                    ).where(GameQuestion.game_id == game_id)
                )
            ).all()
        # Sorted here rather than in SQL, so that every backend's collation gives one order.
        return {
            "game": {
                "id": game.id,
                "pin": game.pin,
                "quiz_id": game.quiz_id,
                "title": game.title,
                "started_at": _opt_ms(game.started_at),
                "finished_at": _opt_ms(game.finished_at),
                "settings": game.settings,
            },
            "players": [
                {
                    "player_id": p.player_id,
                    "nickname": p.nickname,
                    "team": p.team,
                    "score": p.score,
                    "rank": p.rank,
                    "correct": p.correct,
                    "answered": p.answered,
                }
                for p in sorted(players, key=lambda p: (p.rank, p.nickname, p.player_id))
            ],
            "teams": [
                {"team": t.team, "score": t.score, "rank": t.rank, "members": t.members}
                for t in sorted(teams, key=lambda t: (t.rank, nickname_key(t.team), t.team))
            ],
            "questions": [
                {
                    "index": index,
                    "kind": kind,
                    "prompt": prompt,
                    "answered": answered,
                    "correct": correct,
                    "distribution": distribution,
                }
                # Row.index is tuple.index, hence the unpacking.
                for index, kind, prompt, answered, correct, distribution in sorted(
                    questions, key=lambda q: q[0]
                )
            ],
        }

    # -- events ------------------------------------------------------------------------------

    async def create_event(
        self,
        host_id: str,
        *,
        name: str,
        starts_at: datetime,
        ends_at: datetime | None,
        teams: list[str],
        require_identifier: bool,
    ) -> dict[str, Any]:
        """Store a new event of the host; returns it as the API shows it."""
        row = Event(
            id=new_id(),
            host_id=host_id,
            name=name,
            starts_at=starts_at,
            ends_at=ends_at,
            teams=list(teams),
            require_identifier=require_identifier,
            created_at=_now(),
        )
        async with self._sessions.begin() as session:
            session.add(row)
        return event_doc(row)

    async def list_events(self, host_id: str) -> list[dict[str, Any]]:
        """The host's events, the latest start first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Event)
                .where(Event.host_id == host_id)
                .order_by(Event.starts_at.desc(), Event.created_at.desc(), Event.id)
            )
            return [event_doc(row) for row in rows]

    async def get_event(self, host_id: str, event_id: str) -> dict[str, Any] | None:
        """The host's event with its rounds (``games``, oldest first), or None when it does not
        exist or belongs to another host."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Event).where(Event.id == event_id, Event.host_id == host_id)
            )
            if row is None:
                return None
            games = await session.scalars(
                select(Game).where(Game.event_id == event_id).order_by(Game.created_at, Game.id)
            )
            return {
                **event_doc(row),
                "games": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "pin": g.pin,
                        "created_ms": datetime_to_ms(g.created_at),
                        "finished_ms": _opt_ms(g.finished_at),
                        "results": g.results_at is not None,
                    }
                    for g in games
                ],
            }

    async def update_event(
        self, host_id: str, event_id: str, changes: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """Change some of the host's event's ``name``, ``starts_at``, ``ends_at``, ``teams`` and
        ``require_identifier``; None when there is no such event of this host."""
        allowed = {"name", "starts_at", "ends_at", "teams", "require_identifier"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"not event fields: {sorted(unknown)}")
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(Event).where(Event.id == event_id, Event.host_id == host_id)
            )
            if row is None:
                return None
            for key, value in changes.items():
                setattr(row, key, list(value) if key == "teams" else value)
        return event_doc(row)

    async def delete_event(self, host_id: str, event_id: str) -> bool:
        """Delete the host's event; its games stay (no longer in an event). False when there
        is no such event of this host."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Game)
                .where(Game.event_id == event_id, Game.host_id == host_id)
                .values(event_id=None)
                .execution_options(synchronize_session=False)
            )
            result = await session.execute(
                delete(Event).where(Event.id == event_id, Event.host_id == host_id)
            )
        return cast(CursorResult[Any], result).rowcount > 0

    async def event_leaderboard(
        self,
        event_id: str,
        kind: Kind,
        offset: int = 0,
        limit: int = 50,
        *,
        identifiers: bool = False,
    ) -> dict[str, Any]:
        """One page of the event's leaderboard over its finished rounds: players by identity
        (players who gave neither an identifier nor a player key are left out), teams by name.

        ``{"event_id", "kind", "offset", "limit", "total", "entries"}``; see
        `server.db.leaderboards.leaderboard` for the entries. `identifiers` adds the players'
        identifiers (for the host only). The caller checks that the event is the host's.
        """
        async with self._sessions() as session:
            entries, total = await leaderboard(
                session, EventScope(event_id), kind, offset, limit, identifiers=identifiers
            )
        return {
            "event_id": event_id,
            "kind": kind,
            "offset": offset,
            "limit": limit,
            "total": total,
            "entries": entries,
        }

    async def event_screen(self, event_id: str) -> dict[str, Any] | None:
        """The big screen's ``event_leaderboard`` payload: ``{"event_id", "name", "players"
        (the top 10), "teams" (the top 100), "rounds" (finished rounds)}``; no identifiers.
        None for an unknown event."""
        async with self._sessions() as session:
            event = await session.get(Event, event_id)
            if event is None:
                return None
            players, _ = await leaderboard(session, EventScope(event_id), "players", 0, 10)
            teams, _ = await leaderboard(session, EventScope(event_id), "teams", 0, 100)
            rounds = await session.scalar(
                select(func.count()).where(Game.event_id == event_id, Game.results_at.is_not(None))
            )
        return {
            "event_id": event_id,
            "name": event.name,
            "rounds": int(rounds or 0),
            "players": players,
            "teams": teams,
        }

    # -- lasting leaderboards -----------------------------------------------------------------

    async def leaderboard(
        self,
        host_id: str,
        kind: Kind,
        start: datetime | None = None,
        end: datetime | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> dict[str, Any]:
        """One page of the host's leaderboard over its games finished in [start, end) (all
        time when both are None), with identifiers (the host's view).

        ``{"kind", "from", "to", "offset", "limit", "total", "entries"}`` (`from`/`to` in
        epoch ms or None); see `server.db.leaderboards.leaderboard` for the entries.
        """
        async with self._sessions() as session:
            entries, total = await leaderboard(
                session,
                HostScope(host_id, start, end),
                kind,
                offset,
                limit,
                identifiers=True,
            )
        return {
            "kind": kind,
            "from": _opt_ms(start),
            "to": _opt_ms(end),
            "offset": offset,
            "limit": limit,
            "total": total,
            "entries": entries,
        }

    # -- identities ---------------------------------------------------------------------------

    async def player_history(
        self, player_key: str, offset: int = 0, limit: int = 50
    ) -> dict[str, Any] | None:
        """What a device's player key may see (``GET /api/me``): its games (newest first, one
        page), milestones and totals with every host; None when no host knows the key."""
        async with self._sessions() as session:
            ids = list(
                await session.scalars(select(Identity.id).where(Identity.player_key == player_key))
            )
            if not ids:
                return None
            found = await history(session, ids, offset, limit)
        return {"offset": offset, "limit": limit, **found}

    async def forget_identity(
        self, host_id: str, *, identifier: str | None = None, identity_id: str | None = None
    ) -> bool:
        """Remove a person from the host's data, found by identifier (lower-cased here) or by
        identity id: results keep their figures as "(removed)" with no link, milestones and
        the identity are deleted. False when the host has no such identity."""
        if (identifier is None) == (identity_id is None):
            raise ValueError("give exactly one of identifier and identity_id")
        condition = (
            Identity.identifier == identifier.strip().lower()
            if identifier is not None
            else Identity.id == identity_id
        )
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(Identity).where(Identity.host_id == host_id, condition)
            )
            if row is None:
                return False
            await forget_identity(session, row)
        return True

    # -- reports ------------------------------------------------------------------------------

    async def game_report(self, host_id: str, game_id: str) -> dict[str, Any]:
        """The host's report of a finished game (`server.db.reports.game_report`).

        Raises `NotFound` (unknown game, or another host's) and `NotFinished`.
        """
        async with self._sessions() as session:
            game = await session.get(Game, game_id)
            if game is None or game.host_id != host_id:
                raise NotFound(game_id)
            if game.results_at is None:
                raise NotFinished(game_id)
            return await game_report(session, game)

    async def event_report(self, host_id: str, event_id: str) -> dict[str, Any]:
        """The host's report of an event (`server.db.reports.event_report`); raises
        `NotFound` for an unknown event or another host's."""
        async with self._sessions() as session:
            event = await session.scalar(
                select(Event).where(Event.id == event_id, Event.host_id == host_id)
            )
            if event is None:
                raise NotFound(event_id)
            return await event_report(session, event)
