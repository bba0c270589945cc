"""Issue 16's done-when, in a real Chromium: Ann, a member, writes a question on a 360x640 phone
(/contribute); a reviewer approves it on /review; the host, in one step, makes a community round
of it and starts the game from the existing start page; the room (the big screen and a player's
phone) sees "by Ann Owl · Owls" while it is played; and Ann then sees its statistics and her
author badge on /me/contributions."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PROJECTOR,
    WAIT_MS,
    Server,
    Watch,
    big_screen_link,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)

SMALL = {"width": 360, "height": 640}
PROMPT = "Which planet has the shortest year?"
BYLINE = "by Ann Owl · Owls"


def signed_in(auth: dict[str, Any], workspace_id: str) -> dict[str, Any]:
    return {**host_storage(auth), "huddle.workspace": workspace_id}


def said(page: Page, text: str) -> None:
    expect(page.get_by_test_id("announce-workspace")).to_contain_text(text)


def wait_for_plays(server: Server, token: str, workspace_id: str) -> None:
    """Wait (bounded) until the author's stats count a game: the results are written by the
    outbox, after the game has ended."""
    headers = {"Authorization": f"Bearer {token}", "X-Workspace": workspace_id}
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        resp = httpx.get(f"{server.url}/api/me/contributions/stats", headers=headers, timeout=10)
        assert resp.status_code == 200, resp.text
        if any(c["games"] >= 1 for c in resp.json()["contributions"]):
            return
        assert time.monotonic() < deadline, f"no game counted after {WAIT_MS} ms: {resp.json()}"
        time.sleep(0.1)


def test_a_members_question_reaches_the_room_with_her_name_and_comes_back_as_statistics(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    ann = server.register("Ann Owl")
    wid = owner["host"]["id"]
    invite = server.api("POST", f"/workspaces/{wid}/invites", owner["token"], {"role": "member"})
    server.api("POST", f"/invites/{invite['token']}/accept", ann["token"])
    owls = server.api("POST", "/teams", owner["token"], {"name": "Owls"})
    server.api(
        "POST", f"/teams/{owls['id']}/members", owner["token"], {"account_id": ann["host"]["id"]}
    )

    # 1. Ann writes a question on a small phone and sends it for review.
    ann_phone = new_page(browser, watch, SMALL, phone=True, storage=signed_in(ann, wid))
    ann_phone.goto(f"{server.url}/contribute")
    expect(ann_phone.get_by_role("heading", name="Add a question")).to_be_visible()
    ann_phone.get_by_label("Question", exact=True).fill(PROMPT)
    for letter, answer in zip("ABCD", ("Venus", "Mercury", "Mars", "Earth"), strict=True):
        ann_phone.get_by_label(f"Answer {letter}", exact=True).fill(answer)
    ann_phone.get_by_label("Correct (answer B)").check()
    ann_phone.get_by_label("Tags").fill("Space")
    no_horizontal_scroll(ann_phone)
    ann_phone.get_by_role("button", name="Send for review").click()
    expect(ann_phone.get_by_test_id("contrib-sent")).to_contain_text("Sent for review")

    # 2. The reviewer (the host) approves it on /review: it shows its author, team and answer.
    host = new_page(browser, watch, LAPTOP, storage=signed_in(owner, wid))
    host.goto(f"{server.url}/review")
    item = host.get_by_test_id("review-item").filter(has=host.get_by_role("heading", name=PROMPT))
    expect(item.get_by_test_id("review-author")).to_contain_text("Ann Owl (Owls)")
    expect(item.get_by_test_id("review-correct")).to_contain_text("B · Mercury")
    item.get_by_role("button", name="Approve", exact=True).click()
    said(host, f"Approved “{PROMPT}”.")
    expect(item).to_have_count(0)

    # 3. One step: a community round of the tag, then the existing start page opens the lobby.
    host.get_by_text("Community round", exact=True).click()
    host.get_by_label("a tag").check()
    host.get_by_label("Tag", exact=True).fill("space")
    host.get_by_role("button", name="Create and start a game").click()
    expect(host).to_have_url(re.compile(r"/quizzes/[^/]+/start$"))
    host.get_by_role("button", name="Open the lobby").click()
    expect(host.get_by_test_id("pin")).to_be_visible()
    pin = re.sub(r"\s", "", host.get_by_test_id("pin").inner_text())

    # 4. The room: the big screen and a player's phone see who wrote the question.
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(server.url + big_screen_link(host))
    player = new_page(browser, watch, SMALL, phone=True)
    join(player, server, pin, "Bo")
    host.get_by_test_id("primary-action").click()
    expect(screen.get_by_test_id("prompt")).to_have_text(PROMPT)
    expect(screen.get_by_test_id("credit")).to_have_text(re.compile(r"by Ann Owl · Owls$"))
    expect(player.get_by_test_id("credit")).to_contain_text(BYLINE)
    shot(screen, "member-content-screen")
    shot(player, "member-content-phone")
    tap(player, "B")
    for action in ("Show leaderboard", "Finish game"):
        button = host.get_by_test_id("primary-action")
        expect(button).to_contain_text(action)
        button.click()
    expect(host.get_by_test_id("winner")).to_be_visible()

    # 5. Ann sees how her question did and the badge its approval earned, once the outbox has
    # written the game's results into SQL (a moment after the game ends).
    wait_for_plays(server, ann["token"], wid)
    ann_phone.goto(f"{server.url}/me/contributions")
    mine = ann_phone.get_by_test_id("contrib-item").filter(has_text=PROMPT)
    expect(mine.get_by_test_id("contrib-status")).to_have_text("Approved")
    expect(mine.get_by_test_id("contrib-item-stats")).to_contain_text("Played in 1 game")
    expect(mine.get_by_test_id("contrib-item-stats")).to_contain_text("100% right")
    expect(ann_phone.get_by_test_id("author-badges")).to_contain_text("Published")
    no_horizontal_scroll(ann_phone)
    shot(ann_phone, "member-content-author-stats", full_page=True)
    watch.assert_clean()
