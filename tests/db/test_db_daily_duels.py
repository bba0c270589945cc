"""The daily challenge and duels in SQL (server/db/daily.py, server/db/duels.py), on SQLite and
PostgreSQL: the settings, the bank (shared quizzes only, of a tag), one challenge per workspace
and day even when made at once, the day streak and its milestones (a 5-day streak awards
streak_5 once), a duel read by its sides only (the head-to-head once both played), and a
member's challenges."""

from __future__ import annotations

import asyncio
import secrets
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.db.challenge_models import Challenge
from server.db.challenges import NewChallenge
from server.db.daily import DailyConfig, day_bounds
from server.db.database import Database
from server.db.errors import Forbidden
from server.db.models import DRAFT, Game, GameAnswer, GamePlayer, MilestoneAwarded, new_id
from server.db.person_identities import account_identity
from server.db.records import AnswerRecord, PlayerResult, RunResults
from server.db.scope import Role, Scope
from server.db.streaks import daily_awards
from server.db.times import now

QUIZ = {
    "title": "Rivers",
    "questions": [
        {"kind": "choice", "prompt": "Longest?", "choices": ["Nile", "Po"], "correct": [0]},
        {"kind": "true_false", "prompt": "The Po is in Italy.", "correct": True},
    ],
}
DAY = date(2026, 12, 1)


async def account(db: Database, name: str) -> str:
    host = await db.hosts.create(f"{name}-{secrets.token_hex(4)}@example.com", name, "x")
    return host.id


async def member_of(db: Database, owner: Scope, name: str) -> Scope:
    """A new account made a member of `owner`'s workspace; its scope there."""
    aid = await account(db, name)
    invite = await db.workspaces.create_invite(owner, Role.MEMBER, timedelta(days=1))
    await db.workspaces.accept(invite.id, aid)
    return Scope(owner.workspace_id, aid, Role.MEMBER)


async def challenge(db: Database, scope: Scope, **changes: Any) -> tuple[str, str]:
    """A challenge made by `scope`'s account; (challenge id, game id)."""
    at = now()
    fields: dict[str, Any] = {
        "kind": "challenge",
        "title": "Rivers",
        "quiz_id": None,
        "opens_at": at - timedelta(minutes=1),
        "closes_at": at + timedelta(days=7),
        "audience": "members",
        "team_rule": "average",
        "settings": {},
        **changes,
    }
    cid, gid = new_id(), new_id()
    await db.challenges.create(
        scope, NewChallenge(**fields), challenge_id=cid, game_id=gid, pin="123456", quiz=QUIZ
    )
    return cid, gid


async def run(
    db: Database,
    scope: Scope,
    game_id: str,
    score: int,
    answers: list[tuple[bool, int, int]] = (),  # type: ignore[assignment]
    finished: datetime | None = None,
) -> tuple[str, str]:
    """A finished run of `scope`'s account written as the run writer writes one (its player
    row on the account's identity, its answers); (run id, identity id)."""
    pid = new_id()
    async with db.session() as session, session.begin():
        iid = (await account_identity(session, scope, scope.account_id, now())).id
        session.add(
            GamePlayer(
                game_id=game_id, player_id=pid, nickname="p", team=None, score=score, rank=1,
                correct=sum(1 for a in answers if a[0]), answered=len(answers),
                correct_time_ms=0, joined_at=None, identity_id=iid,
                workspace_id=scope.workspace_id, host_id=scope.account_id,
                finished_at=finished or now(),
            )
        )  # fmt: skip
        await session.flush()
        for index, (correct, points, elapsed) in enumerate(answers):
            session.add(
                GameAnswer(
                    game_id=game_id, player_id=pid, question_index=index, answer=0,
                    correct=correct, points=points, elapsed_ms=elapsed,
                )
            )  # fmt: skip
    return pid, iid


async def test_settings_are_off_until_an_admin_sets_them(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    ann = await member_of(db, owner, "Ann")
    assert await db.daily.config(owner) == DailyConfig(False, None, 5, 20)
    with pytest.raises(Forbidden):
        await db.daily.configure(ann, DailyConfig(True, None, 3, 10))
    assert await db.daily.config(owner) == DailyConfig()
    await db.daily.configure(owner, DailyConfig(True, "geo", 3, 10))
    await db.daily.configure(owner, DailyConfig(True, None, 4, 15))
    assert await db.daily.config(ann) == DailyConfig(True, None, 4, 15)
    other = Scope.personal(await account(db, "Zed"))
    assert await db.daily.config(other) == DailyConfig()


async def test_the_bank_is_the_shared_quizzes_of_the_tag(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    geo = await db.quizzes.create(owner, {**QUIZ, "tags": ["geo"]})
    plain = await db.quizzes.create(owner, QUIZ)
    await db.quizzes.create(owner, {**QUIZ, "tags": ["geo"]}, visibility=DRAFT)
    await db.quizzes.create(Scope.personal(await account(db, "Zed")), QUIZ)
    everything = await db.daily.bank(owner, None)
    assert {q.quiz_id for q in everything} == {geo["id"], plain["id"]}
    assert sorted(q.id for q in everything) == sorted(
        q["id"] for quiz in (geo, plain) for q in quiz["questions"]
    )
    tagged = await db.daily.bank(owner, "geo")
    assert [q.id for q in tagged] == [q["id"] for q in geo["questions"]]
    assert tagged[0].question["prompt"] == "Longest?"


async def test_two_first_asks_at_once_make_one_daily_challenge(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    opens, closes = day_bounds(DAY)
    made = await asyncio.gather(
        *(
            challenge(db, owner, kind="daily", day=DAY.isoformat(), opens_at=opens,
                      closes_at=closes)
            for _ in range(2)
        ),
        return_exceptions=True,
    )  # fmt: skip
    won = [m for m in made if isinstance(m, tuple)]
    lost = [m for m in made if isinstance(m, BaseException)]
    assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], IntegrityError), made
    record = await db.daily.of_day(owner, DAY)
    assert record is not None and record.id == won[0][0] and record.day == "2026-12-01"
    assert (record.opens_at, record.closes_at) == (opens, closes)
    async with db.session() as session:
        # The loser's game row went with its transaction.
        assert await session.scalar(select(func.count()).select_from(Game)) == 1
    assert await db.daily.of_day(owner, DAY + timedelta(days=1)) is None
    assert await db.daily.of_day(Scope.personal(await account(db, "Zed")), DAY) is None


async def play_daily(db: Database, scope: Scope, day: date) -> list[str]:
    """`scope`'s account plays the daily challenge of `day` (made when missing); the streak
    milestones its run earns, as the run writer awards them."""
    record = await db.daily.of_day(scope, day)
    if record is None:
        opens, closes = day_bounds(day)
        _, gid = await challenge(
            db, scope, kind="daily", day=day.isoformat(), opens_at=opens, closes_at=closes
        )
    else:
        gid = record.game_id
    pid, iid = await run(db, scope, gid, 100)
    async with db.session() as session, session.begin():
        row = await session.scalar(select(Challenge).where(Challenge.game_id == gid))
        assert row is not None
        awarded = await daily_awards(session, row, {pid: iid}, now())
    return [m.code for m in awarded.get(pid, [])]


async def test_a_five_day_streak_awards_streak_5_once(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    ann = await member_of(db, owner, "Ann")
    earned = [await play_daily(db, ann, DAY + timedelta(days=d)) for d in range(4)]
    assert earned == [[], [], [], []]
    assert await db.daily.streak(ann, ann.account_id, DAY + timedelta(days=4)) == (4, 4)
    assert await play_daily(db, ann, DAY + timedelta(days=4)) == ["streak_5"]
    # A second run the same day, and the sixth day: no second badge.
    assert await play_daily(db, ann, DAY + timedelta(days=4)) == []
    assert await play_daily(db, ann, DAY + timedelta(days=5)) == []
    assert await db.daily.streak(ann, ann.account_id, DAY + timedelta(days=6)) == (6, 6)
    # A missed day breaks the streak; the best stays.
    assert await db.daily.streak(ann, ann.account_id, DAY + timedelta(days=7)) == (0, 6)
    async with db.session() as session:
        codes = list(await session.scalars(select(MilestoneAwarded.code)))
    assert codes == ["streak_5"]
    # Another member who played the same days but one earns nothing.
    bob = await member_of(db, owner, "Bob")
    for d in (0, 1, 3, 4, 5):
        assert await play_daily(db, bob, DAY + timedelta(days=d)) == []
    assert await db.daily.streak(bob, bob.account_id, DAY + timedelta(days=5)) == (3, 3)


async def test_a_plain_challenge_run_earns_no_streak(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    _, gid = await challenge(db, owner)
    pid, iid = await run(db, owner, gid, 10)
    async with db.session() as session, session.begin():
        row = await session.scalar(select(Challenge).where(Challenge.game_id == gid))
        assert row is not None
        assert await daily_awards(session, row, {pid: iid}, now()) == {}


async def test_a_duel_is_read_by_its_sides_only(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    ann = await member_of(db, owner, "Ann")
    bob = await member_of(db, owner, "Bob")
    cleo = await member_of(db, owner, "Cleo")
    cid, gid = await challenge(db, ann, kind="duel", opponent_account_id=bob.account_id)
    at = now()
    assert await db.duels.view(cleo, cid, at) is None
    assert await db.duels.view(owner, cid, at) is None  # the owner is no side either
    assert await db.duels.view(Scope.personal(await account(db, "Zed")), cid, at) is None
    view = await db.duels.view(bob, cid, at)
    assert view is not None and not view.complete and view.sides == [] and view.winner is None
    assert [(p["name"], p["side"], p["finished"]) for p in view.played] == [
        ("Ann", "challenger", False),
        ("Bob", "opponent", False),
    ]
    # Ann plays: Bob sees that she played, not her score or answers.
    await run(db, ann, gid, 900, [(True, 500, 1200), (True, 400, 3000)])
    view = await db.duels.view(bob, cid, at)
    assert view is not None and not view.complete and view.sides == []
    assert [p["finished"] for p in view.played] == [True, False]
    # Bob plays: both see the head-to-head.
    await run(db, bob, gid, 500, [(True, 500, 900)])
    for side in (ann, bob):
        view = await db.duels.view(side, cid, at)
        assert view is not None and view.complete and view.winner == ann.account_id
        assert [(s["name"], s["score"], s["correct"]) for s in view.sides] == [
            ("Ann", 900, 2),
            ("Bob", 500, 1),
        ]
        assert view.sides[1]["per_question"] == [
            {"answered": True, "correct": True, "points": 500, "elapsed_ms": 900},
            {"answered": False, "correct": False, "points": 0, "elapsed_ms": None},
        ]
    # A plain challenge is no duel.
    plain, _ = await challenge(db, ann)
    assert await db.duels.view(ann, plain, at) is None


async def test_a_tied_duel_has_no_winner_and_a_team_duel_its_members(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    ann = await member_of(db, owner, "Ann")
    bob = await member_of(db, owner, "Bob")
    cleo = await member_of(db, owner, "Cleo")
    owls = await db.teams.create(owner, "Owls")
    await db.teams.set_members(owner, owls["id"], [bob.account_id, cleo.account_id], replace=True)
    cid, gid = await challenge(db, ann, kind="duel", opponent_team_id=owls["id"])
    view = await db.duels.view(cleo, cid, now())
    assert view is not None and view.opponent == {"team_id": owls["id"], "name": "Owls"}
    assert [p["name"] for p in view.played] == ["Ann", "Bob", "Cleo"]
    await run(db, ann, gid, 700)
    await run(db, cleo, gid, 700)
    view = await db.duels.view(bob, cid, now())
    assert view is not None and view.complete and view.winner is None
    assert [s["name"] for s in view.sides] == ["Ann", "Cleo"]


async def test_my_challenges(db: Database) -> None:
    owner = Scope.personal(await account(db, "Olga"))
    ann = await member_of(db, owner, "Ann")
    bob = await member_of(db, owner, "Bob")
    owls = await db.teams.create(owner, "Owls")
    await db.teams.set_members(owner, owls["id"], [bob.account_id], replace=True)
    everyone, everyone_gid = await challenge(db, owner)
    owls_only, _ = await challenge(db, owner, audience="teams", team_ids=[owls["id"]])
    closed, closed_gid = await challenge(db, owner)
    await db.challenges.close(owner, closed)
    duel, _ = await challenge(db, bob, kind="duel", opponent_account_id=ann.account_id)
    others_duel, _ = await challenge(db, bob, kind="duel", opponent_account_id=owner.account_id)
    at = now()
    mine = await db.duels.mine(ann, at)
    assert [i["record"].id for i in mine["open"]] == [duel, everyone]
    assert mine["done"] == []
    assert [(d["record"].id, d["played"]) for d in mine["duels"]] == [(duel, False)]
    assert mine["duels"][0]["challenger"]["name"] == "Bob"
    assert [i["record"].id for i in (await db.duels.mine(bob, at))["open"]] == [
        others_duel,
        duel,
        owls_only,
        everyone,
    ]
    # Ann plays the open one (her one attempt) and played the closed one: both are done,
    # with her best score and its rank.
    await run(db, bob, everyone_gid, 800)
    await run(db, ann, everyone_gid, 500)
    await run(db, ann, closed_gid, 300)
    await run(db, ann, closed_gid, 400)
    mine = await db.duels.mine(ann, at)
    assert [i["record"].id for i in mine["open"]] == [duel]
    assert [(d["record"].id, d["score"], d["rank"], d["runs"]) for d in mine["done"]] == [
        (closed, 400, 1, 2),
        (everyone, 500, 2, 1),
    ]


async def test_the_run_writer_awards_the_streak_once(db: Database) -> None:
    """Through `db.challenges.write_run`, as the outbox writes runs: Ann's daily runs on five
    days in a row; the fifth earns streak_5 (announced with the run), once."""
    owner = Scope.personal(await account(db, "Olga"))
    ann = await member_of(db, owner, "Ann")
    announced: list[list[str]] = []
    for d in [0, 1, 2, 3, 4, 4, 5]:
        day = DAY + timedelta(days=d)
        record = await db.daily.of_day(owner, day)
        if record is None:
            opens, closes = day_bounds(day)
            cid, gid = await challenge(
                db, owner, kind="daily", day=day.isoformat(), opens_at=opens, closes_at=closes
            )
        else:
            cid, gid = record.id, record.game_id
        at = int(day_bounds(day)[0].timestamp() * 1000) + 3_600_000
        rid = new_id()
        player = PlayerResult(
            player_id=rid, nickname="Ann", team=None, score=100, rank=1, correct=1,
            answered=1, correct_time_ms=900, joined_ms=at - 60_000, account_id=ann.account_id,
        )  # fmt: skip
        answers = [AnswerRecord(rid, 0, [0], True, 100, 900)]
        saved = await db.challenges.write_run(
            RunResults(cid, gid, f"p{d}", 1, at - 30_000, at, player, answers)
        )
        assert saved is not None
        announced.append([m.code for m in saved.awards.get(f"p{d}", []) if "streak" in m.code])
    assert announced == [[], [], [], [], ["streak_5"], [], []]
    assert await db.daily.streak(ann, ann.account_id, DAY + timedelta(days=5)) == (6, 6)
    async with db.session() as session:
        codes = list(
            await session.scalars(
                select(MilestoneAwarded.code).where(MilestoneAwarded.code.like("streak%"))
            )
        )
    assert codes == ["streak_5"]
