"""Domain errors of the game engine, translated into protocol errors at the server's edge."""

from __future__ import annotations


class RuleViolation(Exception):
    """A request broke a game rule; `code` is the protocol's snake_case error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[RuleViolation], tuple[str, str]]:
        # Rebuild with both arguments so copies and pickles keep the code.
        return type(self), (self.code, self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


class InvalidInput(RuleViolation):
    """Malformed input; code is always "invalid"; `field` names the offending field path.

    Field paths look like ``questions[2].correct`` or ``settings.max_players``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__("invalid", message)
        self.field = field

    def __reduce__(self) -> tuple[type[InvalidInput], tuple[str, str]]:
        return type(self), (self.field, self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.field!r}, {self.message!r})"
