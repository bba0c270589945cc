"""What every question kind shares: the `Question` base class, the `Verdict` of an answer, the
common fields of a question document (prompt, time limit, points, media, explanation, credit)
and the helpers several kinds use."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple, TypeGuard

from games import _validate as v
from games.errors import InvalidInput, RuleViolation
from games.images import parse_media
from games.limits import MAX_CREDIT_NAME, MAX_EXPLANATION, STORED_MAX_PROMPT
from games.text import first_unstorable
from games.types import JSON

DEFAULT_TIME_LIMIT_MS = 20_000
MIN_TIME_LIMIT_MS = 5_000
MAX_TIME_LIMIT_MS = 240_000
POINTS = (0, 1, 2)

COMMON_FIELDS = frozenset(
    {"id", "kind", "prompt", "time_limit_ms", "points", "media", "explanation", "credit"}
)
#: A credit's contribution id is at most this long (the server's ids are 12 characters).
MAX_CREDIT_ID = 64


@dataclass(frozen=True, slots=True)
class Credit:
    """Who wrote a question that came from a member's contribution (docs/rules.md, "Credit").

    Only the server writes it (the library checks it against the approved contributions when a
    quiz is saved); `public` shows the name and team, never the contribution id.
    """

    contribution_id: str
    name: str
    team: str | None = None

    def public(self) -> dict[str, JSON]:
        """The credit as players and the big screen see it: ``{name, team}``."""
        return {"name": self.name, "team": self.team}

    def to_doc(self) -> dict[str, JSON]:
        """The credit as the question document keeps it."""
        return {"contribution_id": self.contribution_id, "name": self.name, "team": self.team}


def parse_credit(d: Mapping[str, JSON], path: str) -> Credit | None:
    """The ``credit`` of question document `d`, or None when it has none."""
    raw = d.get("credit")
    if raw is None:
        return None
    field = f"{path}.credit"
    c = v.obj(raw, field)
    v.only_keys(c, ("contribution_id", "name", "team"), field)
    cid = f"{field}.contribution_id"
    name = f"{field}.name"
    return Credit(
        v.text(v.required(c, "contribution_id", cid), cid, MAX_CREDIT_ID),
        v.text(v.required(c, "name", name), name, MAX_CREDIT_NAME),
        v.optional_text(c.get("team"), f"{field}.team", MAX_CREDIT_NAME),
    )


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


class Common(NamedTuple):
    """The fields every kind has, parsed and validated (`parse_common`)."""

    prompt: str
    time_limit_ms: int
    points: int
    image: str | None
    explanation: str | None
    audio: str | None = None
    video: str | None = None
    credit: Credit | None = None


def invalid_answer(message: str) -> RuleViolation:
    """The refusal of an answer that does not fit its question's kind."""
    return RuleViolation("invalid_answer", message)


@dataclass(frozen=True, slots=True)
class Question(ABC):
    """One question of a quiz; build it with `parse_question`, which validates."""

    prompt: str
    time_limit_ms: int = DEFAULT_TIME_LIMIT_MS
    points: int = 1
    image: str | None = None
    explanation: str | None = None
    # Audio and video are files of this site (`games.images.parse_media`); the big screen plays
    # them, phones of a live game do not get them.
    audio: str | None = None
    video: str | None = None
    credit: Credit | None = None

    kind: ClassVar[str]
    scored: ClassVar[bool] = True
    # Document keys this kind adds to COMMON_FIELDS.
    fields: ClassVar[frozenset[str]] = frozenset()
    # Whether the distribution's keys are what players gave (typed answers, numbers, words)
    # rather than a set the question fixes (its choices, true and false, right or wrong order):
    # open keys are listed most common first, fixed ones in their own order.
    open_keys: ClassVar[bool] = False

    @abstractmethod
    def check(self, value: object) -> Verdict:
        """Judge an answer value.

        Raises RuleViolation("invalid_answer") when the value does not fit the kind.
        """

    def judge(self, value: object) -> Verdict | None:
        """The verdict of an answer a player sent, or None when it is no answer to keep: it
        does not fit the kind, or it holds what SQL refuses (text with NUL or a lone
        surrogate, NaN), even where `check` would normalise that away. Every mode stores a
        None as an invalid answer."""
        try:
            verdict = self.check(value)
        except RuleViolation:
            return None
        return None if first_unstorable(value) is not None else verdict

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
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
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
        """What players may see; never the correct answer, nor the contribution a credited
        question came from (its ``credit`` is ``{name, team}``).

        `time_limit_ms` is the game's override of the question's own limit.
        """
        doc: dict[str, JSON] = {
            "kind": self.kind,
            "prompt": self.prompt,
            "time_limit_ms": self.time_limit_ms if time_limit_ms is None else time_limit_ms,
            "points": self.points,
        }
        doc.update(self._public_fields())
        media = self._media()
        if media:
            doc["media"] = media
        if self.credit is not None:
            doc["credit"] = self.credit.public()
        return doc

    def _media(self) -> dict[str, JSON]:
        kinds = (("image", self.image), ("audio", self.audio), ("video", self.video))
        return {key: url for key, url in kinds if url is not None}

    def to_doc(self) -> dict[str, JSON]:
        """The normalised question document, defaults filled in; `parse_question` reads it back."""
        doc: dict[str, JSON] = {
            "kind": self.kind,
            "prompt": self.prompt,
            "time_limit_ms": self.time_limit_ms,
            "points": self.points,
        }
        doc.update(self._doc_fields())
        media = self._media()
        if media:
            doc["media"] = media
        if self.explanation is not None:
            doc["explanation"] = self.explanation
        if self.credit is not None:
            doc["credit"] = self.credit.to_doc()
        return doc


def parse_common(d: Mapping[str, JSON], path: str) -> Common:
    """The common fields of question document `d`; errors name fields under `path`."""
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
    media = parse_media(d, path)
    return Common(
        prompt,
        time_limit_ms,
        points,
        media.image,
        explanation,
        media.audio,
        media.video,
        parse_credit(d, path),
    )


def no_points(doc: Mapping[str, JSON], path: str, common: Common, kind: str) -> Common:
    """The common part of an unscored kind: `points` must be 0 or absent, and is stored as 0."""
    if doc.get("points") is not None and common.points != 0:
        name = f"{path}.points"
        raise InvalidInput(name, f"{name} must be 0 or absent: a {kind} earns no points")
    return common._replace(points=0)


def top_counts(
    distribution: Mapping[str, int], limit: int, keep: Sequence[str] = ()
) -> dict[str, int]:
    """The keys of `keep` (count 0 when absent), then the `limit` most common other keys with a
    count above 0, most common first, ties in key order."""
    out = {key: distribution.get(key, 0) for key in keep}
    others = sorted(
        ((k, n) for k, n in distribution.items() if k not in out and n > 0),
        key=lambda kn: (-kn[1], kn[0]),
    )
    out.update(others[: max(limit, 0)])
    return out


def is_int(value: object) -> TypeGuard[int]:
    """An int, never a bool (JSON's true is not 1 here)."""
    return isinstance(value, int) and not isinstance(value, bool)
