"""The shapes of the member content routes (``/api/contributions``, ``/api/library/community``,
``/api/drives``, ``/api/workspaces/{id}/reviewers``) for the OpenAPI document; like
`server.http.api_models`, they document and the routes validate."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from games.limits import MAX_TAG, MAX_TAGS
from games.tips import MAX_TIP_BODY, MAX_TIP_TITLE
from server.http.api_models import Instant, Page

Tag = Annotated[str, Field(min_length=1, max_length=MAX_TAG)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
Version = Annotated[int, Field(ge=1)]


class TipLink(TypedDict):
    url: Annotated[str, Field(description="an http:// or https:// address")]
    label: NotRequired[Annotated[str, Field(max_length=80)]]


class TipDocument(TypedDict):
    title: Annotated[str, Field(min_length=1, max_length=MAX_TIP_TITLE)]
    body: Annotated[str, Field(min_length=1, max_length=MAX_TIP_BODY)]
    media: NotRequired[dict[Literal["image", "audio", "video"], str]]
    links: NotRequired[Annotated[list[TipLink], Field(max_length=5)]]


@with_config(ConfigDict(extra="forbid"))
class NewContribution(TypedDict):
    kind: Literal["question", "tip"]
    document: Annotated[
        TipDocument | dict[str, Any],
        Field(description="a tip document, or one question document as in a quiz (no credit)"),
    ]
    tags: NotRequired[Tags]
    drive_id: NotRequired[str]


@with_config(ConfigDict(extra="forbid"))
class EditContribution(TypedDict):
    document: TipDocument | dict[str, Any]
    tags: NotRequired[Tags]
    version: Version


@with_config(ConfigDict(extra="forbid"))
class ReviewDecision(TypedDict):
    action: Literal["approve", "changes", "reject"]
    comment: NotRequired[
        Annotated[str, Field(max_length=1000, description="required for changes and reject")]
    ]
    document: NotRequired[
        Annotated[dict[str, Any], Field(description="with approve: edit and approve")]
    ]
    tags: NotRequired[Tags]
    version: Version


@with_config(ConfigDict(extra="forbid"))
class NewReport(TypedDict):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class QueueQuery(TypedDict, total=False):
    status: Literal["pending", "changes_requested", "reported", "all"]


class CommunityQuery(Page, total=False):
    kind: Literal["question", "tip"]
    tag: Tag
    drive_id: str
    sort: Literal["votes", "new"]


@with_config(ConfigDict(extra="forbid"))
class NewDrive(TypedDict):
    title: Annotated[str, Field(min_length=1, max_length=120)]
    brief: NotRequired[Annotated[str, Field(max_length=1000)]]
    event_id: NotRequired[str]
    deadline: Annotated[Instant | int, Field(description="in the future, at most 365 days ahead")]
    per_member_limit: Annotated[int, Field(ge=1, le=50)]


@with_config(ConfigDict(extra="forbid"))
class ReviewerList(TypedDict):
    account_ids: Annotated[list[str], Field(max_length=200)]
