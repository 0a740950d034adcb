"""``ergraph ingest`` and ``ergraph extract``: documents in, through the extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import ErgraphError
from ..model import ProblemKind
from ..schema import Schema
from .common import (
    DEFAULT_STORE,
    AliasOpt,
    SchemaOpt,
    StoreOpt,
    console,
    display,
    err,
    fail,
    schema_from,
    store_at,
)

__all__ = ["register", "extractor_for"]


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(extract)


def extractor_for(schema: Schema, aliases: Path | None) -> Any:
    from ..loaders import default_extractor
    from ..loaders.windows import windowed

    # long documents in bounded windows; one that cannot be extracted is a problem
    return windowed(default_extractor(schema=schema, aliases=aliases))


PathsArg = Annotated[list[Path], typer.Argument(
    help="files or folders (.txt, .md, .html, .pdf, .jsonl, .eml)")]
FieldOpt = Annotated[list[str] | None, typer.Option(
    "--field", help="JSON lines: which field holds what, FIELD=NAME[,NAME...] "
    "(fields: text, title, date, url, id), e.g. --field text=content; repeatable")]
FieldsOpt = Annotated[Path | None, typer.Option(
    "--fields", help="JSON lines: a TOML file of FIELD = \"NAME\" or [\"NAME\", ...] lines")]


def _field_map(field: list[str] | None, fields: Path | None) -> Any:
    """The JSON lines field map of the ``--fields`` file and the ``--field`` options."""
    from ..loaders.formats import jsonl

    overrides = jsonl.load_field_file(fields) if fields else {}
    overrides.update(jsonl.parse_field_options(field or ()))
    return jsonl.field_map(overrides)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {fmt}" for fmt, n in counts.items()) or "none"


def ingest(
    paths: PathsArg,
    store: StoreOpt = DEFAULT_STORE,
    schema: SchemaOpt = None,
    aliases: AliasOpt = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="extraction processes")] = 1,
    dask: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    field: FieldOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Extract documents and add them to the store (documents already there are skipped).

    Saved web pages, PDFs, JSON lines and e-mails (with their attachments) are read with
    their title, date and source; the report counts the documents of each format."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from ..loaders.files import format_counts, load_paths
    from ..loaders.ingest import ingest_documents

    try:
        field_map = _field_map(field, fields)
        sch = schema_from(schema)
        extractor = extractor_for(sch, aliases)
        extractions = _parallel(extractor, sch, aliases, workers, dask)
        with store_at(store, sch) as st, Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(),
            MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=err, transient=True, disable=as_json,
        ) as bar:
            task = bar.add_task("ingesting", total=None, rate="")

            def progress(done: int, total: int, title: str) -> None:
                elapsed = bar.tasks[0].elapsed or 0.0
                rate = f"{done / elapsed:.1f} docs/s" if elapsed > 0 else ""
                bar.update(task, completed=done, total=total, rate=rate)

            loaded, problems = load_paths(paths, fields=field_map)
            report = ingest_documents([ld.document for ld in loaded], st, extractor, progress,
                                      extractions=extractions)
            report.problems = (problems + [n for ld in loaded for n in ld.notices]
                               + report.problems)
            stats = st.stats()
    except ErgraphError as exc:
        raise fail(exc) from None
    formats = {"read": format_counts(loaded),
               "added": format_counts(loaded, (d["id"] for d in report.added))}
    if as_json:
        console.print_json(json.dumps({**report.to_dict(), "formats": formats,
                                       "stats": stats}))
    else:
        from ..loaders.files import NOTICE_KINDS

        for p in report.problems:
            tag = "note" if p.kind in NOTICE_KINDS else "skipped"
            err.print(f"[yellow]{tag}:[/] {escape(display(p.reason))}", markup=True)
        console.print(
            f"added {len(report.added)} document(s), skipped {len(report.skipped)} already "
            f"stored, {len(report.failed)} could not be read; store {st.uri} now holds "
            f"{stats['documents']} documents, {stats['entities']} entities, "
            f"{stats['relations']} relations")
        console.print(f"documents read by format: {_counts(formats['read'])}; added: "
                      f"{_counts(formats['added'])}")
        if report.resettled:
            console.print(f"extracted {len(report.resettled)} stored document(s) again: they "
                          "name by one word an entity the store now knows the type of")
    raise typer.Exit(report.exit_code)


def _parallel(extractor: Any, schema: Schema, aliases: Path | None, workers: int,
              dask: str | None) -> Any:
    if workers <= 1 and not dask:
        return None
    from ..loaders import parallel

    if dask:
        return parallel.dask_extractions(dask, schema_path=schema.path, aliases=aliases)
    return parallel.process_extractions(workers, schema_path=schema.path, aliases=aliases)


def extract(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="folder for <file name>.json")],
    schema: SchemaOpt = None,
    aliases: AliasOpt = None,
    explain: Annotated[bool, typer.Option(
        help="also record triggers, offsets and what was dropped and why")] = False,
    field: FieldOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Extract documents to gold-format JSON files (one per document), without a store.

    Each file's output mirrors its path under the folders given (``dup/a/report.txt``
    and ``dup/b/report.txt`` -> ``OUT/a/report.txt.json``, ``OUT/b/report.txt.json``)."""
    from ..loaders.files import NOTICE_KINDS, load_paths
    from ..loaders.gold import to_gold
    from ..loaders.windows import FAILURE_KINDS, failure

    seen: set[ProblemKind] = set()

    try:
        field_map = _field_map(field, fields)
        sch = schema_from(schema)
        extractor = extractor_for(sch, aliases)
        loaded, problems = load_paths(paths, fields=field_map)
        out.mkdir(parents=True, exist_ok=True)
        # a file of many documents (JSON lines, an e-mail's attachments): one output each
        targets = _output_paths(paths, [Path(ld.label) for ld in loaded], out)
        for ld, ex in zip(loaded, extractor.extract_many([ld.document for ld in loaded])):
            bad = failure(ex)
            if bad is not None:
                problems.append(bad)
                continue
            target = targets[Path(ld.label)]
            target.parent.mkdir(parents=True, exist_ok=True)
            label = display(target.relative_to(out).with_suffix("").as_posix())
            target.write_text(json.dumps(to_gold(ex, ld.path.name, explain=explain),
                                         indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            console.print(f"{label}: {len(ex.entities)} entities, "
                          f"{len(ex.relations)} relations -> {display(str(target))}")
            if explain:
                for p in ex.problems:
                    where = f" \u2014 \u201c{p.text.strip()[:80]}\u201d" if p.text else ""
                    # document text is data, never rich markup
                    console.print(f"  [dim]dropped ({p.kind}):[/] "
                                  f"{escape(display(p.reason + where))}", markup=True)
                    seen.add(ProblemKind.of(p.kind))
    except ErgraphError as exc:
        raise fail(exc) from None
    if seen:  # what each kind of drop named above means, once
        console.print("kinds of what was dropped:")
        for kind in sorted(seen):
            console.print(f"  {kind}: {kind.description}")
    for p in problems:
        err.print(f"[yellow]skipped:[/] {escape(display(p.reason))}", markup=True)
    failed = [p for p in problems if p.kind not in NOTICE_KINDS]
    written = len(loaded) - sum(1 for p in failed if p.kind in FAILURE_KINDS)
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
