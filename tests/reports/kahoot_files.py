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
