"""Milestones: badges a player earns from their results, awarded once per identity.

A rule is a pure function of one player's outcome in the game that just finished
(`GameOutcome`) and of their history up to and including that game (`History`). Adding a
milestone is one `Milestone`, one rule function and one entry in `RULES` (and a test row).
`game_outcomes` derives the per-game facts (best streak, fastest correct answer, team MVP)
from a finished game's figures, so rules only compare numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from games.kinds.registry import UNSCORED_KINDS

FIVE_IN_A_ROW = 5
TEN_GAMES = 10
THREE_WINS = 3
HUNDRED_CORRECT = 100
PODIUM_RANK = 3
#: A podium finish needs more players than podium places, a win at least two players.
MIN_PLAYERS_FOR_PODIUM = PODIUM_RANK + 1
MIN_PLAYERS_FOR_WIN = 2


@dataclass(frozen=True, slots=True)
class Milestone:
    """A badge: a stable `code` (stored in SQL), and the text shown to the player."""

    code: str
    title: str
    description: str

    def to_doc(self) -> dict[str, str]:
        """The badge as the ``milestone`` event and the reports show it."""
        return {"code": self.code, "title": self.title, "description": self.description}


@dataclass(frozen=True, slots=True)
class GameOutcome:
    """One player's result in one finished game.

    `questions` counts the game's scored questions (polls and word clouds left out);
    `best_streak` is the longest run of correct answers to consecutive scored questions;
    `fastest_correct` is true for the player(s) with the quickest correct answer of the game;
    `team_mvp` for the best scorer(s) of a team of at least two players who scored.
    """

    rank: int
    players: int
    score: int
    correct: int
    answered: int
    questions: int
    best_streak: int = 0
    fastest_correct: bool = False
    team_mvp: bool = False

    @property
    def won(self) -> bool:
        """First place, with points, in a game of at least two players (when nobody scored,
        everyone shares first place, and nobody won)."""
        return self.rank == 1 and self.players >= MIN_PLAYERS_FOR_WIN and self.score > 0


@dataclass(frozen=True, slots=True)
class History:
    """A player's totals over every game recorded for their identity, this one included;
    `wins` counts games they won (`GameOutcome.won`), `correct` their right answers."""

    games: int
    wins: int
    correct: int = 0


Rule = Callable[[GameOutcome, History], bool]


def _first_game(game: GameOutcome, history: History) -> bool:
    # Joining and never answering is not playing: the badge waits for a game with an answer.
    return history.games >= 1 and game.answered > 0


def _ten_games(game: GameOutcome, history: History) -> bool:
    return history.games >= TEN_GAMES


def _first_win(game: GameOutcome, history: History) -> bool:
    return game.won


def _podium(game: GameOutcome, history: History) -> bool:
    # Without points a player "in the top three" only shares a rank with everyone who scored 0.
    return game.rank <= PODIUM_RANK and game.players >= MIN_PLAYERS_FOR_PODIUM and game.score > 0


def _perfect_game(game: GameOutcome, history: History) -> bool:
    return game.questions > 0 and game.correct >= game.questions


def _five_in_a_row(game: GameOutcome, history: History) -> bool:
    return game.best_streak >= FIVE_IN_A_ROW


def _fastest_answer(game: GameOutcome, history: History) -> bool:
    return game.fastest_correct


def _team_mvp(game: GameOutcome, history: History) -> bool:
    return game.team_mvp and game.score > 0


def _three_wins(game: GameOutcome, history: History) -> bool:
    return history.wins >= THREE_WINS


def _hundred_correct(game: GameOutcome, history: History) -> bool:
    return history.correct >= HUNDRED_CORRECT


#: Every milestone with its rule, in the order they are announced.
RULES: tuple[tuple[Milestone, Rule], ...] = (
    (Milestone("first_game", "First game", "Played a first game."), _first_game),
    (Milestone("first_win", "First win", "Finished first in a game."), _first_win),
    (Milestone("podium", "Podium", "Finished in the top three of a game."), _podium),
    (
        Milestone("perfect_game", "Perfect game", "Answered every question of a game right."),
        _perfect_game,
    ),
    (
        Milestone("five_in_a_row", "Five in a row", "Five right answers in a row in one game."),
        _five_in_a_row,
    ),
    (
        Milestone("fastest_answer", "Quickest draw", "Gave the fastest right answer of a game."),
        _fastest_answer,
    ),
    (Milestone("team_mvp", "Team MVP", "Scored the most points of their team."), _team_mvp),
    (Milestone("ten_games", "Regular", "Played ten games."), _ten_games),
    (Milestone("three_wins", "Hat-trick", "Won three games."), _three_wins),
    (
        Milestone("hundred_correct", "Century", "Gave a hundred right answers in all."),
        _hundred_correct,
    ),
)

#: The day-streak milestones of the daily challenge, with the days in a row each needs. They
#: are not rules of one game: `streak_awards` applies them when a daily run is written.
STREAKS: tuple[tuple[Milestone, int], ...] = (
    (Milestone("streak_5", "Five-day streak", "Played the daily challenge 5 days in a row."), 5),
    (
        Milestone("streak_20", "Twenty-day streak", "Played the daily challenge 20 days in a row."),
        20,
    ),
    (
        Milestone(
            "streak_100", "Hundred-day streak", "Played the daily challenge 100 days in a row."
        ),
        100,
    ),
)

MILESTONES: dict[str, Milestone] = {m.code: m for m, _ in (*RULES, *STREAKS)}


def award(game: GameOutcome, history: History, already: Iterable[str]) -> list[Milestone]:
    """The milestones this game earns that the identity does not have yet, in `RULES` order."""
    held = set(already)
    return [m for m, rule in RULES if m.code not in held and rule(game, history)]


def streak_awards(current: int, already: Iterable[str]) -> list[Milestone]:
    """The streak milestones a current daily streak of `current` days earns that the identity
    does not have yet (shortest first). A streak that reached 20 days earns the 5-day badge,
    too, when it was missing."""
    held = set(already)
    return [m for m, days in STREAKS if m.code not in held and current >= days]


def describe(code: str) -> Milestone:
    """The milestone of `code`; a code no rule knows any more keeps its code as its title."""
    return MILESTONES.get(code) or Milestone(code, code, "")


# -- per-game facts --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlayerLine:
    """A player's figures as a finished game's results hold them."""

    player_id: str
    rank: int
    score: int
    correct: int
    answered: int
    team: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One accepted answer of a finished game."""

    player_id: str
    question: int
    correct: bool
    elapsed_ms: int


def best_streak(correct_by_question: Mapping[int, bool], scored: Sequence[int]) -> int:
    """The longest run of right answers over the scored question indices `scored`, in order;
    a question not answered (missing from the mapping) or answered wrong ends a run."""
    best = run = 0
    for index in scored:
        run = run + 1 if correct_by_question.get(index, False) else 0
        best = max(best, run)
    return best


def fastest_correct(answers: Iterable[AnswerLine], scored: Iterable[int]) -> set[str]:
    """The players who gave the quickest right answer (to a scored question) of the game."""
    counted = set(scored)
    right = [a for a in answers if a.correct and a.question in counted]
    if not right:
        return set()
    quickest = min(a.elapsed_ms for a in right)
    return {a.player_id for a in right if a.elapsed_ms == quickest}


def team_mvps(players: Iterable[PlayerLine]) -> set[str]:
    """The best scorers of each team of at least two players (ties all count), when the best
    score is above zero."""
    teams: dict[str, list[PlayerLine]] = {}
    for p in players:
        if p.team is not None:
            teams.setdefault(p.team, []).append(p)
    mvps: set[str] = set()
    for members in teams.values():
        top = max(m.score for m in members)
        if len(members) >= 2 and top > 0:
            mvps.update(m.player_id for m in members if m.score == top)
    return mvps


def game_outcomes(
    players: Sequence[PlayerLine], answers: Sequence[AnswerLine], kinds: Sequence[str]
) -> dict[str, GameOutcome]:
    """Every player's `GameOutcome` of a finished game; `kinds` lists its questions' kinds
    by index."""
    scored = [i for i, kind in enumerate(kinds) if kind not in UNSCORED_KINDS]
    by_player: dict[str, dict[int, bool]] = {}
    for a in answers:
        by_player.setdefault(a.player_id, {})[a.question] = a.correct
    fastest = fastest_correct(answers, scored)
    mvps = team_mvps(players)
    return {
        p.player_id: GameOutcome(
            rank=p.rank,
            players=len(players),
            score=p.score,
            correct=p.correct,
            answered=p.answered,
            questions=len(scored),
            best_streak=best_streak(by_player.get(p.player_id, {}), scored),
            fastest_correct=p.player_id in fastest,
            team_mvp=p.player_id in mvps,
        )
        for p in players
    }
