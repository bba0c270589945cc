"""No image from another site reaches a phone (that site would log the players' addresses),
while the big screen, the host's own device, still shows it; images uploaded to the server
reach both. On a real node, through every way a phone gets a State: the join, a resume, a
join mid-question and the pushed states."""

from __future__ import annotations

import io
import json
from typing import Any

from PIL import Image

from tests.e2e.conftest import Group
from tests.e2e.helpers import (
    Client,
    Host,
    Player,
    Screen,
    close_all,
    connect_all,
    new_game,
    register_host,
)

TRACKER = "tracker.example"
EXTERNAL = [f"https://{TRACKER}/pixel.png?quiz=1", f"http://{TRACKER}:8080/b.gif"]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def question(prompt: str, image: str) -> dict[str, Any]:
    return {
        "kind": "true_false",
        "prompt": prompt,
        "correct": True,
        "time_limit_ms": 60000,
        "media": {"image": image},
    }


def payloads(client: Client, acks: list[Any]) -> list[str]:
    return [json.dumps(a) for a in acks] + [json.dumps(r.data) for r in client.events]


def images_in(states: list[dict[str, Any]]) -> list[str | None]:
    return [((s.get("question") or {}).get("media") or {}).get("image") for s in states]


async def test_phones_get_only_this_sites_images(server: Group) -> None:
    url = server.url
    account = await register_host(url)
    upload = await account.http.post("/api/images", files={"file": ("cat.png", png(), "image/png")})
    assert upload.status_code == 201, upload.text
    own = upload.json()["url"]
    served = await account.http.get(own)
    assert served.status_code == 200 and served.headers["content-type"] == "image/webp"

    questions = [
        question("Far?", EXTERNAL[0]),
        question("Ours?", own),
        question("Far 2?", EXTERNAL[1]),
    ]
    game = await new_game(url, questions, {"show_question_on_device": True}, account=account)
    host, screen, phone = Host(url), Screen(url), Player(url)
    late: list[Client] = []
    watched: list[tuple[Client, list[Any]]] = []
    try:
        await connect_all([host, screen, phone])
        attached = await host.attach(game.id, game.host_key)
        # The host's big-screen link: the whole State (a PIN-only screen sees a phone's).
        await screen.watch(game.pin, attached["screen_key"])
        watched.append((phone, [await phone.join(game.pin, "Phone")]))
        for q in range(len(questions)):
            await host.command("start" if q == 0 else "next")
            shown = await screen.wait_state("question", q)
            on_phone = await phone.wait_state("question", q)
            # A phone joining now, and one resuming, get the open question in their ack.
            newcomer, resumed = Player(url), Player(url)
            late += [newcomer, resumed]
            await connect_all([newcomer, resumed])
            joined = await newcomer.join(game.pin, f"Late {q}")
            watched.append((newcomer, [joined]))
            await phone.close()
            back = await resumed.resume(game.pin, phone.token)
            watched.append((resumed, [back]))
            phone = resumed

            assert shown["question"]["media"]["image"] == questions[q]["media"]["image"]
            expected = own if questions[q]["media"]["image"] == own else None
            for state in (on_phone, joined["state"], back["state"]):
                assert state["question"]["prompt"] == questions[q]["prompt"], state
                assert images_in([state]) == [expected], state
            await host.command("next")  # close it: the reveal
            await screen.wait_state("reveal", q)
            await phone.wait_state("reveal", q)
            await host.command("next")
            await screen.wait_state("scoreboard", q)

        phone_payloads = [p for c, acks in watched for p in payloads(c, acks)]
        assert len(phone_payloads) > 10
        assert not [p for p in phone_payloads if TRACKER in p]
        assert any(own in p for p in phone_payloads)
        screen_images = set(images_in(screen.states()))
        assert {*EXTERNAL, own} <= screen_images
    finally:
        await close_all([host, screen, phone, *late])
        await account.close()
