"""The shared library through the pages: a host shares a quiz, a second host of the workspace
finds it by searching a word of one of its questions, and copies that question from the
question bank into a quiz of their own."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import Browser, expect

from tests.browser.support import (
    LAPTOP,
    Server,
    Watch,
    host_storage,
    new_page,
    no_horizontal_scroll,
    shot,
)

PHONE_360 = {"width": 360, "height": 640}

SOURCE: dict[str, Any] = {
    "title": "Botany basics",
    "tags": ["Science"],
    "visibility": "draft",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which gas do leaves absorb from the air?",
            "choices": ["Oxygen", "Carbon dioxide", "Helium", "Argon"],
            "correct": [1],
        },
        {"kind": "true_false", "prompt": "Roots grow towards water.", "correct": True},
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
    headers = {"Authorization": f"Bearer {token}"}
    if workspace:
        headers["X-Workspace"] = workspace
    resp = httpx.request(
        method, f"{server.url}/api{path}", headers=headers, json=body, timeout=10.0
    )
    assert resp.status_code < 400, f"{method} {path}: {resp.status_code} {resp.text}"
    return resp.json() if resp.content else None


def test_share_find_and_copy_a_question(browser: Browser, server: Server, watch: Watch) -> None:
    ada = server.register("Ada Author")
    bob = server.register("Bob Borrower")
    workspace = ada["host"]["id"]  # an account's own workspace has the account's id
    invite = call(
        server,
        "POST",
        f"/workspaces/{workspace}/invites",
        ada["token"],
        workspace,
        {"role": "host"},
    )
    call(server, "POST", f"/invites/{invite['token']}/accept", bob["token"])
    source = call(server, "POST", "/quizzes", ada["token"], workspace, SOURCE)
    assert source["visibility"] == "draft"

    # Bob, in Ada's workspace, does not see her draft.
    bob_page = new_page(
        browser, watch, LAPTOP, storage={**host_storage(bob), "huddle.workspace": workspace}
    )
    bob_page.goto(f"{server.url}/host")
    status = bob_page.locator("#library-status")
    expect(status).to_have_text("No quizzes.")

    # Ada shares it in the editor: the Draft/Shared toggle, then Save.
    ada_page = new_page(
        browser, watch, LAPTOP, storage={**host_storage(ada), "huddle.workspace": workspace}
    )
    ada_page.goto(f"{server.url}/quizzes/{source['id']}")
    expect(ada_page.get_by_label("Tags")).to_have_value("science")
    shared = ada_page.get_by_role("radio", name=re.compile("^Shared"))
    expect(ada_page.get_by_role("radio", name=re.compile("^Draft"))).to_be_checked()
    shared.check()
    ada_page.get_by_role("button", name="Save", exact=True).click()
    expect(ada_page.get_by_text("Saved.")).to_be_visible()
    shot(ada_page, "library-editor-shared")

    # Bob searches a word of one of its questions: the count is announced, the card tells who
    # wrote it and that it is shared.
    bob_page.reload()
    search = bob_page.get_by_role("searchbox", name="Search the library")
    search.fill("absor")
    expect(status).to_have_text("1 quiz matches “absor”.")
    card = bob_page.get_by_role("list", name="Quizzes").get_by_role("listitem").first
    expect(card).to_contain_text("Botany basics")
    expect(card).to_contain_text("Shared")
    expect(card).to_contain_text("by Ada Author")
    expect(card).to_contain_text("Changed by Ada Author")
    search.fill("nothing-like-this")
    expect(status).to_have_text("No quizzes match “nothing-like-this”.")
    expect(bob_page.get_by_text("No quiz matches")).to_be_visible()
    search.fill("")
    tag = bob_page.get_by_role("button", name="Tag science")
    tag.click()
    expect(tag).to_have_attribute("aria-pressed", "true")
    expect(status).to_have_text("1 quiz matches tag science.")
    shot(bob_page, "library-search")

    # Bob may edit Ada's shared quiz, but only she (or an admin) changes who sees it.
    bob_page.goto(f"{server.url}/quizzes/{source['id']}")
    expect(bob_page.get_by_role("radio", name=re.compile("^Shared"))).to_be_checked()
    expect(bob_page.get_by_role("radio", name=re.compile("^Draft"))).to_be_disabled()
    expect(bob_page.get_by_text("Only its author or an admin changes who sees it.")).to_be_visible()
    bob_page.goto(f"{server.url}/host")

    # Bob writes his own quiz and adds Ada's question from the question bank, by keyboard.
    bob_page.get_by_role("link", name="New quiz").first.click()
    bob_page.get_by_label("Quiz title").fill("Bob's nature quiz")
    bob_page.get_by_label("Question", exact=True).fill("Which bird cannot fly?")
    for letter, text in zip("ABCD", ["Penguin", "Robin", "Owl", "Wren"], strict=True):
        bob_page.get_by_label(f"Answer {letter}", exact=True).fill(text)
    bob_page.get_by_role("checkbox", name="Correct (answer A)").check()
    bob_page.get_by_role("button", name="Add from question bank").click()
    bank = bob_page.get_by_role("searchbox", name="Search questions of the library")
    expect(bank).to_be_focused()
    bank.fill("leaves gas")
    bank_status = bob_page.locator("#bank-status")
    expect(bank_status).to_have_text("1 question matches “leaves gas”.")
    add = bob_page.get_by_role("button", name="Add “Which gas do leaves absorb from the air?”")
    add.focus()
    bob_page.keyboard.press("Enter")
    expect(bank_status).to_contain_text("Added “Which gas do leaves absorb from the air?”")
    prompts = bob_page.locator(".q-card .q-prompt-input")
    expect(prompts).to_have_count(2)
    expect(prompts.nth(1)).to_have_value("Which gas do leaves absorb from the air?")
    shot(bob_page, "library-question-bank")
    bob_page.get_by_role("button", name="Close the question bank").click()
    expect(bob_page.get_by_role("button", name="Add from question bank")).to_be_focused()
    bob_page.get_by_role("button", name="Save", exact=True).click()
    expect(bob_page.get_by_role("heading", name="Edit quiz")).to_be_visible()  # it has an id now

    mine = call(server, "GET", "/quizzes?q=nature", bob["token"], workspace)
    assert mine["total"] == 1
    copied = mine["quizzes"][0]
    assert copied["author"]["name"] == "Bob Borrower"
    assert [q["prompt"] for q in copied["questions"]] == [
        "Which bird cannot fly?",
        "Which gas do leaves absorb from the air?",
    ]
    assert copied["questions"][1]["correct"] == [1]
    # The bank finds the copy too, and Ada's quiz is unchanged.
    assert call(server, "GET", "/questions?q=absorb", bob["token"], workspace)["total"] == 2
    assert (
        len(call(server, "GET", f"/quizzes/{source['id']}", ada["token"], workspace)["questions"])
        == 2
    )

    # The library at 360 px: no sideways scrolling.
    bob_page.set_viewport_size(PHONE_360)
    bob_page.goto(f"{server.url}/host")
    expect(status).to_have_text(re.compile(r"^2 quizzes\.$"))
    no_horizontal_scroll(bob_page)
    watch.assert_clean()
