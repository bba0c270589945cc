"""``huddle serve`` bound to every interface (``HOST=0.0.0.0``, as ``make run HOST=0.0.0.0``)
prints the address phones on the same network open, and the join links use it; ``PUBLIC_URL``
still wins."""

from __future__ import annotations

from pathlib import Path

from server.lan import lan_address
from tests.abuse.support import LIMITS_OFF, Servers
from tests.e2e.helpers import register_host

QUESTION = {"kind": "choice", "prompt": "Pick a", "choices": ["a", "b"], "correct": [0]}


async def _join_url(url: str) -> str:
    account = await register_host(url)
    try:
        quiz_id = await account.create_quiz([QUESTION])
        game = await account.create_game(quiz_id, None)
    finally:
        await account.close()
    join_url: str = game["join_url"]
    assert join_url.endswith(f"/join/{game['pin']}"), game
    return join_url


async def test_serving_on_every_interface_shows_the_lan_address(tmp_path: Path) -> None:
    lan = lan_address()
    factory = Servers(tmp_path)
    factory.bind = "0.0.0.0"
    try:
        node = factory.start(1, env=LIMITS_OFF).nodes[0]
        port = node.url.rsplit(":", 1)[1]
        join_url = await _join_url(node.url)
        log = node.log_tail(20_000)
        if lan is None:  # a machine without a network: the server says what to do instead
            assert "no network address found" in log and "PUBLIC_URL" in log, log
            assert join_url.startswith(f"http://0.0.0.0:{port}/"), join_url
        else:
            assert f"phones on the same network open http://{lan}:{port}" in log, log
            assert join_url.startswith(f"http://{lan}:{port}/join/"), join_url

        public = factory.start(1, env={**LIMITS_OFF, "PUBLIC_URL": "https://quiz.example.org/"})
        join_url = await _join_url(public.url)
        assert join_url.startswith("https://quiz.example.org/join/"), join_url
        log = public.nodes[0].log_tail(20_000)
        assert "phones on the same network open https://quiz.example.org" in log, log
    finally:
        factory.close()


async def test_serving_on_loopback_says_how_to_let_phones_in(servers: Servers) -> None:
    node = servers.start(1, env=LIMITS_OFF).nodes[0]
    join_url = await _join_url(node.url)
    assert join_url.startswith(node.url + "/join/"), join_url
    log = node.log_tail(20_000)
    assert "to let phones on your network join, run with HOST=0.0.0.0" in log, log
