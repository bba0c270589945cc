"""Quiz import from a spreadsheet in the Kahoot layout (XLSX).

Two layouts are read from the first sheet:

- **Kahoot's template** as Kahoot hands it out: instructions in the first rows, a header row
  (its first filled cell starts with "Question", the next with "Answer"), then one question per
  row under the header's columns, each row numbered in the column before them (1 to 100, also
  on rows left empty). Everything above the header is skipped, and so is every row without a
  question. The file holds no quiz title: it comes from the import form (`kahoot_quiz`'s
  `title`), or the workbook's title property (Huddle's own export sets it).
- **Huddle's first layout**: the quiz title alone in the first filled row, then (after an
  optional header row) one question per row, with or without a numbering column.

A question row holds the question, answers 1 to 4 (at least two), the time limit in seconds
(empty: 20) and the correct answers as numbers ("1" or "1,3"; more than one makes a
multi-select question). A row whose answers are exactly "True" and "False" with one correct
answer is a ``true_false`` question; every other row a ``choice`` question. Huddle's authoring
limits apply (`games.limits`), not Kahoot's: a row past them is refused naming the limit.

The file is read within the limits of `server.reports.spreadsheet` (blocking work: run it in a
worker thread). Errors are `games.errors.InvalidInput` whose field names the spreadsheet row, as
``rows[5].correct``, and whose message starts with "row 5:".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from games import _validate as v
from games.errors import InvalidInput
from games.limits import MAX_PROMPT, MAX_TILE_TEXT, MAX_TITLE
from games.quiz import MAX_QUESTIONS, parse_authored_quiz
from games.types import JSON
from server.reports.spreadsheet import is_xlsx, read_rows

__all__ = ["MAX_ROWS", "is_xlsx", "kahoot_quiz"]

#: Rows read at most (the questions, instructions, a header and some blank lines).
MAX_ROWS = MAX_QUESTIONS + 50
ANSWERS = 4
DEFAULT_TIME_S = 20
#: Cells of a question row: question, answers 1-4, time limit, correct answers.
ROW_CELLS = 1 + ANSWERS + 2
#: Columns read: a numbering column (or instructions' column A), then a question row.
READ_COLUMNS = ROW_CELLS + 2
TRUE_FALSE = ("true", "false")

_CORRECT = re.compile(r"\s*[1-9]\s*(?:[,;]\s*[1-9]\s*)*")
_QUESTION_FIELD = re.compile(r"questions\[(\d+)\](.*)")


def _error(row: int, field: str, message: str) -> InvalidInput:
    return InvalidInput(f"rows[{row}].{field}", f"row {row}: {message}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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
    if len(cells) > ROW_CELLS:
        raise _error(row, "cells", f"a question row has at most {ROW_CELLS} cells")
    cells = list(cells) + [None] * (ROW_CELLS - len(cells))
    prompt = _text(cells[0])
    if not prompt:
        raise _error(row, "question", "the question is empty")
    if len(prompt) > MAX_PROMPT:
        raise _error(
            row,
            "question",
            f"the question is {len(prompt)} characters long; at most {MAX_PROMPT} fit",
        )
    answers = [_text(v) for v in cells[1 : 1 + ANSWERS]]
    choices: list[JSON] = []
    position: dict[int, int] = {}
    for number, answer in enumerate(answers, start=1):
        if len(answer) > MAX_TILE_TEXT:
            raise _error(
                row,
                "answers",
                f"answer {number} is {len(answer)} characters long; at most {MAX_TILE_TEXT} fit",
            )
        if answer:
            position[number] = len(choices)
            choices.append(answer)
    if len(choices) < 2:
        raise _error(row, "answers", "a question needs at least two answers")
    picks = _correct(cells[1 + ANSWERS + 1], row)
    for number in picks:
        if number not in position:
            raise _error(row, "correct", f"answer {number} is empty")
    time_limit_ms = _time_limit_ms(cells[1 + ANSWERS], row)
    if tuple(a.casefold() for a in answers) == (*TRUE_FALSE, "", "") and len(picks) == 1:
        return {
            "kind": "true_false",
            "prompt": prompt,
            "correct": picks[0] == 1,
            "time_limit_ms": time_limit_ms,
        }
    return {
        "kind": "choice",
        "prompt": prompt,
        "choices": choices,
        "correct": [position[number] for number in picks],
        "time_limit_ms": time_limit_ms,
    }


def _filled(cells: Sequence[Any]) -> list[str]:
    return [t for t in (_text(c) for c in cells) if t]


def _is_header(cells: Sequence[Any]) -> bool:
    filled = _filled(cells)
    return (
        len(filled) >= 2
        and filled[0].lower().startswith("question")
        and filled[1].lower().startswith("answer")
    )


def _is_number(value: Any) -> bool:
    """A numbering cell: empty, a number, or a number written as text ("12")."""
    if isinstance(value, str):
        return value.strip() == "" or value.strip().isdecimal()
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _kahoot_rows(
    rows: list[tuple[int, list[Any]]], header: int
) -> tuple[str | None, list[tuple[int, list[Any]]]]:
    """Rows under a header row (index `header` in `rows`): the title (a lone cell above the
    header, as in Huddle's first layout; None under instructions) and the question rows, cut
    to the header's columns, rows without a question left out."""
    above = [_filled(cells) for _, cells in rows[:header]]
    title = above[0][0] if len(above) == 1 and len(above[0]) == 1 else None
    header_cells = rows[header][1]
    start = next(i for i, c in enumerate(header_cells) if _text(c))
    questions: list[tuple[int, list[Any]]] = []
    for number, cells in rows[header + 1 :]:
        if not all(_is_number(c) for c in cells[:start]):
            raise _error(number, "cells", "the cells left of the question hold text")
        row = cells[start:]
        if _filled(row):
            questions.append((number, row))
    return title, questions


def _first_layout(
    rows: list[tuple[int, list[Any]]], title: str | None
) -> tuple[str | None, list[tuple[int, list[Any]]]]:
    """Huddle's first layout, without a header row: the title alone in the first row (unless
    the form gave one and the first row is a question), then questions."""
    number, first = rows[0]
    if len(_filled(first)) == 1:
        rows = rows[1:]
        title = title or _filled(first)[0]
    elif title is None:
        raise _error(number, "title", "the first row must hold the quiz title alone")
    questions: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if len(cells) > ROW_CELLS and _is_number(cells[0]):
            cells = cells[1:]  # a numbering column
        questions.append((number, cells))
    return title, questions


def kahoot_quiz(data: bytes, title: str | None = None) -> dict[str, JSON]:
    """The normalised quiz document of a Kahoot-layout spreadsheet.

    `title` (from the import form) names the quiz; without it, the title comes from the file
    (a lone first row, or the workbook's title property). Raises `InvalidInput` naming the row
    and the field (``rows[<n>].<field>``) when a row does not fit the layout or the quiz does not
    validate (`games.quiz.parse_authored_quiz`), ``title`` when no title is found, ``file`` when
    the file is not a readable spreadsheet within the limits. Blocking: run it off the event
    loop.
    """
    if title is not None:
        title = v.text(title, "title", MAX_TITLE)
    sheet = read_rows(data, max_rows=MAX_ROWS, max_cols=READ_COLUMNS)
    if not sheet.rows:
        raise InvalidInput("file", "the spreadsheet is empty")
    header = next((i for i, (_, cells) in enumerate(sheet.rows) if _is_header(cells)), None)
    if header is not None:
        file_title, rows = _kahoot_rows(sheet.rows, header)
        title = title or file_title
    else:
        title, rows = _first_layout(sheet.rows, title)
    title = title or sheet.title
    if not rows:
        raise InvalidInput("rows", "the spreadsheet has no question rows")
    if len(rows) > MAX_QUESTIONS:
        raise InvalidInput("rows", f"a quiz holds at most {MAX_QUESTIONS} questions")
    questions = [_question(cells, number) for number, cells in rows]
    if title is None:
        raise InvalidInput("title", "the spreadsheet holds no quiz title: give the quiz a title")
    try:
        return parse_authored_quiz({"title": title, "questions": list(questions)}).to_doc()
    except InvalidInput as err:
        match = _QUESTION_FIELD.fullmatch(err.field)
        if match is None:
            raise
        row = rows[int(match.group(1))][0]
        field = match.group(2).lstrip(".") or "question"
        detail = err.message.replace(f"questions[{match.group(1)}]", "the question")
        raise _error(row, field, detail) from None
