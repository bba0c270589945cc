"""What a player is told when joining fails: a wrong PIN, a taken nickname, a locked lobby."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PHONE,
    QUIZ,
    SMALL_PHONE,
    Server,
    Watch,
    host_storage,
    join,
    new_page,
    no_horizontal_scroll,
    shot,
)


def test_bad_pin_is_explained(browser: Browser, server: Server, watch: Watch) -> None:
    phone = new_page(browser, watch, SMALL_PHONE, phone=True)
    phone.goto(server.url)
    pin = phone.get_by_label("Game PIN")
    expect(pin).to_be_focused()
    no_horizontal_scroll(phone)
    shot(phone, "phone-join-pin")

    phone.get_by_role("button", name="Enter").click()
    expect(phone.locator("#pin-error")).to_contain_text("Enter the game PIN")

    pin.fill("000000")
    pin.press("Enter")
    expect(phone.locator("#pin-error")).to_contain_text("No game has this PIN")
    expect(pin).to_have_attribute("aria-invalid", "true")
    no_horizontal_scroll(phone)
    shot(phone, "phone-join-bad-pin")

    # The same from a QR link to a game that does not exist.
    phone.goto(f"{server.url}/join/999999")
    expect(phone.locator("#pin-error")).to_contain_text("No game has this PIN")
    watch.assert_clean()


def test_taken_nickname_and_locked_lobby(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Lou Host")
    game = server.create_game(auth["token"], QUIZ)
    pin = game["pin"]
    first = new_page(browser, watch, PHONE, phone=True)
    join(first, server, pin, "Ana")

    second = new_page(browser, watch, PHONE, phone=True)
    second.goto(server.url)
    second.get_by_label("Game PIN").fill(pin)
    second.get_by_role("button", name="Enter").click()
    nickname = second.get_by_label("Your nickname")
    expect(nickname).to_be_focused()
    second.get_by_role("button", name="Join the game").click()
    expect(second.locator("#nickname-error")).to_contain_text("Choose a nickname")
    nickname.fill("  ANA ")
    second.get_by_role("button", name="Join the game").click()
    expect(second.locator("#nickname-error")).to_contain_text(
        "Someone in this game already has that nickname"
    )
    expect(nickname).to_be_focused()
    shot(second, "phone-join-nickname-taken")

    # The host locks the lobby: a new player is told so; unlocking lets them in.
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    host.get_by_role("button", name="Lock lobby").click()
    expect(host.get_by_role("button", name="Unlock lobby")).to_be_visible()
    expect(host.get_by_text("The game is locked")).to_be_visible()
    nickname.fill("Bea")
    second.get_by_role("button", name="Join the game").click()
    expect(second.get_by_role("alert")).to_contain_text("The host has locked this game")
    host.keyboard.press("l")  # the shortcut unlocks
    expect(host.get_by_role("button", name="Lock lobby")).to_be_visible()
    second.get_by_role("button", name="Join the game").click()
    expect(second.get_by_test_id("lobby")).to_be_visible()
    expect(host.locator(".roster-row")).to_have_count(2)

    # Kicked: the phone says so; a ban keeps the nickname out.
    host.get_by_role("button", name="Ban Bea").click()
    expect(second.get_by_test_id("kicked")).to_be_visible()
    expect(host.locator(".roster-row")).to_have_count(1)
    shot(second, "phone-kicked")
    third = new_page(browser, watch, PHONE, phone=True)
    third.goto(f"{server.url}/join/{pin}")
    third.get_by_label("Your nickname").fill("Bea")
    third.get_by_role("button", name="Join the game").click()
    expect(third.get_by_role("alert")).to_contain_text("removed you from this game")
    watch.assert_clean()


def test_generated_nickname(browser: Browser, server: Server, watch: Watch) -> None:
    auth = server.register("Gus Host")
    game = server.create_game(auth["token"], QUIZ, {"nickname_generator": True})
    phone = new_page(browser, watch, PHONE, phone=True)
    phone.goto(f"{server.url}/join/{game['pin']}")
    nickname = phone.get_by_label("Your nickname")
    expect(nickname).to_have_value("")
    phone.get_by_role("button", name="Pick a name for me").click()
    expect(nickname).not_to_have_value("")
    picked = nickname.input_value()
    assert len(picked.split()) >= 2, picked  # "Brave Otter"
    shot(phone, "phone-join-generated-name")
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_test_id("nickname")).to_have_text(picked)
    watch.assert_clean()
