"""Spreadsheets in the Kahoot layout, built with openpyxl for the import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

HEADER = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) - 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]

QUESTIONS: list[list[Any]] = [
    ["Which port does HTTPS use?", 80, 443, 22, 25, 20, "2"],
    ["Which are prime?", "2", "4", "7", "9", 30, "1,3"],
    ["Redis is a relational database.", "True", "False", None, None, None, 2],
    ["Pick the odd one", "cat", None, "car", "dog", "60", "3"],
]


def workbook(rows: Sequence[Sequence[Any]], *, title: str | None = "Networking basics") -> bytes:
    """An XLSX file: the title in A1 (unless None), then `rows` from the row below."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title is not None:
        sheet.append([title])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def kahoot_file() -> bytes:
    """The quiz above with a header row and a blank row, as a host would fill it in."""
    return workbook([HEADER, [], *QUESTIONS])


#: Kahoot's template header, row 8, columns B to H.
TEMPLATE_HEADER = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
INSTRUCTIONS = [
    "Add questions, at least two answer alternatives, time limit and choose correct answers"
    " (at least one). Have fun creating your awesome quiz!",
    "Remember: questions have a limit of 120 characters and answers can have 75 characters"
    " max. Text will turn red in Excel or Google Docs if you exceed this limit. If several"
    " answers are correct, separate them with a comma.",
    "See an example question below (don't forget to overwrite this with your first question!)",
    "And remember,  if you're not using Excel you need to export to .xlsx format before you"
    " upload to Kahoot!",
]
#: The example question Kahoot leaves in row 9 until the user overwrites it.
EXAMPLE = [
    "What is the name of the Kahoot! mascot?",
    "Kahootie",
    "K!ngo",
    "Mr. K",
    "None of the above",
    20,
    "4",
]


def kahoot_template(questions: Sequence[Sequence[Any]], *, example: bool = True) -> bytes:
    """An XLSX file exactly as Kahoot hands out its template, filled in by a user: "Quiz
    template" in B2, instructions in B3 to B6, row 7 empty, the header in row 8 (B to H), rows 9
    to 108 numbered 1 to 100 in column A; Kahoot's example in row 9 (unless `example` is
    False), then `questions`, then the numbered rows left empty. No quiz title."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B2"] = "Quiz template"
    for row, text in enumerate(INSTRUCTIONS, start=3):
        sheet.cell(row=row, column=2, value=text)
    for column, text in enumerate(TEMPLATE_HEADER, start=2):
        sheet.cell(row=8, column=column, value=text)
    filled = ([EXAMPLE] if example else []) + [list(q) for q in questions]
    for index in range(100):
        row = 9 + index
        sheet.cell(row=row, column=1, value=index + 1)
        if index < len(filled):
            for column, value in enumerate(filled[index], start=2):
                sheet.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
