"""A member's approved question in a game: the big screen (1080p) and a small phone (360x640)
show its byline, "by <author>", under the prompt, read as "Question written by …" by a screen
reader, without scrolling sideways."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PROJECTOR,
    SMALL_PHONE,
    Server,
    Watch,
    big_screen_link,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    shot,
)


def test_the_byline_on_the_big_screen_and_the_phone(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Ada Writer")
    token = auth["token"]
    doc = {"kind": "choice", "prompt": "Which owl is white?", "choices": ["Barn", "Snowy"],
           "correct": [1], "time_limit_ms": 60000}  # fmt: skip
    sent = server.api("POST", "/contributions", token, {"kind": "question", "document": doc})
    server.api("POST", f"/contributions/{sent['id']}/review", token,
               {"action": "approve", "version": sent["version"]})  # fmt: skip
    credited = {**doc, "credit": {"contribution_id": sent["id"], "name": "Ada Writer"}}
    game = server.create_game(token, {"title": "Owls", "questions": [credited]},
                              {"show_question_on_device": True})  # fmt: skip
    phone = new_page(browser, watch, SMALL_PHONE, phone=True)
    join(phone, server, game["pin"], "Lia")
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}{big_screen_link(host)}")
    expect(screen.get_by_test_id("player-count")).to_have_text("1")
    start = host.get_by_test_id("primary-action")
    expect(start).to_contain_text("Start game")
    start.click()

    expect(screen.get_by_test_id("prompt")).to_have_text("Which owl is white?")
    byline = screen.get_by_test_id("credit")
    expect(byline).to_be_visible()
    expect(byline).to_have_text("Question written by Ada Writer")
    on_phone = phone.get_by_test_id("credit")
    expect(on_phone).to_be_visible()
    expect(on_phone).to_have_text("Question written by Ada Writer")
    expect(phone.locator("button.tile")).to_have_count(2)
    no_horizontal_scroll(phone)
    shot(screen, "screen-credit")
    shot(phone, "phone-credit")
    watch.assert_clean()
