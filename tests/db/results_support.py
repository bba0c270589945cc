"""Building finished games' results for the SQL tests (a module: conftest is not importable)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from server.db.database import Database
from server.db.records import AnswerRecord, GameResults, PlayerResult, QuestionResult, TeamResult
from server.db.scope import Scope

T0 = 1_764_000_000_000  # 2025-11-24T16:00:00Z
DAY_MS = 86_400_000


@dataclass
class P:
    """A player of a synthetic game: `right` lists (question, elapsed ms) of right answers,
    `wrong` the questions answered wrong."""

    pid: str
    score: int
    identifier: str | None = None
    key: str | None = None
    team: str | None = None
    right: list[tuple[int, int]] = field(default_factory=list)
    wrong: list[int] = field(default_factory=list)
    nickname: str | None = None
    account: str | None = None  # a signed-in player's account id


def results(
    gid: str,
    players: Sequence[P],
    *,
    questions: Sequence[str] = ("choice", "choice", "choice"),
    finished_ms: int = T0,
    teams: Sequence[TeamResult] = (),
) -> GameResults:
    """Results ranked as a game ranks them (score, then time of right answers)."""
    order = sorted(players, key=lambda p: (-p.score, sum(t for _, t in p.right), p.pid))
    ranked: list[PlayerResult] = []
    for position, p in enumerate(order, start=1):
        ctime = sum(t for _, t in p.right)
        prev = ranked[-1] if ranked else None
        rank = (
            prev.rank
            if prev is not None and (prev.score, prev.correct_time_ms) == (p.score, ctime)
            else position
        )
        ranked.append(
            PlayerResult(
                player_id=p.pid,
                nickname=p.nickname or p.pid.upper(),
                team=p.team,
                score=p.score,
                rank=rank,
                correct=len(p.right),
                answered=len(p.right) + len(p.wrong),
                correct_time_ms=ctime,
                joined_ms=finished_ms - 60_000,
                identifier=p.identifier,
                player_key=p.key,
                account_id=p.account,
            )
        )

    def value(q: int, right: bool) -> object:
        """The answer given: choice 0 (or True) is right, choice 1 (or False) wrong."""
        kind = questions[q] if q < len(questions) else "choice"
        return right if kind == "true_false" else 0 if right else 1

    answers = [
        AnswerRecord(p.pid, q, value(q, True), True, 500, t) for p in players for q, t in p.right
    ] + [AnswerRecord(p.pid, q, value(q, False), False, 0, 4_000) for p in players for q in p.wrong]

    def tally(i: int, kind: str) -> dict[str, int]:
        right = sum(1 for a in answers if a.question == i and a.correct)
        wrong = sum(1 for a in answers if a.question == i and not a.correct)
        if kind == "true_false":
            return {"true": right, "false": wrong}
        return {"0": right, "1": wrong}

    tallies = [
        QuestionResult(
            index=i,
            kind=kind,
            prompt=f"Q{i + 1}",
            answered=sum(1 for a in answers if a.question == i),
            correct=sum(1 for a in answers if a.question == i and a.correct),
            distribution=tally(i, kind),
        )
        for i, kind in enumerate(questions)
    ]
    return GameResults(
        game_id=gid,
        started_ms=finished_ms - 50_000,
        finished_ms=finished_ms,
        players=ranked,
        answers=answers,
        questions=tallies,
        teams=list(teams),
    )


async def new_game(
    db: Database,
    host_id: str,
    gid: str,
    *,
    event_id: str | None = None,
    settings: dict[str, object] | None = None,
    title: str = "Quiz",
    quiz: dict[str, object] | None = None,
) -> None:
    await db.games.create(
        Scope.personal(host_id),
        game_id=gid,
        quiz_id=None,
        pin="123456",
        title=title,
        settings=dict(settings or {}),
        quiz=quiz or {"title": title, "questions": []},
        event_id=event_id,
    )


async def play(db: Database, host_id: str, r: GameResults, **game: object) -> None:
    """Create the game and write its results."""
    await new_game(db, host_id, r.game_id, **game)  # type: ignore[arg-type]
    assert await db.results.save(r)
