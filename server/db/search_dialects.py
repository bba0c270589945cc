"""The search index's SQL for each dialect (`server.db.search` is the interface).

SQLite: an FTS5 virtual table. Its rowids are ``key * 256 + slot`` (slot 0 the quiz, 1 + i its
question i; a quiz has at most 200), where ``key`` is the quiz's row in
``library_search_keys``, so a quiz's rows are replaced by a rowid range, not a scan. Ranked by
bm25 with the title weighing most, then the tags, then the body.

PostgreSQL: a table whose ``document`` is a generated, weighted ``tsvector`` ('simple'
configuration: no stemming, no stop words, any language) with a GIN index; its rows go with
their quiz (a foreign key, ``ON DELETE CASCADE``). Ranked by ``ts_rank`` (weights A title, B
tags, C body).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    TableValuedAlias,
    Text,
    bindparam,
    column,
    func,
    literal_column,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import TableClause

if TYPE_CHECKING:
    from server.db.search import Entry

SEARCH_TABLE = "library_search"
KEYS_TABLE = "library_search_keys"
#: Rowids per quiz in the SQLite index (a quiz row and at most 255 questions).
SLOTS = 256


def _table(*extra: Any) -> TableClause:
    return table(
        SEARCH_TABLE,
        column("quiz_id", String),
        column("question_index", Integer),
        column("kind", String),
        column("title", Text),
        column("body", Text),
        column("tags", Text),
        *extra,
    )


class DialectPart(Protocol):
    """What `server.db.search` (and migration ``0005_library``) asks of a dialect."""

    table: TableClause
    SCHEMA: tuple[str, ...]
    DROP: tuple[str, ...]
    INSERT: str

    def matches(self, words: Sequence[str]) -> ColumnElement[bool]: ...

    def rank(self, words: Sequence[str]) -> ColumnElement[Any]: ...

    def json_values(self, json_column: Any) -> TableValuedAlias: ...

    async def insert(self, session: AsyncSession, quiz_id: str, rows: Sequence[Entry]) -> None: ...

    async def remove(
        self, session: AsyncSession, quiz_id: str, *, forget: bool = False
    ) -> None: ...


def row_values(quiz_id: str, rows: Sequence[Entry], key: int | None) -> list[dict[str, Any]]:
    """The parameters of the parts' ``INSERT`` for a quiz's rows; `key` is the quiz's key on
    SQLite (its rowids are derived from it), None on PostgreSQL."""
    values: list[dict[str, Any]] = [
        {
            "quiz_id": quiz_id,
            "question_index": r.question_index,
            "kind": r.kind,
            "title": r.title,
            "body": r.body,
            "tags": r.tags,
        }
        for r in rows
    ]
    if key is not None:
        for value in values:
            value["rowid"] = key * SLOTS + 1 + int(value["question_index"])
    return values


class SqlitePart:
    """FTS5 (bm25)."""

    table: TableClause = _table(column("rowid", Integer))

    SCHEMA: tuple[str, ...] = (
        f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(quiz_id UNINDEXED, "
        "question_index UNINDEXED, kind UNINDEXED, title, body, tags, "
        "tokenize = 'unicode61 remove_diacritics 2')",
        f"CREATE TABLE {KEYS_TABLE} (key INTEGER PRIMARY KEY, quiz_id TEXT NOT NULL UNIQUE)",
    )
    DROP: tuple[str, ...] = (f"DROP TABLE {SEARCH_TABLE}", f"DROP TABLE {KEYS_TABLE}")
    INSERT: str = (
        f"INSERT INTO {SEARCH_TABLE} (rowid, quiz_id, question_index, kind, title, body, tags) "
        "VALUES (:rowid, :quiz_id, :question_index, :kind, :title, :body, :tags)"
    )

    @staticmethod
    def expression(words: Sequence[str]) -> str:
        """The FTS5 query: every term a quoted string, the last one a prefix."""
        quoted = [f'"{w}"' for w in words]
        quoted[-1] += "*"
        return " ".join(quoted)

    def matches(self, words: Sequence[str]) -> ColumnElement[bool]:
        fts: ColumnElement[Any] = literal_column(SEARCH_TABLE)
        return fts.op("MATCH")(bindparam(None, self.expression(words), String))

    def rank(self, words: Sequence[str]) -> ColumnElement[Any]:
        weights: list[ColumnElement[Any]] = [
            literal_column(w) for w in ("0", "0", "0", "10.0", "1.0", "4.0")
        ]
        return func.bm25(literal_column(SEARCH_TABLE), *weights).asc()

    def json_values(self, json_column: Any) -> TableValuedAlias:
        return func.json_each(json_column).table_valued("value")

    async def _key(self, session: AsyncSession, quiz_id: str) -> int | None:
        key = await session.scalar(
            text(f"SELECT key FROM {KEYS_TABLE} WHERE quiz_id = :id"), {"id": quiz_id}
        )
        return None if key is None else int(key)

    async def insert(self, session: AsyncSession, quiz_id: str, rows: Sequence[Entry]) -> None:
        await session.execute(
            text(f"INSERT INTO {KEYS_TABLE} (quiz_id) VALUES (:id) ON CONFLICT DO NOTHING"),
            {"id": quiz_id},
        )
        key = await self._key(session, quiz_id)
        await session.execute(text(self.INSERT), row_values(quiz_id, rows, key))

    async def remove(self, session: AsyncSession, quiz_id: str, *, forget: bool = False) -> None:
        key = await self._key(session, quiz_id)
        if key is None:
            return
        await session.execute(
            text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid BETWEEN :low AND :high"),
            {"low": key * SLOTS, "high": key * SLOTS + SLOTS - 1},
        )
        if forget:
            await session.execute(text(f"DELETE FROM {KEYS_TABLE} WHERE key = :key"), {"key": key})


class PostgresPart:
    """A generated tsvector with a GIN index (ts_rank)."""

    table: TableClause = _table()

    SCHEMA: tuple[str, ...] = (
        f"CREATE TABLE {SEARCH_TABLE} ("
        "quiz_id VARCHAR(64) NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE, "
        "question_index INTEGER NOT NULL, kind VARCHAR(32) NOT NULL, title TEXT NOT NULL, "
        "body TEXT NOT NULL, tags TEXT NOT NULL, "
        "document TSVECTOR GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title), 'A') || "
        "setweight(to_tsvector('simple', tags), 'B') || "
        "setweight(to_tsvector('simple', body), 'C')) STORED, "
        f"CONSTRAINT pk_{SEARCH_TABLE} PRIMARY KEY (quiz_id, question_index))",
        f"CREATE INDEX ix_{SEARCH_TABLE}_document ON {SEARCH_TABLE} USING gin (document)",
    )
    DROP: tuple[str, ...] = (f"DROP TABLE {SEARCH_TABLE}",)
    INSERT: str = (
        f"INSERT INTO {SEARCH_TABLE} (quiz_id, question_index, kind, title, body, tags) "
        "VALUES (:quiz_id, :question_index, :kind, :title, :body, :tags)"
    )

    @staticmethod
    def expression(words: Sequence[str]) -> str:
        """The tsquery: every term required, the last one a prefix (terms are letters and
        digits only, so none is an operator)."""
        return " & ".join([*words[:-1], f"{words[-1]}:*"])

    def _query(self, words: Sequence[str]) -> ColumnElement[Any]:
        return func.to_tsquery(
            literal_column("'simple'"), bindparam(None, self.expression(words), String)
        )

    def matches(self, words: Sequence[str]) -> ColumnElement[bool]:
        return literal_column(f"{SEARCH_TABLE}.document").op("@@")(self._query(words))

    def rank(self, words: Sequence[str]) -> ColumnElement[Any]:
        return func.ts_rank(literal_column(f"{SEARCH_TABLE}.document"), self._query(words)).desc()

    def json_values(self, json_column: Any) -> TableValuedAlias:
        return func.json_array_elements_text(json_column).table_valued("value")

    async def insert(self, session: AsyncSession, quiz_id: str, rows: Sequence[Entry]) -> None:
        await session.execute(text(self.INSERT), row_values(quiz_id, rows, None))

    async def remove(self, session: AsyncSession, quiz_id: str, *, forget: bool = False) -> None:
        await session.execute(
            text(f"DELETE FROM {SEARCH_TABLE} WHERE quiz_id = :id"), {"id": quiz_id}
        )


_PARTS: dict[str, DialectPart] = {"sqlite": SqlitePart(), "postgresql": PostgresPart()}


def part_for(dialect_name: str) -> DialectPart:
    """The part of the dialect named `dialect_name` (``sqlite`` or ``postgresql``)."""
    return _PARTS[dialect_name]


def dialect_part(session: AsyncSession) -> DialectPart:
    """The part of the dialect `session` is bound to."""
    return part_for(session.get_bind().dialect.name)
