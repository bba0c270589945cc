"""A whole game in real browsers: a host console, a big screen and three phones."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    QUIZ,
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


def score_of(page: Page) -> int:
    return int(re.sub(r"\D", "", page.get_by_test_id("score").inner_text()) or 0)


def next_step(host: Page, label: str) -> None:
    button = host.get_by_test_id("primary-action")
    expect(button).to_contain_text(label)
    button.click()


def test_whole_game(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Hana Host")
    game = server.create_game(auth["token"], QUIZ)
    pin = game["pin"]

    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    expect(host.get_by_test_id("pin")).to_have_text(f"{pin[:3]} {pin[3:]}")

    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{pin}")
    expect(screen.get_by_test_id("pin")).to_be_visible()
    expect(screen.get_by_text("Waiting for players to join")).to_be_visible()

    ana = new_page(browser, watch, PHONE, phone=True)
    ana.goto(f"{server.url}/join/{pin}")
    expect(ana.get_by_label("Your nickname")).to_be_focused()
    shot(ana, "phone-join-nickname")
    join(ana, server, pin, "Ana")
    shot(ana, "phone-lobby")
    ben = new_page(browser, watch, PHONE, phone=True)
    join(ben, server, pin, "Ben")
    cleo = new_page(browser, watch, SMALL_PHONE, phone=True)
    join(cleo, server, pin, "Cleo")
    no_horizontal_scroll(cleo)

    for page in (screen, host):
        expect(page.get_by_test_id("player-count")).to_have_text("3")
        for name in ("Ana", "Ben", "Cleo"):
            expect(page.locator(".chips").get_by_text(name)).to_be_visible()
    expect(host.locator(".roster-row")).to_have_count(3)
    shot(screen, "screen-lobby")
    shot(host, "host-lobby")

    # Question 1 (choice): Ana then Ben answer right, Cleo wrong.
    next_step(host, "Start game")
    for page in (ana, ben, cleo):
        expect(page.locator(".player-prompt")).to_have_text("Which planet is closest to the Sun?")
    expect(screen.get_by_test_id("prompt")).to_have_text("Which planet is closest to the Sun?")
    expect(screen.locator(".countdown-ring")).to_be_visible()
    shot(ana, "phone-question")
    shot(cleo, "phone-question-360")
    no_horizontal_scroll(cleo)
    tap(ana, "B")
    expect(ana.get_by_test_id("locked")).to_be_visible()
    expect(ana.locator(".locked-answer")).to_contain_text("Mercury")
    shot(ana, "phone-locked")
    expect(screen.get_by_test_id("answered")).to_have_text("1")
    expect(host.get_by_test_id("host-answered")).to_contain_text("1 of 3 answered")
    shot(screen, "screen-question")
    shot(host, "host-question")
    tap(ben, "B")
    tap(cleo, "A")

    # Everyone answered: the server closes the question and the reveal shows everywhere.
    expect(screen.locator(".dist-col[data-option='1'] .dist-num")).to_have_text("2")
    expect(screen.locator(".dist-col[data-option='0'] .dist-num")).to_have_text("1")
    expect(screen.get_by_test_id("correct-answer")).to_contain_text("Mercury")
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    expect(ana.get_by_test_id("result")).to_contain_text("Correct!")
    expect(cleo.get_by_test_id("result")).to_have_attribute("data-correct", "false")
    expect(cleo.get_by_test_id("result")).to_contain_text("Correct answer: B · Mercury")
    no_horizontal_scroll(cleo)
    screen.wait_for_timeout(800)  # the bars grow
    shot(screen, "screen-reveal")
    shot(host, "host-reveal")
    shot(ana, "phone-result-correct")
    shot(cleo, "phone-result-wrong")
    ana_score = score_of(ana)
    ben_score = score_of(ben)
    assert ana_score > ben_score > 0
    assert score_of(cleo) == 0

    next_step(host, "Show leaderboard")
    board = screen.locator(".board-row")
    expect(board).to_have_count(3)
    expect(board.first).to_contain_text("Ana")
    expect(ana.get_by_test_id("standing")).to_contain_text("1st")
    screen.wait_for_timeout(1200)  # let the rows settle for the picture
    shot(screen, "screen-leaderboard")
    shot(ben, "phone-standing")

    # Question 2 (true/false): Ben's phone reloads first and carries on with its score.
    next_step(host, "Next question")
    expect(ben.locator(".player-prompt")).to_have_text("The Moon is bigger than Mars.")
    ben.reload()
    expect(ben.locator(".player-prompt")).to_have_text("The Moon is bigger than Mars.")
    expect(ben.get_by_test_id("nickname")).to_have_text("Ben")
    expect(ben.get_by_test_id("score")).to_have_text(re.compile(rf"^{ben_score:,}\b"))
    expect(host.get_by_test_id("host-answered")).to_contain_text("0 of 3 answered")
    tap(ana, "F")
    tap(ben, "F")
    tap(cleo, "T")
    expect(screen.locator(".dist-col[data-option='false'] .dist-num")).to_have_text("2")
    expect(ben.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    assert score_of(ben) > ben_score
    next_step(host, "Show leaderboard")
    expect(screen.locator(".board-row").first).to_contain_text("Ana")

    # Question 3 (multi-select): Ana picks both right answers, Ben one, Cleo a wrong one.
    next_step(host, "Next question")
    expect(ana.locator(".player-prompt")).to_have_text("Which of these are gas giants?")
    tap(ana, "A")
    tap(ana, "C")
    expect(ana.locator("button.tile[aria-pressed='true']")).to_have_count(2)
    shot(ana, "phone-multi-select")
    ana.get_by_role("button", name="Submit 2 answers").click()
    tap(ben, "A")
    ben.get_by_role("button", name="Submit 1 answer").click()
    tap(cleo, "B")
    cleo.get_by_role("button", name="Submit 1 answer").click()
    expect(screen.get_by_test_id("correct-answer")).to_contain_text("Jupiter")
    expect(screen.get_by_text("Jupiter and Saturn are mostly hydrogen")).to_be_visible()
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    expect(ben.get_by_test_id("result")).to_have_attribute("data-correct", "false")
    screen.wait_for_timeout(800)
    shot(screen, "screen-reveal-multi")
    next_step(host, "Show leaderboard")
    next_step(host, "Finish game")

    # The podium: Ana wins everywhere.
    expect(screen.get_by_test_id("winner")).to_contain_text("Ana wins!")
    expect(screen.locator("[data-place='first'] .podium-name")).to_have_text("Ana")
    expect(screen.locator("[data-place='second'] .podium-name")).to_have_text("Ben")
    expect(host.get_by_test_id("winner")).to_contain_text("Ana")
    expect(ana.get_by_test_id("final-rank")).to_have_text("1st place")
    expect(ben.get_by_test_id("final-rank")).to_have_text("2nd place")
    expect(cleo.get_by_test_id("final-rank")).to_have_text("3rd place")
    # A guest is asked to sign in to add a question for next time (`/contribute?after=<game>`).
    next_time = cleo.get_by_test_id("next-time")
    expect(next_time).to_have_text("Sign in to add a question")
    expect(next_time).to_have_attribute(
        "href", re.compile(r"^/login\?next=%2Fcontribute%3Fafter%3D")
    )
    no_horizontal_scroll(cleo)
    screen.wait_for_timeout(2000)  # the podium rises
    shot(screen, "screen-podium")
    shot(host, "host-finished")
    shot(ana, "phone-final-winner")
    shot(cleo, "phone-final-360")

    # A reload after the end shows the final result again.
    cleo.reload()
    expect(cleo.get_by_test_id("final-rank")).to_have_text("3rd place")
    watch.assert_clean()
