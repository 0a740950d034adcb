"""``ergraph viz`` and ``ergraph demo``: interactive pages written to files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ErgraphError
from ..graph import EdgeFilter, redact_uri, resolve_entity
from .common import (
    DEFAULT_STORE,
    ModOpt,
    SchemaOpt,
    SinceOpt,
    StoreOpt,
    TypesOpt,
    UntilOpt,
    console,
    denial_hint,
    fail,
    print_paths,
    reading,
    schema_from,
    store_at,
)
from .documents import extractor_for

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command()(viz)
    app.command()(demo)


def viz(
    name: Annotated[str | None, typer.Argument(help="entity for a neighbourhood page")] = None,
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("ergraph.html"),
    to: Annotated[str | None, typer.Option("--to", help="second entity: draw the paths")] = None,
    whole: Annotated[bool, typer.Option("--all", help="the whole graph (size-guarded)")] = False,
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    depth: Annotated[int, typer.Option(min=1, max=3)] = 1,
    max_nodes: Annotated[int, typer.Option(min=10, max=20000)] = 500,
    types: TypesOpt = None,
    modalities: ModOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Write an interactive page (one self-contained HTML file that opens offline)."""
    from ..api.service import build_filter
    from ..viz import pages

    try:
        sch = schema_from(schema)
        where = build_filter(sch, types, modalities, since, until)
        hidden = 0
        with reading(store, schema) as (st, _g):
            if whole or name is None:
                written = pages.graph_page(st, out, where=where, max_nodes=max_nodes)
            elif to:
                a, b = resolve_entity(st, name), resolve_entity(st, to)
                found = st.shortest_paths(a.id, b.id, 6, where, all_shortest=True, limit=20)
                written = pages.path_page(st, found, out, a, b)
            else:
                center = resolve_entity(st, name)
                sub = st.neighbors(center.id, depth, where, limit=max_nodes)
                written = pages.neighborhood_page(st, sub, out)
                from .query import hidden_denials

                hidden = hidden_denials(st, center.id, where)
    except ErgraphError as exc:
        raise fail(exc) from None
    console.print(f"wrote {written} (from the store {redact_uri(st.uri)})")
    denial_hint(hidden)


def demo(
    store: Annotated[str, typer.Option("--store", help="store for the demo (fresh each run)")]
    = "sqlite:///ergraph-demo/demo.db",
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("ergraph-demo/path.html"),
    source: str = "Vladimir Putin",
    target: str = "Hunter Biden",
) -> None:
    """Ingest the bundled sample corpus into a fresh store, print a path with its evidence,
    and write the path's interactive page."""
    from importlib import resources

    from ..loaders.ingest import ingest_paths
    from ..viz import pages

    db = store.removeprefix("sqlite:///")
    if store.startswith("sqlite:///"):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    samples = Path(str(resources.files("ergraph").joinpath("samples")))
    try:
        sch = schema_from(None)
        with store_at(store, sch) as st:
            console.print(f"ingesting the sample corpus ({samples}) into {st.uri} ...")
            report = ingest_paths([samples], st, extractor_for(sch, None))
            s = st.stats()
            console.print(f"{len(report.added)} documents -> {s['entities']} entities, "
                          f"{s['relations']} relations, {s['evidence']} evidence sentences")
            a, b = resolve_entity(st, source), resolve_entity(st, target)
            found = st.shortest_paths(a.id, b.id, 6, EdgeFilter(), all_shortest=True, limit=5)
            if not found:
                console.print(f"no path between {a.name} and {b.name}")
                raise typer.Exit(1)
            print_paths(found)
            out.parent.mkdir(parents=True, exist_ok=True)
            written = pages.path_page(st, found, out, a, b)
    except ErgraphError as exc:
        raise fail(exc) from None
    console.print(f"wrote the interactive page to {written.resolve()}")
