"""The objects a running server shares between its HTTP and Socket.IO handlers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quart import current_app

from server.settings import Settings

if TYPE_CHECKING:
    from server.auth import TokenSigner
    from server.db.database import Database


@dataclass
class AppContext:
    """Built once per process by the app factory and kept in ``app.extensions["huddle"]``."""

    settings: Settings
    db: Database
    tokens: TokenSigner
    games: Any = None  # server.rooms.runtime.Rooms, set by the app factory
    metrics: Any = None  # server.metrics.Metrics, set by the app factory


def get_context() -> AppContext:
    """The context of the app serving the current request."""
    ctx: AppContext = current_app.extensions["huddle"]
    return ctx
