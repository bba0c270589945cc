"""The HTTP API while its Redis is stopped (a Redis the test owns, AOF on): a call that needs
Redis answers ``503`` with the API's JSON error (code ``unavailable``) and ``Retry-After``,
never ``500``; what lives in SQL (logins) keeps working; ``/healthz`` answers and ``/readyz``
says not ready; the node logs the outage as one line, not a traceback per request; and when
Redis is back the same node, never restarted, creates games again."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.faults.conftest import FaultServers, wait_ready
from tests.faults.support import choice

ACCOUNT = {"email": "down@example.com", "password": "correct horse", "name": "Down"}
CALLS = 6


async def test_http_api_answers_503_while_redis_is_down(faults: FaultServers) -> None:
    redis = await asyncio.to_thread(faults.own_redis)
    cluster = await asyncio.to_thread(faults.cluster, 1, redis_url=redis.url)
    node = cluster.nodes[0]
    await asyncio.to_thread(wait_ready, node.url)
    async with httpx.AsyncClient(base_url=node.url, timeout=15.0) as http:
        resp = await http.post("/api/auth/register", json=ACCOUNT)
        assert resp.status_code == 201, resp.text
        auth = {"Authorization": f"Bearer {resp.json()['token']}"}
        quiz = {"title": "Outage", "questions": [choice("Up?", 1)]}
        resp = await http.post("/api/quizzes", json=quiz, headers=auth)
        assert resp.status_code == 201, resp.text
        game = {"quiz_id": resp.json()["id"]}
        assert (await http.post("/api/games", json=game, headers=auth)).status_code == 201

        await asyncio.to_thread(redis.stop)
        started = time.monotonic()
        for _ in range(CALLS):
            resp = await http.post("/api/games", json=game, headers=auth)
            assert resp.status_code == 503, resp.text
            assert resp.headers["Retry-After"] == "2"
            assert resp.headers["Content-Type"].startswith("application/json")
            body = resp.json()
            assert set(body) == {"error"} and body["error"]["code"] == "unavailable", body
            assert body["error"]["message"]
        assert time.monotonic() - started < CALLS * 3.0  # refused quickly, no hang

        # Accounts are in SQL: logging in still works (the login limit lets it through).
        login = {k: ACCOUNT[k] for k in ("email", "password")}
        assert (await http.post("/api/auth/login", json=login)).status_code == 200
        assert (await http.get("/healthz")).status_code == 200
        ready = await http.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["redis"] is False and ready.json()["sql"] is True

        log = node.log_tail(200_000)
        outage = [line for line in log.splitlines() if "redis unavailable: " in line]
        assert len(outage) == 1, outage
        assert "server.http.handlers" in outage[0] and "WARNING" in outage[0]
        assert "unhandled error" not in log

        await asyncio.to_thread(redis.start)
        await asyncio.to_thread(wait_ready, node.url, 30.0)
        resp = await http.post("/api/games", json=game, headers=auth)
        assert resp.status_code == 201, resp.text
