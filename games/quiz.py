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


@dataclass(frozen=True, slots=True)
class Quiz:
    """A validated quiz; build it with `parse_quiz`."""

    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    tags: tuple[str, ...] = ()

    def to_doc(self) -> dict[str, JSON]:
        """The normalised quiz document; `parse_quiz` reads it back into an equal quiz."""
        doc: dict[str, JSON] = {"title": self.title}
        if self.description is not None:
            doc["description"] = self.description
        if self.tags:
            doc["tags"] = list(self.tags)
        doc["questions"] = [q.to_doc() for q in self.questions]
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

    Field paths look like "title" or "questions[1].choices". An "id" key is ignored. The
    optional "tags" are normalised by `parse_tags`.

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
    tags = parse_tags(d.get("tags"))
    return Quiz(title=title, questions=questions, description=description, tags=tags)


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
        path = f"questions[{i}]"
        if len(question.prompt) > MAX_PROMPT:
            name = f"{path}.prompt"
            raise InvalidInput(name, f"{name} must be at most {MAX_PROMPT} characters")
        field, texts = tile_texts(question)
        for j, text in enumerate(texts):
            if len(text) > MAX_TILE_TEXT:
                name = f"{path}.{field}"
                raise InvalidInput(name, f"{name}[{j}] must be at most {MAX_TILE_TEXT} characters")
    return quiz


def parse_authored_quiz(doc: object) -> Quiz:
    """`parse_quiz` for what a host writes or imports: the authoring limits apply as well
    (`check_authoring_limits`)."""
    return check_authoring_limits(parse_quiz(doc))
