"""Shared type aliases for the game engine."""

from typing import Any, TypeAlias

JSON: TypeAlias = Any
"""A plain JSON value: dict, list, str, int, float, bool or None."""
