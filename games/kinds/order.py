"""The `order` kind: put the items in order, shown in a game-wide shuffled order
(docs/rules.md, "order")."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from games import _validate as v
from games.errors import InvalidInput
from games.kinds.question import RIGHT, WRONG, Common, Question, Verdict, invalid_answer, is_int
from games.limits import STORED_MAX_ITEM_TEXT
from games.types import JSON

MIN_ITEMS = 2
MAX_ITEMS = 8


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
            or not all(is_int(p) and 0 <= p < n for p in value)
            or len(set(value)) != n
        ):
            raise invalid_answer(f"the answer must list each displayed position 0 to {n - 1} once")
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
    def _from_doc(cls, doc: Mapping[str, JSON], path: str, common: Common) -> Question:
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
            if sorted(p if is_int(p) else -1 for p in order) != list(range(len(items))):
                raise InvalidInput(
                    dname, f"{dname} must list each item index 0 to {len(items) - 1} once"
                )
            display = tuple(order)
        return cls(*common, items=tuple(items), display=display)
