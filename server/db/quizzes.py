"""The quiz library: an owner's stored quiz documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from server.db.base import Repo
from server.db.models import Quiz, new_id
from server.db.scope import Scope, load_owned
from server.db.times import datetime_to_ms, now

#: Keys `QuizRepo` adds to a stored quiz document; `quiz_document` strips them again.
QUIZ_META_KEYS = ("id", "created_ms", "updated_ms")


def quiz_document(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored quiz (as returned by `QuizRepo.get`) without the keys the repository adds,
    ready for `games.quiz.parse_quiz`."""
    return {k: v for k, v in stored.items() if k not in QUIZ_META_KEYS}


def _quiz(row: Quiz) -> dict[str, Any]:
    return {
        "id": row.id,
        **row.document,
        "created_ms": datetime_to_ms(row.created_at),
        "updated_ms": datetime_to_ms(row.updated_at),
    }


class QuizRepo(Repo):
    """Quizzes, each owned by a scope; another scope's quiz is as good as missing."""

    async def create(self, scope: Scope, document: dict[str, Any]) -> dict[str, Any]:
        """Store a normalised quiz document; returns it with ``id``, ``created_ms`` and
        ``updated_ms`` added."""
        at = now()
        row = Quiz(
            id=new_id(),
            **scope.owner(),
            title=str(document.get("title", "")),
            document=quiz_document(document),
            created_at=at,
            updated_at=at,
        )
        async with self._sessions.begin() as session:
            session.add(row)
        return _quiz(row)

    async def list_all(self, scope: Scope) -> list[dict[str, Any]]:
        """The scope's quizzes, newest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Quiz)
                .where(scope.owns(Quiz))
                .order_by(Quiz.created_at.desc(), Quiz.id.desc())
            )
            return [_quiz(row) for row in rows]

    async def get(self, scope: Scope, quiz_id: str) -> dict[str, Any] | None:
        """The scope's quiz, or None when it does not exist or is another owner's."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Quiz, quiz_id)
        return None if row is None else _quiz(row)

    async def update(
        self, scope: Scope, quiz_id: str, document: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Replace the scope's quiz document; None when the scope has no such quiz."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Quiz, quiz_id, for_update=True)
            if row is None:
                return None
            row.document = quiz_document(document)
            row.title = str(document.get("title", ""))
            row.updated_at = now()
        return _quiz(row)

    async def delete(self, scope: Scope, quiz_id: str) -> bool:
        """Delete the scope's quiz; False when the scope has no such quiz."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(Quiz).where(Quiz.id == quiz_id, scope.owns(Quiz)))
        return cast(CursorResult[Any], result).rowcount > 0
