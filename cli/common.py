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

from ..errors import EntityNotFound, ErgraphError
from ..graph import DEFAULT_STORE, GraphStore, open_store, redact_uri
from ..schema import Schema, load_schema

__all__ = [
    "DEFAULT_STORE",
    "AliasOpt",
    "ModOpt",
    "SchemaOpt",
    "SinceOpt",
    "StoreOpt",
    "TypesOpt",
    "UntilOpt",
    "console",
    "denial_hint",
    "display",
    "err",
    "fail",
    "print_paths",
    "print_relation",
    "reading",
    "relation_label",
    "schema_option",
    "schema_from",
    "store_at",
    "store_line",
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
TypesOpt = Annotated[list[str] | None, typer.Option(
    "--types", "--type", "-t", help="relation types to follow (repeatable or "
    "comma-separated; default: all)")]
ModOpt = Annotated[list[str] | None, typer.Option(
    "--modalities", "--modality", "-m", help="evidence modalities to follow: asserted, hedged, "
    "hypothetical, negated (repeatable or comma-separated; default: all but negated)")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", help="only evidence from documents dated on or after YYYY-MM-DD")]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", help="only evidence from documents dated on or before YYYY-MM-DD")]


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


@contextmanager
def reading(uri: str, schema_path: Path | None) -> Iterator[tuple[GraphStore, Any]]:
    """The store at ``uri`` and the in-process client over it (``ergraph.open``: the
    service layer the API runs, so the CLI answers what HTTP answers). A name not found
    in an empty store says the store is empty and how to fill it."""
    from ..client import LocalClient

    with store_at(uri, schema_from(schema_path)) as st:
        try:
            yield st, LocalClient(st)
        except EntityNotFound as exc:
            raise _missing(exc, st) from None


def _missing(exc: EntityNotFound, store: GraphStore) -> EntityNotFound:
    where = redact_uri(store.uri)
    try:
        empty = store.stats()["documents"] == 0
    except ErgraphError:
        empty = False
    if empty:
        exc.message = (f"{exc.message}: the store {where} is empty; add documents first: "
                       f"ergraph ingest FILES --store {where}")
    else:
        exc.message = f"{exc.message} (in the store {where})"
    return exc


def store_line(store: GraphStore) -> None:
    """Name the store a command reads (its credentials removed)."""
    console.print(f"[dim]store {escape(redact_uri(store.uri))}[/]", markup=True)


def denial_hint(hidden: int) -> None:
    """Say when denied relations were left out, and how to see them."""
    if hidden:
        console.print(f"{hidden} denied relation{'s' if hidden != 1 else ''} not shown; "
                      "--modality negated")


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


def page_note(page: int | None) -> str:
    """``, p. 4`` for evidence on page 4 of a PDF; empty when the page is not known."""
    return f", p. {page}" if page else ""


def relation_label(rel: Any) -> str:
    """``MET``; ``denied: MET`` when every piece of evidence denies it; ``MET, disputed``
    when some evidence states it and some denies it."""
    if rel.denied:
        return f"denied: {rel.type}"
    return f"{rel.type}, disputed" if rel.disputed else rel.type


def print_relation(rel: Any, names: dict[str, str], indent: str = "  ") -> None:
    arrow = "--" if rel.symmetric else "->"
    source = escape(display(names.get(rel.source, rel.source)))
    target = escape(display(names.get(rel.target, rel.target)))
    label = escape(f"[{relation_label(rel)}]")
    # a denial is never drawn as an arrow that reads as a fact
    link = f"x{label}x" if rel.denied else f"-{label}{arrow}"
    console.print(f"{indent}[bold]{source}[/] {link} [bold]{target}[/]", markup=True)
    for ev in rel.evidence[:5]:
        when = f"{ev.document_date}, " if ev.document_date else ""
        console.print(f"{indent}    [dim]{escape(display(f'{ev.modality}; {when}'))}"
                      f"{escape(display(ev.document_title + page_note(ev.page) + ':'))}[/] "
                      f"{escape(display(chr(0x201c) + ev.sentence.strip() + chr(0x201d)))}",
                      markup=True)


def print_paths(paths: list[Any]) -> None:
    for i, p in enumerate(paths, 1):
        names = {n.id: n.name for n in p.nodes}
        console.print(f"path {i} ({p.hops} hop{'s' if p.hops != 1 else ''}): "
                      + " \u2014 ".join(display(n.name) for n in p.nodes), highlight=False)
        for rel in p.relations:
            print_relation(rel, names)
