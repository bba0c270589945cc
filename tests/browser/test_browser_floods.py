"""Many players behind one address, and bans, in the pages: the join page solves the join
challenge by itself; the host console lists banned players and lifts a ban."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    QUIZ,
    SMALL_PHONE,
    Server,
    Watch,
    check_redis,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    start_server,
    stop_server,
)


@pytest.fixture(scope="module")
def server(web_build: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Every join from this address after the first needs a challenge solved."""
    check_redis()
    srv = start_server(
        tmp_path_factory.mktemp("floods"),
        env={"HUDDLE_JOIN_CHALLENGE_AFTER": "1", "HUDDLE_JOIN_CHALLENGE_BITS": "14"},
    )
    try:
        yield srv
    finally:
        stop_server(srv)


def challenges_asked(server: Server) -> float:
    text = httpx.get(f"{server.url}/metrics", timeout=10).text
    pattern = (
        r'huddle_socket_requests_total\{[^}]*event="join"[^}]*'
        r'outcome="challenge_required"[^}]*\} (\S+)'
    )
    return sum(float(m) for m in re.findall(pattern, text))


def test_the_join_page_solves_a_challenge(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Cleo Host")
    game = server.create_game(auth["token"], QUIZ)
    pin = game["pin"]
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    before = challenges_asked(server)
    for i, viewport in enumerate((PHONE, SMALL_PHONE, PHONE)):
        phone = new_page(browser, watch, viewport, phone=True)
        join(phone, server, pin, f"Colleague {i}")
        no_horizontal_scroll(phone)
    expect(host.locator(".roster-row")).to_have_count(3)
    # At least the later joins were asked for a challenge, and still got in.
    assert challenges_asked(server) - before >= 2
    watch.assert_clean()


def test_banned_players_are_listed_and_can_be_unbanned(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Dora Host")
    game = server.create_game(auth["token"], QUIZ)
    pin = game["pin"]
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    troll = new_page(browser, watch, PHONE, phone=True)
    join(troll, server, pin, "Troll")
    # By keyboard: the row goes, the focus stays in the roster (not back at the page's start).
    host.get_by_role("button", name="Ban Troll").focus()
    host.keyboard.press("Enter")
    expect(troll.get_by_test_id("kicked")).to_be_visible()
    expect(host.get_by_role("heading", name=re.compile("^Players"))).to_be_focused()
    banned = host.get_by_role("region", name=re.compile("Banned"))
    expect(banned.get_by_text("Troll")).to_be_visible()

    # The same phone (its device key) under a new nickname is refused.
    troll.goto(f"{server.url}/join/{pin}")
    troll.get_by_label("Your nickname").fill("Innocent")
    troll.get_by_role("button", name="Join the game").click()
    expect(troll.get_by_role("alert")).to_contain_text("removed you from this game")

    # Unban, by keyboard: the list empties and the phone joins again.
    unban = host.get_by_role("button", name="Unban Troll")
    unban.focus()
    host.keyboard.press("Enter")
    expect(host.get_by_role("region", name=re.compile("Banned"))).to_have_count(0)
    expect(host.get_by_role("heading", name=re.compile("^Players"))).to_be_focused()
    troll.get_by_role("button", name="Join the game").click()
    expect(troll.get_by_test_id("lobby")).to_be_visible()
    expect(host.locator(".roster-row")).to_have_count(1)
    watch.assert_clean()
