"""The shapes of the ``/api`` requests and answers, as the OpenAPI document shows them.

TypedDicts, so an optional field is a key that may be left out (not one that may be null), read
into JSON schemas by pydantic. They document; they do not validate: each route still reads its
body with the checks of `server.http.common` (and `games.quiz`), whose error answers are the
protocol's. A route declares its shapes with quart-schema's ``document_*`` decorators and
`server.http.openapi.api`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from pydantic import ConfigDict, Field, with_config

# pydantic reads TypedDicts from typing_extensions only, before Python 3.12.
from typing_extensions import TypedDict

from games.kinds.question import MAX_TIME_LIMIT_MS, MIN_TIME_LIMIT_MS
from games.kinds.registry import KINDS
from games.limits import MAX_PROMPT, MAX_TAG, MAX_TAGS, MAX_TILE_TEXT, MAX_TITLE

# A text shown on an answer tile (games.limits.MAX_TILE_TEXT).
Tile = Annotated[str, Field(min_length=1, max_length=MAX_TILE_TEXT)]
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
TimeLimit = Annotated[int, Field(ge=MIN_TIME_LIMIT_MS, le=MAX_TIME_LIMIT_MS)]
# A question kind: the engine's registry names them, so a new kind shows up here by itself (a
# Literal would need the names spelled out again).
Kind = Annotated[str, Field(json_schema_extra={"enum": list(KINDS)})]
# Epoch milliseconds, or an ISO 8601 date or date-time, from 1970-01-01 to 9999-12-31 UTC.
Instant = Annotated[
    str, Field(description="epoch ms or ISO 8601 date/date-time, 1970-01-01 to 9999-12-31 UTC")
]


class ErrorDetail(TypedDict):
    code: str
    message: str
    field: NotRequired[str]


class Error(TypedDict):
    """Every refusal: ``{"error": {"code", "message", "field"?}}``."""

    error: ErrorDetail


# ---------------------------------------------------------------- accounts


class Register(TypedDict):
    email: Annotated[str, Field(json_schema_extra={"format": "email"})]
    password: Annotated[str, Field(min_length=8)]
    name: Annotated[str, Field(min_length=1)]
    invite: NotRequired[
        Annotated[
            str,
            Field(
                description="an invite token: the account joins that workspace instead of "
                "getting one of its own"
            ),
        ]
    ]


class Login(TypedDict):
    email: str
    password: str


@with_config(ConfigDict(extra="forbid"))
class Logout(TypedDict):
    everywhere: NotRequired[bool]


# ---------------------------------------------------------------- quizzes


class Media(TypedDict):
    image: NotRequired[
        Annotated[
            str,
            Field(
                description="an http(s) address or a path of this site such as "
                "/media/<hash>.webp (POST /api/images); phones show only the latter"
            ),
        ]
    ]


class Question(TypedDict):
    id: NotRequired[
        Annotated[
            str,
            Field(
                min_length=1,
                max_length=64,
                description="the question's stable id: kept on edit, given when missing",
            ),
        ]
    ]
    kind: Kind
    prompt: Annotated[str, Field(min_length=1, max_length=MAX_PROMPT)]
    choices: NotRequired[list[Tile]]
    correct: NotRequired[Any]
    accepted: NotRequired[list[Tile]]
    typos: NotRequired[Annotated[int, Field(ge=0, le=3)]]
    tolerance: NotRequired[Annotated[float, Field(ge=0)]]
    min: NotRequired[float]
    max: NotRequired[float]
    items: NotRequired[list[Tile]]
    time_limit_ms: NotRequired[TimeLimit]
    points: NotRequired[Literal[0, 1, 2]]
    media: NotRequired[Media]
    explanation: NotRequired[str]


Tag = Annotated[str, Field(min_length=1, max_length=MAX_TAG)]


class Quiz(TypedDict):
    title: Title
    description: NotRequired[str]
    tags: NotRequired[Annotated[list[Tag], Field(max_length=MAX_TAGS)]]
    visibility: NotRequired[
        Annotated[
            Literal["draft", "shared"],
            Field(description="draft: only its author sees it; shared: the workspace's hosts"),
        ]
    ]
    questions: Annotated[list[Question], Field(min_length=1, max_length=200)]


class CopyQuestion(TypedDict):
    from_quiz: Annotated[str, Field(description="the quiz to copy from")]
    index: Annotated[int, Field(ge=0, description="its question's index, from 0")]


class ImportForm(TypedDict):
    file: bytes
    title: NotRequired[Title]


class TitleQuery(TypedDict):
    title: NotRequired[Title]


class ImageForm(TypedDict):
    file: bytes


class ImageStored(TypedDict):
    """The stored image: use its ``url`` as a question's ``media.image``."""

    url: Annotated[str, Field(pattern="^/media/[0-9a-f]{64}\\.webp$")]
    width: int
    height: int


class MediaQuery(TypedDict, total=False):
    kinds: Annotated[
        str,
        Field(
            pattern="^(image|audio|video)(,(image|audio|video)){0,2}$",
            description="the kinds the caller takes, comma-separated (default all): a file of "
            "another kind is refused (415) and nothing is stored",
        ),
    ]


class MediaStored(TypedDict):
    """The stored file: use its ``url`` as a question's (or tip's) ``media.<kind>``."""

    url: Annotated[str, Field(pattern="^/media/[0-9a-f]{64}\\.(webp|mp3|m4a|ogg|mp4)$")]
    kind: Literal["image", "audio", "video"]
    content_type: Literal["image/webp", "audio/mpeg", "audio/mp4", "audio/ogg", "video/mp4"]
    width: NotRequired[Annotated[int, Field(description="images only")]]
    height: NotRequired[Annotated[int, Field(description="images only")]]
    duration_ms: NotRequired[Annotated[int, Field(description="sound and video only")]]


SkippedHeaders = TypedDict(
    "SkippedHeaders",
    {
        "Huddle-Skipped": Annotated[
            str,
            Field(
                description="the questions left out (the first 50), as JSON: "
                "[{number, kind, reason}], reason one of kind, answers, time_limit"
            ),
        ],
        "Huddle-Skipped-Count": Annotated[
            int, Field(description="how many questions were left out")
        ],
    },
)


# ---------------------------------------------------------------- games and events


@with_config(ConfigDict(extra="forbid"))
class GameSettings(TypedDict, total=False):
    scoring: Literal["speed", "accuracy"]
    streaks: bool
    time_limit_ms: TimeLimit | None
    max_players: Annotated[int, Field(ge=1)] | None
    late_join: bool
    auto_advance_ms: Annotated[int, Field(ge=0, le=600000)]
    teams: dict[str, Any] | None
    show_question_on_device: bool
    shuffle_choices: bool
    nickname_generator: bool
    read_first_ms: Annotated[
        int,
        Field(
            ge=0,
            le=10000,
            description="0 (off), or 3000 to 10000: the question is shown alone this long",
        ),
    ]


class NewGame(TypedDict):
    quiz_id: str
    event_id: NotRequired[str]
    settings: NotRequired[GameSettings]


class Event(TypedDict, total=False):
    name: Annotated[str, Field(min_length=1)]
    starts_ms: int | str | None
    ends_ms: int | str | None
    teams: list[str]
    require_identifier: bool


# ---------------------------------------------------------------- queries


class Page(TypedDict, total=False):
    offset: Annotated[int, Field(ge=0)]
    limit: Annotated[int, Field(ge=1)]


class LibraryQuery(Page, total=False):
    q: Annotated[str, Field(max_length=200, description="words to search; empty: list all")]
    tag: Tag


class LeaderboardPage(Page, total=False):
    kind: Literal["players", "teams"]


Season = TypedDict(
    "Season",
    {
        "kind": Literal["players", "teams"],
        "from": Instant,
        "to": Instant,
        "offset": Annotated[int, Field(ge=0)],
        "limit": Annotated[int, Field(ge=1)],
    },
    total=False,
)


class GameTable(TypedDict, total=False):
    table: Annotated[
        Literal["players", "teams", "questions", "answers"],
        Field(description="answers: every player's answer to every question (the answer sheet)"),
    ]


class EventTable(TypedDict, total=False):
    table: Literal["players", "teams", "questions", "rounds"]


class Identifier(TypedDict, total=False):
    identifier: str
    mode: Literal["anonymise", "erase"]


class RemoveQuery(TypedDict, total=False):
    mode: Literal["anonymise", "erase"]


# ---------------------------------------------------------------- people


class ClaimDevice(TypedDict):
    player_key: Annotated[str, Field(pattern="^[A-Za-z0-9_-]{16,128}$")]


class PersonTable(TypedDict, total=False):
    table: Literal["games", "tags", "badges"]


MeHeaders = TypedDict(
    "MeHeaders",
    {
        "X-Player-Key": NotRequired[Annotated[str, Field(pattern="^[A-Za-z0-9_-]{16,128}$")]],
        "Authorization": NotRequired[
            Annotated[str, Field(description="Bearer <login token>: the account's history")]
        ],
    },
)


# ---------------------------------------------------------------- workspaces

WorkspaceName = Annotated[str, Field(min_length=1, max_length=200)]
RetentionDays = Annotated[
    int | None,
    Field(ge=1, le=3650, description="anonymise results older than this many days; null: never"),
]
Role = Literal["member", "host", "admin", "owner"]


@with_config(ConfigDict(extra="forbid"))
class NewWorkspace(TypedDict):
    name: WorkspaceName


@with_config(ConfigDict(extra="forbid"))
class WorkspaceChanges(TypedDict, total=False):
    name: WorkspaceName
    retention_days: RetentionDays


@with_config(ConfigDict(extra="forbid"))
class MemberChange(TypedDict):
    role: Role


@with_config(ConfigDict(extra="forbid"))
class NewInvite(TypedDict, total=False):
    role: Annotated[
        Literal["member", "host", "admin"], Field(description="the role it gives; default member")
    ]
    ttl_hours: Annotated[int, Field(ge=1, le=720, description="how long it holds; default 168")]


# ---------------------------------------------------------------- workspace teams


@with_config(ConfigDict(extra="forbid"))
class NewTeam(TypedDict):
    name: Annotated[str, Field(min_length=1, max_length=40)]


@with_config(ConfigDict(extra="forbid"))
class TeamRoster(TypedDict):
    account_ids: Annotated[list[str], Field(max_length=1000)]


@with_config(ConfigDict(extra="forbid"))
class RosterMember(TypedDict):
    account_id: str


# ---------------------------------------------------------------- challenges

TeamRuleDoc = (
    Literal["average", "sum"] | dict[Literal["top_n"], Annotated[int, Field(ge=1, le=100)]]
)


@with_config(ConfigDict(extra="forbid"))
class NewChallengeBody(TypedDict):
    quiz_id: str
    title: NotRequired[Title]
    opens_at: NotRequired[Instant | int]
    closes_at: Annotated[Instant | int, Field(description="in the future, at most 90 days ahead")]
    audience: Literal["guests", "members", "teams"]
    team_ids: NotRequired[Annotated[list[str], Field(max_length=20)]]
    team_rule: NotRequired[TeamRuleDoc]
    attempts: NotRequired[Annotated[int, Field(ge=1, le=5)]]
    settings: NotRequired[GameSettings]


class ChallengeList(TypedDict, total=False):
    status: Literal["scheduled", "open", "closed"]
