"""Workspace teams in a game: the settings that name them, and who is placed in which team."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.errors import InvalidInput, RuleViolation
from games.settings import MAX_TEAM_NAME, TeamSettings, parse_settings
from games.teams import fixed_key, fixed_team, join_team

TEAMS = (("t1", "Owls"), ("t2", "Larks of the Northern Sales Region"), ("t3", "Foxes"))
NAMES = tuple(name for _, name in TEAMS)


def workspace(guests: str = "choose") -> TeamSettings:
    parsed = parse_settings({"teams": {"mode": "workspace", "guests": guests}}).teams
    assert parsed is not None
    return parsed


# --- settings ------------------------------------------------------------------------------


def test_a_workspace_request_is_unresolved_until_the_server_names_the_teams() -> None:
    asked = workspace()
    assert (asked.source, asked.mode, asked.names, asked.resolved) == (
        "workspace",
        "choose",
        (),
        False,
    )
    assert asked.to_doc() == {"mode": "workspace", "guests": "choose", "score": "average"}
    assert parse_settings({"teams": asked.to_doc()}).teams == asked
    assert workspace("auto").mode == "auto"


def test_resolved_workspace_teams_travel_as_names_with_ids_and_read_back_equal() -> None:
    resolved = workspace().with_workspace_teams(TEAMS)
    doc = resolved.to_doc()
    assert doc == {
        "mode": "choose",
        "source": "workspace",
        "names": list(NAMES),
        "ids": ["t1", "t2", "t3"],
        "score": "average",
    }
    again = parse_settings({"teams": doc}).teams
    assert again == resolved
    assert again is not None and again.count == 3
    assert [again.id_of(n) for n in (*NAMES, "Nobody", None)] == ["t1", "t2", "t3", None, None]


@pytest.mark.parametrize(
    ("teams", "field"),
    [
        ({"mode": "workspace", "guests": "nobody"}, "settings.teams.guests"),
        ({"mode": "workspace", "names": ["A", "B"]}, "settings.teams.names"),
        ({"mode": "choose", "source": "game", "names": ["A", "B"], "ids": ["1", "2"]},
         "settings.teams.source"),
        ({"mode": "choose", "source": "workspace", "names": ["A", "B"]}, "settings.teams.ids"),
        ({"mode": "choose", "source": "workspace", "names": ["A", "B"], "ids": ["1"]},
         "settings.teams.ids"),
        ({"mode": "choose", "source": "workspace", "names": ["A", "B"], "ids": ["1", "1"]},
         "settings.teams.ids"),
        ({"mode": "choose", "source": "workspace", "names": ["A", "B"], "ids": ["1", 2]},
         "settings.teams.ids"),
        ({"mode": "choose", "source": "workspace", "names": ["A", "x" * 41], "ids": ["1", "2"]},
         "settings.teams.names"),
    ],
)  # fmt: skip
def test_bad_workspace_team_settings_are_refused_naming_the_field(
    teams: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_settings({"teams": teams})
    assert err.value.field == field


def test_workspace_team_names_may_be_longer_than_a_game_s_own() -> None:
    long = "x" * MAX_TEAM_NAME
    doc = {"mode": "auto", "source": "workspace", "names": [long, "B"], "ids": ["1", "2"]}
    teams = parse_settings({"teams": doc}).teams
    assert teams is not None and teams.names == (long, "B")
    with pytest.raises(InvalidInput):
        parse_settings({"teams": {"mode": "choose", "names": [long, "B"]}})


# --- who goes where ------------------------------------------------------------------------

FIXED = {fixed_key("a", "acc-1"): "Owls", fixed_key("i", "ann@example.com"): "Foxes"}


def test_a_rostered_member_lands_in_their_team_whatever_they_ask_for() -> None:
    forced = fixed_team(FIXED, NAMES, account_id="acc-1", player_key="dev")
    assert forced == "Owls"
    assert join_team(workspace(), "Foxes", forced) == ("choose", "Owls")
    assert join_team(workspace("auto"), None, forced) == ("choose", "Owls")


def test_the_account_comes_before_the_identifier_and_the_identifier_before_the_device() -> None:
    fixed = {**FIXED, fixed_key("k", "dev"): "Larks of the Northern Sales Region"}
    assert fixed_team(fixed, NAMES, account_id="acc-1", identifier="ann@example.com") == "Owls"
    assert fixed_team(fixed, NAMES, identifier="ann@example.com", player_key="dev") == "Foxes"
    assert fixed_team(fixed, NAMES, player_key="dev") == "Larks of the Northern Sales Region"
    assert (
        fixed_team(fixed, NAMES, account_id="someone-else", player_key="dev")
        == fixed[fixed_key("k", "dev")]
    )


def test_a_fixed_team_the_game_does_not_have_is_ignored() -> None:
    assert fixed_team({fixed_key("a", "acc-1"): "Gone"}, NAMES, account_id="acc-1") is None


def test_guests_choose_or_are_balanced() -> None:
    resolved = workspace().with_workspace_teams(TEAMS)
    assert join_team(resolved, " owls ", None) == ("choose", "Owls")
    assert join_team(resolved, "foxes", None) == ("choose", "Foxes")
    assert join_team(workspace("auto").with_workspace_teams(TEAMS), "Owls", None) == ("auto", "")
    with pytest.raises(RuleViolation) as err:
        join_team(resolved, "Nobody", None)
    assert err.value.code == "invalid_team"


keys = st.text(min_size=1, max_size=8)


@given(
    fixed=st.dictionaries(
        st.tuples(st.sampled_from("aik"), keys).map(lambda kv: fixed_key(*kv)),
        st.sampled_from((*NAMES, "Elsewhere")),
    ),
    account=st.none() | keys,
    identifier=st.none() | keys,
    player_key=st.none() | keys,
    requested=st.none() | st.sampled_from(NAMES),
)
def test_a_fixed_person_always_lands_in_a_team_of_the_game_and_it_is_the_first_key_found(
    fixed: dict[str, str],
    account: str | None,
    identifier: str | None,
    player_key: str | None,
    requested: str | None,
) -> None:
    forced = fixed_team(
        fixed, NAMES, account_id=account, identifier=identifier, player_key=player_key
    )
    found = [
        fixed[fixed_key(kind, value)]
        for kind, value in (("a", account), ("i", identifier), ("k", player_key))
        if value and fixed.get(fixed_key(kind, value)) in NAMES
    ]
    assert forced == (found[0] if found else None)
    resolved = workspace().with_workspace_teams(TEAMS)
    if forced is not None:
        assert join_team(resolved, requested, forced) == ("choose", forced)
    elif requested is not None:
        assert join_team(resolved, requested, None) == ("choose", requested)
