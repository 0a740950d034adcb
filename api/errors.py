"""The one error envelope of the API, and the handlers that produce it.

Every error answer, whatever raised it, has the shape::

    {"error": {"code": "entity_not_found", "message": "...", "details": {...}}}

Status codes come from the exception classes in :mod:`ergraph.errors`; request
validation (FastAPI's ``RequestValidationError``) becomes ``422 validation_error`` with
one message per field; Starlette's own HTTP errors (unknown route, wrong method) keep
their status; anything unexpected becomes ``500 internal_error`` without a trace.
"""

from __future__ import annotations

import json
import logging
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


async def _ergraph_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, ErgraphError)
    if exc.status_code >= 500:
        log.warning("%s: %s", exc.code, exc.message)
    return error_response(exc.status_code, exc.code, exc.message, exc.details)


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


async def _http_error(_request: Request, exc: Exception) -> FastJSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, headers=exc.headers)


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
