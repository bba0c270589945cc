"""Whole games over real sockets: one node, two nodes sharing Redis."""

from __future__ import annotations

from tests.e2e.conftest import Group
from tests.e2e.game_run import play_full_game


async def test_full_game_20_players_one_server(server: Group) -> None:
    run = await play_full_game([server.url], n_players=20)
    assert len(run.results["players"]) == 20


async def test_full_game_20_players_two_servers(cluster: Group) -> None:
    a, b = (n.url for n in cluster.nodes)
    run = await play_full_game([a, b], n_players=20, host_url=a)
    # The players really were spread: half of them on each node.
    assert sum(1 for p in run.players if p.url == b) == 10
    assert run.screen.url == b and run.host.url == a
