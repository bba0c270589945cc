"""The Socket.IO vocabulary: every event each namespace answers (docs/protocol.md).

The one list of them: the namespaces check their handlers against it when they are built, and
the fuzz test (tests/abuse/test_abuse_fuzz.py) sends generated input to each.
"""

from __future__ import annotations

from collections.abc import Mapping

EVENTS: Mapping[str, tuple[str, ...]] = {
    "/play": ("join", "answer", "suggest_nickname", "run_next", "run_again", "run_state"),
    "/host": ("attach", "roster", "start", "next", "end", "kick", "unban", "lock", "assign"),
    "/screen": ("watch", "watch_event", "watch_challenge"),
}
