"""Duels and a member's challenges (`DuelRepo`, ``db.duels``).

A duel is a challenge of kind "duel" (``challenges`` row, `server.db.challenges`): a member (its
``host_id``, the challenger) against a colleague (``opponent_account_id``) or a whole team
(``opponent_team_id``), on the same questions in the same order. Only its sides read it; the
head-to-head (scores and each question's figures) shows once both sides have a run, before
that only who has played, so nobody sees the other's answers before playing.

A person's runs are the ``game_players`` rows of the challenge's game linked to the account's
identity in the workspace (the run writer links a signed-in player there).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.base import Repo
from server.db.challenge_models import Challenge
from server.db.challenges import ChallengeRecord, challenge_record
from server.db.models import Game, GameAnswer, GamePlayer, Host, Identity, Team, TeamMember
from server.db.scope import Scope, load_owned
from server.db.times import opt_ms

DUEL = "duel"
#: The most challenges each list of `DuelRepo.mine` holds (newest first).
MINE_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Run:
    """A person's best run of a challenge."""

    account_id: str
    player_id: str
    score: int
    correct: int
    correct_time_ms: int
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class DuelView:
    """A duel as one of its sides sees it: `sides` and `winner` are filled once it is
    `complete` (both sides played) or closed; `played` always (who has played)."""

    challenge: ChallengeRecord
    challenger: dict[str, Any]
    opponent: dict[str, Any]
    played: list[dict[str, Any]]
    complete: bool
    sides: list[dict[str, Any]] = field(default_factory=list)
    winner: str | None = None


async def _names(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(Host.id, Host.name).where(Host.id.in_(wanted)))
    return {str(i): str(n) for i, n in rows}


async def _team_of(session: AsyncSession, scope: Scope, account_id: str) -> str | None:
    found: str | None = await session.scalar(
        select(TeamMember.team_id).where(
            TeamMember.workspace_id == scope.workspace_id, TeamMember.account_id == account_id
        )
    )
    return found


def _a_side(account_id: str, team_id: str | None) -> ColumnElement[bool]:
    """The duels `account_id` (in team `team_id`) is a side of."""
    sides = [Challenge.host_id == account_id, Challenge.opponent_account_id == account_id]
    if team_id is not None:
        sides.append(Challenge.opponent_team_id == team_id)
    return and_(Challenge.kind == DUEL, or_(*sides))


async def best_runs(
    session: AsyncSession, scope: Scope, game_id: str, account_ids: Sequence[str]
) -> dict[str, Run]:
    """Each account's best run of the game (highest score, then the quicker right answers,
    then the earlier); accounts without a run are left out."""
    if not account_ids:
        return {}
    rows = await session.execute(
        select(
            Identity.account_id,
            GamePlayer.player_id,
            GamePlayer.score,
            GamePlayer.correct,
            GamePlayer.correct_time_ms,
            GamePlayer.finished_at,
        )
        .join(Identity, Identity.id == GamePlayer.identity_id)
        .where(
            GamePlayer.game_id == game_id,
            scope.owns(Identity),
            Identity.account_id.in_(account_ids),
        )
    )
    best: dict[str, Run] = {}
    for account, pid, score, correct, time_ms, finished in rows:
        run = Run(str(account), pid, score, correct, time_ms, finished)
        held = best.get(run.account_id)
        if held is None or _order(run) < _order(held):
            best[run.account_id] = run
    return best


def _order(run: Run) -> tuple[int, int, float, str]:
    finished = run.finished_at.timestamp() if run.finished_at is not None else float("inf")
    return (-run.score, run.correct_time_ms, finished, run.player_id)


async def _per_question(
    session: AsyncSession, game_id: str, runs: Iterable[Run], count: int
) -> dict[str, list[dict[str, Any]]]:
    """Each run's figures per question (player id → one entry per question, in order); a
    question not answered is ``{"answered": false, "correct": false, "points": 0,
    "elapsed_ms": null}``."""
    pids = [r.player_id for r in runs]
    out = {
        pid: [
            {"answered": False, "correct": False, "points": 0, "elapsed_ms": None}
            for _ in range(count)
        ]
        for pid in pids
    }
    if not pids:
        return out
    rows = await session.execute(
        select(
            GameAnswer.player_id,
            GameAnswer.question_index,
            GameAnswer.correct,
            GameAnswer.points,
            GameAnswer.elapsed_ms,
        ).where(GameAnswer.game_id == game_id, GameAnswer.player_id.in_(pids))
    )
    for pid, index, correct, points, elapsed in rows:
        if 0 <= index < count:
            out[pid][index] = {
                "answered": True,
                "correct": bool(correct),
                "points": points,
                "elapsed_ms": elapsed,
            }
    return out


class DuelRepo(Repo):
    """Duels, read by their sides; and the member's own challenges."""

    async def view(self, scope: Scope, challenge_id: str, at: datetime) -> DuelView | None:
        """The duel as the scope's account sees it; None when there is no such duel in the
        workspace or the account is not one of its sides (the two are not told apart)."""
        async with self._sessions() as session:
            row = await load_owned(session, scope, Challenge, challenge_id)
            if row is None or row.kind != DUEL:
                return None
            team_members: list[str] = []
            team_name = None
            if row.opponent_team_id is not None:
                team_members = list(
                    await session.scalars(
                        select(TeamMember.account_id).where(
                            TeamMember.team_id == row.opponent_team_id
                        )
                    )
                )
                team_name = await session.scalar(
                    select(Team.name).where(Team.id == row.opponent_team_id)
                )
            me = scope.account_id
            if me not in (row.host_id, row.opponent_account_id) and me not in team_members:
                return None
            opponents = (
                [row.opponent_account_id] if row.opponent_account_id is not None else team_members
            )
            names = await _names(session, [row.host_id, *opponents])
            # The challenger first, then the opponents by name.
            accounts = [
                row.host_id,
                *sorted(
                    (a for a in opponents if a != row.host_id), key=lambda a: (names.get(a, ""), a)
                ),
            ]
            runs = await best_runs(session, scope, row.game_id, accounts)
            game = await session.get(Game, row.game_id)
            count = len((game.quiz if game is not None else {}).get("questions") or [])
            record = challenge_record(row, game.players if game is not None else 0)
            challenger = {"account_id": row.host_id, "name": names.get(row.host_id, "")}
            opponent: dict[str, Any] = (
                {"team_id": row.opponent_team_id, "name": team_name or ""}
                if row.opponent_team_id is not None
                else {
                    "account_id": row.opponent_account_id,
                    "name": names.get(row.opponent_account_id or "", ""),
                }
            )
            played = [
                {
                    "account_id": a,
                    "name": names.get(a, ""),
                    "side": "challenger" if a == row.host_id else "opponent",
                    "finished": a in runs,
                }
                for a in accounts
            ]
            complete = row.host_id in runs and any(a in runs for a in accounts[1:])
            view = DuelView(record, challenger, opponent, played, complete)
            if not complete and record.status(at) != "closed":
                return view
            shown = [runs[a] for a in accounts if a in runs]
            per_question = await _per_question(session, row.game_id, shown, count)
        sides = [
            {
                "account_id": run.account_id,
                "name": names.get(run.account_id, ""),
                "side": "challenger" if run.account_id == row.host_id else "opponent",
                "score": run.score,
                "correct": run.correct,
                "finished_at": opt_ms(run.finished_at),
                "per_question": per_question[run.player_id],
            }
            for run in shown
        ]
        top = sorted(shown, key=_order)
        winner = None
        if complete and (len(top) == 1 or top[0].score > top[1].score):
            winner = top[0].account_id
        return DuelView(record, challenger, opponent, played, complete, sides, winner)

    async def mine(self, scope: Scope, at: datetime) -> dict[str, list[dict[str, Any]]]:
        """The scope's account's challenges in its workspace (newest first, at most
        `MINE_LIMIT` each): ``open`` (open at `at`, invited, a run still allowed), ``done``
        (with a finished run: its best score, its rank among the players' best runs, when),
        ``duels`` (every duel it is a side of). Challenges as `ChallengeRecord` under
        ``"record"``; the HTTP layer renders them."""
        me = scope.account_id
        async with self._sessions() as session:
            team = await _team_of(session, scope, me)
            identities = list(
                await session.scalars(
                    select(Identity.id).where(scope.owns(Identity), Identity.account_id == me)
                )
            )
            mine_runs = await self._runs_by_game(session, identities)
            # Team audiences are checked below (`_invited_to`: the team ids are a JSON list).
            invited = or_(Challenge.kind != DUEL, _a_side(me, team))
            open_rows = (
                await session.execute(
                    select(Challenge, Game.players)
                    .join(Game, Game.id == Challenge.game_id)
                    .where(
                        scope.owns(Challenge),
                        Challenge.closed_at.is_(None),
                        Challenge.opens_at <= at,
                        Challenge.closes_at > at,
                        invited,
                    )
                    .order_by(Challenge.created_at.desc(), Challenge.id)
                    .limit(MINE_LIMIT * 4)
                )
            ).all()
            opened = [
                {"record": challenge_record(row, runs)}
                for row, runs in open_rows
                if _invited_to(row, team) and len(mine_runs.get(row.game_id, ())) < row.attempts
            ][:MINE_LIMIT]
            done = await self._done(session, scope, mine_runs)
            duel_rows = (
                await session.execute(
                    select(Challenge, Game.players)
                    .join(Game, Game.id == Challenge.game_id)
                    .where(scope.owns(Challenge), _a_side(me, team))
                    .order_by(Challenge.created_at.desc(), Challenge.id)
                    .limit(MINE_LIMIT)
                )
            ).all()
            names = await _names(
                session,
                [a for row, _ in duel_rows for a in (row.host_id, row.opponent_account_id) if a],
            )
            duels = [
                {
                    "record": challenge_record(row, runs),
                    "challenger": {"account_id": row.host_id, "name": names.get(row.host_id, "")},
                    "opponent_account_id": row.opponent_account_id,
                    "opponent_team_id": row.opponent_team_id,
                    "opponent_name": names.get(row.opponent_account_id or "", ""),
                    "played": row.game_id in mine_runs,
                }
                for row, runs in duel_rows
            ]
        return {"open": opened, "done": done, "duels": duels}

    @staticmethod
    async def _runs_by_game(
        session: AsyncSession, identities: Sequence[str]
    ) -> dict[str, list[tuple[int, datetime | None]]]:
        """The identities' runs of challenges: game id → [(score, finished_at)]."""
        if not identities:
            return {}
        rows = await session.execute(
            select(GamePlayer.game_id, GamePlayer.score, GamePlayer.finished_at)
            .join(Challenge, Challenge.game_id == GamePlayer.game_id)
            .where(GamePlayer.identity_id.in_(identities))
        )
        out: dict[str, list[tuple[int, datetime | None]]] = {}
        for gid, score, finished in rows:
            out.setdefault(gid, []).append((score, finished))
        return out

    @staticmethod
    async def _done(
        session: AsyncSession,
        scope: Scope,
        mine_runs: Mapping[str, list[tuple[int, datetime | None]]],
    ) -> list[dict[str, Any]]:
        if not mine_runs:
            return []
        rows = (
            await session.execute(
                select(Challenge, Game.players)
                .join(Game, Game.id == Challenge.game_id)
                .where(scope.owns(Challenge), Challenge.game_id.in_(list(mine_runs)))
                .order_by(Challenge.created_at.desc(), Challenge.id)
                .limit(MINE_LIMIT)
            )
        ).all()
        games = [row.game_id for row, _ in rows]
        # Every player's best score per game: a person is their identity, a guest without one
        # their run.
        person = func.coalesce(GamePlayer.identity_id, GamePlayer.player_id)
        bests: dict[str, list[int]] = {}
        for gid, best in await session.execute(
            select(GamePlayer.game_id, func.max(GamePlayer.score))
            .where(GamePlayer.game_id.in_(games))
            .group_by(GamePlayer.game_id, person)
        ):
            bests.setdefault(gid, []).append(int(best))
        done = []
        for row, runs in rows:
            score, finished = max(mine_runs[row.game_id], key=lambda r: r[0])
            rank = 1 + sum(1 for b in bests.get(row.game_id, []) if b > score)
            done.append(
                {
                    "record": challenge_record(row, runs),
                    "score": score,
                    "rank": rank,
                    "finished_at": opt_ms(finished),
                    "runs": len(mine_runs[row.game_id]),
                }
            )
        return done


def _invited_to(row: Challenge, team: str | None) -> bool:
    """Whether a member in `team` may play challenge `row` (its audience)."""
    if row.audience == "teams":
        return team is not None and team in (row.team_ids or [])
    return True
