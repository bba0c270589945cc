"""A host's games from any browser of the account: a phone opens the console of a running game
with the login alone (no host key) and drives it as a remote; an abandoned game is ended from
the past-games list, and its results arrive as after a normal end."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    Server,
    Watch,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)

# The phone as a remote: the narrowest phone the pages support.
REMOTE = {"width": 360, "height": 640}

QUIZ = {
    "title": "Remote Round",
    "questions": [
        {
            "kind": "choice",
            "prompt": "2 + 2 = ?",
            "choices": ["3", "4", "5"],
            "correct": [1],
            "time_limit_ms": 60000,
        },
        {"kind": "true_false", "prompt": "The sea is salty.", "correct": True},
    ],
}


def test_a_phone_of_the_account_drives_the_game_as_a_remote(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Rita Remote")
    game = server.create_game(auth["token"], QUIZ)
    laptop = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    laptop.goto(f"{server.url}/host/{game['id']}")
    expect(laptop.get_by_test_id("pin")).to_be_visible()
    player = new_page(browser, watch, PHONE, phone=True)
    join(player, server, game["pin"], "Ivo")
    laptop.get_by_role("button", name="Lock lobby").click()
    expect(laptop.get_by_role("button", name="Unlock lobby")).to_be_visible()
    # The phone logged in to the same account, but never saw the host key.
    remote = new_page(browser, watch, REMOTE, phone=True, storage=host_storage(auth))
    remote.goto(f"{server.url}/host")
    remote.get_by_role("link", name="Open console of Remote Round").click()
    expect(remote.get_by_test_id("primary-action")).to_contain_text("Start game")
    # It knows the lobby is locked (the laptop locked it), and unlocks and locks it.
    remote.get_by_role("button", name="Unlock lobby").click()
    expect(remote.get_by_role("button", name="Lock lobby")).to_be_visible()
    remote.get_by_role("button", name="Lock lobby").click()
    expect(remote.get_by_role("button", name="Unlock lobby")).to_be_visible()
    no_horizontal_scroll(remote)
    shot(remote, "host-remote-phone-lobby")
    remote.get_by_test_id("primary-action").click()  # start
    expect(laptop.get_by_test_id("primary-action")).to_contain_text("Close question")
    tap(player, "B")
    expect(player.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    remote.get_by_test_id("primary-action").click()  # the leaderboard
    expect(laptop.get_by_test_id("primary-action")).to_contain_text("Next question")
    no_horizontal_scroll(remote)
    remote.get_by_role("button", name="End game").click()
    remote.get_by_role("dialog").get_by_role("button", name="End game").click()
    expect(laptop.get_by_test_id("winner")).to_contain_text("Ivo")
    watch.assert_clean()


def test_an_abandoned_game_is_ended_from_the_past_games_list(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Abe Andon")
    game = server.create_game(auth["token"], QUIZ)
    console = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    console.goto(f"{server.url}/host/{game['id']}")
    player = new_page(browser, watch, PHONE, phone=True)
    join(player, server, game["pin"], "Lena")
    console.get_by_test_id("primary-action").click()  # start
    tap(player, "B")
    expect(player.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    console.context.close()  # the host walked away

    page = new_page(browser, watch, LAPTOP, storage=host_storage(auth))
    page.goto(f"{server.url}/host")
    row = page.get_by_role("row").filter(has_text="Remote Round")
    expect(row.get_by_test_id("game-status")).to_have_text("Running")
    row.get_by_role("button", name="End game of Remote Round").click()
    confirm = row.get_by_role("group", name="End the game of Remote Round? Its results are kept.")
    expect(confirm).to_be_visible()
    shot(page, "host-past-games-end-confirm")
    confirm.get_by_role("button", name="Yes, end it").click()
    # Finished once the server has the results: the results link follows.
    expect(row.get_by_test_id("game-status")).to_have_text("Finished", timeout=30_000)
    row.get_by_role("link", name="Results of Remote Round").click()
    rows = page.get_by_test_id("players-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Lena")
    expect(player.get_by_test_id("podium").or_(player.get_by_text("Game over"))).to_be_visible()
    watch.assert_clean()
