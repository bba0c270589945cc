"""Hostile XLSX files for the import limits, small on disk: a real workbook whose first sheet's
XML is replaced, or whose archive gains a part that inflates to far more than it weighs."""

from __future__ import annotations

import io
import zipfile

from tests.reports.kahoot_files import kahoot_file

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_sheet_xml(chunks: list[bytes]) -> bytes:
    """`kahoot_file()` with its first sheet's XML replaced by the concatenated `chunks`
    (streamed into the zip, so a large sheet is never held whole)."""
    source = zipfile.ZipFile(io.BytesIO(kahoot_file()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == SHEET:
                with target.open(SHEET, "w") as part:
                    for chunk in chunks:
                        part.write(chunk)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def million_cell_row(cell: bytes = b"<c/>") -> bytes:
    """A sheet of one row of a million cells (as in the attack: 132 KB that froze a node)."""
    head = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData><row r="1">'.encode()
    return with_sheet_xml([head, *[cell * 100_000] * 10, b"</row></sheetData></worksheet>"])


def zip_bomb(megabytes: int = 200) -> bytes:
    """`kahoot_file()` plus a part of `megabytes` MB of zeros (a few hundred KB packed)."""
    out = io.BytesIO(kahoot_file())
    zeros = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/bomb.bin", "w") as part,
    ):
        for _ in range(megabytes):
            part.write(zeros)
    return out.getvalue()
