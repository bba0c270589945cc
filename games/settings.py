"""Game settings (protocol "Game settings"): parsed once when a game is created."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from games import _validate as v
from games.errors import InvalidInput, RuleViolation
from games.kinds.question import MAX_TIME_LIMIT_MS, MIN_TIME_LIMIT_MS, Question
from games.nicknames import MAX_NICKNAME, clean_nickname, nickname_key
from games.scoring import SCORING_MODES, ScoringRules
from games.types import JSON

MAX_PLAYERS = 100_000
MIN_AUTO_ADVANCE_MS = 1_000
MAX_AUTO_ADVANCE_MS = 600_000
#: "Read the question first": 0 (off), or how long the question is shown alone, 3 to 10 s.
MIN_READ_FIRST_MS = 3_000
MAX_READ_FIRST_MS = 10_000
MIN_TEAMS = 2
MAX_TEAMS = 20
MAX_TOP_N = 100
TEAM_MODES = ("auto", "choose")
#: Where a game's teams come from: its own settings, or the workspace's teams (snapshotted by
#: the server when the game is created; `{"mode": "workspace", "guests": "choose" | "auto"}`).
TEAM_SOURCES = ("game", "workspace")
#: A workspace team's name: 1 to 40 characters (a game's own team names are nicknames, ≤ 24).
MAX_TEAM_NAME = 40
MAX_TEAM_ID = 64
TEAM_SCORES = ("average", "sum", "top_n")
AUTO_TEAM_NAMES: tuple[str, ...] = (
    "Red",
    "Blue",
    "Green",
    "Yellow",
    "Purple",
    "Orange",
    "Pink",
    "Teal",
    *(f"Team {i}" for i in range(9, MAX_TEAMS + 1)),
)

SETTINGS = "settings"
TEAMS = "settings.teams"


@dataclass(frozen=True, slots=True)
class TeamSettings:
    """How players form teams and how a team's score is computed.

    `mode` "auto" spreads players over `count` teams named from AUTO_TEAM_NAMES; "choose" lets
    each player pick one of `names`. `score` is "average", "sum" or "top_n" (the sum of the
    best `top_n` members' scores).
    """

    mode: str
    count: int
    names: tuple[str, ...]
    score: str = "average"
    top_n: int = 0
    #: "game" (the names above are the game's own) or "workspace": the names are the
    #: workspace's teams with their `ids`, in the same order. A workspace game not yet
    #: resolved by the server has no names (`resolved` is False).
    source: str = "game"
    ids: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        """The game knows its team names (a workspace source's are filled in at creation)."""
        return bool(self.names)

    def with_workspace_teams(self, teams: Sequence[tuple[str, str]]) -> TeamSettings:
        """These settings with the workspace's teams, ``(id, name)`` in order, as its names."""
        return replace(
            self,
            count=len(teams),
            names=tuple(name for _, name in teams),
            ids=tuple(tid for tid, _ in teams),
        )

    def id_of(self, name: str | None) -> str | None:
        """The workspace team id of the team called `name`; None for a game's own teams."""
        if name is None or self.source != "workspace":
            return None
        for tid, team in zip(self.ids, self.names, strict=False):
            if team == name:
                return tid
        return None

    def score_doc(self) -> str | dict[str, int]:
        """`score` as in the settings document: "average", "sum" or {"top_n": k}."""
        return {"top_n": self.top_n} if self.score == "top_n" else self.score

    def to_doc(self) -> dict[str, JSON]:
        """The `teams` settings document; `parse_settings` reads it back."""
        if self.source == "workspace":
            if not self.resolved:
                return {"mode": "workspace", "guests": self.mode, "score": self.score_doc()}
            return {
                "mode": self.mode,
                "source": "workspace",
                "names": list(self.names),
                "ids": list(self.ids),
                "score": self.score_doc(),
            }
        if self.mode == "auto":
            return {"mode": "auto", "count": self.count, "score": self.score_doc()}
        return {"mode": "choose", "names": list(self.names), "score": self.score_doc()}


@dataclass(frozen=True, slots=True)
class GameSettings:
    """The settings of one game; build it with `parse_settings`, which validates."""

    scoring: str = "speed"
    streaks: bool = True
    time_limit_ms: int | None = None
    max_players: int | None = None
    late_join: bool = True
    auto_advance_ms: int = 0
    teams: TeamSettings | None = None
    show_question_on_device: bool = True
    shuffle_choices: bool = False
    nickname_generator: bool = False
    read_first_ms: int = 0

    def to_doc(self) -> dict[str, JSON]:
        """Every setting with its value; `parse_settings` reads it back into equal settings."""
        return {
            "scoring": self.scoring,
            "streaks": self.streaks,
            "time_limit_ms": self.time_limit_ms,
            "max_players": self.max_players,
            "late_join": self.late_join,
            "auto_advance_ms": self.auto_advance_ms,
            "teams": None if self.teams is None else self.teams.to_doc(),
            "show_question_on_device": self.show_question_on_device,
            "shuffle_choices": self.shuffle_choices,
            "nickname_generator": self.nickname_generator,
            "read_first_ms": self.read_first_ms,
        }

    def rules(self) -> ScoringRules:
        """The scoring rules these settings select."""
        return ScoringRules(scoring=self.scoring, streaks=self.streaks)

    def time_limit_for(self, question: Question) -> int:
        """The time limit in force for `question`: the game's override or the question's own."""
        return question.time_limit_ms if self.time_limit_ms is None else self.time_limit_ms


def parse_settings(doc: object) -> GameSettings:
    """Validate a settings document; None or {} gives the defaults.

    Raises InvalidInput naming the field ("settings.<key>") for an unknown key, a wrong type
    (a boolean is not an integer) or a value out of range.
    """
    d: Mapping[str, JSON] = {} if doc is None else v.obj(doc, SETTINGS)
    v.only_keys(d, GameSettings.__dataclass_fields__, SETTINGS)
    defaults = GameSettings()
    return GameSettings(
        scoring=v.choice(d.get("scoring", defaults.scoring), "settings.scoring", SCORING_MODES),
        streaks=_flag(d, "streaks", defaults.streaks),
        time_limit_ms=_optional_int(d, "time_limit_ms", MIN_TIME_LIMIT_MS, MAX_TIME_LIMIT_MS),
        max_players=_optional_int(d, "max_players", 1, MAX_PLAYERS),
        late_join=_flag(d, "late_join", defaults.late_join),
        auto_advance_ms=_off_or_between(
            d.get("auto_advance_ms", defaults.auto_advance_ms),
            "auto_advance_ms",
            MIN_AUTO_ADVANCE_MS,
            MAX_AUTO_ADVANCE_MS,
        ),
        teams=_parse_teams(d.get("teams")),
        show_question_on_device=_flag(
            d, "show_question_on_device", defaults.show_question_on_device
        ),
        shuffle_choices=_flag(d, "shuffle_choices", defaults.shuffle_choices),
        nickname_generator=_flag(d, "nickname_generator", defaults.nickname_generator),
        read_first_ms=_off_or_between(
            d.get("read_first_ms", defaults.read_first_ms),
            "read_first_ms",
            MIN_READ_FIRST_MS,
            MAX_READ_FIRST_MS,
        ),
    )


def _flag(d: Mapping[str, JSON], key: str, default: bool) -> bool:
    return v.boolean(d.get(key, default), f"{SETTINGS}.{key}")


def _optional_int(d: Mapping[str, JSON], key: str, low: int, high: int) -> int | None:
    value = d.get(key)
    return None if value is None else v.integer(value, f"{SETTINGS}.{key}", low, high)


def _off_or_between(value: object, key: str, low: int, high: int) -> int:
    """Milliseconds that are 0 (off) or from `low` to `high`."""
    field = f"{SETTINGS}.{key}"
    ms = v.integer(value, field, 0, high)
    if 0 < ms < low:
        raise InvalidInput(field, f"{field} must be 0 (off) or between {low} and {high}")
    return ms


def _parse_teams(doc: object) -> TeamSettings | None:
    if doc is None:
        return None
    d = v.obj(doc, TEAMS)
    modes = (*TEAM_MODES, "workspace")
    mode = v.choice(v.required(d, "mode", f"{TEAMS}.mode"), f"{TEAMS}.mode", modes)
    if mode == "workspace":
        # The workspace's teams, named by the server when it creates the game.
        v.only_keys(d, ("mode", "guests", "score"), TEAMS)
        guests = v.choice(d.get("guests", "choose"), f"{TEAMS}.guests", TEAM_MODES)
        score, top_n = _team_score(d.get("score"))
        return TeamSettings(guests, 0, (), score, top_n, source="workspace")
    if "source" in d:
        v.choice(d["source"], f"{TEAMS}.source", ("workspace",))
        v.only_keys(d, ("mode", "source", "names", "ids", "score", "count"), TEAMS)
        names = _team_names(d, MAX_TEAM_NAME)
        ids = _team_ids(d, len(names))
        score, top_n = _team_score(d.get("score"))
        return TeamSettings(mode, len(names), names, score, top_n, "workspace", ids)
    if mode == "auto":
        v.only_keys(d, ("mode", "count", "score"), TEAMS)
        field = f"{TEAMS}.count"
        count = v.integer(v.required(d, "count", field), field, MIN_TEAMS, MAX_TEAMS)
        names = AUTO_TEAM_NAMES[:count]
    else:
        v.only_keys(d, ("mode", "names", "count", "score"), TEAMS)
        names = _team_names(d)
        count = len(names)
        # A client may echo the count beside the names; it must then agree with them.
        field = f"{TEAMS}.count"
        echoed = d.get("count")
        if echoed is not None and v.integer(echoed, field, MIN_TEAMS, MAX_TEAMS) != count:
            raise InvalidInput(field, f"{field} must equal the number of names ({count})")
    score, top_n = _team_score(d.get("score"))
    return TeamSettings(mode=mode, count=count, names=names, score=score, top_n=top_n)


def _team_ids(d: Mapping[str, JSON], count: int) -> tuple[str, ...]:
    field = f"{TEAMS}.ids"
    raw = v.listing(v.required(d, "ids", field), field, count, count)
    ids = tuple(v.text(tid, field, MAX_TEAM_ID, f"{field}[{i}]") for i, tid in enumerate(raw))
    if len(set(ids)) != len(ids):
        raise InvalidInput(field, f"{field} repeats a team id")
    return ids


def _team_names(d: Mapping[str, JSON], max_len: int = MAX_NICKNAME) -> tuple[str, ...]:
    field = f"{TEAMS}.names"
    raw = v.listing(v.required(d, "names", field), field, MIN_TEAMS, MAX_TEAMS)
    names: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(raw):
        try:
            clean = clean_nickname(name, max_len)
        except RuleViolation as err:
            raise InvalidInput(
                field,
                f"{field}[{i}] must be 1 to {max_len} characters with no control characters",
            ) from err
        key = nickname_key(clean)
        if key in seen:
            raise InvalidInput(field, f"{field}[{i}] repeats the team name {clean!r}")
        seen.add(key)
        names.append(clean)
    return tuple(names)


def _team_score(doc: object) -> tuple[str, int]:
    field = f"{TEAMS}.score"
    if doc is None:
        return "average", 0
    if isinstance(doc, dict):
        d = v.obj(doc, field)
        v.only_keys(d, ("top_n",), field)
        top_field = f"{field}.top_n"
        return "top_n", v.integer(v.required(d, "top_n", top_field), top_field, 1, MAX_TOP_N)
    if doc in ("average", "sum"):
        return str(doc), 0
    raise InvalidInput(field, f'{field} must be "average", "sum" or {{"top_n": k}}')
