"""``ergraph path``, ``ergraph neighbors``, ``ergraph stats``: reading the store."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from ..errors import ErgraphError
from ..graph import EdgeFilter, resolve_entity
from .common import (
    DEFAULT_STORE,
    ModOpt,
    SchemaOpt,
    StoreOpt,
    TypesOpt,
    console,
    fail,
    print_paths,
    print_relation,
    schema_from,
    store_at,
)

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command()(path)
    app.command()(neighbors)
    app.command()(stats)


def path(
    source: Annotated[str, typer.Argument(help="entity name, alias or id")],
    target: Annotated[str, typer.Argument(help="entity name, alias or id")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    max_hops: Annotated[int, typer.Option(min=1, max=6)] = 4,
    all_paths: Annotated[bool, typer.Option("--all", help="all shortest paths")] = False,
    directed: Annotated[bool, typer.Option(help="follow edge direction")] = False,
    types: TypesOpt = None,
    modalities: ModOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Shortest path(s) between two entities, each edge with its evidence sentences."""
    try:
        sch = schema_from(schema)
        with store_at(store, sch) as st:
            a, b = resolve_entity(st, source), resolve_entity(st, target)
            where = EdgeFilter.build(sch, types, modalities)
            paths = st.shortest_paths(a.id, b.id, max_hops, where, all_shortest=all_paths,
                                      directed=directed, limit=limit)
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps([p.to_dict() for p in paths]))
    elif not paths:
        console.print(f"no path between {a.name} and {b.name} within {max_hops} hops")
    else:
        print_paths(paths)
    raise typer.Exit(0 if paths else 1)


def neighbors(
    name: Annotated[str, typer.Argument(help="entity name, alias or id")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    depth: Annotated[int, typer.Option(min=1, max=3)] = 1,
    types: TypesOpt = None,
    modalities: ModOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An entity's neighbourhood: who it is connected to, and by what."""
    try:
        sch = schema_from(schema)
        with store_at(store, sch) as st:
            center = resolve_entity(st, name)
            sub = st.neighbors(center.id, depth, EdgeFilter.build(sch, types, modalities), limit)
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(sub.to_dict()))
        return
    names = {e.id: e.name for e in sub.entities}
    console.print(f"{center.name} ({center.type}): {len(sub.entities) - 1} neighbour(s)"
                  + (" [truncated]" if sub.truncated else ""), highlight=False)
    for rel in sub.relations:
        print_relation(rel, names)


def stats(store: StoreOpt = DEFAULT_STORE, schema: SchemaOpt = None,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of documents, entities and relations by type."""
    try:
        with store_at(store, schema_from(schema)) as st:
            s = st.stats()
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(s))
        return
    table = Table(title=f"ergraph store {st.uri}")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(s["documents"]))
    for k, v in s["entities_by_type"].items():
        table.add_row(f"entities: {k}", str(v))
    for k, v in s["relations_by_type"].items():
        table.add_row(f"relations: {k}", str(v))
    table.add_row("relations only denied (negated)", str(s["negated_only_relations"]))
    for k, v in s["evidence_by_modality"].items():
        table.add_row(f"evidence: {k}", str(v))
    table.add_row("mentions", str(s["mentions"]))
    dr = s["date_range"]
    table.add_row("dates", f"{dr['first'] or '-'} .. {dr['last'] or '-'}")
    console.print(table)
