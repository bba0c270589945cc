"""The big screen's sound (Web Audio cues, a remembered mute control) and its lobby arrivals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    AUTOPLAY_ARGS,
    LAPTOP,
    PHONE,
    PROJECTOR,
    Server,
    Watch,
    chromium,
    host_storage,
    join,
    new_page,
)

QUIZ = {
    "title": "Loud",
    "questions": [
        # Short: "time running out" (5 s left) comes soon, then the deadline closes it.
        {"kind": "true_false", "prompt": "Short one", "correct": True, "time_limit_ms": 7000},
        {"kind": "true_false", "prompt": "Long one", "correct": True, "time_limit_ms": 120_000},
    ],
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium with the autoplay policy of a desktop browser stated, not left to its defaults:
    no sound before the page gets a click or a key press."""
    with chromium(AUTOPLAY_ARGS) as b:
        yield b


def sound_log(page: Page) -> dict[str, Any]:
    log: dict[str, Any] = page.evaluate("({ ...window.huddleSound })")
    return log


def wait_log(page: Page, condition: str) -> None:
    """Waits until `condition` (JavaScript over `s`, the sound log) holds."""
    page.wait_for_function(f"() => {{ const s = window.huddleSound; return {condition}; }}")


def next_step(host: Page, label: str) -> None:
    button = host.get_by_test_id("primary-action")
    expect(button).to_contain_text(label)
    button.click()


def test_cues_at_each_phase_and_mute(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Sonia Sound")
    game = server.create_game(auth["token"], QUIZ)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{game['pin']}")
    toggle = screen.get_by_test_id("sound-toggle")

    # The browser blocks autoplay until someone interacts: the screen starts silent and says so.
    expect(toggle).to_have_text("Sound: click to start")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert sound_log(screen)["notes"] == 0

    # By keyboard: the first key press starts the sound, and the lobby music plays.
    toggle.focus()
    screen.keyboard.press("Enter")
    expect(toggle).to_have_text("Sound on")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    wait_log(screen, "s.musicOn && s.played.includes('music') && s.notes > 0")

    phone = new_page(browser, watch, PHONE, phone=True)
    join(phone, server, game["pin"], "Ana")

    # The question's cue, the music stops, and "time running out" at 5 seconds left.
    next_step(host, "Start game")
    wait_log(screen, "s.played.includes('question') && !s.musicOn")
    wait_log(screen, "s.played.indexOf('hurry') > s.played.indexOf('question')")

    # Muted (by keyboard again): the reveal is silenced, no note starts, the choice is kept.
    toggle.focus()
    screen.keyboard.press("Space")
    expect(toggle).to_have_text("Sound off")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    notes = sound_log(screen)["notes"]
    expect(screen.get_by_test_id("correct-answer")).to_be_visible()  # the deadline passed
    wait_log(screen, "s.silenced.includes('reveal')")
    log = sound_log(screen)
    assert "reveal" not in log["played"]
    assert log["notes"] == notes
    assert screen.evaluate("localStorage.getItem('huddle.sound')") == "false"

    # A reload remembers the choice, even after an interaction.
    screen.reload()
    expect(toggle).to_have_text("Sound off")
    screen.locator(".stage").click()
    expect(toggle).to_have_text("Sound off")
    next_step(host, "Show leaderboard")
    next_step(host, "Next question")
    wait_log(screen, "s.silenced.includes('question')")
    assert sound_log(screen)["notes"] == 0

    # Sound back on: the podium's fanfare plays.
    toggle.click()
    expect(toggle).to_have_text("Sound on")
    next_step(host, "Close question")
    wait_log(screen, "s.played.includes('reveal')")
    next_step(host, "Show leaderboard")
    next_step(host, "Finish game")
    wait_log(screen, "s.played.includes('podium')")
    watch.assert_clean()


def watch_arrivals(page: Page) -> None:
    """Records, as each chip is added, the running animations of every chip (a busy machine
    may take longer than the animation to answer a later question)."""
    page.evaluate(
        """() => {
          window.arrivals = [];
          const names = (c) => c.getAnimations()
            .filter((a) => a.playState === 'running').map((a) => a.animationName || '');
          new MutationObserver(() => {
            window.arrivals.push([...document.querySelectorAll('.chip')].map(names));
          }).observe(document.body, { childList: true, subtree: true });
        }"""
    )


def arrivals(page: Page) -> list[list[list[str]]]:
    """What `watch_arrivals` saw: per DOM change, each chip's running animations."""
    seen: list[list[list[str]]] = page.evaluate("() => window.arrivals")
    return seen


def test_lobby_animates_arriving_names(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Arri Val")
    game = server.create_game(auth["token"], QUIZ)
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{game['pin']}")
    first = new_page(browser, watch, PHONE, phone=True)
    join(first, server, game["pin"], "Ana")
    expect(screen.locator(".chip")).to_have_count(1)
    # The first name's entrance ends; the next arrival animates, and only it.
    screen.wait_for_function(
        "() => document.querySelector('.chip').getAnimations()"
        ".every((a) => a.playState === 'finished')"
    )
    watch_arrivals(screen)
    second = new_page(browser, watch, PHONE, phone=True)
    join(second, server, game["pin"], "Ben")
    expect(screen.locator(".chip")).to_have_count(2)
    seen = [chips for chips in arrivals(screen) if len(chips) == 2]
    assert seen, arrivals(screen)
    assert seen[0] == [[], ["chip-arrive"]], seen

    # With reduced motion, the name is there at once: the animation takes no time.
    calm = browser.new_context(viewport=PROJECTOR, reduced_motion="reduce")  # type: ignore[arg-type]
    still = watch.attach(calm.new_page())
    still.goto(f"{server.url}/screen/{game['pin']}")
    third = new_page(browser, watch, PHONE, phone=True)
    expect(still.locator(".chip")).to_have_count(2)
    join(third, server, game["pin"], "Cleo")
    expect(still.locator(".chip")).to_have_count(3)
    durations = still.evaluate(
        "[...document.querySelectorAll('.chip')].flatMap((c) =>"
        " c.getAnimations().map((a) => a.effect.getComputedTiming().duration))"
    )
    assert all(d <= 1 for d in durations), durations
    watch.assert_clean()
