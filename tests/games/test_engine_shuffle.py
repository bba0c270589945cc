"""Per-device choice orders (shared with the device's TypeScript) and random permutations."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.shuffle import (
    fnv1a32,
    mulberry32,
    player_shuffle_seed,
    question_seed,
    random_permutation,
    shuffle_order,
)

# The same vectors are in docs/rules.md. They were produced by the web client's own
# `displayOrder(n, String(seed), question)` (web/src/answers.ts) under Node.
VECTORS = [
    (0, 0, 4, [1, 3, 0, 2]),
    (1, 0, 4, [3, 2, 1, 0]),
    (42, 0, 4, [1, 2, 3, 0]),
    (42, 1, 4, [2, 1, 0, 3]),
    (42, 2, 6, [3, 5, 2, 0, 1, 4]),
    (123456789, 3, 5, [0, 3, 2, 4, 1]),
    (4294967295, 199, 6, [5, 3, 2, 1, 4, 0]),
    (2024, 7, 8, [7, 2, 3, 0, 4, 1, 6, 5]),
    (7, 0, 2, [0, 1]),
    (7, 1, 2, [0, 1]),
    (99, 5, 3, [2, 0, 1]),
]


@pytest.mark.parametrize(("seed", "question", "n", "expected"), VECTORS)
def test_shuffle_order_vectors(seed: int, question: int, n: int, expected: list[int]) -> None:
    assert shuffle_order(seed, question, n) == expected
    assert shuffle_order(str(seed), question, n) == expected


def test_string_seeds_hash_utf16_code_units() -> None:
    # displayOrder(5, "héllo-🦊", 2) in JavaScript; the fox is a surrogate pair there.
    assert shuffle_order("héllo-🦊", 2, 5) == [1, 4, 0, 2, 3]
    assert fnv1a32("héllo-🦊:2") == 696737090


def test_fnv1a32() -> None:
    assert fnv1a32("") == 2166136261
    assert fnv1a32("a") == 0xE40C292C  # the published FNV-1a 32-bit test vector
    assert fnv1a32("foobar") == 0xBF9CF968
    assert question_seed(42, 0) == fnv1a32("42:0") == 2071836497
    assert question_seed(0, 0) == 1773302445


def test_mulberry32_outputs() -> None:
    # mulberry32(42) in JavaScript, each output × 2^32.
    outputs = mulberry32(42)
    assert [next(outputs) for _ in range(5)] == [
        2581720956,
        1925393290,
        3661312704,
        2876485805,
        750819978,
    ]
    masked = mulberry32(42 + 2**32)
    assert next(masked) == 2581720956


def test_no_seed_keeps_the_quiz_order() -> None:
    assert shuffle_order("", 3, 5) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("n", [-1, 0, 1])
def test_small_lists(n: int) -> None:
    assert shuffle_order(42, 0, n) == list(range(max(n, 0)))


@settings(max_examples=300)
@given(st.integers(0, 2**32 - 1), st.integers(0, 199), st.integers(0, 8))
def test_shuffle_order_is_a_deterministic_permutation(seed: int, question: int, n: int) -> None:
    order = shuffle_order(seed, question, n)
    assert sorted(order) == list(range(n))
    assert order == shuffle_order(seed, question, n)


def test_shuffle_order_is_roughly_uniform() -> None:
    counts = Counter(tuple(shuffle_order(seed, 0, 3)) for seed in range(6000))
    assert set(counts) == set(itertools.permutations(range(3)))
    assert all(800 < c < 1200 for c in counts.values())


def test_questions_get_different_orders() -> None:
    orders = {tuple(shuffle_order(12345, q, 6)) for q in range(20)}
    assert len(orders) > 10


def test_player_shuffle_seed() -> None:
    seeds = {player_shuffle_seed(f"p_{i}") for i in range(50)}
    assert len(seeds) == 50 and all(0 <= s < 2**32 for s in seeds)
    assert player_shuffle_seed("p_1") == player_shuffle_seed("p_1") == fnv1a32("p_1")


@settings(max_examples=200)
@given(st.integers(0, 8), st.integers(0, 10**6))
def test_random_permutation(n: int, seed: int) -> None:
    order = random_permutation(random.Random(seed), n)
    assert sorted(order) == list(range(n))


# Chi-square critical values at p = 0.001 by degrees of freedom (n! − 1): a uniform draw fails
# this with probability 1/1000, and the seeds are fixed, so the test is deterministic.
CHI2_P001 = {1: 10.828, 5: 20.515, 23: 49.728}


def chi_square(counts: Counter[tuple[int, ...]], n: int, draws: int) -> float:
    """Pearson's statistic of `counts` against the uniform distribution over the n! orders."""
    cells = list(itertools.permutations(range(n)))
    expected = draws / len(cells)
    return sum((counts.get(cell, 0) - expected) ** 2 / expected for cell in cells)


@pytest.mark.parametrize(("n", "draws"), [(2, 4000), (3, 6000), (4, 12000)])
def test_random_permutation_is_uniform_over_every_order(n: int, draws: int) -> None:
    # One draw per seed, as each game draws its own: the identity (the right order of an
    # order question) is as likely as any other.
    counts = Counter(tuple(random_permutation(random.Random(s), n)) for s in range(draws))
    assert chi_square(counts, n, draws) < CHI2_P001[math.factorial(n) - 1]
    assert counts[tuple(range(n))] > 0


def test_random_permutation_of_fewer_than_two() -> None:
    assert random_permutation(random.Random(1), 1) == [0]
    assert random_permutation(random.Random(1), 0) == []
