"""A report as named tables, written as CSV or as an XLSX workbook (one sheet per table).

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is defused: CSV cells get a leading apostrophe, XLSX cells are stored
as plain strings. CSV starts with a UTF-8 byte-order mark, without which Excel reads the file
in the computer's legacy code page and garbles names in other scripts ("Zoë", "李").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from games.milestones import describe
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


#: What a CSV download starts with (U+FEFF, the byte-order mark, as UTF-8: EF BB BF).
BOM = "\ufeff"


def _badges(codes: Sequence[str] | None) -> str:
    """Milestone codes as their titles: "First game, Quickest draw"."""
    return ", ".join(describe(code).title for code in codes or ())


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
        q.get("distribution_text") or "",
    ]


def game_tables(report: Mapping[str, Any]) -> dict[str, Table]:
    """The tables of a game report (`server.db.reports.game_report`): players, teams,
    questions (hardest first) and the answer sheet (every player's answer to every question)."""
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
                    _badges(p["milestones"]),
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
        "answers": answer_sheet_table(report["answer_sheet"]),
    }


def answer_sheet_table(sheet: Mapping[str, Any]) -> Table:
    """The answer sheet as a table: a row per player (by rank), four columns per question:
    the answer as text, whether it was right ("yes"/"no", empty for polls and word clouds),
    the points and the time taken; empty cells where the player gave no answer."""
    columns: list[str] = ["Rank", "Nickname"]
    for q in sheet["questions"]:
        n = q["index"] + 1
        columns += [f"Q{n} answer", f"Q{n} correct", f"Q{n} points", f"Q{n} time (ms)"]
    rows: list[list[Cell]] = []
    for p in sheet["players"]:
        row: list[Cell] = [p["rank"], p["nickname"]]
        for a in p["answers"]:
            if a is None:
                row += [None, None, None, None]
            else:
                right = None if a["correct"] is None else "yes" if a["correct"] else "no"
                row += [a["answer"], right, a["points"], a["time_ms"]]
        rows.append(row)
    return Table("Answers", tuple(columns), rows)


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
                [q["difficulty"], q.get("round_label"), q["game_title"], *_question_cells(q)]
                for q in report["questions"]
            ],
        ),
        "rounds": Table(
            "Rounds",
            ("Round", "Game", "Title", "Finished (UTC)", "Players"),
            [
                [r["label"], r["id"], r["title"], _utc(r["finished_at"]), r["players"]]
                for r in report["rounds"]
            ],
        ),
    }


def utc_text(ms: int | None) -> str:
    """An instant as spreadsheets read it: ``YYYY-MM-DD HH:MM:SS`` in UTC ("" for none)."""
    if ms is None:
        return ""
    return ms_to_datetime(ms).strftime("%Y-%m-%d %H:%M:%S")


_utc = utc_text


def _defused(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    """The table as CSV (comma-separated, header first, CRLF line ends as RFC 4180 says),
    after a byte-order mark so spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    out.write(BOM)
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


def quiz_stats_table(stats: Mapping[str, Any]) -> Table:
    """A quiz's question statistics (`server.db.quiz_stats.QuizStatsRepo.stats`) as a table,
    hardest first: a row per question of the quiz."""
    return Table(
        "Questions",
        (
            "Difficulty",
            "Question",
            "Id",
            "Kind",
            "Prompt",
            "Asked",
            "Answered",
            "Correct",
            "% correct",
            "Average time (ms)",
        ),
        [
            [
                q["difficulty"],
                q["index"] + 1,
                q["id"],
                q["kind"],
                q["prompt"],
                q["asked"],
                q["answered"],
                q["correct"],
                q["percent_correct"],
                q["average_time_ms"],
            ]
            for q in stats["questions"]
        ],
    )
