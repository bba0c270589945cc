"""Workspaces, roles and invites in SQL (`server.db.workspaces`), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from server.db import workspaces
from server.db.database import Database
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.hosts import EmailTaken
from server.db.models import (
    Event,
    Game,
    GamePlayer,
    Identity,
    Invite,
    Membership,
    MilestoneAwarded,
    Quiz,
    Workspace,
)
from server.db.records import GameResults, PlayerResult
from server.db.scope import Role, Scope
from server.db.times import now
from server.db.workspaces import InviteRefused
from server.invites import InviteSigner

QUIZ = {"title": "Q", "questions": []}


async def account(db: Database, email: str, name: str = "Ada") -> str:
    return (await db.hosts.create(email, name, "x")).id


async def scope_of(db: Database, workspace_id: str, account_id: str) -> Scope:
    role = await db.workspaces.membership(workspace_id, account_id)
    assert role is not None
    return Scope(workspace_id, account_id, role)


async def join(db: Database, owner: Scope, account_id: str, role: Role) -> Scope:
    invite = await db.workspaces.create_invite(owner, role, timedelta(hours=1))
    await db.workspaces.accept(invite.id, account_id)
    return await scope_of(db, owner.workspace_id, account_id)


def test_roles_are_ordered() -> None:
    assert [str(r) for r in Role] == ["member", "host", "admin", "owner"]
    assert Role.OWNER.at_least(Role.ADMIN) and Role.HOST.at_least(Role.HOST)
    assert not Role.MEMBER.at_least(Role.HOST) and not Role.ADMIN.at_least(Role.OWNER)
    scope = Scope("w", "a", Role.HOST)
    scope.require(Role.MEMBER)
    with pytest.raises(Forbidden):
        scope.require(Role.ADMIN)
    assert scope.owner() == {"workspace_id": "w", "host_id": "a"}


async def test_an_account_gets_its_own_workspace(db: Database) -> None:
    ada = await account(db, "ada@example.com", "Ada")
    [ws] = await db.workspaces.for_account(ada)
    assert (ws.id, ws.name, ws.role, ws.retention_days) == (ada, "Ada's workspace", "owner", None)
    assert await db.workspaces.default_workspace(ada) == (ada, Role.OWNER)
    assert await db.workspaces.membership(ada, ada) == Role.OWNER
    assert await db.workspaces.membership(ada, "nobody") is None


async def test_a_second_registration_of_the_email_creates_nothing(db: Database) -> None:
    await account(db, "ada@example.com")
    with pytest.raises(EmailTaken):
        await account(db, "ADA@example.com", "Other")
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Workspace)) == 1


async def test_default_workspace_prefers_an_owned_one(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    bob = await account(db, "bob@example.com", "Bob")
    await join(db, Scope.personal(ada), bob, Role.ADMIN)
    assert await db.workspaces.default_workspace(bob) == (bob, Role.OWNER)
    # Bob leaves his own workspace (he must hand it over first: he is its last owner).
    with pytest.raises(Conflict) as refused:
        await db.workspaces.remove_member(Scope.personal(bob), bob)
    assert refused.value.code == "last_owner"
    await db.workspaces.delete(Scope.personal(bob))
    assert await db.workspaces.default_workspace(bob) == (ada, Role.ADMIN)
    await db.workspaces.remove_member(await scope_of(db, ada, bob), bob)  # leaves
    assert await db.workspaces.default_workspace(bob) is None
    assert await db.workspaces.for_account(bob) == []


async def test_invites_give_their_role_and_keep_a_higher_one(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    bob = await account(db, "bob@example.com", "Bob")
    owner = Scope.personal(ada)
    invite = await db.workspaces.create_invite(owner, Role.HOST, timedelta(hours=2))
    assert invite.role == Role.HOST and invite.created_by == ada
    assert invite.expires_at - invite.created_at == timedelta(hours=2)
    previewed = await db.workspaces.invite(invite.id)
    assert previewed is not None and previewed[1].name == "Ada's workspace"
    joined = await db.workspaces.accept(invite.id, bob)
    assert (joined.id, joined.role) == (ada, Role.HOST)
    # A member invite does not lower Bob's role; an admin invite raises it.
    lower = await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
    assert (await db.workspaces.accept(lower.id, bob)).role == Role.HOST
    higher = await db.workspaces.create_invite(owner, Role.ADMIN, timedelta(hours=1))
    assert (await db.workspaces.accept(higher.id, bob)).role == Role.ADMIN
    members = await db.workspaces.members(owner)
    assert [(m.account_id, m.role, m.email) for m in members] == [
        (ada, Role.OWNER, "ada@example.com"),
        (bob, Role.ADMIN, "bob@example.com"),
    ]
    # An invite is a link for many: it still holds after use.
    assert [i.id for i in await db.workspaces.invites(owner)] == [higher.id, lower.id, invite.id]
    with pytest.raises(ValueError):
        await db.workspaces.create_invite(owner, Role.OWNER, timedelta(hours=1))


async def test_expired_revoked_and_unknown_invites_are_refused(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    bob = await account(db, "bob@example.com", "Bob")
    owner = Scope.personal(ada)
    expired = await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
    async with db.session() as session, session.begin():
        await session.execute(
            update(Invite)
            .where(Invite.id == expired.id)
            .values(expires_at=now() - timedelta(seconds=1))
        )
    revoked = await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
    await db.workspaces.revoke_invite(owner, revoked.id)
    with pytest.raises(NotFound):
        await db.workspaces.revoke_invite(owner, revoked.id)  # once
    for invite_id in (expired.id, revoked.id, "no-such-invite"):
        assert await db.workspaces.invite(invite_id) is None
        with pytest.raises(InviteRefused):
            await db.workspaces.accept(invite_id, bob)
    assert await db.workspaces.invites(owner) == []
    assert await db.workspaces.membership(ada, bob) is None
    # Registering with a refused invite creates no account.
    with pytest.raises(InviteRefused):
        await db.hosts.create("cy@example.com", "Cy", "x", invite_id=revoked.id)
    assert await db.hosts.by_email("cy@example.com") is None
    cy = await db.hosts.create("cy@example.com", "Cy", "x", invite_id=None)
    assert [ws.id for ws in await db.workspaces.for_account(cy.id)] == [cy.id]


async def test_registering_by_invite_joins_instead_of_owning(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    invite = await db.workspaces.create_invite(Scope.personal(ada), Role.HOST, timedelta(hours=1))
    bob = await db.hosts.create("bob@example.com", "Bob", "x", invite_id=invite.id)
    [ws] = await db.workspaces.for_account(bob.id)
    assert (ws.id, ws.role) == (ada, Role.HOST)


def test_invite_tokens_are_signed_and_salted() -> None:
    signer = InviteSigner("s" * 32)
    token = signer.issue("inv1")
    assert signer.invite_id(token) == "inv1"
    assert InviteSigner("t" * 32).invite_id(token) is None  # another server's secret
    assert signer.invite_id(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert signer.invite_id("x" * 500) is None and signer.invite_id(None) is None
    # A login token's signature (another salt) does not pass for an invite.
    from server.auth import TokenSigner

    login = TokenSigner("s" * 32, 60).issue("inv1")
    assert signer.invite_id(login) is None


async def test_only_admins_manage_and_only_owners_touch_owners(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    owner = Scope.personal(ada)
    ids = {n: await account(db, f"{n}@example.com", n) for n in ("bob", "cy", "dee")}
    admin = await join(db, owner, ids["bob"], Role.ADMIN)
    host = await join(db, owner, ids["cy"], Role.HOST)
    await join(db, owner, ids["dee"], Role.MEMBER)
    for refused in (
        db.workspaces.set_role(host, ids["dee"], Role.HOST),
        db.workspaces.remove_member(host, ids["dee"]),
        db.workspaces.create_invite(host, Role.MEMBER, timedelta(hours=1)),
        db.workspaces.invites(host),
        db.workspaces.update(host, {"name": "Mine"}),
        db.workspaces.delete(admin),
        db.workspaces.set_role(admin, ids["dee"], Role.OWNER),  # make an owner
        db.workspaces.set_role(admin, ada, Role.MEMBER),  # unmake one
        db.workspaces.remove_member(admin, ada),
    ):
        with pytest.raises(Forbidden):
            await refused
    assert (await db.workspaces.set_role(admin, ids["dee"], Role.HOST)).role == Role.HOST
    await db.workspaces.remove_member(admin, ids["dee"])
    assert await db.workspaces.membership(ada, ids["dee"]) is None
    with pytest.raises(NotFound):
        await db.workspaces.set_role(admin, ids["dee"], Role.HOST)
    await db.workspaces.remove_member(host, ids["cy"])  # anyone may leave
    renamed = await db.workspaces.update(admin, {"name": "Team", "retention_days": 30})
    assert (renamed.name, renamed.retention_days) == ("Team", 30)


async def test_the_last_owner_stays(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    owner = Scope.personal(ada)
    bob = await account(db, "bob@example.com", "Bob")
    await join(db, owner, bob, Role.ADMIN)
    for refused in (
        db.workspaces.set_role(owner, ada, Role.ADMIN),
        db.workspaces.remove_member(owner, ada),
    ):
        with pytest.raises(Conflict) as conflict:
            await refused
        assert conflict.value.code == "last_owner"
    # With a second owner, the first may step down.
    await db.workspaces.set_role(owner, bob, Role.OWNER)
    await db.workspaces.set_role(owner, ada, Role.MEMBER)
    assert await db.workspaces.membership(ada, ada) == Role.MEMBER
    second = await scope_of(db, ada, bob)
    with pytest.raises(Conflict):
        await db.workspaces.remove_member(second, bob)


async def test_deleting_a_workspace_takes_what_it_owns_and_nothing_else(db: Database) -> None:
    ada = await account(db, "ada@example.com")
    bob = await account(db, "bob@example.com", "Bob")
    for owner in (ada, bob):
        scope = Scope.personal(owner)
        await db.quizzes.create(scope, QUIZ)
        await db.events.create(
            scope, name="Cup", starts_at=now(), ends_at=None, teams=[], require_identifier=False
        )
        await db.games.create(
            scope,
            game_id=f"g-{owner}",
            quiz_id=None,
            pin="123456",
            title="T",
            settings={},
            quiz={"title": "T", "questions": []},
        )
        await db.results.write(
            GameResults(
                game_id=f"g-{owner}",
                started_ms=1_699_999_000_000,
                finished_ms=1_700_000_000_000,
                players=[
                    PlayerResult(
                        player_id=p,
                        nickname=p,
                        team=None,
                        score=10 * n,
                        rank=n,
                        correct=1,
                        answered=1,
                        correct_time_ms=100,
                        joined_ms=None,
                        identifier=f"{p}@example.com",
                    )
                    for n, p in enumerate(("ann", "ben"), start=1)
                ],
                answers=[],
                questions=[],
                teams=[],
            )
        )
    await join(db, Scope.personal(ada), bob, Role.ADMIN)
    await db.workspaces.create_invite(Scope.personal(ada), Role.MEMBER, timedelta(hours=1))
    with pytest.raises(Forbidden):
        await db.workspaces.delete(await scope_of(db, ada, bob))
    bobs_badges = (
        select(func.count())
        .select_from(MilestoneAwarded)
        .where(MilestoneAwarded.game_id == f"g-{bob}")
    )
    async with db.session() as session:
        kept = await session.scalar(bobs_badges)
        assert kept and kept * 2 == await session.scalar(
            select(func.count()).select_from(MilestoneAwarded)
        )
    await db.workspaces.delete(Scope.personal(ada))

    async with db.session() as session:
        for model in (Quiz, Event, Game, Identity, GamePlayer):
            rows = (await session.scalars(select(model.workspace_id))).all()
            assert set(rows) == {bob}, model.__tablename__
        assert await session.scalar(select(func.count()).select_from(MilestoneAwarded)) == kept
        assert await session.scalar(select(func.count()).select_from(Invite)) == 0
        members = (await session.execute(select(Membership.workspace_id))).scalars().all()
        assert members == [bob]
    assert await db.hosts.by_id(ada) is not None  # the account stays
    assert await db.workspaces.for_account(ada) == []
    with pytest.raises(NotFound):
        await db.workspaces.get(Scope.personal(ada))


async def test_a_colleagues_game_is_the_workspaces(db: Database) -> None:
    """Bob, a host in Ada's workspace, runs a game there: its row, results and people are the
    workspace's (Ada sees them on her boards), and Bob is recorded as who ran it."""
    ada = await account(db, "ada@example.com")
    bob = await account(db, "bob@example.com", "Bob")
    hosting = await join(db, Scope.personal(ada), bob, Role.HOST)
    await db.games.create(
        hosting,
        game_id="g1",
        quiz_id=None,
        pin="123456",
        title="T",
        settings={},
        quiz={"title": "T", "questions": []},
    )
    saved = await db.results.write(
        GameResults(
            game_id="g1",
            started_ms=1_699_999_000_000,
            finished_ms=1_700_000_000_000,
            players=[
                PlayerResult(
                    player_id="p1",
                    nickname="Ann",
                    team=None,
                    score=10,
                    rank=1,
                    correct=1,
                    answered=1,
                    correct_time_ms=100,
                    joined_ms=None,
                    identifier="ann@example.com",
                )
            ],
            answers=[],
            questions=[],
            teams=[],
        )
    )
    assert saved is not None and (saved.workspace_id, saved.host_id) == (ada, bob)
    async with db.session() as session:
        game = await session.get(Game, "g1")
        assert game is not None and (game.workspace_id, game.host_id) == (ada, bob)
        row = (await session.execute(select(GamePlayer.workspace_id, GamePlayer.host_id))).one()
        assert tuple(row) == (ada, bob)
        person = (await session.execute(select(Identity.workspace_id))).scalar_one()
        assert person == ada
    board = await db.leaderboards.season(Scope.personal(ada), "players")
    assert [e["nickname"] for e in board["entries"]] == ["Ann"]
    assert (await db.leaderboards.season(Scope.personal(bob), "players"))["entries"] == []
    assert await db.games.get(Scope.personal(ada), "g1") is not None
    assert await db.games.get(Scope.personal(bob), "g1") is None


async def test_workspaces_and_invites_are_bounded(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspaces, "MAX_OWNED_WORKSPACES", 2)
    monkeypatch.setattr(workspaces, "MAX_VALID_INVITES", 2)
    ada = await account(db, "ada@example.com")  # owns her own workspace
    await db.workspaces.create(ada, "Second")
    with pytest.raises(Conflict) as refused:
        await db.workspaces.create(ada, "Third")
    assert refused.value.code == "too_many_workspaces"
    assert len(await db.workspaces.for_account(ada)) == 2
    owner = Scope.personal(ada)
    first = await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
    await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
    with pytest.raises(Conflict) as refused:
        await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
    assert refused.value.code == "too_many_invites"
    await db.workspaces.revoke_invite(owner, first.id)  # a revoked one no longer counts
    await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(hours=1))
