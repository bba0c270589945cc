"""Screen keys: what lets a big screen see what only the room may see.

A game's big screen with the key sees the whole question (its prompt and answers, also when
``show_question_on_device`` keeps them off the phones); a screen with only the PIN, which every
player knows, sees what a phone sees. An event's leaderboard screen needs the event's key, not
the event id that every player's State carries.

A key is an HMAC of the id under the server secret (``HUDDLE_SECRET``), so nothing is stored
and every node with the same secret agrees; changing the secret changes every key (as it logs
every host out).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

# 128 bits: unguessable, short enough for a link.
_KEY_BYTES = 16
KEY_MAX = 64


def screen_key(secret: str, kind: str, ident: str) -> str:
    """The screen key of a ``"game"`` or an ``"event"`` with this id."""
    mac = hmac.new(secret.encode(), f"screen:{kind}:{ident}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:_KEY_BYTES]).decode().rstrip("=")


def check_screen_key(secret: str, kind: str, ident: str, key: object) -> bool:
    """Whether `key` is the screen key of that game or event (in constant time)."""
    if not isinstance(key, str) or not key or len(key) > KEY_MAX:
        return False
    return hmac.compare_digest(
        screen_key(secret, kind, ident).encode(), key.encode("utf-8", "replace")
    )
