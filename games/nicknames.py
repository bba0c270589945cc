"""Player nicknames: what is accepted, and when two count as the same."""

from __future__ import annotations

import unicodedata

from games.errors import RuleViolation

MAX_NICKNAME = 24
# Control, format, surrogate, private-use, unassigned and line/paragraph separators.
_FORBIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean_nickname(raw: object) -> str:
    """The nickname as stored: NFC-normalised and trimmed, 1 to 24 characters, nothing invisible.

    Raises RuleViolation("nickname_invalid") otherwise.
    """
    if not isinstance(raw, str):
        raise RuleViolation("nickname_invalid", "the nickname must be a string")
    name = unicodedata.normalize("NFC", raw).strip()
    if not 1 <= len(name) <= MAX_NICKNAME:
        raise RuleViolation(
            "nickname_invalid", f"the nickname must be 1 to {MAX_NICKNAME} characters"
        )
    if any(unicodedata.category(c) in _FORBIDDEN for c in name):
        raise RuleViolation("nickname_invalid", "the nickname holds control characters")
    return name


def nickname_key(nickname: str) -> str:
    """The key under which nicknames must be unique in a game: case and width folded."""
    return unicodedata.normalize("NFKC", nickname).casefold()
