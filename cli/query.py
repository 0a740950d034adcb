"""``ergraph path``, ``ergraph neighbors``, ``ergraph stats``: reading the store.

Queries go through the in-process client (``ergraph.open``), that is the service layer
the HTTP API runs: the same validation and the same answers. Each command names the
store it reads; denials (negated evidence) are left out unless ``--modality negated``
asks for them, and the command says how many it left out."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from ..errors import ErgraphError
from ..graph import EdgeFilter, redact_uri
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
    display,
    fail,
    print_paths,
    print_relation,
    reading,
    schema_from,
    store_at,
    store_line,
)

__all__ = ["register", "hidden_denials", "denied_between"]


def register(app: typer.Typer) -> None:
    app.command()(path)
    app.command()(neighbors)
    app.command()(stats)


def _where(st: Any, types: list[str] | None, modalities: list[str] | None,
           since: str | None, until: str | None) -> EdgeFilter:
    from ..api.service import build_filter

    return build_filter(st.schema, types, modalities, since, until)


def hidden_denials(st: Any, entity_id: str, where: EdgeFilter) -> int:
    """How many of the entity's relations the filter hides as only denied (for answers
    that do not carry the count; a neighbourhood answers its own ``hidden_denials``)."""
    from ..api.service import hidden_denials as count

    return count(st, entity_id, where)


def denied_between(st: Any, a: str, b: str, where: EdgeFilter) -> int:
    """Relations joining ``a`` and ``b`` (either way) that are only denied, within the
    filter's types and dates, when the filter leaves denials out."""
    from dataclasses import replace

    from ..model import MODALITIES

    if "negated" in where.modalities:
        return 0
    dates = replace(where, modalities=MODALITIES)
    seen = set()
    for s, t in ((a, b), (b, a)):
        for r in st.relations(source=s, target=t):
            evs = [e for e in r.evidence if dates.evidence_ok(e.modality, e.document_date)]
            if where.type_ok(r.type) and evs and all(e.modality == "negated" for e in evs):
                seen.add(r.id)
    return len(seen)


def path(
    source: Annotated[str, typer.Argument(help="entity name, alias or id")],
    target: Annotated[str, typer.Argument(help="entity name, alias or id")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    max_hops: Annotated[int, typer.Option(min=1, max=6)] = 4,
    all_paths: Annotated[bool, typer.Option("--all", help="all shortest paths")] = False,
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=20,
                                   help="the k shortest loop-free paths (not with --all)")]
    = 1,
    directed: Annotated[bool, typer.Option(help="follow edge direction")] = False,
    types: TypesOpt = None,
    modalities: ModOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Shortest path(s) between two entities, each edge with its evidence sentences."""
    try:
        with reading(store, schema) as (st, g):
            found = g.paths(source, target, max_hops=max_hops, types=types,
                            modalities=modalities, directed=directed, k=k, all=all_paths,
                            since=since, until=until, limit=limit)
            hidden = 0 if found.paths else denied_between(
                st, found.source.id, found.target.id,
                _where(st, types, modalities, since, until))
            if not as_json:
                store_line(st)
    except ErgraphError as exc:
        raise fail(exc) from None
    paths = list(found.paths)
    if as_json:
        console.print_json(json.dumps([p.to_dict() for p in paths]))
    elif not paths:
        console.print(f"no path between {display(found.source.name)} and "
                      f"{display(found.target.name)} within {max_hops} hops")
        denial_hint(hidden)
    else:
        print_paths(paths)
    raise typer.Exit(0 if paths else 1)


def _order(rel: Any, names: dict[str, str]) -> tuple[str, str, str, str]:
    return (names.get(rel.source, rel.source).lower(), rel.type,
            names.get(rel.target, rel.target).lower(), rel.id)


def neighbors(
    name: Annotated[str, typer.Argument(help="entity name, alias or id")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    depth: Annotated[int, typer.Option(min=1, max=3)] = 1,
    types: TypesOpt = None,
    modalities: ModOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An entity's neighbourhood: who it is connected to, and by what (sorted by name)."""
    try:
        with reading(store, schema) as (st, g):
            hood = g.neighbors(name, depth=depth, types=types, modalities=modalities,
                               since=since, until=until, limit=limit)
            center = next(e for e in hood.entities if e.id == hood.center)
            if not as_json:
                store_line(st)
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(hood.to_dict()))
        return
    names = hood.names()
    rels = sorted(hood.relations, key=lambda r: _order(r, names))
    others = len(hood.entities) - 1
    console.print(f"{display(center.name)} ({center.type}): {len(rels)} relation(s) with "
                  f"{others} other entit{'y' if others == 1 else 'ies'}"
                  + (f" within {depth} hops" if depth > 1 else "")
                  + (" [truncated]" if hood.truncated else ""), highlight=False)
    for rel in rels:
        print_relation(rel, names)
    # counted by the service with the neighbourhood (the answer's hidden_denials)
    denial_hint(hood.hidden_denials)


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
    table = Table(title=f"ergraph store {redact_uri(st.uri)}")
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
