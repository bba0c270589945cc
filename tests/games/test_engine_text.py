"""Text normalisation: typed answers, edit distance, word cloud words, leetspeak."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.text import (
    cloud_words,
    compact,
    count_letters,
    first_unstorable,
    normalize_answer,
    storable,
    undo_leet,
    within_edits,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Paris", "paris"),
        ("  PARIS  ", "paris"),
        ("París", "paris"),
        ("Zoë's   CAFÉ!", "zoes cafe"),
        ("São Paulo", "sao paulo"),
        ("Straße", "strasse"),
        ("ﬁsh", "fish"),  # ligature
        ("Ｐａｒｉｓ", "paris"),  # fullwidth
        ("rock'n'roll", "rocknroll"),
        ("Jean-Paul  Sartre", "jeanpaul sartre"),
        ("C++", "c"),
        ("100 %", "100"),
        ("x\u200by", "xy"),  # zero-width space (Cf) dropped
        ("new\tyork\n", "new york"),
        ("a\u00a0b", "a b"),  # no-break space is a space
        ("İstanbul", "istanbul"),  # dotted capital I folds to i + dot, the dot is dropped
        ("Ελλάδα", "ελλαδα"),
        ("東京", "東京"),
        ("한국", "한국"),  # Hangul recomposed
        ("?!…", ""),
        ("", ""),
    ],
)
def test_normalize_answer(raw: str, expected: str) -> None:
    assert normalize_answer(raw) == expected


@settings(max_examples=500)
@given(st.text(max_size=40))
def test_normalize_answer_is_idempotent(text: str) -> None:
    once = normalize_answer(text)
    assert normalize_answer(once) == once
    assert once == once.strip() and "  " not in once


def test_compact_and_letters() -> None:
    assert compact("new york") == "newyork"
    assert count_letters("paris") == 5
    assert count_letters("1984") == 0
    assert count_letters("r2d2") == 2
    assert count_letters("ελλαδα") == 6


def levenshtein(a: str, b: str) -> int:
    """The textbook full-matrix distance, as a reference."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("paris", "paris", 0, True),
        ("paris", "pariss", 0, False),
        ("paris", "pariss", 1, True),
        ("paris", "parsi", 1, False),
        ("paris", "parsi", 2, True),
        ("kitten", "sitting", 2, False),
        ("kitten", "sitting", 3, True),
        ("", "abc", 3, True),
        ("abc", "", 2, False),
        ("abcdef", "ab", 3, False),
        ("", "", 0, True),
        ("a", "b", 1, True),
        ("abcdefgh", "hgfedcba", 3, False),
    ],
)
def test_within_edits(a: str, b: str, limit: int, expected: bool) -> None:
    assert within_edits(a, b, limit) is expected
    assert within_edits(b, a, limit) is expected


@settings(max_examples=500)
@given(st.text("abcd", max_size=9), st.text("abcd", max_size=9), st.integers(0, 3))
def test_within_edits_matches_levenshtein(a: str, b: str, limit: int) -> None:
    assert within_edits(a, b, limit) is (levenshtein(a, b) <= limit)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sunny", ["sunny"]),
        ("Sunny day, sunny DAY!", ["sunny", "day"]),
        ("Fun, fun & FUN!", ["fun"]),  # "&" is punctuation
        ("don't stop", ["dont", "stop"]),
        ("Café cafe", ["café", "cafe"]),  # accents are kept
        ("🎉 party 🎉", ["🎉", "party"]),  # symbols are kept
        ("Ｗｏｒｄ", ["word"]),
        ("...", []),
    ],
)
def test_cloud_words(raw: str, expected: list[str]) -> None:
    assert cloud_words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("h3ll0", "hello"), ("$4f3 @5", "safe as"), ("1337", "ieet"), ("plain", "plain")],
)
def test_undo_leet(raw: str, expected: str) -> None:
    assert undo_leet(raw) == expected


# --- storable text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë", True),
        ("😀 emoji", True),  # a surrogate pair in UTF-16, one code point here
        ("", True),
        ("tab\there", True),  # other controls are each field's business
        ("evil\u0000x@example.com", False),
        ("\ud800", False),
        ("a\udfffb", False),
    ],
)
def test_storable(text: str, expected: bool) -> None:
    assert storable(text) is expected


@given(st.text())
def test_storable_text_encodes_as_utf8_without_nul(text: str) -> None:
    assert storable(text) == ("\x00" not in text)
    text.encode("utf-8")  # hypothesis's text holds no surrogates: always encodable


@given(st.text(st.characters(categories=["Cs"]), min_size=1))
def test_lone_surrogates_are_never_storable(text: str) -> None:
    assert not storable(text)


def test_first_unstorable_names_the_path() -> None:
    assert first_unstorable({"a": [1, {"b": "ok"}], "c": None}) is None
    assert first_unstorable({"a": [1, {"b": "x\x00"}]}) == "a[1].b"
    assert first_unstorable({"\ud800": 1}) == "\\ud800"  # escaped: never echoed
    assert first_unstorable({"a": {"b\x00": 1}}, "payload") == "payload.a.b\\x00"
    assert first_unstorable(["ok", "\ud800"], "payload") == "payload[1]"
    assert first_unstorable("\x00") == "body"
    assert first_unstorable((1, 2.5, True, None, 10**30, -0.0)) is None
    assert first_unstorable({"a": 1, "b": [0.5, float("nan")]}) == "b[1]"
    assert first_unstorable({"x": float("-inf")}, "payload") == "payload.x"


def test_first_unstorable_walks_any_depth() -> None:
    deep: object = "\x00"
    for _ in range(50_000):
        deep = [deep]
    assert first_unstorable({"x": deep}) == "x" + "[0]" * 50_000


_json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included
    | st.text(st.characters(categories=["Cs", "Cc", "Ll"]), max_size=4),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.characters(categories=["Cs", "Ll"]), max_size=3), children)
    ),
    max_leaves=12,
)


def _bad_leaves(value: object) -> int:
    if isinstance(value, str):
        return 0 if storable(value) else 1
    if isinstance(value, float):
        return 0 if value == value and abs(value) != float("inf") else 1
    if isinstance(value, dict):
        return sum(_bad_leaves(k) + _bad_leaves(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_bad_leaves(v) for v in value)
    return 0


@settings(max_examples=300, derandomize=True)
@given(_json_like)
def test_first_unstorable_finds_a_bad_leaf_exactly_when_there_is_one(value: object) -> None:
    found = first_unstorable(value)
    assert (found is None) == (_bad_leaves(value) == 0)
    assert found is None or storable(found), "the path echoes what it found"
