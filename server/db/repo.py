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

from sqlalchemy import CursorResult, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from server.db.engine import make_engine
from server.db.models import (
    Game,
    GameAnswer,
    GamePlayer,
    GameQuestion,
    GameTeam,
    Host,
    Quiz,
    new_id,
)
from server.db.records import GameResults

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)

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


def normalize_email(email: str) -> str:
    """The stored form of an e-mail address: trimmed and lower-cased."""
    return email.strip().lower()


def ms_to_datetime(ms: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime (exact, no float rounding)."""
    return EPOCH + ms * _MS


def datetime_to_ms(instant: datetime) -> int:
    """An aware datetime as epoch milliseconds."""
    return (instant - EPOCH) // _MS


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
    ) -> None:
        """Record a newly created game with the snapshot of its quiz."""
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

    async def save_results(self, results: GameResults) -> bool:
        """Write a finished game's results in one transaction; True if this call wrote them.

        Idempotent by game id: the transaction first claims the game with a conditional
        ``UPDATE … WHERE results_at IS NULL``, so a second call (concurrent or later) finds
        nothing to claim and returns False without writing. Raises `NotFound` for an unknown
        game. Duplicate rows in `results` (same player, answer, question or team) keep the
        first one.
        """
        gid = results.game_id
        players = _unique(results.players, lambda p: p.player_id)
        answers = _unique(results.answers, lambda a: (a.player_id, a.question))
        questions = _unique(results.questions, lambda q: q.index)
        teams = _unique(results.teams, lambda t: t.team)
        try:
            async with self._sessions.begin() as session:
                claimed = await session.execute(
                    update(Game)
                    .where(Game.id == gid, Game.results_at.is_(None))
                    .values(
                        results_at=_now(),
                        started_at=(
                            None
                            if results.started_ms is None
                            else ms_to_datetime(results.started_ms)
                        ),
                        finished_at=ms_to_datetime(results.finished_ms),
                    )
                    .execution_options(synchronize_session=False)
                )
                if cast(CursorResult[Any], claimed).rowcount != 1:
                    if await session.get(Game, gid) is None:
                        raise NotFound(gid)
                    return False
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
        except IntegrityError:
            # Only a concurrent writer of the same game can get here; its copy stands.
            log.warning("results of game %s were written concurrently", gid, exc_info=True)
            return False
        return True

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
                for t in sorted(teams, key=lambda t: (t.rank, t.team))
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
