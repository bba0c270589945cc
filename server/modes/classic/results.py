"""A finished classic game's results as the records SQL keeps (queued in the outbox as JSON by
`server.rooms.runtime.Rooms.finish`; server/outbox.py writes them)."""

from __future__ import annotations

from typing import Any

from games.kinds.question import Question
from server.db.records import AnswerRecord, GameResults, PlayerResult, QuestionResult, TeamResult
from server.modes.classic.standings import Standings
from server.rooms.loaded import LoadedGame
from server.store.meta import GameMeta


def game_results(
    game: LoadedGame,
    meta: GameMeta,
    standings: Standings,
    answers_by_q: list[dict[str, dict[str, Any]]],
) -> GameResults:
    """The results of a finished game: everything SQL keeps."""
    stats = standings.stats
    players = []
    for r in standings.ranked:
        p = standings.players.get(r.player_id, {})
        players.append(
            PlayerResult(
                player_id=r.player_id,
                nickname=p.get("nickname", ""),
                team=standings.team_of.get(r.player_id),
                score=r.score,
                rank=r.rank,
                correct=int(stats.get(f"{r.player_id}:correct", 0)),
                answered=int(stats.get(f"{r.player_id}:answered", 0)),
                correct_time_ms=r.correct_time_ms,
                joined_ms=p.get("joined_ms"),
                identifier=p.get("identifier"),
                player_key=p.get("player_key"),
                account_id=p.get("account_id"),
            )
        )
    in_game = set(standings.players)
    answers = []
    questions = []
    for index, question in enumerate(game.quiz.questions):
        given = answers_by_q[index] if index < len(answers_by_q) else {}
        given = {pid: a for pid, a in given.items() if pid in in_game}
        questions.append(question_summary(index, question, given))
        for pid, a in sorted(given.items()):
            answers.append(
                AnswerRecord(
                    player_id=pid,
                    question=index,
                    answer=a["a"],
                    correct=bool(a["c"]),
                    points=int(a["p"]),
                    elapsed_ms=int(a["t"]),
                )
            )
    teams = standings.teams or []
    return GameResults(
        game_id=game.gid,
        host_id=meta.host_id,
        event_id=meta.event_id,
        started_ms=meta.started_ms or None,
        finished_ms=meta.finished_ms,
        players=players,
        answers=answers,
        questions=questions,
        teams=[TeamResult(t.team, t.score, t.rank, t.members) for t in teams],
    )


def question_summary(
    index: int, question: Question, given: dict[str, dict[str, Any]]
) -> QuestionResult:
    """The tally of one question from the answers `given` to it (player id → answer)."""
    return QuestionResult(
        index=index,
        kind=question.kind,
        prompt=question.prompt,
        answered=len(given),
        correct=sum(1 for a in given.values() if a["c"]),
        distribution=question.distribution(a["a"] for a in given.values()),
    )
