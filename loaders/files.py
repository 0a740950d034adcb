"""Reading documents from disk: files and folders (recursive) of every format in
:mod:`.formats` - plain text (``.txt``), Markdown (``.md``), saved web pages (``.html``),
PDF, JSON lines (``.jsonl``) and e-mail (``.eml``) - found by content first, then by name.

An optional header ``date YYYY-MM-DD`` at the very start of a text file's first line
becomes the document date and is removed from the text. Bad input never stops a batch:
every file that cannot be used comes back as a :class:`~ergraph.model.Problem` naming the
file, and so does every bad part of a file that holds many documents (a JSON line, an
e-mail attachment). Only regular files are read, their size checked before reading. Text
that is not UTF-8 is decoded with the declared fallback (Windows-1252, then Latin-1) and a
``decoded_with_fallback`` notice says so.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError
from ..model import Document, Problem, ProblemKind
from . import formats
from .formats.jsonl import FieldMap
from .formats.markdown import parse_front_matter
from .formats.text import (
    FALLBACK_ENCODINGS,
    MAX_CONTROL_SHARE,
    MIN_TEXT_SHARE,
    parse_header,
    text_shares,
)

__all__ = ["SUFFIXES", "NOTICE_KINDS", "LoadedDocument", "find_files", "read_document",
           "read_file", "parse_header", "load_paths", "FALLBACK_ENCODINGS",
           "parse_front_matter", "text_shares", "format_counts", "MAX_BYTES",
           "MIN_TEXT_SHARE", "MAX_CONTROL_SHARE"]

#: the suffixes of the files a folder is searched for
SUFFIXES = tuple(formats.SUFFIXES)
#: problem kinds that are notes about a document that was read, not failures
NOTICE_KINDS = frozenset({ProblemKind.DECODED_WITH_FALLBACK, ProblemKind.PAGES_WITHOUT_TEXT,
                          ProblemKind.ATTACHMENT_SKIPPED})
#: the text formats' size limit; :data:`.formats.LIMITS` has every format's
MAX_BYTES = formats.LIMITS["text"]
_NAMES = ".txt, .md, .html, .pdf, .jsonl or .eml"


@dataclass(frozen=True)
class LoadedDocument:
    """A document read from ``path``: the file itself, or a ``part`` of it (``"line 3"``
    of a JSON lines file, ``"attachment report.pdf"`` of an e-mail)."""

    document: Document
    path: Path
    notices: tuple[Problem, ...] = field(default=())
    format: str = "text"
    part: str = ""

    @property
    def label(self) -> str:
        """The file, and the part of it when it holds many documents."""
        return f"{self.path}#{self.part}" if self.part else str(self.path)


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def _read_regular(path: Path, max_bytes: int | None = None) -> tuple[bytes, str]:
    """The bytes of ``path`` and its format (:func:`.formats.detect`) if it is a regular
    file within the size limit: ``max_bytes``, else its format's (:data:`.formats.LIMITS`).
    The checks are made before anything is read (a FIFO would block, ``/dev/zero`` never
    ends, a sparse file claims gigabytes) against the limit of the format its name says,
    and again on the opened file (it may have changed) against the limit of the format
    its first bytes show."""
    name = str(path)
    suffix = path.suffix.lower()
    by_name = formats.SUFFIXES.get(suffix)
    # a name that says no format: its content may, and the format's limit then holds
    limit = max_bytes or (formats.LIMITS[by_name] if by_name else max(formats.LIMITS.values()))

    def too_large(size: int | None) -> DocumentError:
        what = f"{size} bytes is over" if size is not None else "over"
        return DocumentError(f"{name}: {what} the {limit}-byte limit", path=name,
                             kind=ProblemKind.TOO_LARGE)

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DocumentError(f"{name}: no such file", path=name,
                            kind=ProblemKind.MISSING) from None
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read: {exc.strerror or exc}", path=name,
                            kind=ProblemKind.UNREADABLE) from None
    via = " (through a symbolic link)" if path.is_symlink() else ""
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(f"{name}: {_kind_of(st.st_mode)}{via}, not a regular file; "
                            "not read", path=name, kind=ProblemKind.NOT_REGULAR)
    if st.st_size > limit:
        raise too_large(st.st_size)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read: {exc.strerror or exc}", path=name,
                            kind=ProblemKind.UNREADABLE) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(f"{name}: {_kind_of(st.st_mode)}{via}, not a regular file; "
                                "not read", path=name, kind=ProblemKind.NOT_REGULAR)
        chunks: list[bytes] = []
        size = 0
        fmt: str | None = None
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if fmt is None:  # the first chunk shows the format, and so its limit
                fmt = formats.detect(chunk[:formats.HEAD_BYTES], suffix)
                if fmt is None:
                    raise DocumentError(f"{name}: not a {_NAMES} file (by its name or "
                                        "its content)", path=name,
                                        kind=ProblemKind.UNSUPPORTED)
                if not max_bytes:
                    limit = min(limit, formats.LIMITS[fmt])
                if st.st_size > limit:
                    raise too_large(st.st_size)
            if size > limit:
                raise too_large(None)
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read: {exc.strerror or exc}", path=name,
                            kind=ProblemKind.UNREADABLE) from None
    finally:
        os.close(fd)
    fmt = fmt or by_name
    if fmt is None:
        raise DocumentError(f"{name}: not a {_NAMES} file (an empty file with no known "
                            "suffix)", path=name, kind=ProblemKind.UNSUPPORTED)
    return b"".join(chunks), fmt


def read_file(path: Path, max_bytes: int | None = None, fields: FieldMap | None = None
              ) -> tuple[list[LoadedDocument], list[Problem]]:
    """Every document of one file, and the problems with parts of it that did not stop
    the rest (a bad JSON line, an attachment not read); raises :class:`DocumentError`
    with a reason and a kind when the file cannot be used at all.

    Only regular files are read (checked before reading, with the size); the format is
    found by content, then by name; a byte-order mark picks UTF-8/16/32; bytes that
    decode only to something that is not text (by :func:`text_shares`) are ``binary``;
    front matter, page chrome and mail headers give the title, date and source and are
    not part of the text. ``fields`` maps JSON lines fields (:mod:`.formats.jsonl`)."""
    path = Path(path)
    raw, fmt = _read_regular(path, max_bytes)
    got = formats.read_bytes(raw, str(path), fmt, stem=path.stem, fields=fields)
    docs = [LoadedDocument(p.document, path, p.notices, p.format, p.part) for p in got.parts]
    return docs, got.problems


def read_document(path: Path, max_bytes: int | None = None) -> LoadedDocument:
    """Read one file into a :class:`Document` (the first, for a file that holds many:
    :func:`read_file` has them all); raises :class:`DocumentError` with a reason."""
    docs, problems = read_file(path, max_bytes)
    if not docs:
        first = problems[0] if problems else None
        raise DocumentError(first.reason if first else f"{path}: no documents",
                            path=str(path), kind=first.kind if first else ProblemKind.EMPTY)
    return docs[0]


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively) into document files, in a stable order.

    A path that cannot even be looked at (permission, name too long, link loop) is a
    problem naming it, like a missing one; the rest of the batch goes on. Entries with a
    document suffix that are not regular files (FIFOs, devices, links to them) are kept
    here so that :func:`read_document` reports them, rather than dropped silently."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            problems.append(Problem(ProblemKind.MISSING, f"{p}: no such file or folder",
                                    text=str(p)))
            continue
        except (OSError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            problems.append(Problem(ProblemKind.UNREADABLE, f"{p}: cannot read: {why}",
                                    text=str(p)))
            continue
        if stat.S_ISDIR(st.st_mode):
            found: list[Path] = []
            for f in p.rglob("*"):
                if f.suffix.lower() not in SUFFIXES or any(
                        part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                try:
                    if f.is_dir():
                        continue
                except OSError:
                    pass  # read_document reports it
                found.append(f)
            found.sort()
            if not found:
                problems.append(Problem(ProblemKind.NO_DOCUMENTS,
                                        f"{p}: folder holds no {_NAMES} documents",
                                        text=str(p)))
            files.extend(found)
        else:  # named: read whatever its name, known by content (else unsupported)
            files.append(p)
    seen: set[str] = set()
    unique = []
    for f in files:
        try:
            r = os.path.realpath(f)
        except (OSError, RuntimeError, ValueError):
            r = os.path.abspath(f)
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


def load_paths(paths: Iterable[str | Path], fields: FieldMap | None = None
               ) -> tuple[list[LoadedDocument], list[Problem]]:
    """Read every document under ``paths``; bad files and bad parts of files become
    problems, the rest load. ``fields`` maps JSON lines fields."""
    files, problems = find_files(paths)
    docs: list[LoadedDocument] = []
    for f in files:
        try:
            got, bad = read_file(f, fields=fields)
        except DocumentError as exc:
            problems.append(Problem(exc.details.get("kind", ProblemKind.UNREADABLE), exc.message,
                                    text=str(f)))
            continue
        docs.extend(got)
        problems.extend(bad)
    return docs, problems


def format_counts(loaded: Iterable[LoadedDocument], ids: Iterable[str] | None = None
                  ) -> dict[str, int]:
    """How many of the documents are of each format, most first; with ``ids``, only the
    documents with those ids, each once (the same text read twice is one document)."""
    if ids is None:
        counts = Counter(ld.format for ld in loaded)
    else:
        first: dict[str, str] = {}
        for ld in loaded:
            first.setdefault(ld.document.id, ld.format)
        counts = Counter(first[i] for i in set(ids) if i in first)
    return dict(counts.most_common())
