"""Keyboard operation, and hostile nicknames rendered as text everywhere."""

from __future__ import annotations

import re
from typing import Any, cast

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    QUIZ,
    Server,
    Watch,
    host_storage,
    join,
    new_page,
    shot,
    tap,
)

HOSTILE = "<img src=x onerror=alert(1)>"
# Nicknames are at most 24 characters: the input keeps the first 24 of what is typed.
HOSTILE_SHOWN = HOSTILE[:24]
SVG = "<svg onload=alert(1)>"


def shortcut(host: Page, key: str, label: str) -> None:
    """Press a host shortcut once the console is ready for the step named `label`."""
    button = host.get_by_test_id("primary-action")
    expect(button).to_contain_text(label)
    expect(button).to_be_enabled()
    host.keyboard.press(key)


def focused_class(page: Page) -> str:
    return str(page.evaluate("document.activeElement?.className ?? ''"))


def test_keyboard_only(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Kim Host")
    game = server.create_game(auth["token"], QUIZ)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    expect(host.get_by_test_id("pin")).to_be_visible()

    # Join with the keyboard alone: type, Enter, type, Enter.
    phone = new_page(browser, watch, PHONE, phone=False)
    phone.goto(server.url)
    expect(phone.get_by_label("Game PIN")).to_be_focused()
    phone.keyboard.type(game["pin"])
    phone.keyboard.press("Enter")
    expect(phone.get_by_label("Your nickname")).to_be_focused()
    phone.keyboard.type("Keys")
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("lobby")).to_be_visible()

    # The host starts with the N shortcut; the help lists the shortcuts.
    host.keyboard.press("?")
    expect(host.get_by_role("region", name="Keyboard shortcuts")).to_be_visible()
    shortcut(host, "n", "Start game")
    expect(phone.locator("button.tile")).to_have_count(4)

    # Tab reaches the answer tiles, which have names; Enter answers.
    tiles = phone.get_by_role("button", name=re.compile(r"\(answer [A-D], "))
    expect(tiles).to_have_count(4)
    expect(phone.get_by_role("button", name="Mercury (answer B, blue diamond)")).to_be_visible()
    for _ in range(10):
        phone.keyboard.press("Tab")
        if "tile" in focused_class(phone):
            break
    assert "tile" in focused_class(phone), "Tab never reached an answer tile"
    phone.keyboard.press("Tab")  # second tile: B · Mercury
    focused = phone.evaluate("document.activeElement.dataset.answer")
    assert focused == "1"
    shot(phone, "phone-keyboard-focus")
    phone.keyboard.press("Enter")  # B · Mercury, the right answer (the only player: it closes)
    expect(phone.get_by_test_id("result")).to_have_attribute("data-correct", "true")

    shortcut(host, "ArrowRight", "Show leaderboard")
    expect(host.locator(".board-row")).to_have_count(1)
    shortcut(host, "n", "Next question")  # question 2: true/false
    expect(phone.locator("button.tile")).to_have_count(2)
    phone.keyboard.press("f")  # the letter on the False tile: the right answer
    expect(phone.get_by_test_id("result")).to_have_attribute("data-correct", "true")

    # E asks before ending; Escape keeps playing; the dialog's button ends it.
    shortcut(host, "n", "Show leaderboard")
    expect(host.locator(".board-row")).to_have_count(1)
    host.keyboard.press("e")
    dialog = host.get_by_role("dialog", name="End the game now?")
    expect(dialog).to_be_visible()
    expect(host.get_by_role("button", name="Keep playing")).to_be_focused()
    host.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    host.keyboard.press("e")
    host.get_by_role("dialog").get_by_role("button", name="End game").click()
    expect(host.get_by_test_id("winner")).to_contain_text("Keys")
    expect(phone.get_by_test_id("final-rank")).to_have_text("1st place")
    watch.assert_clean()


def test_hostile_nickname_is_text(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Sam Host")
    quiz = {
        **QUIZ,
        "title": HOSTILE,
        "questions": [
            {**QUIZ["questions"][0], "choices": ["<b>Venus</b>", "Mercury", "Mars", "Earth"]}
        ],
    }
    game = server.create_game(auth["token"], quiz)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{game['pin']}")
    phone = new_page(browser, watch, PHONE, phone=True)
    phone.goto(f"{server.url}/join/{game['pin']}")
    phone.get_by_label("Your nickname").type(HOSTILE)  # typed key by key, as a person would
    expect(phone.get_by_label("Your nickname")).to_have_value(HOSTILE_SHOWN)
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_test_id("lobby")).to_be_visible()
    other = new_page(browser, watch, PHONE, phone=True)
    join(other, server, game["pin"], SVG)

    def check(pages: list[Page], *texts: str) -> None:
        for page in pages:
            for text in texts:
                expect(page.get_by_text(text, exact=True).first).to_be_visible()
            for selector in ("img[src='x']", "svg[onload]", "b"):
                assert page.locator(selector).count() == 0, f"{selector} in {page.url}"

    expect(host.locator(".roster-row")).to_have_count(2)
    expect(screen.get_by_test_id("player-count")).to_have_text("2")
    check([host, screen], HOSTILE_SHOWN, SVG, HOSTILE)
    check([phone], HOSTILE_SHOWN)
    check([other], SVG)
    host.get_by_test_id("primary-action").click()
    expect(phone.locator("button.tile").first).to_contain_text("<b>Venus</b>")
    check([host, screen, phone], "<b>Venus</b>")
    tap(phone, "B")
    tap(other, "A")
    expect(phone.get_by_test_id("result")).to_be_visible()
    host.get_by_test_id("primary-action").click()  # leaderboard
    expect(screen.locator(".board-row")).to_have_count(2)
    check([host, screen], HOSTILE_SHOWN, SVG)
    expect(phone.get_by_test_id("standing")).to_contain_text("1st")
    check([phone], HOSTILE_SHOWN)
    screen.wait_for_timeout(1000)
    shot(screen, "screen-hostile-nicknames")
    assert not watch.dialogs
    watch.assert_clean()


# Records what a screen reader would hear: every change of a live region's text (a region put on
# the page with its text already in is not read out, and is not recorded), and every change of a
# timer's accessible label.
HEARD_SCRIPT = """
(() => {
  window.__heard = [];
  window.__timerLabels = [];
  const regionOf = (node) => {
    for (let el = node.nodeType === 1 ? node : node.parentElement; el; el = el.parentElement) {
      const live = el.getAttribute("aria-live");
      const role = el.getAttribute("role");
      if (live === "polite" || live === "assertive") return [el, live];
      if (role === "status" || role === "log") return [el, "polite"];
      if (role === "alert") return [el, "assertive"];
    }
    return null;
  };
  const last = new WeakMap();
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") {
        if (r.target.getAttribute("role") === "timer")
          window.__timerLabels.push(r.target.getAttribute("aria-label"));
        continue;
      }
      const found = regionOf(r.target);
      if (!found) continue;
      const [region, live] = found;
      const text = (region.textContent || "").trim();
      if (text && last.get(region) !== text) window.__heard.push({ live, text });
      last.set(region, text);
    }
  }).observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["aria-label"],
  });
})();
"""


def heard(page: Page) -> list[tuple[str, str]]:
    return [(h["live"], h["text"]) for h in page.evaluate("window.__heard")]


def test_screen_reader_hears_the_game(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Rae Host")
    first = {**cast("list[dict[str, Any]]", QUIZ["questions"])[0], "time_limit_ms": 15000}
    game = server.create_game(auth["token"], {"title": "Ears", "questions": [first]})
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    screen = new_page(browser, watch, PROJECTOR)
    screen.add_init_script(HEARD_SCRIPT)
    screen.goto(f"{server.url}/screen/{game['pin']}")
    ana = new_page(browser, watch, PHONE, phone=True)
    ana.add_init_script(HEARD_SCRIPT)
    join(ana, server, game["pin"], "Ana")
    ben = new_page(browser, watch, PHONE, phone=True)
    join(ben, server, game["pin"], "Ben")  # Ben never answers: the clock closes the question
    expect(host.get_by_test_id("player-count")).to_have_text("2")

    host.get_by_test_id("primary-action").click()
    intro = "Question 1 of 1: Which planet is closest to the Sun?"
    polite = ana.get_by_test_id("announce-polite")
    assertive = ana.get_by_test_id("announce-assertive")
    expect(polite).to_have_text(intro)
    expect(ana.locator("#q-title")).to_be_focused()
    timer = ana.locator("[role=timer]")
    expect(timer).to_have_attribute("aria-label", "Under 20 seconds left")
    assert timer.get_attribute("aria-live") in (None, "off")

    expect(assertive).to_have_text("10 seconds left", timeout=20_000)
    tap(ana, "B")  # Mercury, right
    expect(ana.get_by_test_id("locked")).to_be_visible()
    expect(polite).to_have_text("Answer locked in.")
    expect(ana.get_by_test_id("result")).to_have_attribute("data-correct", "true", timeout=20_000)
    points = ana.get_by_test_id("points").inner_text().removeprefix("+").split()[0]
    outcome = f"Correct! Plus {points} points. You're in 1st place with {points} points."
    expect(polite).to_have_text(outcome)
    expect(assertive).to_have_text("Time's up.")

    # Later states (the leaderboard, a reconnect's resume) say none of it again.
    host.get_by_test_id("primary-action").click()
    expect(ana.get_by_test_id("standing")).to_be_visible()
    ana.context.set_offline(True)
    expect(ana.locator(".conn-banner")).to_be_visible()
    ana.context.set_offline(False)
    expect(ana.locator(".conn-banner")).to_have_count(0, timeout=30_000)
    watch.allow("net::ERR_")
    watch.allow("WebSocket connection")

    said = heard(ana)
    mine = [
        ("polite", intro),
        ("assertive", "10 seconds left"),
        ("polite", "Answer locked in."),
        ("assertive", "Time's up."),
        ("polite", outcome),
    ]
    for item in mine:
        assert said.count(item) == 1, (item, said)
    assert [s for s in said if s in mine] == mine, said  # in the game's order
    # The ticking timer was relabelled at its few moments only, never with its digits.
    labels = ana.evaluate("window.__timerLabels")
    assert labels and len(labels) <= 2, labels
    assert set(labels) <= {"Under 10 seconds left", "Time is up"}, labels

    # The big screen says the question, time's up and the answer, and not its answer count.
    expect(screen.get_by_test_id("announce-polite")).to_have_text("Correct answer: B · Mercury")
    said = heard(screen)
    for item in [
        ("polite", intro),
        ("assertive", "Time's up."),
        ("polite", "Correct answer: B · Mercury"),
    ]:
        assert said.count(item) == 1, (item, said)
    assert not [t for _, t in said if re.search(r"\d\s*answers?\s*of", t)], said
    assert set(screen.evaluate("window.__timerLabels")) <= {"Under 10 seconds left", "Time is up"}
    watch.assert_clean()
