"""The FastAPI application: ``create_app(settings, store=None, extractor=None)``.

* Configuration enters here (``Settings``, read from ``ERGRAPH_*`` only when
  ``create_app`` is called without one); the store is opened on first use, so a store
  that cannot be opened answers 503 in the error envelope instead of failing start-up.
* Built on the ``GraphStore`` protocol: serves the embedded store and Neo4j alike.
* ``/docs`` (Swagger UI) and ``/redoc`` work offline: their scripts are served from the
  ``fastapi-offline`` package's bundled copies under ``/docs-static``; without that
  package both pages answer 501 and ``/openapi.json`` still documents everything. The
  ReDoc bundle is served with its one network URL (a logo on ``cdn.redoc.ly``) removed.
* :class:`HostGuard` refuses requests whose ``Host`` is not an allowed name (400) and
  writes whose ``Origin`` is not (403): no DNS rebinding through a user's browser.
* Long documents posted are extracted in bounded windows
  (:class:`~ergraph.loaders.windows.WindowedExtractor`).
* ``/static`` serves the explorer's scripts from ``ergraph/viz/static`` when present.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..graph.base import GraphStore
from .errors import (
    FastJSONResponse,
    NotImplementedFeature,
    error_response,
    install_error_handlers,
)
from .routes import router
from .service import Runtime
from .settings import Settings, host_name

__all__ = ["create_app"]

DESCRIPTION = """
Query an entity-relationship graph built from news documents: search entities, walk
neighbourhoods, find paths with the evidence sentence behind every edge, add and remove
documents.

* **Errors** always come as `{"error": {"code", "message", "details"}}`.
* **Limits**: `max_hops` <= 6, `depth` <= 3, `limit` <= 1000, `k` <= 20, and a time
  budget per query (504 `query_timeout` past it).
* **Filters**: `types` and `modalities` (repeat or comma-separate) are checked against
  the schema (`GET /schema`); `since` / `until` use the documents' dates. Negated
  evidence is never traversed unless asked for.
* **Writes** (`POST` / `DELETE /documents`) need the `X-API-Key` header when the
  service has a key; a service bound beyond localhost without a key is read-only.
"""

TAGS = [
    {"name": "graph", "description": "neighbourhoods, paths and relations, with evidence"},
    {"name": "entities", "description": "search and entity details"},
    {"name": "documents", "description": "documents: list, read, ingest, remove"},
    {"name": "analytics", "description": "centrality and communities"},
    {"name": "service", "description": "health, statistics, schema"},
    {"name": "explorer", "description": "the interactive page"},
    {"name": "exchange", "description": "exports"},
]


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413), counting as they stream in, so
    neither a large Content-Length nor a chunked upload is read past the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        too_large = False

        async def counted() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    too_large = True
                    raise _BodyTooLarge
            return message

        started = False

        async def guarded_send(message: Message) -> None:
            # once the body went over the limit, whatever the app answers (it may turn
            # the aborted read into a 400) is replaced by the 413 envelope
            nonlocal started
            if too_large:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._refuse(scope, receive, send)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not (too_large and not started):
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, "payload_too_large",
            f"request body over {self.limit} bytes", {"limit": self.limit})
        await response(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class HostGuard:
    """DNS-rebinding guard. A page on ``evil.example`` whose name is made to resolve to
    127.0.0.1 reaches the service with ``Host: evil.example``: refused (400). A write
    sent by a browser from another site carries that site's ``Origin``: refused (403).
    Allowed names come from ``Settings.host_allowed`` (loopback by default). Requests
    made in-process by Starlette's test client (client ``testclient``, host
    ``testserver``) come from no browser and no network and pass."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        client = scope.get("client") or ("", 0)
        in_process = client[0] == "testclient" and host == "testserver"
        if not in_process and not self.settings.host_allowed(host):
            response = error_response(
                400, "invalid_host", "the Host header does not name this service; allowed: "
                + ", ".join(self.settings.allowed_hosts) + " (ERGRAPH_ALLOWED_HOSTS)",
                {"host": host[:100]})
            await response(scope, receive, send)
            return
        origin = headers.get(b"origin")
        if origin is not None and scope.get("method", "GET") not in _SAFE_METHODS:
            from urllib.parse import urlsplit

            text = origin.decode("latin-1").strip()
            try:
                o_host = host_name(urlsplit(text).hostname or "") if text != "null" else ""
            except ValueError:
                o_host = ""
            if not ((in_process and o_host == "testserver")
                    or self.settings.host_allowed(o_host)):
                response = error_response(
                    403, "forbidden_origin", "writes from a page of another site are "
                    "refused (Origin header)", {"origin": text[:100]})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None, store: GraphStore | None = None,
               extractor: Any = None) -> FastAPI:
    """Build the API. ``settings`` default to the environment (read now, not at import);
    ``store`` overrides ``settings.store`` (the caller keeps ownership and closes it);
    ``extractor`` overrides the default extractor (created on the first POST)."""
    from ..loaders.windows import WindowedExtractor, windowed

    settings = settings if settings is not None else Settings()
    runtimes: list[Runtime] = []

    def build_extractor() -> Any:
        from ..loaders import default_extractor

        return default_extractor(schema=runtimes[0].schema)

    rt = Runtime(settings, store=store, extractor=windowed(extractor) if extractor is not None
                 else WindowedExtractor(factory=build_extractor))
    runtimes.append(rt)

    from .jobs import Jobs

    jobs = Jobs(settings.max_jobs, settings.job_timeout)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            jobs.close()
            rt.close()

    app = FastAPI(
        title="ergraph",
        version=__version__,
        summary="Entity-relationship graph explorer for news documents",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        default_response_class=FastJSONResponse,
        lifespan=lifespan,
    )
    app.state.runtime = rt
    app.state.jobs = jobs
    install_error_handlers(app)
    app.include_router(router)
    _install_docs(app)
    static = Path(__file__).resolve().parent.parent / "viz" / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(HostGuard, settings=settings)  # outermost: checked first
    _declare_enums(app, rt)
    return app


def _declare_enums(app: FastAPI, rt: Runtime) -> None:
    """The OpenAPI document lists the allowed values of ``types`` (the schema's relation
    types), ``modalities``, ``format`` and ``type`` (entity types on /entities), so clients and fuzzers know them; entity names
    (``source``, ``target``, an entity's ``id``) must hold a non-space character."""
    from ..model import MODALITIES
    from .models import NOT_BLANK

    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = base()
        try:
            from ..exchange import FORMATS

            formats: list[str] = list(FORMATS)
        except ImportError:  # pragma: no cover - exports not in this build
            formats = []
        values = {"types": sorted(rt.schema.relations), "modalities": list(MODALITIES),
                  "format": formats}
        # ``type`` is an entity type, on /entities only (relation types are ``types``)
        by_path = {("/entities", "type"): list(rt.schema.entity_types)}
        for path, item in spec.get("paths", {}).items():
            for op in item.values():
                for param in op.get("parameters", ()) if isinstance(op, dict) else ():
                    name = param.get("name")
                    allowed = by_path.get((path, name)) or values.get(name)
                    if allowed and param.get("in") == "query":
                        _set_enum(param.get("schema", {}), allowed)
                    if (name in _NAME_PARAMS and param.get("in") == "query") or (
                            name == "id" and path.startswith("/entities/")):
                        _set_pattern(param.get("schema", {}), NOT_BLANK)
        _declare_paths_mode(spec)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


#: the query parameters of ``GET /paths`` that exclude each other (k > 1 with all=true)
PATHS_MODE = ("k", "all")


def _declare_paths_mode(spec: dict[str, Any]) -> None:
    """``k`` and ``all`` of ``GET /paths`` as one exploded form object parameter
    (``style: form, explode: true``: its properties travel as ``k=3&all=true``, exactly
    the two query parameters the route reads), whose schema states the conflict as a
    constraint: ``if`` all is true, ``then`` k is 1. OpenAPI has no inter-parameter
    constraint; an object parameter is how a schema spans two of them, and clients
    and fuzzers (schemathesis) generate and check it. The route still answers the
    conflict with 422 ``invalid_query``."""
    op = spec.get("paths", {}).get("/paths", {}).get("get")
    params = op.get("parameters", []) if op else []
    found = {p.get("name"): i for i, p in enumerate(params)
             if p.get("in") == "query" and p.get("name") in PATHS_MODE}
    if len(found) != len(PATHS_MODE):
        return
    props = {}
    for name in PATHS_MODE:
        schema = dict(params[found[name]].get("schema", {}))
        schema.pop("title", None)
        props[name] = schema
    mode = {
        "name": "mode",
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "description": "which paths: the shortest (default), the k shortest (`k` > 1) or "
        "every shortest (`all=true`), sent as the query parameters `k` and `all`; not "
        "both `k` > 1 and `all=true` (422 `invalid_query`)",
        "schema": {
            "type": "object",
            "title": "PathsMode",
            "properties": props,
            "additionalProperties": False,
            "if": {"properties": {"all": {"const": True}}, "required": ["all"]},
            "then": {"properties": {"k": {"const": 1}}},
        },
    }
    first = min(found.values())
    rest = [p for i, p in enumerate(params) if i not in found.values()]
    op["parameters"] = rest[:first] + [mode] + rest[first:]


#: query parameters naming an entity (a name of spaces names nothing: 422)
_NAME_PARAMS = frozenset({"source", "target"})


def _set_pattern(schema: dict[str, Any], pattern: str) -> None:
    if schema.get("type") == "string":
        schema["pattern"] = pattern
    for sub in schema.get("anyOf", ()):
        _set_pattern(sub, pattern)


def _set_enum(schema: dict[str, Any], allowed: list[str]) -> None:
    if schema.get("type") == "array":
        _set_enum(schema.setdefault("items", {}), allowed)
    elif schema.get("type") == "string":
        schema["enum"] = allowed
        schema.pop("minLength", None)
        schema.pop("maxLength", None)
    for sub in schema.get("anyOf", ()):
        _set_enum(sub, allowed)


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc from local copies of their scripts."""
    try:
        import fastapi_offline
    except ImportError:
        assets = None
    else:
        assets = Path(fastapi_offline.__file__).parent / "static"
        if not (assets / "swagger-ui-bundle.js").is_file():
            assets = None
    if assets is not None:
        redoc_js = assets / "redoc.standalone.js"
        patched: list[bytes] = []

        @app.get("/docs-static/redoc.standalone.js", include_in_schema=False)
        async def redoc_script() -> Response:
            # the bundle shows a logo from cdn.redoc.ly: an empty src loads nothing
            if not patched:
                patched.append(re.sub(rb"https?://cdn\.redoc\.ly/[^\"'`)\s]*", b"",
                                      redoc_js.read_bytes()))
            return Response(patched[0], media_type="text/javascript")

        app.mount("/docs-static", StaticFiles(directory=assets), name="docs-static")

    def unavailable() -> None:
        raise NotImplementedFeature(
            "interactive docs need the fastapi-offline package (pip install fastapi-offline); "
            "/openapi.json documents every route", see="/openapi.json")

    @app.get("/docs", include_in_schema=False)
    async def swagger(request: Request) -> Response:
        if assets is None:
            unavailable()
        root = request.scope.get("root_path", "")
        page: HTMLResponse = get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}", title="ergraph API",
            swagger_js_url=f"{root}/docs-static/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs-static/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs-static/favicon.png",
        )
        return page

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> Response:
        if assets is None:
            unavailable()
        root = request.scope.get("root_path", "")
        page: HTMLResponse = get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}", title="ergraph API",
            redoc_js_url=f"{root}/docs-static/redoc.standalone.js",
            redoc_favicon_url=f"{root}/docs-static/favicon.png", with_google_fonts=False,
        )
        return page
