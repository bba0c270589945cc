"""A phone that loses its connection: a tap is "Sending…" until the server acknowledges it.

A phone goes offline with Playwright's ``context.set_offline``: Debian's Chromium closes the
page's open websocket too (each test checks that the page saw it drop) and fails its attempts to
reconnect until it is back online. The host's console is the server's word on what was counted.
"""

from __future__ import annotations

import re
import time
from typing import Any, cast

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    QUIZ,
    Server,
    Watch,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)

FIRST = cast("list[dict[str, Any]]", QUIZ["questions"])[0]

# Reconnecting waits up to 4 s between attempts (web/src/live.ts), more on a busy machine.
BACK_S = 30_000


def go_offline(page: Page) -> None:
    """Take the phone offline, and wait until its page knows (its websocket closed)."""
    page.context.set_offline(True)
    expect(page.locator(".conn-banner")).to_be_visible(timeout=BACK_S)


def offline_phone(
    browser: Browser, watch: Watch, server: Server, pin: str, viewport: dict[str, int] = PHONE
) -> Page:
    page = new_page(browser, watch, viewport, phone=True)
    # Reconnection attempts fail while offline: Chromium logs each as a console error.
    watch.allow("net::ERR_")
    watch.allow("WebSocket connection")
    join(page, server, pin, "Ana")
    return page


def answered(host: Page, text: str | re.Pattern[str]) -> None:
    expect(host.get_by_test_id("host-answered")).to_contain_text(text, timeout=BACK_S)


def test_offline_tap_is_sent_when_back(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Olga Host")
    game = server.create_game(auth["token"], QUIZ)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    ana = offline_phone(browser, watch, server, game["pin"])
    ben = new_page(browser, watch, PHONE, phone=True)
    join(ben, server, game["pin"], "Ben")
    expect(host.get_by_test_id("player-count")).to_have_text("2")

    host.get_by_test_id("primary-action").click()
    expect(ana.locator(".player-prompt")).to_have_text(FIRST["prompt"])
    go_offline(ana)
    tap(ana, "B")  # Mercury, the right answer
    sending = ana.get_by_test_id("sending")
    expect(sending).to_be_visible()
    expect(sending).to_contain_text("You are offline")
    expect(sending).to_contain_text("Mercury")
    expect(ana.get_by_test_id("locked")).to_have_count(0)
    expect(ana.get_by_test_id("announce-polite")).not_to_contain_text("locked in")
    shot(ana, "phone-sending-offline")
    answered(host, re.compile(r"^0 of \d answered"))  # the server has no answer

    ana.context.set_offline(False)
    expect(ana.get_by_test_id("locked")).to_be_visible(timeout=BACK_S)
    expect(ana.locator(".locked-answer")).to_contain_text("Mercury")
    expect(ana.get_by_test_id("announce-polite")).to_have_text("Answer locked in.")
    answered(host, "1 of 2 answered")
    # Nothing stale is left once the phone is back: no banner, no error.
    expect(ana.locator(".conn-banner")).to_have_count(0)
    expect(ana.get_by_role("alert")).to_have_count(0)

    tap(ben, "A")
    result = ana.get_by_test_id("result")
    expect(result).to_have_attribute("data-correct", "true")
    points = ana.get_by_test_id("points").inner_text()
    assert points.startswith("+") and int(points[1:].split()[0].replace(",", "")) > 0, points
    expect(ana.get_by_test_id("late")).to_have_count(0)
    watch.assert_clean()


def finished_results(server: Server, token: str, game_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        resp = httpx.get(
            f"{server.url}/api/games/{game_id}/results",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10.0,
        )
        if resp.status_code == 200:
            results: dict[str, Any] = resp.json()
            return results
        assert resp.status_code == 409 and time.monotonic() < deadline, resp.text
        time.sleep(0.1)


def test_offline_tap_past_the_deadline(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Paz Host")
    # Long enough to go offline and tap on a busy machine, short enough to wait out.
    quiz = {**QUIZ, "questions": [{**FIRST, "time_limit_ms": 10000}]}
    game = server.create_game(auth["token"], quiz)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    ana = offline_phone(browser, watch, server, game["pin"], {"width": 360, "height": 640})
    ben = new_page(browser, watch, PHONE, phone=True)
    join(ben, server, game["pin"], "Ben")
    expect(host.get_by_test_id("player-count")).to_have_text("2")

    host.get_by_test_id("primary-action").click()
    expect(ana.locator(".player-prompt")).to_have_text(FIRST["prompt"])
    go_offline(ana)
    tap(ana, "B")
    expect(ana.get_by_test_id("sending")).to_be_visible()
    no_horizontal_scroll(ana)
    # The server's clock closes the question; Ben (connected, silent) sees the reveal.
    expect(ben.get_by_test_id("result")).to_be_visible(timeout=BACK_S)
    expect(host.get_by_test_id("primary-action")).to_contain_text("Show leaderboard")
    expect(ana.get_by_test_id("sending")).to_be_visible()  # still not claimed

    ana.context.set_offline(False)
    late = ana.get_by_test_id("late")
    expect(late).to_be_visible(timeout=BACK_S)
    expect(late).to_contain_text("did not arrive in time")
    result = ana.get_by_test_id("result")
    expect(result).to_have_attribute("data-correct", "false")
    expect(result).to_contain_text("Correct answer: B · Mercury")
    expect(ana.get_by_test_id("points")).to_have_text("No points this time")
    expect(ana.get_by_test_id("rank")).to_contain_text("place")
    # Screen readers hear it once, with the result (the notice itself is not a live region).
    expect(ana.get_by_test_id("announce-polite")).to_have_text(
        re.compile(r"^Your answer did not arrive in time\. No points this time\. You're in ")
    )
    expect(ana.get_by_role("alert")).to_have_count(0)
    expect(ana.locator(".conn-banner")).to_have_count(0)
    no_horizontal_scroll(ana)
    shot(ana, "phone-late-answer-360")

    # The server never counted it.
    host.get_by_test_id("primary-action").click()
    expect(host.get_by_test_id("primary-action")).to_contain_text("Finish")
    host.get_by_test_id("primary-action").click()
    results = finished_results(server, auth["token"], game["id"])
    rows = {p["nickname"]: p for p in results["players"]}
    assert rows["Ana"]["answered"] == 0 and rows["Ana"]["score"] == 0, rows
    watch.assert_clean()
