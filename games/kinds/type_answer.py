"""The `type_answer` kind: type the answer, right when it matches an accepted one once
normalised, with an optional typo allowance (docs/rules.md, "type_answer")."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from games import _validate as v
from games.errors import InvalidInput
from games.kinds.question import (
    RIGHT,
    WRONG,
    Common,
    Question,
    Verdict,
    invalid_answer,
    top_counts,
)
from games.limits import STORED_MAX_ACCEPTED_TEXT
from games.text import compact, count_letters, normalize_answer, within_edits
from games.types import JSON

MAX_ACCEPTED = 20
MAX_TYPOS = 3
TYPO_MIN_LETTERS = 5
MAX_TYPED_ANSWER = 200
TOP_WRONG_ANSWERS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeAnswerQuestion(Question):
    """Type the answer; right when it matches one of `accepted` once normalised.

    `normalize_answer` folds case and accents and drops punctuation, symbols and spaces are
    ignored in the comparison; `typos` (0 to 3) more edits are forgiven against accepted
    answers of at least 5 letters.
    """

    accepted: tuple[str, ...]
    typos: int = 0
    # The accepted answers normalised (derived from `accepted`, so left out of comparisons).
    normalized: tuple[str, ...] = dataclasses.field(init=False, repr=False, compare=False)

    kind: ClassVar[str] = "type_answer"
    open_keys: ClassVar[bool] = True
    fields: ClassVar[frozenset[str]] = frozenset({"accepted", "typos"})

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalized", tuple(normalize_answer(a) for a in self.accepted))

    def check(self, value: object) -> Verdict:
        return RIGHT if self.match(value) is not None else WRONG

    def match(self, value: object) -> int | None:
        """The index in `accepted` of the answer `value` matches, or None when it is wrong.

        The first accepted answer it equals (after normalising, spaces ignored) wins; else the
        first within `typos` edits among those of at least 5 letters. Raises
        RuleViolation("invalid_answer") for a value that is not a string of at most 200
        characters with a letter, digit or other character left after normalising.
        """
        return _match_accepted(compact(self._normalized(value)), self.normalized, self.typos)

    def answer_key(self, value: object) -> str:
        """The distribution key of an answer: the accepted answer (as authored) it matches,
        else the answer normalised. The two never collide."""
        normalized = self._normalized(value)
        index = _match_accepted(compact(normalized), self.normalized, self.typos)
        return normalized if index is None else self.accepted[index]

    def _normalized(self, value: object) -> str:
        if not isinstance(value, str):
            raise invalid_answer("the answer must be a string")
        if len(value) > MAX_TYPED_ANSWER:
            raise invalid_answer(f"the answer must be at most {MAX_TYPED_ANSWER} characters")
        normalized = normalize_answer(value)
        if not normalized:
            raise invalid_answer("the answer must hold a letter or a digit")
        return normalized

    def correct_value(self) -> list[str]:
        return list(self.accepted)

    def empty_distribution(self) -> dict[str, int]:
        return {a: 0 for a in self.accepted}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        key = self.answer_key(value)
        distribution[key] = distribution.get(key, 0) + 1

    def reveal_distribution(
        self, distribution: Mapping[str, int], limit: int | None = None
    ) -> dict[str, int]:
        return top_answers(distribution, self, TOP_WRONG_ANSWERS if limit is None else limit)

    def _public_fields(self) -> dict[str, JSON]:
        return {"max_length": MAX_TYPED_ANSWER}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"accepted": list(self.accepted), "typos": self.typos}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
        name = f"{path}.accepted"
        raw = v.listing(v.required(doc, "accepted", name), name, 1, MAX_ACCEPTED)
        accepted: list[str] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            label = f"{name}[{i}]"
            text = v.text(item, name, STORED_MAX_ACCEPTED_TEXT, label=label)
            key = compact(normalize_answer(text))
            if not key:
                raise InvalidInput(name, f"{label} must hold a letter or a digit")
            if key in seen:
                raise InvalidInput(name, f"{label} repeats {name}[{seen[key]}] once normalised")
            seen[key] = i
            accepted.append(text)
        typos = doc.get("typos")
        typos = v.integer(0 if typos is None else typos, f"{path}.typos", 0, MAX_TYPOS)
        return cls(*common, accepted=tuple(accepted), typos=typos)


@functools.lru_cache(maxsize=16_384)
def _match_accepted(answer: str, keys: tuple[str, ...], typos: int) -> int | None:
    """Which accepted answer (normalised `keys`) the compacted `answer` matches, if any.

    Cached: a crowd types the same few answers, and the reveal re-judges every one.
    """
    compacted = [compact(k) for k in keys]
    if answer in compacted:
        return compacted.index(answer)
    if typos:
        for index, key in enumerate(keys):
            if count_letters(key) >= TYPO_MIN_LETTERS and within_edits(
                answer, compacted[index], typos
            ):
                return index
    return None


def top_answers(
    distribution: Mapping[str, int], question: TypeAnswerQuestion, limit: int = TOP_WRONG_ANSWERS
) -> dict[str, int]:
    """A type_answer distribution trimmed for the reveal: the accepted answers and the most
    common wrong ones.

    Every accepted answer (as authored, count 0 if nobody gave it) comes first, then at most
    `limit` wrong answers (normalised) with their counts, most common first, ties in key order.
    """
    return top_counts(distribution, limit, question.accepted)
