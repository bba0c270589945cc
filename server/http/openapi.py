"""``GET /api/openapi.json``: an OpenAPI 3 description of the HTTP API (docs/protocol.md)."""

from __future__ import annotations

from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue

from games.limits import MAX_PROMPT, MAX_TILE_TEXT, MAX_TITLE

openapi_bp = Blueprint("openapi", __name__, url_prefix="/api")

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}
_OBJECT: dict[str, Any] = {"type": "object"}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text shown on an answer tile (games.limits.MAX_TILE_TEXT).
_TILES = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": MAX_TILE_TEXT}}
_QUESTION = {
    "type": "object",
    "required": ["kind", "prompt"],
    "properties": {
        "kind": {
            "type": "string",
            "enum": [
                "choice",
                "true_false",
                "type_answer",
                "numeric",
                "order",
                "poll",
                "word_cloud",
            ],
        },
        "prompt": {"type": "string", "minLength": 1, "maxLength": MAX_PROMPT},
        "choices": _TILES,
        "correct": {},
        "accepted": _TILES,
        "typos": {"type": "integer", "minimum": 0, "maximum": 3},
        "tolerance": {"type": "number", "minimum": 0},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "items": _TILES,
        "time_limit_ms": {"type": "integer", "minimum": 5000, "maximum": 240000},
        "points": {"type": "integer", "enum": [0, 1, 2]},
        "media": {
            "type": "object",
            "properties": {
                "image": {
                    "type": "string",
                    "description": "an http(s) address or a path of this site such as "
                    "/media/<hash>.webp (POST /api/images); phones show only the latter",
                }
            },
        },
        "explanation": {"type": "string"},
    },
}
_QUIZ = {
    "type": "object",
    "required": ["title", "questions"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE},
        "description": {"type": "string"},
        "questions": {"type": "array", "minItems": 1, "maxItems": 200, "items": _QUESTION},
    },
}
_SETTINGS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "scoring": {"type": "string", "enum": ["speed", "accuracy"]},
        "streaks": {"type": "boolean"},
        "time_limit_ms": {"type": ["integer", "null"], "minimum": 5000, "maximum": 240000},
        "max_players": {"type": ["integer", "null"], "minimum": 1},
        "late_join": {"type": "boolean"},
        "auto_advance_ms": {"type": "integer", "minimum": 0, "maximum": 600000},
        "teams": {"type": ["object", "null"]},
        "show_question_on_device": {"type": "boolean"},
        "shuffle_choices": {"type": "boolean"},
        "nickname_generator": {"type": "boolean"},
        "read_first_ms": {
            "type": "integer",
            "minimum": 0,
            "maximum": 10000,
            "description": "0 (off), or 3000 to 10000: the question is shown alone this long",
        },
    },
}
_EVENT = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "starts_ms": {"type": ["integer", "string", "null"]},
        "ends_ms": {"type": ["integer", "string", "null"]},
        "teams": {"type": "array", "items": {"type": "string"}},
        "require_identifier": {"type": "boolean"},
    },
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _op(
    summary: str,
    *,
    body: dict[str, Any] | None = None,
    ok: str = "200",
    params: list[dict[str, Any]] | None = None,
    auth: bool = True,
    produces: str = "application/json",
    limited: bool = False,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        ok: {"description": "success", "content": {produces: {"schema": _OBJECT}}}
        if ok != "204"
        else {"description": "done"},
        "422": {
            "description": "invalid input (code invalid; field names it): a wrong type or "
            "range, text holding NUL or a lone surrogate (in the body, a path id or the query), "
            "a path id over 200 characters",
            **_json(_ERROR),
        },
        "503": {
            "description": "Redis or SQL unreachable (code unavailable); retry after Retry-After",
            **_json(_ERROR),
        },
    }
    if limited:
        responses["429"] = {
            "description": (
                "too many attempts from this address or account (code rate_limited, with "
                "Retry-After), or too many running games (code too_many_games)"
            ),
            **_json(_ERROR),
        }
    if auth:
        responses["401"] = {"description": "no or bad bearer token", **_json(_ERROR)}
        responses["404"] = {"description": "not found (or another host's)", **_json(_ERROR)}
    op: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        op["requestBody"] = {"required": True, **_json(body)}
    if params:
        op["parameters"] = params
    if not auth:
        op["security"] = []
    return op


def _path(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    }


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


_PAGE = [
    _query("offset", {"type": "integer", "minimum": 0}),
    _query("limit", {"type": "integer", "minimum": 1}),
]
# Epoch milliseconds, or an ISO 8601 date or date-time, from 1970-01-01 to 9999-12-31 UTC.
_INSTANT: dict[str, Any] = {
    "type": "string",
    "description": "epoch ms or ISO 8601 date/date-time, 1970-01-01 to 9999-12-31 UTC",
}
_KIND = _query("kind", {"type": "string", "enum": ["players", "teams"]})
_GAME_TABLE = _query(
    "table",
    {
        "type": "string",
        "enum": ["players", "teams", "questions", "answers"],
        "description": "answers: every player's answer to every question (the answer sheet)",
    },
)
_EVENT_TABLE = _query(
    "table", {"type": "string", "enum": ["players", "teams", "questions", "rounds"]}
)


def _import_op() -> dict[str, Any]:
    """``POST /api/quizzes/import``: a quiz document, or a Kahoot spreadsheet (raw or a form)."""
    op = _op("Import a quiz (JSON, or an XLSX spreadsheet in the Kahoot layout)", ok="201")
    title = {"type": "string", "minLength": 1, "maxLength": MAX_TITLE}
    op["parameters"] = [_query("title", title)]
    op["requestBody"] = {
        "required": True,
        "content": {
            "application/json": {"schema": _QUIZ},
            _XLSX: {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}, "title": title},
                }
            },
        },
    }
    op["description"] = (
        "The title (form field or query) names the quiz; Kahoot's template holds none. A "
        "spreadsheet is read within limits (parts, unpacked size, cells per row, characters per "
        "cell, rows); past one, 422 with field `file` or `rows[<n>]` and a message naming it."
    )
    return op


def _image_op() -> dict[str, Any]:
    """``POST /api/images``: an image upload, stored cleaned on this server."""
    op = _op("Upload a quiz image (stored cleaned, served from /media/)", ok="201")
    binary = {"schema": {"type": "string", "format": "binary"}}
    op["requestBody"] = {
        "required": True,
        "content": {
            "image/*": binary,
            "application/octet-stream": binary,
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
    op["responses"]["201"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "required": ["url", "width", "height"],
        "properties": {
            "url": {"type": "string", "pattern": "^/media/[0-9a-f]{64}\\.webp$"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
        },
    }
    op["responses"]["413"] = {
        "description": "larger than HUDDLE_MEDIA_MAX_BYTES (code too_large)",
        **_json(_ERROR),
    }
    op["responses"]["415"] = {
        "description": "not a PNG, JPEG, GIF or WebP image, whatever its name (unsupported_type)",
        **_json(_ERROR),
    }
    op["responses"]["422"]["description"] = (
        "damaged (invalid_image), more pixels than HUDDLE_MEDIA_MAX_PIXELS (too_many_pixels), "
        "or no file"
    )
    op["responses"]["503"]["description"] = (
        "the node is busy with other uploads (code busy), or SQL unreachable; retry after "
        "Retry-After"
    )
    op["description"] = (
        "The type is read from the bytes; the image is verified, its metadata (EXIF, GPS, …) "
        "dropped, scaled to at most 1920 px on its long side and stored as WebP under its "
        "content hash. Use the answer's `url` as a question's `media.image`: phones show only "
        "images of this site. Refused uploads store nothing."
    )
    return op


def _export_xlsx_op(quiz: dict[str, Any]) -> dict[str, Any]:
    """``GET /api/quizzes/{quiz_id}/export.xlsx``: the quiz in Kahoot's template."""
    op = _op("Export a quiz to Kahoot's spreadsheet template", params=[quiz], produces=_XLSX)
    op["responses"]["200"]["headers"] = {
        "Huddle-Skipped": {
            "description": "the questions left out (the first 50), as JSON: "
            "[{number, kind, reason}], reason one of kind, answers, time_limit",
            "schema": {"type": "string"},
        },
        "Huddle-Skipped-Count": {
            "description": "how many questions were left out",
            "schema": {"type": "integer"},
        },
    }
    op["description"] = (
        "Choice questions of up to 4 answers and true/false questions with whole-second time "
        "limits; the others are skipped. 422 (field `questions`) when none fits."
    )
    return op


def _optional_body(op: dict[str, Any]) -> dict[str, Any]:
    op["requestBody"]["required"] = False
    return op


def spec() -> dict[str, Any]:
    """The OpenAPI document of every ``/api`` route."""
    g, e, q = _path("game_id"), _path("event_id"), _path("quiz_id")
    paths: dict[str, Any] = {
        "/api/auth/register": {
            "post": _op(
                "Register a host",
                auth=False,
                limited=True,
                ok="201",
                body={
                    "type": "object",
                    "required": ["email", "password", "name"],
                    "properties": {
                        "email": {"type": "string", "format": "email"},
                        "password": {"type": "string", "minLength": 8},
                        "name": {"type": "string", "minLength": 1},
                    },
                },
            )
        },
        "/api/auth/login": {
            "post": _op(
                "Log in",
                auth=False,
                limited=True,
                body={
                    "type": "object",
                    "required": ["email", "password"],
                    "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
                },
            )
        },
        "/api/auth/me": {"get": _op("The token's host")},
        "/api/auth/logout": {
            "post": _optional_body(
                _op(
                    "Revoke the bearer token (everywhere: every token of the host)",
                    ok="204",
                    body={
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"everywhere": {"type": "boolean"}},
                    },
                )
            )
        },
        "/api/quizzes": {
            "get": _op("The host's quizzes"),
            "post": _op("Create a quiz", body=_QUIZ, ok="201"),
        },
        "/api/quizzes/import": {"post": _import_op()},
        "/api/images": {"post": _image_op()},
        "/api/quizzes/{quiz_id}": {
            "get": _op("One quiz", params=[q]),
            "put": _op("Replace a quiz", params=[q], body=_QUIZ),
            "delete": _op("Delete a quiz", params=[q], ok="204"),
        },
        "/api/quizzes/{quiz_id}/export": {"get": _op("Export a quiz as JSON", params=[q])},
        "/api/quizzes/{quiz_id}/export.xlsx": {"get": _export_xlsx_op(q)},
        "/api/games": {
            "get": _op("The host's games"),
            "post": _op(
                "Start a live game",
                ok="201",
                limited=True,
                body={
                    "type": "object",
                    "required": ["quiz_id"],
                    "properties": {
                        "quiz_id": {"type": "string"},
                        "event_id": {"type": "string"},
                        "settings": _SETTINGS,
                    },
                },
            ),
        },
        "/api/games/{game_id}": {
            "get": _op("One of the host's games", params=[g]),
            "delete": _op(
                "Delete a game that is not running, in SQL and Redis (409 game_running, "
                "results_pending)",
                params=[g],
                ok="204",
            ),
        },
        "/api/games/{game_id}/end": {
            "post": _op("End a running game (409 not_running)", params=[g]),
        },
        "/api/games/{game_id}/results": {"get": _op("A finished game's results", params=[g])},
        "/api/games/{game_id}/report": {"get": _op("A game's report", params=[g])},
        "/api/games/{game_id}/report.csv": {
            "get": _op("A game's report as CSV", params=[g, _GAME_TABLE], produces="text/csv")
        },
        "/api/games/{game_id}/report.xlsx": {
            "get": _op(
                "A game's report as XLSX",
                params=[g],
                produces="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
        "/api/events": {
            "get": _op("The host's events"),
            "post": _op("Create an event", body=_EVENT, ok="201"),
        },
        "/api/events/{event_id}": {
            "get": _op("One event", params=[e]),
            "put": _op("Change an event", params=[e], body=_EVENT),
            "delete": _op("Delete an event", params=[e], ok="204"),
        },
        "/api/events/{event_id}/leaderboard": {
            "get": _op("An event's leaderboard", params=[e, _KIND, *_PAGE])
        },
        "/api/events/{event_id}/report": {"get": _op("An event's report", params=[e])},
        "/api/events/{event_id}/report.csv": {
            "get": _op("An event's report as CSV", params=[e, _EVENT_TABLE], produces="text/csv")
        },
        "/api/events/{event_id}/report.xlsx": {
            "get": _op(
                "An event's report as XLSX",
                params=[e],
                produces="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
        "/api/leaderboards": {
            "get": _op(
                "Lasting leaderboard (all time or a season)",
                params=[
                    _KIND,
                    _query("from", _INSTANT),
                    _query("to", _INSTANT),
                    *_PAGE,
                ],
            )
        },
        "/api/me": {
            "get": _op(
                "A player's own history and badges (header X-Player-Key)",
                auth=False,
                params=[
                    {
                        "name": "X-Player-Key",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
            )
        },
        "/api/identities": {
            "delete": _op(
                "Forget a person (by identifier)",
                ok="204",
                params=[_query("identifier", {"type": "string"})],
            )
        },
        "/api/identities/{identity_id}": {
            "delete": _op("Forget a person (by id)", ok="204", params=[_path("identity_id")])
        },
        "/api/openapi.json": {"get": _op("This document", auth=False)},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Huddle HTTP API",
            "version": "1",
            "description": "Live quiz games; see docs/protocol.md for Socket.IO.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": _ERROR, "Quiz": _QUIZ, "Settings": _SETTINGS},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


@openapi_bp.get("/openapi.json")
async def openapi() -> ResponseReturnValue:
    return spec()
