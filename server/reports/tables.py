"""A report as named tables, written as CSV or as an XLSX workbook (one sheet per table).

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is defused: CSV cells get a leading apostrophe, XLSX cells are stored
as plain strings.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from server.db.times import ms_to_datetime

Cell = str | int | float | bool | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet of a report: its `title` (the sheet name), header and rows."""

    title: str
    columns: tuple[str, ...]
    rows: list[list[Cell]]


def _distribution(value: Mapping[str, int] | None) -> str:
    return "" if not value else json.dumps(value, ensure_ascii=False, sort_keys=False)


def _codes(value: Sequence[str] | None) -> str:
    return ", ".join(value or ())


def _question_columns(prefix: tuple[str, ...]) -> tuple[str, ...]:
    return (
        "Difficulty",
        *prefix,
        "Question",
        "Kind",
        "Prompt",
        "Answered",
        "Correct",
        "% correct",
        "Average time (ms)",
        "Distribution",
    )


def _question_cells(q: Mapping[str, Any]) -> list[Cell]:
    return [
        q["index"] + 1,
        q["kind"],
        q["prompt"],
        q["answered"],
        q["correct"],
        q["percent_correct"],
        q["average_time_ms"],
        _distribution(q["distribution"]),
    ]


def game_tables(report: Mapping[str, Any]) -> dict[str, Table]:
    """The tables of a game report (`server.db.reports.game_report`): players, teams and
    questions (hardest first)."""
    return {
        "players": Table(
            "Players",
            (
                "Rank",
                "Nickname",
                "Identifier",
                "Team",
                "Score",
                "Correct",
                "Answered",
                "Average time (ms)",
                "Milestones",
            ),
            [
                [
                    p["rank"],
                    p["nickname"],
                    p["identifier"],
                    p["team"],
                    p["score"],
                    p["correct"],
                    p["answered"],
                    p["average_time_ms"],
                    _codes(p["milestones"]),
                ]
                for p in report["players"]
            ],
        ),
        "teams": Table(
            "Teams",
            ("Rank", "Team", "Score", "Members"),
            [[t["rank"], t["team"], t["score"], t["members"]] for t in report["teams"]],
        ),
        "questions": Table(
            "Questions",
            _question_columns(()),
            [[q["difficulty"], *_question_cells(q)] for q in report["questions"]],
        ),
    }


def event_tables(report: Mapping[str, Any]) -> dict[str, Table]:
    """The tables of an event report (`server.db.reports.event_report`): players over all
    rounds, teams, questions of every round (hardest first) and the rounds."""
    return {
        "players": Table(
            "Players",
            (
                "Rank",
                "Nickname",
                "Identifier",
                "Games",
                "Score",
                "Correct",
                "Answered",
                "Wins",
                "Average time (ms)",
            ),
            [
                [
                    p["rank"],
                    p["nickname"],
                    p["identifier"],
                    p["games"],
                    p["score"],
                    p["correct"],
                    p["answered"],
                    p["wins"],
                    p["average_time_ms"],
                ]
                for p in report["players"]
            ],
        ),
        "teams": Table(
            "Teams",
            ("Rank", "Team", "Score", "Games", "Wins"),
            [[t["rank"], t["team"], t["score"], t["games"], t["wins"]] for t in report["teams"]],
        ),
        "questions": Table(
            "Questions",
            _question_columns(("Round", "Game")),
            [
                [q["difficulty"], q["round"], q["game_title"], *_question_cells(q)]
                for q in report["questions"]
            ],
        ),
        "rounds": Table(
            "Rounds",
            ("Round", "Game", "Title", "Finished (UTC)", "Players"),
            [
                [r["round"], r["id"], r["title"], _utc(r["finished_at"]), r["players"]]
                for r in report["rounds"]
            ],
        ),
    }


def _utc(ms: int | None) -> str:
    if ms is None:
        return ""
    return ms_to_datetime(ms).strftime("%Y-%m-%d %H:%M:%S")


def _defused(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    """The table as CSV (comma-separated, header first, CRLF line ends as RFC 4180 says)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else _defused(v) for v in row])
    return out.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table: a bold, frozen header row and fitted columns."""
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(title=table.title[:31])
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(c) for c in table.columns]
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    widths[c - 1] = max(widths[c - 1], min(len(value), _MAX_WIDTH))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = width + 2
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
