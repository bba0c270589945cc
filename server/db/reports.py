"""Reports of finished games and events, and a player's own history, read in SQL.

Averages and tallies are computed by the database (``AVG``, ``SUM`` … ``GROUP BY``); Python only
shapes the rows and orders the questions hardest first (`hardest_first`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from games.kinds.question import Question
from games.kinds.registry import UNSCORED_KINDS
from games.milestones import MILESTONES, describe
from games.nicknames import nickname_key
from server.db.base import Repo
from server.db.errors import NotFinished, NotFound
from server.db.leaderboards import EventRounds, leaderboard
from server.db.models import (
    Event,
    Game,
    GameAnswer,
    GamePlayer,
    GameQuestion,
    GameTeam,
    Identity,
    MilestoneAwarded,
)
from server.db.scope import Scope, load_owned
from server.db.times import opt_ms
from server.reports.answers import answer_text, distribution_text, question_at, stored_questions

#: Milestones earned together (in one game) are listed in the rules' order.
_RULE_ORDER = {code: i for i, code in enumerate(MILESTONES)}

#: Every identified player of an event fits in one report.
EVENT_REPORT_MAX_PLAYERS = 100_000


def _avg(value: Any) -> int | None:
    return None if value is None else round(float(value))


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal; None when `whole` is 0."""
    return None if whole <= 0 else round(100 * part / whole, 1)


def hardest_first(questions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Questions ordered hardest first, each given its ``difficulty`` (1 = hardest).

    Harder means a lower share of right answers, then a longer average time; questions no one
    answered come after those, and questions without a right answer (polls, word clouds) last,
    with ``difficulty`` None.
    """

    def key(q: dict[str, Any]) -> tuple[int, float, float]:
        if q["kind"] in UNSCORED_KINDS:
            return (2, 0.0, 0.0)
        if q["percent_correct"] is None:
            return (1, 0.0, 0.0)
        return (0, q["percent_correct"], -(q["average_time_ms"] or 0))

    ordered = sorted(questions, key=key)  # stable: ties keep their given order
    difficulty = 0
    for q in ordered:
        if q["kind"] in UNSCORED_KINDS:
            q["difficulty"] = None
        else:
            difficulty += 1
            q["difficulty"] = difficulty
    return ordered


def _in_award_order(rows: Iterable[MilestoneAwarded]) -> list[MilestoneAwarded]:
    return sorted(rows, key=lambda m: (m.awarded_at, _RULE_ORDER.get(m.code, len(_RULE_ORDER))))


def _question_rows(game_ids: Select[Any]) -> Select[Any]:
    timing = (
        select(
            GameAnswer.game_id,
            GameAnswer.question_index,
            func.avg(GameAnswer.elapsed_ms).label("avg_ms"),
        )
        .where(GameAnswer.game_id.in_(game_ids))
        .group_by(GameAnswer.game_id, GameAnswer.question_index)
        .subquery()
    )
    return (
        select(GameQuestion, timing.c.avg_ms)
        .outerjoin(
            timing,
            (timing.c.game_id == GameQuestion.game_id)
            & (timing.c.question_index == GameQuestion.index),
        )
        .where(GameQuestion.game_id.in_(game_ids))
    )


def _question_doc(q: GameQuestion, avg_ms: Any, played: Sequence[Question]) -> dict[str, Any]:
    """A question's figures; `played` is its game's quiz as played (for the choices' texts)."""
    scored = q.kind not in UNSCORED_KINDS
    question = question_at(played, q.index, q.kind)
    return {
        "index": q.index,
        "kind": q.kind,
        "prompt": q.prompt,
        "answered": q.answered,
        "correct": q.correct if scored else None,
        "percent_correct": percent(q.correct, q.answered) if scored else None,
        "average_time_ms": _avg(avg_ms),
        "distribution": q.distribution,
        "distribution_text": distribution_text(question, q.kind, q.distribution, q.answered),
    }


def _game_doc(game: Game) -> dict[str, Any]:
    return {
        "id": game.id,
        "title": game.title,
        "pin": game.pin,
        "quiz_id": game.quiz_id,
        "event_id": game.event_id,
        "started_at": opt_ms(game.started_at),
        "finished_at": opt_ms(game.finished_at),
        "players": game.players,
    }


def event_doc(event: Event) -> dict[str, Any]:
    """An event as the API shows it."""
    return {
        "id": event.id,
        "name": event.name,
        "starts_ms": opt_ms(event.starts_at),
        "ends_ms": opt_ms(event.ends_at),
        "teams": list(event.teams),
        "require_identifier": event.require_identifier,
        "created_ms": opt_ms(event.created_at),
    }


async def _teams(session: AsyncSession, game_id: str) -> list[dict[str, Any]]:
    rows = await session.scalars(select(GameTeam).where(GameTeam.game_id == game_id))
    return [
        {"rank": t.rank, "team": t.team, "score": t.score, "members": t.members}
        for t in sorted(rows, key=lambda t: (t.rank, nickname_key(t.team), t.team))
    ]


async def game_report(session: AsyncSession, game: Game) -> dict[str, Any]:
    """The workspace's report of a finished game: players (with identifiers and the milestones
    earned in it), teams and questions hardest first."""
    gid = game.id
    timing = (
        select(GameAnswer.player_id, func.avg(GameAnswer.elapsed_ms).label("avg_ms"))
        .where(GameAnswer.game_id == gid)
        .group_by(GameAnswer.player_id)
        .subquery()
    )
    players = (
        await session.execute(
            select(GamePlayer, Identity.identifier, timing.c.avg_ms)
            .outerjoin(Identity, Identity.id == GamePlayer.identity_id)
            .outerjoin(timing, timing.c.player_id == GamePlayer.player_id)
            .where(GamePlayer.game_id == gid)
        )
    ).all()
    earned: dict[str, list[str]] = {}
    for m in _in_award_order(
        await session.scalars(select(MilestoneAwarded).where(MilestoneAwarded.game_id == gid))
    ):
        earned.setdefault(m.identity_id, []).append(m.code)
    player_docs = [
        {
            "rank": p.rank,
            "player_id": p.player_id,
            "nickname": p.nickname,
            "team": p.team,
            "identifier": identifier,
            "score": p.score,
            "correct": p.correct,
            "answered": p.answered,
            "average_time_ms": _avg(avg_ms),
            "milestones": earned.get(p.identity_id or "", []),
        }
        for p, identifier, avg_ms in sorted(
            players, key=lambda row: (row[0].rank, row[0].nickname, row[0].player_id)
        )
    ]
    rows = sorted(
        await session.execute(_question_rows(select(Game.id).where(Game.id == gid))),
        key=lambda r: r[0].index,
    )
    played = stored_questions(game.quiz)
    sheet = await _answer_sheet(session, gid, [q for q, _ in rows], player_docs, played)
    return {
        "game": _game_doc(game),
        "players": player_docs,
        "teams": await _teams(session, gid),
        "questions": hardest_first(_question_doc(q, avg_ms, played) for q, avg_ms in rows),
        "answer_sheet": sheet,
    }


async def _answer_sheet(
    session: AsyncSession,
    gid: str,
    questions: Sequence[GameQuestion],
    players: Sequence[dict[str, Any]],
    played: Sequence[Question],
) -> dict[str, Any]:
    """Every player's answer to every question (as Kahoot's report has it): rows in rank
    order, one cell per question in quiz order, None where the player gave no answer."""
    given: dict[tuple[str, int], GameAnswer] = {
        (a.player_id, a.question_index): a
        for a in await session.scalars(select(GameAnswer).where(GameAnswer.game_id == gid))
    }

    def cell(pid: str, q: GameQuestion) -> dict[str, Any] | None:
        a = given.get((pid, q.index))
        if a is None:
            return None
        return {
            "answer": answer_text(question_at(played, q.index, q.kind), a.answer),
            "correct": a.correct if q.kind not in UNSCORED_KINDS else None,
            "points": a.points,
            "time_ms": a.elapsed_ms,
        }

    return {
        "questions": [{"index": q.index, "kind": q.kind, "prompt": q.prompt} for q in questions],
        "players": [
            {
                "player_id": p["player_id"],
                "rank": p["rank"],
                "nickname": p["nickname"],
                "answers": [cell(p["player_id"], q) for q in questions],
            }
            for p in players
        ],
    }


def round_label(number: int | None) -> str | None:
    """How reports and pages name an event's round: "Round 1", "Round 2" …"""
    return None if number is None else f"Round {number}"


async def event_report(session: AsyncSession, event: Event) -> dict[str, Any]:
    """The workspace's report of an event: its rounds, the identified players over all rounds
    (ranked as the event leaderboard), the teams, and every round's questions hardest first."""
    finished = select(Game.id).where(Game.event_id == event.id, Game.results_at.is_not(None))
    # Rounds are numbered as the event page numbers them: in the order they were started,
    # unfinished ones included (so "Round 2" is the same round on the page and in the report).
    started = list(
        await session.scalars(
            select(Game).where(Game.event_id == event.id).order_by(Game.created_at, Game.id)
        )
    )
    number = {g.id: i for i, g in enumerate(started, start=1)}
    rounds = [g for g in started if g.results_at is not None]
    rounds_of = EventRounds(event.id)
    players, _ = await leaderboard(
        session, rounds_of, "players", 0, EVENT_REPORT_MAX_PLAYERS, identifiers=True
    )
    teams, _ = await leaderboard(session, rounds_of, "teams", 0, EVENT_REPORT_MAX_PLAYERS)
    identified = (GamePlayer.game_id.in_(finished), GamePlayer.identity_id.is_not(None))
    answered: dict[str | None, int] = {
        iid: int(n)
        for iid, n in await session.execute(
            select(GamePlayer.identity_id, func.sum(GamePlayer.answered))
            .where(*identified)
            .group_by(GamePlayer.identity_id)
        )
    }
    timing: dict[str | None, int | None] = {
        iid: _avg(avg_ms)
        for iid, avg_ms in await session.execute(
            select(GamePlayer.identity_id, func.avg(GameAnswer.elapsed_ms))
            .join(
                GameAnswer,
                (GameAnswer.game_id == GamePlayer.game_id)
                & (GameAnswer.player_id == GamePlayer.player_id),
            )
            .where(*identified)
            .group_by(GamePlayer.identity_id)
        )
    }
    for p in players:
        p["answered"] = answered.get(p["identity_id"], 0)
        p["average_time_ms"] = timing.get(p["identity_id"])
    titles = {g.id: g.title for g in rounds}
    played = {g.id: stored_questions(g.quiz) for g in rounds}
    questions = []
    for q, avg_ms in await session.execute(_question_rows(finished)):
        doc = _question_doc(q, avg_ms, played.get(q.game_id, []))
        questions.append(
            {
                "round": number.get(q.game_id),
                "round_label": round_label(number.get(q.game_id)),
                "game_id": q.game_id,
                "game_title": titles.get(q.game_id),
            }
            | doc
        )
    questions.sort(key=lambda q: (q["round"] or 0, q["index"]))
    return {
        "event": event_doc(event),
        "rounds": [
            {"round": number[g.id], "label": round_label(number[g.id]), **_game_doc(g)}
            for g in rounds
        ],
        "players": players,
        "teams": teams,
        "questions": hardest_first(questions),
    }


async def history(
    session: AsyncSession, identity_ids: Sequence[str], offset: int, limit: int
) -> dict[str, Any]:
    """A person's games (newest first, one page), milestones and totals over `identity_ids`
    (their identities with every workspace they played for)."""
    rows = await session.execute(
        select(GamePlayer, Game.title, Game.players, Game.event_id, Event.name)
        .join(Game, Game.id == GamePlayer.game_id)
        .outerjoin(Event, Event.id == Game.event_id)
        .where(GamePlayer.identity_id.in_(identity_ids))
        .order_by(GamePlayer.finished_at.desc(), GamePlayer.game_id)
        .offset(offset)
        .limit(limit)
    )
    titles = {
        m.game_id: title
        for m, title in await session.execute(
            select(MilestoneAwarded, Game.title)
            .join(Game, Game.id == MilestoneAwarded.game_id)
            .where(MilestoneAwarded.identity_id.in_(identity_ids))
        )
    }
    awarded = _in_award_order(
        await session.scalars(
            select(MilestoneAwarded).where(MilestoneAwarded.identity_id.in_(identity_ids))
        )
    )
    by_game: dict[str, list[str]] = {}
    for m in awarded:
        by_game.setdefault(m.game_id, []).append(m.code)
    totals = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(GamePlayer.score), 0),
                func.coalesce(func.sum(case((GamePlayer.won.is_(True), 1), else_=0)), 0),
                func.coalesce(func.sum(GamePlayer.correct), 0),
                func.coalesce(func.sum(GamePlayer.answered), 0),
            ).where(GamePlayer.identity_id.in_(identity_ids))
        )
    ).one()
    return {
        "games": [
            {
                "game_id": p.game_id,
                "title": title,
                "finished_at": opt_ms(p.finished_at),
                "nickname": p.nickname,
                "team": p.team,
                "score": p.score,
                "rank": p.rank,
                "players": players,
                "correct": p.correct,
                "answered": p.answered,
                "event": None if event_id is None else {"id": event_id, "name": event_name},
                "milestones": by_game.get(p.game_id, []),
            }
            for p, title, players, event_id, event_name in rows
        ],
        "milestones": [
            {
                **describe(m.code).to_doc(),
                "game_id": m.game_id,
                "game_title": titles.get(m.game_id),
                "awarded_at": opt_ms(m.awarded_at),
            }
            for m in awarded
        ],
        "totals": {
            "games": int(totals[0]),
            "score": int(totals[1]),
            "wins": int(totals[2]),
            "correct": int(totals[3]),
            "answered": int(totals[4]),
            "milestones": len(awarded),
        },
    }


class ReportRepo(Repo):
    """The owner's reports of its finished games and its events."""

    async def game(self, scope: Scope, game_id: str) -> dict[str, Any]:
        """The scope's report of a finished game (`game_report`).

        Raises `NotFound` (unknown game, or another owner's) and `NotFinished`.
        """
        async with self._sessions() as session:
            game = await load_owned(session, scope, Game, game_id)
            if game is None:
                raise NotFound(game_id)
            if game.results_at is None:
                raise NotFinished(game_id)
            return await game_report(session, game)

    async def event(self, scope: Scope, event_id: str) -> dict[str, Any]:
        """The scope's report of an event (`event_report`); raises `NotFound` for an unknown
        event or another owner's."""
        async with self._sessions() as session:
            event = await load_owned(session, scope, Event, event_id)
            if event is None:
                raise NotFound(event_id)
            return await event_report(session, event)
