"""The server's clock: the one place that reads wall time."""

from __future__ import annotations

import time


def now_ms() -> int:
    """Server epoch milliseconds."""
    return time.time_ns() // 1_000_000
