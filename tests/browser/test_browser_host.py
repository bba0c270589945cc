"""The host area: register, write a quiz in the editor, start a game, read past results."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PASSWORD,
    PHONE,
    SMALL_PHONE,
    Server,
    Watch,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)


def test_register_edit_and_start(browser: Browser, server: Server, watch: Watch) -> None:
    page = new_page(browser, watch, LAPTOP)
    page.goto(f"{server.url}/host")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_role("link", name="Create an account").click()
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#name-error")).to_contain_text("Tell us your name")
    page.get_by_label("Your name").fill("Rosa Host")
    page.get_by_label("E-mail").fill("rosa@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#password-error")).to_contain_text("at least 8")
    page.get_by_label("Password").fill(PASSWORD)
    shot(page, "host-register")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your quizzes")).to_be_visible()
    expect(page.get_by_test_id("host-name")).to_have_text("Rosa Host")
    expect(page.get_by_text("No quizzes yet")).to_be_visible()

    # The editor: a choice question without a correct answer is refused, then fixed.
    page.get_by_role("link", name="New quiz").first.click()
    page.get_by_label("Quiz title").fill("Capitals")
    page.get_by_label("Question", exact=True).fill("What is the capital of France?")
    for letter, text in zip("ABCD", ["Berlin", "Paris", "Rome", "Madrid"], strict=True):
        page.get_by_label(f"Answer {letter}", exact=True).fill(text)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#editor-errors")).to_contain_text("Fix 1 problem before saving")
    error = page.locator("#f-questions-0-correct-error")
    expect(error).to_contain_text("Mark at least one answer as correct")
    expect(page.locator("#f-questions-0-correct")).to_be_focused()
    shot(page, "editor-validation-error")
    page.get_by_role("checkbox", name="Correct (answer B)").check()
    expect(error).to_have_count(0)
    expect(page.locator("#editor-errors")).to_have_count(0)

    # A true/false question, then save and start.
    page.get_by_label("Add a question").select_option("true_false")
    page.get_by_role("button", name="Add question").click()
    statement = page.get_by_label("Statement")
    expect(statement).to_be_focused()
    statement.fill("Rome is the capital of Italy.")
    page.get_by_label("Question 2 type").select_option("true_false")
    page.get_by_role("radio", name="True").check()
    shot(page, "editor")
    page.get_by_role("button", name="Save and start").click()
    expect(page.get_by_role("heading", name="Start a game")).to_be_visible()
    expect(page.get_by_text("Capitals")).to_be_visible()
    page.get_by_text("Accuracy", exact=True).click()
    page.get_by_label("Team play").select_option("choose")
    page.get_by_label("Team names, one per line").fill("Owls\nFoxes")
    shot(page, "start-game")
    page.get_by_role("button", name="Open the lobby").click()
    expect(page.get_by_test_id("pin")).to_be_visible()
    expect(page.get_by_test_id("primary-action")).to_contain_text("Start game")
    pin = page.get_by_test_id("pin").inner_text().replace(" ", "")

    # The join page offers the game's teams.
    phone = new_page(browser, watch, SMALL_PHONE, phone=True)
    phone.goto(f"{server.url}/join/{pin}")
    phone.get_by_label("Your nickname").fill("Teo")
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.locator("#team-error")).to_contain_text("Pick a team")
    phone.get_by_text("Foxes").click()
    no_horizontal_scroll(phone)
    shot(phone, "phone-join-team")
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_test_id("lobby")).to_be_visible()
    expect(page.locator(".roster-row")).to_have_count(1)

    # Back on the dashboard: duplicate, then delete the copy.
    page.goto(f"{server.url}/host")
    expect(page.locator(".quiz-card")).to_have_count(1)
    page.get_by_role("button", name="Duplicate Capitals").click()
    expect(page.locator(".quiz-card")).to_have_count(2)
    expect(page.get_by_role("link", name="Capitals (copy)", exact=True)).to_be_visible()
    shot(page, "host-dashboard")
    page.get_by_role("button", name="Delete Capitals (copy)").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.locator(".quiz-card")).to_have_count(1)
    expect(page.get_by_role("table")).to_contain_text("Capitals")
    watch.assert_clean()


def test_past_game_results(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Pia Host")
    quiz = {
        "title": "Quick Round",
        "questions": [
            {
                "kind": "choice",
                "prompt": "2 + 2 = ?",
                "choices": ["3", "4", "5"],
                "correct": [1],
                "time_limit_ms": 30000,
            },
            {
                "kind": "true_false",
                "prompt": "Water boils at 100 °C at sea level.",
                "correct": True,
            },
        ],
    }
    game = server.create_game(auth["token"], quiz)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    expect(host.get_by_test_id("pin")).to_be_visible()
    players = []
    for name in ("Mia", "Noah"):
        phone = new_page(browser, watch, PHONE, phone=True)
        join(phone, server, game["pin"], name)
        players.append(phone)
    mia, noah = players
    host.get_by_test_id("primary-action").click()
    tap(mia, "B")
    tap(noah, "A")
    expect(mia.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    host.get_by_test_id("primary-action").click()  # leaderboard
    host.get_by_test_id("primary-action").click()  # question 2
    tap(mia, "T")
    tap(noah, "T")
    expect(noah.get_by_test_id("result")).to_be_visible()
    host.get_by_test_id("primary-action").click()  # leaderboard
    expect(host.get_by_test_id("primary-action")).to_contain_text("Finish game")
    host.get_by_test_id("primary-action").click()
    expect(host.get_by_test_id("winner")).to_contain_text("Mia")
    host.get_by_role("button", name="See full results").click()

    expect(host.get_by_test_id("results-title")).to_have_text("Quick Round")
    rows = host.get_by_test_id("players-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Mia")
    expect(rows.nth(0)).to_contain_text("1st")
    expect(rows.nth(1)).to_contain_text("Noah")
    questions = host.get_by_test_id("questions-table").locator("tbody tr")
    expect(questions).to_have_count(2)
    expect(questions.nth(0)).to_contain_text("50%")
    expect(questions.nth(1)).to_contain_text("100%")
    expect(host.get_by_role("img", name=re.compile("Correct answers per question"))).to_be_visible()
    # The answer sheet: a row per player, each answer as its text, right or wrong.
    sheet = host.get_by_test_id("answer-sheet")
    expect(sheet.locator("tbody tr")).to_have_count(2)
    mia_row, noah_row = sheet.locator("tbody tr").nth(0), sheet.locator("tbody tr").nth(1)
    expect(mia_row.locator("th")).to_have_text("Mia")
    expect(mia_row.locator("td").nth(0)).to_contain_text("B: 4")
    expect(mia_row.locator("td").nth(0)).to_have_attribute("data-correct", "true")
    expect(noah_row.locator("td").nth(0)).to_contain_text("A: 3")
    expect(noah_row.locator("td").nth(0)).to_have_attribute("data-correct", "false")
    expect(noah_row.locator("td").nth(1)).to_contain_text("True")
    expect(host.get_by_test_id("dl-answers-csv")).to_be_visible()
    # On a phone the sheet scrolls sideways in its own region (reachable by keyboard), not the page.
    host.set_viewport_size({"width": SMALL_PHONE["width"], "height": SMALL_PHONE["height"]})
    no_horizontal_scroll(host)
    region = host.get_by_role("region", name="Answer sheet, scrolls sideways")
    region.focus()
    expect(region).to_be_focused()
    host.set_viewport_size({"width": LAPTOP["width"], "height": LAPTOP["height"]})
    host.wait_for_timeout(1200)  # the podium rises
    shot(host, "results", full_page=True)

    # The dashboard lists the game with a link to these results.
    host.goto(f"{server.url}/host#games")
    expect(host.get_by_role("link", name="Results of Quick Round")).to_be_visible()
    watch.assert_clean()
