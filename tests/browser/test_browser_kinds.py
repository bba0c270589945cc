"""Every question kind the server supports, with teams, shuffled choices and hidden questions."""

from __future__ import annotations

import re

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

QUIZ = {
    "title": "Mixed Bag",
    "questions": [
        {
            "kind": "type_answer",
            "prompt": "What is the capital of France?",
            "accepted": ["Paris"],
            "typos": 1,
            "time_limit_ms": 60000,
        },
        {
            "kind": "numeric",
            "prompt": "How many legs does a spider have?",
            "correct": 8,
            "min": 0,
            "max": 20,
            "time_limit_ms": 60000,
        },
        {
            "kind": "order",
            "prompt": "Put these cities in order of founding, oldest first.",
            "items": ["Rome", "Paris", "Berlin"],
            "time_limit_ms": 60000,
        },
        {
            "kind": "poll",
            "prompt": "Tea or coffee?",
            "choices": ["Tea", "Coffee", "Neither"],
            "time_limit_ms": 60000,
        },
        {"kind": "word_cloud", "prompt": "One word for today?", "time_limit_ms": 60000},
    ],
}


def advance(host: Page, label: str) -> None:
    button = host.get_by_test_id("primary-action")
    expect(button).to_contain_text(label)
    expect(button).to_be_enabled()
    button.click()


def put_in_order(page: Page, wanted: list[str]) -> None:
    """Move the order items with their arrow buttons until they read `wanted`."""
    for target, item in enumerate(wanted):
        texts = page.locator(".order-text").all_inner_texts()
        for _ in range(texts.index(item) - target):
            page.get_by_role("button", name=f"Move {item} up").click()
    expect(page.locator(".order-text")).to_have_text(wanted)


def test_every_kind_with_teams(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Max Host")
    game = server.create_game(
        auth["token"], QUIZ, {"teams": {"mode": "auto", "count": 2}, "shuffle_choices": True}
    )
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{game['pin']}")
    ana = new_page(browser, watch, PHONE, phone=True)
    join(ana, server, game["pin"], "Ana")
    ben = new_page(browser, watch, SMALL_PHONE, phone=True)
    join(ben, server, game["pin"], "Ben")
    expect(host.get_by_label("Team of Ana")).to_be_visible()
    expect(ana.locator(".team-chip")).to_be_visible()
    shot(host, "host-lobby-teams")

    # type_answer: a typo within the allowance still counts.
    advance(host, "Start game")
    ana.get_by_label("Your answer").fill("Pariss")
    shot(ana, "phone-type-answer")
    ana.get_by_role("button", name="Send").click()
    ben.get_by_label("Your answer").fill("Lyon")
    ben.get_by_role("button", name="Send").click()
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    expect(ben.get_by_test_id("result")).to_contain_text("Correct answer: Paris")
    expect(screen.get_by_test_id("correct-answer")).to_contain_text("Paris")
    expect(screen.locator(".dist-list")).to_contain_text("lyon")
    shot(screen, "screen-reveal-type-answer")
    advance(host, "Show leaderboard")
    expect(screen.locator(".teams .team-row")).to_have_count(2)
    expect(ana.get_by_test_id("standing")).to_contain_text("Team")
    screen.wait_for_timeout(1000)
    shot(screen, "screen-leaderboard-teams")
    shot(ana, "phone-standing-team")
    advance(host, "Next question")

    # numeric: out of range is refused on the phone before it is sent.
    ana.get_by_label("Your number").fill("25")
    ana.get_by_role("button", name="Send").click()
    expect(ana.locator("#answer-error")).to_contain_text("at most 20")
    ana.get_by_label("Your number").fill("8")
    shot(ana, "phone-numeric")
    ana.get_by_role("button", name="Send").click()
    ben.get_by_label("Your number").fill("6")
    ben.get_by_role("button", name="Send").click()
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    expect(screen.get_by_test_id("correct-answer")).to_contain_text("8")
    advance(host, "Show leaderboard")
    advance(host, "Next question")

    # order: Ana puts the items right with the arrow buttons; Ben sends them as shown.
    expect(ana.locator(".order-item")).to_have_count(3)
    put_in_order(ana, ["Rome", "Paris", "Berlin"])
    shot(ana, "phone-order")
    ana.get_by_role("button", name="Lock in this order").click()
    expect(ben.locator(".order-item")).to_have_count(3)
    shown = ben.locator(".order-text").all_inner_texts()
    ben.get_by_role("button", name="Lock in this order").click()
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    expect(ben.get_by_test_id("result")).to_have_attribute(
        "data-correct", "true" if shown == ["Rome", "Paris", "Berlin"] else "false"
    )
    expect(screen.get_by_test_id("correct-answer")).to_contain_text("Rome → Paris → Berlin")
    advance(host, "Show leaderboard")
    advance(host, "Next question")

    # poll (choices shuffled per phone: answers still name the original choice).
    ana.get_by_role("button", name="Coffee (answer B, blue diamond)").click()
    ben.get_by_role("button", name="Coffee (answer B, blue diamond)").click()
    expect(screen.locator(".dist-col[data-option='1'] .dist-num")).to_have_text("2")
    expect(ana.get_by_test_id("result")).to_contain_text("Thanks")
    screen.wait_for_timeout(800)
    shot(screen, "screen-reveal-poll")
    advance(host, "Show leaderboard")
    advance(host, "Next question")

    # word cloud
    ana.get_by_label("Your word or short phrase").fill("Sunny day")
    ana.get_by_role("button", name="Send").click()
    ben.get_by_label("Your word or short phrase").fill("sunny!")
    ben.get_by_role("button", name="Send").click()
    expect(screen.locator(".cloud")).to_contain_text("sunny")
    expect(screen.locator(".cloud")).to_contain_text("day")
    shot(screen, "screen-word-cloud")
    advance(host, "Show leaderboard")
    advance(host, "Finish game")
    expect(screen.get_by_test_id("winner")).to_contain_text("Ana")
    expect(ana.get_by_test_id("final")).to_contain_text("Team")
    expect(screen.locator(".teams .team-row")).to_have_count(2)
    no_horizontal_scroll(ben)
    screen.wait_for_timeout(2000)
    shot(screen, "screen-podium-teams")
    shot(ben, "phone-final-team")
    watch.assert_clean()


def test_question_only_on_the_big_screen(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Ivy Host")
    quiz = {
        "title": "Eyes Up",
        "questions": [
            {
                "kind": "choice",
                "prompt": "Which ocean is the largest?",
                "choices": ["Atlantic", "Pacific", "Indian", "Arctic"],
                "correct": [1],
            }
        ],
    }
    game = server.create_game(auth["token"], quiz, {"show_question_on_device": False})
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    # The console's big-screen link carries the screen key: that screen shows the question.
    big_screen = host.get_by_role("link", name="Open big screen")
    expect(big_screen).to_have_attribute("href", re.compile(r"\?key="))
    link = big_screen.get_attribute("href") or ""
    assert link.startswith(f"/screen/{game['pin']}?key="), link
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}{link}")
    # A screen opened with the PIN alone (as any player could) shows what phones show.
    pin_only = new_page(browser, watch, PROJECTOR)
    pin_only.goto(f"{server.url}/screen/{game['pin']}")
    phone = new_page(browser, watch, PHONE, phone=True)
    join(phone, server, game["pin"], "Lia")
    advance(host, "Start game")
    expect(screen.get_by_test_id("prompt")).to_have_text("Which ocean is the largest?")
    expect(phone.get_by_text("Look at the big screen")).to_be_visible()
    expect(pin_only.locator("button.tile, .tile").first).to_be_visible()
    expect(pin_only.get_by_text("Which ocean is the largest?")).to_have_count(0)
    expect(pin_only.get_by_text("Pacific")).to_have_count(0)
    expect(phone.locator("button.tile")).to_have_count(4)
    expect(phone.get_by_text("Pacific")).to_have_count(0)
    shot(phone, "phone-question-shapes-only")
    tap(phone, "B")
    expect(phone.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    watch.assert_clean()
