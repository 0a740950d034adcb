"""``ergraph export`` and ``ergraph import``, over the library :mod:`ergraph.exchange`."""

# No ``from __future__ import annotations``: typer reads these annotations, and the
# ExportFormat option must be the class itself.
import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ErgraphError
from ..exchange import ExportFormat, export_to, import_jsonl
from .common import DEFAULT_STORE, SchemaOpt, StoreOpt, console, fail, schema_from, store_at

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)
    app.command("import")(import_cmd)


def export_cmd(
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="graphml / gexf (Gephi), csv (neo4j-admin import), cypher (cypher-shell -f),"
             " jsonl (ergraph import)")],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="output file; for csv a folder, or a file ending in .zip")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
) -> None:
    """Export the graph for Gephi, Neo4j, spreadsheets, or another ergraph store."""
    try:
        with store_at(store, schema_from(schema)) as st:
            written = export_to(st, format.value, out)
    except ErgraphError as exc:
        raise fail(exc) from None
    for p in written:
        console.print(f"wrote {p}")
    if format is ExportFormat.csv and out.suffix.lower() != ".zip":
        console.print(f"load into an empty Neo4j database with: neo4j-admin database "
                      f"import full --nodes={out / 'nodes.csv'} "
                      f"--relationships={out / 'relationships.csv'}")

def import_cmd(
    file: Annotated[Path, typer.Argument(help="a JSON lines export (ergraph export -f jsonl)")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the counts as JSON")]
    = False,
) -> None:
    """Load a JSON lines export into the store (records already there are kept)."""
    try:
        with store_at(store, schema_from(schema)) as st:
            counts = import_jsonl(st, file)
            uri = st.uri
    except ErgraphError as exc:
        raise fail(exc) from None
    if as_json:
        console.print_json(json.dumps(counts))
    else:
        console.print(f"loaded {counts.get('document', 0)} documents, "
                      f"{counts.get('entity', 0)} entities, {counts.get('mention', 0)} "
                      f"mentions, {counts.get('relation', 0)} relations into {uri}")
