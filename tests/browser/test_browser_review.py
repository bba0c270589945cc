"""The hosts' pages of members' content (issue 16) in a real Chromium: a host opens a question
drive (link, QR code, counts) and works through the review queue (a comment is required to ask
for changes; edit and approve with the quiz editor's card; approve; hide; add to a quiz), each
shown done only once the server answered and read out; an admin names a member reviewer on the
People page, who then sees the queue; the pages fit a 360 px phone."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
)

SMALL = {"width": 360, "height": 640}


def call(
    server: Server, method: str, path: str, who: dict[str, Any], wid: str, body: Any = None
) -> Any:
    """The HTTP API as `who`, in the workspace `wid` (the pages send the same header)."""
    headers = {"Authorization": f"Bearer {who['token']}", "X-Workspace": wid}
    resp = httpx.request(
        method, f"{server.url}/api{path}", headers=headers, json=body, timeout=10.0
    )
    assert resp.status_code < 400, f"{method} {path}: {resp.status_code} {resp.text}"
    return resp.json() if resp.content else None


def question(prompt: str, correct: int = 1) -> dict[str, Any]:
    return {
        "kind": "choice",
        "prompt": prompt,
        "choices": ["Mars", "Jupiter", "Venus"],
        "correct": [correct],
        "time_limit_ms": 20000,
    }


def item(page: Page, title: str) -> Any:
    return page.get_by_test_id("review-item").filter(has=page.get_by_role("heading", name=title))


def said(page: Page, text: str) -> None:
    expect(page.get_by_test_id("announce-workspace")).to_contain_text(text)


def test_a_host_opens_a_drive_and_reviews_members_questions(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    ann = server.register("Ann Author")
    wid = owner["host"]["id"]
    invite = server.api("POST", f"/workspaces/{wid}/invites", owner["token"], {"role": "member"})
    server.api("POST", f"/invites/{invite['token']}/accept", ann["token"])
    quiz = call(
        server,
        "POST",
        "/quizzes",
        owner,
        wid,
        {"title": "Planets", "questions": [question("Seed?")]},
    )

    # The host opens a drive: its link and QR code show, and how many questions came in.
    host = new_page(
        browser, watch, LAPTOP, storage={**host_storage(owner), "huddle.workspace": wid}
    )
    host.goto(f"{server.url}/drives")
    host.get_by_label("Title").fill("Space week")
    host.get_by_label("Brief for the members").fill("Questions about the planets, please.")
    host.get_by_label("Questions per member").fill("0")
    host.get_by_role("button", name="Create drive").click()
    expect(host.get_by_text("A whole number from 1 to 50.")).to_be_visible()
    expect(host.get_by_label("Questions per member")).to_be_focused()
    host.get_by_label("Questions per member").fill("3")
    host.get_by_role("button", name="Create drive").click()
    card = host.get_by_test_id("drive-card").filter(has_text="Space week")
    expect(
        card.get_by_role("img", name="QR code of the link to the drive Space week")
    ).to_be_visible()
    said(host, "Created the drive Space week.")
    link = card.get_by_test_id("drive-link").inner_text()
    drive_id = link.rsplit("/drives/", 1)[1]
    expect(card.get_by_test_id("drive-counts")).to_contain_text("0 submitted")

    # Ann sends three questions, one to the drive.
    for prompt, extra in (
        ("Which planet is largest?", {"drive_id": drive_id}),
        ("Which planet is hottest?", {}),
        ("Which planet is red?", {}),
    ):
        body = {"kind": "question", "document": question(prompt), "tags": ["space"], **extra}
        call(server, "POST", "/contributions", ann, wid, body)
    host.reload()
    expect(card.get_by_test_id("drive-counts")).to_contain_text("1 submitted")
    shot(host, "review-drives")

    # The queue: who wrote each (name), the drive, the correct answer a reviewer may see.
    host.get_by_role("link", name="Review queue").click()
    largest = item(host, "Which planet is largest?")
    expect(largest.get_by_test_id("review-author")).to_contain_text("Ann Author")
    expect(largest.get_by_test_id("review-author")).to_contain_text("Space week")
    expect(largest.get_by_test_id("review-correct")).to_contain_text("B · Jupiter")
    shot(host, "review-queue")

    # Asking for changes needs a comment; sent, the item leaves the pending tab.
    hottest = item(host, "Which planet is hottest?")
    hottest.get_by_role("button", name="Ask for changes").click()
    hottest.get_by_role("button", name="Send to the author").click()
    expect(hottest.get_by_text("Say what the author should change.")).to_be_visible()
    hottest.get_by_label("What should the author change?").fill("Venus is hottest: mark C.")
    hottest.get_by_role("button", name="Send to the author").click()
    said(host, "Asked for changes to “Which planet is hottest?”.")
    expect(hottest).to_have_count(0)

    # Edit and approve with the quiz editor's card: the prompt changes on the server.
    red = item(host, "Which planet is red?")
    red.get_by_role("button", name="Edit and approve").click()
    red.get_by_label("Question", exact=True).fill("Which planet is the red one?")
    red.get_by_role("button", name="Save and approve").click()
    said(host, "Edited and approved “Which planet is the red one?”.")
    largest.get_by_role("button", name="Approve", exact=True).click()
    said(host, "Approved “Which planet is largest?”.")
    expect(host.get_by_test_id("review-item")).to_have_count(0)

    # The changes-asked tab holds the one sent back, with its comment in the thread.
    host.get_by_role("tab", name="Changes asked").click()
    expect(host.get_by_role("tab", name="Changes asked")).to_have_attribute("aria-selected", "true")
    expect(item(host, "Which planet is hottest?")).to_contain_text("Venus is hottest: mark C.")

    # All: approved items are added to a quiz (once the server said so) or hidden everywhere.
    host.get_by_role("tab", name="All").click()
    approved = item(host, "Which planet is largest?")
    expect(approved.get_by_test_id("review-status")).to_have_text("Approved")
    approved.get_by_text("Add to quiz").click()
    approved.get_by_label("Quiz").select_option(label="Planets")
    approved.get_by_role("button", name="Add to this quiz").click()
    expect(approved.get_by_test_id("review-added")).to_contain_text("Added to Planets")
    stored = call(server, "GET", f"/quizzes/{quiz['id']}", owner, wid)
    assert [q["prompt"] for q in stored["questions"]][-1] == "Which planet is largest?"
    reds = item(host, "Which planet is the red one?")
    reds.get_by_role("button", name="Hide everywhere").click()
    said(host, "Hid “Which planet is the red one?” everywhere.")
    expect(reds.get_by_role("button", name="Unhide")).to_be_visible()
    watch.assert_clean()


def test_an_admin_names_a_reviewer_who_then_sees_the_queue_on_a_phone(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner = server.register("Oona Owner")
    rita = server.register("Rita Reviewer")
    ben = server.register("Ben Author")
    wid = owner["host"]["id"]
    for who in (rita, ben):
        invite = server.api(
            "POST", f"/workspaces/{wid}/invites", owner["token"], {"role": "member"}
        )
        server.api("POST", f"/invites/{invite['token']}/accept", who["token"])
    call(
        server,
        "POST",
        "/contributions",
        ben,
        wid,
        {"kind": "question", "document": question("Is Pluto a planet?", 0)},
    )

    # Before: Rita, a member, is told the queue is for reviewers.
    phone = new_page(
        browser, watch, SMALL, phone=True, storage={**host_storage(rita), "huddle.workspace": wid}
    )
    watch.allow("status of 403")
    phone.goto(f"{server.url}/review")
    expect(phone.get_by_text("Only the workspace's hosts and the reviewers")).to_be_visible()
    expect(phone.get_by_role("link", name="Your questions")).to_be_visible()
    expect(phone.get_by_role("link", name="Review", exact=True)).to_have_count(0)

    admin = new_page(
        browser, watch, LAPTOP, storage={**host_storage(owner), "huddle.workspace": wid}
    )
    admin.goto(f"{server.url}/workspace")
    picker = admin.get_by_test_id("reviewers-picker")
    picker.get_by_label("Rita Reviewer").check()
    picker.get_by_role("button", name="Save reviewers").click()
    said(admin, "1 member may review contributions.")
    expect(picker.get_by_role("button", name="Save reviewers")).to_be_disabled()
    assert [
        r["account_id"]
        for r in call(server, "GET", f"/workspaces/{wid}/reviewers", owner, wid)["reviewers"]
    ] == [rita["host"]["id"]]

    # After: her nav links the queue, on a 360 px phone without sideways scrolling; Rita
    # rejects with a reason.
    phone.reload()
    expect(phone.get_by_role("link", name="Review", exact=True)).to_be_visible()
    pluto = item(phone, "Is Pluto a planet?")
    expect(pluto.get_by_test_id("review-author")).to_contain_text("Ben Author")
    no_horizontal_scroll(phone)
    shot(phone, "review-queue-phone", full_page=True)
    pluto.get_by_role("button", name="Reject").click()
    pluto.get_by_label("Why is it rejected?").fill("A dwarf planet since 2006.")
    pluto.get_by_role("button", name="Send the rejection").click()
    said(phone, "Rejected “Is Pluto a planet?”.")
    expect(phone.get_by_test_id("review-item")).to_have_count(0)
    # A member reviewer neither hides nor opens drives.
    phone.get_by_role("tab", name="All").click()
    expect(item(phone, "Is Pluto a planet?").get_by_test_id("review-status")).to_have_text(
        "Rejected"
    )
    expect(phone.get_by_role("button", name="Hide everywhere")).to_have_count(0)
    no_horizontal_scroll(phone)

    # The drives page fits the phone too (the host's).
    small_host = new_page(
        browser, watch, SMALL, phone=True, storage={**host_storage(owner), "huddle.workspace": wid}
    )
    small_host.goto(f"{server.url}/drives")
    expect(small_host.get_by_role("button", name="Create drive")).to_be_visible()
    no_horizontal_scroll(small_host)
    shot(small_host, "review-drives-phone", full_page=True)
    watch.assert_clean()
