"""The game rules the web pages apply too, from their one source in the engine:
``web/src/rules.ts`` is generated from `typescript_module` (the text lengths are in
``web/src/limits.ts``, from games/limits.py), and tests/games/test_engine_web_rules.py fails when
it is stale.

The pages use these to show what the server will decide (a poll earns no points, the fourth
automatic team is Yellow, a choice question takes 2 to 6 choices); the server still decides.
"""

from __future__ import annotations

from games.kinds.choice import MAX_CHOICES, MIN_CHOICES
from games.kinds.order import MAX_ITEMS, MIN_ITEMS
from games.kinds.question import DEFAULT_TIME_LIMIT_MS, MAX_TIME_LIMIT_MS, MIN_TIME_LIMIT_MS
from games.kinds.registry import KINDS, UNSCORED_KINDS
from games.kinds.type_answer import MAX_TYPED_ANSWER
from games.kinds.word_cloud import MAX_CLOUD_ANSWER
from games.nicknames import MAX_NICKNAME
from games.settings import (
    AUTO_TEAM_NAMES,
    MAX_PLAYERS,
    MAX_READ_FIRST_MS,
    MAX_TEAMS,
    MIN_READ_FIRST_MS,
    MIN_TEAMS,
)
from games.typescript import const_object, generated_header, string_list

#: What a question may hold and how long it runs, by the name the web code uses.
QUESTION_BOUNDS: dict[str, int] = {
    "minChoices": MIN_CHOICES,
    "maxChoices": MAX_CHOICES,
    "minItems": MIN_ITEMS,
    "maxItems": MAX_ITEMS,
    "typedAnswer": MAX_TYPED_ANSWER,
    "wordCloudAnswer": MAX_CLOUD_ANSWER,
    "minTimeLimitMs": MIN_TIME_LIMIT_MS,
    "maxTimeLimitMs": MAX_TIME_LIMIT_MS,
    "defaultTimeLimitMs": DEFAULT_TIME_LIMIT_MS,
}

#: The bounds of a game's settings and of the names in it, by the name the web code uses.
GAME_BOUNDS: dict[str, int] = {
    "maxPlayers": MAX_PLAYERS,
    "minTeams": MIN_TEAMS,
    "maxTeams": MAX_TEAMS,
    # A team name is cleaned like a nickname (games.settings), so it has the same bound.
    "teamName": MAX_NICKNAME,
    "nickname": MAX_NICKNAME,
    "minReadFirstMs": MIN_READ_FIRST_MS,
    "maxReadFirstMs": MAX_READ_FIRST_MS,
}


def typescript_module() -> str:
    """The text of ``web/src/rules.ts``.

    Regenerate it with ``.venv/bin/python -m games.web_rules > web/src/rules.ts``.
    """
    unscored = [kind for kind in KINDS if kind in UNSCORED_KINDS]

    lines = [
        *generated_header(
            "games.web_rules", "web/src/rules.ts", "tests/games/test_engine_web_rules.py"
        ),
        "/** Every question kind, in the engine's order (games/kinds/registry.py). */",
        "export const QUESTION_KINDS = [",
        *string_list(list(KINDS)),
        "] as const;",
        "",
        "export type QuestionKind = (typeof QUESTION_KINDS)[number];",
        "",
        "/** The kinds that earn no points and leave the streak alone (polls, word clouds). */",
        "export const UNSCORED_KINDS: readonly QuestionKind[] = [",
        *string_list(unscored),
        "];",
        "",
        "/** The names the server gives automatic teams, in order (games/settings.py). */",
        "export const AUTO_TEAM_NAMES: readonly string[] = [",
        *string_list(AUTO_TEAM_NAMES),
        "];",
        "",
        *const_object(
            "QUESTION_BOUNDS",
            "What a question may hold (counts, answer lengths in characters) and its time limits.",
            QUESTION_BOUNDS,
        ),
        *const_object(
            "GAME_BOUNDS",
            "A game's settings: players, teams, name lengths in characters, reading time.",
            GAME_BOUNDS,
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(typescript_module(), end="")
