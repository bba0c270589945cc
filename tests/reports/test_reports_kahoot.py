"""Importing a quiz from a spreadsheet in the Kahoot layout, built by the test with openpyxl."""

from __future__ import annotations

from typing import Any

import pytest

from games.errors import InvalidInput
from server.reports.kahoot import is_xlsx, kahoot_quiz
from tests.reports.kahoot_files import HEADER, QUESTIONS, kahoot_file, workbook


def test_kahoot_layout() -> None:
    data = kahoot_file()
    assert is_xlsx(data) and not is_xlsx(b'{"title": "x"}')
    quiz = kahoot_quiz(data)
    assert quiz["title"] == "Networking basics"
    questions: list[dict[str, Any]] = quiz["questions"]  # type: ignore[assignment]
    assert questions[2] == {
        # a blank time limit is 20 s; a number of the correct answer works as well as text
        "kind": "true_false",
        "prompt": "Redis is a relational database.",
        "correct": False,
        "time_limit_ms": 20000,
        "points": 1,
    }
    assert [
        (q["kind"], q["prompt"], q["choices"], q["correct"], q["time_limit_ms"])
        for q in questions
        if q["kind"] == "choice"
    ] == [
        ("choice", "Which port does HTTPS use?", ["80", "443", "22", "25"], [1], 20000),
        ("choice", "Which are prime?", ["2", "4", "7", "9"], [0, 2], 30000),
        # (the third, True/False, is a true_false question: test_true_false_rows)
        # an empty answer 2: answers 3 and 4 move up, and "3" still means "car"
        ("choice", "Pick the odd one", ["cat", "car", "dog"], [1], 60000),
    ]


def test_numbering_column_of_kahoots_template() -> None:
    numbered = [[None, *HEADER]] + [[n, *row] for n, row in enumerate(QUESTIONS, start=1)]
    assert kahoot_quiz(workbook(numbered)) == kahoot_quiz(kahoot_file())


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (["Q", "a", "b", None, None, 20, "5"], "rows[3].correct", "no answer 5"),
        (["Q", "a", "b", None, None, 20, "3"], "rows[3].correct", "answer 3 is empty"),
        (["Q", "a", "b", None, None, 20, "first"], "rows[3].correct", '"1,3"'),
        (["Q", "a", "b", None, None, 20, None], "rows[3].correct", "numbers 1 to 4"),
        (["Q", "a", None, None, None, 20, "1"], "rows[3].answers", "at least two"),
        (["Q", "a", "b", None, None, "soon", "1"], "rows[3].time_limit", "seconds"),
        (["Q", "a", "b", None, None, 7.5, "1"], "rows[3].time_limit", "whole number"),
        (["Q", "a", "b", None, None, 300, "1"], "rows[3].time_limit_ms", "row 3"),
        ([None, "a", "b", None, None, 20, "1"], "rows[3].question", "empty"),
        (["Q", "a", "b", "c", "d", 20, "1", "extra"], "rows[3].cells", "at most 7"),
        # Huddle's limits (games.limits), not Kahoot's 120 and 75
        (["Q" * 201, "a", "b", None, None, 20, "1"], "rows[3].question", "at most 200 fit"),
        (["Q", "a", "b" * 91, None, None, 20, "1"], "rows[3].answers", "answer 2 is 91"),
        (["Q", "a", "b", None, "d" * 91, 20, "1"], "rows[3].answers", "at most 90 fit"),
        (["Q", "a", "x" * 2001, None, None, 20, "1"], "rows[3]", "at most 2000 characters"),
    ],
)
def test_row_errors_name_the_row(row: list[Any], field: str, words: str) -> None:
    good = QUESTIONS[0]
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(workbook([good, row]))
    assert err.value.field == field
    assert err.value.message.startswith("row 3: ")
    assert words in err.value.message


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"not a spreadsheet at all", "file"),
        (workbook([], title=None), "file"),
        (workbook([]), "rows"),
        (workbook([["Quiz", "with", "extra cells"]], title=None), "rows[1].title"),
    ],
)
def test_file_errors(data: bytes, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(data)
    assert err.value.field == field


def test_tile_and_prompt_limits_take_the_limit() -> None:
    row = ["Q" * 200, "a" * 90, "b", None, None, 20, "1"]
    quiz = kahoot_quiz(workbook([row]))
    assert quiz["questions"] == [
        {
            "kind": "choice",
            "prompt": "Q" * 200,
            "choices": ["a" * 90, "b"],
            "correct": [0],
            "time_limit_ms": 20000,
            "points": 1,
        }
    ]


def test_true_false_rows() -> None:
    rows = [
        ["Is it?", "True", "False", None, None, 10, "1"],
        ["Is it not?", "true", "FALSE", None, None, 10, "2"],
        ["Both?", "True", "False", None, None, 10, "1,2"],  # two right: stays a choice
        ["Three?", "True", "False", "Maybe", None, 10, "1"],
    ]
    questions: list[dict[str, Any]] = kahoot_quiz(workbook(rows))["questions"]  # type: ignore[assignment]
    assert [(q["kind"], q["correct"]) for q in questions] == [
        ("true_false", True),
        ("true_false", False),
        ("choice", [0, 1]),
        ("choice", [0]),
    ]
