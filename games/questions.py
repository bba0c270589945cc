"""Question kinds: parsing a question document, checking an answer, what players may see.

Adding a kind is one `Question` subclass registered in `KINDS`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, NamedTuple, TypeGuard

from games import _validate as v
from games.errors import InvalidInput, RuleViolation
from games.types import JSON

DEFAULT_TIME_LIMIT_MS = 20_000
MIN_TIME_LIMIT_MS = 5_000
MAX_TIME_LIMIT_MS = 240_000
POINTS = (0, 1, 2)
MAX_PROMPT = 500
MAX_EXPLANATION = 1_000
MAX_IMAGE_URL = 2_000
MIN_CHOICES = 2
MAX_CHOICES = 6
MAX_CHOICE_TEXT = 200

COMMON_FIELDS = frozenset(
    {"id", "kind", "prompt", "time_limit_ms", "points", "media", "explanation"}
)
# Kinds the protocol names that this engine does not implement yet.
PLANNED_KINDS = ("type_answer", "numeric", "order", "poll", "word_cloud")


@dataclass(frozen=True, slots=True)
class Verdict:
    """How an answer fared.

    `correct` is true only for a fully right answer; `fraction` is the share of the points
    earned, 1.0 when correct and possibly partial for a multi-select choice.
    """

    correct: bool
    fraction: float


RIGHT = Verdict(correct=True, fraction=1.0)
WRONG = Verdict(correct=False, fraction=0.0)


class _Common(NamedTuple):
    prompt: str
    time_limit_ms: int
    points: int
    image: str | None
    explanation: str | None


def _invalid_answer(message: str) -> RuleViolation:
    return RuleViolation("invalid_answer", message)


@dataclass(frozen=True, slots=True)
class Question(ABC):
    """One question of a quiz; build it with `parse_question`, which validates."""

    prompt: str
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS
    points: int = 1
    image: str | None = None
    explanation: str | None = None

    kind: ClassVar[str]
    scored: ClassVar[bool] = True
    # Document keys this kind adds to COMMON_FIELDS.
    fields: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def check(self, value: object) -> Verdict:
        """Judge an answer value.

        Raises RuleViolation("invalid_answer") when the value does not fit the kind.
        """

    @abstractmethod
    def correct_value(self) -> JSON:
        """The correct answer as a value in the shape players answer with (for `reveal.correct`)."""

    @abstractmethod
    def empty_distribution(self) -> dict[str, int]:
        """A zero count for every possible answer, keyed as in `reveal.distribution`."""

    @abstractmethod
    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        """Count one answer value, already accepted by `check`, into `distribution`."""

    @abstractmethod
    def _public_fields(self) -> dict[str, JSON]:
        """Kind-specific fields players may see."""

    @abstractmethod
    def _doc_fields(self) -> dict[str, JSON]:
        """Kind-specific fields of the question document."""

    @classmethod
    @abstractmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        """Build the question from its validated common part and the kind-specific keys."""

    def public(self, time_limit_ms: int | None = None) -> dict[str, JSON]:
        """What players may see; never the correct answer.

        `time_limit_ms` is the game's override of the question's own limit.
        """
        doc: dict[str, JSON] = {
            "kind": self.kind,
            "prompt": self.prompt,
            "time_limit_ms": self.time_limit_ms if time_limit_ms is None else time_limit_ms,
            "points": self.points,
        }
        doc.update(self._public_fields())
        if self.image is not None:
            doc["media"] = {"image": self.image}
        return doc

    def to_doc(self) -> dict[str, JSON]:
        """The normalised question document, defaults filled in; `parse_question` reads it back."""
        doc: dict[str, JSON] = {
            "kind": self.kind,
            "prompt": self.prompt,
            "time_limit_ms": self.time_limit_ms,
            "points": self.points,
        }
        doc.update(self._doc_fields())
        if self.image is not None:
            doc["media"] = {"image": self.image}
        if self.explanation is not None:
            doc["explanation"] = self.explanation
        return doc


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
        if isinstance(value, list):
            picks: list[object] = list(value)
        elif _is_int(value) and not self.multi:
            picks = [value]
        else:
            shape = "a list of choice indices" if self.multi else "a choice index"
            raise _invalid_answer(f"the answer must be {shape}")
        last = len(self.choices) - 1
        ints = [p for p in picks if _is_int(p) and 0 <= p <= last]
        if not picks or len(ints) != len(picks):
            raise _invalid_answer(f"the answer must name choices between 0 and {last}")
        if len(set(ints)) != len(ints):
            raise _invalid_answer("the answer names a choice twice")
        if not self.multi and len(ints) != 1:
            raise _invalid_answer("this question takes a single choice")
        return ints

    def correct_value(self) -> int | list[int]:
        return list(self.correct) if self.multi else self.correct[0]

    def empty_distribution(self) -> dict[str, int]:
        return {str(i): 0 for i in range(len(self.choices))}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        for index in value if isinstance(value, list) else [value]:
            key = str(index)
            distribution[key] = distribution.get(key, 0) + 1

    def _public_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices), "multi": self.multi}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices), "correct": list(self.correct)}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        field = f"{path}.choices"
        raw = v.listing(v.required(doc, "choices", field), field, MIN_CHOICES, MAX_CHOICES)
        choices = tuple(
            v.text(c, field, MAX_CHOICE_TEXT, label=f"{field}[{i}]") for i, c in enumerate(raw)
        )
        return cls(*common, choices=choices, correct=_correct_indices(doc, path, len(choices)))


def _correct_indices(doc: Mapping[str, JSON], path: str, count: int) -> tuple[int, ...]:
    field = f"{path}.correct"
    value = v.required(doc, "correct", field)
    indices = [value] if _is_int(value) else v.listing(value, field, 1, count)
    for i, index in enumerate(indices):
        if not _is_int(index) or not 0 <= index < count:
            raise InvalidInput(
                field, f"{field}[{i}] must be a choice index between 0 and {count - 1}"
            )
    if len(set(indices)) != len(indices):
        raise InvalidInput(field, f"{field} names a choice twice")
    return tuple(sorted(indices))


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false; players answer with a boolean."""

    correct: bool

    kind: ClassVar[str] = "true_false"
    fields: ClassVar[frozenset[str]] = frozenset({"correct"})

    def check(self, value: object) -> Verdict:
        if not isinstance(value, bool):
            raise _invalid_answer("the answer must be true or false")
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
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        field = f"{path}.correct"
        return cls(*common, correct=v.boolean(v.required(doc, "correct", field), field))


KINDS: dict[str, type[Question]] = {
    ChoiceQuestion.kind: ChoiceQuestion,
    TrueFalseQuestion.kind: TrueFalseQuestion,
}


def parse_question(doc: object, path: str) -> Question:
    """Validate one question document; errors name fields under `path`, e.g. "questions[2]"."""
    d = v.obj(doc, path)
    kind_field = f"{path}.kind"
    kind = v.required(d, "kind", kind_field)
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        if kind in PLANNED_KINDS:
            raise InvalidInput(kind_field, f'{kind_field} "{kind}" is not supported yet')
        raise InvalidInput(kind_field, f"{kind_field} must be one of {', '.join(KINDS)}")
    v.only_keys(d, COMMON_FIELDS | cls.fields, path)
    return cls._from_doc(d, path, _parse_common(d, path))


def _parse_common(d: Mapping[str, JSON], path: str) -> _Common:
    prompt_field = f"{path}.prompt"
    prompt = v.text(v.required(d, "prompt", prompt_field), prompt_field, MAX_PROMPT)
    time_limit_ms = d.get("time_limit_ms")
    if time_limit_ms is None:
        time_limit_ms = DEFAULT_TIME_LIMIT_MS
    time_limit_ms = v.integer(
        time_limit_ms, f"{path}.time_limit_ms", MIN_TIME_LIMIT_MS, MAX_TIME_LIMIT_MS
    )
    points = d.get("points")
    points = v.integer(1 if points is None else points, f"{path}.points", POINTS[0], POINTS[-1])
    explanation = v.optional_text(d.get("explanation"), f"{path}.explanation", MAX_EXPLANATION)
    return _Common(prompt, time_limit_ms, points, _parse_image(d, path), explanation)


def _parse_image(d: Mapping[str, JSON], path: str) -> str | None:
    media = d.get("media")
    if media is None:
        return None
    field = f"{path}.media"
    m = v.obj(media, field)
    v.only_keys(m, ("image",), field)
    return v.optional_text(m.get("image"), f"{field}.image", MAX_IMAGE_URL)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
