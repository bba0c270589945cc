"""Members' contributions in SQL (SQLite and PostgreSQL): the lifecycle (submit, changes,
edit, approve with credit, hide), who sees what (nothing unreviewed or hidden reaches another
member, nothing crosses workspaces), named reviewers, drives' limits and deadlines, votes,
reports, the `ON_APPROVED` hook, and an author's account going away."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select

import server.db.author_milestones  # noqa: F401  (registers its approval hook)
from server.db import contributions as contributions_module
from server.db.contribution_models import AuthorMilestone, Contribution
from server.db.database import Database
from server.db.errors import Conflict, Forbidden, NotFound
from server.db.models import Host
from server.db.scope import Role, Scope
from server.db.times import now

QUESTION = {"kind": "true_false", "prompt": "Is the sky blue?", "correct": True}
TIP = {"title": "Stretch", "body": "Stand up every hour."}


async def account(db: Database, name: str) -> str:
    host = await db.hosts.create(f"{name}-{secrets.token_hex(4)}@example.com", name, "x")
    return host.id


async def join(db: Database, owner: str, account_id: str, role: Role = Role.MEMBER) -> Scope:
    invite = await db.workspaces.create_invite(Scope.personal(owner), role, timedelta(days=1))
    await db.workspaces.accept(invite.id, account_id)
    return Scope(workspace_id=owner, account_id=account_id, role=role)


async def world(db: Database) -> tuple[Scope, Scope, Scope]:
    """An owner's workspace with two members: (owner, ann, bob)."""
    owner = await account(db, "Olga")
    ann = await join(db, owner, await account(db, "Ann"))
    bob = await join(db, owner, await account(db, "Bob"))
    return Scope.personal(owner), ann, bob


async def test_lifecycle_credit_and_visibility(db: Database) -> None:
    owner, ann, bob = await world(db)
    team = await db.teams.create(owner, "Owls")
    await db.teams.set_members(owner, team["id"], [ann.account_id], replace=True)
    doc = await db.contributions.submit(ann, "question", dict(QUESTION), ["sky"])
    cid, qid = doc["id"], doc["document"]["id"]
    assert doc["status"] == "pending" and qid
    # Pending: the author and reviewers see it, another member does not, nor the library.
    assert await db.contributions.get(bob, cid) is None
    assert (await db.community.community(bob))["items"] == []
    with pytest.raises(NotFound):
        await db.community.vote(bob, cid, True)
    with pytest.raises(NotFound):
        await db.reviews.report(bob, cid, "rude")
    assert (await db.contributions.get(ann, cid) or {})["status"] == "pending"
    with pytest.raises(Forbidden):
        await db.reviews.queue(bob)
    assert [i["id"] for i in await db.reviews.queue(owner)] == [cid]
    # Sent back, edited (the question id stays), approved with the author's name and team.
    await db.reviews.review(owner, cid, "changes", 1, comment="Harder, please")
    with pytest.raises(Conflict):
        await db.contributions.update(ann, cid, dict(QUESTION), [], 5)
    with pytest.raises(NotFound):
        await db.contributions.update(bob, cid, dict(QUESTION), [], 1)
    edited = await db.contributions.update(
        ann, cid, {**QUESTION, "prompt": "Is the sea salty?"}, ["sea"], 1
    )
    assert edited["status"] == "pending" and edited["document"]["id"] == qid
    approved = await db.reviews.review(owner, cid, "approve", 2)
    assert approved["credit"] == {"name": "Ann", "team": "Owls"}
    with pytest.raises(Conflict):  # decided: neither edited nor reviewed again
        await db.contributions.update(ann, cid, dict(QUESTION), [], 2)
    with pytest.raises(Conflict):
        await db.reviews.review(owner, cid, "reject", 2, comment="late")
    thread = (await db.contributions.mine(ann))[0]["events"]
    assert [e["action"] for e in thread] == ["submitted", "changes_requested", "edited", "approved"]
    # Approved: visible to members, votable once, not by its author.
    assert (await db.contributions.get(bob, cid) or {})["events"] == []
    assert await db.community.vote(bob, cid, True) == {"votes": 1, "voted": True}
    assert await db.community.vote(bob, cid, True) == {"votes": 1, "voted": True}
    with pytest.raises(Conflict):
        await db.community.vote(ann, cid, True)
    page = await db.community.community(bob, tag="sea")
    assert [(i["id"], i["voted"]) for i in page["items"]] == [(cid, True)]
    assert (await db.community.community(bob, tag="sky"))["items"] == []
    # A report is for reviewers only; hiding takes it out of everything at once.
    await db.reviews.report(bob, cid, "wrong answer")
    with pytest.raises(Conflict):
        await db.reviews.report(bob, cid, "again")
    assert [e["action"] for e in (await db.contributions.mine(ann))[0]["events"]][-1] == "approved"
    assert [i["open_reports"] for i in await db.reviews.queue(owner, "reported")] == [1]
    with pytest.raises(Forbidden):
        await db.reviews.set_hidden(ann, cid, True)
    hidden = await db.reviews.set_hidden(owner, cid, True)
    assert hidden["hidden"] and hidden["open_reports"] == 0
    assert await db.contributions.get(bob, cid) is None
    assert (await db.community.community(bob))["items"] == []
    with pytest.raises(NotFound):
        await db.community.vote(bob, cid, False)
    await db.reviews.set_hidden(owner, cid, False)
    assert (await db.community.community(bob))["total"] == 1


async def test_nothing_crosses_workspaces(db: Database) -> None:
    owner, ann, _ = await world(db)
    cid = (await db.contributions.submit(ann, "tip", dict(TIP), []))["id"]
    await db.reviews.review(owner, cid, "approve", 1)
    stranger = Scope.personal(await account(db, "Zed"))
    assert await db.contributions.get(stranger, cid) is None
    assert (await db.community.community(stranger))["items"] == []
    with pytest.raises(NotFound):
        await db.reviews.review(stranger, cid, "reject", 1, comment="mine now")
    with pytest.raises(NotFound):
        await db.reviews.set_hidden(stranger, cid, True)
    with pytest.raises(NotFound):
        await db.community.vote(stranger, cid, True)
    assert await db.reviews.queue(stranger, "all") == []


async def test_named_reviewers(db: Database) -> None:
    owner, ann, bob = await world(db)
    with pytest.raises(Forbidden):
        await db.reviews.set_reviewers(ann, [ann.account_id])
    with pytest.raises(NotFound):
        await db.reviews.set_reviewers(owner, [ann.account_id, "nobody"])
    assert await db.reviews.reviewers(owner) == []
    await db.reviews.set_reviewers(owner, [ann.account_id])
    assert [r["name"] for r in await db.reviews.reviewers(owner)] == ["Ann"]
    assert await db.contributions.may_review(ann) and not await db.contributions.may_review(bob)
    own = (await db.contributions.submit(ann, "tip", dict(TIP), []))["id"]
    theirs = (await db.contributions.submit(bob, "tip", dict(TIP), []))["id"]
    with pytest.raises(Forbidden):  # a member reviewer may not approve their own
        await db.reviews.review(ann, own, "approve", 1)
    rejected = await db.reviews.review(ann, theirs, "reject", 1, comment="Too short")
    assert rejected["status"] == "rejected" and rejected["credit"] is None
    # Leaving the workspace ends the role.
    await db.workspaces.remove_member(owner, ann.account_id)
    assert await db.reviews.reviewers(owner) == []


async def test_drives_limit_and_deadline(db: Database) -> None:
    owner, ann, _ = await world(db)
    with pytest.raises(Forbidden):
        await db.drives.create(
            ann, title="Mine", brief=None, event_id=None, deadline=now(), per_member_limit=1
        )
    drive = await db.drives.create(
        owner,
        title="Space",
        brief="All about space",
        event_id=None,
        deadline=now() + timedelta(days=1),
        per_member_limit=1,
    )
    await db.contributions.submit(ann, "question", dict(QUESTION), [], drive["id"])
    with pytest.raises(Conflict) as limit:
        await db.contributions.submit(ann, "question", dict(QUESTION), [], drive["id"])
    assert limit.value.code == "drive_limit"
    got = await db.drives.get(ann, drive["id"])
    assert got is not None and (got["submitted"], got["remaining"]) == (1, 0)
    assert [d["id"] for d in await db.drives.list_all(ann)] == [drive["id"]]
    await db.drives.close(owner, drive["id"])
    assert await db.drives.list_all(ann) == []
    assert [d["open"] for d in await db.drives.list_all(owner)] == [False]
    other = await join(db, owner.workspace_id, await account(db, "Cat"))
    with pytest.raises(Conflict) as closed:
        await db.contributions.submit(other, "tip", dict(TIP), [], drive["id"])
    assert closed.value.code == "drive_closed"
    with pytest.raises(NotFound):
        await db.contributions.submit(other, "tip", dict(TIP), [], "no-such-drive")


async def test_on_approved_hook_and_an_author_going_away(db: Database) -> None:
    owner, ann, _ = await world(db)
    seen: list[str] = []

    async def award(session: Any, row: Contribution) -> None:
        seen.append(row.id)

    contributions_module.ON_APPROVED.append(award)
    try:
        cid = (await db.contributions.submit(ann, "tip", dict(TIP), []))["id"]
        await db.reviews.review(owner, cid, "approve", 1, document={**TIP, "title": "Move"})
    finally:
        contributions_module.ON_APPROVED.remove(award)
    assert seen == [cid]
    got = await db.contributions.get(owner, cid)
    assert got is not None and got["document"]["title"] == "Move" and got["version"] == 2
    assert [e["action"] for e in got["events"]][-1] == "edited_and_approved"
    # server.db.author_milestones' own hook awarded the author's first approval.
    async with db.session() as session:
        awarded = list(await session.scalars(select(AuthorMilestone)))
    assert [(m.account_id, m.code, m.contribution_id) for m in awarded] == [
        (ann.account_id, "first_approved", cid)
    ]
    # The account goes: the content stays, without its link or credit.
    assert await db.reviews.forget_author(ann.account_id) == 1
    async with db.session() as session, session.begin():
        await session.execute(delete(Host).where(Host.id == ann.account_id))
    async with db.session() as session:
        row = await session.scalar(select(Contribution).where(Contribution.id == cid))
        milestones = list(await session.scalars(select(AuthorMilestone)))
    assert row is not None and (row.author_id, row.credit_name) == (None, None)
    assert row.status == "approved" and milestones == []


async def test_a_removed_member_leaves_approved_content_without_credit(db: Database) -> None:
    owner, ann, bob = await world(db)
    kept = (await db.contributions.submit(ann, "tip", dict(TIP), []))["id"]
    await db.reviews.review(owner, kept, "approve", 1)
    dropped = (await db.contributions.submit(ann, "tip", dict(TIP), []))["id"]
    theirs = (await db.contributions.submit(bob, "tip", dict(TIP), []))["id"]
    await db.reviews.review(owner, theirs, "approve", 1)
    await db.community.vote(ann, theirs, True)
    await db.reviews.report(ann, theirs, "typo")
    await db.lifecycle.remove_person(owner, ann.account_id, "erase")
    got = await db.contributions.get(owner, kept)
    assert got is not None and (got["author"], got["credit"]) == (None, None)
    assert got["status"] == "approved"
    assert await db.contributions.get(owner, dropped) is None
    voted = await db.contributions.get(bob, theirs)
    assert voted is not None and voted["votes"] == 0
    [item] = await db.reviews.queue(owner, "reported")
    assert all(e["by"] is None for e in item["events"] if e["action"] == "reported")
