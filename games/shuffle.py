"""Per-device orders of choices, and random permutations drawn from an injected source.

`shuffle_order` is the one function the server and every device must agree on: with
`settings.shuffle_choices` on, a device shows the choices of question `question_index` in the
order it returns, and still answers with the original indices. It is the algorithm the web
client already ships (`displayOrder` in web/src/answers.ts): FNV-1a of ``"<seed>:<index>"``
seeds mulberry32, which drives a Fisher–Yates shuffle. docs/rules.md has test vectors.
"""

from __future__ import annotations

from collections.abc import Iterator

from games.types import RandomSource

MASK32 = 0xFFFFFFFF
FNV_OFFSET = 2166136261
FNV_PRIME = 16777619
MULBERRY_INCREMENT = 0x6D2B79F5


def _imul(a: int, b: int) -> int:
    """JavaScript's Math.imul on uint32 operands, as a uint32."""
    return (a * b) & MASK32


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a over the UTF-16 code units of `text` (what JavaScript's charCodeAt gives)."""
    h = FNV_OFFSET
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h = _imul(h ^ (data[i] | data[i + 1] << 8), FNV_PRIME)
    return h


def mulberry32(seed: int) -> Iterator[int]:
    """The endless stream of uint32 outputs of mulberry32 seeded with `seed` (masked to 32 bits).

    JavaScript divides each output by 2^32 to get a float in [0, 1); the integers are the same.
    """
    state = seed & MASK32
    while True:
        state = (state + MULBERRY_INCREMENT) & MASK32
        t = _imul(state ^ (state >> 15), state | 1)
        t = ((t + _imul(t ^ (t >> 7), t | 61)) & MASK32) ^ t
        yield (t ^ (t >> 14)) & MASK32


def question_seed(seed: int | str, question_index: int) -> int:
    """The mulberry32 seed for one question: FNV-1a of ``f"{seed}:{question_index}"``.

    An int seed is written in decimal, as JavaScript's String(n) writes it (for |n| < 2^53).
    """
    return fnv1a32(f"{seed}:{question_index}")


def shuffle_order(seed: int | str, question_index: int, n: int) -> list[int]:
    """The order a device shows the `n` choices of question `question_index` in.

    Returns a permutation of range(n) mapping display position → original index: position k
    shows choice ``order[k]``, and tapping it answers ``order[k]``. Deterministic in its three
    arguments. An empty-string seed (no seed) gives the quiz's own order, as on the device.

    Fisher–Yates from the end: for i = n−1 down to 1, j = ⌊u × (i + 1) / 2^32⌋ with u the next
    mulberry32 output, then swap positions i and j.
    """
    order = list(range(max(n, 0)))
    if seed == "":
        return order
    outputs = mulberry32(question_seed(seed, question_index))
    for i in range(len(order) - 1, 0, -1):
        j = (next(outputs) * (i + 1)) >> 32
        order[i], order[j] = order[j], order[i]
    return order


def player_shuffle_seed(player_id: str) -> int:
    """A player's shuffle seed (a uint32), derived from the player id: FNV-1a of the id.

    Stable for the player's whole game, resumes included, with nothing to store. The server
    sends it in the join ack as ``"shuffle_seed"`` when `settings.shuffle_choices` is on.
    """
    return fnv1a32(player_id)


def random_permutation(rng: RandomSource, n: int) -> list[int]:
    """A uniformly random permutation of range(n) drawn from `rng` (Fisher–Yates).

    Every permutation is equally likely, the identity included: an order question shown in a
    shuffled order must sometimes show the right order, or its answer could be guessed (with two
    items, the reverse of what is shown).
    """
    order = list(range(max(n, 0)))
    for i in range(len(order) - 1, 0, -1):
        j = rng.randrange(i + 1)
        order[i], order[j] = order[j], order[i]
    return order
