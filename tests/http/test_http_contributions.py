"""``/api/contributions``, ``/api/library/community``, ``/api/drives`` and the reviewers on
SQLite and PostgreSQL: a member submits, a reviewer decides, the author sees the thread;
nothing unreviewed or hidden reaches another member; drives' deadlines and limits; the
blocklist and the hourly submission limit. Every refusal changes nothing."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from http_sql import BACKENDS, Api, make_api, sql_pg_schema  # noqa: F401
from http_support import bearer, register

from games.nicknames import Blocklist
from server.db.scope import Role, Scope

QUESTION = {
    "kind": "choice",
    "prompt": "Which planet is largest?",
    "choices": ["Mars", "Jupiter", "Venus"],
    "correct": [1],
    "explanation": "Jupiter is the largest planet.",
}
TIP = {
    "title": "Use keyboard shortcuts",
    "body": "Ctrl+K opens the search.",
    "links": [{"url": "https://example.com/keys", "label": "All shortcuts"}],
}


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path) as api:
        yield api


async def join(api: Api, wid: str, email: str, name: str, role: Role) -> tuple[dict[str, str], str]:
    """A new account with `role` in workspace `wid`: (its headers there, its id)."""
    who = await register(api.client, email=email, name=name)
    invite = await api.db.workspaces.create_invite(Scope.personal(wid), role, timedelta(days=1))
    await api.db.workspaces.accept(invite.id, who["host"]["id"])
    return {**bearer(who["token"]), "X-Workspace": wid}, who["host"]["id"]


async def world(api: Api) -> dict[str, Any]:
    owner = await register(api.client, email="olga@example.com", name="Olga")
    wid = owner["host"]["id"]
    ann, ann_id = await join(api, wid, "ann@example.com", "Ann", Role.MEMBER)
    bob, bob_id = await join(api, wid, "bob@example.com", "Bob", Role.MEMBER)
    return {
        "owner": {**bearer(owner["token"]), "X-Workspace": wid},
        "wid": wid,
        "ann": ann,
        "ann_id": ann_id,
        "bob": bob,
        "bob_id": bob_id,
    }


async def submit(api: Api, auth: dict[str, str], **body: Any) -> dict[str, Any]:
    status, doc = await api.call(
        "POST", "/api/contributions", auth, json={"kind": "question", "document": QUESTION, **body}
    )
    assert status == 201, doc
    return doc


async def test_submit_review_and_the_authors_thread(api: Api) -> None:
    w = await world(api)
    doc = await submit(api, w["ann"], tags=[" Space ", "space"])
    assert doc["status"] == "pending" and doc["tags"] == ["space"] and doc["version"] == 1
    assert doc["document"]["id"] and doc["document"]["prompt"] == QUESTION["prompt"]
    cid = doc["id"]
    # Not reviewed yet: another member does not see it, anywhere.
    status, body = await api.call("GET", f"/api/contributions/{cid}", w["bob"])
    assert (status, body["error"]["code"]) == (404, "not_found")
    status, body = await api.call("POST", f"/api/contributions/{cid}/vote", w["bob"])
    assert status == 404, body
    status, body = await api.call(
        "POST", f"/api/contributions/{cid}/report", w["bob"], json={"reason": "spam"}
    )
    assert status == 404, body
    status, body = await api.call("GET", "/api/library/community", w["bob"])
    assert (status, body["items"], body["total"]) == (200, [], 0)
    # A member may not work the queue; the host sees it with the author's name.
    status, body = await api.call("GET", "/api/contributions/queue", w["bob"])
    assert status == 403, body
    status, body = await api.call("GET", "/api/contributions/queue", w["owner"])
    assert status == 200 and [i["id"] for i in body["items"]] == [cid], body
    assert body["items"][0]["author"]["name"] == "Ann"
    # Changes asked need a comment; then the author edits and it waits again.
    path = f"/api/contributions/{cid}/review"
    status, body = await api.call(
        "POST", path, w["owner"], json={"action": "changes", "version": 1}
    )
    assert (status, body["error"]["field"]) == (422, "comment"), body
    status, body = await api.call(
        "POST",
        path,
        w["owner"],
        json={"action": "changes", "version": 1, "comment": "Add a fourth choice"},
    )
    assert status == 200 and body["status"] == "changes_requested", body
    edited = {**QUESTION, "choices": [*QUESTION["choices"], "Saturn"]}
    status, body = await api.call(
        "PUT", f"/api/contributions/{cid}", w["ann"], json={"document": edited, "version": 2}
    )
    assert (status, body["error"]["code"]) == (409, "conflict"), body
    status, body = await api.call(
        "PUT", f"/api/contributions/{cid}", w["bob"], json={"document": edited, "version": 1}
    )
    assert status == 404, body
    status, body = await api.call(
        "PUT",
        f"/api/contributions/{cid}",
        w["ann"],
        json={"document": edited, "version": 1, "tags": ["space"]},
    )
    assert status == 200 and body["status"] == "pending" and body["version"] == 2, body
    assert body["document"]["id"] == doc["document"]["id"]
    status, body = await api.call(
        "POST", path, w["owner"], json={"action": "approve", "version": 2}
    )
    assert status == 200 and body["status"] == "approved", body
    assert body["credit"] == {"name": "Ann", "team": None}
    # The author's thread: submitted, changes (with the comment), edited, approved.
    status, body = await api.call("GET", "/api/contributions/mine", w["ann"])
    assert status == 200
    [mine] = body["contributions"]
    assert [(e["action"], e["comment"]) for e in mine["events"]] == [
        ("submitted", None),
        ("changes_requested", "Add a fourth choice"),
        ("edited", None),
        ("approved", None),
    ]
    # Approved: any member reads it, finds it in the library and upvotes it (not their own).
    status, body = await api.call("GET", f"/api/contributions/{cid}", w["bob"])
    assert status == 200 and body["events"] == [], body
    status, body = await api.call("POST", f"/api/contributions/{cid}/vote", w["bob"])
    assert (status, body) == (200, {"votes": 1, "voted": True})
    status, body = await api.call("POST", f"/api/contributions/{cid}/vote", w["ann"])
    assert (status, body["error"]["code"]) == (409, "own_contribution")
    status, body = await api.call("GET", "/api/library/community?kind=question", w["bob"])
    assert [(i["id"], i["votes"], i["voted"]) for i in body["items"]] == [(cid, 1, True)]
    # The export: the author's own content and thread; the voter's upvote.
    status, export = await api.call("GET", "/api/me/export", w["ann"])
    assert status == 200 and [c["id"] for c in export["contributions"]] == [cid]
    assert len(export["contribution_events"]) == 4 and export["contribution_votes"] == []
    status, export = await api.call("GET", "/api/me/export", w["bob"])
    assert [v["contribution_id"] for v in export["contribution_votes"]] == [cid]
    assert export["contributions"] == []


async def test_drives_deadline_and_limit(api: Api) -> None:
    w = await world(api)
    new = {"title": "Space week", "deadline": "2999-01-01", "per_member_limit": 1}
    status, body = await api.call("POST", "/api/drives", w["ann"], json=new)
    assert status == 403, body
    status, body = await api.call("POST", "/api/drives", w["owner"], json=new)
    assert (status, body["error"]["field"]) == (422, "deadline"), body
    deadline = int(time.time() * 1000) + 86_400_000
    for bad, field in (({"per_member_limit": 51}, "per_member_limit"),
                       ({"per_member_limit": True}, "per_member_limit"),
                       ({"event_id": "nope"}, "event_id"),
                       ({"title": " "}, "title")):  # fmt: skip
        status, body = await api.call(
            "POST", "/api/drives", w["owner"], json={**new, "deadline": deadline, **bad}
        )
        assert (status, body["error"]["field"]) == (422, field), body
    status, drive = await api.call(
        "POST", "/api/drives", w["owner"], json={**new, "deadline": deadline, "brief": "Planets"}
    )
    assert status == 201 and drive["open"] and drive["brief"] == "Planets", drive
    await submit(api, w["ann"], drive_id=drive["id"])
    status, body = await api.call(
        "POST", "/api/contributions", w["ann"],
        json={"kind": "tip", "document": TIP, "drive_id": drive["id"]},
    )  # fmt: skip
    assert (status, body["error"]["code"]) == (409, "drive_limit"), body
    status, body = await api.call("GET", f"/api/drives/{drive['id']}", w["ann"])
    assert (body["submitted"], body["remaining"], body["submitted_total"]) == (1, 0, 1)
    status, body = await api.call("POST", f"/api/drives/{drive['id']}/close", w["ann"])
    assert status == 403
    status, body = await api.call("POST", f"/api/drives/{drive['id']}/close", w["owner"])
    assert status == 200 and not body["open"]
    status, body = await api.call("GET", "/api/drives", w["bob"])
    assert (status, body) == (200, {"drives": []})
    status, body = await api.call(
        "POST", "/api/contributions", w["bob"],
        json={"kind": "tip", "document": TIP, "drive_id": drive["id"]},
    )  # fmt: skip
    assert (status, body["error"]["code"]) == (409, "drive_closed"), body


@pytest.fixture(params=BACKENDS)
async def limited_api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    async with make_api(request, tmp_path, submit_per_hour=2) as api:
        yield api


async def test_blocked_words_bad_documents_and_the_hourly_limit(limited_api: Api) -> None:
    api = limited_api
    api.live.blocklist = Blocklist.of(["grumpkin"])
    w = await world(api)
    bad = [
        ({"kind": "tip", "document": {**TIP, "body": "what a GRUMPKIN idea"}},
         "blocked_text", "document.body"),
        ({"kind": "tip", "document": {**TIP, "links": [{"url": "https://e.com",
                                                        "label": "g r u m p k i n"}]}},
         "blocked_text", "document.links[0].label"),
        ({"kind": "question", "document": {**QUESTION, "choices": ["Grumpkin", "b"]}},
         "blocked_text", "document.choices"),
        ({"kind": "question", "document": QUESTION, "tags": ["grumpkin"]},
         "blocked_text", "tags[0]"),
        ({"kind": "question", "document": {**QUESTION, "credit": {"name": "Me"}}},
         "invalid", "document.credit"),
        ({"kind": "poem", "document": TIP}, "invalid", "kind"),
        ({"kind": "tip", "document": {**TIP, "media": {"video": "https://e.com/v.mp4"}}},
         "invalid", "document.media.video"),
        ({"kind": "tip", "document": TIP, "drive_id": "nope"}, "invalid", "drive_id"),
    ]  # fmt: skip
    long_body = " ".join(["fine"] * 300 + ["grumpkin"] + ["fine"] * 50)
    bad.append(({"kind": "tip", "document": {**TIP, "body": long_body}},
                "blocked_text", "document.body"))  # fmt: skip
    for body, code, field in bad:
        status, answer = await api.call("POST", "/api/contributions", w["ann"], json=body)
        assert (status, answer["error"]["code"], answer["error"]["field"]) == (
            422, code, field), answer  # fmt: skip
    # Refusals changed nothing, and did not count against the hour.
    status, body = await api.call("GET", "/api/contributions/mine", w["ann"])
    assert body["contributions"] == []
    await submit(api, w["ann"])
    await submit(api, w["ann"])
    resp = await api.client.post(
        "/api/contributions", headers=w["ann"], json={"kind": "tip", "document": TIP}
    )
    body = await resp.get_json()
    assert (resp.status_code, body["error"]["code"]) == (429, "rate_limited"), body
    assert 1 <= int(resp.headers["Retry-After"]) <= 3600
    await submit(api, w["bob"])  # per account
    status, body = await api.call("GET", "/api/contributions/mine", w["ann"])
    assert len(body["contributions"]) == 2


async def test_hide_reports_and_named_reviewers(api: Api) -> None:
    w = await world(api)
    cid = (await submit(api, w["ann"]))["id"]
    # Bob is named reviewer: he works the queue, but hiding stays with hosts.
    path = f"/api/workspaces/{w['wid']}/reviewers"
    status, body = await api.call("PUT", path, w["ann"], json={"account_ids": [w["bob_id"]]})
    assert status == 403, body
    status, body = await api.call("PUT", path, w["owner"], json={"account_ids": ["nobody"]})
    assert (status, body["error"]["code"]) == (422, "not_member"), body
    status, body = await api.call("PUT", path, w["owner"], json={"account_ids": [w["bob_id"]]})
    assert status == 200 and [r["name"] for r in body["reviewers"]] == ["Bob"], body
    status, body = await api.call("GET", "/api/contributions/queue?status=pending", w["bob"])
    assert status == 200 and [i["id"] for i in body["items"]] == [cid]
    status, body = await api.call("GET", "/api/contributions/queue?status=nope", w["bob"])
    assert (status, body["error"]["field"]) == (422, "status")
    review = f"/api/contributions/{cid}/review"
    status, body = await api.call(
        "POST", review, w["bob"], json={"action": "approve", "version": 1}
    )
    assert status == 200 and body["credit"]["name"] == "Ann", body
    status, body = await api.call("POST", f"/api/contributions/{cid}/hide", w["bob"])
    assert status == 403
    status, body = await api.call(
        "POST", f"/api/contributions/{cid}/report", w["owner"], json={"reason": "Wrong answer"}
    )
    assert (status, body["open_reports"]) == (201, 1), body
    status, body = await api.call(
        "POST", f"/api/contributions/{cid}/report", w["owner"], json={"reason": "Again"}
    )
    assert (status, body["error"]["code"]) == (409, "already_reported")
    # The author never sees the report.
    status, body = await api.call("GET", f"/api/contributions/{cid}", w["ann"])
    assert "reported" not in [e["action"] for e in body["events"]]
    status, body = await api.call("POST", f"/api/contributions/{cid}/hide", w["owner"])
    assert status == 200 and body["hidden"] and body["open_reports"] == 0
    for method, url in (("GET", f"/api/contributions/{cid}"),
                        ("POST", f"/api/contributions/{cid}/vote")):  # fmt: skip
        status, body = await api.call(method, url, w["bob"] if method == "POST" else w["ann"])
        if method == "GET":  # its author still sees it, hidden
            assert status == 200 and body["hidden"]
        else:
            assert status == 404, body
    status, body = await api.call("GET", "/api/library/community", w["bob"])
    assert body["items"] == []
    status, body = await api.call("POST", f"/api/contributions/{cid}/unhide", w["owner"])
    assert status == 200 and not body["hidden"]
    status, body = await api.call("GET", "/api/library/community?sort=new&kind=question", w["bob"])
    assert [i["id"] for i in body["items"]] == [cid]
