"""Kahoot's own template (instructions, a header in row 8, numbered rows to 108, its example
in row 9, no title) imported, and quizzes exported to it and imported back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from games.errors import InvalidInput
from games.quiz import parse_quiz
from server.reports.kahoot import kahoot_quiz
from server.reports.kahoot_export import kahoot_workbook
from tests.reports.kahoot_files import EXAMPLE, TEMPLATE_HEADER, kahoot_template

FILLED = [
    ["Which port does HTTPS use?", "80", "443", "22", "25", 30, "2"],
    ["Which are prime?", 2, 4, 7, 9, 60, "1,3"],
    ["Redis is a relational database.", "True", "False", None, None, 10, 2],
]


def test_kahoots_template_as_handed_out() -> None:
    quiz = kahoot_quiz(kahoot_template(FILLED), title="From Kahoot")
    assert quiz["title"] == "From Kahoot"
    questions: list[dict[str, Any]] = quiz["questions"]  # type: ignore[assignment]
    # Kahoot's example (row 9) is a question like any other; the 96 empty numbered rows are not.
    assert [q["prompt"] for q in questions] == [EXAMPLE[0]] + [row[0] for row in FILLED]
    assert questions[1] == {
        "kind": "choice",
        "prompt": "Which port does HTTPS use?",
        "choices": ["80", "443", "22", "25"],
        "correct": [1],
        "time_limit_ms": 30000,
        "points": 1,
    }
    assert questions[2]["choices"] == ["2", "4", "7", "9"]
    assert questions[2]["correct"] == [0, 2]
    assert questions[3]["kind"] == "true_false" and questions[3]["correct"] is False


def test_the_template_needs_a_title_from_the_form() -> None:
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template(FILLED))
    assert err.value.field == "title"
    assert "give the quiz a title" in err.value.message
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template(FILLED), title="  ")
    assert err.value.field == "title"
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template(FILLED), title="t" * 201)
    assert err.value.field == "title"


def test_template_rows_are_refused_naming_their_row() -> None:
    # Row 9 is Kahoot's example, so the first filled question is row 10, the second row 11.
    long_answer = ["Q", "a", "b" * 91, None, None, 20, "1"]
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template([FILLED[0], long_answer]), title="T")
    assert err.value.field == "rows[11].answers"
    assert err.value.message == "row 11: answer 2 is 91 characters long; at most 90 fit"
    long_prompt = ["Q" * 201, "a", "b", None, None, 20, "1"]
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template([long_prompt]), title="T")
    assert err.value.message == "row 10: the question is 201 characters long; at most 200 fit"
    # A row with answers but no question is a mistake, not an empty row.
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template([[None, "a", "b", None, None, 20, "1"]]), title="T")
    assert err.value.field == "rows[10].question"


def test_numbers_written_as_text_are_numbering_too() -> None:
    data = kahoot_template(FILLED)
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for row in range(9, 109):
        sheet.cell(row=row, column=1, value=str(row - 8))
    out = io.BytesIO()
    book.save(out)
    assert kahoot_quiz(out.getvalue(), title="T") == kahoot_quiz(data, title="T")
    sheet.cell(row=12, column=1, value="see notes")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(out.getvalue(), title="T")
    assert err.value.field == "rows[12].cells"


def test_only_the_example_left() -> None:
    quiz = kahoot_quiz(kahoot_template([]), title="Just the example")
    assert [q["prompt"] for q in quiz["questions"]] == [EXAMPLE[0]]  # type: ignore[index, union-attr]
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(kahoot_template([], example=False), title="Nothing")
    assert err.value.field == "rows"


QUIZ: dict[str, Any] = {
    "title": "Round trip",
    "questions": [
        {"kind": "choice", "prompt": "=1+1 is?", "choices": ["2", "-3", "@x"], "correct": [0]},
        {"kind": "true_false", "prompt": "Sky is blue.", "correct": True, "time_limit_ms": 5000},
        {"kind": "true_false", "prompt": "Fire is cold.", "correct": False},
        {
            "kind": "choice",
            "prompt": "Pick two",
            "choices": ["a" * 90, "b", "c", "d"],
            "correct": [0, 3],
            "time_limit_ms": 240000,
        },
    ],
}


def test_export_to_the_template_and_back_is_the_same_quiz() -> None:
    quiz = parse_quiz(QUIZ)
    data, skipped = kahoot_workbook(quiz)
    assert skipped == []
    assert kahoot_quiz(data) == quiz.to_doc()  # the title travels as the workbook's title
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["B2"].value == "Quiz template"
    assert [sheet.cell(row=8, column=c).value for c in range(2, 9)] == TEMPLATE_HEADER
    assert [sheet.cell(row=r, column=1).value for r in range(9, 109)] == list(range(1, 101))
    assert [sheet.cell(row=9, column=c).value for c in range(2, 9)] == [
        "=1+1 is?",  # text, never a formula
        "2",
        "-3",
        "@x",
        None,
        20,
        "1",
    ]
    assert sheet["H12"].value == "1,4"
    assert sheet["B13"].value is None


def test_questions_the_template_cannot_hold_are_skipped() -> None:
    doc = {
        "title": "Mixed",
        "questions": [
            QUIZ["questions"][0],
            {"kind": "numeric", "prompt": "How many?", "correct": 3},
            {"kind": "choice", "prompt": "Five", "choices": list("abcde"), "correct": [4]},
            {"kind": "poll", "prompt": "Mood?", "choices": ["good", "bad"]},
            {**QUIZ["questions"][2], "time_limit_ms": 20500},
            QUIZ["questions"][1],
        ],
    }
    data, skipped = kahoot_workbook(parse_quiz(doc))
    assert [(s.number, s.kind) for s in skipped] == [
        (2, "numeric"),
        (3, "choice"),
        (4, "poll"),
        (5, "true_false"),
    ]
    assert [s.reason for s in skipped] == ["kind", "answers", "kind", "time_limit"]
    back = kahoot_quiz(data)
    assert back["questions"] == [parse_quiz(doc).to_doc()["questions"][i] for i in (0, 5)]  # type: ignore[index]
