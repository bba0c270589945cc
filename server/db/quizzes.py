"""The quiz library: an owner's stored quiz documents, each question with a stable id, each
quiz with a version that goes up with every saved change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from games.limits import MAX_TITLE
from server.db.base import Repo
from server.db.models import Quiz, new_id
from server.db.scope import Scope, load_owned
from server.db.times import datetime_to_ms, now

#: Keys `QuizRepo` adds to a stored quiz document; `quiz_document` strips them again.
QUIZ_META_KEYS = ("id", "created_ms", "updated_ms", "version")

#: What a copy's title ends with (`QuizRepo.duplicate`).
COPY_SUFFIX = " (copy)"


def quiz_document(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored quiz (as returned by `QuizRepo.get`) without the keys the repository adds,
    ready for `games.quiz.parse_quiz`."""
    return {k: v for k, v in stored.items() if k not in QUIZ_META_KEYS}


def with_question_ids(document: Mapping[str, Any], *, fresh: bool = False) -> dict[str, Any]:
    """`document` with an ``id`` on every question: its own is kept, unless `fresh`, and a
    question without one, or repeating an earlier question's (one copied in the editor), gets a
    new one. The id comes first in each question, as `games.quiz.Quiz.to_doc` writes it."""
    seen: set[str] = set()
    questions: list[Any] = []
    for question in document.get("questions") or ():
        if not isinstance(question, Mapping):
            questions.append(question)
            continue
        qid = None if fresh else question.get("id")
        while not isinstance(qid, str) or qid in seen:
            qid = new_id()
        seen.add(qid)
        questions.append({"id": qid, **{k: v for k, v in question.items() if k != "id"}})
    return {**document, "questions": questions}


def copy_title(title: str) -> str:
    """The title of a copy: `title` and `COPY_SUFFIX`, the title shortened to fit `MAX_TITLE`."""
    return title[: MAX_TITLE - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


def _quiz(row: Quiz) -> dict[str, Any]:
    return {
        "id": row.id,
        **row.document,
        "created_ms": datetime_to_ms(row.created_at),
        "updated_ms": datetime_to_ms(row.updated_at),
        "version": row.version,
    }


class QuizRepo(Repo):
    """Quizzes, each owned by a scope; another scope's quiz is as good as missing."""

    async def create(self, scope: Scope, document: dict[str, Any]) -> dict[str, Any]:
        """Store a normalised quiz document (version 1, its questions given ids where they
        have none: `with_question_ids`); returns it with ``id``, ``created_ms``,
        ``updated_ms`` and ``version`` added."""
        row = self._new_row(scope, with_question_ids(quiz_document(document)))
        async with self._sessions.begin() as session:
            session.add(row)
        return _quiz(row)

    @staticmethod
    def _new_row(scope: Scope, document: dict[str, Any]) -> Quiz:
        at = now()
        return Quiz(
            id=new_id(),
            **scope.owner(),
            title=str(document.get("title", "")),
            document=document,
            created_at=at,
            updated_at=at,
            version=1,
        )

    async def duplicate(self, scope: Scope, quiz_id: str) -> dict[str, Any] | None:
        """A copy of the scope's quiz, created by the scope's account: its title ends with
        `COPY_SUFFIX`, its questions get fresh ids, its version is 1. None when the scope has
        no such quiz."""
        async with self._sessions.begin() as session:
            source = await load_owned(session, scope, Quiz, quiz_id)
            if source is None:
                return None
            document = with_question_ids(source.document, fresh=True)
            document["title"] = copy_title(str(document.get("title", "")))
            row = self._new_row(scope, document)
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
        """Replace the scope's quiz document (questions keep their ids; those without get
        new ones); the version goes up by one when the document changes. None when the scope
        has no such quiz."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Quiz, quiz_id, for_update=True)
            if row is None:
                return None
            stored = with_question_ids(quiz_document(document))
            if stored != row.document:
                row.document = stored
                row.title = str(document.get("title", ""))
                row.version += 1
            row.updated_at = now()
        return _quiz(row)

    async def delete(self, scope: Scope, quiz_id: str) -> bool:
        """Delete the scope's quiz; False when the scope has no such quiz."""
        async with self._sessions.begin() as session:
            result = await session.execute(delete(Quiz).where(Quiz.id == quiz_id, scope.owns(Quiz)))
        return cast(CursorResult[Any], result).rowcount > 0
