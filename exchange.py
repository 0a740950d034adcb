"""Exports and imports: GraphML, GEXF, neo4j-admin CSV, Cypher, JSON lines.

* :func:`export_stream` - ``(chunks, media type)`` for ``GET /export?format=``; chunks are
  produced lazily, so a large graph streams;
* :func:`export_to` - the same into a file (CSV: a folder, or a zip when the path ends
  in ``.zip``), written to a temporary name first and moved into place;
* :func:`import_jsonl` - load a JSON lines export (the ``store.dump()`` record format)
  back into a store.

The serialisers themselves live in :mod:`ergraph.graph.export`; the ``ergraph export``
and ``ergraph import`` commands over this library in :mod:`ergraph.cli.exchange`. A
library: it imports neither typer nor FastAPI.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import QueryError
from .graph import export as _fmt
from .graph.base import GraphStore
from .graph.jsonl import load_from, read_records

__all__ = [
    "ExportFormat",
    "FORMATS",
    "FormatInfo",
    "export_stream",
    "export_filename",
    "export_to",
    "import_jsonl",
    "read_jsonl",
]


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    cypher = "cypher"
    jsonl = "jsonl"


@dataclass(frozen=True, slots=True)
class FormatInfo:
    media_type: str
    suffix: str
    binary: bool = False


#: media type of the HTTP stream and file suffix of each export format
FORMATS: dict[str, FormatInfo] = {
    "graphml": FormatInfo("application/graphml+xml; charset=utf-8", ".graphml"),
    "gexf": FormatInfo("application/gexf+xml; charset=utf-8", ".gexf"),
    "csv": FormatInfo("application/zip", ".zip", binary=True),
    "cypher": FormatInfo("application/x-cypher-query; charset=utf-8", ".cypher"),
    "jsonl": FormatInfo("application/x-ndjson; charset=utf-8", ".jsonl"),
}


def _check_format(format: str | ExportFormat) -> str:
    name = format.value if isinstance(format, ExportFormat) else str(format or "").lower()
    if name not in FORMATS:
        raise QueryError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}",
                         field="format", allowed=list(FORMATS))
    return name


def _chunks(store: GraphStore, name: str) -> Iterator[str | bytes]:
    if name == "graphml":
        yield from _fmt.graphml(store)
    elif name == "gexf":
        yield from _fmt.gexf(store)
    elif name == "csv":
        yield from _fmt.csv_zip(store)
    elif name == "cypher":
        yield from _fmt.cypher(store)
    else:
        yield from _fmt.jsonl(store)


def export_stream(store: GraphStore, format: str) -> tuple[Iterator[str | bytes], str]:
    """``(chunks, media_type)`` for an HTTP response; ``csv`` is one zip of the node and
    relationship files. An unknown format raises :class:`QueryError` at once; the store
    is read only as the chunks are consumed (str chunks are UTF-8 text)."""
    name = _check_format(format)
    return _chunks(store, name), FORMATS[name].media_type


def export_filename(format: str, stem: str = "ergraph") -> str:
    """A download file name for ``format`` (``ergraph.graphml``, ``ergraph-csv.zip``…)."""
    name = _check_format(format)
    return f"{stem}-csv.zip" if name == "csv" else f"{stem}{FORMATS[name].suffix}"


def _write_text(path: Path, chunks: Iterable[str | bytes]) -> None:
    part = path.with_name(path.name + ".part")
    try:
        with part.open("wb") as fh:
            for c in chunks:
                fh.write(c.encode("utf-8") if isinstance(c, str) else c)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)


def export_to(store: GraphStore, format: str, out: Path | str) -> list[Path]:
    """Write an export to ``out`` and return the files written.

    For ``csv``, ``out`` is a folder (``nodes.csv`` and ``relationships.csv`` are written
    into it) or a ``.zip`` file holding both."""
    name = _check_format(format)
    out = Path(out)
    if name == "csv" and out.suffix.lower() != ".zip":
        if out.exists() and not out.is_dir():
            raise QueryError(f"{out} exists and is not a folder; give a folder or a .zip",
                             field="out")
        out.mkdir(parents=True, exist_ok=True)
        table = _fmt.graph_table(store)
        nodes, rels = out / "nodes.csv", out / "relationships.csv"
        _write_text(nodes, _fmt.csv_nodes(table))
        _write_text(rels, _fmt.csv_relationships(table))
        return [nodes, rels]
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_text(out, _chunks(store, name))
    return [out]


def read_jsonl(path: Path | str) -> Iterator[dict[str, Any]]:
    """Records of a JSON lines export, checked line by line (see :mod:`ergraph.graph.jsonl`)."""
    return read_records(path)


def import_jsonl(store: GraphStore, path: Path | str) -> dict[str, int]:
    """Load a JSON lines export into ``store``; returns record counts by kind. Records
    already in the store are kept as they are (loading twice changes nothing).

    The file is checked in full before anything is written, so a malformed line leaves
    the store untouched."""
    return load_from(store, path)
