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


def clean_nickname(raw: object, max_len: int = MAX_NICKNAME) -> str:
    """The nickname as stored: NFC-normalised and trimmed, 1 to 24 characters (`max_len`: a
    workspace team's name may be longer), nothing invisible.

    Raises RuleViolation("nickname_invalid") otherwise.
    """
    if not isinstance(raw, str):
        raise RuleViolation("nickname_invalid", "the nickname must be a string")
    name = unicodedata.normalize("NFC", raw).strip()
    if not 1 <= len(name) <= max_len:
        raise RuleViolation("nickname_invalid", f"the nickname must be 1 to {max_len} characters")
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
    blocklist: Blocklist | None = None,
) -> str:
    """A friendly two-word nickname such as "Brave Otter", free in a game.

    `taken` holds the `nickname_key`s already in use (a set is fastest). Up to
    GENERATE_ATTEMPTS random pairs are tried; if all are taken, the last one gets the first
    free number from 2 up ("Brave Otter 2"), shortened if need be to stay within 24 characters.
    The result always passes `clean_nickname` unchanged, and never holds a word of `blocklist`
    (the server's filter) unless every pairing does: an operator's own list may hold words
    that only appear across two words ("Lunar Seal" holds "arse").
    """

    def allowed(candidate: str) -> bool:
        return blocklist is None or not blocklist.blocks(candidate)

    def pair(a: int, b: int) -> str:
        return f"{adjectives[a]} {animals[b]}"[:MAX_NICKNAME].rstrip()

    name = ""
    for _ in range(GENERATE_ATTEMPTS):
        candidate = pair(rng.randrange(len(adjectives)), rng.randrange(len(animals)))
        if not allowed(candidate):
            continue
        name = candidate
        if nickname_key(name) not in taken:
            return name
    if not name:
        # Every random pair was blocked (a very long list): walk the space from a random start.
        count = len(adjectives) * len(animals)
        start = rng.randrange(count)
        walk = (pair(*divmod((start + i) % count, len(animals))) for i in range(count))
        name = next((n for n in walk if allowed(n)), pair(*divmod(start, len(animals))))
    number = 2
    while True:
        suffix = f" {number}"
        numbered = name[: MAX_NICKNAME - len(suffix)].rstrip() + suffix
        # Digits count as letters to the filter ("455" reads "ass"), so numbers are checked too.
        if nickname_key(numbered) not in taken and (allowed(numbered) or not allowed(name)):
            return numbered
        number += 1


def filter_form(text: str) -> str:
    """A nickname or blocked word as the filter compares it: `normalize_answer` (accents, case,
    punctuation and symbols gone, spaces collapsed)."""
    return normalize_answer(text)


# Scripts written without spaces between words: their entries can only match inside the
# nickname, so those of at least this many characters do (shorter ones match a whole word).
UNSPACED_MIN_CHARS = 3
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")


def _unspaced(word: str) -> bool:
    """True when every letter of `word` belongs to a script written without spaces."""
    letters = [c for c in word if unicodedata.category(c)[0] == "L"]
    return bool(letters) and all(
        unicodedata.name(c, "").startswith(_UNSPACED_SCRIPTS) for c in letters
    )


def _hangul(word: str) -> bool:
    """True when `word` is written in Hangul, whose letters are whole syllables: a word of
    two is as specific as a Latin word of four or more."""
    return any(unicodedata.name(c, "").startswith("HANGUL") for c in word)


@dataclass(frozen=True, slots=True)
class Blocklist:
    """A word list prepared for `is_blocked`; build it once with `Blocklist.of(words)`.

    `words` holds every entry in `filter_form`, matched as whole words (or runs of whole
    words); `fragments` holds the entries matched anywhere in the nickname with its spaces
    removed: those of at least 4 letters from the main list, and from both lists the long
    enough ones written in a script without spaces (Chinese, Japanese, Thai…) or in Hangul
    (Korean attaches particles to words).
    """

    words: frozenset[str]
    fragments: tuple[str, ...]

    @classmethod
    def of(
        cls,
        entries: Iterable[str],
        *,
        whole_words: Iterable[str] = (),
        allowed: Iterable[str] = (),
    ) -> Blocklist:
        """The prepared list; entries that normalise to nothing are dropped.

        `entries` match as whole words and, from 4 letters on, inside words too (a short,
        curated list). `whole_words` (a large multi-language list) match only as whole words,
        and only from 4 letters (any length in Hangul and in scripts without spaces):
        shorter entries of such lists are ordinary words elsewhere ("con", "del", "top"), and
        longer ones inside words would refuse real names (the Scunthorpe problem). `allowed`
        entries (real names that are also slang somewhere, such as "Mona") are removed from
        `whole_words`.
        """
        keep = {form for form in map(filter_form, allowed) if form}
        main = {form for form in map(filter_form, entries) if form}
        wide = {form for form in map(filter_form, whole_words) if form} - keep
        words = main | {
            w
            for w in wide
            if count_letters(compact(w)) >= SUBSTRING_MIN_LETTERS or _unspaced(w) or _hangul(w)
        }
        fragments = {
            compact(w) for w in main if count_letters(compact(w)) >= SUBSTRING_MIN_LETTERS
        } | {
            compact(w)
            for w in main | wide
            if (_unspaced(w) and len(compact(w)) >= UNSPACED_MIN_CHARS)
            or (_hangul(w) and len(compact(w)) >= 2)
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
