"""A signed-in person's identity in a workspace, and folding their guest identities into it.

A player who played signed in (`PlayerResult.account_id`) is linked to the one identity of the
account in the game's workspace (``identities.account_id``), created when needed. A guest
identity of that workspace that was the same person is merged into it, once:

- the device's player key: a guest identity holding it that has no identifier, or whose
  identifier is the account's e-mail or the identifier the player gave;
- the identifier: a guest identity whose identifier is the account's e-mail or the one the
  player gave.

Its games and milestones move to the account's identity (`merge_identity`, which keeps one
result per game and one milestone per code) and it is deleted. The account's identity takes
over its identifier when it has none, so that later guest games with that identifier land
there too. Concurrent results writes of one account are serialised on the account's row
(``FOR NO KEY UPDATE``; SQLite serialises every write), so two of them never both create the
identity or both merge one guest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import GamePlayer, Host, Identity, MilestoneAwarded, new_id
from server.db.scope import Scope


async def merge_identity(
    session: AsyncSession, source: Identity, target: Identity, *, one_per_game: bool = False
) -> None:
    """Fold `source` into `target`: its games and milestones move over (a milestone `target`
    holds is dropped) and `source` is deleted.

    With `one_per_game` (a person's guest history joining their account) a game both played
    keeps one result linked, the better ranked (the other keeps its figures without the
    link). Without it, as the guest identities have always merged, both stay linked."""
    await session.flush()
    if one_per_game:
        await _one_result_per_game(session, source, target)
    await session.execute(
        update(GamePlayer)
        .where(GamePlayer.identity_id == source.id)
        .values(identity_id=target.id)
        .execution_options(synchronize_session=False)
    )
    held = select(MilestoneAwarded.code).where(MilestoneAwarded.identity_id == target.id)
    await session.execute(
        update(MilestoneAwarded)
        .where(MilestoneAwarded.identity_id == source.id, MilestoneAwarded.code.not_in(held))
        .values(identity_id=target.id)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(MilestoneAwarded)
        .where(MilestoneAwarded.identity_id == source.id)
        .execution_options(synchronize_session=False)
    )
    identifier = source.identifier
    await session.execute(
        delete(Identity)
        .where(Identity.id == source.id)
        .execution_options(synchronize_session=False)
    )
    session.expunge(source)
    if target.identifier is None and identifier is not None:
        target.identifier = identifier
    await session.flush()


async def _one_result_per_game(session: AsyncSession, source: Identity, target: Identity) -> None:
    """Unlink the worse ranked of two results of one game held by `source` and `target`."""
    both = await session.execute(
        select(GamePlayer.game_id, GamePlayer.player_id, GamePlayer.rank, GamePlayer.identity_id)
        .where(GamePlayer.identity_id.in_((source.id, target.id)))
        .order_by(GamePlayer.game_id, GamePlayer.rank, GamePlayer.player_id)
    )
    kept: set[str] = set()
    unlink: list[tuple[str, str]] = []
    for game_id, player_id, _rank, _iid in both:
        if game_id in kept:
            unlink.append((game_id, player_id))
        else:
            kept.add(game_id)
    for game_id, player_id in unlink:
        await session.execute(
            update(GamePlayer)
            .where(GamePlayer.game_id == game_id, GamePlayer.player_id == player_id)
            .values(identity_id=None)
            .execution_options(synchronize_session=False)
        )


async def lock_accounts(session: AsyncSession, account_ids: Iterable[str]) -> dict[str, str]:
    """The e-mail of each account that exists (account id → e-mail), its row locked until the
    transaction ends (in id order, so two writers never wait on each other in a circle)."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Host.id, Host.email)
        .where(Host.id.in_(ids))
        .order_by(Host.id)
        .with_for_update(key_share=True)
    )
    return {account_id: email for account_id, email in rows}


async def account_identity(
    session: AsyncSession, scope: Scope, account_id: str, now: datetime
) -> Identity:
    """The account's identity in the scope's workspace, created when it has none (the caller
    holds the account's lock, `lock_accounts`)."""
    found = await session.scalar(
        select(Identity).where(scope.owns(Identity), Identity.account_id == account_id)
    )
    if found is not None:
        return found
    row = Identity(
        id=new_id(),
        **scope.owner(),
        identifier=None,
        player_key=None,
        account_id=account_id,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def merge_guests(
    session: AsyncSession,
    scope: Scope,
    target: Identity,
    *,
    player_keys: Sequence[str],
    identifiers: Sequence[str],
    by_identifier: bool = True,
) -> list[str]:
    """Merge into `target` (an account's identity) the scope's guest identities that are the
    same person (see the module's docstring); the ids merged. Without `by_identifier` only
    the key's holder is (a device's claim): `identifiers` then only say which identifier it
    may have. Running it again merges nothing more."""
    names = sorted({i for i in identifiers if i})
    keys = sorted({k for k in player_keys if k})
    by_key = and_(
        Identity.player_key.in_(keys),
        or_(Identity.identifier.is_(None), Identity.identifier.in_(names)),
    )
    conditions = []
    if keys:
        conditions.append(by_key)
    if names and by_identifier:
        conditions.append(Identity.identifier.in_(names))
    if not conditions:
        return []
    guests = list(
        await session.scalars(
            select(Identity)
            .where(
                scope.owns(Identity),
                Identity.account_id.is_(None),
                Identity.id != target.id,
                or_(*conditions),
            )
            .order_by(Identity.created_at, Identity.id)
        )
    )
    for guest in guests:
        await merge_identity(session, guest, target, one_per_game=True)
    return [g.id for g in guests]
