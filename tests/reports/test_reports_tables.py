"""Report tables as CSV and XLSX: headers, cells, and text that must never run as a formula."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from server.reports.tables import Table, to_csv, to_xlsx

TABLE = Table(
    "Players",
    ("Rank", "Nickname", "Score", "% correct", "Identifier"),
    [
        [1, "Zoë", 1900, 66.7, "zoe@example.com"],
        [2, '=HYPERLINK("http://evil")', 0, None, None],
        [3, "-1+2", 5, 0.0, "@home"],
    ],
)


def test_csv() -> None:
    text = to_csv(TABLE)
    # A byte-order mark first, so that spreadsheet programs read UTF-8 ("Zoë", not "ZoÃ«").
    assert text.startswith("\ufeffRank,") and text.count("\ufeff") == 1
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        ["Rank", "Nickname", "Score", "% correct", "Identifier"],
        ["1", "Zoë", "1900", "66.7", "zoe@example.com"],
        ["2", '\'=HYPERLINK("http://evil")', "0", "", ""],
        ["3", "'-1+2", "5", "0.0", "'@home"],
    ]


def test_xlsx() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([TABLE, Table("Empty", ("A",), [])])))
    assert book.sheetnames == ["Players", "Empty"]
    sheet = book["Players"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Rank", "Nickname", "Score", "% correct", "Identifier"],
        [1, "Zoë", 1900, 66.7, "zoe@example.com"],
        [2, '=HYPERLINK("http://evil")', 0, None, None],
        [3, "-1+2", 5, 0.0, "@home"],
    ]
    # Stored as text, not as formulas.
    assert sheet["B3"].data_type == "s"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert [[c.value for c in row] for row in book["Empty"].iter_rows()] == [["A"]]
