"""The `true_false` kind: a statement that is true or false."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from games import _validate as v
from games.kinds.question import RIGHT, WRONG, Common, Question, Verdict, invalid_answer
from games.types import JSON


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false; players answer with a boolean."""

    correct: bool

    kind: ClassVar[str] = "true_false"
    fields: ClassVar[frozenset[str]] = frozenset({"correct"})

    def check(self, value: object) -> Verdict:
        if not isinstance(value, bool):
            raise invalid_answer("the answer must be true or false")
        return RIGHT if value == self.correct else WRONG

    def correct_value(self) -> bool:
        return self.correct

    def empty_distribution(self) -> dict[str, int]:
        return {"true": 0, "false": 0}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        key = "true" if value else "false"
        distribution[key] = distribution.get(key, 0) + 1

    def _public_fields(self) -> dict[str, JSON]:
        return {}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"correct": self.correct}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
        field = f"{path}.correct"
        return cls(*common, correct=v.boolean(v.required(doc, "correct", field), field))
