"""The `poll` kind: pick one of 2 to 6 choices; not scored (docs/rules.md, "poll")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from games.kinds.choice import choice_picks, parse_choices, tally_picks
from games.kinds.question import WRONG, Common, Question, Verdict, no_points
from games.types import JSON


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
        choice_picks(value, len(self.choices), multi=False)
        return WRONG

    def correct_value(self) -> None:
        return None

    def empty_distribution(self) -> dict[str, int]:
        return {str(i): 0 for i in range(len(self.choices))}

    def tally(self, distribution: dict[str, int], value: JSON) -> None:
        tally_picks(distribution, value)

    def _public_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices)}

    def _doc_fields(self) -> dict[str, JSON]:
        return {"choices": list(self.choices)}

    @classmethod
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
        common = no_points(doc, path, common, cls.kind)
        return cls(*common, choices=parse_choices(doc, path))
