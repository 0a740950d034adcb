"""The one error envelope of the API, and the handlers that produce it.

Every error answer, whatever raised it, has the shape::

    {"error": {"code": "entity_not_found", "message": "...", "details": {...}}}

Status codes come from the exception classes in :mod:`ergraph.errors`; request
validation (FastAPI's ``RequestValidationError``) becomes ``422 validation_error`` with
one message per field; Starlette's own HTTP errors (unknown route, wrong method) keep
their status (a 405 lists every method the path takes in ``Allow``); anything
unexpected becomes ``500 internal_error`` without a trace.

Messages and details never show where files live: :func:`redact_paths` cuts every
absolute path down to its last part (``sqlite:////srv/cases/x.db`` ->
``sqlite:///…/x.db``) before an error goes out; the log keeps the full text.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from ..errors import ErgraphError, NotImplementedFeature

try:  # orjson is optional: 3-10x faster on the large path / neighbourhood answers
    import orjson
except ImportError:  # pragma: no cover - exercised only without orjson
    orjson = None  # type: ignore[assignment]

__all__ = [
    "FastJSONResponse",
    "NotImplementedFeature",
    "envelope",
    "error_response",
    "install_error_handlers",
    "error_responses",
    "redact_paths",
]

log = logging.getLogger("ergraph.api")


class FastJSONResponse(JSONResponse):
    """JSON with orjson when installed (UTF-8, no NaN), else the standard library."""

    def render(self, content: Any) -> bytes:
        if orjson is not None:
            return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
        return json.dumps(content, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")


def envelope(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(status: int, code: str, message: str,
                   details: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> FastJSONResponse:
    return FastJSONResponse(envelope(code, message, jsonable_encoder(details or {})),
                            status_code=status, headers=headers)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


_DIRS = re.compile(r"/(?:[^\s/:'\"`<>|]+/)+")


def redact_paths(value: Any) -> Any:
    """``value`` (a string, or lists and dicts of them) with every absolute path cut to
    its last part: the folders above a file are nobody's business over HTTP."""
    if isinstance(value, str):
        return _DIRS.sub("\u2026/", value) if "/" in value else value
    if isinstance(value, dict):
        return {k: redact_paths(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_paths(v) for v in value]
    return value


async def _ergraph_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, ErgraphError)
    if exc.status_code >= 500:
        log.warning("%s: %s", exc.code, exc.message)
    retry = exc.details.get("retry_after_seconds")
    return error_response(exc.status_code, exc.code, redact_paths(exc.message),
                          redact_paths(jsonable_encoder(exc.details)),
                          headers={"Retry-After": str(int(retry))} if retry else None)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "request"


async def _validation_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = []
    for err in exc.errors():
        loc = err.get("loc", ())
        fields.append({
            "field": _field_name(loc),
            "in": str(loc[0]) if loc else "request",
            "message": str(err.get("msg", "invalid value")),
            "type": str(err.get("type", "value_error")),
        })
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return error_response(422, "validation_error", f"invalid request: {summary}",
                          {"fields": fields})


async def _http_error(request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    headers = dict(exc.headers or {})
    details: dict[str, Any] = {}
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
            details["allowed"] = allowed
    return error_response(exc.status_code, code, redact_paths(message), details,
                          headers=headers or None)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (the router names only the first
    route's: ``PUT /documents`` would say ``Allow: GET`` although POST is served too)."""
    from starlette.routing import get_route_path

    path = get_route_path(request.scope)
    methods: set[str] = set()
    for regex, route_methods in _route_table(request.app):
        if regex.match(path):
            methods.update(route_methods)
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return sorted(methods, key=lambda m: (order.index(m) if m in order else 99, m))


def _route_table(app: Any) -> list[tuple[Any, set[str]]]:
    """(path regex, methods) of every route of ``app``, included routers flattened."""
    table = getattr(app.state, "route_table", None)
    if table is None:
        table = []
        seen: set[int] = set()

        def walk(routes: Any) -> None:
            for r in routes or ():
                if id(r) in seen:
                    continue
                seen.add(id(r))
                regex, methods = getattr(r, "path_regex", None), getattr(r, "methods", None)
                if regex is not None and methods:
                    table.append((regex, set(methods)))
                walk(getattr(r, "routes", None))
                walk(getattr(getattr(r, "original_router", None), "routes", None))

        walk(app.router.routes)
        app.state.route_table = table
    return table  # type: ignore[no-any-return]


async def _unexpected(request: Request, exc: Exception) -> FastJSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path,
              exc_info=(type(exc), exc, exc.__traceback__))
    return error_response(500, "internal_error",
                          "an unexpected error occurred; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ErgraphError, _ergraph_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


_DESCRIPTIONS = {
    400: "the request body could not be read (not UTF-8 JSON)",
    403: "write refused: missing or wrong X-API-Key, or the service is read-only",
    404: "no such entity or document (entity errors carry close matches)",
    409: "a name names several entities (details.candidates lists them)",
    413: "document or request body over the size limit",
    422: "invalid parameter or body (details.fields), unknown relation type or modality",
    429: "too much work queued (ingest jobs); retry after Retry-After seconds",
    500: "unexpected error (logged; no details leaked)",
    501: "the feature's module is not installed in this build",
    503: "the store cannot be opened or reached",
    504: "the query ran past its time budget",
}


def error_responses(*codes: int, media: str | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries declaring the error envelope for ``codes``.

    ``media`` spells the JSON content out, for routes whose own response class is not
    JSON (FastAPI would otherwise document their errors with the route's media type)."""
    if media:
        ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
        return {c: {"description": _DESCRIPTIONS[c], "content": {media: {"schema": ref}}}
                for c in codes}
    return {c: {"model": _envelope_model(), "description": _DESCRIPTIONS[c]} for c in codes}


def _envelope_model() -> type:
    from .models import ErrorEnvelope

    return ErrorEnvelope
