"""Content the editor allows never breaks a screen, and a room reads the big screen from the back.

One game with the longest prompt and answers the editor allows and an image, played through the
real server on a 1080p and a 720p big screen and on 360×640 and 390×844 phones; the checks are
on element boxes (in the viewport, not clipped, no word broken) and computed font sizes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from io import BytesIO
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from games.kinds.choice import MAX_CHOICES
from games.kinds.order import MAX_ITEMS
from games.limits import MAX_PROMPT, MAX_TILE_TEXT
from tests.browser.layout import (
    FLOOR_PX_1080,
    broken_words,
    outside_viewport,
    small_text,
    text_of_length,
)
from tests.browser.support import (
    LAPTOP,
    PROJECTOR,
    Server,
    Watch,
    big_screen_link,
    host_storage,
    new_page,
    shot,
)

HD = {"width": 1280, "height": 720}
PHONE_360 = {"width": 360, "height": 640}
PHONE_390 = {"width": 390, "height": 844}

#: Only the brand beside the PIN line is smaller than the floor: decoration, not game text.
DECORATIVE = [".logo"]

WORDS = ["Which", "of", "these", "Pseudopseudohypoparathyroidism", "wonderful", "WWWMMM", "answers"]
PROMPT = text_of_length(MAX_PROMPT, WORDS)
ANSWERS = [
    text_of_length(MAX_TILE_TEXT, [f"{n}.", *WORDS[i % 3 :]]) for i, n in enumerate("ABCDEF")
]
ITEMS = [text_of_length(MAX_TILE_TEXT, [f"#{n}", *WORDS]) for n in range(MAX_ITEMS)]
#: A 24-character and a 20-character nickname (the longest the engine allows is 24).
NICK_LONG = "Maximiliana Wolfeschleg"[:23] + "e"
NICK_20 = "Bartholomew Quigleys"


def tall_image(server: Server, token: str) -> str:
    """A tall (portrait) image uploaded to the server: phones show only this site's images."""
    picture = BytesIO()
    Image.new("RGB", (900, 1600), "#5b9dff").save(picture, "PNG")
    resp = httpx.post(
        f"{server.url}/api/images",
        content=picture.getvalue(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "image/png"},
        timeout=30.0,
    )
    assert resp.status_code == 201, resp.text
    url: str = resp.json()["url"]
    return url


def settled(check: Callable[[], list[str]], timeout: float = 15.0) -> None:
    """Asserts `check` finds no problem, waiting for the layout to settle (images, fitting)."""
    deadline = time.monotonic() + timeout
    problems = check()
    while problems and time.monotonic() < deadline:
        time.sleep(0.1)
        problems = check()
    assert not problems, "\n".join(problems)


def image_loaded(page: Page, selector: str) -> None:
    page.wait_for_function(
        "(sel) => { const i = document.querySelector(sel);"
        " return i && i.complete && i.naturalWidth > 0; }",
        arg=selector,
    )


def next_step(host: Page, label: str) -> None:
    button = host.get_by_test_id("primary-action")
    expect(button).to_contain_text(label)
    button.click()


def join_as(page: Page, server: Server, pin: str, nickname: str) -> None:
    page.goto(f"{server.url}/join/{pin}")
    page.get_by_label("Your nickname").fill(nickname)
    page.get_by_role("button", name="Join the game").click()
    expect(page.get_by_test_id("lobby")).to_be_visible()


def text_beside_bars(page: Page) -> list[str]:
    """Each reveal row shows its option's text, whole, on the same line as its bar."""
    result: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('.dist-col')].flatMap((col) => {
          const text = col.querySelector('.dist-text'), bar = col.querySelector('.dist-bar');
          if (!text || !bar) return [`option ${col.dataset.option}: no text or no bar`];
          const t = text.getBoundingClientRect(), b = bar.getBoundingClientRect();
          const out = [];
          if (!text.textContent.trim()) out.push(`option ${col.dataset.option}: empty text`);
          if (t.width < 1 || t.height < 1) out.push(`option ${col.dataset.option}: text hidden`);
          const o = `option ${col.dataset.option}`;
          if (b.top > t.bottom || b.bottom < t.top) out.push(`${o}: bar not beside its text`);
          if (t.right > b.left + 1) out.push(`${o}: text runs into its bar`);
          return out;
        })"""
    )
    return result


def quiz(image: str) -> dict[str, Any]:
    return {
        "title": "Long content",
        "questions": [
            {
                "kind": "choice",
                "prompt": PROMPT,
                "choices": ANSWERS[:MAX_CHOICES],
                "correct": [0],
                "points": 2,
                "time_limit_ms": 120_000,
                "media": {"image": image},
            },
            {
                "kind": "poll",
                "prompt": PROMPT,
                "choices": ANSWERS[:MAX_CHOICES],
                "time_limit_ms": 120_000,
            },
            {
                "kind": "order",
                "prompt": PROMPT,
                "items": ITEMS,
                "time_limit_ms": 120_000,
                "media": {"image": image},
            },
        ],
    }


QUESTION_PARTS = [".q-prompt", ".tile", ".countdown-ring", ".q-answers"]


def test_longest_content_fits_every_screen(browser: Browser, server: Server, watch: Watch) -> None:
    assert len(PROMPT) == MAX_PROMPT and all(len(a) == MAX_TILE_TEXT for a in ANSWERS)
    auth = server.register("Lena Long")
    image_url = tall_image(server, auth["token"])
    # With teams: a team chip in each phone's header, team standings on the big screen.
    game = server.create_game(
        auth["token"], quiz(image_url), {"teams": {"mode": "auto", "count": 2}}
    )
    pin = game["pin"]
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    big = new_page(browser, watch, PROJECTOR)
    big.goto(f"{server.url}{big_screen_link(host)}")
    small = new_page(browser, watch, HD)
    small.goto(f"{server.url}{big_screen_link(host)}")
    p360 = new_page(browser, watch, PHONE_360, phone=True)
    join_as(p360, server, pin, NICK_LONG)
    p390 = new_page(browser, watch, PHONE_390, phone=True)
    join_as(p390, server, pin, NICK_20)
    screens = (big, small)
    phones = (p360, p390)

    # The lobby: the PIN, the join line and the names are readable from the back.
    expect(big.locator(".chip")).to_have_count(2)
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    shot(big, "fit-lobby-1080")

    # Question 1: a 200-character prompt, six 90-character answers and a tall image.
    next_step(host, "Start game")
    for page in screens:
        expect(page.get_by_test_id("prompt")).to_have_text(PROMPT)
        image_loaded(page, ".q-image")
        settled(partial(outside_viewport, page, [*QUESTION_PARTS, ".q-image"]))
        settled(partial(broken_words, page, [".q-prompt", ".tile-label"]))
        expect(page.locator(".tile")).to_have_count(MAX_CHOICES)
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    shot(big, "fit-question-1080")
    shot(small, "fit-question-720")
    for phone in phones:
        expect(phone.locator("button.tile")).to_have_count(MAX_CHOICES)
        image_loaded(phone, ".player-image")
        settled(
            partial(outside_viewport, phone, ["button.tile", ".countdown-bar", ".player-prompt"])
        )
        settled(partial(broken_words, phone, [".player-top"]))
    shot(p360, "fit-phone-360")
    shot(p390, "fit-phone-390")

    # Both answer (the first one right, for double points: a four-digit score in the header).
    p360.locator("button.tile[data-answer='0']").click()
    p390.locator("button.tile[data-answer='1']").click()
    for page, name in ((big, "fit-reveal-1080"), (small, "fit-reveal-720")):
        expect(page.locator(".dist-col")).to_have_count(MAX_CHOICES)
        settled(partial(text_beside_bars, page))
        settled(partial(outside_viewport, page, [".dist-col", ".reveal-correct"]))
        shot(page, name)
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    for phone in phones:
        expect(phone.get_by_test_id("result")).to_be_visible()
        settled(partial(broken_words, phone, [".player-top"]))
        settled(partial(outside_viewport, phone, [".player-top"]))

    next_step(host, "Show leaderboard")
    expect(big.locator(".board-row")).to_have_count(2)
    expect(big.locator(".board-row.entering")).to_have_count(0)  # every row shown, none fading in
    expect(big.locator(".team-row")).to_have_count(2)
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    shot(big, "fit-board-1080")

    # Question 2, a poll: the same tiles, and each option's text beside its bar at the reveal.
    next_step(host, "Next question")
    for page in screens:
        expect(page.get_by_test_id("prompt")).to_have_text(PROMPT)
        settled(partial(outside_viewport, page, QUESTION_PARTS))
    for phone in phones:
        expect(phone.locator("button.tile")).to_have_count(MAX_CHOICES)
        settled(partial(outside_viewport, phone, ["button.tile", ".countdown-bar"]))
        settled(partial(broken_words, phone, [".player-top"]))
    p360.locator("button.tile[data-answer='2']").click()
    p390.locator("button.tile[data-answer='2']").click()
    for page in screens:
        expect(page.locator(".dist-col")).to_have_count(MAX_CHOICES)
        settled(partial(text_beside_bars, page))
        settled(partial(outside_viewport, page, [".dist-col"]))
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    shot(big, "fit-poll-1080")

    # Question 3, order: eight 90-character items and the image on the big screens.
    next_step(host, "Show leaderboard")
    next_step(host, "Next question")
    for page in screens:
        expect(page.locator(".order-preview li")).to_have_count(MAX_ITEMS)
        image_loaded(page, ".q-image")
        settled(
            partial(
                outside_viewport,
                page,
                [".q-prompt", ".order-preview li", ".countdown-ring", ".q-image"],
            )
        )
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    shot(small, "fit-order-720")
    # A phone's order list is taller than the screen: it scrolls (only tiles are fitted).
    lock_in = p360.get_by_role("button", name="Lock in this order")
    expect(lock_in).to_be_visible()
    p360.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(lock_in).to_be_in_viewport()
    lock_in.click()
    expect(p360.get_by_test_id("locked")).to_be_visible()
    next_step(host, "Close question")
    next_step(host, "Show leaderboard")
    next_step(host, "Finish game")

    # The podium: 24- and 20-character names whole (not cut), readable at 720p and 1080p.
    for page, floor in ((small, FLOOR_PX_1080 * 720 / 1080), (big, FLOOR_PX_1080)):
        expect(page.locator(".podium-name")).to_have_count(2)
        clipped = page.evaluate(
            """(floor) => [...document.querySelectorAll('.podium-name')].flatMap((el) => {
              const size = parseFloat(getComputedStyle(el).fontSize);
              const out = [];
              if (el.scrollWidth > el.clientWidth + 1) out.push(`"${el.textContent}" is cut`);
              if (size < floor - 0.1) out.push(`"${el.textContent}" is ${size}px`);
              return out;
            })""",
            floor,
        )
        assert not clipped, clipped
    settled(lambda: small_text(big, FLOOR_PX_1080, DECORATIVE))
    shot(small, "fit-podium-720")
    watch.assert_clean()


def test_phone_tiles_fit_without_the_question_text(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Sam Short")
    game = server.create_game(
        auth["token"],
        {
            "title": "Big screen only",
            "questions": [
                {
                    "kind": "choice",
                    "prompt": PROMPT,
                    "choices": ANSWERS,
                    "correct": [1],
                    "time_limit_ms": 120_000,
                }
            ],
        },
        {"show_question_on_device": False},
    )
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    phones = []
    for viewport, nick in ((PHONE_360, NICK_LONG), (PHONE_390, NICK_20)):
        phone = new_page(browser, watch, viewport, phone=True)
        join_as(phone, server, game["pin"], nick)
        phones.append(phone)
    next_step(host, "Start game")
    for phone in phones:
        expect(phone.locator("button.tile")).to_have_count(MAX_CHOICES)
        expect(phone.locator(".tile-label")).to_have_count(0)
        settled(
            partial(outside_viewport, phone, ["button.tile", ".countdown-bar", ".player-prompt"])
        )
        settled(partial(broken_words, phone, [".player-top"]))
    shot(phones[0], "fit-phone-360-bare")
    watch.assert_clean()


def test_phone_multi_select_keeps_its_submit_button(
    browser: Browser, server: Server, watch: Watch
) -> None:
    auth = server.register("Mia Multi")
    image_url = tall_image(server, auth["token"])
    question = {
        "kind": "choice",
        "prompt": PROMPT,
        "choices": ANSWERS,
        "correct": [0, 2],
        "time_limit_ms": 120_000,
        "media": {"image": image_url},
    }
    game = server.create_game(auth["token"], {"title": "Pick all", "questions": [question]})
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    phone = new_page(browser, watch, PHONE_360, phone=True)
    join_as(phone, server, game["pin"], NICK_LONG)
    next_step(host, "Start game")
    expect(phone.locator("button.tile")).to_have_count(MAX_CHOICES)
    image_loaded(phone, ".player-image")
    shot(phone, "fit-phone-360-multi")
    settled(partial(outside_viewport, phone, ["button.tile", ".submit-answer", ".countdown-bar"]))
    phone.locator("button.tile[data-answer='0']").click()
    phone.locator("button.tile[data-answer='2']").click()
    phone.get_by_role("button", name="Submit 2 answers").click()
    watch.assert_clean()


def test_long_question_fits_after_reading_it_first(
    browser: Browser, server: Server, watch: Watch
) -> None:
    """With "read the question first" the answers come later: the 720p screen fits them too
    (the fitting once ran only while the prompt stood alone, and the tiles fell off)."""
    auth = server.register("Rita Reader")
    quiz = {
        "title": "Long and read first",
        "questions": [
            {
                "kind": "choice",
                "prompt": PROMPT,
                "choices": ANSWERS[:4],
                "correct": [1],
                "time_limit_ms": 60000,
            }
        ],
    }
    game = server.create_game(auth["token"], quiz, {"read_first_ms": 3000})
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    small = new_page(browser, watch, HD)
    small.goto(f"{server.url}/screen/{game['pin']}")
    phone = new_page(browser, watch, PHONE_360, phone=True)
    join_as(phone, server, game["pin"], "Rex")
    next_step(host, "Start game")
    expect(small.get_by_test_id("reading")).to_be_visible()
    expect(small.locator(".tile")).to_have_count(4, timeout=20_000)
    settled(partial(outside_viewport, small, QUESTION_PARTS))
    shot(small, "fit-question-after-reading-720")
    watch.assert_clean()


def one_question_game(
    browser: Browser,
    server: Server,
    watch: Watch,
    host_name: str,
    nicknames: tuple[str, ...],
    settings: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], Page, list[Page]]:
    """A one-question game, its host's console and a 360 px phone per nickname, joined."""
    auth = server.register(host_name)
    quiz = {
        "title": "One",
        "questions": [
            {"kind": "choice", "prompt": "Q?", "choices": ["a", "b"], "correct": [0]},
        ],
    }
    game = server.create_game(auth["token"], quiz, settings)
    host = new_page(browser, watch, LAPTOP, storage=host_storage(auth, game))
    host.goto(f"{server.url}/host/{game['id']}")
    phones = []
    for nickname in nicknames:
        phone = new_page(browser, watch, PHONE_360, phone=True)
        join_as(phone, server, game["pin"], nickname)
        phones.append(phone)
    return game, host, phones


def test_podium_names_whole_in_the_host_console(
    browser: Browser, server: Server, watch: Watch
) -> None:
    """A 20-character third place on the host's podium (a narrower column than the big
    screen's): shrunk until whole, not one pixel short with an ellipsis."""
    game, host, phones = one_question_game(
        browser, server, watch, "Pia Podium", ("Ana", "Benedikt Longname Ok", "Cy")
    )
    small = new_page(browser, watch, HD)
    small.goto(f"{server.url}/screen/{game['pin']}")
    next_step(host, "Start game")
    for phone, answer in zip(phones, ("0", "1", "0"), strict=True):
        phone.locator(f"button.tile[data-answer='{answer}']").click()
    next_step(host, "Show leaderboard")
    next_step(host, "Finish game")
    for page in (host, small):
        expect(page.locator(".podium-name")).to_have_count(3)
        settled(
            lambda page=page: page.evaluate(  # type: ignore[misc]
                """() => [...document.querySelectorAll('.podium-name')].flatMap((el) => {
                  // To the fraction of a pixel: scrollWidth is rounded, the ellipsis is not.
                  const range = document.createRange();
                  range.selectNodeContents(el);
                  const style = getComputedStyle(el);
                  const room = el.getBoundingClientRect().width - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                  const text = range.getBoundingClientRect().width;
                  return text > room + 0.01 ? [`"${el.textContent}" is cut: ${text}/${room}`] : [];
                })"""
            )
        )
    shot(host, "fit-podium-host")
    watch.assert_clean()


def test_team_standings_whole_beside_the_leaderboard(
    browser: Browser, server: Server, watch: Watch
) -> None:
    """The team column beside the 720p leaderboard: "Red · 2 players" whole, not "Red · 2 play…"
    (the name had a third of a half-width panel)."""
    game, host, phones = one_question_game(
        browser,
        server,
        watch,
        "Tia Teams",
        ("Ana", "Bo", "Cy"),
        {"teams": {"mode": "auto", "count": 2}},
    )
    big = new_page(browser, watch, PROJECTOR)
    big.goto(f"{server.url}/screen/{game['pin']}")
    small = new_page(browser, watch, HD)
    small.goto(f"{server.url}/screen/{game['pin']}")
    next_step(host, "Start game")
    for phone in phones:
        phone.locator("button.tile[data-answer='0']").click()
    next_step(host, "Show leaderboard")
    for page in (small, big):
        expect(page.locator(".team-row")).to_have_count(2)
        expect(page.locator(".team-members").first).to_contain_text("player")
        settled(
            lambda page=page: page.evaluate(  # type: ignore[misc]
                """() => [...document.querySelectorAll('.team-name')]
                  .filter((el) => el.scrollWidth > el.clientWidth)
                  .map((el) => `"${el.textContent}" is cut: ${el.scrollWidth}/${el.clientWidth}`)"""
            )
        )
        bars = page.locator(".team-row .team-bar").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return [Math.round(r.left), Math.round(r.right)]; })"
        )
        assert len(bars) == 2 and bars[0] == bars[1], bars
    shot(small, "fit-teams-720")
    watch.assert_clean()
