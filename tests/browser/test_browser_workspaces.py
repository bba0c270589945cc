"""Workspaces through the pages: create one, invite a colleague who joins by the link, manage
their role, switch workspaces (the library follows), and the invite page's refusals."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    LAPTOP,
    PASSWORD,
    Server,
    Watch,
    new_page,
    no_horizontal_scroll,
    shot,
)

# The brief's smallest phone.
PHONE_360 = {"width": 360, "height": 640}

QUIZ: dict[str, Any] = {
    "title": "",
    "questions": [
        {"kind": "true_false", "prompt": "Workspaces keep their quizzes apart.", "correct": True}
    ],
}


def call(
    server: Server,
    method: str,
    path: str,
    token: str,
    workspace: str | None = None,
    body: Any = None,
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if workspace:
        headers["X-Workspace"] = workspace
    resp = httpx.request(
        method, f"{server.url}/api{path}", headers=headers, json=body, timeout=10.0
    )
    assert resp.status_code < 400, f"{method} {path}: {resp.status_code} {resp.text}"
    return resp.json() if resp.content else None


def token_of(page: Page) -> str:
    token = page.evaluate("JSON.parse(localStorage.getItem('huddle.auth')).token")
    assert isinstance(token, str) and token
    return token


def stored_workspace(page: Page) -> str:
    value = page.evaluate("localStorage.getItem('huddle.workspace')")
    assert isinstance(value, str) and value
    return value


def register(page: Page, server: Server, name: str, email: str) -> None:
    page.goto(f"{server.url}/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def switch_to(page: Page, name: str) -> None:
    """Open the header's workspace menu by keyboard and pick `name`."""
    toggle = page.get_by_test_id("workspace-switcher")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    item = page.get_by_role("list", name="Your workspaces").get_by_role(
        "button", name=re.compile(f"^{re.escape(name)}")
    )
    item.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_contain_text(name)
    expect(page.get_by_test_id("announce-workspace")).to_contain_text(f"Now working in {name}")
    # The page is made anew for the workspace; the focus comes back to the menu's button.
    expect(toggle).to_be_focused()


def test_invite_join_roles_and_switching(browser: Browser, server: Server, watch: Watch) -> None:
    owner = new_page(browser, watch, LAPTOP)
    register(owner, server, "Olga Owner", "olga-ws@example.com")
    expect(owner.get_by_role("heading", name="Your quizzes")).to_be_visible()
    toggle = owner.get_by_test_id("workspace-switcher")
    expect(toggle).to_contain_text("Owner")
    own_ws = stored_workspace(owner)
    token = token_of(owner)
    call(server, "POST", "/quizzes", token, own_ws, {**QUIZ, "title": "Olga's own quiz"})

    # A new workspace from the header's menu, by keyboard.
    toggle.focus()
    owner.keyboard.press("Enter")
    shot(owner, "workspace-menu")
    owner.get_by_role("button", name="New workspace…").click()
    name_field = owner.get_by_label("New workspace's name")
    expect(name_field).to_be_focused()
    owner.get_by_role("button", name="Create workspace").click()
    expect(owner.locator("#ws-new-error")).to_contain_text("Give the workspace a name")
    name_field.fill("Acme Learning")
    owner.keyboard.press("Enter")
    expect(owner.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(owner.get_by_test_id("people-workspace")).to_have_text("Acme Learning")
    expect(toggle).to_contain_text("Acme Learning")
    expect(owner.get_by_test_id("announce-workspace")).to_contain_text("Created Acme Learning")
    acme = stored_workspace(owner)
    assert acme != own_ws
    call(server, "POST", "/quizzes", token, acme, {**QUIZ, "title": "Acme onboarding"})

    # An invite link for a member: the link, its QR code, and the list.
    expect(owner.get_by_test_id("members-table").locator("tbody tr")).to_have_count(1)
    owner.get_by_label("Join as").select_option("member")
    owner.get_by_label("Link works for").select_option("7")
    owner.get_by_role("button", name="Create invite link").click()
    link_field = owner.get_by_label(re.compile("^Invite link"))
    expect(link_field).to_be_focused()
    link = link_field.input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/invite/[^/\s]+", link), link
    expect(
        owner.get_by_role("img", name="QR code of the invite link to Acme Learning")
    ).to_be_visible()
    expect(owner.get_by_test_id("invite-row")).to_have_count(1)
    expect(owner.get_by_test_id("announce-workspace")).to_contain_text("Invite link made")
    shot(owner, "workspace-people-invite", full_page=True)

    # A colleague on a small phone opens the link, creates an account through it, and lands in
    # the workspace as a member: no host controls.
    mia = new_page(browser, watch, PHONE_360, phone=True)
    mia.goto(link)
    expect(mia.get_by_test_id("invite-workspace")).to_have_text("Acme Learning")
    expect(mia.get_by_test_id("invite-terms")).to_contain_text("member")
    expect(mia.get_by_test_id("invite-terms")).to_contain_text("expires in 7 days")
    no_horizontal_scroll(mia)
    shot(mia, "invite-page-phone")
    mia.get_by_role("link", name="Create an account and join").click()
    expect(mia.get_by_test_id("register-invite")).to_contain_text("Acme Learning")
    mia.get_by_label("Your name").fill("Mia Member")
    mia.get_by_label("E-mail").fill("mia-ws@example.com")
    mia.get_by_label("Password").fill(PASSWORD)
    mia.get_by_role("button", name="Create account").click()
    expect(mia.get_by_test_id("member-workspace")).to_contain_text("member of Acme Learning")
    expect(mia.get_by_test_id("workspace-switcher")).to_contain_text("Acme Learning")
    expect(mia.get_by_role("link", name="Your history", exact=True)).to_be_visible()
    expect(mia.get_by_role("link", name="New quiz")).to_have_count(0)
    expect(mia.get_by_role("link", name="Quizzes")).to_have_count(0)
    expect(mia.get_by_role("link", name="Start game")).to_have_count(0)
    no_horizontal_scroll(mia)
    shot(mia, "member-home-phone")
    # A host's page opened by its address says it is for hosts (the server refuses anyway).
    watch.allow("status of 403")
    mia.goto(f"{server.url}/quizzes/new")
    expect(mia.get_by_test_id("hosts-only")).to_contain_text("member of Acme Learning")
    mia.get_by_role("link", name="Go to your home").click()
    expect(mia.get_by_test_id("member-workspace")).to_be_visible()

    # The owner sees Mia in People and makes her a host; only the server's answer shows it.
    owner.reload()
    rows = owner.get_by_test_id("member-row")
    expect(rows).to_have_count(2)
    mia_row = rows.filter(has_text="Mia Member")
    expect(mia_row).to_contain_text("mia-ws@example.com")
    owner.get_by_label("Role of Mia Member").select_option("host")
    owner.get_by_role("button", name="Save role of Mia Member").click()
    expect(owner.get_by_test_id("people-notice")).to_have_text(re.compile("Mia Member is now host"))
    expect(owner.get_by_label("Role of Mia Member")).to_have_value("host")
    expect(owner.get_by_role("button", name="Save role of Mia Member")).to_have_count(0)

    # As a host, Mia now gets the workspace's library (its quiz only).
    mia.reload()
    expect(mia.get_by_role("heading", name="Your quizzes")).to_be_visible()
    expect(mia.get_by_role("link", name="Acme onboarding", exact=True)).to_be_visible()
    expect(mia.get_by_role("link", name="Olga's own quiz", exact=True)).to_have_count(0)

    # The owner switches workspaces: the library follows.
    owner.goto(f"{server.url}/host")
    expect(owner.get_by_role("link", name="Acme onboarding", exact=True)).to_be_visible()
    own_name = next(
        w["name"] for w in call(server, "GET", "/auth/me", token)["workspaces"] if w["id"] == own_ws
    )
    switch_to(owner, own_name)
    expect(owner.get_by_role("link", name="Olga's own quiz", exact=True)).to_be_visible()
    expect(owner.get_by_role("link", name="Acme onboarding", exact=True)).to_have_count(0)
    assert stored_workspace(owner) == own_ws
    switch_to(owner, "Acme Learning")
    expect(owner.get_by_role("link", name="Acme onboarding", exact=True)).to_be_visible()
    expect(owner.get_by_role("link", name="Olga's own quiz", exact=True)).to_have_count(0)

    # At 360×640 the People page and its menu fit.
    owner.set_viewport_size(PHONE_360)  # type: ignore[arg-type]
    owner.goto(f"{server.url}/workspace")
    expect(owner.get_by_test_id("member-row")).to_have_count(2)
    no_horizontal_scroll(owner)
    shot(owner, "workspace-people-phone", full_page=True)
    owner.get_by_test_id("workspace-switcher").click()
    expect(owner.get_by_role("list", name="Your workspaces").get_by_role("button")).to_have_count(2)
    no_horizontal_scroll(owner)
    shot(owner, "workspace-menu-phone")
    owner.keyboard.press("Escape")
    expect(owner.get_by_test_id("workspace-switcher")).to_be_focused()
    expect(owner.get_by_role("list", name="Your workspaces")).to_have_count(0)

    # Revoking the link: it stops working.
    owner.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(owner.get_by_test_id("invite-row")).to_have_count(0)
    expect(owner.get_by_test_id("people-notice")).to_contain_text("Revoked")
    watch.allow("status of 4")  # the refused link's answer, logged by Chromium
    stranger = new_page(browser, watch, PHONE_360, phone=True)
    stranger.goto(link)
    expect(stranger.get_by_role("heading", name="This invite cannot be used")).to_be_visible()
    expect(stranger.get_by_role("alert")).to_contain_text("does not work")
    stranger.goto(f"{server.url}/invite/not-a-real-token")
    expect(stranger.get_by_role("alert")).to_contain_text("does not work")
    watch.assert_clean()


def test_member_leaves_and_falls_back(browser: Browser, server: Server, watch: Watch) -> None:
    owner = server.register("Omar Owner")
    made = call(server, "POST", "/workspaces", owner["token"], body={"name": "Leavers Club"})
    ws_id = made["id"]
    invite = call(
        server,
        "POST",
        f"/workspaces/{ws_id}/invites",
        owner["token"],
        ws_id,
        {"role": "member", "ttl_hours": 24},
    )
    link = invite.get("url") or f"{server.url}/invite/{invite['token']}"

    # An account that exists already: "Log in to join" comes back to the link, and "Join"
    # accepts it and switches to the workspace.
    call(
        server,
        "POST",
        "/auth/register",
        "",
        body={"name": "Lea Leaver", "email": "lea-ws@example.com", "password": PASSWORD},
    )
    lea = new_page(browser, watch, LAPTOP)
    lea.goto(link)
    lea.get_by_role("link", name="Log in to join").click()
    lea.get_by_label("E-mail").fill("lea-ws@example.com")
    lea.get_by_label("Password").fill(PASSWORD)
    lea.get_by_role("button", name="Log in").click()
    join = lea.get_by_role("button", name="Join Leavers Club")
    expect(lea.get_by_text("Signed in as Lea Leaver")).to_be_visible()
    join.click()
    expect(lea.get_by_test_id("member-workspace")).to_contain_text("member of Leavers Club")
    expect(lea.get_by_test_id("announce-workspace")).to_contain_text("You joined Leavers Club")

    # Leaving, with a confirmation: back in her own workspace.
    lea.get_by_role("link", name="People", exact=True).click()
    lea.get_by_role("button", name="Leave workspace").click()
    yes = lea.get_by_role("button", name="Yes, leave")
    expect(yes).to_be_focused()
    yes.click()
    expect(lea.get_by_role("heading", name="Your quizzes")).to_be_visible()
    expect(lea.get_by_test_id("workspace-switcher")).not_to_contain_text("Leavers Club")
    members = call(server, "GET", f"/workspaces/{ws_id}/members", owner["token"], ws_id)
    assert [m["name"] for m in members["members"]] == ["Omar Owner"]

    # A workspace's name is shown as text, never as markup.
    hostile = "<img src=x onerror=alert(1)>"
    lea_token = lea.evaluate("JSON.parse(localStorage.getItem('huddle.auth')).token")
    call(server, "POST", "/workspaces", lea_token, body={"name": hostile})
    lea.reload()
    lea.get_by_test_id("workspace-switcher").click()
    expect(lea.get_by_role("list", name="Your workspaces")).to_contain_text(hostile)
    assert lea.locator("header img").count() == 0
    watch.assert_clean()


def test_settings_errors_copy_and_removal(browser: Browser, server: Server, watch: Watch) -> None:
    owner = server.register("Vera Owner")
    ws_id = call(server, "POST", "/workspaces", owner["token"], body={"name": "Acme Sales"})["id"]
    invite = call(
        server, "POST", f"/workspaces/{ws_id}/invites", owner["token"], ws_id, {"role": "host"}
    )
    ben: dict[str, Any] = call(
        server,
        "POST",
        "/auth/register",
        "",
        body={
            "name": "Ben Host",
            "email": "ben-ws@example.com",
            "password": PASSWORD,
            "invite": invite["token"],
        },
    )
    storage = {"huddle.auth": {"token": owner["token"], "host": owner["host"]}}
    page = new_page(browser, watch, LAPTOP, storage=storage)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{server.url}/workspace")
    # Not this workspace yet: the account's own one is first; switch by the menu.
    switch_to(page, "Acme Sales")
    expect(page.get_by_test_id("people-workspace")).to_have_text("Acme Sales")
    expect(page.get_by_test_id("member-row")).to_have_count(2)

    # Copy: the link is on the clipboard, and it is said.
    page.get_by_label("Join as").select_option("admin")
    page.get_by_role("button", name="Create invite link").click()
    link = page.get_by_label(re.compile("^Invite link")).input_value()
    page.get_by_role("button", name="Copy the invite link").click()
    expect(page.get_by_test_id("announce-workspace")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link

    # Settings: refused on the page first, then saved by the server.
    name = page.get_by_label("Workspace name")
    retention = page.get_by_label("Anonymise results after (days)")
    name.fill("  ")
    retention.fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#ws-name-error")).to_contain_text("Give the workspace a name")
    expect(page.locator("#ws-retention-error")).to_contain_text("1 to 3,650 days")
    expect(name).to_be_focused()
    name.fill("Acme Academy")
    retention.fill("90")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_test_id("people-notice")).to_contain_text(
        "Saved the settings of Acme Academy"
    )
    expect(page.get_by_test_id("workspace-switcher")).to_contain_text("Acme Academy")
    saved = call(server, "GET", f"/workspaces/{ws_id}", owner["token"])
    assert (saved["name"], saved["retention_days"]) == ("Acme Academy", 90)

    # The last owner cannot leave: the server's refusal is shown as an alert, nothing changes.
    watch.allow("status of 409")
    page.get_by_role("button", name="Leave workspace").click()
    page.get_by_role("button", name="Yes, leave").click()
    expect(page.get_by_role("alert")).to_contain_text("owner")
    expect(page.get_by_test_id("member-row")).to_have_count(2)

    # Ben, a host there, has the People page open while he is removed.
    ben_page = new_page(
        browser,
        watch,
        PHONE_360,
        phone=True,
        storage={"huddle.auth": ben, "huddle.workspace": ws_id},
    )
    ben_page.goto(f"{server.url}/workspace")
    expect(ben_page.get_by_test_id("people-workspace")).to_have_text("Acme Academy")

    # Removing Ben asks first (a dialog: what happens to his results, keeping them by
    # default); Cancel gives the focus back, "Remove Ben Host" removes him.
    remove = page.get_by_role("button", name="Remove Ben Host…")
    remove.click()
    dialog = page.get_by_role("dialog", name="Remove Ben Host from Acme Academy?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(remove).to_be_focused()
    expect(page.get_by_test_id("member-row")).to_have_count(2)
    remove.click()
    expect(dialog.get_by_role("radio", name=re.compile("^Keep their results"))).to_be_checked()
    dialog.get_by_role("button", name="Remove Ben Host").click()
    expect(page.get_by_test_id("member-row")).to_have_count(1)
    expect(page.get_by_test_id("people-notice")).to_contain_text("Removed Ben Host")
    members = call(server, "GET", f"/workspaces/{ws_id}/members", owner["token"])["members"]
    assert [m["name"] for m in members] == ["Vera Owner"]

    # His next request is refused: the page asks for his workspaces again, and he has none.
    watch.allow("status of 403")
    ben_page.get_by_role("button", name="Leave workspace").click()
    ben_page.get_by_role("button", name="Yes, leave").click()
    expect(ben_page.get_by_role("heading", name="No workspace")).to_be_visible()
    expect(ben_page.get_by_test_id("workspace-switcher")).to_contain_text("No workspace")
    ben_page.goto(f"{server.url}/host")
    expect(ben_page.get_by_test_id("no-workspace")).to_be_visible()
    expect(ben_page.get_by_role("link", name="Quizzes")).to_have_count(0)

    # The owner deletes the workspace, after typing its name; she is back in her own one.
    page.get_by_role("button", name="Delete workspace…").click()
    confirm = page.get_by_label("Type the workspace's name to confirm")
    expect(confirm).to_be_focused()
    confirm.fill("Acme")
    page.get_by_role("button", name="Delete Acme Academy").click()
    expect(page.locator("#ws-delete-error")).to_contain_text("Type “Acme Academy”")
    assert call(server, "GET", f"/workspaces/{ws_id}", owner["token"])["name"] == "Acme Academy"
    confirm.fill("Acme Academy")
    page.get_by_role("button", name="Delete Acme Academy").click()
    expect(page.get_by_role("heading", name="Your quizzes")).to_be_visible()
    expect(page.get_by_test_id("announce-workspace")).to_have_text("Deleted Acme Academy.")
    expect(page.get_by_test_id("workspace-switcher")).to_contain_text("Vera Owner's workspace")
    left = call(server, "GET", "/workspaces", owner["token"])["workspaces"]
    assert [w["name"] for w in left] == ["Vera Owner's workspace"]
    watch.assert_clean()
