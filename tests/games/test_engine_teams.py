"""Teams: joining one, team scores and team ranks."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import RuleViolation
from games.ranking import Standing, rank_players
from games.settings import TeamSettings, parse_settings
from games.teams import (
    TeamRanked,
    assign_team,
    auto_team,
    choose_team,
    group_by_team,
    rank_teams,
    team_rank,
    team_score,
    team_standings,
    teams_view,
)

NAMES = ("Red", "Blue", "Green")


def s(pid: str, score: int) -> Standing:
    return Standing(player_id=pid, score=score, correct_time_ms=0, join_order=0)


# --- joining -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ({}, "Red"),
        ({"Red": 1}, "Blue"),
        ({"Red": 1, "Blue": 1}, "Green"),
        ({"Red": 1, "Blue": 1, "Green": 1}, "Red"),
        ({"Red": 3, "Blue": 2, "Green": 2}, "Blue"),
        ({"Red": 2, "Blue": 5, "Green": 3}, "Red"),
        ({"Red": 4, "Blue": 4, "Green": 3}, "Green"),
        ({"Yellow": 0, "Red": 2, "Blue": 2}, "Green"),  # unknown names are ignored
    ],
)
def test_auto_team(sizes: dict[str, int], expected: str) -> None:
    assert auto_team(sizes, NAMES) == expected


def test_auto_team_needs_names() -> None:
    with pytest.raises(ValueError, match="at least one team"):
        auto_team({}, [])


def test_auto_team_fills_teams_evenly() -> None:
    sizes = dict.fromkeys(NAMES, 0)
    for _ in range(10):
        sizes[auto_team(sizes, NAMES)] += 1
    assert sizes == {"Red": 4, "Blue": 3, "Green": 3}


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("Blue", "Blue"), ("blue", "Blue"), ("  GREEN ", "Green"), ("Ｒｅｄ", "Red")],
)
def test_choose_team(requested: str, expected: str) -> None:
    assert choose_team(requested, NAMES) == expected


@pytest.mark.parametrize("requested", [None, "", "Purple", 1, ["Red"], "Re d"])
def test_choose_team_refuses(requested: object) -> None:
    with pytest.raises(RuleViolation) as info:
        choose_team(requested, NAMES)
    assert info.value.code == "invalid_team"
    assert "Red, Blue, Green" in info.value.message


def test_assign_team() -> None:
    auto = parse_settings({"teams": {"mode": "auto", "count": 2}}).teams
    chosen = parse_settings({"teams": {"mode": "choose", "names": ["Owls", "Larks"]}}).teams
    assert auto is not None and chosen is not None
    assert assign_team(auto, "Blue", {"Red": 1}) == "Blue"
    assert assign_team(auto, None, {}) == "Red"
    assert assign_team(chosen, "larks", {"Owls": 0}) == "Larks"
    with pytest.raises(RuleViolation):
        assign_team(chosen, None, {})


# --- scores and ranks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "mode", "top_n", "expected"),
    [
        ([], "average", 0, 0),
        ([], "sum", 0, 0),
        ([], "top_n", 2, 0),
        ([1000, 500], "average", 0, 750),
        ([1000, 501], "average", 0, 751),  # 750.5 rounds half up
        ([1000, 500, 0], "average", 0, 500),
        ([1, 0, 0], "average", 0, 0),  # 0.33
        ([2, 0, 0], "average", 0, 1),  # 0.67
        ([1, 0], "average", 0, 1),  # 0.5 rounds up
        ([1000, 500, 0], "sum", 0, 1500),
        ([100, 900, 500], "top_n", 2, 1400),
        ([100, 900, 500], "top_n", 5, 1500),  # fewer members than top_n: the sum of them all
        ([100], "top_n", 1, 100),
    ],
)
def test_team_score(scores: list[int], mode: str, top_n: int, expected: int) -> None:
    assert team_score(scores, mode, top_n) == expected


def test_team_score_refuses_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="average, sum, top_n"):
        team_score([1], "median")


# The rules.md example: Red has 3 members, Blue 1 star, Green 2, Yellow nobody.
UNEVEN = {
    "Red": [s("r1", 1200), s("r2", 900), s("r3", 300)],
    "Blue": [s("b1", 2000)],
    "Green": [s("g1", 1500), s("g2", 1100)],
    "Yellow": [],
}


@pytest.mark.parametrize(
    ("mode", "top_n", "expected"),
    [
        (
            "average",
            0,
            [("Blue", 2000, 1, 1), ("Green", 1300, 2, 2), ("Red", 800, 3, 3), ("Yellow", 0, 4, 0)],
        ),
        (
            "sum",
            0,
            [("Green", 2600, 1, 2), ("Red", 2400, 2, 3), ("Blue", 2000, 3, 1), ("Yellow", 0, 4, 0)],
        ),
        (
            "top_n",
            2,
            [("Green", 2600, 1, 2), ("Red", 2100, 2, 3), ("Blue", 2000, 3, 1), ("Yellow", 0, 4, 0)],
        ),
    ],
)
def test_uneven_teams(mode: str, top_n: int, expected: list[tuple[str, int, int, int]]) -> None:
    ranked = team_standings(UNEVEN, mode, top_n)
    assert [(t.team, t.score, t.rank, t.members) for t in ranked] == expected


def test_ties_share_a_rank_and_list_by_name() -> None:
    members = {
        "owls": [s("a", 500)],
        "Larks": [s("b", 500)],
        "Bats": [s("c", 900)],
        "ants": [s("d", 100)],
        "Crows": [s("e", 100)],
    }
    ranked = team_standings(members, "sum")
    assert [(t.team, t.rank) for t in ranked] == [
        ("Bats", 1),
        ("Larks", 2),
        ("owls", 2),
        ("ants", 4),
        ("Crows", 4),
    ]


def test_a_team_with_no_answers_and_a_member_leaving() -> None:
    members = {"Red": [s("r1", 0), s("r2", 0)], "Blue": [s("b1", 800), s("b2", 400)]}
    assert [(t.team, t.score, t.rank) for t in team_standings(members, "average")] == [
        ("Blue", 600, 1),
        ("Red", 0, 2),
    ]
    # b2 leaves the game: Blue's average is now its remaining member's score.
    members["Blue"] = [s("b1", 800)]
    assert team_standings(members, "average")[0] == TeamRanked("Blue", 800, 1, 1)
    assert team_standings(members, "sum")[0] == TeamRanked("Blue", 800, 1, 1)


def test_a_late_joiner_does_not_halve_the_team_average() -> None:
    members = {"Blue": [s("b1", 2000), s("b2", 0)], "Red": [s("r1", 1500)]}
    # b2 joined before the last question and has not answered: Blue's average is b1's.
    answered = {"b1": 4, "b2": 0, "r1": 4}
    ranked = team_standings(members, "average", answered=answered)
    assert ranked == [TeamRanked("Blue", 2000, 1, 2), TeamRanked("Red", 1500, 2, 1)]
    # Once b2 answers (600 points), b2 counts.
    members["Blue"] = [s("b1", 2000), s("b2", 600)]
    ranked = team_standings(members, "average", answered={**answered, "b2": 1})
    assert ranked == [TeamRanked("Red", 1500, 1, 1), TeamRanked("Blue", 1300, 2, 2)]
    # A team where nobody answered scores 0; sum and top_n count everyone as before.
    assert team_standings({"Gold": [s("g", 0)]}, "average", answered={})[0].score == 0
    assert team_standings(members, "sum", answered={"b1": 1})[0] == TeamRanked("Blue", 2600, 1, 2)


def test_rank_teams_passes_the_answer_counts_on() -> None:
    teams = TeamSettings("auto", 2, ("Red", "Blue"))
    standings = [s("a", 900), s("b", 0), s("c", 500)]
    team_of = {"a": "Red", "b": "Red", "c": "Blue"}
    assert [t.score for t in rank_teams(teams, standings, team_of)] == [500, 450]
    late = rank_teams(teams, standings, team_of, {"a": 3, "c": 3})
    assert [(t.team, t.score, t.members) for t in late] == [("Red", 900, 2), ("Blue", 500, 1)]


def test_all_teams_empty() -> None:
    ranked = team_standings({"Red": [], "Blue": []}, "average")
    assert [(t.team, t.score, t.rank, t.members) for t in ranked] == [
        ("Blue", 0, 1, 0),
        ("Red", 0, 1, 0),
    ]
    assert team_standings({}, "sum") == []


def test_group_by_team() -> None:
    standings = [s("a", 1), s("b", 2), s("c", 3), s("d", 4), s("e", 5)]
    team_of = {"a": "Red", "b": "Blue", "c": "Red", "d": None, "e": "Gone"}
    groups = group_by_team(standings, team_of, NAMES)
    assert list(groups) == ["Red", "Blue", "Green"]
    assert groups == {"Red": [s("a", 1), s("c", 3)], "Blue": [s("b", 2)], "Green": []}


def test_rank_teams_views_and_team_rank() -> None:
    teams = TeamSettings("choose", 3, NAMES, "top_n", 1)
    standings = [s("a", 100), s("b", 700), s("c", 300), s("x", 9999)]
    team_of = {"a": "Red", "b": "Red", "c": "Blue"}
    ranked = rank_teams(teams, standings, team_of)
    assert teams_view(ranked) == [
        {"rank": 1, "team": "Red", "score": 700, "members": 2},
        {"rank": 2, "team": "Blue", "score": 300, "members": 1},
        {"rank": 3, "team": "Green", "score": 0, "members": 0},
    ]
    assert team_rank(ranked, "Blue") == 2
    assert team_rank(ranked, None) is None
    assert team_rank(ranked, "Purple") is None
    average = TeamSettings("auto", 3, NAMES)
    assert [t.score for t in rank_teams(average, standings, team_of)] == [400, 300, 0]


team_members = st.dictionaries(
    st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
    st.lists(st.integers(0, 3000).map(lambda n: s("p", n)), max_size=5),
    max_size=8,
)


@settings(max_examples=200)
@given(team_members, st.sampled_from(["average", "sum", "top_n"]), st.integers(1, 4))
def test_team_ranks_are_a_competition_ranking(
    members: dict[str, Sequence[Standing]], mode: str, top_n: int
) -> None:
    ranked = team_standings(members, mode, top_n)
    assert sorted(t.team for t in ranked) == sorted(members)
    for t in ranked:
        assert t.rank == 1 + sum(1 for o in ranked if o.score > t.score)
        assert t.members == len(members[t.team])
        assert t.score == team_score([m.score for m in members[t.team]], mode, top_n)
    assert [t.score for t in ranked] == sorted((t.score for t in ranked), reverse=True)


def test_rank_teams_takes_the_ranked_leaderboard_too() -> None:
    standings = [
        Standing("a", 300, 0, 0),
        Standing("b", 900, 0, 1),
        Standing("c", 600, 0, 2),
    ]
    ranked_players = rank_players(standings)
    teams = TeamSettings("auto", 2, ("Red", "Blue"), "sum")
    team_of = {"a": "Red", "b": "Blue", "c": "Red"}
    assert rank_teams(teams, ranked_players, team_of) == rank_teams(teams, standings, team_of)
    assert group_by_team(ranked_players, team_of, ("Red", "Blue"))["Red"] == [
        r for r in ranked_players if r.player_id in ("a", "c")
    ]
