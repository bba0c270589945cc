"""The shapes of the community routes (``add-to-quiz``, ``/api/community-rounds``, the authors'
stats) for the OpenAPI document; like `server.http.api_models`, they document and the routes
validate."""

from __future__ import annotations

from typing import Annotated, NotRequired

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from games.limits import MAX_TAG
from server.db.author_stats import MAX_ROUND


@with_config(ConfigDict(extra="forbid"))
class AddToQuiz(TypedDict):
    quiz_id: Annotated[str, Field(min_length=1, description="a quiz the caller sees")]


@with_config(ConfigDict(extra="forbid"))
class NewCommunityRound(TypedDict):
    drive_id: NotRequired[Annotated[str, Field(description="take the drive's questions")]]
    tag: NotRequired[
        Annotated[str, Field(min_length=1, max_length=MAX_TAG, description="or a tag's")]
    ]
    count: NotRequired[Annotated[int, Field(ge=1, le=MAX_ROUND, description="default 10")]]
