"""Opening challenges in the in-process tier (tests/runtime, tests/store)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from games.quiz import parse_quiz
from games.settings import parse_settings
from server.db.records import RunResults
from server.modes.challenge.opening import ChallengeOpening
from server.rooms.loaded import CreatedGame, SignedIn
from server.sockets.messages import Answer, Join
from tests.server.inproc import Node

LIMIT_MS = 20_000
HOUR_MS = 3_600_000


def quiz_doc(questions: int = 3) -> dict[str, Any]:
    return {
        "title": "Self-paced",
        "questions": [
            {
                "kind": "choice",
                "prompt": f"Q{i}",
                "choices": ["right", "wrong"],
                "correct": [0],
                "time_limit_ms": LIMIT_MS,
                "explanation": f"because {i}",
            }
            for i in range(questions)
        ],
    }


def opening(
    now: int,
    *,
    questions: int = 3,
    audience: str = "guests",
    attempts: int = 1,
    opens_in_ms: int = 0,
    closes_in_ms: int = 24 * HOUR_MS,
    settings: Mapping[str, Any] | None = None,
    team_ids: tuple[str, ...] = (),
    fixed_teams: Mapping[str, str] | None = None,
) -> ChallengeOpening:
    return ChallengeOpening(
        challenge_id="c_1",
        workspace_id="w_1",
        host_id="h_1",
        quiz_id="q_1",
        quiz=parse_quiz(quiz_doc(questions)),
        settings=parse_settings(dict(settings) if settings else None),
        opens_ms=now + opens_in_ms,
        closes_ms=now + closes_in_ms,
        audience=audience,
        team_ids=team_ids,
        fixed_teams=dict(fixed_teams or {}),
        attempts=attempts,
    )


async def open_challenge(node: Node, now: int, **kw: Any) -> CreatedGame:
    return await node.live.challenges.open(opening(now, **kw), None)


_sids = iter(range(10**9))


async def join(
    node: Node,
    pin: str,
    payload: Mapping[str, Any],
    account: SignedIn | None = None,
) -> tuple[str, str, dict[str, Any]]:
    """A player joins a challenge through `node` (as `account`, when given): (gid, pid, ack)."""
    sid = f"csid{next(_sids)}"

    async def account_of(token: str, gid: str) -> SignedIn | None:
        return account if token == "login" else None

    msg = Join.parse({"pin": pin, **payload})
    gid, pid, ack = await node.live.players.join(sid, msg, account_of)
    node.players.add(sid, gid, pid)
    return gid, pid, ack


async def move(node: Node, gid: str, pid: str, kind: str) -> dict[str, Any]:
    ack = await node.live.challenges.move(gid, pid, kind)
    assert ack["ok"] is True
    view: dict[str, Any] = ack["run"]
    return view


async def answer(node: Node, gid: str, pid: str, q: int, value: Any = 0) -> dict[str, Any]:
    ack = await node.live.answer(gid, pid, Answer(q, value))
    view: dict[str, Any] = ack["run"]
    return view


def run_entries(raw: list[str]) -> list[RunResults]:
    return [RunResults.from_doc(json.loads(e)) for e in raw if json.loads(e).get("kind") == "run"]
