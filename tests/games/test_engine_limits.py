"""The authoring limits (games.limits): refused when a host writes past them, kept for quizzes
stored before them, and the same numbers in the editor's generated constant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from games.errors import InvalidInput
from games.limits import MAX_PROMPT, MAX_TILE_TEXT, typescript_module
from games.quiz import parse_authored_quiz, parse_quiz

WEB_LIMITS = Path(__file__).parents[2] / "web" / "src" / "limits.ts"


def quiz(question: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Limits", "questions": [question]}


CHOICE = {"kind": "choice", "prompt": "Pick", "choices": ["a", "b"], "correct": [0]}
POLL = {"kind": "poll", "prompt": "Pick", "choices": ["a", "b"]}
ORDER = {"kind": "order", "prompt": "Sort", "items": ["a", "b"]}
TYPED = {"kind": "type_answer", "prompt": "Type", "accepted": ["a"]}
CLOUD = {"kind": "word_cloud", "prompt": "Say"}


def test_the_numbers() -> None:
    assert (MAX_PROMPT, MAX_TILE_TEXT) == (200, 90)


@pytest.mark.parametrize(
    ("question", "field", "message"),
    [
        (CHOICE | {"prompt": "p" * 201}, "questions[0].prompt", "at most 200"),
        (CLOUD | {"prompt": "p" * 201}, "questions[0].prompt", "at most 200"),
        (
            CHOICE | {"choices": ["a", "x" * 91]},
            "questions[0].choices",
            "choices[1] must be at most 90",
        ),
        (
            POLL | {"choices": ["x" * 91, "b"]},
            "questions[0].choices",
            "choices[0] must be at most 90",
        ),
        (
            ORDER | {"items": ["a", "b", "x" * 91]},
            "questions[0].items",
            "items[2] must be at most 90",
        ),
        (
            TYPED | {"accepted": ["x" * 91]},
            "questions[0].accepted",
            "accepted[0] must be at most 90",
        ),
    ],
)
def test_authoring_limits_refuse_one_more(
    question: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_authored_quiz(quiz(question))
    assert err.value.field == field
    assert message in err.value.message
    # A quiz stored before the limits (up to the old ones) still loads and plays.
    assert parse_quiz(quiz(question)).questions[0].kind == question["kind"]


@pytest.mark.parametrize(
    "question",
    [
        CHOICE | {"prompt": "p" * 200, "choices": ["a", "x" * 90]},
        POLL | {"choices": ["x" * 90, "b"]},
        ORDER | {"items": ["a", "x" * 90]},
        TYPED | {"accepted": ["x" * 90]},
    ],
)
def test_authoring_limits_take_the_limit(question: dict[str, Any]) -> None:
    assert parse_authored_quiz(quiz(question)) == parse_quiz(quiz(question))


def test_stored_limits_still_bound_a_stored_quiz() -> None:
    with pytest.raises(InvalidInput, match="at most 500"):
        parse_quiz(quiz(CHOICE | {"prompt": "p" * 501}))
    with pytest.raises(InvalidInput, match="at most 200"):
        parse_quiz(quiz(CHOICE | {"choices": ["a", "x" * 201]}))


def test_the_editor_has_the_same_numbers() -> None:
    assert WEB_LIMITS.read_text(encoding="utf-8") == typescript_module(), (
        "web/src/limits.ts is stale: run .venv/bin/python -m games.limits > web/src/limits.ts"
    )
