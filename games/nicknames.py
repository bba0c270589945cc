"""Player nicknames: what is accepted, when two count as the same, generated names, the filter."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from games.errors import RuleViolation
from games.text import FORBIDDEN_CATEGORIES, compact, count_letters, normalize_answer, undo_leet
from games.types import RandomSource
from games.words import ADJECTIVES, ANIMALS

MAX_NICKNAME = 24
# Control, format, surrogate, private-use, unassigned and line/paragraph separators.
_FORBIDDEN = FORBIDDEN_CATEGORIES
# How many random pairs generate_nickname tries before it numbers one.
GENERATE_ATTEMPTS = 20
# Blocked words at least this long also match inside words and across spaces and punctuation.
SUBSTRING_MIN_LETTERS = 4


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


def generate_nickname(
    rng: RandomSource,
    taken: Collection[str] = (),
    *,
    adjectives: Sequence[str] = ADJECTIVES,
    animals: Sequence[str] = ANIMALS,
) -> str:
    """A friendly two-word nickname such as "Brave Otter", free in a game.

    `taken` holds the `nickname_key`s already in use (a set is fastest). Up to
    GENERATE_ATTEMPTS random pairs are tried; if all are taken, the last one gets the first
    free number from 2 up ("Brave Otter 2"), shortened if need be to stay within 24 characters.
    The result always passes `clean_nickname` unchanged.
    """
    name = ""
    for _ in range(GENERATE_ATTEMPTS):
        adjective = adjectives[rng.randrange(len(adjectives))]
        animal = animals[rng.randrange(len(animals))]
        name = f"{adjective} {animal}"[:MAX_NICKNAME].rstrip()
        if nickname_key(name) not in taken:
            return name
    number = 2
    while True:
        suffix = f" {number}"
        numbered = name[: MAX_NICKNAME - len(suffix)].rstrip() + suffix
        if nickname_key(numbered) not in taken:
            return numbered
        number += 1


def filter_form(text: str) -> str:
    """A nickname or blocked word as the filter compares it: `normalize_answer` (accents, case,
    punctuation and symbols gone, spaces collapsed)."""
    return normalize_answer(text)


@dataclass(frozen=True, slots=True)
class Blocklist:
    """A word list prepared for `is_blocked`; build it once with `Blocklist.of(words)`.

    `words` holds every entry in `filter_form`, matched as whole words (or runs of whole
    words); `fragments` holds the entries of at least 4 letters with their spaces removed,
    matched anywhere in the nickname with its spaces removed.
    """

    words: frozenset[str]
    fragments: tuple[str, ...]

    @classmethod
    def of(cls, entries: Iterable[str]) -> Blocklist:
        """The prepared list; entries that normalise to nothing are dropped."""
        words = {form for form in map(filter_form, entries) if form}
        fragments = {
            compact(w) for w in words if count_letters(compact(w)) >= SUBSTRING_MIN_LETTERS
        }
        return cls(frozenset(words), tuple(sorted(fragments)))

    def blocks(self, nickname: str) -> bool:
        """True when `nickname` holds an entry (see `is_blocked`)."""
        for form in {filter_form(nickname), filter_form(undo_leet(nickname))}:
            parts = form.split()
            runs = {
                " ".join(parts[i:j])
                for i in range(len(parts))
                for j in range(i + 1, len(parts) + 1)
            }
            if not runs.isdisjoint(self.words):
                return True
            joined = compact(form)
            if any(fragment in joined for fragment in self.fragments):
                return True
        return False


def is_blocked(nickname: str, blocklist: Collection[str] | Blocklist) -> bool:
    """True when the nickname holds a word of `blocklist` (the server's configurable list).

    Both the nickname and each entry go through `filter_form`; the nickname is checked twice,
    as typed and with leetspeak undone (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s). An entry
    matches when it is a whole word (or run of whole words) of the nickname; an entry of at
    least 4 letters also matches anywhere in the nickname with its spaces removed, so inside a
    longer word ("xXbadwordXx") and across spaces or dots ("b.a.d w o r d"). Short entries only
    match whole words, so "ass" does not block "Classy Otter". Entries that normalise to nothing
    are ignored.

    Pass a `Blocklist` (built once with `Blocklist.of`) to avoid normalising the list per call.
    """
    prepared = blocklist if isinstance(blocklist, Blocklist) else Blocklist.of(blocklist)
    return prepared.blocks(nickname)
