"""Which refusal a payload with two faults gets: the protocol's order, as before payloads were
parsed at the socket edge. An unknown PIN is ``game_not_found`` whatever else is wrong, and a
game without teams refuses ``assign`` as ``not_team_game`` before looking at the player id."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest

from games.errors import RuleViolation
from games.settings import parse_settings
from server.sockets.messages import Assign, Join
from tests.runtime.test_runtime_creation import QUIZ
from tests.server.inproc import Cluster

UNKNOWN_PIN = "1"  # no game's PIN has one digit
TEAMS = parse_settings({"teams": {"mode": "choose", "names": ["Red", "Blue"]}})


async def refusal(refused: Awaitable[object]) -> str:
    """The code a call is refused with."""
    with pytest.raises(RuleViolation) as err:
        await refused
    return err.value.code


@pytest.mark.parametrize(
    "fields",
    [
        {"token": "short"},
        {"nickname": 7},
        {"nickname": "Ann", "identifier": ""},
        {"nickname": "Ann", "player_key": "no"},
    ],
)
async def test_an_unknown_pin_comes_before_the_other_fields(
    cluster: Cluster, fields: dict[str, object]
) -> None:
    node = cluster.node()
    join = Join.parse({"pin": UNKNOWN_PIN, **fields})
    assert await refusal(node.live.players.join("sid-x", join)) == "game_not_found"
    _, pin = await cluster.game(node)
    expected = "nickname_invalid" if fields.get("nickname") == 7 else "invalid"
    join = Join.parse({"pin": pin, **fields})
    assert await refusal(node.live.players.join("sid-x", join)) == expected


async def test_a_team_choice_comes_before_the_identity(cluster: Cluster) -> None:
    node = cluster.node()
    created = await node.live.create(host_id="h_1", quiz_id="q_1", quiz=QUIZ, settings=TEAMS)
    join = Join.parse({"pin": created.pin, "nickname": "Ann", "team": "Green", "identifier": ""})
    assert await refusal(node.live.players.join("sid-x", join)) == "invalid_team"


async def test_assign_in_a_game_without_teams_is_refused_before_the_player_id(
    cluster: Cluster,
) -> None:
    node = cluster.node()
    gid, _ = await cluster.game(node)
    bad_id = Assign.parse({"player_id": 7, "team": "Red"})
    assert await refusal(node.live.host.assign(gid, bad_id)) == "not_team_game"
    teams = await node.live.create(host_id="h_1", quiz_id="q_1", quiz=QUIZ, settings=TEAMS)
    assert await refusal(node.live.host.assign(teams.id, bad_id)) == "invalid"
