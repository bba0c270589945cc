"""Small checks shared by the document parsers; every failure is an `InvalidInput`."""

from collections.abc import Iterable, Mapping

from games.errors import InvalidInput
from games.text import storable
from games.types import JSON


def obj(doc: object, field: str) -> Mapping[str, JSON]:
    """`doc` as a JSON object with string keys."""
    if not isinstance(doc, dict) or not all(isinstance(k, str) for k in doc):
        raise InvalidInput(field, f"{field} must be an object")
    return doc


def only_keys(doc: Mapping[str, JSON], allowed: Iterable[str], prefix: str) -> None:
    """Reject keys outside `allowed`, naming the first unknown one as the field."""
    unknown = sorted(set(doc) - set(allowed))
    if unknown:
        names = ", ".join(join(prefix, k) for k in unknown)
        raise InvalidInput(join(prefix, unknown[0]), f"unknown field: {names}")


def join(prefix: str, key: str) -> str:
    """The field path of `key` inside `prefix` (which may be empty, at the top level)."""
    return f"{prefix}.{key}" if prefix else key


def required(doc: Mapping[str, JSON], key: str, field: str) -> JSON:
    """The value of a key that must be present and not null."""
    value = doc.get(key)
    if value is None:
        raise InvalidInput(field, f"{field} is required")
    return value


def integer(value: object, field: str, low: int, high: int) -> int:
    """An int (never a bool) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, f"{field} must be an integer")
    if not low <= value <= high:
        raise InvalidInput(field, f"{field} must be between {low} and {high}")
    return value


def boolean(value: object, field: str) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise InvalidInput(field, f"{field} must be true or false")
    return value


def text(value: object, field: str, max_len: int, label: str | None = None) -> str:
    """A string that is non-empty once stripped, at most `max_len` characters; returned stripped.

    `label` names the value in the message when it is more precise than `field`,
    such as one element of a list.
    """
    name = label or field
    if not isinstance(value, str):
        raise InvalidInput(field, f"{name} must be a string")
    stripped = value.strip()
    if not stripped:
        raise InvalidInput(field, f"{name} must not be empty")
    if len(stripped) > max_len:
        raise InvalidInput(field, f"{name} must be at most {max_len} characters")
    if not storable(stripped):
        raise InvalidInput(field, f"{name} must be valid Unicode without NUL characters")
    return stripped


def optional_text(value: object, field: str, max_len: int) -> str | None:
    """Like `text`, but null, missing or blank means None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return text(value, field, max_len)


def choice(value: object, field: str, options: Iterable[str]) -> str:
    """One of a fixed set of strings."""
    allowed = tuple(options)
    if not isinstance(value, str) or value not in allowed:
        listed = ", ".join(f'"{o}"' for o in allowed)
        raise InvalidInput(field, f"{field} must be one of {listed}")
    return value


def listing(value: object, field: str, low: int, high: int) -> list[JSON]:
    """A JSON array of `low` to `high` elements."""
    if not isinstance(value, list):
        raise InvalidInput(field, f"{field} must be a list")
    if not low <= len(value) <= high:
        raise InvalidInput(field, f"{field} must hold between {low} and {high} items")
    return value
