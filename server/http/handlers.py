"""What every answer of the app goes through: errors translated into the JSON error shape
(503 with ``Retry-After`` when Redis or SQL cannot be reached), the security headers, and the
body size limit. `server.app` installs them once per app.
"""

from __future__ import annotations

import logging
import socket

from quart import Quart, Response, current_app, has_app_context, request
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import exc as sql_exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from games.errors import InvalidInput
from server.db.errors import Conflict, Forbidden
from server.http.common import ApiError, api_error, check_url_values, is_api_request
from server.logs import OutageLog

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "invalid",
    415: "invalid",
    429: "too_many_requests",
}


# How long a client should wait before trying again after a ``503 unavailable``.
RETRY_AFTER_S = 2
# An outage of Redis or SQL is logged at most once per this many seconds (per service).

# Redis errors that mean "not reachable right now" (BusyLoadingError: a restarted Redis still
# loading its append-only file). Other Redis errors answer 500.
REDIS_DOWN: tuple[type[Exception], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    BusyLoadingError,
)

# SQLSTATE classes of a database that cannot serve right now: 08 connection exception, 28 invalid
# authorization (the role was locked out), 53 insufficient resources (too many connections),
# 57P operator intervention (shutting down, starting up).
_SQL_DOWN_STATES = ("08", "28", "53", "57P")


def _sql_down_state(error: object) -> bool:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return isinstance(state, str) and state.startswith(_SQL_DOWN_STATES)


def unavailable_service(err: BaseException) -> str | None:
    """``"redis"`` or ``"sql"`` when `err` says that store cannot be reached right now (so the
    request may succeed when retried), else None."""
    if isinstance(err, REDIS_DOWN):
        return "redis"
    if isinstance(err, sql_exc.OperationalError | sql_exc.InterfaceError | sql_exc.TimeoutError):
        return "sql"  # TimeoutError: no pooled connection came free in time
    if isinstance(err, sql_exc.DBAPIError):
        return "sql" if err.connection_invalidated or _sql_down_state(err.orig) else None
    # asyncpg lets the socket's own errors through when it cannot connect at all (refused,
    # timed out, host unknown); Redis wraps its own, and HTTP views do no other network I/O.
    if isinstance(err, ConnectionError | TimeoutError | socket.gaierror) or _sql_down_state(err):
        return "sql"
    return None


_fallback_outage_log = OutageLog(log)


def note_outage(service: str, err: BaseException) -> None:
    """Log that `service` is unreachable: one warning line per `OUTAGE_LOG_INTERVAL_S` at
    most (no traceback), saying how many more failures it stands for."""
    outage_log = _fallback_outage_log
    if has_app_context():
        outage_log = current_app.extensions.get("huddle.outage_log", _fallback_outage_log)
    outage_log.warn(f"{service} unavailable", err)


def unavailable(service: str) -> Response:
    """``503 unavailable`` with ``Retry-After``: `service` ("redis" or "sql") is unreachable."""
    what = "the game store" if service == "redis" else "the database"
    return api_error(
        503,
        "unavailable",
        f"{what} is unavailable; try again shortly",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def register_error_handlers(app: Quart) -> None:
    """Translate errors into the JSON error shape.

    - `ApiError` → its status and code;
    - `games.errors.InvalidInput` → ``422 invalid`` with the engine's message and field;
    - `server.db.errors.Forbidden` (a role too low for a repository call) → ``403 forbidden``,
      `server.db.errors.Conflict` → ``409`` with its code (``last_owner``, …);
    - HTTP errors of ``/api`` routes → JSON (``404 not_found``, ``405 method_not_allowed``,
      a malformed or oversized body ``422 invalid``, …); other paths keep Quart's pages;
    - Redis or SQL unreachable (`unavailable_service`) → ``503 unavailable`` with
      ``Retry-After``, logged by `note_outage` (a line every few seconds, not a traceback per
      request);
    - any other exception → ``500 internal``, logged with its traceback.
    """
    app.extensions["huddle.outage_log"] = OutageLog(log)

    @app.before_request
    async def _check_url_text() -> None:
        if is_api_request():
            check_url_values()

    @app.errorhandler(ApiError)
    async def _api_error(err: ApiError) -> Response:
        return err.response()

    @app.errorhandler(InvalidInput)
    async def _invalid_input(err: InvalidInput) -> Response:
        return api_error(422, "invalid", err.message, field=err.field)

    @app.errorhandler(Forbidden)
    async def _forbidden(err: Forbidden) -> Response:
        return api_error(403, "forbidden", str(err) or "forbidden")

    @app.errorhandler(Conflict)
    async def _conflict(err: Conflict) -> Response:
        return api_error(409, err.code, err.message)

    @app.errorhandler(HTTPException)
    async def _http_error(err: HTTPException) -> Response | HTTPException:
        if not is_api_request() or err.code is None:
            return err
        status = err.code
        code = _STATUS_CODES.get(status, "error")
        if code == "invalid":
            status = 422
            message = "the request body is not valid" if err.code != 413 else "body too large"
        else:
            message = err.description or err.name
        response = api_error(status, code, message)
        if isinstance(err, MethodNotAllowed) and err.valid_methods:
            response.headers["Allow"] = ", ".join(err.valid_methods)
        return response

    @app.errorhandler(Exception)
    async def _unexpected(err: Exception) -> Response:
        service = unavailable_service(err)
        if service is not None:
            note_outage(service, err)
            return unavailable(service)
        log.exception("unhandled error in %s %s", request.method, request.path)
        return api_error(500, "internal", "internal server error")


def register_security_headers(app: Quart) -> None:
    """Headers on every answer of the app: ``X-Content-Type-Options: nosniff`` (a browser
    never guesses another type than the one sent), and on HTML pages ``X-Frame-Options: DENY``
    and ``Referrer-Policy: same-origin`` (a view may set its own first)."""

    @app.after_request
    async def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype == "text/html":
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def limit_bodies(app: Quart, limit: int, *, exempt: tuple[str, ...] = ()) -> None:
    """Refuse a body declared larger than `limit` bytes (``413``, as JSON under ``/api``) before
    it is read, on every path but those in `exempt` (which check their own, larger limit).
    A body sent without a length is still cut at the app's ``MAX_CONTENT_LENGTH``, and
    `json_body` measures what it read."""

    @app.before_request
    async def _limit_body() -> None:
        length = request.content_length
        if length is not None and length > limit and request.path not in exempt:
            raise RequestEntityTooLarge()
