"""An event in real browsers: two rounds played by three phones that give an e-mail or ID, the
event's big screen following along live, its leaderboards, milestones on a phone and on /me,
and the reports downloaded."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import UTC, datetime
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Download, Page, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    SMALL_PHONE,
    WAIT_MS,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)


def one_question_quiz(title: str, prompt: str, choices: list[str], right: int) -> dict[str, Any]:
    return {
        "title": title,
        "questions": [
            {
                "kind": "choice",
                "prompt": prompt,
                "choices": choices,
                "correct": [right],
                "time_limit_ms": 30000,
            }
        ],
    }


ROUND_ONE = one_question_quiz(
    "Round one: planets", "Which planet is red?", ["Venus", "Mars", "Jupiter", "Saturn"], 1
)
ROUND_TWO = one_question_quiz(
    "Round two: oceans", "Which ocean is the largest?", ["Atlantic", "Pacific", "Indian"], 1
)
PLAYERS = [
    ("Ana", "Owls", "ana@example.com"),
    ("Ben", "Foxes", "ben@example.com"),
    ("Cleo", "Owls", "S-1003"),
]


def start_round(host: Page, server: Server, event_id: str, quiz_title: str) -> str:
    """From the event page: pick the quiz, open the lobby; returns the round's PIN."""
    host.goto(f"{server.url}/events/{event_id}")
    host.get_by_label(re.compile(r"^Quiz for round \d+$")).select_option(label=quiz_title)
    host.get_by_role("button", name="Start round").click()
    expect(host.get_by_role("heading", name="Start a round")).to_be_visible()
    expect(host.get_by_test_id("event-banner")).to_contain_text("Spring cup")
    # The event's teams are offered to the players.
    expect(host.get_by_label("Team play")).to_have_value("choose")
    expect(host.get_by_label("Team names, one per line")).to_have_value("Owls\nFoxes")
    shot(host, "host-start-round")
    host.get_by_role("button", name="Open the lobby").click()
    expect(host.get_by_test_id("pin")).to_be_visible()
    return host.get_by_test_id("pin").inner_text().replace(" ", "")


def join_round(
    phone: Page, server: Server, pin: str, player: tuple[str, str, str], first: bool
) -> None:
    nickname, team, identifier = player
    phone.goto(f"{server.url}/join/{pin}")
    phone.get_by_label("Your nickname").fill(nickname)
    phone.get_by_text(team, exact=True).click()
    phone.get_by_role("button", name="Join the game").click()
    # The event asks who the player is, and says who sees it.
    field = phone.get_by_label("Your e-mail or ID")
    expect(field).to_be_focused()
    expect(phone.locator(".id-why")).to_contain_text("Only the host sees it")
    if first:
        expect(field).to_have_value("")
        field.fill(identifier)
    else:
        expect(field).to_have_value(identifier)  # remembered on this device
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_test_id("lobby")).to_be_visible()


def play_round(host: Page, phones: list[Page], answers: list[str]) -> None:
    """Start, the phones answer in this order, then leaderboard and finish."""
    host.get_by_test_id("primary-action").click()
    for i, (phone, letter) in enumerate(zip(phones, answers, strict=True)):
        expect(phone.locator("button.tile").first).to_be_visible()
        tap(phone, letter)
        if i < len(phones) - 1:  # the last answer closes the question at once
            expect(phone.get_by_test_id("locked")).to_be_visible()
    for action in ("Show leaderboard", "Finish game"):
        button = host.get_by_test_id("primary-action")
        expect(button).to_contain_text(action)
        button.click()
    expect(host.get_by_test_id("winner")).to_be_visible()


def board_names(page: Page) -> list[str]:
    names: list[str] = page.locator(".board-row .board-name").all_inner_texts()
    rows = page.locator(".board-row").evaluate_all(
        "rows => rows.map(r => Number(getComputedStyle(r).getPropertyValue('--pos')))"
    )
    return [name for _, name in sorted(zip(rows, names, strict=True))]


def wait_board(page: Page, first: list[str]) -> None:
    """Wait until the board's rows, by their animated position, start with `first` (the rows
    move into place; a fixed wait was too short on a loaded machine)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while (names := board_names(page))[: len(first)] != first:
        assert time.monotonic() < deadline, f"the board shows {names}, not {first} first"
        page.wait_for_timeout(100)


def top_shot(page: Page, name: str) -> None:
    """A whole-page picture from the top (the host area's bar is sticky)."""
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, name, full_page=True)


def saved(download: Download) -> bytes:
    path = download.path()
    assert path is not None
    with open(path, "rb") as f:
        return f.read()


def test_event_rounds_boards_badges_and_reports(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Eve Host")
    token = auth["token"]
    server.api("POST", "/quizzes", token, ROUND_ONE)
    server.api("POST", "/quizzes", token, ROUND_TWO)

    # The host makes the event in the host area.
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    host.goto(f"{server.url}/events")
    expect(host.get_by_text("No events yet")).to_be_visible()
    host.get_by_role("link", name="New event").first.click()
    host.get_by_role("button", name="Create event").click()
    expect(host.locator("#event-name-error")).to_contain_text("Give the event a name")
    expect(host.get_by_label("Event name")).to_be_focused()
    host.get_by_label("Event name").fill("Spring cup")
    host.get_by_label(re.compile("^Team names, one per line")).fill("Owls\nFoxes")
    host.get_by_label("Ask players for an e-mail or ID").check()
    top_shot(host, "host-event-form")
    host.get_by_role("button", name="Create event").click()
    expect(host.get_by_test_id("event-title")).to_have_text("Spring cup")
    event_id = host.url.rstrip("/").split("/events/")[1]
    expect(host.get_by_text("Asks for e-mail or ID").first).to_be_visible()

    # The event's big screen, opened from the event page, waits for the first round.
    # Its link carries the event's screen key (the id alone, which players see, is refused).
    link = host.get_by_test_id("event-screen-link").get_attribute("href") or ""
    assert link.startswith(f"/screen/event/{event_id}?key="), link
    with host.expect_popup() as popup:
        host.get_by_test_id("event-screen-link").click()
    popup.value.close()
    without_key = new_page(browser, watch, PROJECTOR)
    without_key.goto(f"{server.url}/screen/event/{event_id}")
    expect(without_key.get_by_text("Check the link from the host's event page.")).to_be_visible()
    without_key.context.close()
    screen = new_page(browser, watch, PROJECTOR)
    screen.goto(f"{server.url}{link}")
    expect(screen.get_by_test_id("event-name")).to_have_text("Spring cup")
    expect(
        screen.get_by_text("The leaderboard fills up when the first round finishes.")
    ).to_be_visible()

    # Round 1: the phones are asked for their e-mail or ID on their first join.
    pin = start_round(host, server, event_id, ROUND_ONE["title"])
    phones = [
        new_page(browser, watch, SMALL_PHONE if name == "Cleo" else PHONE, phone=True)
        for name, _, _ in PLAYERS
    ]
    ana, ben, cleo = phones
    for phone, player in zip(phones, PLAYERS, strict=True):
        if player[0] == "Ana":
            phone.goto(f"{server.url}/join/{pin}")
            phone.get_by_label("Your nickname").fill("Ana")
            phone.get_by_text("Owls", exact=True).click()
            phone.get_by_role("button", name="Join the game").click()
            expect(phone.get_by_label("Your e-mail or ID")).to_be_focused()
            phone.get_by_role("button", name="Join the game").click()
            expect(phone.locator("#identifier-error")).to_contain_text("Enter your e-mail")
            phone.wait_for_timeout(400)  # the field slides in
            shot(phone, "phone-join-identifier")
            phone.get_by_label("Your e-mail or ID").fill(player[2])
            phone.get_by_role("button", name="Join the game").click()
            expect(phone.get_by_test_id("lobby")).to_be_visible()
        else:
            join_round(phone, server, pin, player, first=True)
    no_horizontal_scroll(cleo)
    expect(host.get_by_test_id("player-count")).to_have_text("3")
    cleo.emulate_media(reduced_motion="reduce")
    # Ana fastest and right, Ben right, Cleo wrong.
    play_round(host, [ana, ben, cleo], ["B", "B", "A"])

    # Milestones arrive on the phones at the end of the round, as badge cards.
    expect(ana.get_by_test_id("final-rank")).to_have_text("1st place")
    badges = ana.get_by_test_id("new-badges")
    expect(badges).to_be_visible()
    expect(badges.locator("[data-badge='first_win']")).to_contain_text("First win")
    expect(badges.locator("[data-badge='first_game']")).to_be_visible()
    expect(ana.get_by_test_id("badge-announcement")).to_contain_text("new badges")
    expect(cleo.get_by_test_id("new-badges").locator("[data-badge='first_game']")).to_be_visible()
    expect(cleo.get_by_test_id("new-badges").locator("[data-badge='first_win']")).to_have_count(0)
    # Cleo's phone asks for reduced motion: the cards are there at once, without the pop.
    duration = cleo.locator(".badge-card").first.evaluate(
        "e => getComputedStyle(e).animationDuration"
    )
    assert float(duration.rstrip("s")) < 0.01, duration
    ana.wait_for_timeout(1800)  # the cards pop in
    shot(ana, "phone-final-badges")
    shot(cleo, "phone-final-badge-360")
    no_horizontal_scroll(cleo)

    # The event screen changed without a reload: round 1, Ana leads, Foxes lead the teams.
    expect(screen.get_by_test_id("rounds")).to_have_text("1 round played")
    expect(screen.locator(".board-row")).to_have_count(3)
    expect(screen.locator(".board-row").first).to_contain_text("Ana")
    expect(screen.locator(".team-row").first).to_contain_text("Foxes")
    # The bars line up whatever the width of each score ("1,000" and "500").
    bars = screen.locator(".team-row .team-bar").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [Math.round(r.left), Math.round(r.right)]; })"
    )
    assert len(bars) == 2 and bars[0] == bars[1], bars
    wait_board(screen, ["Ana", "Ben"])
    shot(screen, "screen-event-round-1")

    # Round 2: the remembered identifier is filled in; Cleo and Ben right, Ana wrong.
    pin = start_round(host, server, event_id, ROUND_TWO["title"])
    for phone, player in zip(phones, PLAYERS, strict=True):
        join_round(phone, server, pin, player, first=False)
    play_round(host, [cleo, ben, ana], ["B", "B", "A"])
    expect(cleo.get_by_test_id("final-rank")).to_have_text("1st place")
    expect(cleo.get_by_test_id("new-badges").locator("[data-badge='first_win']")).to_be_visible()

    # The screen follows: Ben (right twice) leads now and rows move.
    expect(screen.get_by_test_id("rounds")).to_have_text("2 rounds played")
    expect(screen.locator(".board-row").first).to_contain_text("Ben")
    wait_board(screen, ["Ben"])
    expect(screen.locator(".board-row").first).to_contain_text("2 rounds")
    expect(screen.locator(".team-row").first).to_contain_text("Foxes")
    expect(screen.get_by_text("ben@example.com")).to_have_count(0)  # never on the big screen
    shot(screen, "screen-event-round-2")

    # The event page: rounds, the leaderboard (players, teams, pages) and the report.
    host.goto(f"{server.url}/events/{event_id}")
    expect(host.get_by_test_id("rounds-played")).to_have_text("2")
    expect(host.get_by_test_id("rounds-table").locator("tbody tr")).to_have_count(2)
    rounds = host.get_by_test_id("rounds-table").locator("tbody tr")
    expect(rounds.nth(0).locator("td").nth(0)).to_have_text("Round 1")
    expect(rounds.nth(1).locator("td").nth(0)).to_have_text("Round 2")
    players = host.get_by_test_id("event-players").locator("tbody tr")
    expect(players).to_have_count(3)
    expect(players.nth(0)).to_contain_text("Ben")
    expect(players.nth(0)).to_contain_text("ben@example.com")
    expect(players.nth(0).locator("td").nth(3)).to_have_text("2")  # games
    host.get_by_role("tab", name="Teams").click()
    teams = host.get_by_test_id("event-teams").locator("tbody tr")
    expect(teams).to_have_count(2)
    expect(teams.nth(0)).to_contain_text("Foxes")
    expect(host).to_have_url(re.compile(r"kind=teams"))
    host.get_by_role("tab", name="Teams").press("ArrowLeft")
    expect(host.get_by_role("tab", name="Players")).to_be_focused()
    expect(host.get_by_test_id("event-players")).to_be_visible()
    hardest = host.get_by_test_id("hardest-table").locator("tbody tr")
    expect(hardest).to_have_count(2)
    for i in range(2):
        expect(hardest.nth(i)).to_contain_text("67%")
        expect(hardest.nth(i).locator(".difficulty")).to_have_text(str(i + 1))
        expect(hardest.nth(i)).to_contain_text(re.compile(r"Round [12]"))
    top_shot(host, "host-event-page")
    host.set_viewport_size({"width": SMALL_PHONE["width"], "height": SMALL_PHONE["height"]})
    no_horizontal_scroll(host)
    host.evaluate("window.scrollTo(0, 0)")
    shot(host, "host-event-page-360")
    host.get_by_role("heading", name="Event leaderboard").scroll_into_view_if_needed()
    host.evaluate("window.scrollBy(0, -70)")  # below the sticky bar
    host.wait_for_timeout(300)
    shot(host, "host-event-board-360")
    host.set_viewport_size({"width": LAPTOP["width"], "height": LAPTOP["height"]})

    with host.expect_download() as info:
        host.get_by_test_id("dl-players-csv").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    body = saved(download)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheet programs read UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Rank", "Nickname", "Identifier", "Games"]
    assert rows[1][1:4] == ["Ben", "ben@example.com", "2"]
    with host.expect_download() as info:
        host.get_by_test_id("dl-xlsx").click()
    book = load_workbook(io.BytesIO(saved(info.value)), read_only=True)
    assert book.sheetnames == ["Players", "Teams", "Questions", "Rounds"]
    sheet_rows = list(book["Players"].iter_rows(values_only=True))
    assert sheet_rows[1][1] == "Ben"
    assert {r[2] for r in sheet_rows[1:]} == {"ana@example.com", "ben@example.com", "s-1003"}

    # Pages of two: the board's place is kept in the address.
    host.goto(f"{server.url}/events/{event_id}?limit=2")
    expect(host.get_by_test_id("event-range")).to_have_text("1–2 of 3")
    host.get_by_role("button", name="Next page").click()
    expect(host.get_by_test_id("event-range")).to_have_text("3–3 of 3")
    expect(host.get_by_test_id("event-players").locator("tbody tr")).to_have_count(1)
    expect(host).to_have_url(re.compile(r"offset=2"))

    # The lasting leaderboard: all time, then this year, then an empty season.
    host.get_by_role("link", name="Leaderboards").click()
    expect(host.get_by_test_id("season-label")).to_have_text("All time")
    lasting = host.get_by_test_id("lasting-players").locator("tbody tr")
    expect(lasting).to_have_count(3)
    expect(lasting.nth(0)).to_contain_text("Ben")
    host.get_by_text("A season", exact=True).click()
    host.get_by_role("button", name="This year").click()
    year = datetime.now(UTC).year
    expect(host.get_by_test_id("season-label")).to_have_text(f"1 Jan {year} – 31 Dec {year}")
    expect(lasting.nth(0)).to_contain_text("Ben")
    shot(host, "host-leaderboards")
    host.get_by_label("From", exact=True).fill("2020-01-01")
    host.get_by_role("textbox", name="To (included)").fill("2020-12-31")
    host.get_by_role("button", name="Show this period").click()
    expect(host.get_by_text("Nobody played in this period.")).to_be_visible()
    host.get_by_role("tab", name="Teams").click()
    expect(host.get_by_text("No team games finished in this period.")).to_be_visible()
    host.get_by_text("All time", exact=True).click()
    expect(host.get_by_test_id("lasting-teams").locator("tbody tr").first).to_contain_text("Foxes")

    # A round's results page: the questions hardest first, and its downloads.
    host.goto(f"{server.url}/events/{event_id}")
    host.get_by_role("link", name="Results of round 2").click()
    expect(host.get_by_test_id("results-title")).to_have_text(ROUND_TWO["title"])
    expect(host.get_by_role("link", name="Back to the event")).to_be_visible()
    expect(host.get_by_test_id("players-table")).to_contain_text("s-1003")
    expect(host.get_by_test_id("questions-table")).to_contain_text("67%")
    with host.expect_download() as info:
        host.get_by_test_id("dl-questions-csv").click()
    rows = list(csv.reader(io.StringIO(saved(info.value).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Difficulty", "Question", "Kind"]
    assert rows[1][1:5] == ["1", "choice", "Which ocean is the largest?", "3"]
    with host.expect_download() as info:
        host.get_by_test_id("dl-xlsx").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(saved(info.value)), read_only=True)
    assert book.sheetnames == ["Players", "Teams", "Questions", "Answers"]

    # /me on Ana's phone: both games, the event, the badges.
    ana.get_by_role("link", name="Your games and badges").click()
    expect(ana.get_by_role("heading", name="Your games and badges")).to_be_visible()
    games = ana.get_by_test_id("me-games").locator("li")
    expect(games).to_have_count(2)
    expect(games.nth(0)).to_contain_text(ROUND_TWO["title"])
    expect(games.nth(1)).to_contain_text(ROUND_ONE["title"])
    expect(games.nth(1)).to_contain_text("Spring cup")
    expect(games.nth(1)).to_contain_text("1st of 3")
    expect(ana.get_by_test_id("me-totals")).to_contain_text("2 games")
    expect(ana.get_by_test_id("me-badges").locator("[data-badge='first_win']")).to_contain_text(
        ROUND_ONE["title"]
    )
    no_horizontal_scroll(ana)
    top_shot(ana, "phone-me")
    cleo.goto(f"{server.url}/me")
    expect(cleo.get_by_test_id("me-badges").locator("[data-badge='first_win']")).to_be_visible()
    no_horizontal_scroll(cleo)

    # A phone that never played sees a friendly empty page.
    fresh = new_page(browser, watch, SMALL_PHONE, phone=True)
    fresh.goto(f"{server.url}/me")
    expect(fresh.get_by_test_id("me-empty")).to_contain_text("No games here yet")
    shot(fresh, "phone-me-empty")
    # So does one whose key no game recorded (the API answers 404).
    watch.allow("status of 404")
    unknown = new_page(browser, watch, PHONE, phone=True, storage={"huddle.player_key": "k" * 32})
    unknown.goto(f"{server.url}/me")
    expect(unknown.get_by_test_id("me-empty")).to_be_visible()
    watch.assert_clean()


def test_edit_and_delete_event(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Rae Host")
    event = server.api(
        "POST",
        "/events",
        auth["token"],
        {"name": "Autumn league", "starts_ms": "2026-09-01", "teams": ["Reds", "Blues"]},
    )
    page = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    page.goto(f"{server.url}/events")
    expect(page.get_by_role("link", name="Autumn league", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"From 1 Sept? 2026"))).to_be_visible()
    shot(page, "host-events")
    page.get_by_role("link", name="Autumn league", exact=True).click()
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_label("Event name")).to_have_value("Autumn league")
    expect(page.get_by_label("Starts")).to_have_value("2026-09-01")
    teams = page.get_by_label(re.compile("^Team names, one per line"))
    expect(teams).to_have_value("Reds\nBlues")
    expect(page.get_by_label("Ask players for an e-mail or ID")).not_to_be_checked()

    # One team is not enough; an end before the start is refused.
    teams.fill("Reds")
    page.get_by_label(re.compile("^Ends")).fill("2026-08-01")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#event-ends-error")).to_contain_text("must not be before the start")
    expect(page.locator("#event-teams-error")).to_contain_text("2 to 20 team names")
    teams.fill("Reds\nBlues\nGreens")
    page.get_by_label(re.compile("^Ends")).fill("2026-11-30")
    page.get_by_label("Event name").fill("Autumn league 2026")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("event-title")).to_have_text("Autumn league 2026")
    expect(page.locator(".page-head .team-tag")).to_have_text(["Reds", "Blues", "Greens"])
    stored = server.api("GET", f"/events/{event['id']}", auth["token"])
    assert stored["teams"] == ["Reds", "Blues", "Greens"]
    assert stored["ends_ms"] is not None

    # Delete asks first; the list is empty afterwards.
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_text("keeps its rounds and their results")).to_be_visible()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("heading", name="Events", exact=True)).to_be_visible()
    expect(page.get_by_text("No events yet")).to_be_visible()
    watch.assert_clean()
