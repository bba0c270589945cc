"""The `word_cloud` kind: a short free text whose words make the cloud; not scored
(docs/rules.md, "word_cloud")."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from games.kinds.question import (
    WRONG,
    Common,
    Question,
    Verdict,
    invalid_answer,
    no_points,
    top_counts,
)
from games.text import FORBIDDEN_CATEGORIES, cloud_words
from games.types import JSON

MAX_CLOUD_ANSWER = 40
TOP_WORDS = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class WordCloudQuestion(Question):
    """A short free text (at most 40 characters); its words make the cloud. Never scored."""

    kind: ClassVar[str] = "word_cloud"
    open_keys: ClassVar[bool] = True
    scored: ClassVar[bool] = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", 0)  # never worth points, however it was built

    def check(self, value: object) -> Verdict:
        self.words(value)
        return WRONG

    def words(self, value: object) -> list[str]:
        """The distinct normalised words of an answer (see `games.text.cloud_words`).

        Raises RuleViolation("invalid_answer") unless `value` is a string of 1 to 40
        characters once trimmed, with no control characters and at least one word.
        """
        if not isinstance(value, str):
            raise invalid_answer("the answer must be a string")
        text = value.strip()
        if not 1 <= len(text) <= MAX_CLOUD_ANSWER:
            raise invalid_answer(f"the answer must be 1 to {MAX_CLOUD_ANSWER} characters")
        if any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in text):
            raise invalid_answer("the answer holds control characters")
        words = cloud_words(text)
        if not words:
            raise invalid_answer("the answer must hold a word")
        return words

    def correct_value(self) -> None:
        return None

    def empty_distribution(self) -> dict[str, int]:
        return {}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        for word in self.words(value):
            distribution[word] = distribution.get(word, 0) + 1

    def reveal_distribution(
        self, distribution: Mapping[str, int], limit: int | None = None
    ) -> dict[str, int]:
        return top_counts(distribution, TOP_WORDS if limit is None else limit)

    def _public_fields(self) -> dict[str, JSON]:
        return {"max_length": MAX_CLOUD_ANSWER}

    def _doc_fields(self) -> dict[str, JSON]:
        return {}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
        return cls(*no_points(doc, path, common, cls.kind))
