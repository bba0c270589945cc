"""A finished run's results as SQL keeps them (``RunResults``, queued in the outbox by
``ChallengeDesk`` atomically with ending the run)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.db.records import AnswerRecord, PlayerResult, RunResults
from server.modes.challenge.opening import ChallengeInfo
from server.rooms.loaded import LoadedGame


def run_results(
    game: LoadedGame,
    info: ChallengeInfo,
    pid: str,
    player: Mapping[str, Any],
    team: str | None,
    run: Mapping[str, str],
    answers: Mapping[int, Mapping[str, Any]],
    rank: int,
    finished_ms: int,
) -> RunResults:
    """The results of one run: its player row is the run (``player_id`` = the run's id)."""
    run_id = run["run"]
    record = PlayerResult(
        player_id=run_id,
        nickname=str(player.get("nickname", "")),
        team=team,
        score=int(run.get("score", "0")),
        rank=rank,
        correct=int(run.get("correct", "0")),
        answered=int(run.get("answered", "0")),
        correct_time_ms=int(run.get("ctime", "0")),
        joined_ms=int(run.get("started_ms") or 0) or None,
        identifier=player.get("identifier"),
        player_key=player.get("player_key"),
        account_id=player.get("account_id"),
    )
    given = [
        AnswerRecord(
            player_id=run_id,
            question=q,
            answer=a["a"],
            correct=bool(a["c"]),
            points=int(a["p"]),
            elapsed_ms=int(a["t"]),
        )
        for q, a in sorted(answers.items())
    ]
    teams = game.settings.teams
    return RunResults(
        challenge_id=info.challenge_id,
        game_id=game.gid,
        player_id=pid,
        attempt=int(run.get("attempt", "1")),
        started_ms=int(run.get("started_ms") or 0),
        finished_ms=finished_ms,
        player=record,
        answers=given,
        team_id=None if teams is None else teams.id_of(team),
    )
