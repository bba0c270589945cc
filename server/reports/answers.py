"""Answers and tallies as people read them in a report: "A: Paris", "A: Paris — 12 (60 %)".

A finished game keeps its quiz as the game played it (`Game.quiz`, order questions with their
shown order) and, per question, a distribution keyed as `reveal.distribution` is (choice
indices, "true"/"false", "correct"/"incorrect", numbers or words). These functions put the
choices' texts back; a key or value they cannot place (a quiz stored without that question)
is shown as it is, never dropped.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from typing import Any

from games.errors import InvalidInput
from games.kinds.choice import ChoiceQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import Question
from games.kinds.registry import KINDS
from games.quiz import parse_quiz

_LETTERS = string.ascii_uppercase
_FIXED_LABELS = {"true": "True", "false": "False", "correct": "Right order", "incorrect": "Wrong"}


def stored_questions(quiz: Mapping[str, Any] | None) -> list[Question]:
    """The questions of a game's stored quiz; none when it is missing or no longer parses."""
    if not quiz or not quiz.get("questions"):
        return []
    try:
        return list(parse_quiz(dict(quiz)).questions)
    except (InvalidInput, ValueError, TypeError):
        return []


def question_at(questions: Sequence[Question], index: int, kind: str) -> Question | None:
    """Question `index` of `questions` when it is there and of `kind` (the tally's)."""
    if 0 <= index < len(questions) and questions[index].kind == kind:
        return questions[index]
    return None


def letter(index: int) -> str:
    """The letter of choice `index` as the pages show it: A, B, C …"""
    return _LETTERS[index] if 0 <= index < len(_LETTERS) else str(index + 1)


def _choice(question: ChoiceQuestion | PollQuestion, index: int) -> str:
    if 0 <= index < len(question.choices):
        return f"{letter(index)}: {question.choices[index]}"
    return str(index)


def _number(value: float | int) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def answer_text(question: Question | None, value: Any) -> str:
    """One player's answer as text: "A: Paris", "A: Paris, C: Rome", "True",
    "Rome → Paris → Berlin" (an order answer, as the player put the items), "42", "paris"."""
    if value is None:
        return ""
    if isinstance(question, ChoiceQuestion | PollQuestion):
        picks = value if isinstance(value, list) else [value]
        if all(isinstance(p, int) and not isinstance(p, bool) for p in picks):
            return ", ".join(_choice(question, p) for p in picks)
    if isinstance(value, bool):  # a true_false answer
        return "True" if value else "False"
    if isinstance(question, OrderQuestion) and isinstance(value, list):
        n = len(question.items)
        if all(isinstance(p, int) and 0 <= p < n for p in value):
            return " → ".join(question.items[question.display[p]] for p in value)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return json.dumps(value, ensure_ascii=False)


def _label(question: Question | None, kind: str, key: str) -> str:
    if isinstance(question, ChoiceQuestion | PollQuestion) and key.isdigit():
        return _choice(question, int(key))
    if kind in ("true_false", "order"):
        return _FIXED_LABELS.get(key, key)
    return key


def distribution_text(
    question: Question | None, kind: str, distribution: Mapping[str, int] | None, answered: int
) -> str:
    """A question's tally as one line: "A: Paris — 12 (60 %); B: Lyon — 8 (40 %)".

    Choices keep their order (every choice listed, 0 included); other kinds list their most
    common answers first. The percentage is of the players who answered (a multi-select
    question's can add up to more than 100).
    """
    if not distribution:
        return ""
    items = list(distribution.items())
    if kind not in KINDS or KINDS[kind].open_keys:
        items.sort(key=lambda kv: (-kv[1], kv[0]))
    parts = []
    for key, count in items:
        share = f" ({round(100 * count / answered)} %)" if answered > 0 else ""
        parts.append(f"{_label(question, kind, key)} — {count}{share}")
    return "; ".join(parts)
