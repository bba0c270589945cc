"""``GET /api/openapi.json``: the OpenAPI 3.1 document of the HTTP API, generated from the routes.

Nothing here lists the routes. Each ``/api`` view declares itself where it is defined:

- ``@api("summary", ok=201, limited=True, …)`` (below): its summary, its success status and
  content type, the errors it answers beyond the common ones, extra body encodings;
- quart-schema's ``document_request``, ``document_querystring``, ``document_headers`` and
  ``document_response`` with the shapes of `server.http.api_models`;
- `server.http.common.require_host`, which makes it a bearer-token operation (``401``, ``404``).

quart-schema's `OpenAPIProvider` walks the app's URL map and reads those declarations; the
subclass here adds what every Huddle answer shares (``422``, ``503``, the error shape). Only
the provider is used: the extension's ``init_app`` is not called, so quart-schema adds no route,
no JSON provider, no response conversion and no error handler to the app. A ``/api`` route
without ``@api`` makes the document fail to build (`Undocumented`), so none is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from quart import Blueprint, Quart, current_app
from quart.typing import ResponseReturnValue
from quart_schema import QuartSchema
from quart_schema.conversion import model_schema
from quart_schema.openapi import OpenAPIProvider
from werkzeug.routing import Rule
from werkzeug.routing.converters import BaseConverter, UnicodeConverter

from server.db.scope import Role
from server.http.api_models import Error
from server.http.common import (
    BEARER_ATTRIBUTE,
    ROLE_ATTRIBUTE,
    WORKSPACE_HEADER,
    WORKSPACE_PATH_ARG,
)

openapi_bp = Blueprint("openapi", __name__, url_prefix="/api")

_F = TypeVar("_F", bound=Callable[..., Any])
_ATTRIBUTE = "_huddle_operation"
_BINARY = {"schema": {"type": "string", "format": "binary"}}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_COMMON_ERRORS = {
    422: "invalid input (code invalid; field names it): a wrong type or range, text holding NUL "
    "or a lone surrogate (in the body, a path id or the query), a path id over 200 characters",
    503: "Redis or SQL unreachable (code unavailable); retry after Retry-After",
}
_BEARER_ERRORS = {401: "no or bad bearer token", 404: "not found (or another workspace's)"}
_WORKSPACE_PARAMETER = {
    "name": WORKSPACE_HEADER,
    "in": "header",
    "required": False,
    "description": "the workspace the call acts in (absent: the account's default workspace, "
    "its oldest owned one, else its oldest membership)",
    "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"},
}
_LIMITED = (
    "too many attempts from this address or account (code rate_limited, with Retry-After), or "
    "too many running games (code too_many_games)"
)


class Undocumented(LookupError):
    """An ``/api`` route has no `api` declaration."""


@dataclass(frozen=True)
class Operation:
    """What `api` declares of a route (see its arguments)."""

    summary: str
    ok: int = 200
    produces: str = "application/json"
    limited: bool = False
    description: str | None = None
    errors: Mapping[int, str] = field(default_factory=dict)
    also_accepts: Mapping[str, type[Any] | None] = field(default_factory=dict)
    body_optional: bool = False
    headers: type[Any] | None = None


def api(
    summary: str,
    *,
    ok: int = 200,
    produces: str = "application/json",
    limited: bool = False,
    description: str | None = None,
    errors: Mapping[int, str] | None = None,
    also_accepts: Mapping[str, type[Any] | None] | None = None,
    body_optional: bool = False,
    headers: type[Any] | None = None,
) -> Callable[[_F], _F]:
    """Declare an ``/api`` view for the OpenAPI document.

    ``ok`` is the success status (``204``: no body) with a body of type ``produces``;
    ``limited`` adds ``429``; ``errors`` adds or rewords error answers; ``also_accepts`` lists
    request encodings besides ``document_request``'s (a model, or None for raw bytes);
    ``headers`` documents the success answer's headers.
    """
    operation = Operation(
        summary, ok, produces, limited, description, errors or {}, also_accepts or {},
        body_optional, headers,
    )  # fmt: skip

    def decorator(view: _F) -> _F:
        setattr(view, _ATTRIBUTE, operation)
        return view

    return decorator


def _schema(model: type[Any], components: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema, its nested shapes moved into ``components``."""
    schema = dict(model_schema(model, preference="pydantic"))
    components.update(schema.pop("$defs", {}))
    return schema


def _content(media_type: str) -> dict[str, Any]:
    """A success answer's body of that type: a JSON object, text or bytes."""
    if media_type.endswith("json"):
        return {"schema": {"type": "object"}}
    return {"schema": {"type": "string"}} if media_type.startswith("text/") else _BINARY


class _Provider(OpenAPIProvider):
    """quart-schema's provider, for ``/api`` routes, with Huddle's common answers."""

    def generate_rules(self) -> Iterable[Rule]:
        return (rule for rule in super().generate_rules() if rule.rule.startswith("/api/"))

    def build_path_parameter(self, name: str, converter: BaseConverter) -> dict[str, Any]:
        parameter = super().build_path_parameter(name, converter)
        if isinstance(converter, UnicodeConverter):
            # Longer ids are refused before any lookup (server.http.common).
            parameter["schema"] = {"type": "string", "minLength": 1, "maxLength": 200}
        return parameter

    def build_headers_parameters(self, model: type[Any]) -> tuple[list[dict[str, Any]], Any]:
        parameters, components = super().build_headers_parameters(model)
        return self._required(model, parameters), components

    def build_querystring_parameters(self, model: type[Any]) -> tuple[list[dict[str, Any]], Any]:
        parameters, components = super().build_querystring_parameters(model)
        return self._required(model, parameters), components

    @staticmethod
    def _required(model: type[Any], parameters: list[dict[str, Any]]) -> list[dict[str, Any]]:
        required = set(model_schema(model, preference="pydantic").get("required", ()))
        for parameter in parameters:
            parameter["schema"].pop("title", None)
            parameter["required"] = parameter["name"] in required
        return parameters

    def build_paths(self, rule: Rule) -> tuple[dict[str, Any], dict[str, Any]]:
        paths, components = super().build_paths(rule)
        view = self._app.view_functions[rule.endpoint]
        operation = getattr(view, _ATTRIBUTE, None)
        if not isinstance(operation, Operation):
            raise Undocumented(f"{rule.rule} ({rule.endpoint}) has no @api declaration")
        bearer = getattr(view, BEARER_ATTRIBUTE, False)
        role = getattr(view, ROLE_ATTRIBUTE, None)
        for ops in paths.values():
            for method, op in ops.items():
                ops[method] = self._complete(op, operation, bearer, components)
                if isinstance(role, Role):
                    self._workspace(ops[method], role, WORKSPACE_PATH_ARG in rule.arguments)
                ops[method]["operationId"] = f"{method}_{rule.endpoint.replace('.', '_')}"
        return paths, components

    @staticmethod
    def _workspace(op: dict[str, Any], role: Role, in_path: bool) -> None:
        """A route guarded by `require_role`: the role it needs (``x-huddle-role``), the
        ``X-Workspace`` header (unless the path names the workspace) and its 403."""
        op["x-huddle-role"] = str(role)
        if not in_path:
            op.setdefault("parameters", []).append(dict(_WORKSPACE_PARAMETER))
        op["responses"].setdefault(
            "403",
            {
                "description": f"not a member of the workspace, or a role below {role} "
                "(code forbidden)",
                "content": {"application/json": {"schema": _ERROR_REF}},
            },
        )

    def _complete(
        self, op: dict[str, Any], declared: Operation, bearer: bool, components: dict[str, Any]
    ) -> dict[str, Any]:
        op = {**op, "summary": declared.summary}
        op.pop("description", None)  # the view's docstring is for its readers, not the API's
        if declared.description:
            op["description"] = declared.description
        responses = {str(status): answer for status, answer in op["responses"].items()}
        ok = responses.setdefault(str(declared.ok), {"description": "success"})
        if declared.ok == 204:
            ok.update(description="done")
        elif "content" not in ok:
            ok["content"] = {declared.produces: _content(declared.produces)}
        if declared.headers is not None:
            headers = _schema(declared.headers, components)["properties"]
            ok["headers"] = {
                name: {"description": prop.pop("description", ""), "schema": prop}
                for name, prop in headers.items()
            }
        errors = dict(_COMMON_ERRORS)
        if bearer:
            errors.update(_BEARER_ERRORS)
        if declared.limited:
            errors[429] = _LIMITED
        errors.update(declared.errors)
        for status, text in errors.items():
            responses[str(status)] = {
                "description": text,
                "content": {"application/json": {"schema": _ERROR_REF}},
            }
        op["responses"] = responses
        if not bearer:
            op["security"] = []
        if not op["parameters"]:
            del op["parameters"]
        if declared.also_accepts or "requestBody" in op:
            body = op.setdefault("requestBody", {"content": {}})
            for encoding, model in declared.also_accepts.items():
                body["content"][encoding] = (
                    _BINARY if model is None else {"schema": _schema(model, components)}
                )
            body["required"] = not declared.body_optional
        return op


_EXTENSION = QuartSchema(
    openapi_path=None,
    info={
        "title": "Huddle HTTP API",
        "version": "1",
        "description": "Live quiz games; see docs/protocol.md for Socket.IO.",
    },
    security_schemes={"bearer": {"type": "http", "scheme": "bearer"}},
    security=[{"bearer": []}],
    conversion_preference="pydantic",
)


def spec(app: Quart) -> dict[str, Any]:
    """The OpenAPI document of every ``/api`` route of ``app``; `Undocumented` if one lacks
    its `api` declaration."""
    app.config.setdefault("QUART_SCHEMA_CONVERSION_PREFERENCE", "pydantic")
    app.config.setdefault("QUART_SCHEMA_CONVERT_CASING", False)
    doc = _Provider(app, _EXTENSION).schema()
    doc["components"]["schemas"]["Error"] = _schema(Error, doc["components"]["schemas"])
    doc["paths"] = dict(doc["paths"])
    return doc


@openapi_bp.get("/openapi.json")
@api("This document")
async def openapi() -> ResponseReturnValue:
    return spec(current_app._get_current_object())  # type: ignore[attr-defined]
