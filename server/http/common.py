"""The HTTP API's shared edge: JSON errors, JSON bodies, field checks and host authentication.

Every error of an ``/api`` route answers ``{"error": {"code", "message"}}`` (plus ``"field"``
when one field is at fault) with a 4xx, 500 or 503 status; `register_error_handlers` installs the
translations once per app, and `register_security_headers` the headers every answer carries.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import socket
import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, NoReturn, ParamSpec, TypeVar

from quart import Quart, Response, current_app, g, has_app_context, has_request_context, request
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import exc as sql_exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from games.errors import InvalidInput
from games.text import first_unstorable, storable
from server.auth import token_claims
from server.context import get_context
from server.db.hosts import HostRecord
from server.db.scope import Scope
from server.logs import OutageLog
from server.sockets.guard import client_address
from server.store.rates import RATE_WINDOW_MS

log = logging.getLogger(__name__)

API_PREFIX = "/api"

_P = ParamSpec("_P")
_R = TypeVar("_R")

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


def api_error(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A JSON error answer: ``{"error": {"code", "message"[, "field"]}}``."""
    error: dict[str, str] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    response = Response(json.dumps({"error": error}), status=status, mimetype="application/json")
    if headers:
        response.headers.update(headers)
    return response


class ApiError(Exception):
    """Raise from a view to answer `api_error(status, code, message)` (with `headers`)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = dict(headers or {})

    def response(self) -> Response:
        return api_error(
            self.status, self.code, self.message, field=self.field, headers=self.headers
        )


def invalid(field: str, message: str) -> ApiError:
    """A ``422 invalid`` error about `field`; `message` should name the field, too."""
    return ApiError(422, "invalid", message, field=field)


def _is_api_request() -> bool:
    return has_request_context() and (
        request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")
    )


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
        if _is_api_request():
            check_url_values()

    @app.errorhandler(ApiError)
    async def _api_error(err: ApiError) -> Response:
        return err.response()

    @app.errorhandler(InvalidInput)
    async def _invalid_input(err: InvalidInput) -> Response:
        return api_error(422, "invalid", err.message, field=err.field)

    @app.errorhandler(HTTPException)
    async def _http_error(err: HTTPException) -> Response | HTTPException:
        if not _is_api_request() or err.code is None:
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


def request_address() -> str:
    """The client's address, for per-address limits: found as for Socket.IO connections
    (`server.sockets.guard.client_address`: the peer, or ``X-Forwarded-For`` behind a proxy in
    ``HUDDLE_TRUSTED_PROXIES``)."""
    environ = {
        "asgi.scope": request.scope,
        "HTTP_X_FORWARDED_FOR": ",".join(request.headers.getlist("X-Forwarded-For")),
    }
    return client_address(environ, get_context().settings.trusted_proxies)


# -- request text ------------------------------------------------------------------------------

# The longest id a URL may name (ids are at most 64 characters; PINs, keys and tokens fewer
# than 200).
MAX_URL_ID = 200
_UNSTORABLE = "must be valid Unicode without NUL characters"


def check_url_values() -> None:
    """Refuse a request whose path ids or query parameters could not be stored or looked up:
    ``422 invalid`` naming the parameter when it holds NUL (``%00``) or is longer than
    `MAX_URL_ID` characters (a path id) — the view is not called, so nothing changes."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and (not storable(value) or len(value) > MAX_URL_ID):
            raise invalid(name, f"{name} {_UNSTORABLE}, at most {MAX_URL_ID} characters")
    for name, value in request.args.items(multi=True):
        if not storable(name):
            raise invalid("query", f"query parameter names {_UNSTORABLE}")
        if not storable(value):
            raise invalid(name, f"{name} {_UNSTORABLE}")


def rate_limited(message: str, now_ms: int) -> ApiError:
    """``429 rate_limited`` for a per-clock-minute limit, with ``Retry-After`` the seconds
    left in the minute."""
    wait_s = max(1, math.ceil((RATE_WINDOW_MS - now_ms % RATE_WINDOW_MS) / 1000))
    return ApiError(429, "rate_limited", message, headers={"Retry-After": str(wait_s)})


# -- request bodies ---------------------------------------------------------------------------

_BAD_BODY = "body must be a JSON object"


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


async def json_body() -> dict[str, Any]:
    """The request body as a JSON object.

    Raises ``ApiError(422, "invalid", "body must be a JSON object")`` when it is malformed,
    not an object (``NaN``/``Infinity`` included), or larger than the server's
    ``max_payload_bytes``; and a ``422 invalid`` naming the field when any string in it (a key
    or a value, at any depth) holds NUL or a lone surrogate, which no database stores.
    """
    limit = get_context().settings.max_payload_bytes
    if request.content_length is not None and request.content_length > limit:
        raise invalid("body", _BAD_BODY)
    try:
        data = await request.get_data(cache=True, as_text=False, parse_form_data=False)
    except RequestEntityTooLarge:
        raise invalid("body", _BAD_BODY) from None
    if len(data) > limit:
        raise invalid("body", _BAD_BODY)
    return json_object(data)


def json_object(data: bytes, refusal: str = _BAD_BODY) -> dict[str, Any]:
    """`data` parsed as a JSON object (no ``NaN``/``Infinity``); ``422 invalid`` with
    `refusal` when it is not one, or naming the field when any string in it holds NUL or a
    lone surrogate. Blocking for a large body: an import runs it in its worker threads."""
    try:
        value = json.loads(data, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise invalid("body", refusal) from None
    if not isinstance(value, dict):
        raise invalid("body", refusal)
    unstorable = first_unstorable(value)
    if unstorable is not None:
        raise invalid(unstorable, f"{unstorable} {_UNSTORABLE}")
    return value


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def field_str(
    body: Mapping[str, Any],
    name: str,
    *,
    max_len: int,
    min_len: int = 1,
    strip: bool = True,
    allow_control: bool = False,
) -> str:
    """The string field `name` of `body`, trimmed unless `strip` is False.

    Raises a ``422 invalid`` naming the field when it is missing, not a string, shorter than
    `min_len` or longer than `max_len` characters (after trimming), holds control characters
    (unless `allow_control`), or holds NUL or a lone surrogate (always).
    """
    value = body.get(name)
    if value is None:
        raise invalid(name, f"{name} is required")
    if not isinstance(value, str):
        raise invalid(name, f"{name} must be a string")
    if strip:
        value = value.strip()
    if len(value) < min_len:
        if min_len == 1:
            raise invalid(name, f"{name} must not be empty")
        raise invalid(name, f"{name} must be at least {min_len} characters")
    if len(value) > max_len:
        raise invalid(name, f"{name} must be at most {max_len} characters")
    if not allow_control and _has_control(value):
        raise invalid(name, f"{name} must not contain control characters")
    if not storable(value):
        raise invalid(name, f"{name} {_UNSTORABLE}")
    return value


_EMAIL = re.compile(r"[^@\s]{1,64}@(?:[^@\s.]{1,63}\.)+[^@\s.]{1,63}")

EMAIL_MAX = 254


def field_email(body: Mapping[str, Any], name: str = "email") -> str:
    """The e-mail field `name`, trimmed and lower-cased; ``422 invalid`` unless it looks like
    ``local@domain.tld`` of at most 254 characters."""
    value = field_str(body, name, max_len=EMAIL_MAX)
    if not _EMAIL.fullmatch(value):
        raise invalid(name, f"{name} must be an e-mail address")
    return value.lower()


# -- authentication ---------------------------------------------------------------------------


async def authenticate() -> HostRecord:
    """The host named by the request's ``Authorization: Bearer <token>``.

    Raises ``ApiError(401, "unauthorized")`` when the header is missing or malformed, the
    token is bad or expired, was revoked (its host logged out), or its host no longer exists.
    The token's id goes to ``g.token_id`` (for logging out).
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "unauthorized", "a bearer token is required")
    ctx = get_context()
    claims = token_claims(ctx.tokens, token)
    if claims is None:
        raise ApiError(401, "unauthorized", "the token is invalid or has expired")
    host = await ctx.db.hosts.by_token(*claims)
    if host is None:
        raise ApiError(401, "unauthorized", "the token was revoked or its host is gone")
    g.token_id = claims[1]
    return host


#: Set on the views `require_host` guards: they take a bearer token.
BEARER_ATTRIBUTE = "_huddle_bearer"


def require_host(view: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[_R]]:
    """Let only an authenticated host call the async view; its `HostRecord` goes to ``g.host``
    and the scope it acts in to ``g.scope``.

    Put it below the route decorator and read the host with `current_host()`, the scope of
    its repository calls with `current_scope()`::

        @bp.get("/things")
        @require_host
        async def things() -> ResponseReturnValue:
            host = current_host()
            ...

    Without a valid bearer token the view is not called and the answer is ``401 unauthorized``.
    The OpenAPI document (`server.http.openapi`) reads `BEARER_ATTRIBUTE` off the view.
    """

    @functools.wraps(view)
    async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        g.host = await authenticate()
        # Built once per request: what the host may reach is decided here, not per call.
        g.scope = Scope(host_id=g.host.id)
        return await view(*args, **kwargs)

    setattr(wrapper, BEARER_ATTRIBUTE, True)
    return wrapper


def current_host() -> HostRecord:
    """The host that `require_host` authenticated for this request."""
    host = g.get("host")
    if not isinstance(host, HostRecord):
        raise RuntimeError("current_host() outside a view decorated with @require_host")
    return host


def current_scope() -> Scope:
    """The scope `require_host` built for this request: pass it to the repositories."""
    scope = g.get("scope")
    if not isinstance(scope, Scope):
        raise RuntimeError("current_scope() outside a view decorated with @require_host")
    return scope
