"""A team challenge played on phones: a host (through the API) creates a challenge between two
workspace teams; Ann (Owls) plays it on a 360x640 phone, closes the page in the middle of a
question and carries on in a new browser (signed in) at the same question with the same
deadline; Bo (Larks) plays it later and lets the last question run out (the server's `run`
event reveals it); both finish; Ann's "My challenges" shows it done with her score."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, WebSocket, expect

from tests.browser.support import (
    WAIT_MS,
    Server,
    Watch,
    new_page,
    no_horizontal_scroll,
    shot,
    tap,
)

SMALL = {"width": 360, "height": 640}

QUIZ: dict[str, Any] = {
    "title": "Space challenge",
    "questions": [
        {
            "kind": "choice",
            "prompt": "Which planet is closest to the Sun?",
            "choices": ["Venus", "Mercury", "Mars", "Earth"],
            "correct": [1],
            "time_limit_ms": 60000,
            "explanation": "Mercury orbits at about 58 million km from the Sun.",
        },
        {
            "kind": "true_false",
            "prompt": "The Moon is bigger than Mars.",
            "correct": False,
            "time_limit_ms": 60000,
        },
        {
            "kind": "choice",
            "prompt": "Which of these is a gas giant?",
            "choices": ["Jupiter", "Venus", "Mercury", "Mars"],
            "correct": [0],
            "time_limit_ms": 12000,
            "explanation": "Jupiter is mostly hydrogen and helium.",
        },
    ],
}
EXPLANATION = QUIZ["questions"][0]["explanation"]


class Frames:
    """The Socket.IO frames a page received, as text (to check what reached the phone)."""

    def __init__(self, page: Page) -> None:
        self.received: list[str] = []
        page.on("websocket", self._socket)

    def _socket(self, ws: WebSocket) -> None:
        ws.on("framereceived", lambda payload: self.received.append(str(payload)))

    def runs(self) -> list[dict[str, Any]]:
        """Every RunView in the frames (acks and `run` events), in order."""
        found: list[dict[str, Any]] = []
        for frame in self.received:
            start = frame.find("[")
            if start < 0:
                continue
            try:
                data = json.loads(frame[start:])
            except ValueError:
                continue
            for item in data if isinstance(data, list) else []:
                if isinstance(item, dict):
                    run = item.get("run", item if "status" in item and "attempt" in item else None)
                    if isinstance(run, dict):
                        found.append(run)
        return found


def signed_in(auth: dict[str, Any], workspace_id: str) -> dict[str, Any]:
    """A member's sign-in in the workspace (localStorage of a new browser)."""
    return {
        "huddle.auth": {"token": auth["token"], "host": auth["host"]},
        "huddle.workspace": workspace_id,
    }


def join_signed_in(page: Page, server: Server, pin: str, name: str) -> None:
    """Open the challenge's link and join as the signed-in member (no nickname needed)."""
    page.goto(f"{server.url}/join/{pin}")
    join_signed_in_here(page, name)


def join_signed_in_here(page: Page, name: str) -> None:
    """On the join page a link opened: join as the signed-in member."""
    expect(page.get_by_test_id("join-as")).to_contain_text(name)
    page.get_by_role("button", name="Join the game").click()


def press(page: Page, test_id: str) -> None:
    """Activate a button by keyboard: focus it, then Enter."""
    button = page.get_by_test_id(test_id)
    expect(button).to_be_enabled()
    button.focus()
    page.keyboard.press("Enter")


def seconds_left(page: Page) -> int:
    return int(page.locator(".countdown-bar .bar-num").inner_text())


def question_run(frames: Frames, index: int) -> dict[str, Any]:
    runs = [
        r for r in frames.runs() if r.get("status") == "question" and r.get("question") == index
    ]
    assert runs, f"no RunView of question {index} in {frames.runs()}"
    return runs[-1]


def test_a_team_challenge_on_phones_with_a_resume(
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
    larks = server.api("POST", "/teams", owner["token"], {"name": "Larks"})
    server.api(
        "POST", f"/teams/{owls['id']}/members", owner["token"], {"account_id": ann["host"]["id"]}
    )
    server.api(
        "POST", f"/teams/{larks['id']}/members", owner["token"], {"account_id": bo["host"]["id"]}
    )
    # Shared: the daily challenge draws its questions from the shared library.
    quiz = server.api("POST", "/quizzes", owner["token"], {**QUIZ, "visibility": "shared"})
    created = server.api(
        "POST",
        "/challenges",
        owner["token"],
        {
            "quiz_id": quiz["id"],
            "closes_at": int(time.time() * 1000) + 86_400_000,
            "audience": "teams",
            "team_ids": [owls["id"], larks["id"]],
            "team_rule": "average",
            "attempts": 2,
        },
    )
    challenge = created.get("challenge", created)
    pin = challenge["pin"]
    # My challenges asks for today's daily challenge before the workspace runs one (404).
    watch.allow("status of 404")

    # Ann joins on a small phone, signed in: the run starts at its first screen.
    phone = new_page(browser, watch, SMALL, phone=True, storage=signed_in(ann, wid))
    frames = Frames(phone)
    join_signed_in(phone, server, pin, "Ann Owl")
    ready = phone.get_by_test_id("run-ready")
    expect(ready).to_contain_text("Space challenge")
    expect(ready).to_contain_text("3 questions")
    expect(phone.locator(".team-chip")).to_have_text("Owls")
    shot(phone, "challenge-phone-ready")
    no_horizontal_scroll(phone)
    press(phone, "run-start")

    # Question 1, its own countdown; nothing of its answer or explanation on the page or the wire.
    expect(phone.get_by_test_id("run-prompt")).to_have_text("Which planet is closest to the Sun?")
    expect(phone.get_by_test_id("run-prompt")).to_be_focused()
    expect(phone.get_by_test_id("run-count")).to_have_text("Question 1 of 3")
    expect(phone.get_by_role("timer")).to_be_visible()
    expect(phone.get_by_test_id("announce-polite")).to_contain_text("Question 1 of 3")
    assert EXPLANATION not in phone.content()
    assert not any("correct_answer" in f or EXPLANATION in f for f in frames.received)
    no_horizontal_scroll(phone)
    shot(phone, "challenge-phone-question")
    tap(phone, "B")

    # The ack is the reveal: right, the points, the answer sent, why, the standing so far.
    reveal = phone.get_by_test_id("run-reveal")
    expect(reveal).to_have_attribute("data-correct", "true")
    expect(reveal).to_contain_text("Correct!")
    expect(phone.get_by_test_id("run-sent")).to_contain_text("Mercury")
    expect(phone.get_by_test_id("run-explanation")).to_have_text(EXPLANATION)
    expect(phone.get_by_test_id("run-rank")).to_contain_text("1st place")
    expect(phone.get_by_test_id("run-points")).to_contain_text("points")
    expect(phone.get_by_test_id("announce-polite")).to_contain_text("Correct!")
    expect(phone.get_by_test_id("run-next")).to_be_focused()
    after_one = int(re.sub(r"\D", "", phone.get_by_test_id("score").inner_text()))
    assert after_one > 0
    no_horizontal_scroll(phone)
    shot(phone, "challenge-phone-reveal")
    phone.keyboard.press("Enter")  # "Next question", focused

    # Question 2 shows; Ann closes the page in the middle of it.
    expect(phone.get_by_test_id("run-prompt")).to_have_text("The Moon is bigger than Mars.")
    deadline = question_run(frames, 1)["deadline_ms"]
    assert deadline > 0
    phone.context.close()

    # Her other device (a new browser, signed in): the same question, the same deadline, running.
    other = new_page(browser, watch, SMALL, phone=True, storage=signed_in(ann, wid))
    other_frames = Frames(other)
    join_signed_in(other, server, pin, "Ann Owl")
    expect(other.get_by_test_id("run-prompt")).to_have_text("The Moon is bigger than Mars.")
    expect(other.get_by_test_id("run-count")).to_have_text("Question 2 of 3")
    assert question_run(other_frames, 1)["deadline_ms"] == deadline
    assert 0 < seconds_left(other) <= 60
    expect(other.get_by_test_id("score")).to_contain_text(f"{after_one:,}")
    shot(other, "challenge-phone-resumed")
    tap(other, "F")
    expect(other.get_by_test_id("run-reveal")).to_have_attribute("data-correct", "true")
    press(other, "run-next")
    expect(other.get_by_test_id("run-prompt")).to_have_text("Which of these is a gas giant?")
    tap(other, "A")
    expect(other.get_by_test_id("run-reveal")).to_have_attribute("data-correct", "true")
    expect(other.get_by_test_id("run-next")).to_have_text("See your result")
    press(other, "run-next")

    # The end: the score, the rank so far, and another try (2 attempts).
    done = other.get_by_test_id("run-done")
    expect(done).to_be_visible()
    ann_score = int(re.sub(r"\D", "", other.get_by_test_id("run-final-score").inner_text()))
    assert ann_score > after_one
    expect(other.get_by_test_id("run-final-rank")).to_contain_text("1st place")
    expect(other.get_by_test_id("run-again")).to_contain_text("1 try left")
    expect(other.get_by_test_id("announce-polite")).to_contain_text("Challenge finished")
    no_horizontal_scroll(other)
    shot(other, "challenge-phone-done")

    # Later, Bo of the Larks plays: one wrong answer, and the last question runs out: the
    # server closes it at its deadline and the phone shows that reveal with no answer.
    bo_phone = new_page(browser, watch, SMALL, phone=True, storage=signed_in(bo, wid))
    join_signed_in(bo_phone, server, pin, "Bo Lark")
    expect(bo_phone.locator(".team-chip")).to_have_text("Larks")
    press(bo_phone, "run-start")
    expect(bo_phone.get_by_test_id("run-prompt")).to_have_text(
        "Which planet is closest to the Sun?"
    )
    tap(bo_phone, "A")
    wrong = bo_phone.get_by_test_id("run-reveal")
    expect(wrong).to_have_attribute("data-correct", "false")
    expect(bo_phone.get_by_test_id("run-correct")).to_contain_text("Mercury")
    expect(bo_phone.get_by_test_id("run-rank")).to_contain_text("2nd place")
    shot(bo_phone, "challenge-phone-wrong")
    press(bo_phone, "run-next")
    expect(bo_phone.get_by_test_id("run-prompt")).to_have_text("The Moon is bigger than Mars.")
    tap(bo_phone, "F")
    expect(bo_phone.get_by_test_id("run-reveal")).to_have_attribute("data-correct", "true")
    press(bo_phone, "run-next")
    expect(bo_phone.get_by_test_id("run-prompt")).to_have_text("Which of these is a gas giant?")
    timed_out = bo_phone.get_by_test_id("run-reveal")
    expect(timed_out).to_contain_text("Time's up!", timeout=WAIT_MS + 12000)
    expect(bo_phone.get_by_test_id("run-correct")).to_contain_text("Jupiter")
    expect(bo_phone.get_by_test_id("announce-polite")).to_contain_text("No answer")
    press(bo_phone, "run-next")
    expect(bo_phone.get_by_test_id("run-done")).to_be_visible()
    expect(bo_phone.get_by_test_id("run-final-rank")).to_contain_text("2nd place")

    # Ann's runs landed in SQL (the outbox writes them): her "My challenges" shows it done,
    # reached from her home.
    wait_until_done(server, ann["token"], wid, challenge["id"])
    other.goto(f"{server.url}/host")
    other.get_by_test_id("member-challenges").click()
    expect(other).to_have_url(re.compile(r"/me/challenges$"))
    mine = other.get_by_test_id("my-done")
    expect(mine).to_contain_text("Space challenge")
    expect(mine.get_by_test_id("my-done-score").first).to_have_text(f"{ann_score:,} points")
    expect(other.get_by_test_id("my-streak")).to_contain_text("No streak yet")
    no_horizontal_scroll(other)
    shot(other, "challenge-my-challenges", full_page=True)

    # The workspace starts a daily challenge: today's card leads to its run on the phone.
    server.api(
        "PUT",
        f"/workspaces/{wid}/daily",
        owner["token"],
        {"enabled": True, "count": 2, "time_limit_s": 20},
    )
    other.reload()
    daily = other.get_by_test_id("my-daily")
    expect(daily).to_be_visible()
    daily.get_by_role("link", name="Play today's challenge").click()
    join_signed_in_here(other, "Ann Owl")
    expect(other.get_by_test_id("run-ready")).to_contain_text("2 questions")
    watch.assert_clean()


def wait_until_done(server: Server, token: str, workspace_id: str, challenge_id: str) -> None:
    """Wait (bounded) until the member's `GET /api/me/challenges` lists the challenge as done:
    the outbox writes a finished run into SQL a moment after the run ends."""
    headers = {"Authorization": f"Bearer {token}", "X-Workspace": workspace_id}
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        resp = httpx.get(f"{server.url}/api/me/challenges", headers=headers, timeout=10.0)
        assert resp.status_code == 200, resp.text
        if any(d["challenge"]["id"] == challenge_id for d in resp.json()["done"]):
            return
        assert time.monotonic() < deadline, f"not done after {WAIT_MS} ms: {resp.json()}"
        time.sleep(0.1)


def test_a_guest_reloads_mid_question_and_tries_again(
    browser: Browser, server: Server, watch: Watch
) -> None:
    host = server.register("Gil Host")
    quiz = server.api("POST", "/quizzes", host["token"], QUIZ)
    closes = int(time.time() * 1000) + 86_400_000

    def create(audience: str) -> dict[str, Any]:
        body = {"quiz_id": quiz["id"], "closes_at": closes, "audience": audience, "attempts": 2}
        created = server.api("POST", "/challenges", host["token"], body)
        return created.get("challenge", created)  # type: ignore[no-any-return]

    # A members-only challenge refuses a guest at the join page, in words.
    members_only = create("members")
    guest = new_page(browser, watch, SMALL, phone=True)
    guest.goto(f"{server.url}/join/{members_only['pin']}")
    guest.get_by_label("Your nickname").fill("Gus")
    guest.get_by_role("button", name="Join the game").click()
    expect(guest.get_by_role("alert")).to_contain_text("This challenge is for other players")

    # An open one: the guest joins with a nickname and starts.
    open_to_all = create("guests")
    pin = open_to_all["pin"]
    guest.goto(f"{server.url}/join/{pin}")
    guest.get_by_label("Your nickname").fill("Gus")
    guest.get_by_role("button", name="Join the game").click()
    press(guest, "run-start")
    expect(guest.get_by_test_id("run-prompt")).to_have_text("Which planet is closest to the Sun?")
    tap(guest, "B")
    expect(guest.get_by_test_id("run-reveal")).to_have_attribute("data-correct", "true")
    press(guest, "run-next")
    expect(guest.get_by_test_id("run-prompt")).to_have_text("The Moon is bigger than Mars.")

    # The phone reloads in the middle of question 2: the run comes back where it was.
    guest.reload()
    expect(guest.get_by_test_id("run-prompt")).to_have_text("The Moon is bigger than Mars.")
    expect(guest.get_by_test_id("nickname")).to_have_text("Gus")
    assert 0 < seconds_left(guest) <= 60
    tap(guest, "T")
    wrong = guest.get_by_test_id("run-reveal")
    expect(wrong).to_have_attribute("data-correct", "false")
    expect(wrong).to_contain_text("Not this time")
    expect(guest.get_by_test_id("run-correct")).to_contain_text("False")
    # Reloaded at the reveal, the phone still names the correct answer and the one it sent.
    guest.reload()
    expect(guest.get_by_test_id("run-reveal")).to_have_attribute("data-correct", "false")
    expect(guest.get_by_test_id("run-correct")).to_contain_text("False")
    expect(guest.get_by_test_id("run-sent")).to_contain_text("True")
    press(guest, "run-next")
    expect(guest.get_by_test_id("run-prompt")).to_have_text("Which of these is a gas giant?")
    tap(guest, "A")
    press(guest, "run-next")
    expect(guest.get_by_test_id("run-done")).to_contain_text("2 of 3 right")

    # Another attempt (2 allowed): a new run from the start, then no more tries.
    press(guest, "run-again")
    expect(guest.get_by_test_id("run-ready")).to_contain_text("attempt 2")
    press(guest, "run-start")
    expect(guest.get_by_test_id("run-prompt")).to_have_text("Which planet is closest to the Sun?")
    expect(guest.get_by_test_id("run-count")).to_have_text("Question 1 of 3")
    watch.assert_clean()


def test_an_answer_tapped_offline_is_sending_until_the_server_has_it(
    browser: Browser, server: Server, watch: Watch
) -> None:
    host = server.register("Oda Host")
    quiz = server.api("POST", "/quizzes", host["token"], QUIZ)
    body = {
        "quiz_id": quiz["id"],
        "closes_at": int(time.time() * 1000) + 86_400_000,
        "audience": "guests",
    }
    created = server.api("POST", "/challenges", host["token"], body)
    pin = created.get("challenge", created)["pin"]
    phone = new_page(browser, watch, SMALL, phone=True)
    # Reconnection attempts fail while offline: Chromium logs each as a console error.
    watch.allow("net::ERR_")
    watch.allow("WebSocket connection")
    phone.goto(f"{server.url}/join/{pin}")
    phone.get_by_label("Your nickname").fill("Ola")
    phone.get_by_role("button", name="Join the game").click()
    press(phone, "run-start")
    expect(phone.get_by_test_id("run-prompt")).to_have_text("Which planet is closest to the Sun?")

    # Offline (the page saw its socket drop): the tap waits as "Sending…", never as answered.
    phone.context.set_offline(True)
    expect(phone.locator(".conn-banner")).to_be_visible()
    tap(phone, "B")
    sending = phone.get_by_test_id("run-sending")
    expect(sending).to_contain_text("Sending…")
    expect(sending).to_contain_text("Mercury")
    expect(sending).to_contain_text("You are offline")
    expect(phone.get_by_test_id("run-reveal")).to_have_count(0)
    shot(phone, "challenge-phone-sending-offline")

    # Back online: the phone joins again, the answer goes, and its ack is the reveal.
    phone.context.set_offline(False)
    reveal = phone.get_by_test_id("run-reveal")
    expect(reveal).to_have_attribute("data-correct", "true")
    expect(phone.get_by_test_id("run-sent")).to_contain_text("Mercury")
    expect(phone.locator(".conn-banner")).to_have_count(0)
    watch.assert_clean()
