"""Nicknames."""

from __future__ import annotations

import pytest

from games.errors import RuleViolation
from games.nicknames import MAX_NICKNAME, clean_nickname, nickname_key


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
