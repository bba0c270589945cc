"""Quiz images in the pages: the editor warns that phones will not show an image of another
site and uploads one by keyboard (the address appears only once the server stored it, a
refused file says why and changes nothing); the big screen and the phones then show it."""

from __future__ import annotations

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image
from playwright.sync_api import Browser, Page, expect

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

EXTERNAL = "https://tracker.example/pixel.png"
MEDIA_URL = re.compile(r"^/media/[0-9a-f]{64}\.webp$")


def photo() -> bytes:
    image = Image.new("RGB", (2400, 1200), (20, 110, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # a GPS position
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def choose_file(page: Page, name: str, data: bytes, mime: str) -> None:
    """Press the upload button from the keyboard and pick a file in the dialog it opens."""
    button = page.get_by_role("button", name="Upload an image for question 1")
    expect(button).to_be_enabled()
    button.focus()
    expect(button).to_be_focused()
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_upload_in_the_editor_and_see_it_on_the_big_screen(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Ines Host")
    quiz = server.api(
        "POST",
        "/quizzes",
        auth["token"],
        {
            "title": "Pictures",
            "questions": [
                {
                    "kind": "true_false",
                    "prompt": "This is the sea.",
                    "correct": True,
                    "media": {"image": EXTERNAL},
                }
            ],
        },
    )
    page = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    # Playwright turns the interception of file dialogs on without waiting for it: a listener
    # from the start makes sure it is on before the first dialog opens.
    page.on("filechooser", lambda _chooser: None)
    page.goto(f"{server.url}/quizzes/{quiz['id']}")
    field = page.get_by_label("Image address")
    expect(field).to_have_value(EXTERNAL)
    warning = page.locator(".image-warning")
    expect(warning).to_contain_text("Phones will not show an image from another site")
    expect(field).to_have_attribute("aria-describedby", re.compile("external"))

    # A text file named .png: the server refuses it, the page says why, the field is kept.
    watch.allow("status of 415")
    choose_file(page, "notes.png", b"just some text, not a picture\n", "image/png")
    expect(page.get_by_test_id("upload-error")).to_contain_text("notes.png was not uploaded")
    expect(page.get_by_test_id("upload-error")).to_contain_text("not a PNG, JPEG, GIF or WebP")
    expect(field).to_have_value(EXTERNAL)

    # A real photo: the address fills in once the server answered, the warning goes.
    choose_file(page, "sea.jpg", photo(), "image/jpeg")
    expect(field).to_have_value(MEDIA_URL)
    expect(page.get_by_role("status").filter(has_text="sea.jpg uploaded.")).to_have_count(1)
    expect(page.get_by_test_id("upload-error")).to_have_count(0)
    expect(warning).to_have_count(0)
    expect(page.get_by_test_id("image-preview")).to_be_visible()
    url = field.input_value()
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=image-preview]');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    shot(page, "editor-image-uploaded")

    page.get_by_role("button", name="Save and start").click()
    expect(page.get_by_role("heading", name="Start a game")).to_be_visible()
    page.get_by_role("button", name="Open the lobby").click()
    expect(page.get_by_test_id("pin")).to_be_visible()
    pin = page.get_by_test_id("pin").inner_text().replace(" ", "")

    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}/screen/{pin}")
    expect(screen.get_by_test_id("pin")).to_be_visible()
    phone = new_page(browser, watch, SMALL_PHONE, phone=True)
    join(phone, server, pin, "Noa")
    expect(screen.get_by_test_id("player-count")).to_have_text("1")

    start = page.get_by_test_id("primary-action")
    expect(start).to_contain_text("Start game")
    start.click()
    expect(screen.get_by_test_id("prompt")).to_have_text("This is the sea.")
    expect(screen.locator("img.q-image")).to_have_attribute("src", url)
    screen.wait_for_function(
        "() => { const i = document.querySelector('img.q-image');"
        " return i && i.complete && i.naturalWidth === 1920; }"
    )
    expect(phone.locator("img.player-image")).to_have_attribute("src", url)
    no_horizontal_scroll(phone)
    shot(screen, "screen-uploaded-image")
    shot(phone, "phone-uploaded-image")
    watch.assert_clean()


class Tracker:
    """Another site serving a quiz image and noting every request it gets (what a quiz
    author logging the players' addresses would see)."""

    def __init__(self) -> None:
        pixel = io.BytesIO()
        Image.new("RGB", (320, 200), (250, 200, 0)).save(pixel, format="PNG")
        body = pixel.getvalue()
        self.paths: list[str] = []
        paths = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_phone_never_loads_an_image_of_another_site(
    browser: Browser, server: Server, watch: Watch
) -> None:
    tracker = Tracker()
    try:
        image = f"{tracker.origin}/pixel.png?quiz=7"
        auth = server.register("Omar Host")
        quiz = {
            "title": "Tracked",
            "questions": [
                {
                    "kind": "choice",
                    "prompt": "Which colour is the square?",
                    "choices": ["Yellow", "Blue"],
                    "correct": [0],
                    "media": {"image": image},
                }
            ],
        }
        game = server.create_game(auth["token"], quiz, {"show_question_on_device": True})
        phone = new_page(browser, watch, SMALL_PHONE, phone=True)
        phone_requests: list[str] = []
        phone.on("request", lambda r: phone_requests.append(r.url))
        join(phone, server, game["pin"], "Lia")

        host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
        host.goto(f"{server.url}/host/{game['id']}")
        screen = new_page(browser, watch, PROJECTOR)
        screen.goto(f"{server.url}{big_screen_link(host)}")
        expect(screen.get_by_test_id("player-count")).to_have_text("1")
        start = host.get_by_test_id("primary-action")
        expect(start).to_contain_text("Start game")
        start.click()

        # The big screen, the host's own device, shows the other site's image...
        expect(screen.locator("img.q-image")).to_have_attribute("src", image)
        screen.wait_for_function(
            "() => { const i = document.querySelector('img.q-image');"
            " return i && i.complete && i.naturalWidth === 320; }"
        )
        assert tracker.paths, "the big screen did not load the image"
        # ... the phone shows the question and its answers without it, and never asked for it.
        expect(phone.locator(".player-prompt")).to_have_text("Which colour is the square?")
        expect(phone.locator("button.tile")).to_have_count(2)
        expect(phone.locator("img.player-image")).to_have_count(0)
        assert (
            phone.locator("img").evaluate_all(
                "(imgs, origin) => imgs.filter(i => i.src.startsWith(origin)).length",
                tracker.origin,
            )
            == 0
        )
        assert not [u for u in phone_requests if u.startswith(tracker.origin)], phone_requests
        assert any(u.startswith(server.url) for u in phone_requests)
        watch.assert_clean()
    finally:
        tracker.close()
