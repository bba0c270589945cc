"""Workspace teams in real browsers: a host builds a team with a colleague on the Teams page,
starts a game with the workspace's teams, and the colleague, signed in on a small phone, joins
without picking a team and lands in their own; then sees "My team" on the phone."""

from __future__ import annotations

import csv
import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    PROJECTOR,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)

SMALL = {"width": 360, "height": 640}

QUIZ: dict[str, Any] = {
    "title": "Safety basics",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which sign means stop?",
            "choices": ["Red octagon", "Green circle"],
            "correct": [0],
            "time_limit_ms": 30000,
        }
    ],
}


def card(page: Page, name: str) -> Any:
    return page.get_by_test_id("team-card").filter(has=page.get_by_role("heading", name=name))


def create_team(host: Page, name: str) -> None:
    host.get_by_label("New team").fill(name)
    host.get_by_role("button", name="Create team").click()
    expect(card(host, name)).to_be_visible()
    expect(host.get_by_test_id("announce-workspace")).to_contain_text(f"Created the team {name}.")


def test_a_signed_in_member_lands_in_the_team_a_host_built(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    member = server.register("Ann Member")
    wid = owner["host"]["id"]
    invite = server.api("POST", f"/workspaces/{wid}/invites", owner["token"], {"role": "member"})
    server.api("POST", f"/invites/{invite['token']}/accept", member["token"])
    quiz = server.api("POST", "/quizzes", owner["token"], QUIZ)

    # The host builds two teams and puts Ann in the Owls, by keyboard-reachable controls.
    host = new_page(browser, watch, PROJECTOR, storage=host_storage(owner))
    host.goto(f"{server.url}/teams")
    expect(host.get_by_role("heading", name="Teams", exact=True)).to_be_visible()
    expect(host.get_by_test_id("my-team")).to_contain_text("You are not in a team yet")
    create_team(host, "Owls")
    create_team(host, "Larks")
    owls = card(host, "Owls")
    owls.get_by_label("Add a member to Owls").select_option(label="Ann Member")
    owls.get_by_role("button", name="Add", exact=True).click()
    expect(owls.get_by_role("list", name="Members of Owls")).to_contain_text("Ann Member")
    expect(host.get_by_test_id("announce-workspace")).to_contain_text("Ann Member is now in Owls.")
    shot(host, "teams-host")
    # The same page on a small phone: nothing scrolls sideways.
    small_host = new_page(browser, watch, SMALL, phone=True, storage=host_storage(owner))
    small_host.goto(f"{server.url}/teams")
    expect(card(small_host, "Owls").get_by_label("Add a member to Owls")).to_be_visible()
    no_horizontal_scroll(small_host)
    shot(small_host, "teams-host-small", full_page=True)

    # A game with the workspace's teams; players without a team choose.
    host.goto(f"{server.url}/quizzes/{quiz['id']}/start")
    host.get_by_label("Team play").select_option("workspace")
    expect(host.get_by_label("Players without a team")).to_have_value("choose")
    host.get_by_role("button", name="Open the lobby").click()
    expect(host.get_by_test_id("pin")).to_be_visible()
    pin = re.sub(r"\s", "", host.get_by_test_id("pin").inner_text())

    # Ann, signed in on a small phone, joins without picking a team and plays for the Owls.
    storage = {
        "huddle.auth": {"token": member["token"], "host": member["host"]},
        "huddle.workspace": wid,
    }
    phone = new_page(browser, watch, SMALL, phone=True, storage=storage)
    phone.goto(f"{server.url}/join/{pin}")
    phone.get_by_label("Your nickname").fill("Ann")
    expect(phone.get_by_text("you play for your own team")).to_be_visible()
    no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_test_id("lobby")).to_be_visible()
    expect(phone.get_by_test_id("lobby")).to_contain_text("You play for team Owls")
    shot(phone, "teams-member-lobby")

    # The game: Ann answers right; the host finishes it.
    host.get_by_test_id("primary-action").click()
    expect(phone.locator("button.tile").first).to_be_visible()
    tap(phone, "A")
    for action in ("Show leaderboard", "Finish game"):
        button = host.get_by_test_id("primary-action")
        expect(button).to_contain_text(action)
        button.click()
    expect(host.get_by_test_id("winner")).to_be_visible()

    # The Owls' page: their skills against the workspace, as a chart, a table and a CSV.
    host.goto(f"{server.url}/teams")
    card(host, "Owls").get_by_role("link", name="Owls").click()
    expect(host.get_by_role("heading", name="Owls", exact=True)).to_be_visible()
    skills = host.get_by_test_id("team-skills")
    expect(skills).to_contain_text("Safety basics (quiz)")
    expect(skills.locator("tbody tr").first).to_contain_text("100%")
    expect(host.get_by_test_id("team-skills-chart")).to_be_visible()
    with host.expect_download() as download:
        host.get_by_role("button", name=re.compile("Download CSV")).click()
    path = download.value.path()
    assert path is not None
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["Tag", "Kind"] and rows[1][:5] == [
        "Safety basics",
        "quiz",
        "1",
        "1",
        "1.0",
    ], rows
    shot(host, "team-skills")

    # Her phone shows her team and team-mates.
    phone.goto(f"{server.url}/teams")
    mine = phone.get_by_test_id("my-team")
    expect(mine).to_contain_text("You play for Owls")
    expect(mine.get_by_role("list", name="Members of Owls")).to_contain_text("Ann Member (you)")
    # A member sees the teams but no editing controls.
    expect(phone.get_by_label("New team")).to_have_count(0)
    no_horizontal_scroll(phone)
    shot(phone, "teams-member-my-team")
    watch.assert_clean()
