"""Reading an uploaded XLSX spreadsheet within limits, so a hostile file costs little.

An XLSX file is a zip of XML parts. Before openpyxl reads anything, `read_rows` checks the
archive's directory (the number of parts and the sizes they declare, never inflating them:
Python's zipfile stops at the declared size, so a zip bomb is refused on its directory alone),
then streams each worksheet's XML once to count the cells of each row (a row of a million cells
is refused at the first cell past `MAX_ROW_CELLS`), and only then lets openpyxl read the first
sheet's first `max_rows` rows, each cell at most `MAX_CELL_CHARS` characters.

This is blocking, CPU-bound work: callers on the event loop run it in a worker thread.
Errors are `games.errors.InvalidInput` with the field ``file`` (or ``rows[<n>]...`` for a
row), whose message names the limit.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook  # type: ignore[import-untyped]

from games.errors import InvalidInput

#: A valid XLSX file is a zip archive.
XLSX_MAGIC = b"PK\x03\x04"
#: Parts (files) the archive may hold: a workbook has a dozen or two.
MAX_PARTS = 200
#: What one part may unpack to: a sheet of 200 long questions is well under 1 MB.
MAX_PART_BYTES = 4 * 1024 * 1024
#: What all the parts together may unpack to.
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
#: Cells one row of any worksheet may hold (filled or only formatted).
MAX_ROW_CELLS = 256
#: Rows (filled or only formatted) one worksheet may hold; Kahoot's template has about a hundred.
MAX_SHEET_ROWS = 10_000
#: Characters one cell's text may hold.
MAX_CELL_CHARS = 2_000

_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# Control characters but tab and line breaks (XML keeps C0 out, not C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MB = 1024 * 1024


def is_xlsx(data: bytes) -> bool:
    """Whether `data` looks like an XLSX file (a zip archive)."""
    return data.startswith(XLSX_MAGIC)


def _too_large(message: str) -> InvalidInput:
    return InvalidInput("file", message)


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose directory declares too many parts or too many bytes."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise _too_large(f"the spreadsheet holds more than {MAX_PARTS} parts")
    total = 0
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise _too_large(
                f"the spreadsheet is too large: its part {part.filename[:80]!r} unpacks to more "
                f"than {MAX_PART_BYTES // _MB} MB"
            )
        total += part.file_size
    if total > MAX_UNPACKED_BYTES:
        raise _too_large(
            f"the spreadsheet is too large: it unpacks to more than {MAX_UNPACKED_BYTES // _MB} MB"
        )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _check_rows(archive: zipfile.ZipFile) -> None:
    """Stream every worksheet's XML once and refuse more than `MAX_SHEET_ROWS` rows, or a row of
    more than `MAX_ROW_CELLS` cells at the first cell past the limit (openpyxl would build the
    whole row first). Each row is let go once read, so memory stays small."""
    for name in archive.namelist():
        if not _WORKSHEET.fullmatch(name):
            continue
        rows = cells = 0
        row = "?"
        with archive.open(name) as part:
            try:
                for event, element in iterparse(part, events=("start", "end")):
                    tag = _local(element.tag)
                    if event == "end":
                        if tag == "row":
                            element.clear()
                        continue
                    if tag == "row":
                        rows += 1
                        cells = 0
                        row = element.get("r", str(rows))
                        if rows > MAX_SHEET_ROWS:
                            raise InvalidInput(
                                "file",
                                f"a sheet of the spreadsheet has more than {MAX_SHEET_ROWS} rows",
                            )
                    elif tag == "c":
                        cells += 1
                        if cells > MAX_ROW_CELLS:
                            raise InvalidInput(
                                f"rows[{row}]",
                                f"row {row}: a row may hold at most {MAX_ROW_CELLS} cells",
                            )
            except ParseError:
                raise InvalidInput("file", "the file is not a readable XLSX spreadsheet") from None


@dataclass(frozen=True, slots=True)
class Sheet:
    """The first sheet's non-empty rows as (row number, cells without trailing blanks), and
    the workbook's title property (or None)."""

    rows: list[tuple[int, list[Any]]]
    title: str | None


def _cells(number: int, row: tuple[Any, ...]) -> list[Any]:
    cells = list(row)
    while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
        cells.pop()
    for value in cells:
        if not isinstance(value, str):
            continue
        if len(value) > MAX_CELL_CHARS:
            raise InvalidInput(
                f"rows[{number}]",
                f"row {number}: a cell may hold at most {MAX_CELL_CHARS} characters",
            )
        if _CONTROL.search(value):
            raise InvalidInput(f"rows[{number}]", f"row {number}: a cell holds control characters")
    return cells


def _iter_rows(book: Any, max_rows: int, max_cols: int) -> Iterator[tuple[int, list[Any]]]:
    sheet = book.worksheets[0]
    # One row past the limit, to refuse (rather than silently drop) what lies beyond it.
    for number, row in enumerate(
        sheet.iter_rows(max_row=max_rows + 1, max_col=max_cols, values_only=True), start=1
    ):
        cells = _cells(number, row)
        if not cells:
            continue
        if number > max_rows:
            raise InvalidInput(
                "rows", f"the spreadsheet has rows past row {max_rows}; at most {max_rows} are read"
            )
        yield number, cells


def read_rows(data: bytes, *, max_rows: int, max_cols: int) -> Sheet:
    """The first sheet of the XLSX file `data`, read within the limits above: rows 1 to
    `max_rows` (a filled row beyond is refused), columns 1 to `max_cols`.

    Raises `InvalidInput` (field ``file``) for a file that is not a readable XLSX spreadsheet
    or exceeds a limit, naming the limit.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            _check_rows(archive)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InvalidInput:
        raise
    except Exception:
        raise InvalidInput("file", "the file is not a readable XLSX spreadsheet") from None
    try:
        title = book.properties.title if book.properties is not None else None
        rows = list(_iter_rows(book, max_rows, max_cols))
    except InvalidInput:
        raise
    except Exception:
        raise InvalidInput("file", "the file is not a readable XLSX spreadsheet") from None
    finally:
        book.close()
    clean = title.strip() if isinstance(title, str) else ""
    return Sheet(rows=rows, title=clean or None)
