"""What the repositories raise when a row is missing or not ready."""

from __future__ import annotations


class NotFound(Exception):
    """No such row, or it belongs to another owner."""


class NotFinished(Exception):
    """The game's results have not been written yet."""


class Forbidden(Exception):
    """The caller's role in the workspace is too low for this (`server.db.scope.Scope.require`)."""


class Conflict(Exception):
    """The change would break a rule of the stored data; `code` names which (e.g.
    ``last_owner``: a workspace keeps at least one owner)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
