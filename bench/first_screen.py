"""How soon a phone on Fast 3G with a 4× slower CPU can type a PIN on the join page.

    python -m bench.first_screen              # 5 loads; fails when the median is over 1.5 s
    python -m bench.first_screen --loads 9 --goal-ms 1500
    python -m bench.first_screen --web-dir /tmp/old/web/dist   # another build, for an A/B

It builds the pages when stale (``make web``), starts ``huddle serve`` as the browser tests do
(the test Redis on 127.0.0.1:6379, its own key prefix, deleted afterwards; a throwaway SQLite
file), and opens the join page in Debian's Chromium with an empty cache, throttled through
the DevTools protocol (tests/browser/first_screen.py): Fast 3G (562.5 ms latency, 1.44 Mbit/s
down, 675 kbit/s up) and ``Emulation.setCPUThrottlingRate 4``. The time is from navigation
start to an enabled PIN field. The figures go to ``bench/results/first_screen.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.first_screen import CPU_SLOWDOWN, FAST_3G, load_join_page
from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    check_redis,
    ensure_web_build,
    start_server,
    stop_server,
)

RESULTS = Path(__file__).resolve().parent / "results" / "first_screen.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="throttled loads (default 5)")
    parser.add_argument("--goal-ms", type=float, default=1500.0, help="goal for the median")
    parser.add_argument(
        "--web-dir",
        type=Path,
        help="serve another build (e.g. an older revision's web/dist) instead of web/dist",
    )
    args = parser.parse_args(argv)
    if args.web_dir is None:
        ensure_web_build()
    check_redis()
    with tempfile.TemporaryDirectory(prefix="huddle-first-screen-") as tmp:
        web = None if args.web_dir is None else {"HUDDLE_WEB_DIR": str(args.web_dir)}
        server = start_server(Path(tmp), web)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    load_join_page(browser, f"{server.url}/", throttle=False)  # warm the server
                    loads = [
                        load_join_page(browser, f"{server.url}/", throttle=True)
                        for _ in range(args.loads)
                    ]
                finally:
                    browser.close()
        finally:
            stop_server(server)
    times = [round(load.pin_ready_ms) for load in loads]
    median = statistics.median(times)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.python_version()}",
        "network": FAST_3G,
        "cpu_slowdown": CPU_SLOWDOWN,
        "pin_ready_ms": times,
        "median_ms": median,
        "bytes": loads[-1].total_bytes,
        "scripts": loads[-1].scripts,
        "goal_ms": args.goal_ms,
    }
    if args.web_dir is None:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    verdict = "within" if median <= args.goal_ms else "OVER"
    print(
        f"join page usable after {median:.0f} ms (median of {times}) on Fast 3G with a "
        f"{CPU_SLOWDOWN}x slower CPU, {loads[-1].total_bytes} bytes: {verdict} the "
        f"{args.goal_ms:.0f} ms goal"
    )
    return 0 if median <= args.goal_ms else 1


if __name__ == "__main__":
    sys.exit(main())
