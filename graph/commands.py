"""CLI commands of ergraph.graph (registered by ergraph.cli): move whole graphs around.

* ``ergraph migrate --from URI --to URI`` - copy every document, entity, mention and
  relation (ids and evidence intact) from one store to another, e.g. from the embedded
  SQLite file to Neo4j, through :meth:`GraphStore.dump` / :meth:`GraphStore.load`, so
  the copy streams and works between any two backends;
* ``ergraph dump --out FILE.jsonl`` / ``ergraph load FILE.jsonl`` - the same records
  through a JSON lines file (:mod:`ergraph.graph.jsonl`).

A migration refuses a target that already holds documents unless ``--merge`` is given,
and checks afterwards that the target's statistics equal the source's.
"""

from typing import Annotated

import typer


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts.get('document', 0)} documents, {counts.get('entity', 0)} entities, "
            f"{counts.get('mention', 0)} mentions, {counts.get('relation', 0)} relations")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ergraph CLI."""
    from ..cli import SchemaOpt, _fail, _schema, _store, console
    from ..errors import ErgraphError, StoreError
    from ..graph import redact_uri

    @app.command("migrate")
    def migrate(
        source: Annotated[str, typer.Option(
            "--from", help="store to copy from, e.g. sqlite:///ergraph.db")],
        target: Annotated[str, typer.Option(
            "--to", help="store to copy into, e.g. neo4j://neo4j@localhost:7687 "
                         "(password from ERGRAPH_NEO4J_PASSWORD)")],
        schema: SchemaOpt = None,
        merge: Annotated[bool, typer.Option(
            "--merge", help="copy into a store that already has documents "
                            "(records already there are kept)")] = False,
    ) -> None:
        """Copy a whole graph between stores, ids and evidence intact."""
        try:
            sch = _schema(schema)
            if source == target:
                raise StoreError(f"--from and --to are the same store ({redact_uri(source)})")
            with _store(source, sch) as src, _store(target, sch) as dst:
                before = dst.stats()
                if before["documents"] and not merge:
                    raise StoreError(
                        f"{dst.uri} already holds {before['documents']} documents; "
                        "use --merge to copy into it anyway")
                counts = dst.load(src.dump())
                want, got = src.stats(), dst.stats()
                if not before["documents"] and got != want:
                    raise StoreError(f"copy into {dst.uri} is incomplete: it has {got} "
                                     f"where {src.uri} has {want}")
                src_uri, dst_uri = src.uri, dst.uri
        except ErgraphError as exc:
            raise _fail(exc) from None
        console.print(f"copied {_summary(counts)} from {src_uri} to {dst_uri}")
