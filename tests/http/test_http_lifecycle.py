"""An admin deletes a game or a person in the workspace (docs/privacy.md, "Deleting"): who may,
what goes, and that a refusal changes nothing; on SQLite and PostgreSQL, after real games."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register
from sqlalchemy import func, select

from server.db.models import Base, GameAnswer, GamePlayer, Identity, Membership
from server.db.scope import Role, Scope
from server.sockets.messages import Answer, Join

QUIZ: dict[str, Any] = {
    "title": "Life cycle",
    "questions": [{"kind": "true_false", "prompt": "Yes?", "correct": True}],
}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


@dataclass
class Member:
    account_id: str
    email: str
    auth: dict[str, str]


async def workspace(api: Api) -> tuple[str, dict[str, Member]]:
    """Ada's workspace with an admin, two hosts and two members (by invite); each caller's
    headers act in it."""
    people: dict[str, Member] = {}
    ada = await register(api.client, "ada@example.com", "Ada")
    ws = ada["host"]["id"]
    owner = Scope.personal(ws)
    for label, role in (
        ("ada", Role.OWNER),
        ("eve", Role.ADMIN),
        ("cy", Role.HOST),
        ("fay", Role.HOST),
        ("dee", Role.MEMBER),
        ("gus", Role.MEMBER),
    ):
        body = ada if label == "ada" else await register(api.client, f"{label}@example.com", label)
        if role != Role.OWNER:
            invite = await api.db.workspaces.create_invite(owner, role, timedelta(hours=1))
            await api.db.workspaces.accept(invite.id, body["host"]["id"])
        people[label] = Member(
            body["host"]["id"],
            f"{label}@example.com",
            {**bearer(body["token"]), "X-Workspace": ws},
        )
    return ws, people


async def finished_game(api: Api, host: Member, players: list[tuple[str, str | None]]) -> str:
    """A game `host` created, played by (nickname, identifier) players who all answer right,
    its results in SQL."""
    _, quiz = await api.call("POST", "/api/quizzes", host.auth, json=QUIZ)
    status, game = await api.call("POST", "/api/games", host.auth, json={"quiz_id": quiz["id"]})
    assert status == 201, game
    pids = []
    for n, (nickname, identifier) in enumerate(players):
        payload = {"pin": game["pin"], "nickname": nickname}
        if identifier is not None:
            payload["identifier"] = identifier
        _, pid, _ = await api.live.players.join(f"sid{n}", Join.parse(payload))
        pids.append(pid)
    await api.live.host.command(game["id"], "start")
    for pid in pids:
        await api.live.answer(game["id"], pid, Answer(0, True))
    await api.live.host.command(game["id"], "end")
    assert await api.writer.drain_once() == 1
    return str(game["id"])


async def counts(api: Api) -> dict[str, int]:
    async with api.db.session() as session:
        return {
            t.name: int(await session.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
            if t.name not in ("write_probes", "host_tokens")
        }


async def results_of(api: Api, auth: dict[str, str], gid: str) -> list[tuple[str, int]]:
    status, body = await api.call("GET", f"/api/games/{gid}/results", auth)
    assert status == 200, body
    return [(p["nickname"], p["score"] > 0) for p in body["players"]]


async def test_a_game_is_deleted_by_its_creator_or_an_admin(api: Api) -> None:
    _, p = await workspace(api)
    first = await finished_game(api, p["cy"], [("Ann", None)])
    second = await finished_game(api, p["cy"], [("Bo", None)])
    before = await counts(api)
    for who in ("fay", "dee"):  # another host; a member
        status, body = await api.call("DELETE", f"/api/games/{first}", p[who].auth)
        assert (status, body["error"]["code"]) == (403, "forbidden"), (who, body)
    assert await counts(api) == before
    assert (await api.call("DELETE", f"/api/games/{first}", p["cy"].auth))[0] == 204
    assert (await api.call("DELETE", f"/api/games/{second}", p["eve"].auth))[0] == 204
    assert (await api.call("GET", f"/api/games/{second}", p["cy"].auth))[0] == 404
    after = await counts(api)
    assert after["games"] == before["games"] - 2 and after["game_players"] == 0


async def test_a_person_is_erased_or_anonymised_by_an_admin(api: Api) -> None:
    ws, p = await workspace(api)
    gid = await finished_game(
        api, p["cy"], [("Dee", p["dee"].email), ("Gus", p["gus"].email), ("Bo", None)]
    )
    outsider = await register(api.client, "zed@example.com", "Zed")
    before = await counts(api)
    people = f"/api/workspaces/{ws}/people"
    # Refusals change nothing: a bad mode, a host, an admin removing the owner, the last
    # owner, someone not a member.
    status, body = await api.call(
        "DELETE", f"{people}/{p['dee'].account_id}?mode=shred", p["eve"].auth
    )
    assert (status, body["error"]["field"]) == (422, "mode"), body
    status, body = await api.call("DELETE", f"{people}/{p['dee'].account_id}", p["cy"].auth)
    assert (status, body["error"]["code"]) == (403, "forbidden"), body
    status, body = await api.call("DELETE", f"{people}/{p['ada'].account_id}", p["eve"].auth)
    assert (status, body["error"]["code"]) == (403, "forbidden"), body
    status, body = await api.call("DELETE", f"{people}/{p['ada'].account_id}", p["ada"].auth)
    assert (status, body["error"]["code"]) == (409, "last_owner"), body
    status, _ = await api.call("DELETE", f"{people}/{outsider['host']['id']}", p["eve"].auth)
    assert status == 404
    assert await counts(api) == before

    # Erase: Dee's result row, answer, identity and membership go; the game still has Gus, Bo.
    status, _ = await api.call(
        "DELETE", f"{people}/{p['dee'].account_id}?mode=erase", p["eve"].auth
    )
    assert status == 204
    assert sorted(n for n, _ in await results_of(api, p["cy"].auth, gid)) == ["Bo", "Gus"]
    async with api.db.session() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(Identity)
                .where(Identity.identifier == p["dee"].email)
            )
            == 0
        )
        assert (
            await session.scalar(
                select(func.count()).select_from(GameAnswer).where(GameAnswer.game_id == gid)
            )
            == 2
        )
        assert await session.get(Membership, (ws, p["dee"].account_id)) is None
    status, body = await api.call("GET", "/api/games", p["dee"].auth)
    assert (status, body["error"]["code"]) == (403, "forbidden")  # no longer a member
    assert (await api.call("DELETE", f"{people}/{p['dee'].account_id}", p["eve"].auth))[0] == 404

    # Anonymise (the default): Gus's figures stay as "(removed)" without the link.
    status, _ = await api.call("DELETE", f"{people}/{p['gus'].account_id}", p["eve"].auth)
    assert status == 204
    assert sorted(await results_of(api, p["cy"].auth, gid)) == [("(removed)", True), ("Bo", True)]
    async with api.db.session() as session:
        rows = await session.execute(
            select(GamePlayer.nickname, GamePlayer.identity_id).where(GamePlayer.game_id == gid)
        )
        assert sorted((n, i) for n, i in rows) == [("(removed)", None), ("Bo", None)]
        assert (
            await session.scalar(
                select(func.count()).select_from(GameAnswer).where(GameAnswer.game_id == gid)
            )
            == 2
        )
    # Their accounts stay, in their own workspaces.
    assert [w.id for w in await api.db.workspaces.for_account(p["gus"].account_id)] == [
        p["gus"].account_id
    ]


async def game_keys(api: Api, gid: str) -> list[str]:
    store = api.live.store
    return [k async for k in store.redis.scan_iter(match=f"{store.keys.prefix}:{{g:{gid}}}:*")]


async def test_a_workspace_is_deleted_with_its_live_games_keys_not_while_one_runs(api: Api) -> None:
    ws, p = await workspace(api)
    done = await finished_game(api, p["cy"], [("Ann", "ann@example.com")])
    _, quiz = await api.call("POST", "/api/quizzes", p["cy"].auth, json=QUIZ)
    status, live = await api.call("POST", "/api/games", p["cy"].auth, json={"quiz_id": quiz["id"]})
    assert status == 201, live
    await api.live.players.join("sid9", Join.parse({"pin": live["pin"], "nickname": "Bo"}))
    await api.live.host.command(live["id"], "start")
    before = await counts(api)
    # The owner only; while a game runs, and while its results are on their way: refused.
    status, body = await api.call("DELETE", f"/api/workspaces/{ws}", p["eve"].auth)
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, body = await api.call("DELETE", f"/api/workspaces/{ws}", p["ada"].auth)
    assert (status, body["error"]["code"]) == (409, "game_running"), body
    await api.live.host.command(live["id"], "end")
    status, body = await api.call("DELETE", f"/api/workspaces/{ws}", p["ada"].auth)
    assert (status, body["error"]["code"]) == (409, "results_pending"), body
    assert await counts(api) == before
    assert await game_keys(api, done) and await game_keys(api, live["id"])
    assert await api.writer.drain_once() == 1
    # Now it goes: its rows, and the finished games' keys in Redis (identifiers included).
    assert (await api.call("DELETE", f"/api/workspaces/{ws}", p["ada"].auth))[0] == 204
    assert await game_keys(api, done) == [] and await game_keys(api, live["id"]) == []
    assert await api.live.store.game_for_pin(live["pin"]) is None
    after = await counts(api)
    for table in ("games", "game_players", "identities", "quizzes", "invites"):
        assert after[table] == 0, (table, after)
    assert after["hosts"] == before["hosts"]  # the accounts stay
    status, body = await api.call("GET", "/api/games", p["cy"].auth)
    assert status == 403  # Cy's default workspace was Ada's: gone


async def test_a_guest_is_erased_by_identifier_or_anonymised_by_id(api: Api) -> None:
    _, p = await workspace(api)
    gid = await finished_game(
        api, p["cy"], [("Zoe", "zoe@example.org"), ("Yan", "yan@example.org"), ("Bo", None)]
    )
    before = await counts(api)
    erase = "/api/identities?identifier=zoe@example.org&mode=erase"
    status, body = await api.call("DELETE", erase, p["cy"].auth)
    assert (status, body["error"]["code"]) == (403, "forbidden")  # a host: no
    status, body = await api.call("DELETE", erase.replace("erase", "purge"), p["eve"].auth)
    assert (status, body["error"]["field"]) == (422, "mode")
    assert await counts(api) == before
    assert (await api.call("DELETE", erase, p["eve"].auth))[0] == 204
    assert sorted(n for n, _ in await results_of(api, p["cy"].auth, gid)) == ["Bo", "Yan"]
    async with api.db.session() as session:
        yan = await session.scalar(
            select(Identity.id).where(Identity.identifier == "yan@example.org")
        )
    assert yan is not None
    assert (await api.call("DELETE", f"/api/identities/{yan}?mode=anonymise", p["eve"].auth))[
        0
    ] == 204
    assert sorted(await results_of(api, p["cy"].auth, gid)) == [("(removed)", True), ("Bo", True)]
    after = await counts(api)
    assert after["identities"] == before["identities"] - 2
    assert after["game_answers"] == before["game_answers"] - 1  # Zoe's only
