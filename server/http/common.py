"""The HTTP API's shared edge: JSON errors, JSON bodies, field checks, authentication and
the caller's workspace and role.

Every error of an ``/api`` route answers ``{"error": {"code", "message"}}`` (plus ``"field"``
when one field is at fault) with a 4xx, 500 or 503 status; `server.http.handlers` installs the
translations once per app.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, NoReturn, ParamSpec, Protocol, TypeVar

from quart import Response, g, has_request_context, request
from werkzeug.exceptions import RequestEntityTooLarge

from games.text import first_unstorable, storable
from server.auth import token_claims
from server.context import get_context
from server.db.errors import NotFound
from server.db.hosts import HostRecord
from server.db.scope import Role, Scope
from server.sockets.guard import client_address
from server.store.rates import RATE_WINDOW_MS

API_PREFIX = "/api"

_P = ParamSpec("_P")
_R = TypeVar("_R")


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


def is_api_request() -> bool:
    return has_request_context() and (
        request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")
    )


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


def not_found(what: str, ident: str) -> ApiError:
    """``404 not_found`` for a row the URL names: ``no <what> '<ident>'``."""
    return ApiError(404, "not_found", f"no {what} {ident!r}")


def check_path_id(value: str, what: str) -> None:
    """An id from the URL that no row can have (empty, longer than `MAX_URL_ID`, NUL or
    another unprintable character) is simply `not_found`, without a look-up."""
    if not 1 <= len(value) <= MAX_URL_ID or not value.isprintable():
        raise not_found(what, value)


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


def only(body: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """``422 invalid`` naming the first field of `body` (alphabetically) not in `allowed`."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"unknown field {unknown[0]!r}")


def field_email(body: Mapping[str, Any], name: str = "email") -> str:
    """The e-mail field `name`, trimmed and lower-cased; ``422 invalid`` unless it looks like
    ``local@domain.tld`` of at most 254 characters."""
    value = field_str(body, name, max_len=EMAIL_MAX)
    if not _EMAIL.fullmatch(value):
        raise invalid(name, f"{name} must be an e-mail address")
    return value.lower()


# -- authentication, workspace and role ---------------------------------------------------------


async def authenticate() -> HostRecord:
    """The account named by the request's ``Authorization: Bearer <token>``.

    Raises ``ApiError(401, "unauthorized")`` when the header is missing or malformed, the
    token is bad or expired, was revoked (its account logged out), or its account no longer
    exists. The token's id goes to ``g.token_id`` (for logging out).
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
        raise ApiError(401, "unauthorized", "the token was revoked or its account is gone")
    g.token_id = claims[1]
    return host


#: The request header naming the workspace a call acts in (absent: the account's default).
WORKSPACE_HEADER = "X-Workspace"
#: The path parameter that names the workspace instead, on ``/api/workspaces/{workspace_id}/…``.
WORKSPACE_PATH_ARG = "workspace_id"
_WORKSPACE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def requested_workspace() -> str | None:
    """The workspace id the request names (path parameter ``workspace_id``, else the
    ``X-Workspace`` header), None when it names none; ``422 invalid`` when the header is not an
    opaque id of at most 64 URL-safe characters."""
    in_path = (request.view_args or {}).get(WORKSPACE_PATH_ARG)
    if isinstance(in_path, str):
        return in_path
    raw = request.headers.get(WORKSPACE_HEADER)
    if raw is None:
        return None
    value = raw.strip()
    if not _WORKSPACE_ID.fullmatch(value):
        raise invalid(
            WORKSPACE_HEADER,
            f"{WORKSPACE_HEADER} must be a workspace id (1-64 URL-safe characters)",
        )
    return value


async def workspace_scope(account: HostRecord) -> Scope:
    """The scope `account` acts in for this request: the workspace it names (`requested_workspace`)
    or the account's default one (its oldest owner membership, else its oldest membership).
    ``403 forbidden`` when the account is not a member of it, or belongs to no workspace."""
    workspaces = get_context().db.workspaces
    named = requested_workspace()
    if named is None:
        found = await workspaces.default_workspace(account.id)
        if found is None:
            raise ApiError(403, "forbidden", "this account belongs to no workspace")
        return Scope(workspace_id=found[0], account_id=account.id, role=found[1])
    role = await workspaces.membership(named, account.id)
    if role is None:
        raise ApiError(403, "forbidden", "you are not a member of this workspace")
    return Scope(workspace_id=named, account_id=account.id, role=role)


#: Set on the views that take a bearer token (`require_account`, `require_role`).
BEARER_ATTRIBUTE = "_huddle_bearer"
#: Set on the views `require_role` guards: the least `Role` they need in the workspace.
ROLE_ATTRIBUTE = "_huddle_role"


class ViewGuard(Protocol):
    """A decorator of async views that keeps their signature."""

    def __call__(self, view: Callable[_P, Awaitable[_R]], /) -> Callable[_P, Awaitable[_R]]: ...


def require_account(view: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[_R]]:
    """Let only a signed-in account call the async view (any workspace, or none); it goes to
    ``g.host`` (`current_host()`). Without a valid bearer token: ``401 unauthorized``."""

    @functools.wraps(view)
    async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        g.host = await authenticate()
        return await view(*args, **kwargs)

    setattr(wrapper, BEARER_ATTRIBUTE, True)
    return wrapper


def require_role(role: Role) -> ViewGuard:
    """A decorator letting only an account with at least `role` in the request's workspace
    call the async view; the account goes to ``g.host`` and its `Scope` to ``g.scope``.

    Put it below the route decorator and pass `current_scope()` to the repositories::

        @bp.get("/things")
        @require_host
        async def things() -> ResponseReturnValue:
            scope = current_scope()
            ...

    Without a valid bearer token the view is not called and the answer is ``401
    unauthorized``; not a member of the workspace, or a lower role: ``403 forbidden``. The
    OpenAPI document (`server.http.openapi`) reads `BEARER_ATTRIBUTE` and `ROLE_ATTRIBUTE`.
    """

    def guard(view: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[_R]]:
        @functools.wraps(view)
        async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            g.host = await authenticate()
            # Built once per request: what the caller may reach is decided here, not per call.
            scope = await workspace_scope(g.host)
            if not scope.role.at_least(role):
                raise ApiError(403, "forbidden", f"this needs the {role} role in the workspace")
            g.scope = scope
            return await view(*args, **kwargs)

        setattr(wrapper, BEARER_ATTRIBUTE, True)
        setattr(wrapper, ROLE_ATTRIBUTE, role)
        return wrapper

    return guard


#: Any member of the workspace.
require_member = require_role(Role.MEMBER)
#: A host, admin or owner: runs games, edits the library.
require_host = require_role(Role.HOST)
#: An admin or owner: manages members and settings.
require_admin = require_role(Role.ADMIN)
#: An owner only.
require_owner = require_role(Role.OWNER)


def current_host() -> HostRecord:
    """The account that `require_account` or `require_role` authenticated for this request."""
    host = g.get("host")
    if not isinstance(host, HostRecord):
        raise RuntimeError("current_host() outside a view decorated with @require_…")
    return host


def current_scope() -> Scope:
    """The scope `require_role` built for this request: pass it to the repositories."""
    scope = g.get("scope")
    if not isinstance(scope, Scope):
        raise RuntimeError("current_scope() outside a view decorated with @require_role(…)")
    return scope


async def on_path_row(
    what: str, ident: str, act: Callable[[Scope, str], Awaitable[_R | None]]
) -> _R:
    """`act(current_scope(), ident)` on the row the URL names: ``404 not_found`` (``no <what>
    '<ident>'``) for an id no row can have (`act` is not called), or when `act` raises
    `NotFound` or finds nothing (None)."""
    check_path_id(ident, what)
    try:
        row = await act(current_scope(), ident)
    except NotFound:
        row = None
    if row is None:
        raise not_found(what, ident)
    return row
