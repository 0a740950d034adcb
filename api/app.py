"""The FastAPI application: ``create_app(settings, store=None, extractor=None)``.

* Configuration enters here (``Settings``, read from ``ERGRAPH_*`` only when
  ``create_app`` is called without one); the store is opened on first use, so a store
  that cannot be opened answers 503 in the error envelope instead of failing start-up.
* Built on the ``GraphStore`` protocol: serves the embedded store and Neo4j alike.
* ``/docs`` (Swagger UI) and ``/redoc`` work offline: their scripts are served from the
  ``fastapi-offline`` package's bundled copies under ``/docs-static``; without that
  package both pages answer 501 and ``/openapi.json`` still documents everything.
* ``/static`` serves the explorer's scripts from ``ergraph/viz/static`` when present.
"""

from __future__ import annotations

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
from .settings import Settings

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


def create_app(settings: Settings | None = None, store: GraphStore | None = None,
               extractor: Any = None) -> FastAPI:
    """Build the API. ``settings`` default to the environment (read now, not at import);
    ``store`` overrides ``settings.store`` (the caller keeps ownership and closes it);
    ``extractor`` overrides the default extractor (created on the first POST)."""
    settings = settings if settings is not None else Settings()
    rt = Runtime(settings, store=store, extractor=extractor)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
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
    install_error_handlers(app)
    app.include_router(router)
    _install_docs(app)
    static = Path(__file__).resolve().parent.parent / "viz" / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    return app


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
