"""A sound question on the big screen: the file uploaded by a member (``POST /api/media``),
the screen's audio element with the site's file and its type, loaded by the browser from the
server (its length known), a refused try at playing by itself before any gesture said in the
live region, then played from the large play button by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LAPTOP,
    PHONE,
    PROJECTOR,
    Server,
    Watch,
    big_screen_link,
    host_storage,
    join,
    new_page,
)

TONE = Path(__file__).resolve().parents[1] / "media" / "fixtures" / "tone.mp3"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium with a desktop browser's autoplay policy stated: no sound before a gesture."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=document-user-activation-required"],
        )
        try:
            yield b
        finally:
            b.close()


def test_the_big_screen_plays_a_sound_question(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Aude Audio")
    resp = httpx.post(
        f"{server.url}/api/media",
        headers={"Authorization": f"Bearer {auth['token']}"},
        files={"file": ("tone.mp3", TONE.read_bytes(), "application/octet-stream")},
        timeout=30,
    )
    assert resp.status_code == 201, resp.text
    url = resp.json()["url"]
    assert resp.json()["kind"] == "audio"
    quiz = {
        "title": "Ears",
        "questions": [
            {
                "kind": "true_false",
                "prompt": "This is an A.",
                "correct": True,
                "time_limit_ms": 120_000,
                "media": {"audio": url},
            }
        ],
    }
    game = server.create_game(auth["token"], quiz)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(server.url + big_screen_link(host))
    phone = new_page(browser, watch, PHONE, phone=True)
    join(phone, server, game["pin"], "Oto")
    start = host.get_by_test_id("primary-action")
    expect(start).to_contain_text("Start game")
    start.click()

    expect(screen.get_by_test_id("prompt")).to_have_text("This is an A.")
    audio = screen.get_by_test_id("question-audio")
    expect(audio).to_have_count(1)
    source = audio.locator("source")
    expect(source).to_have_attribute("src", url)
    expect(source).to_have_attribute("type", "audio/mpeg")
    # The browser fetched the file from the server and read it as sound: its length is known.
    screen.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=question-audio]');"
        " return a && a.readyState >= 1 && a.duration > 0.9 && a.duration < 1.3; }"
    )
    # No gesture on the screen yet: the browser refused to start it, and the page says so.
    status = screen.get_by_test_id("media-status")
    expect(status).to_contain_text("press Play")
    assert screen.evaluate("document.querySelector('[data-testid=question-audio]').paused")

    play = screen.get_by_role("button", name="Play the sound")
    play.focus()
    expect(play).to_be_focused()
    screen.keyboard.press("Enter")
    # Played: the element left its start (or already ended, it is one second long).
    screen.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=question-audio]');"
        " return a.ended || a.currentTime > 0; }"
    )
    expect(status).not_to_contain_text("press Play")
    watch.assert_clean()
