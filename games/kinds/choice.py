"""The `choice` kind: pick among 2 to 6 choices; more than one correct index makes it
multi-select, with partial credit (docs/rules.md, "choice")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from games import _validate as v
from games.errors import InvalidInput
from games.kinds.question import RIGHT, WRONG, Common, Question, Verdict, invalid_answer, is_int
from games.limits import STORED_MAX_CHOICE_TEXT
from games.types import JSON

MIN_CHOICES = 2
MAX_CHOICES = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceQuestion(Question):
    """Pick among 2 to 6 choices; more than one correct index makes it multi-select."""

    choices: tuple[str, ...]
    correct: tuple[int, ...]

    kind: ClassVar[str] = "choice"
    fields: ClassVar[frozenset[str]] = frozenset({"choices", "correct"})

    @property
    def multi(self) -> bool:
        """True when more than one choice is correct, so players answer with a list."""
        return len(self.correct) > 1

    def check(self, value: object) -> Verdict:
        picks = self._picks(value)
        if not self.multi:
            return RIGHT if picks[0] in self.correct else WRONG
        chosen = set(picks)
        right = len(chosen.intersection(self.correct))
        if right == len(self.correct) == len(chosen):
            return RIGHT
        wrong = len(chosen) - right
        return Verdict(correct=False, fraction=max(0.0, (right - wrong) / len(self.correct)))

    def _picks(self, value: object) -> list[int]:
        return choice_picks(value, len(self.choices), self.multi)

    def correct_value(self) -> int | list[int]:
        return list(self.correct) if self.multi else self.correct[0]

    def empty_distribution(self) -> dict[str, int]:
        return {str(i): 0 for i in range(len(self.choices))}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        tally_picks(distribution, value)

    def _public_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices), "multi": self.multi}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices), "correct": list(self.correct)}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
        choices = parse_choices(doc, path)
        return cls(*common, choices=choices, correct=_correct_indices(doc, path, len(choices)))


def choice_picks(value: object, count: int, multi: bool) -> list[int]:
    """The choice indices an answer names: an index, or a list of them (a list of one when
    not `multi`), each in range(count) and none twice; else invalid_answer."""
    if isinstance(value, list):
        picks: list[object] = list(value)
    elif is_int(value) and not multi:
        picks = [value]
    else:
        shape = "a list of choice indices" if multi else "a choice index"
        raise invalid_answer(f"the answer must be {shape}")
    last = count - 1
    ints = [p for p in picks if is_int(p) and 0 <= p <= last]
    if not picks or len(ints) != len(picks):
        raise invalid_answer(f"the answer must name choices between 0 and {last}")
    if len(set(ints)) != len(ints):
        raise invalid_answer("the answer names a choice twice")
    if not multi and len(ints) != 1:
        raise invalid_answer("this question takes a single choice")
    return ints


def tally_picks(distribution: dict[str, int], value: JSON) -> None:
    """Count each choice an accepted answer names (an index or a list of them)."""
    for index in value if isinstance(value, list) else [value]:
        key = str(index)
        distribution[key] = distribution.get(key, 0) + 1


def parse_choices(doc: Mapping[str, JSON], path: str) -> tuple[str, ...]:
    """The 2 to 6 choice texts of a choice or poll document; errors name `<path>.choices`."""
    name = f"{path}.choices"
    raw = v.listing(v.required(doc, "choices", name), name, MIN_CHOICES, MAX_CHOICES)
    return tuple(
        v.text(c, name, STORED_MAX_CHOICE_TEXT, label=f"{name}[{i}]") for i, c in enumerate(raw)
    )


def _correct_indices(doc: Mapping[str, JSON], path: str, count: int) -> tuple[int, ...]:
    field = f"{path}.correct"
    value = v.required(doc, "correct", field)
    indices = [value] if is_int(value) else v.listing(value, field, 1, count)
    for i, index in enumerate(indices):
        if not is_int(index) or not 0 <= index < count:
            raise InvalidInput(
                field, f"{field}[{i}] must be a choice index between 0 and {count - 1}"
            )
    if len(set(indices)) != len(indices):
        raise InvalidInput(field, f"{field} names a choice twice")
    return tuple(sorted(indices))
