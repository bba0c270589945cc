"""Text normalisation shared by typed answers, word clouds and the nickname filter.

Everything here is a pure function of its arguments (see docs/rules.md for worked examples).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator

# Categories removed from typed answers: punctuation (P*), symbols (S*) and the invisible ones
# (control, format, surrogate, private use, unassigned: C*).
_DROPPED_ANSWER = frozenset("PSC")
# Characters a nickname or a word cloud answer may not hold (see nicknames.clean_nickname).
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


# NUL and lone surrogates: no database stores them as text (PostgreSQL refuses NUL in text and
# JSON, SQLite's driver refuses surrogates), and no UTF-8 encoder accepts a lone surrogate.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> bool:
    """True when `text` is valid Unicode without NUL: it can be stored and sent anywhere.

    >>> storable("Zoë"), storable("a\x00b"), storable("\ud800")
    (True, False, False)
    """
    return _UNSTORABLE.search(text) is None


def first_unstorable(value: object, where: str = "") -> str | None:
    """The path of the first string (a value or an object's key) in the JSON value `value`
    that is not `storable`, or of its first number that is not finite (``NaN``, ``Infinity``:
    JSON has no such numbers), such as ``questions[2].prompt``; None when all are fine. The
    path never holds what it found: an unstorable key is named escaped (``payload.\\ud800``).

    Walks with a stack of its own, so any nesting a JSON decoder produced is fine.
    """
    if _all_fine(value):
        return None  # the common case, without building any path (every answer comes here)
    for path, leaf in _leaves(value, where):
        if isinstance(leaf, str) and not storable(leaf):
            return path or "body"
        if isinstance(leaf, float) and not math.isfinite(leaf):
            return path or "body"
    return None


def _all_fine(value: object) -> bool:
    stack = [value]
    search = _UNSTORABLE.search
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if search(item):
                return False
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and search(key):
                    return False
                if not isinstance(child, int):  # bools and ints are always fine
                    stack.append(child)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            return False
    return True


def _leaves(value: object, where: str) -> Iterator[tuple[str, str | float]]:
    stack: list[tuple[object, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str | float):
            yield path, item
        elif isinstance(item, dict):
            for key, child in item.items():
                # A key that is not storable is named escaped, so that no message echoes it.
                name = (
                    str(key) if storable(str(key)) else str(key).encode("unicode_escape").decode()
                )
                child_path = f"{path}.{name}" if path else name
                if isinstance(key, str):
                    yield child_path, key
                stack.append((child, child_path))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(item))


def normalize_answer(text: str) -> str:
    """A typed answer as compared: accents and case folded, punctuation and symbols removed.

    NFKD, case fold, NFKD again (folding can produce decomposable characters), drop combining
    marks (accents), drop punctuation, symbols and invisible characters (Unicode categories P*,
    S*, C*), turn any whitespace into single spaces, trim, and recompose (NFC). Idempotent:
    ``normalize_answer(normalize_answer(s)) == normalize_answer(s)``.

    >>> normalize_answer("  Zoë's   CAFÉ! ")
    'zoes cafe'
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept: list[str] = []
    for c in folded:
        if c.isspace():
            kept.append(" ")
        elif not unicodedata.combining(c) and unicodedata.category(c)[0] not in _DROPPED_ANSWER:
            kept.append(c)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def compact(normalized: str) -> str:
    """A normalised answer without its spaces: what two answers must share to be equal.

    "Jean-Paul", "Jean Paul" and "JeanPaul" all compare as "jeanpaul".
    """
    return normalized.replace(" ", "")


def count_letters(text: str) -> int:
    """How many letters (Unicode categories L*) `text` holds; digits are not letters."""
    return sum(1 for c in text if unicodedata.category(c)[0] == "L")


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when the Levenshtein distance of `a` and `b` is at most `limit`.

    Insertions, deletions and substitutions cost 1 each (swapping two neighbours costs 2). Only
    the diagonal band of width 2 × limit + 1 is computed, and the search stops as soon as every
    cell of a row exceeds the limit, so a check costs O(limit × len) at most.
    """
    if abs(len(a) - len(b)) > limit:
        return False
    if limit <= 0 or a == b:
        return a == b
    over = limit + 1
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [over] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        for j in range(low, high + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, over)
        if min(current[max(0, low - 1) : high + 1]) > limit:
            return False
        previous = current
    return previous[len(b)] <= limit


def cloud_words(text: str) -> list[str]:
    """The distinct words of a word cloud answer, in order of first appearance.

    NFKC, case fold, NFKC again, punctuation (P*) removed, split on whitespace. Symbols such as
    emoji are kept and accents are kept ("Café" and "cafe" are different words).

    >>> cloud_words("Fun, fun & FUN!")
    ['fun', '&']
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    stripped = "".join(c for c in folded if unicodedata.category(c)[0] != "P")
    return list(dict.fromkeys(stripped.split()))


LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
"""Common leetspeak undone by the nickname filter: 0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s."""


def undo_leet(text: str) -> str:
    """`text` with the LEET substitutions applied (before normalising, so "$" and "@" count)."""
    return text.translate(LEET)
