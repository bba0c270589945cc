"""The rows a finished game or a finished run adds to SQL, built in one place for both writers
(`server.db.results.ResultRepo.write` for a live game, `server.db.runs.write_run` for one run
of a challenge): a player's ``game_players`` row, their ``game_answers``, and one set-based
insert."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.credits import credited_id
from server.db.models import Base
from server.db.records import AnswerRecord, PlayerResult
from server.db.scope import Scope
from server.db.times import ms_to_datetime

_T = TypeVar("_T")


def unique(items: Iterable[_T], key: Callable[[_T], Hashable]) -> list[_T]:
    """`items` without later duplicates of a key (the first one wins)."""
    seen: set[Hashable] = set()
    out: list[_T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def question_ids(snapshot: Mapping[str, Any]) -> dict[int, str]:
    """Question index → the question's stable id, from a game's quiz snapshot (questions
    without an id, as in games of quizzes saved before ids, are left out)."""
    questions = snapshot.get("questions")
    if not isinstance(questions, list):
        return {}
    return {
        i: q["id"]
        for i, q in enumerate(questions)
        if isinstance(q, dict) and isinstance(q.get("id"), str)
    }


def contribution_ids(snapshot: Mapping[str, Any]) -> dict[int, str]:
    """Question index → the contribution its credit names (``game_questions.contribution_id``,
    for the authors' stats), from a game's quiz snapshot; uncredited questions are left out."""
    questions = snapshot.get("questions")
    if not isinstance(questions, list):
        return {}
    return {i: cid for i, q in enumerate(questions) if (cid := credited_id(q)) is not None}


async def insert_rows(session: AsyncSession, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """One set-based insert of `rows` into `model`'s table (none when there are no rows)."""
    if rows:
        await session.execute(insert(model), rows)


def player_row(
    game_id: str,
    p: PlayerResult,
    scope: Scope,
    *,
    finished_at: datetime,
    identity_id: str | None,
    won: bool,
    team_id: str | None,
    rank: int | None = None,
) -> dict[str, Any]:
    """The ``game_players`` row of player `p` of game `game_id` owned by `scope` (its
    workspace and creator, copied for the leaderboards); `rank` overrides ``p.rank``."""
    return {
        "game_id": game_id,
        "player_id": p.player_id,
        "nickname": p.nickname,
        "team": p.team,
        "score": p.score,
        "rank": p.rank if rank is None else rank,
        "correct": p.correct,
        "answered": p.answered,
        "correct_time_ms": p.correct_time_ms,
        "joined_at": None if p.joined_ms is None else ms_to_datetime(p.joined_ms),
        "identity_id": identity_id,
        **scope.owner(),
        "finished_at": finished_at,
        "won": won,
        "team_id": team_id,
    }


def answer_rows(game_id: str, answers: Iterable[AnswerRecord]) -> list[dict[str, Any]]:
    """The ``game_answers`` rows of `answers` given in game `game_id`."""
    return [
        {
            "game_id": game_id,
            "player_id": a.player_id,
            "question_index": a.question,
            "answer": a.answer,
            "correct": a.correct,
            "points": a.points,
            "elapsed_ms": a.elapsed_ms,
        }
        for a in answers
    ]
