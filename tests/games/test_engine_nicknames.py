"""Nicknames."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import RuleViolation
from games.nicknames import (
    MAX_NICKNAME,
    Blocklist,
    clean_nickname,
    filter_form,
    generate_nickname,
    is_blocked,
    nickname_key,
)
from games.words import ADJECTIVES, ANIMALS

# Keys a crowded game might hold: generated names, some numbered.
SOME_TAKEN = [f"{a} {b}".lower() for a in ADJECTIVES[:10] for b in ANIMALS[:10]] + [
    f"{a} {b} 2".lower() for a in ADJECTIVES[:3] for b in ANIMALS[:3]
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ada", "Ada"),
        ("  Ada Lovelace  ", "Ada Lovelace"),
        ("x" * MAX_NICKNAME, "x" * MAX_NICKNAME),
        (" " + "y" * 24 + "\t", "y" * 24),
        ("Zoe\u0301", "Zoé"),  # combining accent composed by NFC
        ("é" * 24, "é" * 24),
        ("🦊 Fox", "🦊 Fox"),
        ("李小龙", "李小龙"),
        ("a\u00a0b", "a\u00a0b"),
    ],
)
def test_clean_nickname(raw: str, expected: str) -> None:
    assert clean_nickname(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        42,
        ["Ada"],
        b"Ada",
        "",
        "   ",
        "x" * 25,
        "e\u0301" * 25,  # 25 characters even after NFC
        "Ada\x00",
        "A\nda",
        "A\x1bda",
        "Ada\u200b",  # zero-width space (Cf)
        "Ada\u202e",  # right-to-left override (Cf)
        "A\u2028da",  # line separator (Zl)
        "A\u2029da",  # paragraph separator (Zp)
        "A\ue000",  # private use (Co)
        "A\U000e0001",  # language tag (Cf)
        "A\U0010fffe",  # noncharacter (Cn)
        "A\ud800",  # lone surrogate (Cs)
    ],
)
def test_clean_nickname_rejects(raw: object) -> None:
    with pytest.raises(RuleViolation) as info:
        clean_nickname(raw)
    assert info.value.code == "nickname_invalid"
    assert info.value.message


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ada", "ada"),
        ("ADA", "aDa"),
        ("Straße", "STRASSE"),
        ("Ａｄａ", "ada"),  # fullwidth letters
        ("ﬁsh", "FISH"),  # ligature
        ("Zoé", "ZOÉ"),
    ],
)
def test_nickname_key_equal(a: str, b: str) -> None:
    assert nickname_key(a) == nickname_key(b)


@pytest.mark.parametrize(("a", "b"), [("Ada", "Ava"), ("Zoe", "Zoé"), ("a b", "ab")])
def test_nickname_key_different(a: str, b: str) -> None:
    assert nickname_key(a) != nickname_key(b)


# --- generated nicknames -------------------------------------------------------------------


def test_word_lists() -> None:
    assert len(ADJECTIVES) >= 60 and len(ANIMALS) >= 60
    assert len(set(ADJECTIVES)) == len(ADJECTIVES) and len(set(ANIMALS)) == len(ANIMALS)
    for word in (*ADJECTIVES, *ANIMALS):
        assert word.isalpha() and word.isascii() and word[0].isupper() and len(word) <= 9
    longest = max(map(len, ADJECTIVES)) + 1 + max(map(len, ANIMALS))
    assert longest <= MAX_NICKNAME - 5  # room for " 9999"


def test_generated_names_pass_a_typical_blocklist() -> None:
    blocklist = ["ass", "cock", "coon", "tit", "cum", "fag", "hell", "damn", "sex", "poo", "butt"]
    for adjective in ADJECTIVES:
        for animal in ANIMALS:
            assert not is_blocked(f"{adjective} {animal}", blocklist)


def test_generated_names_avoid_words_across_the_pair() -> None:
    # An operator's list may hold "arse", which "Lunar Seal" spells across its two words.
    blocklist = Blocklist.of(["arse", "anal", "hore", "cunt", "shit"])
    assert blocklist.blocks("Lunar Seal")
    names = {generate_nickname(random.Random(seed), blocklist=blocklist) for seed in range(3000)}
    assert len(names) > 1000
    assert [n for n in names if blocklist.blocks(n)] == []
    adjectives, animals = ["Lunar", "Brave"], ["Seal"]
    for seed in range(50):
        name = generate_nickname(
            random.Random(seed), blocklist=blocklist, adjectives=adjectives, animals=animals
        )
        assert name == "Brave Seal"
    # Numbered names are checked too: the filter reads digits as letters ("455" is "ass").
    taken = {nickname_key("Brave Seal")} | {nickname_key(f"Brave Seal {n}") for n in range(2, 455)}
    numbered = generate_nickname(
        random.Random(0),
        taken,
        blocklist=Blocklist.of(["arse", "ass"]),
        adjectives=adjectives,
        animals=animals,
    )
    assert numbered == "Brave Seal 456"


def test_generated_name_when_the_blocklist_refuses_nearly_everything() -> None:
    # Every random try is blocked; the walk over the whole space finds the one free pair.
    everything_but_one = Blocklist.of([a for a in ADJECTIVES if a != "Vivid"])
    for seed in range(20):
        name = generate_nickname(random.Random(seed), blocklist=everything_but_one)
        assert name.startswith("Vivid ") and not everything_but_one.blocks(name)


def test_generate_nickname() -> None:
    name = generate_nickname(random.Random(1))
    adjective, animal = name.split(" ")
    assert adjective in ADJECTIVES and animal in ANIMALS
    assert generate_nickname(random.Random(1)) == name  # deterministic in the rng
    assert clean_nickname(name) == name


def test_generate_nickname_avoids_taken_keys() -> None:
    first = generate_nickname(random.Random(5))
    second = generate_nickname(random.Random(5), {nickname_key(first)})
    assert second != first


def test_generate_nickname_numbers_when_everything_is_taken() -> None:
    rng = random.Random(3)
    taken = {"brave otter", "brave otter 2", "brave otter 3"}
    assert generate_nickname(rng, taken, adjectives=["Brave"], animals=["Otter"]) == (
        "Brave Otter 4"
    )
    assert generate_nickname(rng, set(), adjectives=["Brave"], animals=["Otter"]) == "Brave Otter"


def test_generate_nickname_keeps_names_within_24_characters() -> None:
    # Only custom word lists (or 10,000 numbered twins) can get this long.
    words: dict[str, Any] = {"adjectives": ["Extraordinarily"], "animals": ["Long Hippopotamus"]}
    first = generate_nickname(random.Random(0), **words)
    assert first == "Extraordinarily Long Hip"
    taken = {nickname_key(first)}
    assert generate_nickname(random.Random(0), taken, **words) == "Extraordinarily Long H 2"
    taken |= {f"extraordinarily long h {n}" for n in range(2, 10)}
    name = generate_nickname(random.Random(0), taken, **words)
    assert name == "Extraordinarily Long 10"
    for n in (first, name):
        assert clean_nickname(n) == n and len(n) <= MAX_NICKNAME


@settings(max_examples=200)
@given(st.integers(0, 2**32), st.sets(st.sampled_from(SOME_TAKEN), max_size=60))
def test_generated_nickname_is_valid_and_free(seed: int, taken: set[str]) -> None:
    name = generate_nickname(random.Random(seed), taken)
    assert clean_nickname(name) == name
    assert nickname_key(name) not in taken
    assert not is_blocked(name, ["ass", "hell", "tit"])


# --- the word filter -----------------------------------------------------------------------

BLOCKLIST = ["badword", "rude", "ass", "Two Words", "?!", ""]


@pytest.mark.parametrize(
    "nickname",
    [
        "badword",
        "BADWORD",
        "Bådwörd",
        "xXbadwordXx",  # a blocked word of 4+ letters inside a longer word
        "b.a.d.w.o.r.d",
        "b a d w o r d",  # spaced out
        "b4dw0rd",  # leetspeak
        "B@DW0RD",
        "rude otter",
        "Rud3",
        "ass",
        "my ass",
        "@$$",
        "A.S.S",
        "Two words",
        "two-words!",
        "twowords",
    ],
)
def test_is_blocked(nickname: str) -> None:
    assert is_blocked(nickname, BLOCKLIST)


@pytest.mark.parametrize(
    "nickname",
    [
        "Classy Otter",  # "ass" is short: whole words only
        "Assassin",
        "a s s",
        "Brave Otter",
        "Words Two",
        "",
    ],
)
def test_is_not_blocked(nickname: str) -> None:
    assert not is_blocked(nickname, BLOCKLIST)


def test_long_entries_match_inside_words() -> None:
    # The documented price of catching "xXrudeXx": "Prude" is blocked by "rude" too. Hosts who
    # mind keep such words out of their list; the server then suggests a generated name.
    assert is_blocked("Prude", BLOCKLIST)


def test_empty_blocklist_blocks_nothing() -> None:
    assert not is_blocked("badword", [])
    assert not is_blocked("badword", ["", "  ", "!!"])


def test_filter_form() -> None:
    assert filter_form("  Zoë  the  GREAT! ") == "zoe the great"


def test_prepared_blocklist() -> None:
    prepared = Blocklist.of(BLOCKLIST)
    assert prepared.words == frozenset({"badword", "rude", "ass", "two words"})
    assert prepared.fragments == ("badword", "rude", "twowords")
    assert is_blocked("xXrudeXx", prepared) and not is_blocked("Classy Otter", prepared)
    for nickname in ("b4dw0rd", "Two Words", "two", "Brave Otter"):
        assert is_blocked(nickname, prepared) is is_blocked(nickname, BLOCKLIST)


def test_whole_word_lists_match_only_whole_words_from_four_letters() -> None:
    prepared = Blocklist.of(
        ["rude"],
        whole_words=["badword", "con", "Mona", "クソ野郎", "操你妈", "씨발"],
        allowed=["mona"],
    )
    assert is_blocked("Badword", prepared) and is_blocked("the b4dw0rd", prepared)
    # Not inside other words, unlike the main list's entries.
    assert not is_blocked("xxBadwordxx", prepared) and is_blocked("xxrudexx", prepared)
    # Short entries of the wide list are ordinary words elsewhere; allowed ones are names.
    assert not is_blocked("Juan con Queso", prepared) and not is_blocked("Mona", prepared)
    # Scripts without spaces match inside the nickname; Hangul from two syllables.
    assert is_blocked("我操你妈的", prepared) and is_blocked("ねえクソ野郎", prepared)
    assert is_blocked("씨발놈아", prepared)
    assert not is_blocked("김민준", prepared) and not is_blocked("さくら", prepared)
