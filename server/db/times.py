"""Instants: the protocol's epoch milliseconds and the database's aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def ms_to_datetime(ms: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime (exact, no float rounding)."""
    return EPOCH + ms * _MS


def datetime_to_ms(instant: datetime) -> int:
    """An aware datetime as epoch milliseconds."""
    return (instant - EPOCH) // _MS


def opt_ms(instant: datetime | None) -> int | None:
    """`datetime_to_ms`, None staying None."""
    return None if instant is None else datetime_to_ms(instant)


def now() -> datetime:
    """The current instant, for the database's timestamps."""
    # Microseconds (not the game clock's milliseconds) keep "newest first" orderings stable.
    return datetime.now(UTC)
