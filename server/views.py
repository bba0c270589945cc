"""Pure builders of the wire payloads the server sends (protocol v1)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from games.phases import Phase
from games.questions import Question
from games.ranking import Ranked
from games.settings import GameSettings

LEADERBOARD_SIZE = 10


def question_view(
    question: Question,
    index: int,
    count: int,
    settings: GameSettings,
    opened_ms: int,
    deadline_ms: int,
) -> dict[str, Any]:
    """The state's ``question``: what anyone may see, never the correct answer."""
    view = question.public(settings.time_limit_for(question))
    view.update(
        {"index": index, "count": count, "opened_ms": opened_ms, "deadline_ms": deadline_ms}
    )
    return view


def leaderboard(
    ranked: Sequence[Ranked], players: Mapping[str, Mapping[str, Any]], size: int = LEADERBOARD_SIZE
) -> list[dict[str, Any]]:
    """The top ``size`` of a ranking, as the state's ``leaderboard``."""
    rows = []
    for r in ranked[:size]:
        p = players.get(r.player_id, {})
        rows.append(
            {
                "rank": r.rank,
                "player_id": r.player_id,
                "nickname": p.get("nickname", ""),
                "team": p.get("team"),
                "score": r.score,
            }
        )
    return rows


def state(
    *,
    game_id: str,
    pin: str,
    title: str,
    phase: Phase,
    seq: int,
    players: int,
    question: dict[str, Any] | None,
    reveal: dict[str, Any] | None,
    leaderboard: list[dict[str, Any]] | None,
    teams: list[dict[str, Any]] | None,
    settings: GameSettings,
) -> dict[str, Any]:
    """A State object (see docs/protocol.md)."""
    return {
        "game_id": game_id,
        "pin": pin,
        "title": title,
        "phase": phase.value,
        "seq": seq,
        "players": players,
        "question": question,
        "reveal": reveal,
        "leaderboard": leaderboard,
        "teams": teams,
        "settings": settings.to_doc(),
    }


def reveal(
    question: Question,
    answers: Iterable[Mapping[str, Any]],
    closed_ms: int,
) -> dict[str, Any]:
    """The state's ``reveal`` for a closed question."""
    distribution = question.empty_distribution()
    answered = 0
    for a in answers:
        answered += 1
        question.tally(distribution, a["a"])
    out: dict[str, Any] = {
        "correct": question.correct_value(),
        "distribution": distribution,
        "answered": answered,
        "closed_ms": closed_ms,
    }
    if question.explanation:
        out["explanation"] = question.explanation
    return out


def error(code: str, message: str) -> dict[str, Any]:
    """A failed acknowledgement."""
    return {"ok": False, "error": {"code": code, "message": message}}
