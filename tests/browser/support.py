"""Helpers of the browser tests: a real ``huddle serve``, Debian's Chromium, and shortcuts.

A module of its own (``conftest`` is not importable reliably). The server runs as a
subprocess with the test Redis (its own key prefix, deleted afterwards), a SQLite file in a
temporary directory and the built pages of ``web/dist``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)
from redis.asyncio import Redis

from tests.conftest import TEST_REDIS_URL, delete_prefix, new_prefix

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("HUDDLE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECRET = "browser-test-secret-" + "x" * 24
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1920, "height": 1080}
PASSWORD = "correct horse battery"

# Assertions poll until they hold; the bound only decides how long a failure takes to show,
# and a loaded machine (parallel workers, other work) needs far more than 10 s at times.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)


#: Chromium with a desktop browser's autoplay policy stated, not left to its defaults: no sound
#: before the page gets a click or a key press.
AUTOPLAY_ARGS = [*CHROMIUM_ARGS, "--autoplay-policy=document-user-activation-required"]


@contextlib.contextmanager
def chromium(args: list[str] = CHROMIUM_ARGS) -> Iterator[Browser]:
    """Debian's Chromium under Playwright, started with `args` (the test is skipped where it
    is missing)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            yield b
        finally:
            b.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_web_build() -> None:
    """Build the pages when they are missing or stale (``make web`` is a no-op otherwise).

    One build at a time: parallel test workers (pytest-xdist) wait for the first one's build
    instead of rewriting ``web/dist`` under each other's pages.
    """
    if shutil.which("make") and shutil.which("npm"):
        lock_path = Path(tempfile.gettempdir()) / f"huddle-web-build-{_root_tag()}.lock"
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            done = subprocess.run(
                ["make", "-s", "web"], cwd=ROOT, capture_output=True, text=True, check=False
            )
        if done.returncode != 0:
            pytest.fail(f"make web failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail("web/dist is missing: run `make web` (needs Node.js and npm)")


def _root_tag() -> str:
    return hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]


def _run_async(coro_factory: Any) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro_factory()).result()


@dataclass
class Server:
    """One ``huddle serve`` process with its own Redis prefix and database."""

    url: str
    prefix: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, chars: int = 5000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "<no log>"

    # -- the HTTP API, for setting up what a test does not drive through the pages ----------
    def api(self, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        resp = httpx.request(
            method, f"{self.url}/api{path}", headers=headers, json=body, timeout=10.0
        )
        assert resp.status_code < 400, f"{method} {path}: {resp.status_code} {resp.text}"
        return resp.json() if resp.content else None

    def register(self, name: str = "Hana Host") -> dict[str, Any]:
        email = f"{name.split()[0].lower()}-{new_prefix()}@example.com"
        auth: dict[str, Any] = self.api(
            "POST", "/auth/register", body={"email": email, "password": PASSWORD, "name": name}
        )
        return auth

    def create_game(
        self, token: str, quiz: dict[str, Any], settings: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        stored = self.api("POST", "/quizzes", token, quiz)
        game: dict[str, Any] = self.api(
            "POST", "/games", token, {"quiz_id": stored["id"], "settings": settings or {}}
        )
        game["quiz_id"] = stored["id"]
        return game


def start_server(workdir: Path, env: dict[str, str] | None = None) -> Server:
    """A ``huddle serve`` process for the pages, with `env` on top of the defaults here."""
    prefix = new_prefix()
    port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": TEST_REDIS_URL,
        "HUDDLE_REDIS_PREFIX": prefix,
        "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / (prefix + '.db')}",
        "HUDDLE_SECRET": SECRET,
        "HUDDLE_WEB_DIR": str(WEB_DIST),
        # Uploaded images go to the test's folder, not the working tree's.
        "HUDDLE_MEDIA_DIR": str(workdir / f"{prefix}-media"),
        "HUDDLE_TICK_MS": "50",
        "HUDDLE_OUTBOX_POLL_MS": "50",
        "LOG_LEVEL": "warning",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    env.pop("PUBLIC_URL", None)
    huddle = Path(sys.executable).parent / "huddle"
    cmd = [str(huddle)] if huddle.exists() else [sys.executable, "-m", "server"]
    log_path = workdir / f"{prefix}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [*cmd, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(url=f"http://127.0.0.1:{port}", prefix=prefix, proc=proc, log_path=log_path)
    deadline = time.monotonic() + 90  # a loaded machine starts a node slowly
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"huddle serve exited with {proc.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1.0).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    stop_server(server)
    pytest.fail(f"huddle serve did not become healthy:\n{server.log_tail()}")


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=5)

    async def cleanup() -> None:
        redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        try:
            await delete_prefix(redis, server.prefix)
        finally:
            await redis.aclose()

    _run_async(cleanup)


def check_redis() -> None:
    async def ping() -> None:
        redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
        try:
            await redis.ping()
        finally:
            await redis.aclose()

    try:
        _run_async(ping)
    except Exception as err:  # pragma: no cover - .ci/run starts Redis
        pytest.fail(f"Redis at {TEST_REDIS_URL} is not reachable: {err}")


# -- pages ----------------------------------------------------------------------------------


@dataclass
class Watch:
    """Problems a page showed: uncaught errors, console errors and any dialog (none expected)."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    #: Console errors a test expects (Chromium logs every 4xx answer of a fetch as one).
    allowed: list[str] = field(default_factory=list)

    def allow(self, text: str) -> None:
        """Expect console errors containing `text` (e.g. ``"status of 422"``)."""
        self.allowed.append(text)

    def attach(self, page: Page) -> Page:
        page.on("pageerror", lambda err: self.errors.append(f"{page.url}: {err}"))
        page.on("console", lambda msg: self._console(page, msg))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    def _console(self, page: Page, msg: ConsoleMessage) -> None:
        if msg.type == "error" and not any(a in msg.text for a in self.allowed):
            self.errors.append(f"{page.url}: console: {msg.text}")

    def assert_clean(self) -> None:
        assert not self.dialogs, f"unexpected dialogs: {self.dialogs}"
        assert not self.errors, "errors in the pages:\n" + "\n".join(self.errors)


def new_page(
    browser: Browser,
    watch: Watch,
    viewport: dict[str, int],
    *,
    phone: bool = False,
    storage: dict[str, Any] | None = None,
) -> Page:
    context: BrowserContext = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
        locale="en-GB",
    )
    if storage:
        # Put a logged-in host's token (or a host key) in localStorage before any page runs.
        items = json.dumps({k: json.dumps(v) for k, v in storage.items()})
        context.add_init_script(
            f"(() => {{ const items = {items}; for (const k in items) "
            "if (localStorage.getItem(k) === null) localStorage.setItem(k, items[k]); })();"
        )
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return watch.attach(page)


def host_storage(auth: dict[str, Any], game: dict[str, Any] | None = None) -> dict[str, Any]:
    storage: dict[str, Any] = {"huddle.auth": {"token": auth["token"], "host": auth["host"]}}
    if game is not None:
        storage[f"huddle.game.{game['id']}"] = {
            "host_key": game["host_key"],
            "pin": game["pin"],
            "join_url": game["join_url"],
        }
    return storage


def big_screen_link(host: Page) -> str:
    """The host console's "Open big screen" link (it carries the game's screen key): a screen
    opened with the PIN alone sees only what phones see."""
    link = host.get_by_role("link", name="Open big screen")
    expect(link).to_have_attribute("href", re.compile(r"\?key="))
    return link.get_attribute("href") or ""


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} scrolls sideways: {width}px content in {inner}px"


def join(page: Page, server: Server, pin: str, nickname: str) -> None:
    """A phone opens the QR code's link, types a nickname and joins."""
    page.goto(f"{server.url}/join/{pin}")
    page.get_by_label("Your nickname").fill(nickname)
    page.get_by_role("button", name="Join the game").click()
    expect(page.get_by_test_id("lobby")).to_be_visible()


def tap(page: Page, letter: str) -> None:
    """Tap the answer tile with this letter (A, B, … or T/F)."""
    page.locator("button.tile", has=page.locator(".tile-letter", has_text=letter)).first.click()


QUIZ = {
    "title": "Space Quiz",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which planet is closest to the Sun?",
            "choices": ["Venus", "Mercury", "Mars", "Earth"],
            "correct": [1],
            "time_limit_ms": 30000,
        },
        {
            "kind": "true_false",
            "prompt": "The Moon is bigger than Mars.",
            "correct": False,
            "time_limit_ms": 30000,
        },
        {
            "kind": "choice",
            "prompt": "Which of these are gas giants?",
            "choices": ["Jupiter", "Venus", "Saturn", "Mercury"],
            "correct": [0, 2],
            "time_limit_ms": 30000,
            "explanation": "Jupiter and Saturn are mostly hydrogen and helium.",
        },
    ],
}
