"""One bad outbox entry never holds back the others: a real server on SQLite and on
PostgreSQL, an entry SQL refuses planted in its Redis outbox (as an older version that let such
text in might have left it), then a good game finishes and its results reach SQL; the entry is
set aside, counted in ``/metrics`` and listed, retried and dropped with ``huddle outbox``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from redis.asyncio import Redis

from server.store.keys import Keys
from tests.conftest import TEST_REDIS_URL
from tests.e2e.conftest import ROOT, Group
from tests.e2e.game_run import SMALL_QUESTION, play_small_game
from tests.e2e.helpers import new_game
from tests.ops.test_ops_metrics import scrape, value

GROUPS = ["server", pytest.param("pg_server", marks=pytest.mark.postgres)]


def poison(game_id: str) -> str:
    """A finished game's outbox entry whose player identifier holds a lone surrogate and
    whose nickname holds NUL: SQLite's driver refuses the one, PostgreSQL both."""
    return json.dumps(
        {
            "game_id": game_id,
            "started_ms": 1_800_000_000_000,
            "finished_ms": 1_800_000_060_000,
            "players": [
                {
                    "player_id": "p1",
                    "nickname": "evil\u0000x",
                    "team": None,
                    "score": 0,
                    "rank": 1,
                    "correct": 0,
                    "answered": 0,
                    "correct_time_ms": 0,
                    "joined_ms": 1_800_000_000_000,
                    "identifier": "\ud800",
                    "player_key": None,
                }
            ],
            "answers": [],
            "questions": [],
            "teams": [],
        }
    )


def huddle_outbox(group: Group, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REDIS_URL": TEST_REDIS_URL,
        "HUDDLE_REDIS_PREFIX": group.prefix,
        "DATABASE_URL": group.database_url,
        "HUDDLE_LOG_FORMAT": "text",
    }
    return subprocess.run(
        [sys.executable, "-m", "server", "outbox", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("which", GROUPS)
async def test_a_poison_entry_holds_back_no_later_game(
    request: pytest.FixtureRequest, which: str
) -> None:
    group: Group = request.getfixturevalue(which)
    url = group.url
    before = value(await scrape(url), "huddle_outbox_set_aside_total")
    victim = await new_game(url, [SMALL_QUESTION])  # its row is in SQL, as a real game's
    redis = Redis.from_url(TEST_REDIS_URL, decode_responses=True)
    try:
        await redis.lpush(Keys(group.prefix).outbox(), poison(victim.id))
        # A later game still reaches SQL (play_small_game waits for its results).
        await play_small_game(url)
        listed = huddle_outbox(group, "list")
        assert listed.returncode == 0, listed.stderr
        lines = [line.split("\t") for line in listed.stdout.splitlines()]
        assert [line[0] for line in lines] == [victim.id], listed.stdout
        assert lines[0][2], "the error is shown"
        samples = await scrape(url)
        assert value(samples, "huddle_outbox_set_aside_total") == before + 1
        assert value(samples, "huddle_outbox_dead_entries") == 1
        resp = await victim.account.results(victim.id)
        assert resp.status_code == 409, resp.text  # never written, and not claimed to be
        # Retried as it is, it is set aside again; dropped, it is gone.
        retried = huddle_outbox(group, "retry", victim.id)
        assert retried.returncode == 0 and victim.id in retried.stdout, retried.stderr
        await play_small_game(url)
        assert value(await scrape(url), "huddle_outbox_set_aside_total") == before + 2
        dropped = huddle_outbox(group, "drop", "--all")
        assert dropped.returncode == 0 and victim.id in dropped.stdout, dropped.stderr
        assert huddle_outbox(group, "list").stdout == ""
        assert huddle_outbox(group, "drop", victim.id).returncode == 1
        assert value(await scrape(url), "huddle_outbox_dead_entries") == 0
    finally:
        await redis.aclose()
        await victim.account.close()
