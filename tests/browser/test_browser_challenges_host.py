"""Challenges from the host's side, in real browsers against a real server.

A host makes a team challenge in the form and sees its link, PIN and QR code; members of two
teams play their runs over real sockets (python-socketio, as a phone's page does) and the
standings screen, open at 1080p, follows without a reload; a member duels a colleague and both
see the head-to-head; an admin turns the daily challenge on and a member gets today's.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    PROJECTOR,
    Server,
    Watch,
    _run_async,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
)
from tests.e2e.helpers import Client, assert_ok

SMALL = {"width": 360, "height": 640}

QUIZ: dict[str, Any] = {
    "title": "Safety basics",
    "questions": [
        {
            "kind": "true_false",
            "prompt": "Fire doors stay shut.",
            "correct": True,
            "time_limit_ms": 30000,
        },
        {
            "kind": "true_false",
            "prompt": "Lifts are safe in a fire.",
            "correct": False,
            "time_limit_ms": 30000,
        },
    ],
}
RIGHT = [True, False]


def member_storage(auth: dict[str, Any], workspace_id: str) -> dict[str, Any]:
    return {**host_storage(auth), "huddle.workspace": workspace_id}


def workspace(server: Server) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """An owner and two members of the owner's workspace."""
    owner = server.register("Olga Owner")
    wid: str = owner["host"]["id"]
    members = []
    for name in ("Ann Member", "Bob Member"):
        person = server.register(name)
        invite = server.api(
            "POST", f"/workspaces/{wid}/invites", owner["token"], {"role": "member"}
        )
        server.api("POST", f"/invites/{invite['token']}/accept", person["token"])
        members.append(person)
    return owner, members, wid


def in_workspace(server: Server, method: str, path: str, who: dict[str, Any], wid: str) -> Any:
    """An API call as `who` in workspace `wid` (a member's own default is their own workspace)."""
    resp = httpx.request(
        method,
        f"{server.url}/api{path}",
        headers={"Authorization": f"Bearer {who['token']}", "X-Workspace": wid},
        timeout=10.0,
    )
    assert resp.status_code < 400, f"{method} {path}: {resp.status_code} {resp.text}"
    return resp.json()


def play_run(server: Server, pin: str, who: dict[str, Any], answers: list[bool]) -> dict[str, Any]:
    """One signed-in member's run over ``/play``: join, then the questions one by one until the
    run is done; returns the last RunView."""

    async def run() -> dict[str, Any]:
        phone = Client(server.url, "/play")
        await phone.connect()
        try:
            nickname = who["host"]["name"].split()[0]
            ack = assert_ok(
                await phone.call(
                    "join", {"pin": pin, "nickname": nickname, "account_token": who["token"]}
                ),
                "join",
            )
            view: dict[str, Any] = ack["run"]
            for index, value in enumerate(answers):
                view = assert_ok(await phone.call("run_next", {}), "run_next")["run"]
                assert view["status"] == "question" and view["question"] == index, view
                answered = assert_ok(
                    await phone.call("answer", {"question": index, "answer": value}), "answer"
                )
                view = answered["run"]
                assert view["status"] in ("reveal", "done"), view
            if view["status"] != "done":
                view = assert_ok(await phone.call("run_next", {}), "run_next")["run"]
            assert view["status"] == "done", view
            return view
        finally:
            await phone.close()

    result: dict[str, Any] = _run_async(run)
    return result


def team(server: Server, token: str, name: str, member: dict[str, Any]) -> str:
    made = server.api("POST", "/teams", token, {"name": name})
    server.api("POST", f"/teams/{made['id']}/members", token, {"account_id": member["host"]["id"]})
    return str(made["id"])


def pin_of(page: Page) -> str:
    return re.sub(r"\s", "", page.get_by_test_id("challenge-pin").inner_text())


def test_a_team_challenge_from_the_form_to_the_live_standings_screen(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner, (ann, bob), wid = workspace(server)
    team(server, owner["token"], "Owls", ann)
    team(server, owner["token"], "Larks", bob)
    server.api("POST", "/quizzes", owner["token"], QUIZ)

    # The host challenges the quiz from the library card, by label and role.
    host = new_page(browser, watch, PROJECTOR, storage=member_storage(owner, wid))
    host.goto(f"{server.url}/host")
    host.get_by_role("link", name="Challenge with Safety basics").click()
    expect(host.get_by_role("heading", name="Challenge “Safety basics”")).to_be_visible()
    host.get_by_label("Title").fill("Owls against Larks")
    host.get_by_label("Chosen teams").check()
    host.get_by_label("Owls").check()
    host.get_by_label("Larks").check()
    host.get_by_label("A team's score").select_option("sum")
    host.get_by_label("Attempts per person").fill("9")
    host.get_by_role("button", name="Create the challenge").click()
    # Refused beside the field, and focused there; nothing was made.
    expect(host.get_by_label("Attempts per person")).to_be_focused()
    expect(host.locator("#ch-attempts-error")).to_contain_text("from 1 to 5")
    host.get_by_label("Attempts per person").fill("2")
    host.get_by_role("button", name="Create the challenge").click()

    # Its page: the link, the PIN and the QR code, as the lobby shows them.
    expect(host.get_by_test_id("challenge-title")).to_have_text("Owls against Larks")
    expect(host.get_by_test_id("announce-workspace")).to_contain_text("Created the challenge")
    pin = pin_of(host)
    assert re.fullmatch(r"\d{6}", pin), pin
    expect(host.get_by_test_id("challenge-link")).to_have_attribute(
        "href", re.compile(f"/join/{pin}$")
    )
    expect(host.get_by_role("img", name=re.compile("QR code to join"))).to_be_visible()
    expect(host.get_by_test_id("team-standings")).to_contain_text("0 of 1 have played")
    challenge_id = host.url.rstrip("/").split("/")[-1]
    shot(host, "challenge-host-created")

    # The standings screen at 1080p; a marker shows it is never reloaded.
    screen = new_page(browser, watch, PROJECTOR, storage=member_storage(owner, wid))
    screen.goto(f"{server.url}/challenges/{challenge_id}/screen")
    expect(screen.get_by_test_id("screen-title")).to_have_text("Owls against Larks")
    expect(screen.get_by_test_id("screen-pin")).to_have_text(f"{pin[:3]} {pin[3:]}")
    teams = screen.get_by_test_id("screen-teams")
    expect(teams).to_contain_text("0 of 1 have played")
    expect(screen.get_by_role("group", name="Team standings: each team's score")).to_be_visible()
    screen.evaluate("window.__same = true")

    # Ann (Owls) plays both right; the screen follows.
    done = play_run(server, pin, ann, RIGHT)
    assert done["correct"] == 2 and done["score"] > 0, done
    owls = teams.get_by_role("listitem").filter(has_text="Owls")
    expect(owls).to_contain_text("1 of 1 has played")
    expect(screen.get_by_test_id("screen-players")).to_contain_text("Ann")
    expect(screen.get_by_test_id("screen-announce")).to_contain_text("Owls leads")
    # Bob (Larks) plays later, one right; the screen follows again, still the same page.
    play_run(server, pin, bob, [True, True])
    expect(teams.get_by_role("listitem").filter(has_text="Larks")).to_contain_text(
        "1 of 1 has played"
    )
    expect(screen.get_by_test_id("screen-finished")).to_contain_text("2 runs finished")
    assert screen.evaluate("window.__same === true")
    expect(teams.get_by_role("listitem").first).to_contain_text("Owls")
    # The chart's figures are in a table for screen readers too.
    expect(screen.get_by_role("table").filter(has_text="Larks")).to_have_count(1)
    no_horizontal_scroll(screen)
    shot(screen, "challenge-standings-screen")

    # The results page followed too, without a reload: both standings, the game report of
    # its game and its CSV.
    expect(host.get_by_test_id("results-announce")).to_contain_text("Standings updated")
    expect(host.get_by_test_id("team-standings")).to_contain_text("1 of 1 has played")
    expect(host.get_by_test_id("player-standings")).to_contain_text("Ann")
    report = host.get_by_test_id("challenge-report-link")
    expect(report).to_have_attribute("href", re.compile(r"^/games/.+"))
    with host.expect_download() as download:
        host.get_by_test_id("dl-players-csv").click()
    path = download.value.path()
    assert path is not None
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    assert "Ann" in text and "Bob" in text, text

    # The list: open, then closed early (asked once more).
    host.goto(f"{server.url}/challenges")
    row = host.get_by_test_id("challenges-open").get_by_test_id("challenge-row")
    expect(row).to_contain_text("Owls against Larks")
    expect(row.get_by_test_id("challenge-players")).to_contain_text("2 finished")
    # By keyboard: the question takes the button's place and the focus.
    row.get_by_role("button", name="Close now Owls against Larks").focus()
    host.keyboard.press("Enter")
    expect(row.get_by_role("button", name="Yes, close it")).to_be_focused()
    host.keyboard.press("Enter")
    closed = host.get_by_test_id("challenges-closed")
    expect(closed).to_contain_text("Owls against Larks")
    expect(host.get_by_test_id("announce-workspace")).to_contain_text("Closed Owls against Larks")
    shot(host, "challenge-list")

    # The form and the results on a small phone: nothing scrolls sideways.
    small = new_page(browser, watch, SMALL, phone=True, storage=member_storage(owner, wid))
    small.goto(f"{server.url}/challenges/new")
    expect(small.get_by_label("Closes")).to_be_visible()
    no_horizontal_scroll(small)
    small.goto(f"{server.url}/challenges/{challenge_id}")
    expect(small.get_by_test_id("team-standings")).to_be_visible()
    no_horizontal_scroll(small)
    shot(small, "challenge-results-small", full_page=True)
    watch.assert_clean()


def test_a_member_duels_a_colleague_and_both_see_the_head_to_head(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner, (ann, bob), wid = workspace(server)
    quiz = server.api("POST", "/quizzes", owner["token"], QUIZ)

    # Ann (a member: no library) duels Bob on the quiz in the link she was sent.
    page = new_page(browser, watch, SMALL, phone=True, storage=member_storage(ann, wid))
    page.goto(f"{server.url}/duels/new?quiz={quiz['id']}")
    expect(page.get_by_role("heading", name="Duel a colleague")).to_be_visible()
    expect(page.get_by_label("Opponent")).to_contain_text("Bob Member")
    page.get_by_role("button", name="Send the duel").click()
    expect(page.get_by_label("Opponent")).to_be_focused()
    page.get_by_label("Quiz").select_option(quiz["id"])
    page.get_by_label("Opponent").select_option(label="Bob Member")
    page.get_by_role("button", name="Send the duel").click()
    expect(page.get_by_test_id("duel-headline")).to_have_text("Nobody has played yet.")
    expect(page.get_by_test_id("duel-play")).to_be_visible()
    no_horizontal_scroll(page)
    duel_id = page.url.rstrip("/").split("/")[-1]
    duel = in_workspace(server, "GET", f"/duels/{duel_id}", ann, wid)
    pin = duel["challenge"]["pin"]

    play_run(server, pin, ann, RIGHT)
    expect(page.get_by_test_id("duel-headline")).to_have_text("Waiting for Bob Member to play.")
    # Bob sees the duel from his side, plays one wrong, and both see the head-to-head.
    other = new_page(browser, watch, PROJECTOR, storage=member_storage(bob, wid))
    other.goto(f"{server.url}/duels/{duel_id}")
    expect(other.get_by_test_id("duel-headline")).to_have_text("Waiting for you to play.")
    play_run(server, pin, bob, [True, True])
    expect(page.get_by_test_id("duel-headline")).to_contain_text("You won")
    expect(other.get_by_test_id("duel-headline")).to_contain_text("Ann Member won")
    table = page.get_by_test_id("duel-questions")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Right")
    expect(other.get_by_test_id("duel-questions")).to_contain_text("Wrong")
    no_horizontal_scroll(page)
    shot(page, "duel-head-to-head-small", full_page=True)
    watch.assert_clean()


def test_an_admin_turns_the_daily_challenge_on_and_a_member_gets_today(
    server: Server, browser: Browser, watch: Watch
) -> None:
    owner, (ann, _bob), wid = workspace(server)
    server.api("POST", "/quizzes", owner["token"], {**QUIZ, "tags": ["safety"]})

    admin = new_page(browser, watch, PROJECTOR, storage=member_storage(owner, wid))
    admin.goto(f"{server.url}/workspace")
    daily = admin.get_by_test_id("daily-settings")
    expect(daily).to_be_visible()
    daily.get_by_label("Run a daily challenge").check()
    daily.get_by_label("Questions tagged").fill("safety")
    daily.get_by_label("Questions a day").fill("0")
    daily.get_by_role("button", name="Save the daily challenge").click()
    expect(daily.get_by_label("Questions a day")).to_be_focused()
    daily.get_by_label("Questions a day").fill("2")
    daily.get_by_label("Seconds per question").fill("15")
    daily.get_by_role("button", name="Save the daily challenge").click()
    expect(admin.get_by_test_id("announce-workspace")).to_contain_text(
        "The daily challenge is on: 2 questions a day."
    )
    # Saved on the server: the page shows it again after a reload.
    admin.reload()
    expect(admin.get_by_test_id("daily-settings").get_by_label("Questions tagged")).to_have_value(
        "safety"
    )
    shot(admin, "daily-settings")

    # Ann, a member, sees no settings, and gets today's challenge.
    page = new_page(browser, watch, SMALL, phone=True, storage=member_storage(ann, wid))
    page.goto(f"{server.url}/workspace")
    expect(page.get_by_test_id("people-workspace")).to_be_visible()
    expect(page.get_by_test_id("daily-settings")).to_have_count(0)
    no_horizontal_scroll(page)
    today = in_workspace(server, "GET", "/daily", ann, wid)
    challenge = today.get("challenge", today)
    assert challenge["kind"] == "daily" and challenge["status"] == "open", today
    # Asked again the same day: the same challenge.
    again = in_workspace(server, "GET", "/daily", ann, wid)
    assert again.get("challenge", again)["id"] == challenge["id"], again
    # Its two questions, drawn from the tag (in the day's order, so answers may be wrong).
    done = play_run(server, challenge["pin"], ann, [True, True])
    assert done["count"] == 2, done
    watch.assert_clean()
