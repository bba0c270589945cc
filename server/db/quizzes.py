"""The library: a workspace's quiz documents, who wrote and changed them, who sees them, and
the search over them (`server.db.search`), kept in step in the same transaction. Each question
has a stable id, and each quiz a version that goes up with every saved change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from games.limits import MAX_TITLE
from games.quiz import parse_authored_quiz
from server.db import search
from server.db.base import Repo
from server.db.credits import drop_hidden, verify_credits
from server.db.errors import Forbidden
from server.db.models import DRAFT, SHARED, Host, Quiz, new_id
from server.db.scope import Role, Scope, load_owned, quiz_visible
from server.db.times import datetime_to_ms, now

#: Keys `QuizRepo` adds to a stored quiz document; `quiz_document` strips them again.
QUIZ_META_KEYS = (
    "id",
    "created_ms",
    "updated_ms",
    "updated_at",
    "author",
    "updated_by",
    "visibility",
    "version",
)

#: What a copy's title ends with (`QuizRepo.duplicate`).
COPY_SUFFIX = " (copy)"


def quiz_document(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored quiz (as returned by `QuizRepo.get`) without the keys the repository adds,
    ready for `games.quiz.parse_quiz`. Empty ``tags`` are left out, as `games.quiz.Quiz.to_doc`
    leaves them out."""
    return {k: v for k, v in stored.items() if k not in QUIZ_META_KEYS and (k != "tags" or v)}


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


async def _names(session: AsyncSession, rows: Iterable[Quiz]) -> dict[str, str]:
    ids = {i for row in rows for i in (row.host_id, row.updated_by) if i is not None}
    if not ids:
        return {}
    found = await session.execute(select(Host.id, Host.name).where(Host.id.in_(ids)))
    return {str(i): str(name) for i, name in found}


def _person(account_id: str | None, names: Mapping[str, str]) -> dict[str, str] | None:
    if account_id is None:
        return None
    return {"id": account_id, "name": names.get(account_id, "")}


def _quiz(row: Quiz, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": row.id,
        **row.document,
        "tags": list(row.tags),
        "visibility": row.visibility,
        "author": _person(row.host_id, names),
        "updated_by": _person(row.updated_by, names),
        "created_ms": datetime_to_ms(row.created_at),
        "updated_ms": datetime_to_ms(row.updated_at),
        "updated_at": row.updated_at.isoformat(),
        "version": row.version,
    }


def _tags(document: Mapping[str, Any]) -> list[str]:
    return [str(t) for t in document.get("tags") or []]


def may_set_visibility(scope: Scope, row: Quiz) -> bool:
    """Its author or an admin of its workspace may share a quiz or make it a draft again."""
    return row.host_id == scope.account_id or scope.role.at_least(Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a listing: its items and how many there are in all."""

    items: list[dict[str, Any]]
    total: int


class QuizRepo(Repo):
    """The quizzes a scope sees: its workspace's shared ones and its own drafts; any other
    quiz is as good as missing."""

    async def create(
        self, scope: Scope, document: dict[str, Any], *, visibility: str = SHARED
    ) -> dict[str, Any]:
        """Store a normalised quiz document (version 1, its questions given ids where they
        have none: `with_question_ids`), written by the scope's account; returns it as `get`
        does."""
        return await self._insert(scope, with_question_ids(quiz_document(document)), visibility)

    async def duplicate(self, scope: Scope, quiz_id: str) -> dict[str, Any] | None:
        """A copy of a quiz the scope sees, written by the scope's account: a draft whose
        title ends with `COPY_SUFFIX`, its questions with fresh ids, at version 1. None when
        the scope does not see the quiz."""
        async with self._sessions() as session:
            source = await load_owned(session, scope, Quiz, quiz_id)
            if source is None:
                return None
            document = with_question_ids(source.document, fresh=True)
        document["title"] = copy_title(str(document.get("title", "")))
        return await self._insert(scope, document, DRAFT)

    async def _insert(self, scope: Scope, doc: dict[str, Any], visibility: str) -> dict[str, Any]:
        at = now()
        async with self._sessions.begin() as session:
            doc = await verify_credits(session, scope.workspace_id, doc)
            row = Quiz(
                id=new_id(),
                **scope.owner(),
                title=str(doc.get("title", "")),
                document=doc,
                created_at=at,
                updated_at=at,
                visibility=visibility,
                tags=_tags(doc),
                question_count=len(doc.get("questions") or []),
                updated_by=scope.account_id,
                version=1,
            )
            session.add(row)
            await session.flush()
            await search.reindex(session, row.id, doc)
            names = await _names(session, [row])
        return _quiz(row, names)

    async def list_all(self, scope: Scope) -> list[dict[str, Any]]:
        """Every quiz the scope sees, most recently changed first."""
        return (await self.search(scope, limit=MAX_LIST)).items

    async def search(
        self,
        scope: Scope,
        query: str = "",
        *,
        tag: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """The quizzes the scope sees matching `query` (best first; see `server.db.search`)
        and carrying `tag`."""
        async with self._sessions() as session:
            found = await search.find(
                session,
                quiz_visible(scope),
                query=query,
                tag=tag,
                offset=offset,
                limit=limit,
                questions=False,
            )
            rows = [row for row, _ in found.hits]
            names = await _names(session, rows)
        return Page([_quiz(row, names) for row in rows], found.total)

    async def questions(
        self,
        scope: Scope,
        query: str = "",
        *,
        tag: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> Page:
        """The question bank: questions of the quizzes the scope sees, matching `query`
        (best first) and whose quiz carries `tag`; each with its question document."""
        async with self._sessions() as session:
            found = await search.find(
                session,
                quiz_visible(scope),
                query=query,
                tag=tag,
                offset=offset,
                limit=limit,
                questions=True,
            )
        items: list[dict[str, Any]] = []
        for row, index in found.hits:
            questions: Sequence[Any] = row.document.get("questions") or []
            if index is None or not 0 <= index < len(questions):
                continue  # the index lags a quiz written outside the repository
            question = questions[index]
            items.append(
                {
                    "quiz": {"id": row.id, "title": row.title, "tags": list(row.tags)},
                    "index": index,
                    "kind": str(question.get("kind", "")),
                    "prompt": str(question.get("prompt", "")),
                    "question": question,
                }
            )
        return Page(items, found.total)

    async def get(self, scope: Scope, quiz_id: str) -> dict[str, Any] | None:
        """The quiz, or None when it does not exist or the scope does not see it."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Quiz, quiz_id)
            if row is None:
                return None
            names = await _names(session, [row])
        return _quiz(row, names)

    async def playable(self, scope: Scope, quiz_id: str) -> dict[str, Any] | None:
        """The quiz as a new game, challenge or duel plays it: as `get` returns it, without
        the questions crediting a contribution a host has hidden (`credits.drop_hidden`); its
        questions may be none. None when the scope does not see the quiz. The one place a
        game's questions are taken from a stored quiz."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Quiz, quiz_id)
            if row is None:
                return None
            names = await _names(session, [row])
            stored = _quiz(row, names)
            stored["questions"] = await drop_hidden(
                session, row.workspace_id, stored.get("questions") or []
            )
        return stored

    async def update(
        self,
        scope: Scope,
        quiz_id: str,
        document: dict[str, Any],
        *,
        visibility: str | None = None,
    ) -> dict[str, Any] | None:
        """Replace the quiz's document (and, when given, its visibility); None when the scope
        does not see it. Questions keep their ids (those without get new ones); the version
        goes up by one when the document changes. Raises `Forbidden` when the visibility would
        change and the caller is neither the author nor an admin."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Quiz, quiz_id, for_update=True)
            if row is None:
                return None
            if visibility is not None and visibility != row.visibility:
                if not may_set_visibility(scope, row):
                    raise Forbidden("only its author or an admin may change who sees a quiz")
                row.visibility = visibility
            await self.write_document(session, scope, row, quiz_document(document))
            names = await _names(session, [row])
        return _quiz(row, names)

    async def copy_question(
        self, scope: Scope, quiz_id: str, from_quiz: str, index: int
    ) -> dict[str, Any] | None:
        """Append question `index` of quiz `from_quiz` to quiz `quiz_id` (both seen by the
        scope); None when either quiz or the question does not exist. The quiz's limits apply:
        raises `games.errors.InvalidInput` when it is full or the question breaks the authoring
        limits."""
        async with self._sessions.begin() as session:
            source = await load_owned(session, scope, Quiz, from_quiz)
            questions: Sequence[Any] = [] if source is None else source.document["questions"]
            if not 0 <= index < len(questions):
                return None
            row = await load_owned(session, scope, Quiz, quiz_id, for_update=True)
            if row is None:
                return None
            # The copy is a new question of this quiz: it gets an id of its own.
            copied = {k: v for k, v in questions[index].items() if k != "id"}
            document = {**row.document, "questions": [*row.document["questions"], copied]}
            await self.write_document(session, scope, row, parse_authored_quiz(document).to_doc())
            names = await _names(session, [row])
        return _quiz(row, names)

    @staticmethod
    async def write_document(
        session: AsyncSession, scope: Scope, row: Quiz, document: dict[str, Any]
    ) -> None:
        """Save `document` as quiz `row`'s (in `session`, by `scope`): its questions given ids
        where they have none, its credits as SQL has them (`credits.verify_credits`: a caller
        cannot write one), the version up by one when it changed, the search index in step."""
        document = await verify_credits(session, row.workspace_id, with_question_ids(document))
        if document != row.document:
            row.version += 1
        row.document = document
        row.title = str(document.get("title", ""))
        row.tags = _tags(document)
        row.question_count = len(document.get("questions") or [])
        row.updated_at = now()
        row.updated_by = scope.account_id
        await session.flush()
        await search.reindex(session, row.id, document)

    async def delete(self, scope: Scope, quiz_id: str) -> bool:
        """Delete the quiz; False when the scope does not see it. Raises `Forbidden` unless
        the caller is its author or an admin."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Quiz, quiz_id, for_update=True)
            if row is None:
                return False
            if not may_set_visibility(scope, row):
                raise Forbidden("only its author or an admin may delete a quiz")
            await search.unindex(session, row.id)
            await session.delete(row)
        return True


#: `list_all` lists at most this many quizzes.
MAX_LIST = 1_000
