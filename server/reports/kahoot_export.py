"""Quiz export to the spreadsheet template Kahoot hands out, so content moves both ways.

The layout is Kahoot's (one sheet): "Quiz template" in B2, instructions in B3 to B6, the header
in row 8 (columns B to H), then one question per row from row 9, numbered in column A (1 to
100, also on the rows left empty). `server.reports.kahoot.kahoot_quiz` reads it back into the
same quiz; the quiz title travels as the workbook's title property, which Kahoot ignores.

The template holds choice questions of up to 4 answers and true/false questions (written as
the answers "True" and "False"), with whole-second time limits. Other questions are left out
and listed as skipped. Points, images and explanations have no column, so they are not written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from games.kinds.choice import ChoiceQuestion
from games.kinds.question import Question
from games.kinds.true_false import TrueFalseQuestion
from games.quiz import Quiz
from server.reports.kahoot import ANSWERS

HEADER = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
INSTRUCTIONS = (
    "Exported from Huddle. Each row below the header is one question.",
    "Answers 1 and 2 are required, answers 3 and 4 are optional.",
    'Correct answer(s): the numbers of the right answers, like "2" or "1,3".',
    "Time limit in seconds. Import this file into Huddle or Kahoot.",
)
HEADER_ROW = 8
NUMBERED_ROWS = 100


#: Why a question is left out (`Skipped.reason`): its kind has no place in the template, it has
#: more answers than the template's 4, or its time limit is not a whole number of seconds.
REASONS = {
    "kind": "the template holds only choice and true/false questions",
    "answers": f"the template holds at most {ANSWERS} answers",
    "time_limit": "the template holds whole seconds only",
}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A question left out of the export: its 1-based `number`, `kind` and `reason` (a key of
    `REASONS`)."""

    number: int
    kind: str
    reason: str


def _row(question: Question) -> list[str | int | None] | str:
    """The template's cells B to H for `question`, or why it cannot be written (a key of
    `REASONS`)."""
    if question.time_limit_ms % 1000:
        return "time_limit"
    seconds = question.time_limit_ms // 1000
    if isinstance(question, TrueFalseQuestion):
        return [question.prompt, "True", "False", None, None, seconds, 1 if question.correct else 2]
    if isinstance(question, ChoiceQuestion):
        if len(question.choices) > ANSWERS:
            return "answers"
        answers: list[str | None] = [*question.choices, *[None] * (ANSWERS - len(question.choices))]
        correct = ",".join(str(i + 1) for i in question.correct)
        return [question.prompt, *answers, seconds, correct]
    return "kind"


def kahoot_workbook(quiz: Quiz) -> tuple[bytes, list[Skipped]]:
    """The XLSX file of `quiz` in Kahoot's template, and the questions it leaves out."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    book.properties.title = quiz.title
    sheet.cell(row=2, column=2, value="Quiz template").font = Font(bold=True, size=14)
    for offset, line in enumerate(INSTRUCTIONS):
        sheet.cell(row=3 + offset, column=2, value=line)
    for column, text in enumerate(HEADER, start=2):
        sheet.cell(row=HEADER_ROW, column=column, value=text).font = Font(bold=True)
    skipped: list[Skipped] = []
    rows: list[list[str | int | None]] = []
    for number, question in enumerate(quiz.questions, start=1):
        row = _row(question)
        if isinstance(row, str):
            skipped.append(Skipped(number, question.kind, row))
        else:
            rows.append(row)
    for index in range(max(NUMBERED_ROWS, len(rows))):
        r = HEADER_ROW + 1 + index
        sheet.cell(row=r, column=1, value=index + 1)
        for column, value in enumerate(rows[index] if index < len(rows) else [], start=2):
            cell = sheet.cell(row=r, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), skipped
