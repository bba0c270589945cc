"""A node remembers which game a PIN belongs to for a few seconds (a lobby filling up asks for
it hundreds of times a second), and never sends a player to a game that is gone."""

from __future__ import annotations

from server.rooms.runtime import PIN_CACHE_MS
from tests.server.inproc import Cluster


async def test_a_remembered_pin_whose_game_ended_leads_to_the_pins_new_game(
    cluster: Cluster,
) -> None:
    node = cluster.node()
    old, pin = await cluster.game(node)
    await node.join(pin, "Ann")  # the node now remembers pin -> old
    await node.live.host.command(old, "end")
    new, _ = await cluster.game(node)
    await cluster.redis.set(cluster.store.keys.pin(pin), new)  # the PIN went to a new game

    gid, _pid, _sid, ack = await node.join(pin, "Bea")
    assert gid == new
    assert ack["ok"] is True and ack["state"]["game_id"] == new
    assert await cluster.store.player_count(new) == 1


async def test_a_pin_is_looked_up_again_after_a_few_seconds(cluster: Cluster) -> None:
    node = cluster.node()
    first, pin = await cluster.game(node)
    await node.join(pin, "Ann")
    second, _ = await cluster.game(node)
    await cluster.redis.set(cluster.store.keys.pin(pin), second)

    gid, *_ = await node.join(pin, "Bea")
    assert gid == first  # still remembered, and that game is still open
    cluster.clock.now += PIN_CACHE_MS
    gid, *_ = await node.join(pin, "Cy")
    assert gid == second
