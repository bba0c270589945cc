"""Game settings."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import InvalidInput
from games.kinds.true_false import TrueFalseQuestion
from games.scoring import ScoringRules
from games.settings import AUTO_TEAM_NAMES, GameSettings, TeamSettings, parse_settings

DEFAULT_DOC = {
    "scoring": "speed",
    "streaks": True,
    "time_limit_ms": None,
    "max_players": None,
    "late_join": True,
    "auto_advance_ms": 0,
    "teams": None,
    "show_question_on_device": True,
    "shuffle_choices": False,
    "nickname_generator": False,
    "read_first_ms": 0,
}


@pytest.mark.parametrize("doc", [None, {}])
def test_defaults(doc: object) -> None:
    assert parse_settings(doc) == GameSettings()
    assert GameSettings().to_doc() == DEFAULT_DOC


def test_every_key() -> None:
    doc = {
        "scoring": "accuracy",
        "streaks": False,
        "time_limit_ms": 5000,
        "max_players": 100000,
        "late_join": False,
        "auto_advance_ms": 1000,
        "teams": {"mode": "auto", "count": 3, "score": "sum"},
        "show_question_on_device": False,
        "shuffle_choices": True,
        "nickname_generator": True,
        "read_first_ms": 5000,
    }
    parsed = parse_settings(doc)
    assert parsed == GameSettings(
        scoring="accuracy",
        streaks=False,
        time_limit_ms=5000,
        max_players=100000,
        late_join=False,
        auto_advance_ms=1000,
        teams=TeamSettings(mode="auto", count=3, names=("Red", "Blue", "Green"), score="sum"),
        show_question_on_device=False,
        shuffle_choices=True,
        nickname_generator=True,
        read_first_ms=5000,
    )
    assert parsed.to_doc() == doc


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({"time_limit_ms": 240000}, GameSettings(time_limit_ms=240000)),
        ({"time_limit_ms": None}, GameSettings()),
        ({"max_players": 1}, GameSettings(max_players=1)),
        ({"max_players": None}, GameSettings()),
        ({"auto_advance_ms": 600000}, GameSettings(auto_advance_ms=600000)),
        ({"auto_advance_ms": 0}, GameSettings()),
        ({"teams": None}, GameSettings()),
        ({"streaks": False}, GameSettings(streaks=False)),
    ],
)
def test_single_keys(doc: dict[str, Any], expected: GameSettings) -> None:
    assert parse_settings(doc) == expected


@pytest.mark.parametrize(
    ("teams", "expected"),
    [
        (
            {"mode": "auto", "count": 2},
            TeamSettings("auto", 2, ("Red", "Blue"), "average", 0),
        ),
        (
            {"mode": "auto", "count": 20, "score": {"top_n": 3}},
            TeamSettings("auto", 20, AUTO_TEAM_NAMES, "top_n", 3),
        ),
        (
            {"mode": "choose", "names": [" Owls ", "Larks"], "score": None},
            TeamSettings("choose", 2, ("Owls", "Larks"), "average", 0),
        ),
        (
            {"mode": "choose", "names": ["A", "B", "C"], "count": 3, "score": "sum"},
            TeamSettings("choose", 3, ("A", "B", "C"), "sum", 0),
        ),
        (
            {"mode": "choose", "names": ["A", "B"], "count": None, "score": {"top_n": 100}},
            TeamSettings("choose", 2, ("A", "B"), "top_n", 100),
        ),
    ],
)
def test_teams(teams: dict[str, Any], expected: TeamSettings) -> None:
    assert parse_settings({"teams": teams}).teams == expected


def test_auto_team_names() -> None:
    assert AUTO_TEAM_NAMES[:9] == (
        "Red",
        "Blue",
        "Green",
        "Yellow",
        "Purple",
        "Orange",
        "Pink",
        "Teal",
        "Team 9",
    )
    assert len(AUTO_TEAM_NAMES) == 20 and AUTO_TEAM_NAMES[-1] == "Team 20"


@pytest.mark.parametrize(
    ("teams", "doc"),
    [
        (
            TeamSettings("auto", 4, AUTO_TEAM_NAMES[:4], "top_n", 2),
            {"mode": "auto", "count": 4, "score": {"top_n": 2}},
        ),
        (
            TeamSettings("choose", 2, ("X", "Y"), "average"),
            {"mode": "choose", "names": ["X", "Y"], "score": "average"},
        ),
    ],
)
def test_team_to_doc(teams: TeamSettings, doc: dict[str, Any]) -> None:
    assert teams.to_doc() == doc
    assert parse_settings({"teams": doc}).teams == teams


BAD: list[tuple[object, str, str]] = [
    ("speed", "settings", "must be an object"),
    ([], "settings", "must be an object"),
    ({"colour": "red"}, "settings.colour", "unknown field"),
    ({"scoring": "fast"}, "settings.scoring", '"speed", "accuracy"'),
    ({"scoring": None}, "settings.scoring", "one of"),
    ({"scoring": 1}, "settings.scoring", "one of"),
    ({"streaks": 1}, "settings.streaks", "true or false"),
    ({"streaks": "true"}, "settings.streaks", "true or false"),
    ({"streaks": None}, "settings.streaks", "true or false"),
    ({"time_limit_ms": True}, "settings.time_limit_ms", "integer"),
    ({"time_limit_ms": 20000.0}, "settings.time_limit_ms", "integer"),
    ({"time_limit_ms": 4999}, "settings.time_limit_ms", "between 5000 and 240000"),
    ({"time_limit_ms": 240001}, "settings.time_limit_ms", "between"),
    ({"max_players": 0}, "settings.max_players", "between 1 and 100000"),
    ({"max_players": 100001}, "settings.max_players", "between"),
    ({"max_players": False}, "settings.max_players", "integer"),
    ({"max_players": "10"}, "settings.max_players", "integer"),
    ({"late_join": 0}, "settings.late_join", "true or false"),
    ({"auto_advance_ms": 999}, "settings.auto_advance_ms", "0 (off) or between 1000"),
    ({"auto_advance_ms": 1}, "settings.auto_advance_ms", "0 (off)"),
    ({"auto_advance_ms": -1}, "settings.auto_advance_ms", "between 0 and 600000"),
    ({"auto_advance_ms": 600001}, "settings.auto_advance_ms", "between"),
    ({"auto_advance_ms": None}, "settings.auto_advance_ms", "integer"),
    ({"auto_advance_ms": True}, "settings.auto_advance_ms", "integer"),
    ({"show_question_on_device": "no"}, "settings.show_question_on_device", "true or false"),
    ({"shuffle_choices": 1}, "settings.shuffle_choices", "true or false"),
    ({"nickname_generator": []}, "settings.nickname_generator", "true or false"),
    ({"read_first_ms": 2999}, "settings.read_first_ms", "0 (off) or between 3000 and 10000"),
    ({"read_first_ms": 1}, "settings.read_first_ms", "0 (off)"),
    ({"read_first_ms": 10001}, "settings.read_first_ms", "between 0 and 10000"),
    ({"read_first_ms": -1}, "settings.read_first_ms", "between 0 and 10000"),
    ({"read_first_ms": 5000.5}, "settings.read_first_ms", "integer"),
    ({"read_first_ms": True}, "settings.read_first_ms", "integer"),
    ({"read_first_ms": None}, "settings.read_first_ms", "integer"),
    ({"teams": 4}, "settings.teams", "must be an object"),
    ({"teams": True}, "settings.teams", "must be an object"),
    ({"teams": {}}, "settings.teams.mode", "required"),
    ({"teams": {"mode": "random"}}, "settings.teams.mode", '"auto", "choose"'),
    ({"teams": {"mode": "auto"}}, "settings.teams.count", "required"),
    ({"teams": {"mode": "auto", "count": 1}}, "settings.teams.count", "between 2 and 20"),
    ({"teams": {"mode": "auto", "count": 21}}, "settings.teams.count", "between 2 and 20"),
    ({"teams": {"mode": "auto", "count": True}}, "settings.teams.count", "integer"),
    ({"teams": {"mode": "auto", "count": 2, "size": 5}}, "settings.teams.size", "unknown"),
    (
        {"teams": {"mode": "auto", "count": 2, "names": ["a", "b"]}},
        "settings.teams.names",
        "unknown",
    ),
    ({"teams": {"mode": "choose"}}, "settings.teams.names", "required"),
    ({"teams": {"mode": "choose", "names": "ab"}}, "settings.teams.names", "must be a list"),
    ({"teams": {"mode": "choose", "names": ["a"]}}, "settings.teams.names", "between 2 and 20"),
    (
        {"teams": {"mode": "choose", "names": [str(i) for i in range(21)]}},
        "settings.teams.names",
        "between 2 and 20",
    ),
    (
        {"teams": {"mode": "choose", "names": ["a", " "]}},
        "settings.teams.names",
        "settings.teams.names[1] must be 1 to 24",
    ),
    (
        {"teams": {"mode": "choose", "names": ["a", "b" * 25]}},
        "settings.teams.names",
        "names[1]",
    ),
    ({"teams": {"mode": "choose", "names": ["a", 2]}}, "settings.teams.names", "names[1]"),
    (
        {"teams": {"mode": "choose", "names": ["a", "b\x07"]}},
        "settings.teams.names",
        "control characters",
    ),
    (
        {"teams": {"mode": "choose", "names": ["Owls", "b", " owls"]}},
        "settings.teams.names",
        "names[2] repeats",
    ),
    (
        {"teams": {"mode": "choose", "names": ["a", "b"], "count": 3}},
        "settings.teams.count",
        "number of names (2)",
    ),
    (
        {"teams": {"mode": "choose", "names": ["a", "b"], "count": "2"}},
        "settings.teams.count",
        "integer",
    ),
    (
        {"teams": {"mode": "choose", "names": ["a", "b"], "extra": 1}},
        "settings.teams.extra",
        "unknown",
    ),
    (
        {"teams": {"mode": "auto", "count": 2, "score": "median"}},
        "settings.teams.score",
        '"average", "sum" or {"top_n": k}',
    ),
    (
        {"teams": {"mode": "auto", "count": 2, "score": "top_n"}},
        "settings.teams.score",
        "top_n",
    ),
    ({"teams": {"mode": "auto", "count": 2, "score": 3}}, "settings.teams.score", "average"),
    (
        {"teams": {"mode": "auto", "count": 2, "score": {}}},
        "settings.teams.score.top_n",
        "required",
    ),
    (
        {"teams": {"mode": "auto", "count": 2, "score": {"top_n": 0}}},
        "settings.teams.score.top_n",
        "between 1 and 100",
    ),
    (
        {"teams": {"mode": "auto", "count": 2, "score": {"top_n": 101}}},
        "settings.teams.score.top_n",
        "between 1 and 100",
    ),
    (
        {"teams": {"mode": "auto", "count": 2, "score": {"top_n": True}}},
        "settings.teams.score.top_n",
        "integer",
    ),
    (
        {"teams": {"mode": "auto", "count": 2, "score": {"top_n": 2, "of": 3}}},
        "settings.teams.score.of",
        "unknown",
    ),
]


@pytest.mark.parametrize(("doc", "field", "fragment"), BAD)
def test_rejects(doc: object, field: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_settings(doc)
    err = info.value
    assert (err.code, err.field) == ("invalid", field)
    assert fragment in err.message
    assert field in err.message


@pytest.mark.parametrize(
    ("scoring", "streaks"), [("speed", True), ("accuracy", False), ("accuracy", True)]
)
def test_rules(scoring: str, streaks: bool) -> None:
    rules = parse_settings({"scoring": scoring, "streaks": streaks}).rules()
    assert rules == ScoringRules(scoring=scoring, streaks=streaks)


@pytest.mark.parametrize(("override", "expected"), [(None, 30000), (8000, 8000)])
def test_time_limit_for(override: int | None, expected: int) -> None:
    q = TrueFalseQuestion(prompt="p", time_limit_ms=30000, correct=True)
    assert GameSettings(time_limit_ms=override).time_limit_for(q) == expected


team_settings = st.one_of(
    st.builds(
        lambda n, score, k: TeamSettings("auto", n, AUTO_TEAM_NAMES[:n], score, k),
        st.integers(2, 20),
        st.just("top_n"),
        st.integers(1, 100),
    ),
    st.builds(
        lambda n, score: TeamSettings("auto", n, AUTO_TEAM_NAMES[:n], score),
        st.integers(2, 20),
        st.sampled_from(["average", "sum"]),
    ),
    st.builds(
        lambda names, score: TeamSettings("choose", len(names), tuple(names), score),
        st.lists(st.from_regex(r"[A-Za-z]{1,24}", fullmatch=True), min_size=2, max_size=20).filter(
            lambda ns: len({n.casefold() for n in ns}) == len(ns)
        ),
        st.sampled_from(["average", "sum"]),
    ),
)

game_settings = st.builds(
    GameSettings,
    scoring=st.sampled_from(["speed", "accuracy"]),
    streaks=st.booleans(),
    time_limit_ms=st.none() | st.integers(5000, 240000),
    max_players=st.none() | st.integers(1, 100000),
    late_join=st.booleans(),
    auto_advance_ms=st.just(0) | st.integers(1000, 600000),
    teams=st.none() | team_settings,
    show_question_on_device=st.booleans(),
    shuffle_choices=st.booleans(),
    nickname_generator=st.booleans(),
    read_first_ms=st.just(0) | st.integers(3000, 10000),
)


@settings(max_examples=150)
@given(game_settings)
def test_round_trip(game: GameSettings) -> None:
    assert parse_settings(game.to_doc()) == game
