"""A person across devices in real browsers: a member signed in on her phone plays as herself
("Playing as …", no nickname needed), then opens /me on a second device, signed in there too,
and finds that game in her history and on her page."""

from __future__ import annotations

import time

import httpx
from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    PASSWORD,
    PHONE,
    QUIZ,
    SMALL_PHONE,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)

RESULTS_WAIT_S = 20.0


def wait_results(server: Server, token: str, game_id: str) -> None:
    """Poll the game's results until the outbox has written them (409 until then)."""
    deadline = time.monotonic() + RESULTS_WAIT_S
    while True:
        resp = httpx.get(
            f"{server.url}/api/games/{game_id}/results",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10.0,
        )
        if resp.status_code == 200:
            return
        assert resp.status_code == 409, resp.text
        assert time.monotonic() < deadline, f"results of {game_id} not written"
        time.sleep(0.1)


def test_a_member_plays_signed_in_and_finds_it_on_another_device(
    browser: Browser, server: Server, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    ann = server.register("Ann Member")
    invite = server.api("POST", f"/workspaces/{owner['host']['id']}/invites", owner["token"], {})
    server.api("POST", f"/invites/{invite['token']}/accept", ann["token"])
    game = server.create_game(owner["token"], QUIZ)
    pin = game["pin"]

    host = new_page(browser, watch, LAPTOP, storage=host_storage(owner, game))
    host.goto(f"{server.url}/host/{game['id']}")
    expect(host.get_by_test_id("pin")).to_be_visible()

    # Her phone, signed in: the join page says who she plays as; the nickname may stay empty.
    phone = new_page(browser, watch, SMALL_PHONE, phone=True, storage=host_storage(ann))
    phone.goto(f"{server.url}/join/{pin}")
    expect(phone.get_by_test_id("join-as")).to_contain_text("Playing as Ann Member")
    expect(phone.get_by_label("Your nickname (optional)")).to_be_focused()
    no_horizontal_scroll(phone)
    shot(phone, "phone-join-signed-in")
    phone.keyboard.press("Enter")  # the keyboard alone joins
    expect(phone.get_by_test_id("lobby")).to_be_visible()
    expect(phone.get_by_test_id("playing-as")).to_contain_text("Playing as Ann Member")
    expect(phone.get_by_test_id("nickname")).to_have_text("Ann Member")
    shot(phone, "phone-lobby-signed-in")

    expect(host.get_by_test_id("player-count")).to_have_text("1")
    host.get_by_test_id("primary-action").click()
    expect(phone.locator(".player-prompt")).to_have_text("Which planet is closest to the Sun?")
    tap(phone, "B")
    expect(phone.get_by_test_id("result")).to_have_attribute("data-correct", "true")
    server.api("POST", f"/games/{game['id']}/end", owner["token"])
    wait_results(server, owner["token"], game["id"])

    # A second device: her laptop, where she signed in separately.
    login = httpx.post(
        f"{server.url}/api/auth/login",
        json={"email": ann["host"]["email"], "password": PASSWORD},
        timeout=10.0,
    )
    assert login.status_code == 200, login.text
    laptop = new_page(browser, watch, LAPTOP, storage=host_storage(login.json()))
    laptop.goto(f"{server.url}/me")
    expect(laptop.get_by_test_id("me-who")).to_contain_text("Signed in as Ann Member")
    games = laptop.get_by_test_id("me-games")
    expect(games.locator(".me-game")).to_have_count(1)
    expect(games).to_contain_text(QUIZ["title"])
    expect(games).to_contain_text("1 of 1 right")
    expect(laptop.get_by_test_id("me-totals")).to_contain_text("1")
    scores = laptop.get_by_test_id("person-scores")
    expect(scores.locator("tbody tr")).to_have_count(1)
    expect(scores).to_contain_text(QUIZ["title"])
    expect(scores).to_contain_text("Olga Owner")  # the workspace the game was played in
    expect(laptop.get_by_test_id("person-chart")).to_be_visible()
    expect(laptop.get_by_test_id("person-chart").locator("canvas").first).to_be_visible()
    expect(laptop.get_by_test_id("person-csv-games")).to_be_visible()
    shot(laptop, "me-signed-in", full_page=True)

    # The same page on a phone-sized screen reads without sideways scrolling.
    small = new_page(browser, watch, PHONE, phone=True, storage=host_storage(ann))
    small.goto(f"{server.url}/me")
    expect(small.get_by_test_id("me-games").locator(".me-game")).to_have_count(1)
    no_horizontal_scroll(small)
    shot(small, "me-signed-in-phone", full_page=True)

    # The workspace's owner opens her member page; she herself may not open it (host only).
    member_path = f"/workspaces/{owner['host']['id']}/people/{ann['host']['id']}"
    host.goto(f"{server.url}/workspace")
    host.get_by_role("link", name="Ann Member").click()
    expect(host).to_have_url(server.url + member_path)
    expect(host.get_by_test_id("member-name")).to_have_text("Ann Member")
    expect(host.get_by_test_id("person-scores").locator("tbody tr")).to_have_count(1)
    expect(host.get_by_text("Role in this workspace: member")).to_be_visible()
    expect(host.get_by_test_id("person-badges")).to_contain_text("First game")
    shot(host, "member-page")
    watch.allow("status of 403")
    small.goto(server.url + member_path)
    expect(small.get_by_role("alert")).to_contain_text("Only the workspace's hosts")
    watch.assert_clean()


def test_an_expired_sign_in_falls_back_to_playing_as_a_guest(
    browser: Browser, server: Server, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    game = server.create_game(owner["token"], QUIZ)
    gone = server.register("Gus Gone")
    server.api("POST", "/auth/logout", gone["token"], {})  # this browser's login is void
    phone = new_page(browser, watch, SMALL_PHONE, phone=True, storage=host_storage(gone))
    phone.goto(f"{server.url}/join/{game['pin']}")
    expect(phone.get_by_test_id("join-as")).to_contain_text("Playing as Gus Gone")
    phone.get_by_role("button", name="Join the game").click()
    expect(phone.get_by_role("alert")).to_contain_text("Your sign-in has expired")
    expect(phone.get_by_test_id("join-as")).to_have_count(0)
    nickname = phone.get_by_label("Your nickname")
    expect(nickname).to_be_focused()
    nickname.fill("Gus")
    nickname.press("Enter")
    expect(phone.get_by_test_id("lobby")).to_be_visible()
    expect(phone.get_by_test_id("playing-as")).to_have_count(0)
    expect(phone.get_by_test_id("nickname")).to_have_text("Gus")
    watch.assert_clean()
