"""A quiz's statistics page in a real browser, after a short real game: the library card's
link, the summary figures, the chart (drawn, and its figures in a hidden table), the ranked
questions and the CSV download; at 1080p and on a 360-pixel phone."""

from __future__ import annotations

import csv
import io
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    PROJECTOR,
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

QUIZ: dict[str, Any] = {
    "title": "Stats Quiz",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which planet is closest to the Sun?",
            "choices": ["Venus", "Mercury"],
            "correct": [1],
            "time_limit_ms": 30000,
        },
        {
            "kind": "true_false",
            "prompt": "The Moon is bigger than Mars.",
            "correct": False,
            "time_limit_ms": 30000,
        },
    ],
}


def next_step(host: Page, label: str) -> None:
    button = host.get_by_test_id("primary-action")
    expect(button).to_contain_text(label)
    button.click()


def play(browser: Browser, server: Server, watch: Watch, auth: dict[str, Any]) -> str:
    """Ana and Ben play the quiz: question 1 Ana right, Ben wrong; question 2 both right.
    Returns the game's id once the host sees its results (written to SQL)."""
    game = server.create_game(auth["token"], QUIZ)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    ana = new_page(browser, watch, PHONE, phone=True)
    join(ana, server, game["pin"], "Ana")
    ben = new_page(browser, watch, PHONE, phone=True)
    join(ben, server, game["pin"], "Ben")
    expect(host.locator(".roster-row")).to_have_count(2)
    next_step(host, "Start game")
    tap(ana, "B")
    tap(ben, "A")
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    expect(ben.get_by_test_id("result")).to_have_attribute("data-correct", "false")
    next_step(host, "Show leaderboard")
    next_step(host, "Next question")
    tap(ana, "F")
    tap(ben, "F")
    expect(ben.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    next_step(host, "Show leaderboard")
    next_step(host, "Finish game")
    expect(host.get_by_test_id("winner")).to_contain_text("Ana")
    # The results page waits until the results are written.
    host.goto(f"{server.url}/games/{game['id']}")
    expect(host.get_by_test_id("results-title")).to_have_text("Stats Quiz")
    expect(host.get_by_test_id("players-table").locator("tbody tr")).to_have_count(2)
    host.context.close()
    return str(game["quiz_id"])


def test_quiz_stats_page_after_a_real_game(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Stella Stats")
    quiz_id = play(browser, server, watch, auth)

    page = new_page(browser, watch, PROJECTOR, storage=host_storage(auth))
    page.goto(f"{server.url}/host")
    link = page.get_by_role("link", name="Statistics of Stats Quiz")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server.url}/quizzes/{quiz_id}/stats")
    expect(page.get_by_test_id("quiz-stats-title")).to_have_text("Stats Quiz")
    expect(page.get_by_test_id("stat-games")).to_have_text("1")
    expect(page.get_by_test_id("stat-players")).to_have_text("2")
    expect(page.get_by_test_id("stat-accuracy")).to_have_text("75 %")

    # The chart: drawn on a canvas, named, its figures in a table for screen readers.
    chart = page.get_by_role("group", name="Share of right answers per question, in %")
    expect(chart).to_be_visible()
    expect(chart.locator("canvas").first).to_be_visible()
    box = chart.locator(".chart-plot").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] >= 200
    hidden = chart.locator(".sr-only table")
    expect(hidden.locator("caption")).to_have_text("Share of right answers per question, in %")
    expect(hidden.locator("tbody tr")).to_have_count(2)
    expect(hidden.locator("tbody tr").nth(0)).to_have_text("Q150 %")
    expect(hidden.locator("tbody tr").nth(1)).to_have_text("Q2100 %")

    # The ranked table: question 1 (half right) is the hardest.
    rows = page.get_by_test_id("quiz-stats-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Which planet is closest to the Sun?")
    expect(rows.nth(0)).to_contain_text("50 %")
    expect(rows.nth(1)).to_contain_text("The Moon is bigger than Mars.")
    expect(rows.nth(1)).to_contain_text("100 %")
    shot(page, "quiz-stats-1080p", full_page=True)

    # By keyboard: the download button takes Enter.
    with page.expect_download() as download:
        page.get_by_test_id("dl-quiz-stats").focus()
        page.keyboard.press("Enter")
    path = download.value.path()
    assert download.value.suggested_filename.endswith("-stats.csv")
    with open(path, encoding="utf-8-sig") as f:
        table = list(csv.reader(io.StringIO(f.read())))
    assert [r[4] for r in table[1:]] == [
        "Which planet is closest to the Sun?",
        "The Moon is bigger than Mars.",
    ]
    assert [r[8] for r in table[1:]] == ["50.0", "100.0"]
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_count(1)

    # On a small phone: no sideways scroll, the chart fits.
    phone = new_page(browser, watch, SMALL_PHONE, storage=host_storage(auth))
    phone.goto(f"{server.url}/quizzes/{quiz_id}/stats")
    expect(phone.get_by_test_id("quiz-stats-chart").locator("canvas").first).to_be_visible()
    no_horizontal_scroll(phone)
    shot(phone, "quiz-stats-360", full_page=True)
    watch.assert_clean()
