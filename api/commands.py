"""CLI commands of ergraph.api (registered by ergraph.cli): ``ergraph serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .settings import Settings, is_local_host

__all__ = ["register", "serve_settings"]


def serve_settings(host: str, port: int, store: str | None = None,
                   schema: Path | None = None, read_only: bool = False
                   ) -> tuple[Settings, list[str]]:
    """Settings for ``ergraph serve`` (options over ``ERGRAPH_*``) and the notices to
    print at start. Bound beyond localhost without ``ERGRAPH_API_KEY``, the service is
    read-only: nobody on the network can change the store without the key."""
    overrides: dict[str, object] = {"host": host, "port": port}
    if store:
        overrides["store"] = store
    if schema is not None:
        overrides["schema_file"] = schema
    if read_only:
        overrides["read_only"] = True
    settings = Settings(**overrides)  # type: ignore[arg-type]
    notices: list[str] = []
    if not is_local_host(host) and settings.key is None and not settings.read_only:
        settings = settings.model_copy(update={"read_only": True})
        notices.append(
            f"binding {host} (beyond localhost) without ERGRAPH_API_KEY: the service is "
            "READ-ONLY (POST and DELETE /documents answer 403). Set ERGRAPH_API_KEY to "
            "allow writes with an X-API-Key header.")
    elif settings.read_only:
        notices.append("the service is read-only (writes answer 403)")
    elif settings.key is not None:
        notices.append("writes need the X-API-Key header (ERGRAPH_API_KEY is set)")
    return settings, notices


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ergraph CLI."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(envvar="ERGRAPH_HOST",
                                          help="address to bind (default: this machine only)")]
        = "127.0.0.1",
        port: Annotated[int, typer.Option(envvar="ERGRAPH_PORT", min=0, max=65535)] = 8000,
        store: Annotated[str | None, typer.Option(
            "--store", envvar="ERGRAPH_STORE",
            help="store URI: sqlite:///file.db or neo4j://user@host")] = None,
        schema: Annotated[Path | None, typer.Option(
            "--schema", envvar="ERGRAPH_SCHEMA", help="schema TOML file")] = None,
        read_only: Annotated[bool, typer.Option("--read-only", help="refuse every write")]
        = False,
        log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
        access_log: Annotated[bool, typer.Option(help="log every request")] = True,
        workers: Annotated[int, typer.Option(
            min=1, max=64, help="server processes (each keeps its own graph view)")] = 1,
    ) -> None:
        """Serve the HTTP API (docs at /docs, OpenAPI at /openapi.json) with uvicorn."""
        import uvicorn
        from rich.console import Console

        from ..errors import ErgraphError
        from .app import create_app
        from .protocols import HTTP

        err = Console(stderr=True, highlight=False)
        try:
            settings, notices = serve_settings(host, port, store, schema, read_only)
            api = create_app(settings)
        except ErgraphError as exc:
            err.print(f"[bold red]error:[/] {exc.message}")
            raise typer.Exit(1) from None
        from ..graph import redact_uri

        shown = f"[{host}]" if ":" in host else host
        err.print(f"ergraph API on http://{shown}:{port} (store {redact_uri(settings.store)}; "
                  f"docs at /docs)")
        for notice in notices:
            err.print(f"[bold yellow]note:[/] {notice}")
        if workers == 1:
            # HTTP: uvicorn's protocol, answering unparseable requests in the envelope
            uvicorn.run(api, host=host, port=port, log_level=log_level.lower(),
                        access_log=access_log, http=HTTP)
            return
        # Worker processes build their own app from the environment: hand them exactly the
        # settings decided here (read-only included), never a secret on the command line.
        import os

        os.environ["ERGRAPH_STORE"] = settings.store
        os.environ["ERGRAPH_HOST"] = host  # the bound name is an allowed Host header
        os.environ["ERGRAPH_READ_ONLY"] = "true" if settings.read_only else "false"
        if settings.schema_file is not None:
            os.environ["ERGRAPH_SCHEMA"] = str(settings.schema_file)
        uvicorn.run("ergraph.api.app:create_app", factory=True, workers=workers, host=host,
                    port=port, log_level=log_level.lower(), access_log=access_log, http=HTTP)
