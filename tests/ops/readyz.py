"""Reading a node's health over HTTP, for the ops tests."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx


async def get(url: str, path: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        return await http.get(path)


async def wait_ready(url: str, want: int, within_s: float) -> dict[str, Any]:
    """Polls ``/readyz`` until it answers `want`; its body."""
    deadline = time.monotonic() + within_s
    while True:
        resp = await get(url, "/readyz")
        if resp.status_code == want:
            body: dict[str, Any] = resp.json()
            return body
        assert time.monotonic() < deadline, f"/readyz still {resp.status_code}: {resp.text}"
        await asyncio.sleep(0.2)
