"""What the repositories raise when a row is missing or not ready."""

from __future__ import annotations


class NotFound(Exception):
    """No such row, or it belongs to another owner."""


class NotFinished(Exception):
    """The game's results have not been written yet."""
