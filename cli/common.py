"""What every command module of the CLI shares: the consoles, the common options, opening
the schema and the store, and turning an :class:`~ergraph.errors.ErgraphError` into exit
status 1 with its message.

Public names only: the command modules of :mod:`ergraph.cli` import them from here, and
the areas that add their own commands (``graph/commands.py``) are handed this module by
the CLI instead of importing it (nothing below the CLI imports it back)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import ErgraphError
from ..graph import DEFAULT_STORE, GraphStore, open_store
from ..schema import Schema, load_schema

__all__ = [
    "DEFAULT_STORE",
    "AliasOpt",
    "ModOpt",
    "SchemaOpt",
    "StoreOpt",
    "TypesOpt",
    "console",
    "display",
    "err",
    "fail",
    "print_paths",
    "print_relation",
    "schema_option",
    "schema_from",
    "store_at",
]

# markup off by default: names and sentences come from documents and are data; the few
# styled lines pass markup=True and escape() every piece of document text
console = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

StoreOpt = Annotated[str, typer.Option("--store", envvar="ERGRAPH_STORE",
                                       help="store URI: sqlite:///file.db or neo4j://user@host")]
#: the ``--schema`` option, for ``Annotated[Path | None, schema_option]`` (``SchemaOpt``)
schema_option = typer.Option("--schema", envvar="ERGRAPH_SCHEMA",
                             help="schema TOML file (default: packaged)")
SchemaOpt = Annotated[Path | None, schema_option]
AliasOpt = Annotated[Path | None, typer.Option(
    "--aliases", envvar="ERGRAPH_ALIASES",
    help="alias / watch-list file: surface name -> canonical name and type")]
TypesOpt = Annotated[list[str] | None, typer.Option("--type", "-t",
                                                    help="relation type filter (repeatable)")]
ModOpt = Annotated[list[str] | None, typer.Option(
    "--modality", "-m", help="modalities to traverse (repeatable; default: all but negated)")]


def schema_from(path: Path | None) -> Schema:
    """The schema of ``--schema`` (the packaged one when not given)."""
    return load_schema(path)


@contextmanager
def store_at(uri: str, schema: Schema) -> Iterator[GraphStore]:
    """The store at ``uri``, closed when the block ends."""
    store = open_store(uri, schema=schema)
    try:
        yield store
    finally:
        store.close()


def fail(exc: ErgraphError) -> typer.Exit:
    """Print the error's message and return the exit (status 1) to raise."""
    err.print(f"[bold red]error:[/] {escape(display(exc.message))}", markup=True)
    return typer.Exit(1)


def display(text: str) -> str:
    """``text`` safe for a terminal: control characters (ANSI escapes, carriage
    returns...) shown as escapes, never sent raw."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else
                   (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                   for ch in text)


def print_relation(rel: Any, names: dict[str, str], indent: str = "  ") -> None:
    arrow = "--" if rel.symmetric else "->"
    source = escape(names.get(rel.source, rel.source))
    target = escape(names.get(rel.target, rel.target))
    console.print(f"{indent}[bold]{source}[/] -{escape(f'[{rel.type}]')}{arrow} [bold]{target}[/]",
                  markup=True)
    for ev in rel.evidence[:5]:
        when = f"{ev.document_date}, " if ev.document_date else ""
        console.print(f"{indent}    [dim]{escape(f'{ev.modality}; {when}{ev.document_title}:')}"
                      f"[/] {escape(chr(0x201c) + ev.sentence.strip() + chr(0x201d))}",
                      markup=True)


def print_paths(paths: list[Any]) -> None:
    for i, p in enumerate(paths, 1):
        names = {n.id: n.name for n in p.nodes}
        console.print(f"path {i} ({p.hops} hop{'s' if p.hops != 1 else ''}): "
                      + " \u2014 ".join(n.name for n in p.nodes), highlight=False)
        for rel in p.relations:
            print_relation(rel, names)
