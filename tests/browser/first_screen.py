"""The join page's first load, as a phone sees it: what it requests, in which encoding, how
many bytes travel, and when the PIN field is there to type in.

Used by tests/browser/test_browser_first_screen.py (which asserts the structure) and by
``python -m bench.first_screen`` (which times it on a Fast 3G profile with a 4× slower CPU:
speed is measured, not timed in tests).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser

# Chrome DevTools' "Fast 3G" preset (its throttling numbers: 1.6 Mbit/s down and 750 kbit/s up,
# both at 90 %, and 150 ms round trips × 3.75 for the radio).
FAST_3G = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
}
CPU_SLOWDOWN = 4

# Set when the PIN field is in the page and enabled: Preact has attached its handlers by then.
_PIN_READY = """
(() => {
  const check = (observer) => {
    const pin = document.getElementById("pin");
    if (pin && !pin.disabled && window.__pinReadyMs === undefined) {
      window.__pinReadyMs = performance.now();
      if (observer) observer.disconnect();
    }
  };
  new MutationObserver((_, observer) => check(observer)).observe(document, {
    childList: true,
    subtree: true,
  });
})();
"""


@dataclass
class Fetched:
    """One response the page received."""

    url: str
    kind: str  # CDP resource type: Document, Script, Stylesheet, Fetch, XHR, WebSocket, …
    encoding: str  # Content-Encoding, "" when none
    bytes: int = 0  # bytes on the wire (headers and body), from Network.loadingFinished


@dataclass
class FirstScreen:
    """What one load of the join page did."""

    pin_ready_ms: float  # from navigation start to an enabled PIN field
    fetched: list[Fetched] = field(default_factory=list)

    @property
    def scripts(self) -> list[str]:
        return [f.url.rsplit("/", 1)[-1] for f in self.fetched if f.kind == "Script"]

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.fetched)


def load_join_page(
    browser: Browser, url: str, *, throttle: bool, until_script: str = "PlayerPage-"
) -> FirstScreen:
    """Open `url` (the join page) in a fresh phone-sized context, with an empty cache; wait
    for the PIN field, for a script whose name starts with `until_script` (the player page,
    fetched while the phone idles), then for the network to go quiet.

    `throttle` applies Fast 3G and a 4× CPU slowdown through the DevTools protocol.
    """
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    try:
        context.add_init_script(_PIN_READY)
        page = context.new_page()
        page.set_default_timeout(60_000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", FAST_3G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        by_id: dict[str, Fetched] = {}

        def received(event: dict[str, Any]) -> None:
            response = event["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            by_id[event["requestId"]] = Fetched(
                url=response["url"],
                kind=event.get("type", ""),
                encoding=headers.get("content-encoding", ""),
            )

        def finished(event: dict[str, Any]) -> None:
            fetched = by_id.get(event["requestId"])
            if fetched is not None:
                fetched.bytes = int(event.get("encodedDataLength", 0))

        cdp.on("Network.responseReceived", received)
        cdp.on("Network.loadingFinished", finished)
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__pinReadyMs !== undefined")
        deadline = time.monotonic() + 60
        while not any(f"/{until_script}" in f.url for f in by_id.values()):
            assert time.monotonic() < deadline, f"no {until_script}* fetched: {list(by_id)}"
            page.wait_for_timeout(100)
        page.wait_for_load_state("networkidle")
        ready = float(page.evaluate("() => window.__pinReadyMs"))
        if throttle:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        return FirstScreen(pin_ready_ms=ready, fetched=list(by_id.values()))
    finally:
        context.close()
