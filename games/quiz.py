"""A quiz document: a title and its questions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from games import _validate as v
from games.errors import InvalidInput
from games.kinds.choice import ChoiceQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import Question
from games.kinds.registry import parse_question
from games.kinds.type_answer import TypeAnswerQuestion
from games.limits import (
    MAX_DESCRIPTION,
    MAX_PROMPT,
    MAX_TAG,
    MAX_TAGS,
    MAX_TILE_TEXT,
    MAX_TITLE,
)
from games.shuffle import random_permutation
from games.types import JSON, RandomSource

MIN_QUESTIONS = 1
MAX_QUESTIONS = 200
#: A question id's length at most (ids are opaque; the server makes 12-character ones).
MAX_QUESTION_ID = 64


@dataclass(frozen=True, slots=True)
class Quiz:
    """A validated quiz; build it with `parse_quiz`."""

    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    tags: tuple[str, ...] = ()
    #: Each question's stable id ("id" in its document: opaque, given by the server when a quiz
    #: is saved), None where it has none; empty when no question has one.
    question_ids: tuple[str | None, ...] = ()

    def question_id(self, index: int) -> str | None:
        """The id of question `index`, None when it has none."""
        return self.question_ids[index] if index < len(self.question_ids) else None

    def to_doc(self) -> dict[str, JSON]:
        """The normalised quiz document; `parse_quiz` reads it back into an equal quiz."""
        doc: dict[str, JSON] = {"title": self.title}
        if self.description is not None:
            doc["description"] = self.description
        if self.tags:
            doc["tags"] = list(self.tags)
        questions: list[JSON] = []
        for i, q in enumerate(self.questions):
            qid = self.question_id(i)
            questions.append(q.to_doc() if qid is None else {"id": qid, **q.to_doc()})
        doc["questions"] = questions
        return doc

    def prepare(self, rng: RandomSource) -> Quiz:
        """The quiz as one game plays it: every order question shown in a random order.

        Each `OrderQuestion` gets a `display` drawn uniformly from `rng` (a `random.Random`)
        over every permutation, the correct order included (so what is shown says nothing about
        the answer); everything else is unchanged. The server calls this once when it
        creates a game and stores the result (`to_doc` keeps "display", so it round-trips).
        """
        return dataclasses.replace(self, questions=tuple(_prepare(q, rng) for q in self.questions))


def _prepare(question: Question, rng: RandomSource) -> Question:
    if isinstance(question, OrderQuestion):
        return question.shuffled(random_permutation(rng, len(question.items)))
    return question


def parse_quiz(doc: object) -> Quiz:
    """Validate a quiz document (the protocol's); raises InvalidInput naming the field.

    Field paths look like "title" or "questions[1].choices". The quiz's "id" key is ignored;
    a question's "id" (optional, at most `MAX_QUESTION_ID` characters) is kept. The optional
    "tags" are normalised by `parse_tags`.

    Texts are held to the *stored* limits (`games.limits`), so a quiz saved before the
    authoring limits still loads and plays; what a host writes goes through
    `parse_authored_quiz`, which also holds them to the authoring limits.
    """
    d = v.obj(doc, "quiz")
    v.only_keys(d, ("id", "title", "description", "tags", "questions"), "")
    title = v.text(v.required(d, "title", "title"), "title", MAX_TITLE)
    description = v.optional_text(d.get("description"), "description", MAX_DESCRIPTION)
    raw = v.listing(
        v.required(d, "questions", "questions"), "questions", MIN_QUESTIONS, MAX_QUESTIONS
    )
    questions = tuple(parse_question(q, f"questions[{i}]") for i, q in enumerate(raw))
    ids = tuple(_question_id(q, f"questions[{i}].id") for i, q in enumerate(raw))
    tags = parse_tags(d.get("tags"))
    return Quiz(
        title=title,
        questions=questions,
        description=description,
        question_ids=ids if any(i is not None for i in ids) else (),
        tags=tags,
    )


def _question_id(doc: JSON, field: str) -> str | None:
    """A question document's optional "id" (already known to be an object)."""
    value = doc.get("id") if isinstance(doc, dict) else None
    return None if value is None else v.text(value, field, MAX_QUESTION_ID)


def parse_tags(value: object, field: str = "tags") -> tuple[str, ...]:
    """A quiz's tags: null or missing is none; else a list of at most `MAX_TAGS` texts, each
    trimmed, lower-cased and at most `MAX_TAG` characters, in their order with repeats dropped
    (so ``[" SQL", "sql"]`` is ``("sql",)``)."""
    if value is None:
        return ()
    raw = v.listing(value, field, 0, MAX_TAGS)
    tags: dict[str, None] = {}
    for i, item in enumerate(raw):
        name = f"{field}[{i}]"
        tags[v.text(item, field, MAX_TAG, label=name).lower()] = None
    return tuple(tags)


def tile_texts(question: Question) -> tuple[str, tuple[str, ...]]:
    """The field name and the texts of `question` that players see on answer tiles: choices,
    order items or accepted answers (none for the other kinds)."""
    if isinstance(question, ChoiceQuestion | PollQuestion):
        return "choices", question.choices
    if isinstance(question, OrderQuestion):
        return "items", question.items
    if isinstance(question, TypeAnswerQuestion):
        return "accepted", question.accepted
    return "", ()


def check_authoring_limits(quiz: Quiz) -> Quiz:
    """`quiz` when every prompt is at most `MAX_PROMPT` characters and every tile text (see
    `tile_texts`) at most `MAX_TILE_TEXT`; else raises InvalidInput naming the first field too
    long, as ``questions[2].choices`` with the message ``questions[2].choices[1] must be at most
    90 characters``."""
    for i, question in enumerate(quiz.questions):
        _check_question_limits(question, f"questions[{i}]")
    return quiz


def _check_question_limits(question: Question, path: str) -> None:
    if len(question.prompt) > MAX_PROMPT:
        name = f"{path}.prompt"
        raise InvalidInput(name, f"{name} must be at most {MAX_PROMPT} characters")
    field, texts = tile_texts(question)
    for j, text in enumerate(texts):
        if len(text) > MAX_TILE_TEXT:
            name = f"{path}.{field}"
            raise InvalidInput(name, f"{name}[{j}] must be at most {MAX_TILE_TEXT} characters")


def parse_authored_quiz(doc: object) -> Quiz:
    """`parse_quiz` for what a host writes or imports: the authoring limits apply as well
    (`check_authoring_limits`)."""
    return check_authoring_limits(parse_quiz(doc))


def parse_authored_question(doc: object, path: str) -> tuple[Question, str | None]:
    """One question document as a member or host writes it on its own (a member's
    contribution): `parse_question` with the authoring limits of `check_authoring_limits`,
    and its optional stable "id". Raises InvalidInput naming the field under `path`."""
    question = parse_question(doc, path)
    _check_question_limits(question, path)
    return question, _question_id(doc, f"{path}.id")


def question_texts(question: Question, path: str) -> list[tuple[str, str]]:
    """Every text of `question` a player reads, with its field (prompt, tile texts,
    explanation): the moderation filter checks each."""
    out = [(f"{path}.prompt", question.prompt)]
    field, texts = tile_texts(question)
    out += [(f"{path}.{field}", text) for text in texts]
    if question.explanation is not None:
        out.append((f"{path}.explanation", question.explanation))
    return out
