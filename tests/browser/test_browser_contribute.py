"""Members' questions on a phone: Ann, a member, opens a question drive's link on a 360x640
phone, writes a multiple-choice question for it (a first try without the question is refused
at the field, read out), sends it and sees it waiting for review on "Your questions and tips";
a host (through the HTTP API) asks for changes, and the page, polling by itself, says so in its
live region; Ann edits and sends it again; the host approves it and the page says that too, with
her new author badge. The community library then shows it to Bo, whose upvote shows as given
once the server answered."""

from __future__ import annotations

import io
import re
import time
from typing import Any

from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import Server, Watch, new_page, no_horizontal_scroll, shot

SMALL = {"width": 360, "height": 640}
PROMPT = "Which planet has the shortest year?"
# The page reads the list every 15 s while visible: a change shows within one period.
POLL_WAIT_MS = 25_000


def signed_in(auth: dict[str, Any], workspace_id: str) -> dict[str, Any]:
    """A member's sign-in in the workspace (localStorage of a new browser)."""
    return {
        "huddle.auth": {"token": auth["token"], "host": auth["host"]},
        "huddle.workspace": workspace_id,
    }


def press(page: Page, name: str) -> None:
    """Activate a button by keyboard: focus it, then Enter."""
    button = page.get_by_role("button", name=name)
    expect(button).to_be_enabled()
    button.focus()
    page.keyboard.press("Enter")


def test_a_member_writes_a_question_and_hears_its_review(
    browser: Browser, server: Server, watch: Watch
) -> None:
    owner = server.register("Olga Owner")
    ann = server.register("Ann Owl")
    bo = server.register("Bo Lark")
    wid = owner["host"]["id"]
    for member in (ann, bo):
        invite = server.api(
            "POST", f"/workspaces/{wid}/invites", owner["token"], {"role": "member"}
        )
        server.api("POST", f"/invites/{invite['token']}/accept", member["token"])
    owls = server.api("POST", "/teams", owner["token"], {"name": "Owls"})
    server.api(
        "POST", f"/teams/{owls['id']}/members", owner["token"], {"account_id": ann["host"]["id"]}
    )
    drive = server.api(
        "POST",
        "/drives",
        owner["token"],
        {
            "title": "Space week",
            "brief": "Questions about the planets for Friday's quiz.",
            "deadline": int(time.time() * 1000) + 3 * 86_400_000,
            "per_member_limit": 2,
        },
    )

    # The drive's link on a small phone: its brief, what Ann may send, the write button.
    phone = new_page(browser, watch, SMALL, phone=True, storage=signed_in(ann, wid))
    phone.goto(f"{server.url}/drives/{drive['id']}")
    card = phone.get_by_test_id("drive-card")
    expect(card).to_contain_text("Space week")
    expect(card).to_contain_text("Questions about the planets")
    expect(phone.get_by_test_id("drive-remaining")).to_have_text("You can send 2 more questions.")
    no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Write a question").click()
    expect(phone).to_have_url(f"{server.url}/contribute?drive={drive['id']}")
    expect(phone.get_by_role("heading", name="Add a question")).to_be_visible()

    # Sent without the question: refused at the field, which gets the focus, and read out.
    press(phone, "Send for review")
    prompt = phone.get_by_label("Question", exact=True)
    expect(prompt).to_be_focused()
    expect(prompt).to_have_attribute("aria-invalid", "true")
    expect(phone.get_by_role("alert").filter(has_text="Write the question.")).to_be_visible()

    prompt.fill(PROMPT)
    for letter, answer in zip("ABCD", ("Venus", "Mercury", "Mars", "Earth"), strict=True):
        phone.get_by_label(f"Answer {letter}", exact=True).fill(answer)
    phone.get_by_label("Correct (answer B)").check()
    phone.get_by_label("Tags").fill("Space, Planets")
    # A picture, uploaded (POST /api/media): shown once the server stored it.
    picture = io.BytesIO()
    Image.new("RGB", (320, 200), (250, 200, 0)).save(picture, format="PNG")
    phone.set_input_files(
        "#f-document-media-upload-file",
        {"name": "sun.png", "mimeType": "image/png", "buffer": picture.getvalue()},
    )
    attached = phone.get_by_test_id("media-attached").get_by_role("img")
    expect(attached).to_have_attribute("src", re.compile(r"^/media/[0-9a-f]{64}\.webp$"))
    picture_url = attached.get_attribute("src")
    no_horizontal_scroll(phone)
    shot(phone, "contribute-phone-form", full_page=True)
    press(phone, "Send for review")
    sent = phone.get_by_test_id("contrib-sent")
    expect(sent).to_contain_text("Sent for review")
    expect(phone.get_by_test_id("drive-remaining")).to_have_text("You can send 1 more question.")

    # "Your questions and tips": waiting for review.
    phone.get_by_role("link", name="See your questions and tips").click()
    item = phone.get_by_test_id("contrib-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(PROMPT)
    expect(item.get_by_test_id("contrib-status")).to_have_text("Waiting for review")
    no_horizontal_scroll(phone)
    shot(phone, "contribute-phone-mine")
    mine = server.api("GET", "/contributions/queue?status=pending", owner["token"])["items"]
    assert mine[0]["document"]["media"]["image"] == picture_url

    # A host asks for changes: the page, polling on its own, says so and shows the comment.
    queue = server.api("GET", "/contributions/queue?status=pending", owner["token"])
    (pending,) = [c for c in queue["items"] if c["document"]["prompt"] == PROMPT]
    server.api(
        "POST",
        f"/contributions/{pending['id']}/review",
        owner["token"],
        {"action": "changes", "comment": "Say which planet you compare with.", "version": 1},
    )
    announce = phone.get_by_test_id("contrib-announce")
    expect(announce).to_contain_text(
        f'Your question "{PROMPT}": changes asked. Say which planet you compare with.',
        timeout=POLL_WAIT_MS,
    )
    expect(item.get_by_test_id("contrib-status")).to_have_text("Changes asked")
    expect(item).to_contain_text("Say which planet you compare with.")

    # Ann edits it and sends it again.
    press(phone, f'Edit "{PROMPT}"')
    edited = "Which planet has the shortest year of all?"
    phone.get_by_label("Question", exact=True).fill(edited)
    press(phone, "Send again for review")
    expect(announce).to_contain_text("Sent again for review.")
    expect(item.get_by_test_id("contrib-status")).to_have_text("Waiting for review")
    expect(item).to_contain_text(edited)
    no_horizontal_scroll(phone)

    # The host approves it; the page hears of it when the tab is shown again (or at its poll).
    server.api(
        "POST",
        f"/contributions/{pending['id']}/review",
        owner["token"],
        {"action": "approve", "version": 2},
    )
    phone.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(announce).to_contain_text(f'Your question "{edited}" was approved.')
    expect(item.get_by_test_id("contrib-status")).to_have_text("Approved")
    expect(item).to_contain_text("Credited to Ann Owl · Owls")
    # Her first approved contribution earned the author badge, read again with the change.
    expect(phone.get_by_test_id("author-badges")).to_contain_text("Published")
    shot(phone, "contribute-phone-approved")

    # Bo finds it in the community library and upvotes it: pressed once the server answered.
    other = new_page(browser, watch, SMALL, phone=True, storage=signed_in(bo, wid))
    other.goto(f"{server.url}/library/community")
    found = other.get_by_test_id("community-item").filter(has_text=edited)
    expect(found).to_contain_text("by Ann Owl · Owls")
    vote = found.get_by_test_id("vote")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(vote).to_contain_text("1")
    no_horizontal_scroll(other)
    watch.assert_clean()
