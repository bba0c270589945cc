"""Quiz import from a spreadsheet in the Kahoot layout (XLSX).

The first sheet holds, in its first non-empty row, the quiz title alone; then one question per
row: the question, answers 1 to 4 (at least two), the time limit in seconds (empty: 20) and the
correct answers as numbers ("1" or "1,3"; more than one makes a multi-select question). Empty
rows and a header row (its first cell starts with "Question") are skipped, and so is a leading
numbering column, as in Kahoot's own template. Each question becomes a ``choice`` question.

Errors are `games.errors.InvalidInput` whose field names the spreadsheet row, as
``rows[5].correct``, and whose message starts with "row 5:".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from games.errors import InvalidInput
from games.quiz import MAX_QUESTIONS, parse_quiz
from games.types import JSON

#: A valid XLSX file is a zip archive.
XLSX_MAGIC = b"PK\x03\x04"
#: Rows read at most (the questions, a title, a header and some blank lines).
MAX_ROWS = MAX_QUESTIONS + 50
#: The archive may unpack to this much at most (a guard against zip bombs).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ANSWERS = 4
DEFAULT_TIME_S = 20
#: Cells of a question row: question, answers 1-4, time limit, correct answers.
ROW_CELLS = 1 + ANSWERS + 2

_CORRECT = re.compile(r"\s*[1-9]\s*(?:[,;]\s*[1-9]\s*)*")
_QUESTION_FIELD = re.compile(r"questions\[(\d+)\](.*)")


def is_xlsx(data: bytes) -> bool:
    """Whether `data` looks like an XLSX file (a zip archive)."""
    return data.startswith(XLSX_MAGIC)


def _error(row: int, field: str, message: str) -> InvalidInput:
    return InvalidInput(f"rows[{row}].{field}", f"row {row}: {message}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's non-empty rows as (row number, cells without trailing blanks)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise InvalidInput("file", "the spreadsheet is too large")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InvalidInput:
        raise
    except Exception:
        raise InvalidInput("file", "the file is not a readable XLSX spreadsheet") from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(
            sheet.iter_rows(max_row=MAX_ROWS, max_col=ROW_CELLS + 1, values_only=True), start=1
        ):
            cells = list(row)
            while cells and _text(cells[-1]) == "":
                cells.pop()
            if cells:
                yield number, cells
    finally:
        book.close()


def _time_limit_ms(value: Any, row: int) -> int:
    if value is None or _text(value) == "":
        return DEFAULT_TIME_S * 1000
    try:
        seconds = float(_text(value))
    except ValueError:
        raise _error(row, "time_limit", "the time limit must be a number of seconds") from None
    if not seconds.is_integer():
        raise _error(row, "time_limit", "the time limit must be a whole number of seconds")
    return int(seconds) * 1000


def _correct(value: Any, row: int) -> list[int]:
    text = _text(value)
    if not _CORRECT.fullmatch(text):
        raise _error(
            row, "correct", 'the correct answers must be numbers 1 to 4, like "1" or "1,3"'
        )
    picks = sorted({int(n) for n in re.split(r"[,;]", text)})
    if picks[-1] > ANSWERS:
        raise _error(row, "correct", f"there is no answer {picks[-1]} (answers are 1 to 4)")
    return picks


def _question(cells: Sequence[Any], row: int) -> dict[str, JSON]:
    cells = list(cells) + [None] * (ROW_CELLS - len(cells))
    if len(cells) > ROW_CELLS:
        raise _error(row, "cells", "a question row has at most 7 cells")
    prompt = _text(cells[0])
    if not prompt:
        raise _error(row, "question", "the question is empty")
    answers = [_text(v) for v in cells[1 : 1 + ANSWERS]]
    choices: list[JSON] = []
    position: dict[int, int] = {}
    for number, answer in enumerate(answers, start=1):
        if answer:
            position[number] = len(choices)
            choices.append(answer)
    if len(choices) < 2:
        raise _error(row, "answers", "a question needs at least two answers")
    correct: list[JSON] = []
    for number in _correct(cells[1 + ANSWERS + 1], row):
        if number not in position:
            raise _error(row, "correct", f"answer {number} is empty")
        correct.append(position[number])
    return {
        "kind": "choice",
        "prompt": prompt,
        "choices": choices,
        "correct": correct,
        "time_limit_ms": _time_limit_ms(cells[1 + ANSWERS], row),
    }


def _is_header(cells: Sequence[Any]) -> bool:
    first = _text(next((c for c in cells if _text(c)), ""))
    return first.lower().startswith("question")


def kahoot_quiz(data: bytes) -> dict[str, JSON]:
    """The normalised quiz document of a Kahoot-layout spreadsheet.

    Raises `InvalidInput` naming the row and the field (``rows[<n>].<field>``) when a row does
    not fit the layout or the quiz does not validate (`games.quiz.parse_quiz`).
    """
    title: str | None = None
    questions: list[dict[str, JSON]] = []
    row_of: list[int] = []
    for number, cells in _rows(data):
        if title is None:
            filled = [_text(c) for c in cells if _text(c)]
            if len(filled) != 1:
                raise _error(number, "title", "the first row must hold the quiz title alone")
            title = filled[0]
            continue
        if _is_header(cells):
            continue
        if len(cells) > ROW_CELLS and (cells[0] is None or isinstance(cells[0], int | float)):
            cells = cells[1:]  # Kahoot's numbering column
        questions.append(_question(cells, number))
        row_of.append(number)
    if title is None:
        raise InvalidInput("file", "the spreadsheet is empty")
    if not questions:
        raise InvalidInput("rows", "the spreadsheet has no question rows after the title")
    try:
        return parse_quiz({"title": title, "questions": list(questions)}).to_doc()
    except InvalidInput as err:
        match = _QUESTION_FIELD.fullmatch(err.field)
        if match is None:
            raise
        row = row_of[int(match.group(1))]
        field = match.group(2).lstrip(".") or "question"
        detail = err.message.replace(f"questions[{match.group(1)}]", "the question")
        raise _error(row, field, detail) from None
