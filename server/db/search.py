"""Full-text search over the library: one interface, a part per SQL dialect.

The index holds a row per quiz (``question_index`` -1: its title, its description with every
prompt and answer text, its tags) and a row per question (its prompt, its answer texts, the
quiz's tags), so the same query finds quizzes (`QuizRepo.search`) and questions (the question
bank, `QuestionBank.search`). SQLite keeps it in an FTS5 virtual table ranked by bm25,
PostgreSQL in a table with a weighted ``tsvector`` column (``'simple'`` configuration, a GIN
index) ranked by ``ts_rank``; `search_dialects` holds the two. The quiz repository keeps the
index in step in the transaction that writes the quiz (`reindex`, `unindex`); migration
``0005_library`` builds it for the quizzes that existed before.

What a user types is never spliced into the engines' query syntax: `terms` keeps only runs of
letters and digits, which are quoted (FTS5) or are plain lexemes (tsquery), and bound as a
parameter; the last term matches as a prefix. A query without terms lists by ``updated_at``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, exists, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Quiz
from server.db.search_dialects import KEYS_TABLE, SEARCH_TABLE, dialect_part, part_for, row_values

#: At most this many terms of a query count; the rest are ignored.
MAX_TERMS = 12
#: A term longer than this is cut (no word is that long; the engines would find nothing).
MAX_TERM_LEN = 64
#: The index row of a quiz itself (its questions have their index, 0 and up).
QUIZ_ROW = -1

_TERM = re.compile(r"[^\W_]+")


def is_search_table(name: str) -> bool:
    """Whether `name` is one of the search index's tables (the FTS5 table and its shadow
    tables, the key table on SQLite): the models do not describe them."""
    return name == SEARCH_TABLE or name.startswith(f"{SEARCH_TABLE}_")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name``: comparing the database with the models (autogenerate, the
    migration test) leaves the search index's tables alone."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def terms(query: str) -> tuple[str, ...]:
    """The words of a user's query, lower-cased: runs of letters and digits, at most
    `MAX_TERMS` of them, each at most `MAX_TERM_LEN` characters. Quotes, operators (``*``,
    ``NEAR``, ``:``, ``&``, ``!``), NUL and other punctuation are separators."""
    words = _TERM.findall(query.lower())
    return tuple(w[:MAX_TERM_LEN] for w in words[:MAX_TERMS])


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the index: the quiz (`question_index` -1) or one of its questions."""

    question_index: int
    kind: str
    title: str
    body: str
    tags: str


_ANSWER_KEYS = ("choices", "items", "accepted")


def _answers(question: Mapping[str, Any]) -> list[str]:
    texts: list[str] = []
    for key in _ANSWER_KEYS:
        value = question.get(key)
        if isinstance(value, list):
            texts.extend(str(t) for t in value if isinstance(t, str))
    return texts


def entries(document: Mapping[str, Any]) -> list[Entry]:
    """The index rows of a normalised quiz document."""
    tags = " ".join(str(t) for t in document.get("tags") or [])
    questions = [q for q in document.get("questions") or [] if isinstance(q, Mapping)]
    parts: list[str] = [str(document.get("description") or "")]
    rows: list[Entry] = []
    for i, question in enumerate(questions):
        prompt = str(question.get("prompt") or "")
        answers = _answers(question)
        parts.append(prompt)
        parts.extend(answers)
        rows.append(Entry(i, str(question.get("kind") or ""), prompt, " ".join(answers), tags))
    quiz = Entry(
        QUIZ_ROW, "", str(document.get("title") or ""), " ".join(p for p in parts if p), tags
    )
    return [quiz, *rows]


async def reindex(session: AsyncSession, quiz_id: str, document: Mapping[str, Any]) -> None:
    """Replace the index rows of a quiz, in the caller's transaction."""
    part = dialect_part(session)
    await part.remove(session, quiz_id)
    await part.insert(session, quiz_id, entries(document))


async def unindex(session: AsyncSession, quiz_id: str) -> None:
    """Remove the index rows of a deleted quiz, in the caller's transaction."""
    await dialect_part(session).remove(session, quiz_id, forget=True)


def _document(value: object) -> dict[str, Any]:
    loaded = json.loads(value) if isinstance(value, str | bytes) else value
    return loaded if isinstance(loaded, dict) else {}


def build(connection: Connection) -> int:
    """Index every quiz of the database, whose index must be empty (migration ``0005_library``
    for the quizzes before it, the search bench after a bulk insert), and set each quiz's
    ``question_count``; returns how many quizzes were indexed. Blocking: run it through
    ``run_sync`` from async code."""
    part = part_for(connection.dialect.name)
    keys: dict[str, int] = {}
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"INSERT INTO {KEYS_TABLE} (quiz_id) SELECT id FROM quizzes"))
        found = connection.execute(text(f"SELECT quiz_id, key FROM {KEYS_TABLE}"))
        keys = {str(quiz_id): int(key) for quiz_id, key in found}
    values: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    quizzes = connection.execute(text("SELECT id, document FROM quizzes")).all()
    for quiz_id, raw in quizzes:
        rows = entries(_document(raw))
        values.extend(row_values(str(quiz_id), rows, keys.get(str(quiz_id))))
        counts.append({"id": str(quiz_id), "n": len(rows) - 1})
        if len(values) >= 5_000:
            connection.execute(text(part.INSERT), values)
            values = []
    if values:
        connection.execute(text(part.INSERT), values)
    if counts:
        update = "UPDATE quizzes SET question_count = :n WHERE id = :id"
        connection.execute(text(update), counts)
    return len(quizzes)


def tagged(session: AsyncSession, tag: str) -> ColumnElement[bool]:
    """The condition: the quiz's ``tags`` column holds `tag` exactly."""
    values = dialect_part(session).json_values(Quiz.tags)
    return exists(select(values.c.value).where(values.c.value == tag))


async def _recent_questions(
    session: AsyncSession, conditions: list[ColumnElement[bool]], offset: int, limit: int
) -> Found:
    """The question bank without a query: the questions of the most recently changed quizzes
    first, in their order. Read from the quizzes (a running sum of their ``question_count``
    finds the page), not the index, whose every row this would scan."""
    count = Quiz.question_count
    order = (Quiz.updated_at.desc(), Quiz.id)
    running = (
        select(Quiz.id, count.label("n"), func.sum(count).over(order_by=order).label("upto"))
        .where(*conditions)
        .subquery()
    )
    start = running.c.upto - running.c.n
    rows = await session.execute(
        select(Quiz, start)
        .join(running, Quiz.id == running.c.id)
        .where(running.c.upto > offset, start < offset + limit)
        .order_by(running.c.upto)
    )
    hits: list[tuple[Quiz, int | None]] = []
    for row, first in rows:
        n = len(row.document.get("questions") or [])
        low = max(0, offset - int(first))
        high = min(n, offset + limit - int(first))
        hits.extend((row, i) for i in range(low, high))
    total = await session.scalar(select(func.coalesce(func.sum(count), 0)).where(*conditions))
    return Found(hits, int(total or 0))


@dataclass(frozen=True, slots=True)
class Found:
    """A page of hits: each the quiz row and the question's index (None for a quiz hit)."""

    hits: list[tuple[Quiz, int | None]]
    total: int


async def find(
    session: AsyncSession,
    visible: ColumnElement[bool],
    *,
    query: str,
    tag: str | None,
    offset: int,
    limit: int,
    questions: bool,
) -> Found:
    """Quizzes (or, with `questions`, questions) that `visible` lets the caller see, matching
    `query` (ranked best first) and carrying `tag`; a query without terms lists them by
    ``updated_at``, newest first. `total` counts every match, not only this page."""
    words = terms(query)
    conditions: list[ColumnElement[bool]] = [visible]
    if tag is not None:
        conditions.append(tagged(session, tag))
    if not words and not questions:
        rows = await session.scalars(
            select(Quiz)
            .where(*conditions)
            .order_by(Quiz.updated_at.desc(), Quiz.id)
            .offset(offset)
            .limit(limit)
        )
        count = await session.scalar(select(func.count()).select_from(Quiz).where(*conditions))
        return Found([(row, None) for row in rows], int(count or 0))
    if not words:
        return await _recent_questions(session, conditions, offset, limit)
    part = dialect_part(session)
    index = part.table
    conditions.append(
        index.c.question_index >= 0 if questions else index.c.question_index == QUIZ_ROW
    )
    order: list[Any] = []
    if words:
        conditions.append(part.matches(words))
        order.append(part.rank(words))
    order.extend([Quiz.updated_at.desc(), Quiz.id, index.c.question_index])
    joined = index.join(Quiz, Quiz.id == index.c.quiz_id)
    page: Select[tuple[Quiz, int]] = (
        select(Quiz, index.c.question_index)
        .select_from(joined)
        .where(*conditions)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    result = await session.execute(page)
    hits: Sequence[Any] = result.all()
    count = await session.scalar(select(func.count()).select_from(joined).where(*conditions))
    return Found([(row, int(i) if questions else None) for row, i in hits], int(count or 0))
