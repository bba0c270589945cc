"""A sound question on the big screen: the file uploaded by a member (``POST /api/media``),
the screen's audio element with the site's file and its type, loaded by the browser from the
server (its length known), the outcome of its try at playing by itself said in the live
region, then played from the large play button by keyboard. And the editor's image
upload (`MediaUpload`) on a 360 px phone: a sound chosen there is refused by the server as
not an image, the alert says so and the field keeps its value."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import (
    AUTOPLAY_ARGS,
    LAPTOP,
    PHONE,
    PROJECTOR,
    Server,
    Watch,
    big_screen_link,
    chromium,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
)

IMG = "https://pictures.example/sea.png"
TONE = Path(__file__).resolve().parents[1] / "media" / "fixtures" / "tone.mp3"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium with a desktop browser's autoplay policy stated: no sound before a gesture."""
    with chromium(AUTOPLAY_ARGS) as b:
        yield b


def upload_tone(server: Server, token: str) -> str:
    """The one-second tone uploaded as any member would (``POST /api/media``): its address."""
    resp = httpx.post(
        f"{server.url}/api/media",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("tone.mp3", TONE.read_bytes(), "application/octet-stream")},
        timeout=30,
    )
    assert resp.status_code == 201, resp.text
    assert resp.json()["kind"] == "audio"
    url: str = resp.json()["url"]
    return url


def test_the_big_screen_plays_a_sound_question(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Aude Audio")
    url = upload_tone(server, auth["token"])
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
    # The screen tried to start it by itself when the question opened, and says how that went:
    # refused without a gesture on the page (the usual case: "press Play"), or played (a
    # browser that remembers the site may allow it). Either way it says so in the live region.
    status = screen.get_by_test_id("media-status")
    expect(status).to_contain_text(re.compile(r"press Play|Playing the question's sound|has ended"))
    # Wait until it is not playing (refused, or the one-second clip over), then play it.
    audio_js = "document.querySelector('[data-testid=question-audio]')"
    screen.wait_for_function(f"() => {audio_js}.paused")
    screen.evaluate(
        f"() => {{ window.__plays = 0;"
        f" {audio_js}.addEventListener('play', () => window.__plays++); }}"
    )
    play = screen.get_by_role("button", name="Play the sound")
    play.focus()
    expect(play).to_be_focused()
    screen.keyboard.press("Enter")
    # Played: the element started (a play event) and left its start, or already ended.
    screen.wait_for_function(
        f"() => window.__plays >= 1 && ({audio_js}.ended || {audio_js}.currentTime > 0)"
    )
    expect(status).not_to_contain_text("press Play")
    watch.assert_clean()


def test_a_self_paced_run_plays_its_sound_on_the_phone(
    browser: Browser, server: Server, watch: Watch
) -> None:
    """A challenge has no big screen: the phone shows the question's player itself."""
    auth = server.register("Sol Solo")
    url = upload_tone(server, auth["token"])
    question = {
        "kind": "true_false",
        "prompt": "Hear an A?",
        "correct": True,
        "media": {"audio": url},
    }
    quiz = server.api(
        "POST", "/quizzes", auth["token"], {"title": "Solo ears", "questions": [question]}
    )
    body = {
        "quiz_id": quiz["id"],
        "closes_at": int(time.time() * 1000) + 86_400_000,
        "audience": "guests",
        "attempts": 1,
    }
    created = server.api("POST", "/challenges", auth["token"], body)
    pin = created.get("challenge", created)["pin"]
    phone = new_page(browser, watch, PHONE, phone=True)
    phone.goto(f"{server.url}/join/{pin}")
    phone.get_by_label("Your nickname").fill("Sam")
    phone.get_by_role("button", name="Join the game").click()
    start = phone.get_by_test_id("run-start")
    start.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("run-prompt")).to_have_text("Hear an A?")
    source = phone.get_by_test_id("question-audio").locator("source")
    expect(source).to_have_attribute("src", url)
    expect(source).to_have_attribute("type", "audio/mpeg")
    phone.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=question-audio]');"
        " return a && a.readyState >= 1 && a.duration > 0.9; }"
    )
    expect(phone.get_by_role("button", name=re.compile("True"))).to_be_visible()
    no_horizontal_scroll(phone)
    watch.assert_clean()


def test_the_image_upload_takes_images_only_on_a_small_phone(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Pia Phone")
    quiz = server.api(
        "POST",
        "/quizzes",
        auth["token"],
        {
            "title": "Small",
            "questions": [
                {"kind": "true_false", "prompt": "Y?", "correct": True, "media": {"image": IMG}}
            ],
        },
    )
    page = new_page(browser, watch, {"width": 360, "height": 640}, storage=host_storage(auth))
    page.on("filechooser", lambda _chooser: None)
    page.goto(f"{server.url}/quizzes/{quiz['id']}")
    field = page.get_by_label("Image address")
    expect(field).to_have_value(IMG)
    button = page.get_by_role("button", name="Upload an image for question 1")
    button.focus()
    watch.allow("status of 415")
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.keyboard.press("Enter")
    accept = chooser.value.element.get_attribute("accept")
    assert accept == "image/png,image/jpeg,image/gif,image/webp"
    chooser.value.set_files(
        files=[{"name": "tone.png", "mimeType": "image/png", "buffer": TONE.read_bytes()}]
    )
    alert = page.get_by_role("alert").filter(has_text="tone.png was not uploaded")
    expect(alert).to_contain_text("a sound; this takes an image only")
    expect(button).to_have_attribute("aria-describedby", re.compile("upload-error"))
    expect(field).to_have_value(IMG)
    no_horizontal_scroll(page)
