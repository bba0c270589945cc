"""Self-paced challenges as SQL records them: created with their game's row, read, listed and
closed through the caller's `Scope`, and ranked into standings.

A challenge is a ``challenges`` row and the ``games`` row (``game_id``) its runs are appended
to (`server.db.runs.write_run`), so the lasting leaderboards, histories and reports count runs
as they count a live game's players. Rows are loaded by id only through `load_owned`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from games.challenges import parse_team_rule, team_standings
from server.db.base import Repo
from server.db.challenge_models import Challenge
from server.db.games import new_game
from server.db.models import Game, GamePlayer, Team, TeamMember
from server.db.records import RunResults
from server.db.runs import SavedRun, write_run
from server.db.scope import Scope, load_owned
from server.db.times import datetime_to_ms, now

#: `ChallengeRecord.status` values.
SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"


@dataclass(frozen=True, slots=True)
class NewChallenge:
    """What a new challenge is made of (validated by the caller); instants are aware UTC."""

    kind: str
    title: str
    quiz_id: str | None
    opens_at: datetime
    closes_at: datetime
    audience: str
    team_rule: Any
    settings: dict[str, Any]
    team_ids: tuple[str, ...] = ()
    attempts: int = 1
    opponent_account_id: str | None = None
    opponent_team_id: str | None = None
    day: str | None = None


@dataclass(frozen=True, slots=True)
class ChallengeRecord:
    """A row of ``challenges`` with what its game row says of it (``players``: runs written)."""

    id: str
    workspace_id: str
    kind: str
    title: str
    quiz_id: str | None
    game_id: str
    pin: str
    host_id: str
    opens_at: datetime
    closes_at: datetime
    audience: str
    team_ids: list[str]
    team_rule: Any
    attempts: int
    settings: dict[str, Any]
    created_at: datetime
    closed_at: datetime | None
    opponent_account_id: str | None = None
    opponent_team_id: str | None = None
    challenger_run_id: str | None = None
    day: str | None = None
    runs: int = 0

    def status(self, at: datetime) -> str:
        """ "scheduled" before it opens, "closed" once closed (by time or by its host), else
        "open"."""
        if self.closed_at is not None or at >= self.closes_at:
            return CLOSED
        return SCHEDULED if at < self.opens_at else OPEN


def challenge_record(row: Challenge, runs: int | None = None) -> ChallengeRecord:
    """The record of a loaded row (`runs`: its game's ``players``)."""
    copied = {f.name: getattr(row, f.name) for f in fields(ChallengeRecord) if f.name != "runs"}
    return ChallengeRecord(**{**copied, "team_ids": list(row.team_ids or [])}, runs=runs or 0)


class ChallengeRepo(Repo):
    """Challenges, each owned by a scope's workspace."""

    async def create(
        self,
        scope: Scope,
        new: NewChallenge,
        *,
        challenge_id: str,
        game_id: str,
        pin: str,
        quiz: dict[str, Any],
        quiz_version: int | None = None,
    ) -> ChallengeRecord:
        """Write a new challenge and its ``games`` row (the quiz's snapshot `quiz`) in one
        transaction; the scope's account is its creator. Raises
        `sqlalchemy.exc.IntegrityError` when the workspace has a daily challenge on that
        day already (the unique (workspace, day))."""
        at = now()
        async with self._sessions.begin() as session:
            session.add(
                new_game(
                    scope, game_id=game_id, quiz_id=new.quiz_id, pin=pin, title=new.title,
                    settings=new.settings, quiz=quiz, quiz_version=quiz_version, at=at,
                )
            )  # fmt: skip
            await session.flush()  # the game first: the challenge's foreign key names it
            row = Challenge(
                id=challenge_id,
                workspace_id=scope.workspace_id,
                kind=new.kind,
                title=new.title,
                quiz_id=new.quiz_id,
                game_id=game_id,
                pin=pin,
                host_id=scope.account_id,
                opens_at=new.opens_at,
                closes_at=new.closes_at,
                audience=new.audience,
                team_ids=list(new.team_ids),
                team_rule=new.team_rule,
                attempts=new.attempts,
                settings=new.settings,
                created_at=at,
                opponent_account_id=new.opponent_account_id,
                opponent_team_id=new.opponent_team_id,
                day=new.day,
            )
            session.add(row)
        return challenge_record(row)

    async def get(self, scope: Scope, challenge_id: str) -> ChallengeRecord | None:
        """The scope's challenge, or None when there is none or it is another workspace's."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Challenge, challenge_id)
            if row is None:
                return None
            runs = await session.scalar(select(Game.players).where(Game.id == row.game_id))
        return challenge_record(row, runs)

    async def list_all(
        self, scope: Scope, *, status: str | None = None, at: datetime | None = None,
        limit: int = 200,
    ) -> list[ChallengeRecord]:  # fmt: skip
        """The workspace's challenges, newest first; `status` keeps those with that status
        at `at` (default now)."""
        at = at or now()
        query = (
            select(Challenge, Game.players)
            .join(Game, Game.id == Challenge.game_id)
            .where(scope.owns(Challenge))
        )
        if status == CLOSED:
            query = query.where((Challenge.closed_at.is_not(None)) | (Challenge.closes_at <= at))
        elif status in (OPEN, SCHEDULED):
            query = query.where(Challenge.closed_at.is_(None), Challenge.closes_at > at)
            query = query.where(
                Challenge.opens_at <= at if status == OPEN else Challenge.opens_at > at
            )
        query = query.order_by(Challenge.created_at.desc(), Challenge.id).limit(limit)
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [challenge_record(row, runs) for row, runs in rows]

    async def close(self, scope: Scope, challenge_id: str) -> ChallengeRecord | None:
        """Close the scope's challenge now (idempotent: an earlier close stands), and mark its
        game's results written if no run has (the runs that end later still add to them);
        None when there is none."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Challenge, challenge_id, for_update=True)
            if row is None:
                return None
            if row.closed_at is None:
                row.closed_at = now()
            game = await session.get(Game, row.game_id)
            runs = None
            if game is not None:
                # Its results are complete but for the runs still ending: without a run, too,
                # the game reads as finished (its report, and its deletion, need that).
                game.results_at = game.results_at or row.closed_at
                runs = game.players
        return challenge_record(row, runs)

    async def set_challenger_run(self, scope: Scope, challenge_id: str, run_id: str) -> bool:
        """Record a duel's challenger run (the first one wins); False when there is no such
        challenge or it has one already."""
        async with self._sessions.begin() as session:
            row = await load_owned(session, scope, Challenge, challenge_id, for_update=True)
            if row is None or row.challenger_run_id is not None:
                return False
            row.challenger_run_id = run_id
        return True

    async def write_run(self, run: RunResults) -> SavedRun | None:
        """Append one finished run to its challenge's game (`server.db.runs.write_run`)."""
        return await write_run(self._sessions, run)

    async def invited(self, scope: Scope, challenge: ChallengeRecord) -> bool:
        """Whether the scope's account may play `challenge` (and so read it as a member): its
        creator always; for audience "teams" a member of one of its teams; for a duel its
        opponent (or a member of the opponent team); else any member of the workspace."""
        account = scope.account_id
        if challenge.workspace_id != scope.workspace_id:
            return False
        if challenge.host_id == account:
            return True
        if challenge.kind == "duel":
            if challenge.opponent_account_id == account:
                return True
            teams = [] if challenge.opponent_team_id is None else [challenge.opponent_team_id]
        elif challenge.audience == "teams":
            teams = challenge.team_ids
        else:
            return True
        if not teams:
            return False
        async with self._sessions() as session:
            found = await session.scalar(
                select(TeamMember.team_id).where(
                    TeamMember.workspace_id == scope.workspace_id,
                    TeamMember.account_id == account,
                    TeamMember.team_id.in_(teams),
                )
            )
        return found is not None

    async def standings(self, scope: Scope, challenge_id: str) -> dict[str, Any] | None:
        """The challenge's standings: each person's best run ranked (``players``), and for a
        team challenge its teams under its team rule with participation (``teams``); None
        when the scope has no such challenge.

        A person is the identity a run was linked to (an account, or a guest's device or
        identifier); a run linked to none counts as a person of its own.
        """
        async with self._sessions() as session:
            row = await load_owned(session, scope, Challenge, challenge_id)
            if row is None:
                return None
            runs = (
                await session.execute(
                    select(
                        GamePlayer.player_id, GamePlayer.identity_id, GamePlayer.nickname,
                        GamePlayer.team, GamePlayer.team_id, GamePlayer.score,
                        GamePlayer.correct, GamePlayer.correct_time_ms, GamePlayer.finished_at,
                    ).where(GamePlayer.game_id == row.game_id)
                )
            ).all()  # fmt: skip
            names: dict[str, str] = {}
            sizes: dict[str, int] = {}
            if row.team_ids:
                names = dict(
                    (await session.execute(
                        select(Team.id, Team.name).where(
                            Team.id.in_(row.team_ids), Team.workspace_id == row.workspace_id
                        )
                    )).all()
                )  # fmt: skip
                sizes = dict(
                    (await session.execute(
                        select(TeamMember.team_id, func.count())
                        .where(TeamMember.team_id.in_(row.team_ids))
                        .group_by(TeamMember.team_id)
                    )).all()
                )  # fmt: skip
        best: dict[str, Any] = {}
        for r in runs:
            person = r.identity_id or f"run:{r.player_id}"
            held = best.get(person)
            if held is None or _better(r, held):
                best[person] = r
        ordered = sorted(best.items(), key=lambda kv: (-kv[1].score, kv[1].correct_time_ms,
                                                       kv[1].finished_at, kv[0]))  # fmt: skip
        players: list[dict[str, Any]] = []
        for position, (_, r) in enumerate(ordered, start=1):
            prev = players[-1] if players else None
            tie = prev is not None and (prev["score"], prev["_t"]) == (r.score, r.correct_time_ms)
            players.append({
                "rank": prev["rank"] if tie and prev is not None else position,
                "nickname": r.nickname, "team": r.team, "team_id": r.team_id,
                "score": r.score, "correct": r.correct,
                "finished_at": datetime_to_ms(r.finished_at) if r.finished_at else None,
                "_t": r.correct_time_ms,
            })  # fmt: skip
        for p in players:
            del p["_t"]
        teams: list[dict[str, Any]] = []
        if row.team_ids:
            rule = parse_team_rule(row.team_rule)
            ranked = team_standings(
                {person: r.score for person, r in best.items()},
                {person: r.team_id for person, r in best.items() if r.team_id is not None},
                {tid: sizes.get(tid, 0) for tid in row.team_ids if tid in names},
                rule,
            )
            teams = [
                {"team_id": t.team_id, "name": names[t.team_id], "score": t.score,
                 "rank": t.rank, "played": t.played, "members": t.members}
                for t in ranked
            ]  # fmt: skip
        return {"challenge": challenge_record(row, len(runs)), "players": players, "teams": teams}


def _better(run: Any, held: Any) -> bool:
    """Whether `run` beats the best run so far `held`: a higher score, then less time on the
    right answers, then earlier."""
    return bool(
        (-run.score, run.correct_time_ms, run.finished_at)
        < (-held.score, held.correct_time_ms, held.finished_at)
    )
