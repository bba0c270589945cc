"""Helpers of the HTTP tests (a module of its own: ``conftest`` is not importable reliably)."""

from __future__ import annotations

from typing import Any

from quart.testing import QuartClient

SECRET = "x" * 32


async def register(
    client: QuartClient, email: str = "ada@example.com", name: str = "Ada"
) -> dict[str, Any]:
    """Register a host; returns the 201 answer (``host`` and ``token``)."""
    resp = await client.post(
        "/api/auth/register", json={"email": email, "password": "correct horse", "name": name}
    )
    assert resp.status_code == 201, await resp.get_data(as_text=True)
    body: dict[str, Any] = await resp.get_json()
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
