"""The limits of reading an uploaded spreadsheet (server.reports.spreadsheet): each hostile
file is refused naming the limit, without inflating a zip bomb or parsing a huge row."""

from __future__ import annotations

import time
import zipfile
from unittest import mock

import pytest

from games.errors import InvalidInput
from server.reports import spreadsheet
from server.reports.kahoot import MAX_ROWS, kahoot_quiz
from tests.reports.hostile_files import NS, million_cell_row, with_sheet_xml, zip_bomb
from tests.reports.kahoot_files import QUESTIONS, workbook


def test_a_row_of_a_million_cells_is_refused_at_its_257th_cell() -> None:
    data = million_cell_row()
    assert len(data) < 200_000  # small on disk, 4 MB unpacked: within the size limits
    started = time.monotonic()
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(data)
    # A generous bound for a busy machine: parsing the whole row took seconds at 1 GB.
    assert time.monotonic() - started < 5
    assert err.value.field == "rows[1]"
    assert err.value.message == "row 1: a row may hold at most 256 cells"


def test_a_row_of_a_million_valued_cells_is_refused_on_its_size() -> None:
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(million_cell_row(b"<c><v>1</v></c>"))
    assert err.value.field == "file"
    assert "xl/worksheets/sheet1.xml" in err.value.message
    assert "more than 4 MB" in err.value.message


def test_a_sheet_of_too_many_rows_is_refused() -> None:
    head = b'<?xml version="1.0"?><worksheet xmlns="%s"><sheetData>' % NS.encode()
    rows = [b'<row r="%d"/>' % n for n in range(1, 10_002)]
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(with_sheet_xml([head, *rows, b"</sheetData></worksheet>"]))
    assert err.value.message == "a sheet of the spreadsheet has more than 10000 rows"
    # Formatted empty rows up to the limit are fine (Kahoot's template formats its rows).
    fine = [b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(2, 10_001)]
    first = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Quiz</t></is></c></row>'
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(with_sheet_xml([head, first, *fine, b"</sheetData></worksheet>"]))
    assert err.value.field == "rows"  # read: a title and no questions


def test_a_zip_bomb_is_refused_without_inflating_it() -> None:
    data = zip_bomb()
    assert len(data) < 1_000_000
    with (
        mock.patch.object(zipfile.ZipFile, "open", side_effect=AssertionError("inflated")),
        pytest.raises(InvalidInput) as err,
    ):
        kahoot_quiz(data)
    assert err.value.field == "file"
    assert "'xl/media/bomb.bin' unpacks to more than 4 MB" in err.value.message


def test_all_parts_together_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 5000)
    with pytest.raises(InvalidInput, match="unpacks to more than 0 MB"):
        kahoot_quiz(workbook(QUESTIONS))
    monkeypatch.setattr(spreadsheet, "MAX_PARTS", 3)
    with pytest.raises(InvalidInput, match="more than 3 parts"):
        kahoot_quiz(workbook(QUESTIONS))


def test_rows_past_the_limit_are_refused_not_dropped() -> None:
    rows = [QUESTIONS[0]] * 199 + [[]] * (MAX_ROWS - 201) + [QUESTIONS[1]]
    assert len(kahoot_quiz(workbook(rows))["questions"]) == 200  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(workbook([*rows, QUESTIONS[2]]))
    assert err.value.field == "rows"
    assert f"past row {MAX_ROWS}" in err.value.message


def test_broken_sheet_xml() -> None:
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(with_sheet_xml([b"<worksheet><sheetData><row>"]))
    assert err.value.field == "file"


def test_control_characters_in_a_cell_are_refused() -> None:
    head = b'<?xml version="1.0"?><worksheet xmlns="%s"><sheetData>' % NS.encode()
    title = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Quiz</t></is></c></row>'
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Q\xc2\x85?</t></is></c></row>'
    with pytest.raises(InvalidInput) as err:
        kahoot_quiz(with_sheet_xml([head, title, row, b"</sheetData></worksheet>"]))
    assert err.value.message == "row 2: a cell holds control characters"
