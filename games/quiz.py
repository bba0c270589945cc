"""A quiz document: a title and its questions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from games import _validate as v
from games.questions import OrderQuestion, Question, parse_question
from games.shuffle import random_permutation
from games.types import JSON, RandomSource

MAX_TITLE = 200
MAX_DESCRIPTION = 2_000
MIN_QUESTIONS = 1
MAX_QUESTIONS = 200


@dataclass(frozen=True, slots=True)
class Quiz:
    """A validated quiz; build it with `parse_quiz`."""

    title: str
    questions: tuple[Question, ...]
    description: str | None = None

    def to_doc(self) -> dict[str, JSON]:
        """The normalised quiz document; `parse_quiz` reads it back into an equal quiz."""
        doc: dict[str, JSON] = {"title": self.title}
        if self.description is not None:
            doc["description"] = self.description
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

    Field paths look like "title" or "questions[1].choices". An "id" key is ignored.
    """
    d = v.obj(doc, "quiz")
    v.only_keys(d, ("id", "title", "description", "questions"), "")
    title = v.text(v.required(d, "title", "title"), "title", MAX_TITLE)
    description = v.optional_text(d.get("description"), "description", MAX_DESCRIPTION)
    raw = v.listing(
        v.required(d, "questions", "questions"), "questions", MIN_QUESTIONS, MAX_QUESTIONS
    )
    questions = tuple(parse_question(q, f"questions[{i}]") for i, q in enumerate(raw))
    return Quiz(title=title, questions=questions, description=description)
