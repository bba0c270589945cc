"""Opening challenges in the in-process tier (tests/runtime, tests/store)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from games.quiz import parse_quiz
from games.settings import parse_settings
from server.modes.challenge.opening import ChallengeOpening
from server.rooms.loaded import CreatedGame
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
