"""The length limits of a quiz's texts: the one source for the engine, the importers and the
editor (``web/src/limits.ts`` is generated from `typescript_module`, and a test keeps the two
equal).

Two sets of numbers. The *authoring* limits are what a host may write: a prompt fits the big
screen's question band and every text shown on an answer tile (a choice, a poll choice, an
order item, an accepted typed answer) fits a tile at 1080p and on a 360 px phone. The *stored*
limits are the older, looser ones: a quiz saved before the authoring limits existed still loads,
plays and exports; the editor shows its long texts as too long and asks to shorten them before
the next save (see docs/rules.md).
"""

from __future__ import annotations

from games.typescript import const_object, generated_header

#: A quiz's title (the editor, the dashboard, the reports).
MAX_TITLE = 200
#: A quiz's description.
MAX_DESCRIPTION = 2_000
#: A question's prompt as a host may write it.
MAX_PROMPT = 200
#: A text shown on an answer tile as a host may write it: a choice of a choice or poll question,
#: an item of an order question, an accepted answer of a type_answer question.
MAX_TILE_TEXT = 90
#: The explanation shown at the reveal.
MAX_EXPLANATION = 1_000
#: A question image's address.
MAX_IMAGE_URL = 2_000
#: A credited author's name and team name (a question's ``credit``).
MAX_CREDIT_NAME = 60
#: A quiz's tags: at most this many, each at most `MAX_TAG` characters.
MAX_TAGS = 10
MAX_TAG = 32

#: What a stored quiz may hold and still load (the limits before the authoring ones above).
STORED_MAX_PROMPT = 500
STORED_MAX_CHOICE_TEXT = 200
STORED_MAX_ITEM_TEXT = 200
STORED_MAX_ACCEPTED_TEXT = 100

#: The authoring limits the editor shows, by the name the web code uses.
WEB_LIMITS: dict[str, int] = {
    "title": MAX_TITLE,
    "description": MAX_DESCRIPTION,
    "prompt": MAX_PROMPT,
    "tile": MAX_TILE_TEXT,
    "explanation": MAX_EXPLANATION,
    "image": MAX_IMAGE_URL,
    "tag": MAX_TAG,
    "tags": MAX_TAGS,
}


def typescript_module() -> str:
    """The text of ``web/src/limits.ts``: `WEB_LIMITS` as a TypeScript constant.

    Regenerate it with ``.venv/bin/python -m games.limits > web/src/limits.ts``.
    """
    lines = [
        *generated_header("games.limits", "web/src/limits.ts", "tests/games/test_engine_limits.py"),
        *const_object(
            "TEXT_LIMITS",
            "The longest text, in characters, a host may write in each field.",
            WEB_LIMITS,
        ),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(typescript_module(), end="")
