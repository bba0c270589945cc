"""The rules the web pages apply too (games.web_rules): web/src/rules.ts is generated from the
engine, and stale when the engine changes."""

from __future__ import annotations

from pathlib import Path

from games.kinds.registry import KINDS, UNSCORED_KINDS
from games.settings import AUTO_TEAM_NAMES, MAX_TEAMS, parse_settings
from games.web_rules import GAME_BOUNDS, QUESTION_BOUNDS, typescript_module

WEB_RULES = Path(__file__).parents[2] / "web" / "src" / "rules.ts"


def test_the_pages_have_the_engines_rules() -> None:
    assert WEB_RULES.read_text(encoding="utf-8") == typescript_module(), (
        "web/src/rules.ts is stale: run .venv/bin/python -m games.web_rules > web/src/rules.ts"
    )


def test_what_the_module_states() -> None:
    text = typescript_module()
    for kind in KINDS:
        assert f'  "{kind}",' in text
    unscored = text.split("UNSCORED_KINDS")[1].split("];")[0]
    assert [k for k in KINDS if f'"{k}"' in unscored] == ["poll", "word_cloud"]
    assert {"poll", "word_cloud"} == UNSCORED_KINDS
    assert f"  maxChoices: {QUESTION_BOUNDS['maxChoices']}," in text
    assert f"  maxTeams: {GAME_BOUNDS['maxTeams']}," in text


def test_every_automatic_team_has_a_name() -> None:
    assert len(AUTO_TEAM_NAMES) == MAX_TEAMS
    teams = parse_settings({"teams": {"mode": "auto", "count": MAX_TEAMS}}).teams
    assert teams is not None and teams.names == AUTO_TEAM_NAMES
