"""Shared type aliases for the game engine."""

from typing import Any, Protocol, TypeAlias

JSON: TypeAlias = Any
"""A plain JSON value: dict, list, str, int, float, bool or None."""


class RandomSource(Protocol):
    """Where the engine draws randomness from: pass a `random.Random` (seeded in tests).

    The engine never touches the `random` module's global state; it only calls these methods.
    """

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        """A random int in range(start, stop, step), as `random.Random.randrange`."""

    def getrandbits(self, k: int) -> int:
        """A random int of `k` bits, as `random.Random.getrandbits`."""
