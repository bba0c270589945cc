"""Identities and milestones: linked and awarded inside `ResultRepo.write`'s transaction, read
by the player and forgotten on request (`IdentityRepo`).

A player is linked to an `Identity` of the game's workspace by the identifier they gave (an
e-mail or employee/student id) or, failing that, by their device's player key; see
`resolve_identities`.
`award_milestones` then applies the pure rules of `games.milestones` to every identified player.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from games.milestones import AnswerLine, History, Milestone, PlayerLine, award, game_outcomes
from server.db.base import Repo
from server.db.lifecycle import RemoveMode, remove_identities
from server.db.models import (
    IDENTIFIER_LEN,
    PLAYER_KEY_LEN,
    GamePlayer,
    Identity,
    MilestoneAwarded,
    new_id,
)
from server.db.person_identities import (
    account_identity,
    lock_accounts,
    merge_guests,
    merge_identity,
)
from server.db.records import AnswerRecord, PlayerResult, QuestionResult
from server.db.reports import history
from server.db.scope import Scope

#: Bound parameters per ``IN (…)`` list, well under SQLite's and asyncpg's limits.
CHUNK = 500


def _identifier(value: str | None) -> str | None:
    """The stored form of an identifier (trimmed, lower-cased); None when absent or too long
    for the column (the live game refuses those at ``join``; a bad entry must not block the
    outbox)."""
    if not value or not value.strip():
        return None
    clean = value.strip().lower()
    return clean if len(clean) <= IDENTIFIER_LEN else None


def _key(value: str | None) -> str | None:
    return value if value and len(value) <= PLAYER_KEY_LEN else None


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


async def _load(
    session: AsyncSession, scope: Scope, identifiers: Sequence[str], keys: Sequence[str]
) -> list[Identity]:
    found: dict[str, Identity] = {}
    for column, values in ((Identity.identifier, identifiers), (Identity.player_key, keys)):
        for chunk in _chunks(values):
            rows = await session.scalars(
                select(Identity).where(scope.owns(Identity), column.in_(chunk))
            )
            found.update((row.id, row) for row in rows)
    return list(found.values())


async def _resolve_accounts(
    session: AsyncSession, scope: Scope, players: Sequence[PlayerResult], now: datetime
) -> dict[str, str]:
    """The account identity of every signed-in player whose account still exists (player id →
    identity id), merging the guest identities that were the same person
    (`server.db.person_identities`)."""
    emails = await lock_accounts(session, [p.account_id for p in players if p.account_id])
    out: dict[str, str] = {}
    for p in sorted(players, key=lambda p: (p.rank, p.player_id)):
        if p.account_id is None or p.account_id not in emails:
            continue
        target = await account_identity(session, scope, p.account_id, now)
        identifier = _identifier(p.identifier)
        key = _key(p.player_key)
        await merge_guests(
            session,
            scope,
            target,
            player_keys=[] if key is None else [key],
            identifiers=[emails[p.account_id], *([] if identifier is None else [identifier])],
        )
        out[p.player_id] = target.id
    return out


async def resolve_identities(
    session: AsyncSession, scope: Scope, players: Sequence[PlayerResult], now: datetime
) -> dict[str, str]:
    """The identity id of every player who gave an identifier or a player key, or played
    signed in (player id → identity id), creating and linking identities of the scope as
    needed.

    - A signed-in player (its account still exists) is the account's identity, and the guest
      identities that were the same person are merged into it (`_resolve_accounts`).

    - The identifier decides first; else the player key; neither known: a new identity.
    - An identifier new to the workspace whose player key belongs to an identity without an
      identifier gives that identity the identifier (the device's earlier games join it).
    - The key always ends up on the identity the player resolved to (the most recent device
      of a person holds it). If it was on another identity, that one loses it, or, when it had
      no identifier (it was only that device), is merged into this one.
    - Two players of one game resolving to the same identity: only the better ranked keeps it.
    """
    signed = await _resolve_accounts(session, scope, players, now)
    ranked = sorted(players, key=lambda p: (p.rank, p.player_id))
    players = [p for p in ranked if p.player_id not in signed]
    given = {p.player_id: (_identifier(p.identifier), _key(p.player_key)) for p in players}
    identifiers = sorted({i for i, _ in given.values() if i is not None})
    keys = sorted({k for _, k in given.values() if k is not None})
    rows = await _load(session, scope, identifiers, keys) if identifiers or keys else []
    by_identifier = {r.identifier: r for r in rows if r.identifier is not None}
    by_key = {r.player_key: r for r in rows if r.player_key is not None}
    merged: dict[str, str] = {}
    chosen: dict[str, str] = {}

    def create(identifier: str | None, key: str | None) -> Identity:
        row = Identity(
            id=new_id(), **scope.owner(), identifier=identifier, player_key=key, created_at=now
        )
        session.add(row)
        return row

    for p in players:
        identifier, key = given[p.player_id]
        holder = by_key.get(key) if key else None
        if identifier is not None:
            target = by_identifier.get(identifier)
            if target is None:
                if holder is not None and holder.identifier is None:
                    target = holder
                    target.identifier = identifier
                else:
                    target = create(identifier, None)
                by_identifier[identifier] = target
        elif holder is not None:
            target = holder
        elif key is not None:
            target = create(None, key)
            by_key[key] = target
        else:
            continue
        if key is not None and target.player_key != key:
            if holder is not None and holder is not target:
                if holder.identifier is None and holder.account_id is None:
                    await merge_identity(session, holder, target)
                    merged[holder.id] = target.id
                else:
                    holder.player_key = None
                    await session.flush()  # free the key before it moves (unique per workspace)
            if target.player_key is not None:
                by_key.pop(target.player_key, None)
            target.player_key = key
            by_key[key] = target
        chosen[p.player_id] = target.id
    await session.flush()
    chosen.update(signed)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for p in ranked:
        iid = chosen.get(p.player_id)
        if iid is None:
            continue
        iid = merged.get(iid, iid)
        if iid not in taken:
            taken.add(iid)
            out[p.player_id] = iid
    return out


async def award_milestones(
    session: AsyncSession,
    game_id: str,
    players: Sequence[PlayerResult],
    answers: Sequence[AnswerRecord],
    questions: Sequence[QuestionResult],
    identity_of: dict[str, str],
    now: datetime,
    *,
    run: bool = False,
) -> dict[str, list[Milestone]]:
    """Award the milestones this game earns to its identified players (after the game's
    ``game_players`` rows are written, so the history counts it); returns the new ones by
    player id.

    `run`: `players` is one self-paced run of a challenge, whose game holds every earlier run:
    only its identity's history is read, and the milestones that compare players at one moment
    (the fastest answer, a team's MVP) are not earned alone."""
    if not identity_of:
        return {}
    count = max((q.index for q in questions), default=-1) + 1
    kinds = [""] * count
    for q in questions:
        kinds[q.index] = q.kind
    outcomes = game_outcomes(
        [PlayerLine(p.player_id, p.rank, p.score, p.correct, p.answered, p.team) for p in players],
        [AnswerLine(a.player_id, a.question, a.correct, a.elapsed_ms) for a in answers],
        kinds,
    )
    if run:
        outcomes = {
            pid: replace(o, fastest_correct=False, team_mvp=False) for pid, o in outcomes.items()
        }
    in_game: Any = (
        sorted(set(identity_of.values()))
        if run
        else select(GamePlayer.identity_id)
        .where(GamePlayer.game_id == game_id, GamePlayer.identity_id.is_not(None))
        .scalar_subquery()
    )
    histories: dict[str, History] = {
        row.identity_id: History(games=row.games, wins=int(row.wins), correct=int(row.correct))
        for row in await session.execute(
            select(
                GamePlayer.identity_id,
                func.count().label("games"),
                func.sum(case((GamePlayer.won.is_(True), 1), else_=0)).label("wins"),
                func.sum(GamePlayer.correct).label("correct"),
            )
            .where(GamePlayer.identity_id.in_(in_game))
            .group_by(GamePlayer.identity_id)
        )
    }
    held: dict[str, set[str]] = {}
    for iid, code in await session.execute(
        select(MilestoneAwarded.identity_id, MilestoneAwarded.code).where(
            MilestoneAwarded.identity_id.in_(in_game)
        )
    ):
        held.setdefault(iid, set()).add(code)
    awards: dict[str, list[Milestone]] = {}
    rows: list[dict[str, Any]] = []
    for pid, iid in identity_of.items():
        history = histories.get(iid, History(games=1, wins=0))
        earned = award(outcomes[pid], history, held.get(iid, ()))
        if earned:
            awards[pid] = earned
            rows.extend(
                {"identity_id": iid, "code": m.code, "game_id": game_id, "awarded_at": now}
                for m in earned
            )
    if rows:
        await session.execute(insert(MilestoneAwarded), rows)
    return awards


class IdentityRepo(Repo):
    """People as their workspaces know them: a device's own history, and forgetting a person."""

    async def history(
        self, player_key: str, offset: int = 0, limit: int = 50
    ) -> dict[str, Any] | None:
        """What a device's player key may see (``GET /api/me``): its games (newest first, one
        page), milestones and totals with every workspace; None when none knows the key.

        Not scoped: the key is the device's own secret, and the history spans every owner."""
        async with self._sessions() as session:
            ids = list(
                await session.scalars(select(Identity.id).where(Identity.player_key == player_key))
            )
            if not ids:
                return None
            found = await history(session, ids, offset, limit)
        return {"offset": offset, "limit": limit, **found}

    async def forget(
        self,
        scope: Scope,
        *,
        identifier: str | None = None,
        identity_id: str | None = None,
        mode: RemoveMode = RemoveMode.ANONYMISE,
    ) -> bool:
        """Remove a person from the scope's data, found by identifier (lower-cased here) or by
        identity id (`server.db.lifecycle`): anonymised, results keep their figures as
        "(removed)" with no link; erased, their results and answers are deleted too. Their
        milestones and the identity are deleted either way. False when the scope has no such
        identity."""
        if (identifier is None) == (identity_id is None):
            raise ValueError("give exactly one of identifier and identity_id")
        condition = (
            Identity.identifier == identifier.strip().lower()
            if identifier is not None
            else Identity.id == identity_id
        )
        async with self._sessions.begin() as session:
            row = await session.scalar(select(Identity).where(scope.owns(Identity), condition))
            if row is None:
                return False
            await remove_identities(session, [row.id], mode)
        return True
