"""Pure builders of a challenge's wire payloads: its State and a player's RunView
(docs/protocol.md Part 2). No correct answer or explanation before that player's reveal."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from games.phases import Phase
from server.modes.challenge.opening import ChallengeInfo
from server.modes.classic import views as classic
from server.rooms.loaded import LoadedGame
from server.store.meta import GameMeta


def challenge_state(
    game: LoadedGame, info: ChallengeInfo, meta: GameMeta, players: int
) -> dict[str, Any]:
    """The State of a challenge's game: ``phase`` "open" until it closes, then "closed"."""
    return {
        "mode": "challenge",
        "phase": "closed" if meta.phase == Phase.FINISHED else "open",
        "challenge_id": info.challenge_id,
        "game_id": game.gid,
        "pin": game.pin,
        "title": game.title,
        "seq": meta.seq,
        "count": game.count,
        "opens_ms": info.opens_ms,
        "closes_ms": info.closes_ms,
        "attempts": info.attempts,
        "players": players,
        "question": None,
        "event_id": None,
        "require_identifier": False,
        "settings": game.settings.to_doc(),
    }


def run_view(
    game: LoadedGame,
    run: Mapping[str, str],
    *,
    now_ms: int,
    rank: int,
    players: int,
) -> dict[str, Any]:
    """A player's RunView of its current run (``run`` is the run's hash)."""
    status = run.get("status", "ready")
    q = int(run.get("q", "-1"))
    view: dict[str, Any] = {
        "status": status,
        "attempt": int(run.get("attempt", "1")),
        "question": q,
        "count": game.count,
        "score": int(run.get("score", "0")),
        "rank": rank,
        "streak": int(run.get("streak", "0")),
        "correct": int(run.get("correct", "0")),
        "answered": int(run.get("answered", "0")),
        "deadline_ms": int(run.get("deadline_ms") or 0),
        "server_ms": now_ms,
        "players": players,
    }
    if status == "question" and 0 <= q < game.count:
        question = game.quiz.questions[q]
        shown = classic.question_view(
            question,
            q,
            game.count,
            game.settings,
            int(run.get("opened_ms") or 0),
            int(run.get("deadline_ms") or 0),
            int(run.get("answers_open_ms") or 0),
        )
        # No big screen in a self-paced run: the phone shows the whole question, its audio and
        # video too (only images of other sites stay off it, as for a live game's phones).
        on_phone = replace(game.settings, show_question_on_device=True)
        view["view"] = classic.for_devices({"question": shown}, on_phone, playback=True)["question"]
    if status == "reveal" and 0 <= q < game.count:
        question = game.quiz.questions[q]
        last = json.loads(run.get("last") or "{}")
        result: dict[str, Any] = {
            "correct": bool(last.get("correct")),
            "points": int(last.get("points", 0)),
            "answered": bool(last.get("answered")),
            "correct_answer": question.correct_value(),
        }
        if question.explanation:
            result["explanation"] = question.explanation
        view["result"] = result
    return view
