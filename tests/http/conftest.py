"""HTTP tests: the auth and quiz blueprints on a small Quart app with a migrated SQLite file."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from http_support import SECRET  # noqa: E402
from quart import Quart  # noqa: E402
from quart.testing import QuartClient  # noqa: E402

from server.auth import TokenSigner  # noqa: E402
from server.context import AppContext  # noqa: E402
from server.db.database import Database  # noqa: E402
from server.db.migrate import upgrade_async  # noqa: E402
from server.http.auth import auth_bp  # noqa: E402
from server.http.handlers import register_error_handlers  # noqa: E402
from server.http.quizzes import quizzes_bp  # noqa: E402
from server.settings import Settings  # noqa: E402


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Quart]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
    await upgrade_async(url)
    # No Redis here (no live games): the per-address login limit, counted in Redis, is off
    # (tests/http/test_http_auth_rate.py and tests/abuse test it).
    settings = Settings(
        secret=SECRET, database_url=url, max_payload_bytes=64 * 1024, auth_rate_per_min=0
    )
    db = Database(url)
    quart = Quart(__name__)
    quart.register_blueprint(auth_bp)
    quart.register_blueprint(quizzes_bp)
    register_error_handlers(quart)
    quart.extensions["huddle"] = AppContext(
        settings=settings, db=db, tokens=TokenSigner(SECRET, settings.token_ttl_s)
    )
    try:
        yield quart
    finally:
        await db.close()


@pytest.fixture
def client(app: Quart) -> QuartClient:
    return app.test_client()
