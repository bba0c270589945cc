"""Question kinds: parsing a question document, checking an answer, what players may see.

Adding a kind is one `Question` subclass registered in `KINDS`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, NamedTuple, TypeAlias, TypeGuard

from games import _validate as v
from games.errors import InvalidInput, RuleViolation
from games.limits import (
    MAX_EXPLANATION,
    MAX_IMAGE_URL,
    STORED_MAX_ACCEPTED_TEXT,
    STORED_MAX_CHOICE_TEXT,
    STORED_MAX_ITEM_TEXT,
    STORED_MAX_PROMPT,
)
from games.text import (
    FORBIDDEN_CATEGORIES,
    cloud_words,
    compact,
    count_letters,
    normalize_answer,
    within_edits,
)
from games.types import JSON

DEFAULT_TIME_LIMIT_MS = 20_000
MIN_TIME_LIMIT_MS = 5_000
MAX_TIME_LIMIT_MS = 240_000
POINTS = (0, 1, 2)
MIN_CHOICES = 2
MAX_CHOICES = 6
MAX_ACCEPTED = 20
MAX_TYPOS = 3
TYPO_MIN_LETTERS = 5
MAX_TYPED_ANSWER = 200
MAX_NUMBER = 10**15
MIN_ITEMS = 2
MAX_ITEMS = 8
MAX_CLOUD_ANSWER = 40
TOP_WRONG_ANSWERS = 5
TOP_NUMBERS = 20
TOP_WORDS = 50

COMMON_FIELDS = frozenset(
    {"id", "kind", "prompt", "time_limit_ms", "points", "media", "explanation"}
)
# Kinds the protocol names that this engine does not implement yet: none any more. A kind listed
# here (and not in KINDS) is refused with "not supported yet" rather than "must be one of".
PLANNED_KINDS: tuple[str, ...] = ()


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

    def distribution(self, values: Iterable[JSON]) -> dict[str, int]:
        """The full distribution of some accepted answer values: `empty_distribution` + `tally`.

        This is what the results keep. For the state's `reveal` pass it through
        `reveal_distribution`, which trims the open-ended kinds.
        """
        counts = self.empty_distribution()
        for value in values:
            self.tally(counts, value)
        return counts

    def reveal_distribution(
        self, distribution: Mapping[str, int], limit: int | None = None
    ) -> dict[str, int]:
        """The distribution as `reveal.distribution` shows it: bounded in size whatever the crowd.

        Kinds with a fixed set of keys (choice, true_false, order, poll) return it unchanged;
        type_answer keeps its accepted answers and the `limit` (default 5) most common wrong
        ones, numeric the correct value and the `limit` (default 20) most common others,
        word_cloud the `limit` (default 50) most common words.
        """
        return dict(distribution)

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
        return _choice_picks(value, len(self.choices), self.multi)

    def correct_value(self) -> int | list[int]:
        return list(self.correct) if self.multi else self.correct[0]

    def empty_distribution(self) -> dict[str, int]:
        return {str(i): 0 for i in range(len(self.choices))}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        _tally_picks(distribution, value)

    def _public_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices), "multi": self.multi}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices), "correct": list(self.correct)}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        choices = _parse_choices(doc, path)
        return cls(*common, choices=choices, correct=_correct_indices(doc, path, len(choices)))


def _choice_picks(value: object, count: int, multi: bool) -> list[int]:
    """The choice indices an answer names: an index, or a list of them (a list of one when
    not `multi`), each in range(count) and none twice; else invalid_answer."""
    if isinstance(value, list):
        picks: list[object] = list(value)
    elif _is_int(value) and not multi:
        picks = [value]
    else:
        shape = "a list of choice indices" if multi else "a choice index"
        raise _invalid_answer(f"the answer must be {shape}")
    last = count - 1
    ints = [p for p in picks if _is_int(p) and 0 <= p <= last]
    if not picks or len(ints) != len(picks):
        raise _invalid_answer(f"the answer must name choices between 0 and {last}")
    if len(set(ints)) != len(ints):
        raise _invalid_answer("the answer names a choice twice")
    if not multi and len(ints) != 1:
        raise _invalid_answer("this question takes a single choice")
    return ints


def _tally_picks(distribution: dict[str, int], value: JSON) -> None:
    for index in value if isinstance(value, list) else [value]:
        key = str(index)
        distribution[key] = distribution.get(key, 0) + 1


def _parse_choices(doc: Mapping[str, JSON], path: str) -> tuple[str, ...]:
    name = f"{path}.choices"
    raw = v.listing(v.required(doc, "choices", name), name, MIN_CHOICES, MAX_CHOICES)
    return tuple(
        v.text(c, name, STORED_MAX_CHOICE_TEXT, label=f"{name}[{i}]") for i, c in enumerate(raw)
    )


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


def _no_points(doc: Mapping[str, JSON], path: str, common: _Common, kind: str) -> _Common:
    """The common part of an unscored kind: `points` must be 0 or absent, and is stored as 0."""
    if doc.get("points") is not None and common.points != 0:
        name = f"{path}.points"
        raise InvalidInput(name, f"{name} must be 0 or absent: a {kind} earns no points")
    return common._replace(points=0)


def _top(distribution: Mapping[str, int], limit: int, keep: Sequence[str] = ()) -> dict[str, int]:
    """The keys of `keep` (count 0 when absent), then the `limit` most common other keys with a
    count above 0, most common first, ties in key order."""
    out = {key: distribution.get(key, 0) for key in keep}
    others = sorted(
        ((k, n) for k, n in distribution.items() if k not in out and n > 0),
        key=lambda kn: (-kn[1], kn[0]),
    )
    out.update(others[: max(limit, 0)])
    return out


# --- type_answer ---------------------------------------------------------------------------


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
            raise _invalid_answer("the answer must be a string")
        if len(value) > MAX_TYPED_ANSWER:
            raise _invalid_answer(f"the answer must be at most {MAX_TYPED_ANSWER} characters")
        normalized = normalize_answer(value)
        if not normalized:
            raise _invalid_answer("the answer must hold a letter or a digit")
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
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
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
    return _top(distribution, limit, question.accepted)


# --- numeric -------------------------------------------------------------------------------

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
    fields: ClassVar[frozenset[str]] = frozenset({"correct", "tolerance", "min", "max"})

    def check(self, value: object) -> Verdict:
        if not _is_number(value) or abs(value) > MAX_NUMBER:
            raise _invalid_answer(
                f"the answer must be a number between -{MAX_NUMBER} and {MAX_NUMBER}"
            )
        if self.minimum is not None and _exact(value) < _exact(self.minimum):
            raise _invalid_answer(f"the answer must be at least {_number_key(self.minimum)}")
        if self.maximum is not None and _exact(value) > _exact(self.maximum):
            raise _invalid_answer(f"the answer must be at most {_number_key(self.maximum)}")
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
        return _top(
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
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
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
    return _is_int(value)


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


# --- order ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderQuestion(Question):
    """Put the items in order; `items` is the correct order.

    Players see `[items[i] for i in display]` and answer with the list of the displayed
    positions in their order. `display` is a permutation of range(len(items)), the identity
    unless `Quiz.prepare` shuffled it, so the state never gives the order away.
    """

    items: tuple[str, ...]
    display: tuple[int, ...] = ()

    kind: ClassVar[str] = "order"
    fields: ClassVar[frozenset[str]] = frozenset({"items", "display"})

    def __post_init__(self) -> None:
        if not self.display:
            object.__setattr__(self, "display", tuple(range(len(self.items))))
        if sorted(self.display) != list(range(len(self.items))):
            raise ValueError("display must be a permutation of the item indices")

    def check(self, value: object) -> Verdict:
        n = len(self.items)
        if (
            not isinstance(value, list)
            or len(value) != n
            or not all(_is_int(p) and 0 <= p < n for p in value)
            or len(set(value)) != n
        ):
            raise _invalid_answer(f"the answer must list each displayed position 0 to {n - 1} once")
        return RIGHT if [self.display[p] for p in value] == list(range(n)) else WRONG

    def correct_value(self) -> list[int]:
        """The correct order as displayed positions: the answer that is right."""
        return [self.display.index(i) for i in range(len(self.items))]

    def empty_distribution(self) -> dict[str, int]:
        return {"correct": 0, "incorrect": 0}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        key = "correct" if self.check(value).correct else "incorrect"
        distribution[key] = distribution.get(key, 0) + 1

    def shuffled(self, display: Sequence[int]) -> OrderQuestion:
        """This question shown in another order (a permutation of the item indices)."""
        return dataclasses.replace(self, display=tuple(display))

    def _public_fields(self) -> dict[str, JSON]:
        return {"items": [self.items[i] for i in self.display]}

    def _doc_fields(self) -> dict[str, JSON]:
        doc: dict[str, JSON] = {"items": list(self.items)}
        if list(self.display) != list(range(len(self.items))):
            doc["display"] = list(self.display)
        return doc

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        name = f"{path}.items"
        raw = v.listing(v.required(doc, "items", name), name, MIN_ITEMS, MAX_ITEMS)
        items: list[str] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            label = f"{name}[{i}]"
            text = v.text(item, name, STORED_MAX_ITEM_TEXT, label=label)
            key = text.casefold()
            if key in seen:
                raise InvalidInput(name, f"{label} repeats {name}[{seen[key]}]")
            seen[key] = i
            items.append(text)
        display: tuple[int, ...] = ()
        if doc.get("display") is not None:
            dname = f"{path}.display"
            order = v.listing(doc["display"], dname, len(items), len(items))
            if sorted(p if _is_int(p) else -1 for p in order) != list(range(len(items))):
                raise InvalidInput(
                    dname, f"{dname} must list each item index 0 to {len(items) - 1} once"
                )
            display = tuple(order)
        return cls(*common, items=tuple(items), display=display)


# --- poll ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PollQuestion(Question):
    """Pick one of 2 to 6 choices; no answer is right, nobody earns points, streaks stay."""

    choices: tuple[str, ...]

    kind: ClassVar[str] = "poll"
    scored: ClassVar[bool] = False
    fields: ClassVar[frozenset[str]] = frozenset({"choices"})

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", 0)  # never worth points, however it was built

    def check(self, value: object) -> Verdict:
        _choice_picks(value, len(self.choices), multi=False)
        return WRONG

    def correct_value(self) -> None:
        return None

    def empty_distribution(self) -> dict[str, int]:
        return {str(i): 0 for i in range(len(self.choices))}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        _tally_picks(distribution, value)

    def _public_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices)}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices)}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        common = _no_points(doc, path, common, cls.kind)
        return cls(*common, choices=_parse_choices(doc, path))


# --- word_cloud ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class WordCloudQuestion(Question):
    """A short free text (at most 40 characters); its words make the cloud. Never scored."""

    kind: ClassVar[str] = "word_cloud"
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
            raise _invalid_answer("the answer must be a string")
        text = value.strip()
        if not 1 <= len(text) <= MAX_CLOUD_ANSWER:
            raise _invalid_answer(f"the answer must be 1 to {MAX_CLOUD_ANSWER} characters")
        if any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in text):
            raise _invalid_answer("the answer holds control characters")
        words = cloud_words(text)
        if not words:
            raise _invalid_answer("the answer must hold a word")
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
        return _top(distribution, TOP_WORDS if limit is None else limit)

    def _public_fields(self) -> dict[str, JSON]:
        return {"max_length": MAX_CLOUD_ANSWER}

    def _doc_fields(self) -> dict[str, JSON]:
        return {}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: _Common) -> Question:
        return cls(*_no_points(doc, path, common, cls.kind))


KINDS: dict[str, type[Question]] = {
    ChoiceQuestion.kind: ChoiceQuestion,
    TrueFalseQuestion.kind: TrueFalseQuestion,
    TypeAnswerQuestion.kind: TypeAnswerQuestion,
    NumericQuestion.kind: NumericQuestion,
    OrderQuestion.kind: OrderQuestion,
    PollQuestion.kind: PollQuestion,
    WordCloudQuestion.kind: WordCloudQuestion,
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
    prompt = v.text(v.required(d, "prompt", prompt_field), prompt_field, STORED_MAX_PROMPT)
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
    image = v.optional_text(m.get("image"), f"{field}.image", MAX_IMAGE_URL)
    if image is not None and not is_image_url(image):
        raise InvalidInput(
            f"{field}.image",
            f"{field}.image must be an http:// or https:// address, or a path on this site "
            "starting with a single /",
        )
    return image


# An absolute http(s) URL: the scheme in any case, then an authority of a host (a name, an IPv4
# address or a bracketed IPv6 address) and an optional port, without a user:password@ part, then
# an optional path, query or fragment.
_ABSOLUTE_URL = re.compile(
    r"(?i:https?)://(?:\[[0-9A-Fa-f:.]+\]|[^/?#@:\[\]]+)(?::[0-9]{1,5})?(?:[/?#].*)?",
    re.DOTALL,
)


def is_image_url(url: str) -> bool:
    """Whether `url` may be a question's image: an absolute ``http://`` or ``https://`` URL
    without credentials, or a path on this site (``/images/q1.png``).

    Refused: any other scheme (``javascript:``, ``data:``), a scheme-relative ``//host`` (and
    ``/\\host``, which browsers read the same way), backslashes, whitespace and invisible
    characters (browsers drop some of them, which could turn a path into ``//host``).
    """
    if "\\" in url or any(ch.isspace() or _invisible(ch) for ch in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    return _ABSOLUTE_URL.fullmatch(url) is not None


def is_site_image(url: str) -> bool:
    """Whether the image address `url` points at this site (a path such as
    ``/media/<hash>.webp``), so that showing it tells no other site who is looking. Phones
    show only these (docs/privacy.md)."""
    return is_image_url(url) and url.startswith("/")


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in FORBIDDEN_CATEGORIES


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
