"""JSON lines files of store records: the portable form of a whole graph.

One :meth:`GraphStore.dump` record per line (documents, entities, mentions, relations
with their evidence), so any backend can write a file and any backend can load it, and a
file can be streamed, diffed and compressed by ordinary tools. Writing goes to a
temporary name that is renamed into place, so a failed dump never leaves half a file
under the real name; reading checks every line and names the file and line of a bad one.
``read_records(write_records(records))`` gives back the same records (``json`` round-trips
str, int, float, bool, None, lists and dicts exactly).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DocumentError
from .records import KINDS  # the record kinds, defined with the codec

if TYPE_CHECKING:
    from .base import GraphStore

__all__ = ["KINDS", "write_records", "read_records", "dump_to", "load_from"]

_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029",
                               "\u0085": "\\u0085"})


def encode(record: dict[str, Any]) -> str:
    """One record as one line of UTF-8 JSON, keys sorted. JSON escapes newlines; U+2028,
    U+2029 and U+0085, which ``str.splitlines`` and editors also split on, are escaped
    here too, so no line-splitting tool cuts a record."""
    text = json.dumps(record, ensure_ascii=False, allow_nan=False, sort_keys=True,
                      separators=(",", ":"))
    return text.translate(_LINE_BREAKS)


def write_records(records: Iterable[dict[str, Any]], path: Path | str) -> dict[str, int]:
    """Write records to ``path`` (atomically); returns how many of each kind."""
    path = Path(path)
    counts = dict.fromkeys(KINDS, 0)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            for rec in records:
                kind = str(rec.get("kind"))
                counts[kind] = counts.get(kind, 0) + 1
                fh.write(encode(rec))
                fh.write("\n")
        part.replace(path)
    except OSError as exc:
        raise DocumentError(f"cannot write {path}: {exc.strerror or exc}",
                            path=str(path)) from None
    except ValueError as exc:  # NaN/inf confidences, say
        raise DocumentError(f"cannot write {path}: {exc}", path=str(path)) from None
    finally:
        part.unlink(missing_ok=True)
    return counts


def read_records(path: Path | str) -> Iterator[dict[str, Any]]:
    """The records of a JSON lines file, checked one by one (blank lines are skipped)."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}",
                            path=str(path)) from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DocumentError(f"{path}:{lineno}: not a JSON record ({exc.msg})",
                                    path=str(path), line=lineno) from None
            if not isinstance(rec, dict) or rec.get("kind") not in KINDS:
                raise DocumentError(
                    f"{path}:{lineno}: not a store record (kind must be one of "
                    f"{', '.join(KINDS)})", path=str(path), line=lineno)
            yield rec


def dump_to(store: GraphStore, path: Path | str) -> dict[str, int]:
    """Write the whole store to a JSON lines file; returns counts by kind."""
    return write_records(store.dump(), path)


def load_from(store: GraphStore, path: Path | str) -> dict[str, int]:
    """Load a JSON lines file into ``store``. The file is checked in full first, so a bad
    line leaves the store untouched; records already in the store are kept."""
    for _rec in read_records(path):
        pass
    return store.load(read_records(path))
