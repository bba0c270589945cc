"""Headers every answer of the real app carries: ``X-Content-Type-Options: nosniff`` on all of
them (API JSON, errors, pages, files, health), and on HTML pages also ``X-Frame-Options: DENY``
and ``Referrer-Policy: same-origin``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from http_support import SECRET

from server.app import create_app
from server.db.migrate import upgrade_async
from server.settings import Settings


@pytest.fixture
async def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Huddle</title><div id=app></div>")
    (dist / "assets" / "index-abc123.js").write_text("console.log('hi')")
    monkeypatch.setenv("HUDDLE_WEB_DIR", str(dist))
    url = f"sqlite+aiosqlite:///{tmp_path / 'huddle.db'}"
    await upgrade_async(url)
    app = create_app(Settings(secret=SECRET, database_url=url))
    try:
        yield app.quart.test_client()
    finally:
        await app.huddle.db.close()


PAGE = {"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/api/auth/register", {"email": "a@example.com", "password": "correct horse",
                                        "name": "A"}, 201),
        ("GET", "/api/openapi.json", None, 200),
        ("GET", "/api/auth/me", None, 401),
        ("POST", "/api/auth/login", {"email": "nobody"}, 422),
        ("GET", "/api/nothing-here", None, 404),
        ("GET", "/healthz", None, 200),
        ("GET", "/metrics", None, 200),
        ("GET", "/assets/index-abc123.js", None, 200),
    ],
)  # fmt: skip
async def test_every_answer_says_nosniff(
    client: Any, method: str, path: str, body: Any, status: int
) -> None:
    resp = await client.open(path, method=method, json=body)
    assert resp.status_code == status, await resp.get_data(as_text=True)
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    if resp.mimetype != "text/html":
        assert "X-Frame-Options" not in resp.headers


@pytest.mark.parametrize("path", ["/", "/join/482913", "/screen/482913", "/host/g_1"])
async def test_pages_may_not_be_framed_and_keep_their_referrer(client: Any, path: str) -> None:
    resp = await client.get(path)
    assert resp.status_code == 200
    assert resp.mimetype == "text/html"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    for name, value in PAGE.items():
        assert resp.headers[name] == value
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
