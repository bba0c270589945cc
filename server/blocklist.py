"""The nickname filter's word lists: a short curated list, and a maintained multi-language one.

- ``server/words/blocklist.txt`` (or the file ``HUDDLE_BLOCKLIST`` names, which replaces it):
  matched as whole words and, from 4 letters on, inside words.
- the dictionaries of the ``glin-profanity`` package (MIT; about 3,400 entries in 24
  languages, from the widely used "List of Dirty, Naughty, Obscene and Otherwise Bad Words"),
  for the languages in ``HUDDLE_BLOCKLIST_LANGUAGES`` (default all; ``none`` for none):
  matched as whole words only, from 4 letters on (see ``games.nicknames.Blocklist.of``).
  Only its word lists are used, not its matcher, so the rules stay ours and stay tested.
- ``server/words/whole_words.txt``: our own entries that must only match whole words.
- ``server/words/allowed.txt``: real names that are slang somewhere; never blocked by the
  multi-language lists.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from games.nicknames import Blocklist
from server.settings import Settings, SettingsError

_PACKAGE = "glin_profanity"


def _lines(text: str) -> list[str]:
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


def _dictionaries() -> dict[str, resources.abc.Traversable]:
    folder = resources.files(_PACKAGE) / "data" / "dictionaries"
    return {
        f.name.removesuffix(".json"): f
        for f in folder.iterdir()
        if f.name.endswith(".json") and f.name != "globalWhitelist.json"
    }


def available_languages() -> list[str]:
    """The languages the multi-language lists cover (``english``, ``german``, …)."""
    return sorted(_dictionaries())


def language_words(languages: tuple[str, ...]) -> list[str]:
    """The multi-language entries of ``languages`` (``("all",)`` for every one).

    Raises SettingsError for a language the package does not have."""
    files = _dictionaries()
    chosen = sorted(files) if languages == ("all",) else list(languages)
    unknown = [lang for lang in chosen if lang not in files]
    if unknown:
        raise SettingsError(
            f"HUDDLE_BLOCKLIST_LANGUAGES: no word list for {', '.join(unknown)} "
            f"(have: {', '.join(sorted(files))}, or all, or none)"
        )
    words: list[str] = []
    for lang in chosen:
        data = json.loads(files[lang].read_text("utf-8"))
        words += [w for w in data.get("words", []) if isinstance(w, str)]
    return words


def load_blocklist(settings: Settings) -> Blocklist:
    """The nickname filter of a node, from its settings."""
    if settings.blocklist_path:
        curated = Path(settings.blocklist_path).read_text("utf-8")
    else:
        curated = (resources.files("server") / "words" / "blocklist.txt").read_text("utf-8")
    words = resources.files("server") / "words"
    whole = _lines((words / "whole_words.txt").read_text("utf-8"))
    languages = settings.blocklist_languages
    return Blocklist.of(
        _lines(curated),
        whole_words=whole + (language_words(languages) if languages else []),
        allowed=_lines((words / "allowed.txt").read_text("utf-8")),
    )
