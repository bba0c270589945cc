""" "Read the question first" in real browsers: chosen on the start form, the big screen and the
phone show the question alone, then the answers when the server opens them."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    Server,
    Watch,
    host_storage,
    join,
    new_page,
    tap,
)


def join_late(page: Page, server: Server, pin: str, nickname: str) -> None:
    """A phone joins a game under way: it lands on the current question, not the lobby."""
    page.goto(f"{server.url}/join/{pin}")
    page.get_by_label("Your nickname").fill(nickname)
    page.get_by_role("button", name="Join the game").click()
    expect(page.locator("#q-title")).to_be_visible()


QUIZ = {
    "title": "Slow Readers",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which of these is a prime number?",
            "choices": ["4", "6", "7", "9"],
            "correct": [2],
            "time_limit_ms": 20000,
        }
    ],
}


def test_the_question_alone_then_the_answers(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Rea Host")
    quiz = server.api("POST", "/quizzes", auth["token"], QUIZ)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    host.goto(f"{server.url}/quizzes/{quiz['id']}/start")
    expect(host.get_by_role("heading", name="Start a game")).to_be_visible()
    # Every choice reads whole in the closed select on a laptop (not "…alone for 3 se").
    cut = host.locator("#read-first").evaluate(
        """(select) => {
          const style = getComputedStyle(select);
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room = select.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight) - 20;  // the arrow
          return [...select.options].map((o) => o.text)
            .filter((text) => ctx.measureText(text).width > room);
        }"""
    )
    assert cut == [], cut
    # The longest reading time, so that a busy machine still sees the reading phase.
    host.get_by_label("Read the question first").select_option("10")
    host.get_by_role("button", name="Open the lobby").click()
    expect(host.get_by_test_id("pin")).to_be_visible()
    pin = host.get_by_test_id("pin").inner_text().replace(" ", "")

    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{pin}")
    expect(screen.get_by_test_id("pin")).to_be_visible()
    phone = new_page(browser, watch, PHONE, phone=True)
    join(phone, server, pin, "Ida")
    expect(host.locator(".roster-row")).to_have_count(1)
    host.get_by_test_id("primary-action").click()  # start

    # Reading: the prompt alone on the big screen, no tiles, no timer; the phone likewise.
    reading = screen.get_by_test_id("reading")
    expect(reading).to_be_visible()
    expect(reading.get_by_test_id("prompt")).to_have_text(QUIZ["questions"][0]["prompt"])
    expect(reading).to_contain_text("Read the question…")
    expect(screen.locator(".tile")).to_have_count(0)
    expect(screen.get_by_role("timer")).to_have_count(0)
    expect(phone.get_by_test_id("reading")).to_have_text("Read the question…")
    expect(phone.locator("#q-title")).to_have_text(QUIZ["questions"][0]["prompt"])
    expect(phone.locator("button.tile")).to_have_count(0)
    # A late joiner is counted on the big screen at once (the State was rendered with one).
    expect(screen.get_by_test_id("screen-players")).to_have_text("1 player")
    late = new_page(browser, watch, PHONE, phone=True)
    join_late(late, server, pin, "Lev")
    expect(screen.get_by_test_id("screen-players")).to_have_text("2 players")

    # When the server opens the answers (10 s later), the tiles appear on both.
    expect(screen.locator(".tile")).to_have_count(4, timeout=20_000)
    expect(screen.get_by_test_id("reading")).to_have_count(0)
    expect(phone.locator("button.tile")).to_have_count(4, timeout=20_000)
    expect(phone.get_by_test_id("reading")).to_have_count(0)
    tap(phone, "C")
    expect(late.locator("button.tile")).to_have_count(4)
    tap(late, "A")  # everyone answered: the reveal comes at once
    result = phone.get_by_test_id("result")
    expect(result).to_have_attribute("data-correct", "true")
    # Closed because everyone answered, with most of the time left: not "Time's up."
    expect(phone.get_by_test_id("announce-assertive")).to_have_text("The question is closed.")
    expect(screen.get_by_test_id("announce-assertive")).to_have_text("The question is closed.")
    # Answered at once after the opening: close to full speed points (the reading time of
    # 10 s would have cost a quarter of them had it counted).
    points = int(re.sub(r"\D", "", phone.get_by_test_id("score").inner_text()) or 0)
    assert points > 750, points
    watch.assert_clean()
