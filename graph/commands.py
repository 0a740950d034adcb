"""CLI commands of ergraph.graph (registered by :mod:`ergraph.cli`): move a whole graph.

* ``ergraph migrate --from URI --to URI [--merge]`` - copy every document, entity,
  mention and relation (ids and evidence intact) from one store to another, e.g. from
  the embedded SQLite file to Neo4j, through :meth:`GraphStore.dump` /
  :meth:`GraphStore.load`, so the copy streams and works between any two backends.

A migration refuses a target that already holds documents unless ``--merge`` is given,
and checks afterwards that the target's statistics equal the source's. (Moving a graph
through a file is ``ergraph export -f jsonl`` / ``ergraph import``.)

This module does not import the CLI: :func:`register` is handed the CLI's shared pieces
(:mod:`ergraph.cli.common`) with the app, so the layers import downward only.
"""

# No ``from __future__ import annotations``: typer reads the annotations of the command
# defined inside register(), which name the options the CLI hands over.
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import typer

from ..errors import ErgraphError, StoreError
from . import redact_uri

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from ..schema import Schema
    from .base import GraphStore

__all__ = ["CommandKit", "register"]


class CommandKit(Protocol):
    """What the commands here need from the CLI (:mod:`ergraph.cli.common` is one)."""

    #: the ``--schema`` option (a ``typer.Option``), shared by every command
    schema_option: Any
    console: Any

    def schema_from(self, path: Path | None) -> "Schema": ...

    def store_at(self, uri: str, schema: "Schema") -> "AbstractContextManager[GraphStore]": ...

    def fail(self, exc: ErgraphError) -> typer.Exit: ...


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts.get('document', 0)} documents, {counts.get('entity', 0)} entities, "
            f"{counts.get('mention', 0)} mentions, {counts.get('relation', 0)} relations")


def register(app: typer.Typer, cli: CommandKit) -> None:
    """Add this area's commands to the ergraph CLI ``app``, built from ``cli``'s pieces."""

    @app.command("migrate")
    def migrate(
        source: Annotated[str, typer.Option(
            "--from", help="store to copy from, e.g. sqlite:///ergraph.db")],
        target: Annotated[str, typer.Option(
            "--to", help="store to copy into, e.g. neo4j://neo4j@localhost:7687 "
                         "(password from ERGRAPH_NEO4J_PASSWORD)")],
        schema: Annotated[Path | None, cli.schema_option] = None,
        merge: Annotated[bool, typer.Option(
            "--merge", help="copy into a store that already has documents "
                            "(records already there are kept)")] = False,
    ) -> None:
        """Copy a whole graph between stores, ids and evidence intact."""
        try:
            sch = cli.schema_from(schema)
            if source == target:
                raise StoreError(f"--from and --to are the same store ({redact_uri(source)})")
            with cli.store_at(source, sch) as src, cli.store_at(target, sch) as dst:
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
            raise cli.fail(exc) from None
        cli.console.print(f"copied {_summary(counts)} from {src_uri} to {dst_uri}")
