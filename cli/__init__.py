"""The ``ergraph`` command line (typer + rich).

Configuration enters here: ``--store`` / ``ERGRAPH_STORE`` pick the store,
``--schema`` / ``ERGRAPH_SCHEMA`` the schema file, ``--aliases`` / ``ERGRAPH_ALIASES`` a
user alias / watch-list file. Exit status: 0 success, 1 failure, 2 usage error,
3 partial failure (some files reported and skipped, the rest ingested).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import ErgraphError
from .graph import DEFAULT_STORE, EdgeFilter, GraphStore, open_store, resolve_entity
from .schema import Schema, load_schema

app = typer.Typer(
    name="ergraph",
    help="Entity-relationship graphs from news documents: extract, store, query, draw.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# markup off by default: names and sentences come from documents and are data; the few
# styled lines pass markup=True and escape() every piece of document text
console = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

StoreOpt = Annotated[str, typer.Option("--store", envvar="ERGRAPH_STORE",
                                       help="store URI: sqlite:///file.db or neo4j://user@host")]
SchemaOpt = Annotated[Path | None, typer.Option("--schema", envvar="ERGRAPH_SCHEMA",
                                                help="schema TOML file (default: packaged)")]
AliasOpt = Annotated[Path | None, typer.Option(
    "--aliases", envvar="ERGRAPH_ALIASES",
    help="alias / watch-list file: surface name -> canonical name and type")]
TypesOpt = Annotated[list[str] | None, typer.Option("--type", "-t",
                                                    help="relation type filter (repeatable)")]
ModOpt = Annotated[list[str] | None, typer.Option(
    "--modality", "-m", help="modalities to traverse (repeatable; default: all but negated)")]


def _schema(path: Path | None) -> Schema:
    return load_schema(path)


@contextmanager
def _store(uri: str, schema: Schema) -> Iterator[GraphStore]:
    store = open_store(uri, schema=schema)
    try:
        yield store
    finally:
        store.close()


def _extractor(schema: Schema, aliases: Path | None) -> Any:
    from .loaders import default_extractor
    from .loaders.windows import windowed

    # long documents in bounded windows; one that cannot be extracted is a problem
    return windowed(default_extractor(schema=schema, aliases=aliases))


def _fail(exc: ErgraphError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(_display(exc.message))}", markup=True)
    return typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (.txt, .md)")],
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    aliases: AliasOpt = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="extraction processes")] = 1,
    dask: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Extract documents and add them to the store (documents already there are skipped)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from .loaders.ingest import ingest_paths

    try:
        sch = _schema(schema)
        extractor = _extractor(sch, aliases)
        extractions = _parallel(extractor, sch, aliases, workers, dask)
        with _store(store, sch) as st, Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(),
            MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=err, transient=True, disable=as_json,
        ) as bar:
            task = bar.add_task("ingesting", total=None, rate="")

            def progress(done: int, total: int, title: str) -> None:
                elapsed = bar.tasks[0].elapsed or 0.0
                rate = f"{done / elapsed:.1f} docs/s" if elapsed > 0 else ""
                bar.update(task, completed=done, total=total, rate=rate)

            report = ingest_paths(paths, st, extractor, progress, extractions=extractions)
            stats = st.stats()
    except ErgraphError as exc:
        raise _fail(exc) from None
    if as_json:
        console.print_json(json.dumps({**report.to_dict(), "stats": stats}))
    else:
        from .loaders.files import NOTICE_KINDS

        for p in report.problems:
            tag = "note" if p.kind in NOTICE_KINDS else "skipped"
            err.print(f"[yellow]{tag}:[/] {escape(_display(p.reason))}", markup=True)
        console.print(
            f"added {len(report.added)} document(s), skipped {len(report.skipped)} already "
            f"stored, {len(report.failed)} could not be read; store {st.uri} now holds "
            f"{stats['documents']} documents, {stats['entities']} entities, "
            f"{stats['relations']} relations")
    raise typer.Exit(report.exit_code)


def _parallel(extractor: Any, schema: Schema, aliases: Path | None, workers: int,
              dask: str | None) -> Any:
    if workers <= 1 and not dask:
        return None
    from .loaders import parallel

    if dask:
        return parallel.dask_extractions(dask, schema_path=schema.path, aliases=aliases)
    return parallel.process_extractions(workers, schema_path=schema.path, aliases=aliases)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (.txt, .md)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="folder for <file name>.json")],
    schema: SchemaOpt = None,
    aliases: AliasOpt = None,
    explain: Annotated[bool, typer.Option(
        help="also record triggers, offsets and what was dropped and why")] = False,
) -> None:
    """Extract documents to gold-format JSON files (one per document), without a store.

    Each file's output mirrors its path under the folders given (``dup/a/report.txt``
    and ``dup/b/report.txt`` -> ``OUT/a/report.txt.json``, ``OUT/b/report.txt.json``)."""
    from .loaders.files import NOTICE_KINDS, load_paths
    from .loaders.gold import to_gold
    from .loaders.windows import failure

    try:
        sch = _schema(schema)
        extractor = _extractor(sch, aliases)
        loaded, problems = load_paths(paths)
        out.mkdir(parents=True, exist_ok=True)
        targets = _output_paths(paths, [ld.path for ld in loaded], out)
        for ld, ex in zip(loaded, extractor.extract_many([ld.document for ld in loaded])):
            bad = failure(ex)
            if bad is not None:
                problems.append(bad)
                continue
            target = targets[ld.path]
            target.parent.mkdir(parents=True, exist_ok=True)
            label = _display(target.relative_to(out).with_suffix("").as_posix())
            target.write_text(json.dumps(to_gold(ex, ld.path.name, explain=explain),
                                         indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            console.print(f"{label}: {len(ex.entities)} entities, "
                          f"{len(ex.relations)} relations -> {_display(str(target))}")
            if explain:
                for p in ex.problems:
                    where = f" \u2014 \u201c{p.text.strip()[:80]}\u201d" if p.text else ""
                    # document text is data, never rich markup
                    console.print(f"  [dim]dropped ({p.kind}):[/] "
                                  f"{escape(_display(p.reason + where))}", markup=True)
    except ErgraphError as exc:
        raise _fail(exc) from None
    for p in problems:
        err.print(f"[yellow]skipped:[/] {escape(_display(p.reason))}", markup=True)
    failed = [p for p in problems if p.kind not in NOTICE_KINDS]
    written = len(loaded) - sum(1 for p in failed if p.kind in ("too_large",
                                                                 "extraction_failed"))
    raise typer.Exit(0 if not failed else (3 if written > 0 else 1))


def _output_paths(args: list[Path], files: list[Path], out: Path) -> dict[Path, Path]:
    """``OUT/<path relative to the arguments' common folder>.json`` for every file; a
    name taken twice all the same (two links to one name) gets ``.2``, ``.3``..."""
    import os

    bases = [os.path.abspath(p if p.is_dir() else p.parent) for p in args]
    try:
        root = os.path.commonpath(bases) if bases else os.getcwd()
    except ValueError:  # different drives
        root = ""
    taken: set[Path] = set()
    targets: dict[Path, Path] = {}
    for f in files:
        full = os.path.abspath(f)
        rel = os.path.relpath(full, root) if root else f.name
        if rel.startswith(".."):
            rel = f.name
        target = out / f"{rel}.json"
        n = 1
        while target in taken:
            n += 1
            target = out / f"{rel}.{n}.json"
        taken.add(target)
        targets[f] = target
    return targets


def _display(text: str) -> str:
    """``text`` safe for a terminal: control characters (ANSI escapes, carriage
    returns...) shown as escapes, never sent raw."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else
                   (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                   for ch in text)


def _print_relation(rel: Any, names: dict[str, str], indent: str = "  ") -> None:
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


def _print_paths(paths: list[Any]) -> None:
    for i, p in enumerate(paths, 1):
        names = {n.id: n.name for n in p.nodes}
        console.print(f"path {i} ({p.hops} hop{'s' if p.hops != 1 else ''}): "
                      + " \u2014 ".join(n.name for n in p.nodes), highlight=False)
        for rel in p.relations:
            _print_relation(rel, names)


@app.command()
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
        sch = _schema(schema)
        with _store(store, sch) as st:
            a, b = resolve_entity(st, source), resolve_entity(st, target)
            where = EdgeFilter.build(sch, types, modalities)
            paths = st.shortest_paths(a.id, b.id, max_hops, where, all_shortest=all_paths,
                                      directed=directed, limit=limit)
    except ErgraphError as exc:
        raise _fail(exc) from None
    if as_json:
        console.print_json(json.dumps([p.to_dict() for p in paths]))
    elif not paths:
        console.print(f"no path between {a.name} and {b.name} within {max_hops} hops")
    else:
        _print_paths(paths)
    raise typer.Exit(0 if paths else 1)


@app.command()
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
        sch = _schema(schema)
        with _store(store, sch) as st:
            center = resolve_entity(st, name)
            sub = st.neighbors(center.id, depth, EdgeFilter.build(sch, types, modalities), limit)
    except ErgraphError as exc:
        raise _fail(exc) from None
    if as_json:
        console.print_json(json.dumps(sub.to_dict()))
        return
    names = {e.id: e.name for e in sub.entities}
    console.print(f"{center.name} ({center.type}): {len(sub.entities) - 1} neighbour(s)"
                  + (" [truncated]" if sub.truncated else ""), highlight=False)
    for rel in sub.relations:
        _print_relation(rel, names)


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE, schema: SchemaOpt = None,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of documents, entities and relations by type."""
    try:
        with _store(store, _schema(schema)) as st:
            s = st.stats()
    except ErgraphError as exc:
        raise _fail(exc) from None
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


@app.command()
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
) -> None:
    """Write an interactive page (one self-contained HTML file that opens offline)."""
    from .viz import pages

    try:
        sch = _schema(schema)
        where = EdgeFilter.build(sch, types, modalities)
        with _store(store, sch) as st:
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
    except ErgraphError as exc:
        raise _fail(exc) from None
    console.print(f"wrote {written}")


@app.command()
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

    from .loaders.ingest import ingest_paths
    from .viz import pages

    db = store.removeprefix("sqlite:///")
    if store.startswith("sqlite:///"):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    samples = Path(str(resources.files("ergraph").joinpath("samples")))
    try:
        sch = _schema(None)
        with _store(store, sch) as st:
            console.print(f"ingesting the sample corpus ({samples}) into {st.uri} ...")
            report = ingest_paths([samples], st, _extractor(sch, None))
            s = st.stats()
            console.print(f"{len(report.added)} documents -> {s['entities']} entities, "
                          f"{s['relations']} relations, {s['evidence']} evidence sentences")
            a, b = resolve_entity(st, source), resolve_entity(st, target)
            found = st.shortest_paths(a.id, b.id, 6, EdgeFilter(), all_shortest=True, limit=5)
            if not found:
                console.print(f"no path between {a.name} and {b.name}")
                raise typer.Exit(1)
            _print_paths(found)
            out.parent.mkdir(parents=True, exist_ok=True)
            written = pages.path_page(st, found, out, a, b)
    except ErgraphError as exc:
        raise _fail(exc) from None
    console.print(f"wrote the interactive page to {written.resolve()}")


def _register_commands() -> None:
    # Each area owns its commands; listed here so the CLI's surface is visible in one place.
    from . import exchange
    from .api import commands as api_commands
    from .graph import commands as graph_commands

    for module in (api_commands, graph_commands, exchange):
        module.register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
