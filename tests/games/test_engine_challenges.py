"""Challenges' pure rules: the team rule as a document, and team standings from the members'
best runs (average of those who played, sum, top n; ties share a rank; participation)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.challenges import TopN, parse_team_rule, team_rule_doc, team_standings
from games.errors import RuleViolation


def test_parse_team_rule_takes_the_three_rules() -> None:
    assert parse_team_rule("average") == "average"
    assert parse_team_rule("sum") == "sum"
    assert parse_team_rule({"top_n": 3}) == TopN(3)
    for rule in ("average", "sum", TopN(1), TopN(100)):
        assert parse_team_rule(team_rule_doc(rule)) == rule


@pytest.mark.parametrize(
    "raw",
    [None, "", "max", "AVERAGE", 3, {"top_n": 0}, {"top_n": 101}, {"top_n": True},
     {"top_n": 2.0}, {"top_n": "2"}, {"top_n": 2, "x": 1}, {}, ["sum"]],
)  # fmt: skip
def test_parse_team_rule_refuses_anything_else(raw: object) -> None:
    with pytest.raises(RuleViolation) as err:
        parse_team_rule(raw)
    assert err.value.code == "invalid"


def test_standings_under_each_rule() -> None:
    best = {"ann": 900, "bob": 300, "cat": 600, "dan": 1000, "eve": 50}
    team_of = {"ann": "owls", "bob": "owls", "cat": "owls", "dan": "larks", "eve": "larks"}
    members = {"owls": 15, "larks": 4, "wrens": 3}
    avg = team_standings(best, team_of, members, "average")
    assert [(t.team_id, t.score, t.rank, t.played, t.members) for t in avg] == [
        ("owls", 600, 1, 3, 15),
        ("larks", 525, 2, 2, 4),
        ("wrens", 0, 3, 0, 3),
    ]
    total = team_standings(best, team_of, members, "sum")
    assert [(t.team_id, t.score) for t in total] == [("owls", 1800), ("larks", 1050), ("wrens", 0)]
    top1 = team_standings(best, team_of, members, TopN(1))
    assert [(t.team_id, t.score, t.rank) for t in top1] == [
        ("larks", 1000, 1), ("owls", 900, 2), ("wrens", 0, 3),
    ]  # fmt: skip


def test_equal_scores_share_a_rank_and_unknown_teams_are_left_out() -> None:
    got = team_standings(
        {"a": 5, "b": 5, "c": 7}, {"a": "x", "b": "y", "c": "elsewhere"}, {"y": 1, "x": 1}, "sum"
    )
    assert [(t.team_id, t.rank) for t in got] == [("x", 1), ("y", 1)]


rules = st.sampled_from(["average", "sum"]) | st.builds(TopN, st.integers(1, 100))
teams = st.sampled_from(["t1", "t2", "t3", "t4"])


@given(
    st.dictionaries(st.text(min_size=1, max_size=4), st.tuples(st.integers(0, 10_000), teams)),
    st.dictionaries(teams, st.integers(0, 50), min_size=1),
    rules,
)
def test_standings_properties(
    people: dict[str, tuple[int, str]], members: dict[str, int], rule: TopN | str
) -> None:
    best = {p: score for p, (score, _) in people.items()}
    team_of = {p: team for p, (_, team) in people.items()}
    got = team_standings(best, team_of, members, rule)  # type: ignore[arg-type]
    # Every team once, best first, competition ranks.
    assert sorted(t.team_id for t in got) == sorted(members)
    assert [t.score for t in got] == sorted((t.score for t in got), reverse=True)
    for i, t in enumerate(got):
        expected = got[i - 1].rank if i and got[i - 1].score == t.score else i + 1
        assert t.rank == expected
        scores = [best[p] for p in best if team_of[p] == t.team_id]
        assert t.played == len(scores) and t.members == members[t.team_id]
        if rule == "sum":
            assert t.score == sum(scores)
        elif isinstance(rule, TopN):
            assert t.score == sum(sorted(scores, reverse=True)[: rule.k])
            assert t.score <= sum(scores)
        else:
            assert min(scores, default=0) <= t.score <= max(scores, default=0)
