"""Quiz files on the dashboard: a spreadsheet in Huddle's first layout and Kahoot's own template
imported (the title asked for, offering the file name; an error naming its row), a quiz exported
as JSON and to Kahoot's template and imported back; the editor's character counters, and a quiz
stored before the text limits."""

from __future__ import annotations

import io
import json
import sqlite3
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PROJECTOR,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
)
from tests.reports.kahoot_files import EXAMPLE, kahoot_template

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
    # A spreadsheet asks for the quiz's title, offering the file name; Cancel sends nothing.
    title = page.get_by_label("Title of the new quiz")
    expect(title).to_be_focused()
    expect(title).to_have_value("capitals")
    page.get_by_role("button", name="Cancel").click()
    expect(title).to_have_count(0)
    expect(page.get_by_role("button", name="Import a quiz", exact=True)).to_be_focused()
    page.set_input_files("#import-file", {"name": "capitals.xlsx", "mimeType": XLSX, "buffer": bad})
    expect(title).to_be_focused()
    page.keyboard.press("Enter")  # the offered title, as it is
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
    # The title typed in the form names the quiz (over the one in the file's first row).
    title.fill("Capitals from Kahoot")
    page.get_by_role("button", name="Import", exact=True).click()
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


PHONE_360 = {"width": 360, "height": 640}
FILLED = [
    ["Capital of France?", "Berlin", "Paris", "Rome", "Madrid", 20, "2"],
    ["Capital of Japan?", "Tokyo", "Kyoto", "Osaka", None, 30, "1"],
    ["The Seine flows through Paris.", "True", "False", None, None, 10, "1"],
]


def test_kahoots_template_both_ways(browser: Browser, server: Server, watch: Watch) -> None:
    """Kahoot's template as Kahoot hands it out, imported on a 360 px phone; then exported for
    Kahoot and imported back: the same questions."""
    auth = server.register("Kim Host")
    watch.allow("status of 422")  # the refused import
    page = new_page(browser, watch, PHONE_360, storage=host_storage(auth))
    page.goto(f"{server.url}/host")
    expect(page.get_by_text("No quizzes yet")).to_be_visible()

    # Row 11 (the second filled row under Kahoot's example) has an answer past Huddle's limit.
    long_answer = ["Capital of Peru?", "Lima", "L" * 91, None, None, 20, "1"]
    bad = kahoot_template([FILLED[0], long_answer])
    page.set_input_files(
        "#import-file", {"name": "KahootQuizTemplate.xlsx", "mimeType": XLSX, "buffer": bad}
    )
    title = page.get_by_label("Title of the new quiz")
    expect(title).to_have_value("KahootQuizTemplate")
    expect(title).to_be_focused()
    no_horizontal_scroll(page)
    shot(page, "host-import-title-phone")
    page.keyboard.press("Enter")
    error = page.get_by_test_id("import-error")
    expect(error).to_contain_text(
        "Row 11 · answers: Answer 2 is 91 characters long; at most 90 fit"
    )
    expect(error).to_be_focused()
    expect(page.get_by_text("No quizzes yet")).to_be_visible()

    good = kahoot_template(FILLED)
    page.set_input_files(
        "#import-file", {"name": "KahootQuizTemplate.xlsx", "mimeType": XLSX, "buffer": good}
    )
    title.fill("Capitals")
    page.get_by_role("button", name="Import", exact=True).click()
    # Kahoot's example in row 9 and the three filled rows; the 96 empty numbered rows are not.
    expect(page.get_by_text("Imported “Capitals” with 4 questions.")).to_be_visible()
    expect(page.locator(".quiz-card")).to_have_count(1)
    no_horizontal_scroll(page)
    quizzes = server.api("GET", "/quizzes", auth["token"])["quizzes"]
    first = server.api("GET", f"/quizzes/{quizzes[0]['id']}", auth["token"])
    assert [q["prompt"] for q in first["questions"]] == [EXAMPLE[0]] + [r[0] for r in FILLED]
    assert first["questions"][3].pop("id")  # every saved question gets an id
    assert first["questions"][3] == {
        "kind": "true_false",
        "prompt": "The Seine flows through Paris.",
        "correct": True,
        "time_limit_ms": 10000,
        "points": 1,
    }

    # Export for Kahoot, then import that file back: the same questions.
    with page.expect_download() as info:
        page.get_by_role("button", name="Export for Kahoot (Capitals as a spreadsheet)").click()
    download = info.value
    assert download.suggested_filename == "capitals.xlsx"
    expect(page.get_by_role("status")).to_contain_text(
        "Exported “Capitals” as capitals.xlsx in Kahoot's spreadsheet template."
    )
    path = download.path()
    assert path is not None
    with open(path, "rb") as f:
        exported = f.read()
    page.set_input_files(
        "#import-file", {"name": "capitals.xlsx", "mimeType": XLSX, "buffer": exported}
    )
    expect(title).to_have_value("capitals")
    title.fill("Capitals again")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported “Capitals again” with 4 questions.")).to_be_visible()
    quizzes = server.api("GET", "/quizzes", auth["token"])["quizzes"]
    again = next(q for q in quizzes if q["title"] == "Capitals again")
    again = server.api("GET", f"/quizzes/{again['id']}", auth["token"])
    # The same questions; each import saves them under fresh question ids.
    assert all(q["id"] for q in again["questions"])
    assert [{k: v for k, v in q.items() if k != "id"} for q in again["questions"]] == [
        {k: v for k, v in q.items() if k != "id"} for q in first["questions"]
    ]

    # A question the template cannot hold is listed as left out.
    server.api(
        "POST",
        "/quizzes",
        auth["token"],
        {
            "title": "Mixed",
            "questions": [
                FILE_CHOICE,
                {"kind": "numeric", "prompt": "How many legs?", "correct": 8},
            ],
        },
    )
    page.reload()
    with page.expect_download():
        page.get_by_role("button", name="Export for Kahoot (Mixed as a spreadsheet)").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Left out question the template cannot hold: 2 (Number)."
    )
    watch.assert_clean()


FILE_CHOICE = {"kind": "choice", "prompt": "Port?", "choices": ["80", "443"], "correct": [1]}


def counter(page: Any, field_id: str) -> Any:
    """The visible count of the field whose counter has this id."""
    return page.locator(f"#{field_id} [aria-hidden=true]")


def announced(page: Any, field_id: str) -> Any:
    """What the counter's polite live region says."""
    return page.locator(".char-count", has=page.locator(f"#{field_id}")).locator("[aria-live]")


def test_editor_counts_characters_and_refuses_past_the_limit(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Cora Host")
    page = new_page(browser, watch, PROJECTOR, storage=host_storage(auth))
    page.goto(f"{server.url}/quizzes/new")
    page.get_by_label("Quiz title").fill("Counters")
    expect(counter(page, "f-title-count")).to_have_text("8 / 200")
    page.get_by_label("Question", exact=True).fill("Which is longest?")
    answer_a = page.get_by_label("Answer A", exact=True)
    count_a = "f-questions-0-choices-0-count"
    expect(answer_a).to_have_accessible_description("0 of 90 characters")
    answer_a.fill("a" * 80)
    expect(counter(page, count_a)).to_have_text("80 / 90")
    expect(announced(page, count_a)).to_have_text("")  # far from the limit: nothing said
    answer_a.press_sequentially("bbbbbbb")
    expect(counter(page, count_a)).to_have_text("87 / 90")
    # Said once on coming near the limit (at 81), not again on every key after.
    expect(announced(page, count_a)).to_have_text("81 of 90 characters: 9 left.")
    expect(answer_a).to_have_accessible_description("87 of 90 characters")
    answer_a.press_sequentially("cccc")
    expect(counter(page, count_a)).to_have_text("91 / 90 · too long")
    expect(announced(page, count_a)).to_have_text("Too long: 91 of 90 characters. Shorten it by 1.")
    page.get_by_label("Answer B", exact=True).fill("b")
    page.get_by_label("Answer C", exact=True).fill("c")
    page.get_by_label("Answer D", exact=True).fill("d")
    page.get_by_role("checkbox", name="Correct (answer A)").check()
    shot(page, "editor-counter-too-long")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Fix 1 problem before saving.")
    expect(
        page.get_by_text("Answer A is 91 characters long; shorten it to 90 or fewer.")
    ).to_be_visible()
    assert server.api("GET", "/quizzes", auth["token"])["quizzes"] == []  # nothing sent
    answer_a.press("End")
    answer_a.press("Backspace")
    expect(counter(page, count_a)).to_have_text("90 / 90")
    page.get_by_role("button", name="Save", exact=True).click()
    # Saved: the page becomes the stored quiz's editor.
    expect(page.get_by_role("heading", name="Edit quiz")).to_be_visible()
    stored = server.api("GET", "/quizzes", auth["token"])["quizzes"]
    assert [q["questions"][0]["choices"][0] for q in stored] == ["a" * 80 + "bbbbbbb" + "ccc"]
    watch.assert_clean()


def test_a_quiz_saved_before_the_limits_opens_and_plays(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Olga Host")
    token = auth["token"]
    stored = server.api("POST", "/quizzes", token, {"title": "Old", "questions": [FILE_CHOICE]})
    # Written straight into SQL, as a quiz saved before the limits would be.
    old = {
        "title": "Old",
        "questions": [
            {
                **FILE_CHOICE,
                "prompt": "p" * 300,
                "choices": ["80", "4" * 150],
                "time_limit_ms": 20000,
                "points": 1,
            }
        ],
    }
    with sqlite3.connect(server.log_path.parent / f"{server.prefix}.db") as db:
        db.execute("UPDATE quizzes SET document = ? WHERE id = ?", (json.dumps(old), stored["id"]))
    # It still starts a game.
    game = server.api("POST", "/games", token, {"quiz_id": stored["id"], "settings": {}})
    assert game["pin"]

    page = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    page.goto(f"{server.url}/quizzes/{stored['id']}")
    notice = page.get_by_test_id("too-long-notice")
    expect(notice).to_contain_text("saved before Huddle's text limits")
    expect(notice).to_contain_text("shorten the 2 fields marked too long")
    prompt = page.get_by_label("Question", exact=True)
    expect(prompt).to_have_value("p" * 300)
    expect(counter(page, "f-questions-0-prompt-count")).to_have_text("300 / 200 · too long")
    expect(counter(page, "f-questions-0-choices-1-count")).to_have_text("150 / 90 · too long")
    expect(announced(page, "f-questions-0-prompt-count")).to_have_text("")  # not news at load
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_text("The question is 300 characters long; shorten it to 200 or fewer.")
    ).to_be_visible()
    expect(prompt).to_be_focused()
    prompt.fill("p" * 200)
    expect(notice).to_contain_text("shorten the field marked too long")
    page.get_by_label("Answer B", exact=True).fill("443")
    expect(notice).to_have_count(0)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    saved = server.api("GET", f"/quizzes/{stored['id']}", token)
    assert saved["questions"][0]["prompt"] == "p" * 200
    assert saved["questions"][0]["choices"] == ["80", "443"]
    watch.assert_clean()


def test_counters_fit_a_360_px_phone(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Pia Host")
    page = new_page(browser, watch, PHONE_360, storage=host_storage(auth))
    page.goto(f"{server.url}/quizzes/new")
    page.get_by_label("Question", exact=True).fill("q" * 201)
    page.get_by_label("Answer A", exact=True).fill("W" * 91)
    expect(counter(page, "f-questions-0-prompt-count")).to_have_text("201 / 200 · too long")
    count_a = counter(page, "f-questions-0-choices-0-count")
    expect(count_a).to_have_text("91 / 90 · too long")
    expect(count_a).to_be_in_viewport()
    no_horizontal_scroll(page)
    shot(page, "editor-counter-phone")
    watch.assert_clean()
