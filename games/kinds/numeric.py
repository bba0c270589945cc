"""The `numeric` kind: answer with a number, right within a tolerance computed exactly on the
decimals as written (docs/rules.md, "numeric")."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, TypeAlias, TypeGuard

from games import _validate as v
from games.errors import InvalidInput
from games.kinds.question import (
    RIGHT,
    WRONG,
    Common,
    Question,
    Verdict,
    invalid_answer,
    is_int,
    top_counts,
)
from games.types import JSON

MAX_NUMBER = 10**15
TOP_NUMBERS = 20

Number: TypeAlias = int | float


@dataclass(frozen=True, slots=True, kw_only=True)
class NumericQuestion(Question):
    """Answer with a number; right when within `tolerance` of `correct` (both ends included).

    `minimum`/`maximum` (the document's "min"/"max", optional) bound the answers and are the
    slider's ends on the device. Numbers compare exactly as the decimals they are written as,
    so 3.15 is within a tolerance of 0.01 of 3.14 (binary floating point would say 0.0100...2).
    """

    correct: Number
    tolerance: Number = 0
    minimum: Number | None = None
    maximum: Number | None = None

    kind: ClassVar[str] = "numeric"
    open_keys: ClassVar[bool] = True
    fields: ClassVar[frozenset[str]] = frozenset({"correct", "tolerance", "min", "max"})

    def check(self, value: object) -> Verdict:
        if not _is_number(value) or abs(value) > MAX_NUMBER:
            raise invalid_answer(
                f"the answer must be a number between -{MAX_NUMBER} and {MAX_NUMBER}"
            )
        if self.minimum is not None and _exact(value) < _exact(self.minimum):
            raise invalid_answer(f"the answer must be at least {_number_key(self.minimum)}")
        if self.maximum is not None and _exact(value) > _exact(self.maximum):
            raise invalid_answer(f"the answer must be at most {_number_key(self.maximum)}")
        off = abs(_exact(value) - _exact(self.correct))
        return RIGHT if off <= _exact(self.tolerance) else WRONG

    def correct_value(self) -> Number:
        return self.correct

    def empty_distribution(self) -> dict[str, int]:
        return {_number_key(self.correct): 0}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        key = _number_key(value)
        distribution[key] = distribution.get(key, 0) + 1

    def reveal_distribution(
        self, distribution: Mapping[str, int], limit: int | None = None
    ) -> dict[str, int]:
        return top_counts(
            distribution, TOP_NUMBERS if limit is None else limit, (_number_key(self.correct),)
        )

    def _public_fields(self) -> dict[str, JSON]:
        return self._bounds()

    def _doc_fields(self) -> dict[str, JSON]:
        return {"correct": self.correct, "tolerance": self.tolerance, **self._bounds()}

    def _bounds(self) -> dict[str, JSON]:
        bounds: dict[str, JSON] = {}
        if self.minimum is not None:
            bounds["min"] = self.minimum
        if self.maximum is not None:
            bounds["max"] = self.maximum
        return bounds

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
        correct_field = f"{path}.correct"
        correct = _doc_number(v.required(doc, "correct", correct_field), correct_field)
        tolerance_field = f"{path}.tolerance"
        tolerance = doc.get("tolerance")
        tolerance = 0 if tolerance is None else _doc_number(tolerance, tolerance_field)
        if tolerance < 0:
            raise InvalidInput(tolerance_field, f"{tolerance_field} must be 0 or more")
        low = _optional_number(doc, "min", path)
        high = _optional_number(doc, "max", path)
        if low is not None and high is not None and not _exact(low) < _exact(high):
            raise InvalidInput(f"{path}.max", f"{path}.max must be greater than {path}.min")
        if low is not None and _exact(correct) < _exact(low):
            raise InvalidInput(
                correct_field, f"{correct_field} must be at least {path}.min ({_number_key(low)})"
            )
        if high is not None and _exact(correct) > _exact(high):
            raise InvalidInput(
                correct_field, f"{correct_field} must be at most {path}.max ({_number_key(high)})"
            )
        return cls(*common, correct=correct, tolerance=tolerance, minimum=low, maximum=high)


def _is_number(value: object) -> TypeGuard[Number]:
    """An int or a finite float, never a bool."""
    if isinstance(value, float):
        return math.isfinite(value)
    return is_int(value)


def _exact(value: Number) -> Fraction:
    """A number as the exact decimal it is written as: 0.1 is 1/10, not the nearest double."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _number_key(value: JSON) -> str:
    """A number as a distribution key: 42 and 42.0 are "42", 2.5 is "2.5" (Python's repr)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _doc_number(value: object, name: str) -> Number:
    if not _is_number(value):
        raise InvalidInput(name, f"{name} must be a number")
    if abs(value) > MAX_NUMBER:
        raise InvalidInput(name, f"{name} must be between -{MAX_NUMBER} and {MAX_NUMBER}")
    return value


def _optional_number(doc: Mapping[str, JSON], key: str, path: str) -> Number | None:
    value = doc.get(key)
    return None if value is None else _doc_number(value, f"{path}.{key}")
