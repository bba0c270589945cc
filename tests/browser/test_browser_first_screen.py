"""A phone's first screen: the join page loads without the host's editor and reports, its text
comes compressed, and the bytes stay within a budget. The time to a usable PIN field on Fast 3G
with a 4× slower CPU is recorded here, not asserted (``python -m bench.first_screen`` holds
the goal; docs/performance.md has the figure)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser

from tests.browser.first_screen import load_join_page
from tests.browser.support import ROOT, WEB_DIST, Server

# Chunks of the host's pages (editor, dashboard, console, results and reports): a player's
# phone never needs them.
HOST_CHUNKS = (
    "QuizEditor-",
    "Reports-",
    "DataTable-",
    "Dashboard-",
    "HostConsole-",
    "HostShell-",
    "ResultsPage-",
    "StartGame-",
    "EventPage-",
    "EventForm-",
    "quiz-model-",
    "quiz-files-",
)
# Everything the join page fetches (the page, its script and styles, the player page fetched
# while the phone idles, socket.io-client with it, the icon), compressed: about 50 KB today.
BYTES_BUDGET = 64 * 1024


def test_the_host_chunks_exist_apart(web_build: None) -> None:
    """The build splits the host's pages into chunks of their own (so the next test's check
    that the phone does not fetch them is not empty)."""
    names = [p.name for p in (WEB_DIST / "assets").glob("*.js")]
    for prefix in ("QuizEditor-", "Reports-", "HostConsole-", "PlayerPage-"):
        assert any(n.startswith(prefix) for n in names), (prefix, names)
    entry = (WEB_DIST / "index.html").read_text()
    for prefix in HOST_CHUNKS:
        assert prefix not in entry, f"index.html preloads {prefix}"


def test_join_page_loads_no_host_code_and_compressed(
    browser: Browser, server: Server, record_property: pytest.RecordProperty
) -> None:
    first = load_join_page(browser, f"{server.url}/", throttle=True)
    scripts = first.scripts
    assert any(s.startswith("index-") for s in scripts), scripts
    assert any(s.startswith("PlayerPage-") for s in scripts), scripts  # fetched while idle
    host = [s for s in scripts if s.startswith(HOST_CHUNKS)]
    assert not host, f"the join page fetched the host's code: {host}"

    text = [f for f in first.fetched if f.kind in ("Script", "Stylesheet")]
    assert text, first.fetched
    plain = [f.url for f in text if f.encoding not in ("br", "gzip") and f.bytes > 1500]
    assert not plain, f"sent uncompressed: {plain}"
    assert first.total_bytes <= BYTES_BUDGET, (first.total_bytes, first.fetched)

    # Recorded, not asserted: the time depends on the machine (bench.first_screen checks it).
    record_property("pin_ready_ms_fast3g_cpu4x", round(first.pin_ready_ms))
    record_property("first_screen_bytes", first.total_bytes)
    out = ROOT / "test-artifacts" / "first-screen.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "pin_ready_ms": round(first.pin_ready_ms),
                "bytes": first.total_bytes,
                "fetched": [f.__dict__ for f in first.fetched],
            },
            indent=2,
        )
    )
