"""Runs of a challenge into SQL: each run is a player row of the challenge's game (with its
answers and its share of the question tallies), linked to the person; written once however
often it is handed over; it counts on the workspace leaderboard, in the person's history and
in the game's report. The standings rank each person's best run and rank teams under each team
rule with participation."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select
from test_db_challenges import QUIZ, new_challenge
from test_db_teams import join

from server.db.database import Database
from server.db.errors import NotFound
from server.db.models import GameAnswer, GameQuestion, new_id
from server.db.records import AnswerRecord, PlayerResult, RunResults
from server.db.scope import Scope

T0 = 1_764_000_000_000


def run(
    cid: str, gid: str, pid: str, *, score: int, right: tuple[bool, bool] = (True, False),
    account: str | None = None, key: str | None = None, team: str | None = None,
    team_id: str | None = None, attempt: int = 1, at: int = T0,
) -> RunResults:  # fmt: skip
    """A run of player `pid` (its Redis id) answering both questions (choice 0 is right, True
    is right for the second)."""
    run_id = f"{pid}-{attempt}-{secrets.token_hex(3)}"
    answers = [
        AnswerRecord(run_id, 0, [0] if right[0] else [1], right[0], 500 if right[0] else 0, 2000),
        AnswerRecord(run_id, 1, right[1], right[1], 400 if right[1] else 0, 3000),
    ]
    player = PlayerResult(
        player_id=run_id, nickname=pid.upper(), team=team, score=score, rank=1,
        correct=sum(right), answered=2, correct_time_ms=2000 * sum(right), joined_ms=at - 60_000,
        player_key=key, account_id=account,
    )  # fmt: skip
    return RunResults(cid, gid, pid, attempt, at - 30_000, at, player, answers, team_id)


async def challenge(db: Database, scope: Scope, **changes: object) -> tuple[str, str]:
    cid, gid = new_id(), new_id()
    await db.challenges.create(
        scope, new_challenge(**changes), challenge_id=cid, game_id=gid, pin="123456", quiz=QUIZ
    )
    return cid, gid


async def person(db: Database, owner: str, name: str) -> str:
    host = await db.hosts.create(f"{name}-{secrets.token_hex(4)}@example.com", name, "x")
    await join(db, owner, host.id)
    return host.id


async def test_a_run_lands_in_the_game_leaderboard_history_and_report(db: Database) -> None:
    owner = (await db.hosts.create(f"o-{secrets.token_hex(4)}@example.com", "Olga", "x")).id
    scope = Scope.personal(owner)
    ann = await person(db, owner, "Ann")
    cid, gid = await challenge(db, scope)

    first = run(cid, gid, "p-ann", score=500, account=ann)
    saved = await db.challenges.write_run(first)
    assert saved is not None and saved.challenge_id == cid and saved.player_id == "p-ann"
    assert saved.identity_id is not None
    # The first game of the person: a milestone, announced under the phone's player id.
    assert [m.code for m in saved.awards["p-ann"]] == ["first_game"]
    # Handed over again (a writer that died before removing the entry): nothing more.
    assert await db.challenges.write_run(first) is None
    await db.challenges.write_run(
        run(cid, gid, "p-bob", score=900, right=(True, True), key="bob-phone-0123456789")
    )
    second = run(cid, gid, "p-ann", score=900, right=(True, True), account=ann, attempt=2,
                 at=T0 + 60_000)  # fmt: skip
    await db.challenges.write_run(second)

    game = await db.games.get(scope, gid)
    assert game is not None and game.players == 3 and game.results_at is not None
    assert game.finished_at is not None and game.started_at is not None
    async with db.session() as session:
        tallies = [
            (q.index, q.question_id, q.answered, q.correct, q.distribution)
            for q in await session.scalars(
                select(GameQuestion).where(GameQuestion.game_id == gid).order_by(GameQuestion.index)
            )
        ]
        answers = len(
            list(await session.scalars(select(GameAnswer).where(GameAnswer.game_id == gid)))
        )
    assert answers == 6
    assert tallies[0][:4] == (0, "qa", 3, 3) and tallies[0][4]["0"] == 3
    assert tallies[1][:4] == (1, "qb", 3, 2)

    report = await db.reports.game(scope, gid)
    assert sorted(p["score"] for p in report["players"]) == [500, 900, 900]
    board = await db.leaderboards.season(scope, "players", limit=10)
    mine = [e for e in board["entries"] if e["games"] == 2]
    assert len(mine) == 1 and mine[0]["score"] == 1400
    history = await db.people.history(ann)
    assert [g["game_id"] for g in history["games"]] == [gid, gid]


async def test_a_run_of_a_deleted_challenge_is_not_found(db: Database) -> None:
    owner = (await db.hosts.create(f"o-{secrets.token_hex(4)}@example.com", "Olga", "x")).id
    scope = Scope.personal(owner)
    cid, gid = await challenge(db, scope)
    assert await db.games.delete(scope, gid)
    assert await db.challenges.get(scope, cid) is None
    with pytest.raises(NotFound):
        await db.challenges.write_run(run(cid, gid, "p1", score=1))


async def test_concurrent_runs_all_count(db: Database) -> None:
    owner = (await db.hosts.create(f"o-{secrets.token_hex(4)}@example.com", "Olga", "x")).id
    cid, gid = await challenge(db, Scope.personal(owner))
    runs = [run(cid, gid, f"p{i}", score=100 * i) for i in range(8)]
    await asyncio.gather(*(db.challenges.write_run(r) for r in runs))
    game = await db.games.get(Scope.personal(owner), gid)
    assert game is not None and game.players == 8
    async with db.session() as session:
        answered = list(await session.scalars(
            select(GameQuestion.answered).where(GameQuestion.game_id == gid)
        ))  # fmt: skip
    assert answered == [8, 8]


@pytest.mark.parametrize(
    ("rule", "owls", "larks"),
    [("average", 700, 200), ("sum", 1400, 200), ({"top_n": 1}, 900, 200)],
)
async def test_team_standings_by_rule_with_participation(
    db: Database, rule: object, owls: int, larks: int
) -> None:
    owner = (await db.hosts.create(f"o-{secrets.token_hex(4)}@example.com", "Olga", "x")).id
    scope = Scope.personal(owner)
    ann, bob, cat, dan = [await person(db, owner, n) for n in ("Ann", "Bob", "Cat", "Dan")]
    o = await db.teams.create(scope, "Owls")
    lk = await db.teams.create(scope, "Larks")
    await db.teams.set_members(scope, o["id"], [ann, bob, cat], replace=True)
    await db.teams.set_members(scope, lk["id"], [dan], replace=True)
    cid, gid = await challenge(
        db, scope, audience="teams", team_ids=(o["id"], lk["id"]), team_rule=rule
    )
    for pid, account, score, tid, attempt in (
        ("pa", ann, 300, o["id"], 1),
        ("pa", ann, 900, o["id"], 2),  # Ann's best run counts, once
        ("pb", bob, 500, o["id"], 1),
        ("pd", dan, 200, lk["id"], 1),
    ):
        await db.challenges.write_run(
            run(cid, gid, pid, score=score, account=account, team_id=tid, attempt=attempt)
        )
    got = await db.challenges.standings(scope, cid)
    assert got is not None
    assert [(p["rank"], p["nickname"], p["score"]) for p in got["players"]] == [
        (1, "PA", 900), (2, "PB", 500), (3, "PD", 200),
    ]  # fmt: skip
    assert [
        (t["name"], t["score"], t["rank"], t["played"], t["members"]) for t in got["teams"]
    ] == [
        ("Owls", owls, 1, 2, 3),
        ("Larks", larks, 2, 1, 1),
    ]
    # Who may play it: members of its teams, and its creator.
    ws = Scope(workspace_id=owner, account_id=dan, role=scope.role.MEMBER)
    record = await db.challenges.get(scope, cid)
    assert record is not None and await db.challenges.invited(ws, record)
    eve = await person(db, owner, "Eve")
    assert not await db.challenges.invited(
        Scope(workspace_id=owner, account_id=eve, role=scope.role.MEMBER), record
    )
    assert await db.challenges.standings(Scope.personal(eve), cid) is None


async def test_standings_tie_and_guests_without_identity(db: Database) -> None:
    owner = (await db.hosts.create(f"o-{secrets.token_hex(4)}@example.com", "Olga", "x")).id
    scope = Scope.personal(owner)
    cid, gid = await challenge(db, scope, audience="guests")
    for pid in ("g1", "g2"):
        await db.challenges.write_run(run(cid, gid, pid, score=500))
    await db.challenges.write_run(run(cid, gid, "g3", score=100, at=T0 - timedelta(1).days))
    got = await db.challenges.standings(scope, cid)
    assert got is not None and got["teams"] == []
    assert [(p["rank"], p["score"]) for p in got["players"]] == [(1, 500), (1, 500), (3, 100)]
