"""Reports of finished games and events (JSON, CSV, XLSX) and quiz files (export, import).

- ``GET /api/games/{id}/report`` · ``/report.csv?table=players|teams|questions|answers`` ·
  ``/report.xlsx`` (one sheet per table); the same under ``/api/events/{id}/``, whose CSV
  also has ``table=rounds``.
- ``GET /api/quizzes/{id}/export``: the quiz document, as a download;
  ``/export.xlsx``: its choice and true/false questions in Kahoot's spreadsheet template, the
  others listed in the ``Huddle-Skipped`` header.
- ``POST /api/quizzes/import``: a quiz document (JSON), or an XLSX spreadsheet in the Kahoot
  layout (the raw body with an optional ``?title=``, or a multipart form's ``file`` and
  optional ``title``); ``201`` the stored quiz.

Imports and spreadsheet exports are parsed and built in a small pool of worker threads
(`IMPORT_WORKERS`), never on the event loop, within the limits of
`server.reports.spreadsheet`.

Reports are the host's and carry the players' identifiers.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from quart import Blueprint, Response, request
from quart.typing import ResponseReturnValue
from quart_schema import document_querystring, document_request

from games.limits import MAX_TITLE
from games.quiz import parse_authored_quiz, parse_quiz
from server.context import get_context
from server.db.errors import NotFinished, NotFound
from server.db.quizzes import quiz_document
from server.http.api_models import (
    EventTable,
    GameTable,
    ImportForm,
    Quiz,
    SkippedHeaders,
    TitleQuery,
)
from server.http.common import (
    ApiError,
    current_scope,
    field_str,
    invalid,
    json_object,
    require_host,
)
from server.http.openapi import api
from server.reports.kahoot import is_xlsx, kahoot_quiz
from server.reports.kahoot_export import kahoot_workbook
from server.reports.tables import CSV_TYPE, XLSX_TYPE, Table, event_tables, game_tables, to_csv
from server.reports.tables import to_xlsx as tables_to_xlsx

reports_bp = Blueprint("reports", __name__, url_prefix="/api")

_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
_T = TypeVar("_T")
# Skipped questions listed in the Huddle-Skipped header at most: about 2.5 KB, so the answer's
# headers fit a reverse proxy's buffer (nginx's proxy_buffer_size is 4 KB by default).
MAX_SKIPPED_LISTED = 50

#: Imports parsed (and spreadsheets built) at once on a node; more wait their turn, so a burst
#: of uploads takes at most this many cores and never the event loop.
IMPORT_WORKERS = 2
# Threads start on the first import, not at import time.
_workers = ThreadPoolExecutor(max_workers=IMPORT_WORKERS, thread_name_prefix="huddle-import")


async def off_loop(function: Callable[..., _T], *args: Any) -> _T:
    """`function(*args)` run in the import workers, awaited without blocking the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_workers, functools.partial(function, *args))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", ascii_text).strip("-").lower()


def filename(stem: str, extension: str, *tail: str) -> str:
    """A download file name: `stem` as ASCII letters, digits and dashes (at most 60 with the
    `tail`), then each of `tail` after a dash, then the extension.

    The tail (the game's id, the table) is kept whole and the stem shortened for it: a long
    quiz title once cut them off, and the three CSV tables of a game got one name.
    """
    ending = "".join(f"-{part}" for part in map(_slug, tail) if part)
    slug = _slug(stem)[: max(1, 60 - len(ending))].strip("-") or "huddle"
    return f"{slug}{ending}.{extension}"


def download(body: str | bytes, mimetype: str, name: str) -> Response:
    """A response the browser saves as `name`."""
    response = Response(body, mimetype=None, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


async def _game_report(game_id: str) -> dict[str, Any]:
    try:
        return await get_context().db.reports.game(current_scope(), game_id)
    except NotFound:
        raise ApiError(404, "not_found", f"no game {game_id!r}") from None
    except NotFinished:
        raise ApiError(409, "not_finished", "the game has not finished yet") from None


async def _event_report(event_id: str) -> dict[str, Any]:
    try:
        return await get_context().db.reports.event(current_scope(), event_id)
    except NotFound:
        raise ApiError(404, "not_found", f"no event {event_id!r}") from None


def _csv(tables: dict[str, Table], stem: str, ident: str) -> Response:
    """The table named by ``?table=`` (default players) as a CSV download."""
    name = request.args.get("table", "players")
    if name not in tables:
        raise invalid("table", f"table must be one of {', '.join(tables)}")
    table = tables[name]
    return download(to_csv(table), CSV_TYPE, filename(stem, "csv", ident, table.title))


def _xlsx(tables: dict[str, Table], stem: str, ident: str) -> Response:
    """Every table, one sheet each, as a workbook download."""
    return download(tables_to_xlsx(list(tables.values())), XLSX_TYPE, filename(stem, "xlsx", ident))


@reports_bp.get("/games/<game_id>/report")
@api("A game's report")
@require_host
async def game_report_json(game_id: str) -> ResponseReturnValue:
    return await _game_report(game_id)


@reports_bp.get("/games/<game_id>/report.csv")
@api("A game's report as CSV", produces="text/csv")
@document_querystring(GameTable)
@require_host
async def game_report_csv(game_id: str) -> ResponseReturnValue:
    report = await _game_report(game_id)
    return _csv(game_tables(report), report["game"]["title"], game_id)


@reports_bp.get("/games/<game_id>/report.xlsx")
@api("A game's report as XLSX", produces=XLSX_TYPE)
@require_host
async def game_report_xlsx(game_id: str) -> ResponseReturnValue:
    report = await _game_report(game_id)
    return _xlsx(game_tables(report), report["game"]["title"], game_id)


@reports_bp.get("/events/<event_id>/report")
@api("An event's report")
@require_host
async def event_report_json(event_id: str) -> ResponseReturnValue:
    return await _event_report(event_id)


@reports_bp.get("/events/<event_id>/report.csv")
@api("An event's report as CSV", produces="text/csv")
@document_querystring(EventTable)
@require_host
async def event_report_csv(event_id: str) -> ResponseReturnValue:
    report = await _event_report(event_id)
    return _csv(event_tables(report), report["event"]["name"], event_id)


@reports_bp.get("/events/<event_id>/report.xlsx")
@api("An event's report as XLSX", produces=XLSX_TYPE)
@require_host
async def event_report_xlsx(event_id: str) -> ResponseReturnValue:
    report = await _event_report(event_id)
    return _xlsx(event_tables(report), report["event"]["name"], event_id)


@reports_bp.get("/quizzes/<quiz_id>/export")
@api("Export a quiz as JSON")
@require_host
async def export_quiz(quiz_id: str) -> ResponseReturnValue:
    """The quiz document (what ``POST /api/quizzes`` and the import take), as a download."""
    stored = await get_context().db.quizzes.get(current_scope(), quiz_id)
    if stored is None:
        raise ApiError(404, "not_found", f"no quiz {quiz_id!r}")
    document = parse_quiz(quiz_document(stored)).to_doc()
    return download(_json(document), "application/json", filename(str(document["title"]), "json"))


@reports_bp.get("/quizzes/<quiz_id>/export.xlsx")
@api(
    "Export a quiz to Kahoot's spreadsheet template",
    produces=XLSX_TYPE,
    headers=SkippedHeaders,
    description="Choice questions of up to 4 answers and true/false questions with whole-second "
    "time limits; the others are skipped. 422 (field `questions`) when none fits.",
)
@require_host
async def export_quiz_xlsx(quiz_id: str) -> ResponseReturnValue:
    """The quiz in Kahoot's spreadsheet template, as a download; the questions the template
    cannot hold are listed in the ``Huddle-Skipped`` header (a JSON list of ``{"number",
    "kind", "reason"}``, the first `MAX_SKIPPED_LISTED`), and counted in
    ``Huddle-Skipped-Count``. ``422`` when none of them fits."""
    stored = await get_context().db.quizzes.get(current_scope(), quiz_id)
    if stored is None:
        raise ApiError(404, "not_found", f"no quiz {quiz_id!r}")
    quiz = parse_quiz(quiz_document(stored))
    data, skipped = await off_loop(kahoot_workbook, quiz)
    if len(skipped) == len(quiz.questions):
        raise invalid(
            "questions",
            "none of the questions fits Kahoot's template (choice questions of up to 4 answers "
            "and true/false questions)",
        )
    response = download(data, XLSX_TYPE, filename(quiz.title, "xlsx"))
    listed = skipped[:MAX_SKIPPED_LISTED]
    response.headers["Huddle-Skipped"] = json.dumps(
        [{"number": s.number, "kind": s.kind, "reason": s.reason} for s in listed],
        separators=(",", ":"),
    )
    response.headers["Huddle-Skipped-Count"] = str(len(skipped))
    return response


async def _upload() -> tuple[bytes, str | None]:
    """The request's body, or a multipart form's ``file``, and the form's (or the query's)
    ``title``; ``422`` when too large or without the file."""
    limit = get_context().settings.max_payload_bytes
    if request.content_length is not None and request.content_length > limit:
        raise invalid("body", "the upload is too large")
    fields: Any = request.args
    if (request.mimetype or "").startswith("multipart/form-data"):
        files = await request.files
        fields = await request.form
        upload = files.get("file")
        if upload is None:
            raise invalid("file", "send the spreadsheet as the form field 'file'")
        data: bytes = upload.read(limit + 1)
    else:
        data = await request.get_data(cache=True, as_text=False, parse_form_data=False)
    if len(data) > limit:
        raise invalid("body", "the upload is too large")
    title = fields.get("title")
    if title is not None:
        title = field_str({"title": title}, "title", max_len=MAX_TITLE)
    return data, title


def _parse_import(data: bytes, title: str | None) -> dict[str, Any]:
    """The quiz document of an uploaded file (blocking: run in the import workers)."""
    if is_xlsx(data):
        return kahoot_quiz(data, title)
    value = json_object(data, "body must be a JSON object or an XLSX spreadsheet")
    if title is not None:
        value["title"] = title
    return parse_authored_quiz(quiz_document(value)).to_doc()


@reports_bp.post("/quizzes/import")
@api(
    "Import a quiz (JSON, or an XLSX spreadsheet in the Kahoot layout)",
    ok=201,
    also_accepts={XLSX_TYPE: None, "multipart/form-data": ImportForm},
    description="The title (form field or query) names the quiz; Kahoot's template holds none. "
    "A spreadsheet is read within limits (parts, unpacked size, cells per row, characters per "
    "cell, rows); past one, 422 with field `file` or `rows[<n>]` and a message naming it.",
)
@document_request(Quiz)
@document_querystring(TitleQuery)
@require_host
async def import_quiz() -> ResponseReturnValue:
    """Store a quiz from a quiz document (JSON) or a Kahoot-layout spreadsheet (XLSX), parsed
    off the event loop; the form's ``title`` names it (a spreadsheet from Kahoot has none)."""
    data, title = await _upload()
    document = await off_loop(_parse_import, data, title)
    return await get_context().db.quizzes.create(current_scope(), document), 201


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
