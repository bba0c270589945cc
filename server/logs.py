"""Structured logs: one JSON object a line, with the game id when there is one."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A repeated outage line (Redis or SQL unreachable) is logged at most this often.
OUTAGE_LOG_INTERVAL_S = 10.0

EXTRA_FIELDS = ("game_id", "player_id", "namespace", "event", "code", "node")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup_logging(level: str, fmt: str) -> None:
    """Configure the root logger once: ``fmt`` is ``json`` (default) or ``text``."""
    handler = logging.StreamHandler()
    if fmt == "text":
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))


@dataclass(slots=True)
class Throttle:
    """Lets a repeated log line through at most once per ``interval_s`` for each key, so an
    outage hit by every request logs a line every few seconds, not one per request.

    ``check(key)`` is None while the key stays quiet, or else how many times it was held back
    since it last went through. Time comes from ``clock`` (seconds, monotonic).
    """

    interval_s: float = OUTAGE_LOG_INTERVAL_S
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)

    def check(self, key: str) -> int | None:
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < self.interval_s:
            self._held[key] = self._held.get(key, 0) + 1
            return None
        self._last[key] = now
        return self._held.pop(key, 0)


@dataclass(slots=True)
class OutageLog:
    """Logs a failure that repeats while Redis or SQL is unreachable as one warning line per
    ``Throttle`` interval and key (no traceback), saying how many it stands for."""

    logger: logging.Logger
    throttle: Throttle = field(default_factory=Throttle)

    def warn(self, what: str, err: BaseException, **extra: Any) -> None:
        held = self.throttle.check(what)
        if held is None:
            return
        detail = str(err).strip().splitlines()
        self.logger.warning(
            "%s: %s%s%s", what, type(err).__name__,
            f": {detail[0]}" if detail else "",
            f" ({held} more since the last such line)" if held else "",
            extra=extra or None,
        )  # fmt: skip
