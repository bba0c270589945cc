"""The shared library on SQLite and PostgreSQL: visibility, tags, authorship, the full-text
search (`server.db.search`) and the question bank."""

from __future__ import annotations

from typing import Any

import pytest

from games.errors import InvalidInput
from server.db.database import Database
from server.db.errors import Forbidden
from server.db.hosts import HostRecord
from server.db.models import DRAFT, SHARED
from server.db.quizzes import quiz_document
from server.db.scope import Role, Scope


def question(prompt: str, *choices: str) -> dict[str, Any]:
    return {
        "kind": "choice",
        "prompt": prompt,
        "choices": list(choices or ("Yes", "No")),
        "correct": [0],
        "time_limit_ms": 20000,
        "points": 1,
    }


def quiz(title: str, *prompts: str, tags: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"title": title, **extra}
    if tags:
        doc["tags"] = tags
    doc["questions"] = [question(p) for p in prompts or ("Ready?",)]
    return doc


async def account(db: Database, email: str, name: str) -> HostRecord:
    return await db.hosts.create(email, name, "hash")


@pytest.fixture
async def people(db: Database) -> dict[str, Scope]:
    """Ada owns workspace W (her own); Bob is a host of W; Cy has a workspace of his own."""
    ada = await account(db, "ada@example.com", "Ada")
    bob = await account(db, "bob@example.com", "Bob")
    cy = await account(db, "cy@example.com", "Cy")
    return {
        "ada": Scope(workspace_id=ada.id, account_id=ada.id, role=Role.OWNER),
        "bob": Scope(workspace_id=ada.id, account_id=bob.id, role=Role.HOST),
        "cy": Scope(workspace_id=cy.id, account_id=cy.id, role=Role.OWNER),
    }


async def ids(db: Database, scope: Scope, query: str = "", **kw: Any) -> list[str]:
    return [q["id"] for q in (await db.quizzes.search(scope, query, **kw)).items]


async def test_authorship_tags_and_visibility_are_answered(
    db: Database, people: dict[str, Scope]
) -> None:
    ada, bob = people["ada"], people["bob"]
    assert (await db.quizzes.create(ada, quiz("Plain")))["visibility"] == "shared"
    made = await db.quizzes.create(
        ada, quiz("Safety", tags=["fire", "first aid"]), visibility=DRAFT
    )
    assert made["visibility"] == "draft"
    assert made["tags"] == ["fire", "first aid"]
    assert made["author"] == {"id": ada.account_id, "name": "Ada"}
    assert made["updated_by"] == {"id": ada.account_id, "name": "Ada"}
    assert made["updated_at"].startswith("20")
    # Stored as given, each question with its stable id added (test_db_quiz_stats.py).
    stored = quiz_document(made)
    assert all(isinstance(q.get("id"), str) for q in stored["questions"])
    stored["questions"] = [{k: v for k, v in q.items() if k != "id"} for q in stored["questions"]]
    assert stored == quiz("Safety", tags=["fire", "first aid"])

    shared = await db.quizzes.update(ada, made["id"], quiz_document(made), visibility=SHARED)
    assert shared is not None and shared["visibility"] == "shared"
    edited = await db.quizzes.update(bob, made["id"], quiz("Safety 2", tags=["fire"]))
    assert edited is not None
    assert edited["author"] == {"id": ada.account_id, "name": "Ada"}
    assert edited["updated_by"] == {"id": bob.account_id, "name": "Bob"}
    assert edited["tags"] == ["fire"]
    assert edited["visibility"] == "shared"


async def test_drafts_are_hidden_from_others_and_other_workspaces(
    db: Database, people: dict[str, Scope]
) -> None:
    ada, bob, cy = people["ada"], people["bob"], people["cy"]
    draft = await db.quizzes.create(ada, quiz("Volcano draft", "Lava?"), visibility=DRAFT)
    shared = await db.quizzes.create(ada, quiz("Volcano shared", "Ash?"), visibility=SHARED)
    assert await ids(db, ada) == [shared["id"], draft["id"]]
    assert await ids(db, bob) == [shared["id"]]
    assert await ids(db, bob, "volcano") == [shared["id"]]
    assert await ids(db, cy, "volcano") == []
    assert await ids(db, cy) == []
    assert await db.quizzes.get(bob, draft["id"]) is None
    assert await db.quizzes.get(cy, shared["id"]) is None
    assert await db.quizzes.update(bob, draft["id"], quiz("Mine")) is None
    assert not await db.quizzes.delete(cy, shared["id"])
    bank = await db.quizzes.questions(bob, "")
    assert [(h["quiz"]["id"], h["prompt"]) for h in bank.items] == [(shared["id"], "Ash?")]
    assert (await db.quizzes.questions(cy, "ash")).total == 0


async def test_only_the_author_or_an_admin_changes_visibility_or_deletes(
    db: Database, people: dict[str, Scope]
) -> None:
    ada, bob = people["ada"], people["bob"]
    mine = await db.quizzes.create(bob, quiz("Bob's"), visibility=SHARED)
    theirs = await db.quizzes.create(ada, quiz("Ada's"), visibility=SHARED)
    with pytest.raises(Forbidden):
        await db.quizzes.update(bob, theirs["id"], quiz("Ada's"), visibility="draft")
    with pytest.raises(Forbidden):
        await db.quizzes.delete(bob, theirs["id"])
    after = await db.quizzes.get(bob, theirs["id"])
    assert after is not None and after["visibility"] == "shared"
    assert after["updated_by"] == {"id": ada.account_id, "name": "Ada"}  # nothing changed
    # The admin (here the owner) may: she makes Bob's quiz a draft, which only Bob then sees.
    hidden = await db.quizzes.update(ada, mine["id"], quiz("Bob's"), visibility="draft")
    assert hidden is not None and hidden["visibility"] == "draft"
    assert await db.quizzes.get(ada, mine["id"]) is None
    assert await db.quizzes.get(bob, mine["id"]) is not None
    assert await db.quizzes.delete(ada, theirs["id"])


async def test_a_title_hit_ranks_above_a_body_hit(db: Database, people: dict[str, Scope]) -> None:
    ada = people["ada"]
    body = await db.quizzes.create(ada, quiz("Mountains", "Which penguin lives in Peru?"))
    title = await db.quizzes.create(ada, quiz("Penguins of the world", "Which bird swims?"))
    tagged = await db.quizzes.create(ada, quiz("Birds", "Which bird flies?", tags=["penguin"]))
    await db.quizzes.create(ada, quiz("Unrelated", "Nothing here?"))
    assert await ids(db, ada, "penguin") == [title["id"], tagged["id"], body["id"]]
    # The question bank ranks by the prompt, too.
    bank = await db.quizzes.questions(ada, "penguin peru")
    assert [(h["quiz"]["id"], h["index"]) for h in bank.items] == [(body["id"], 0)]
    found = bank.items[0]["question"]
    assert found == {"id": found["id"], **question("Which penguin lives in Peru?")}
    assert bank.items[0]["kind"] == "choice"


async def test_prefix_match_answers_and_descriptions(
    db: Database, people: dict[str, Scope]
) -> None:
    ada = people["ada"]
    doc = quiz("Geography", description="Capitals of Europe")
    doc["questions"] = [question("Capital of France?", "Lyon", "Marseille", "Paris")]
    made = await db.quizzes.create(ada, doc)
    assert await ids(db, ada, "marsei") == [made["id"]]
    assert await ids(db, ada, "euro") == [made["id"]]
    assert await ids(db, ada, "Capitals EUROPE") == [made["id"]]
    assert await ids(db, ada, "europe capit") == [made["id"]]
    assert await ids(db, ada, "marsei europe") == []  # only the last word is a prefix
    assert await ids(db, ada, "atlantis") == []
    hits = await db.quizzes.questions(ada, "pari")
    assert [h["prompt"] for h in hits.items] == ["Capital of France?"]


async def test_tag_filter(db: Database, people: dict[str, Scope]) -> None:
    ada = people["ada"]
    a = await db.quizzes.create(ada, quiz("Fire drill", tags=["safety", "fire"]))
    b = await db.quizzes.create(ada, quiz("Fire history", tags=["history"]))
    assert await ids(db, ada, tag="safety") == [a["id"]]
    assert await ids(db, ada, "fire", tag="history") == [b["id"]]
    assert set(await ids(db, ada, "fire")) == {a["id"], b["id"]}
    assert await ids(db, ada, tag="safe") == []  # a tag matches whole
    assert (await db.quizzes.questions(ada, "", tag="history")).total == 1


async def test_pagination_and_total(db: Database, people: dict[str, Scope]) -> None:
    ada = people["ada"]
    made = [await db.quizzes.create(ada, quiz(f"Orbit {i}", "Moon?")) for i in range(7)]
    newest_first = [q["id"] for q in reversed(made)]
    page = await db.quizzes.search(ada, "orbit", offset=2, limit=3)
    assert page.total == 7
    assert len(page.items) == 3
    everything = await ids(db, ada, "orbit", limit=50)
    assert sorted(everything) == sorted(newest_first)
    assert [q["id"] for q in page.items] == everything[2:5]
    listed = await db.quizzes.search(ada, "", offset=5, limit=5)
    assert listed.total == 7
    assert [q["id"] for q in listed.items] == newest_first[5:]
    bank = await db.quizzes.questions(ada, "moon", offset=6, limit=5)
    assert bank.total == 7 and len(bank.items) == 1


async def test_the_index_follows_update_and_delete(db: Database, people: dict[str, Scope]) -> None:
    ada = people["ada"]
    made = await db.quizzes.create(ada, quiz("Comets", "Halley?"))
    assert await ids(db, ada, "halley") == [made["id"]]
    await db.quizzes.update(ada, made["id"], quiz("Asteroids", "Ceres?"))
    assert await ids(db, ada, "halley") == []
    assert await ids(db, ada, "comets") == []
    assert await ids(db, ada, "ceres") == [made["id"]]
    assert (await db.quizzes.questions(ada, "halley")).total == 0
    assert await db.quizzes.delete(ada, made["id"])
    assert await ids(db, ada, "ceres") == []
    assert (await db.quizzes.questions(ada, "ceres")).total == 0


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '"unbalanced',
        "*",
        "a*",
        "NEAR(a b)",
        "a NEAR b",
        "title:a",
        "a & !b | (c",
        "a:* <-> b",
        "AND OR NOT",
        "\x00",
        "x\x00y",
        "'; DROP TABLE quizzes; --",
        "^start -minus +plus {col}",
        "\ud800",
        "é" * 5000,
        "word " * 2000,
    ],
)
async def test_hostile_queries_never_fail(
    db: Database, people: dict[str, Scope], hostile: str
) -> None:
    ada = people["ada"]
    made = await db.quizzes.create(ada, quiz("Plain title", "Simple question?"))
    found = await db.quizzes.search(ada, hostile)
    assert found.total == len(found.items)
    bank = await db.quizzes.questions(ada, hostile)
    assert bank.total == len(bank.items)
    # Still there and still found: the index is intact.
    assert await ids(db, ada, "plain") == [made["id"]]


async def test_copy_a_question_from_the_bank(db: Database, people: dict[str, Scope]) -> None:
    ada, bob, cy = people["ada"], people["bob"], people["cy"]
    source = await db.quizzes.create(ada, quiz("Source", "First?", "Second?"), visibility=SHARED)
    target = await db.quizzes.create(bob, quiz("Target", "Own?"), visibility=DRAFT)
    copied = await db.quizzes.copy_question(bob, target["id"], source["id"], 1)
    assert copied is not None
    assert [q["prompt"] for q in copied["questions"]] == ["Own?", "Second?"]
    assert copied["updated_by"] == {"id": bob.account_id, "name": "Bob"}
    hits = await db.quizzes.questions(bob, "second")
    assert {h["quiz"]["id"] for h in hits.items} == {source["id"], target["id"]}
    assert await db.quizzes.copy_question(bob, target["id"], source["id"], 2) is None
    assert await db.quizzes.copy_question(cy, target["id"], source["id"], 0) is None
    draft = await db.quizzes.create(ada, quiz("Draft", "Secret?"), visibility=DRAFT)
    assert await db.quizzes.copy_question(bob, target["id"], draft["id"], 0) is None
    unchanged = await db.quizzes.get(bob, target["id"])
    assert unchanged is not None and len(unchanged["questions"]) == 2


async def test_copy_respects_the_quiz_limits(db: Database, people: dict[str, Scope]) -> None:
    ada = people["ada"]
    full = await db.quizzes.create(ada, quiz("Full", *[f"Q{i}?" for i in range(200)]))
    other = await db.quizzes.create(ada, quiz("Other", "One more?"))
    with pytest.raises(InvalidInput):
        await db.quizzes.copy_question(ada, full["id"], other["id"], 0)
    again = await db.quizzes.get(ada, full["id"])
    assert again is not None and len(again["questions"]) == 200


async def test_the_bank_without_a_query_pages_the_newest_quizzes_questions(
    db: Database, people: dict[str, Scope]
) -> None:
    ada, bob = people["ada"], people["bob"]
    sizes = [3, 1, 2]
    made = [
        await db.quizzes.create(
            ada, quiz(f"Q{n}", *[f"P{n}.{i}" for i in range(size)]), visibility=SHARED
        )
        for n, size in enumerate(sizes)
    ]
    await db.quizzes.create(ada, quiz("Hidden draft", "Draft?"), visibility=DRAFT)
    newest_first = [(made[n]["id"], i) for n in (2, 1, 0) for i in range(sizes[n])]
    everything = await db.quizzes.questions(bob, "", limit=50)
    assert everything.total == 6
    assert [(h["quiz"]["id"], h["index"]) for h in everything.items] == newest_first
    for offset, limit in [(0, 2), (1, 3), (2, 1), (3, 3), (5, 4), (6, 2)]:
        page = await db.quizzes.questions(bob, "  ", offset=offset, limit=limit)
        assert page.total == 6
        got = [(h["quiz"]["id"], h["index"]) for h in page.items]
        assert got == newest_first[offset : offset + limit], (offset, limit)
    assert (await db.quizzes.questions(bob, "", tag="none")).total == 0
