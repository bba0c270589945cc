"""How fast the library's search answers over 10,000 quizzes.

    python -m bench.search_bench                       # SQLite, and PostgreSQL if reachable
    python -m bench.search_bench --quizzes 2000 --calls 30
    python -m bench.search_bench --pg-url postgresql+asyncpg://u@host/db

It migrates a throwaway SQLite file (and a throwaway schema of the PostgreSQL database at
``--pg-url``, default ``TEST_DATABASE_URL`` or the local ``test`` database) and fills one
workspace with ``--quizzes`` generated quizzes (Faker's words and sentences, seeded: a title,
a description, eight choice questions, two tags each; a tenth of them drafts of another
author) by bulk inserts, then builds the search index (`server.db.search.build`). It times
`QuizRepo.search` (``GET /api/quizzes?q=``) and `QuizRepo.questions` (``GET /api/questions``)
for a few kinds of query: a warm-up call, then ``--calls`` calls of each, reporting p50 and p99
in milliseconds. The figures go to ``bench/results/search.json``; the throwaway database is
removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from faker import Faker
from sqlalchemy import insert, text

from bench.sql_bench import on_postgres, on_sqlite, time_calls
from server.db import search
from server.db.database import Database
from server.db.models import DRAFT, SHARED, Host, Membership, Quiz, Workspace
from server.db.scope import Role, Scope

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "search.json"
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

WORKSPACE = "bench-ws"
AUTHOR = "bench-author"
OTHER = "bench-other"
QUESTIONS = 8
BATCH = 2_000


def _question(fake: Faker) -> dict[str, Any]:
    return {
        "kind": "choice",
        "prompt": fake.sentence(nb_words=9)[:200],
        "choices": [fake.word()[:90] for _ in range(4)],
        "correct": [0],
        "time_limit_ms": 20000,
        "points": 1,
    }


def _rows(quizzes: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the synthetic library, by table."""
    fake = Faker()
    fake.seed_instance(seed)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    tags = [fake.unique.word() for _ in range(60)]
    rows: list[dict[str, Any]] = []
    for n in range(quizzes):
        document = {
            "title": fake.sentence(nb_words=4).rstrip(".")[:200],
            "description": fake.paragraph(nb_sentences=2)[:2000],
            "tags": sorted(set(rng.sample(tags, 2))),
            "questions": [_question(fake) for _ in range(QUESTIONS)],
        }
        draft = n % 10 == 9
        at = now - timedelta(minutes=quizzes - n)
        rows.append(
            {
                "id": f"q{n:06d}",
                "workspace_id": WORKSPACE,
                "host_id": OTHER if draft else AUTHOR,
                "title": document["title"],
                "document": document,
                "created_at": at,
                "updated_at": at,
                "visibility": DRAFT if draft else SHARED,
                "tags": document["tags"],
                "question_count": QUESTIONS,
                "updated_by": AUTHOR,
            }
        )
    people = [
        {"id": i, "email": f"{i}@example.com", "name": i, "password_hash": "x", "created_at": now}
        for i in (AUTHOR, OTHER)
    ]
    return {
        "hosts": people,
        "workspaces": [
            {"id": WORKSPACE, "name": "Bench", "created_at": now, "retention_days": None}
        ],
        "memberships": [
            {"workspace_id": WORKSPACE, "account_id": i, "role": r, "created_at": now}
            for i, r in ((AUTHOR, Role.OWNER), (OTHER, Role.HOST))
        ],
        "quizzes": rows,
    }


def _queries(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
    """The timed queries, from the generated words: the commonest word of the prompts (many
    hits), a rarer one, a three-letter prefix, two words, a word and a tag."""
    words = Counter(
        w.strip(".").lower()
        for row in rows
        for q in row["document"]["questions"]
        for w in q["prompt"].split()
        if len(w.strip(".")) > 3
    )
    ranked = [w for w, _ in words.most_common()]
    common, rare = ranked[0], ranked[len(ranked) // 2]
    return {
        "common_word": (common, None),
        "rare_word": (rare, None),
        "prefix_3_letters": (common[:3], None),
        "two_words": (f"{common} {ranked[1]}", None),
        "word_and_tag": (common, rows[0]["tags"][0]),
        "no_query_page": ("", None),
    }


async def _fill(db: Database, rows: dict[str, list[dict[str, Any]]]) -> None:
    models = {"hosts": Host, "workspaces": Workspace, "memberships": Membership, "quizzes": Quiz}
    async with db.engine.begin() as conn:
        for table, model in models.items():
            batch = rows[table]
            for start in range(0, len(batch), BATCH):
                await conn.execute(insert(model), batch[start : start + BATCH])
        await conn.run_sync(search.build)
    if db.engine.dialect.name == "postgresql":
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE"))
    else:
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
            await conn.execute(
                text(
                    f"INSERT INTO {search.SEARCH_TABLE}({search.SEARCH_TABLE}) VALUES ('optimize')"
                )
            )


async def _measure(db: Database, rows: list[dict[str, Any]], calls: int) -> dict[str, Any]:
    scope = Scope(workspace_id=WORKSPACE, account_id=AUTHOR, role=Role.OWNER)
    timed: dict[str, Any] = {}
    for name, (query, tag) in _queries(rows).items():
        found = await db.quizzes.search(scope, query, tag=tag, limit=20)
        assert found.items, (name, query)
        timed[f"quizzes_{name}"] = {
            "query": query,
            "tag": tag,
            "total": found.total,
            **await time_calls(
                lambda q=query, t=tag: db.quizzes.search(scope, q, tag=t, limit=20), calls
            ),
        }
        bank = await db.quizzes.questions(scope, query, tag=tag, limit=20)
        timed[f"questions_{name}"] = {
            "query": query,
            "tag": tag,
            "total": bank.total,
            **await time_calls(
                lambda q=query, t=tag: db.quizzes.questions(scope, q, tag=t, limit=20), calls
            ),
        }
    common = _queries(rows)["common_word"][0]
    timed["quizzes_common_word_page_5"] = await time_calls(
        lambda: db.quizzes.search(scope, common, offset=80, limit=20), calls
    )
    return timed


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    rows = _rows(args.quizzes, args.seed)

    async def fill_and_measure(db: Database) -> dict[str, Any]:
        await _fill(db, rows)
        return await _measure(db, rows["quizzes"], args.calls)

    backends: dict[str, Any] = {"sqlite": await on_sqlite(fill_and_measure)}
    if not args.no_postgres:
        backends["postgres"] = await on_postgres(args.pg_url, fill_and_measure)
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "quizzes": args.quizzes,
        "questions": args.quizzes * QUESTIONS,
        "calls": args.calls,
        "seconds": round(time.perf_counter() - started, 1),
        "backends": backends,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quizzes", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    report = asyncio.run(main_async(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
