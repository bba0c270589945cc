"""The shape of a failed acknowledgement, the same for every event of every namespace."""

from __future__ import annotations

from typing import Any


def error(code: str, message: str) -> dict[str, Any]:
    """A failed acknowledgement."""
    return {"ok": False, "error": {"code": code, "message": message}}
