"""Removing a person through the People page (docs/privacy.md "A person"): the owner erases a
member who played a finished game — the game's results keep no row of theirs — and, on a
360×640 phone, anonymises another, whose score stays in the game as "(removed)". The dialog
takes the focus, Escape closes it and gives the focus back, erasing waits for the name typed,
and a refusal (an admin demoted meanwhile: 403) is shown in it and changes nothing."""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    PROJECTOR,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
)
from tests.e2e.helpers import Host, Player, assert_ok, check_join_ack

PHONE_360 = {"width": 360, "height": 640}
RESULTS_WAIT_S = 30.0
QUIZ: dict[str, Any] = {
    "title": "Removal drill",
    "questions": [
        {"kind": "true_false", "prompt": "Results belong to the workspace?", "correct": True}
    ],
}


def play(server: Server, game: dict[str, Any], players: list[tuple[str, str | None]]) -> None:
    """Play `game` over real sockets: each (nickname, account token or None for a guest) joins
    and answers right; the host ends it."""

    async def run() -> None:
        host = Host(server.url)
        phones = [Player(server.url) for _ in players]
        try:
            for c in (host, *phones):
                await c.connect()
            await host.attach(game["id"], game["host_key"])
            for phone, (nickname, token) in zip(phones, players, strict=True):
                payload: dict[str, Any] = {"pin": game["pin"], "nickname": nickname}
                if token is not None:
                    payload["account_token"] = token
                ack = assert_ok(await phone.call("join", payload), f"join {nickname}")
                check_join_ack(ack)
                phone.join_ack = ack
            await host.command("start")
            for phone in phones:
                await phone.wait_state("question", 0)
                assert_ok(await phone.answer(0, True), "answer")
            await host.wait_state("reveal", 0)
            await host.command("end")
        finally:
            for c in (host, *phones):
                await c.close()

    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's loop owns this thread
        pool.submit(asyncio.run, run()).result()


def results(server: Server, token: str, game_id: str) -> list[tuple[str, int]]:
    """The game's result rows (nickname, score), polled until the outbox wrote them (409)."""
    deadline = time.monotonic() + RESULTS_WAIT_S
    while True:
        resp = httpx.get(
            f"{server.url}/api/games/{game_id}/results",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10.0,
        )
        if resp.status_code == 200:
            return sorted((p["nickname"], p["score"]) for p in resp.json()["players"])
        assert resp.status_code == 409, resp.text
        assert time.monotonic() < deadline, f"results of {game_id} not written"
        time.sleep(0.1)


def open_people(page: Page, server: Server, count: int) -> None:
    page.goto(f"{server.url}/workspace")
    expect(page.get_by_test_id("member-row")).to_have_count(count)


def row(page: Page, name: str) -> Any:
    return page.get_by_test_id("member-row").filter(has_text=name)


def test_the_owner_erases_and_anonymises_members_through_the_page(
    browser: Browser, server: Server, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    ws = owner["host"]["id"]
    people = {}
    for name, role in (("Ann Member", "member"), ("Bo Member", "member"), ("Eve Admin", "admin")):
        person = server.register(name)
        invite = server.api("POST", f"/workspaces/{ws}/invites", owner["token"], {"role": role})
        server.api("POST", f"/invites/{invite['token']}/accept", person["token"])
        people[name.split()[0]] = person
    game = server.create_game(owner["token"], QUIZ)
    play(
        server,
        game,
        [("Ann", people["Ann"]["token"]), ("Bo", people["Bo"]["token"]), ("Cy", None)],
    )
    before = results(server, owner["token"], game["id"])
    assert [n for n, _ in before] == ["Ann", "Bo", "Cy"], before
    assert all(score > 0 for _, score in before), before
    bo_score = dict(before)["Bo"]

    # The owner at 1080p: "Remove …" opens the dialog with the focus inside; Escape closes it
    # and gives the focus back to the button.
    page = new_page(browser, watch, PROJECTOR, storage=host_storage(owner))
    open_people(page, server, 4)
    remove_ann = page.get_by_role("button", name=re.compile(r"^Remove Ann Member…$"))
    remove_ann.click()
    dialog = page.get_by_role("dialog", name="Remove Ann Member from")
    expect(dialog).to_be_visible()
    keep = dialog.get_by_role("radio", name=re.compile("^Keep their results"))
    expect(keep).to_be_focused()
    expect(keep).to_be_checked()
    expect(dialog).to_contain_text("This cannot be undone")
    shot(page, "people-remove-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(remove_ann).to_be_focused()
    assert results(server, owner["token"], game["id"]) == before  # nothing changed

    # Erase, by keyboard alone: the name must be typed out; until then nothing is sent and
    # the row stays.
    page.keyboard.press("Enter")  # the focused "Remove Ann Member…"
    expect(keep).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(dialog.get_by_role("radio", name=re.compile("^Erase everything"))).to_be_checked()
    page.keyboard.press("Tab")
    name_field = dialog.get_by_label("Type “Ann Member” to confirm")
    expect(name_field).to_be_focused()
    page.keyboard.type("Ann")
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("alert")).to_contain_text("Type “Ann Member”")
    expect(name_field).to_be_focused()
    assert results(server, owner["token"], game["id"]) == before
    name_field.fill("ann member")
    shot(page, "people-erase-dialog")
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(page.get_by_test_id("member-row")).to_have_count(3)
    expect(row(page, "Ann Member")).to_have_count(0)
    expect(page.get_by_test_id("people-notice")).to_contain_text(
        "Removed Ann Member from Olga Owner"
    )
    expect(page.get_by_test_id("announce-workspace")).to_contain_text("erased their results")
    expect(page.get_by_role("heading", name=re.compile("^Members"))).to_be_focused()
    # The server shows no result row of hers any more; the others' stay as they were.
    after_erase = results(server, owner["token"], game["id"])
    assert after_erase == [r for r in before if r[0] != "Ann"], after_erase

    # An admin (working in Olga's workspace, not her own) demoted while her page is open: the
    # refusal is shown in the dialog, announced, and Bo stays.
    eve_storage = {**host_storage(people["Eve"]), "huddle.workspace": ws}
    eve = new_page(browser, watch, PHONE_360, phone=True, storage=eve_storage)
    open_people(eve, server, 3)
    # Her page knows her as an admin (its "Remove…" buttons are shown) before the demotion.
    expect(eve.get_by_role("button", name=re.compile(r"^Remove Bo Member…$"))).to_be_visible()
    server.api(
        "PATCH",
        f"/workspaces/{ws}/members/{people['Eve']['host']['id']}",
        owner["token"],
        {"role": "host"},
    )
    watch.allow("status of 403")
    eve.get_by_role("button", name=re.compile(r"^Remove Bo Member…$")).click()
    eve_dialog = eve.get_by_role("dialog", name="Remove Bo Member from")
    eve_dialog.get_by_role("radio", name=re.compile("^Anonymise their results")).check()
    eve_dialog.get_by_role("button", name="Remove Bo Member").click()
    expect(eve_dialog.get_by_role("alert")).to_contain_text("You may not remove Bo Member")
    shot(eve, "people-remove-refused-phone")
    eve.keyboard.press("Escape")
    expect(eve_dialog).to_have_count(0)
    expect(row(eve, "Bo Member")).to_have_count(1)
    # The refusal reloaded her role: a host removes nobody, so no "Remove…" is left.
    expect(eve.get_by_role("button", name=re.compile(r"^Remove .*…$"))).to_have_count(0)
    assert results(server, owner["token"], game["id"]) == after_erase

    # The owner on a 360×640 phone anonymises Bo: his score stays in the game as "(removed)".
    phone = new_page(browser, watch, PHONE_360, phone=True, storage=host_storage(owner))
    open_people(phone, server, 3)
    phone.get_by_role("button", name=re.compile(r"^Remove Bo Member…$")).click()
    bo_dialog = phone.get_by_role("dialog", name="Remove Bo Member from")
    expect(bo_dialog.get_by_role("radio", name=re.compile("^Keep their results"))).to_be_focused()
    bo_dialog.get_by_role("radio", name=re.compile("^Anonymise their results")).check()
    no_horizontal_scroll(phone)
    shot(phone, "people-anonymise-dialog-phone")
    bo_dialog.get_by_role("button", name="Remove Bo Member").click()
    expect(bo_dialog).to_have_count(0)
    expect(row(phone, "Bo Member")).to_have_count(0)
    expect(phone.get_by_test_id("member-row")).to_have_count(2)
    expect(phone.get_by_test_id("announce-workspace")).to_contain_text("(removed)")
    no_horizontal_scroll(phone)
    final = results(server, owner["token"], game["id"])
    assert final == sorted([("(removed)", bo_score), ("Cy", dict(before)["Cy"])]), final
    assert sum(s for _, s in final) == sum(s for _, s in after_erase)
    watch.assert_clean()
