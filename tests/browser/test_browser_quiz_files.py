"""Quiz files on the dashboard: a Kahoot-layout spreadsheet imported (an error naming its row,
then a good one), a quiz exported as JSON and imported back."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from playwright.sync_api import Browser, expect

from tests.browser.support import LAPTOP, Server, Watch, host_storage, new_page, shot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kahoot_sheet(rows: list[list[Any]]) -> bytes:
    """A workbook in Kahoot's layout: the title alone, a header, one question per row."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Question", "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Time limit (sec)", "Correct"]
FRANCE = ["Capital of France?", "Berlin", "Paris", "Rome", "Madrid", 20, "2"]


def test_import_kahoot_sheet_and_export(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Ida Host")
    watch.allow("status of 422")  # the refused imports
    page = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    page.goto(f"{server.url}/host")
    expect(page.get_by_text("No quizzes yet")).to_be_visible()

    # Row 4 says answer 4 is right, but answer 4 is empty: the error names the row.
    bad = kahoot_sheet(
        [
            ["Capitals from Kahoot"],
            HEADER,
            FRANCE,
            ["Capital of Japan?", "Tokyo", "Kyoto", "Osaka", None, 30, "4"],
        ]
    )
    page.set_input_files("#import-file", {"name": "capitals.xlsx", "mimeType": XLSX, "buffer": bad})
    error = page.get_by_test_id("import-error")
    expect(error).to_contain_text("Could not import capitals.xlsx")
    expect(error).to_contain_text("Row 4 · correct answers: Answer 4 is empty")
    expect(error).to_be_focused()
    expect(page.get_by_text("No quizzes yet")).to_be_visible()
    shot(page, "host-import-error")

    # Fixed: the quiz is stored and listed.
    good = kahoot_sheet(
        [
            ["Capitals from Kahoot"],
            HEADER,
            FRANCE,
            ["Capital of Japan?", "Tokyo", "Kyoto", "Osaka", None, 30, "1"],
        ]
    )
    page.set_input_files(
        "#import-file", {"name": "capitals.xlsx", "mimeType": XLSX, "buffer": good}
    )
    expect(page.get_by_text("Imported “Capitals from Kahoot” with 2 questions.")).to_be_visible()
    expect(error).to_have_count(0)
    expect(page.locator(".quiz-card")).to_have_count(1)
    expect(page.get_by_role("link", name="Capitals from Kahoot", exact=True)).to_be_visible()

    # A quiz document with a mistake names the question and the field.
    broken = {"title": "Broken", "questions": [{"kind": "choice", "prompt": "?", "choices": ["a"]}]}
    page.set_input_files(
        "#import-file",
        {
            "name": "broken.json",
            "mimeType": "application/json",
            "buffer": json.dumps(broken).encode(),
        },
    )
    expect(error).to_contain_text("Question 1 · ")
    page.set_input_files(
        "#import-file", {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}
    )
    expect(error).to_contain_text("Pick a quiz file (.json) or a Kahoot spreadsheet (.xlsx).")

    # Export as JSON, then import that file back: the same quiz again.
    with page.expect_download() as info:
        page.get_by_role("button", name="Export Capitals from Kahoot as a file").click()
    download = info.value
    assert download.suggested_filename == "capitals-from-kahoot.json"
    path = download.path()
    assert path is not None
    with open(path, "rb") as f:
        exported = f.read()
    doc = json.loads(exported)
    assert doc["title"] == "Capitals from Kahoot"
    assert [q["choices"] for q in doc["questions"]] == [
        ["Berlin", "Paris", "Rome", "Madrid"],
        ["Tokyo", "Kyoto", "Osaka"],
    ]
    assert doc["questions"][1]["correct"] == [0]
    assert doc["questions"][1]["time_limit_ms"] == 30000
    page.set_input_files(
        "#import-file",
        {"name": download.suggested_filename, "mimeType": "application/json", "buffer": exported},
    )
    expect(page.locator(".quiz-card")).to_have_count(2)
    expect(page.get_by_test_id("import-error")).to_have_count(0)
    page.get_by_text("Importing: a quiz file, or a spreadsheet in the Kahoot layout").click()
    shot(page, "host-import-done")
    watch.assert_clean()
