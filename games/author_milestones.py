"""Author milestones: badges a member earns for the questions they wrote (docs/rules.md,
"Author milestones"), each awarded once per author and workspace.

`first_approved` comes with the first contribution a reviewer approves; the other two are
decided from a question's figures when a game's results are written (`earned_from_play`).
"""

from __future__ import annotations

from dataclasses import dataclass

from games.milestones import Milestone

#: Answers to an author's questions, over every game, for `played_100`.
PLAYED_ANSWERS = 100
#: A game "stumped the room" when at least this many players answered the question...
STUMP_MIN_PLAYERS = 4
#: ...and fewer than this share of them got it right.
STUMP_SHARE = 0.5

FIRST_APPROVED = Milestone(
    "first_approved", "Published", "A question or tip you wrote was approved for everyone"
)
PLAYED_100 = Milestone(
    "played_100", "Crowd pleaser", f"Your questions were answered {PLAYED_ANSWERS} times"
)
STUMPED_ROOM = Milestone(
    "stumped_room",
    "Stumped the room",
    f"At least {STUMP_MIN_PLAYERS} players answered your question in a game "
    "and fewer than half got it right",
)

AUTHOR_MILESTONES: dict[str, Milestone] = {
    m.code: m for m in (FIRST_APPROVED, PLAYED_100, STUMPED_ROOM)
}


@dataclass(frozen=True, slots=True)
class QuestionPlay:
    """One credited question in one game just written: how many answered it and how many got
    it right; `author_answers` is the answers to all of its author's questions so far, this
    game's included."""

    answered: int
    correct: int
    author_answers: int


def stumped(answered: int, correct: int) -> bool:
    """Whether a game's figures for a question stumped the room (`STUMPED_ROOM`)."""
    return answered >= STUMP_MIN_PLAYERS and correct < STUMP_SHARE * answered


def earned_from_play(play: QuestionPlay) -> list[Milestone]:
    """The author milestones a question's play earns (before those already held are left
    out), in announcement order."""
    out: list[Milestone] = []
    if play.author_answers >= PLAYED_ANSWERS:
        out.append(PLAYED_100)
    if stumped(play.answered, play.correct):
        out.append(STUMPED_ROOM)
    return out
