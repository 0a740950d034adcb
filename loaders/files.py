"""Reading documents from disk: ``.txt`` and ``.md`` files and folders (recursive).

An optional header ``date YYYY-MM-DD`` at the very start of the first line becomes the
document date and is removed from the text. Bad input never stops a batch: every file
that cannot be used comes back as a :class:`~ergraph.model.Problem` naming the file.
Text that is not UTF-8 is decoded with the declared fallback (Windows-1252, then
Latin-1) and a ``decoded_with_fallback`` notice says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError
from ..model import Document, Problem, normalise_text

__all__ = ["SUFFIXES", "LoadedDocument", "find_files", "read_document", "parse_header",
           "load_paths", "FALLBACK_ENCODINGS"]

SUFFIXES = (".txt", ".md")
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
MAX_BYTES = 5_000_000
_HEADER = re.compile(r"^\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)


@dataclass(frozen=True)
class LoadedDocument:
    document: Document
    path: Path
    notices: tuple[Problem, ...] = field(default=())


def parse_header(text: str) -> tuple[str | None, str]:
    """Split an optional leading ``date YYYY-MM-DD`` header from the text."""
    import datetime as _dt

    m = _HEADER.match(text)
    if not m:
        return None, text
    try:
        _dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None, text  # "date 2021-13-45" is text, not a header
    return m.group(1), text[m.end():]


def _title(text: str, path: Path) -> str:
    first = text.split("\n", 1)[0].strip().lstrip("#").strip()
    if first and len(first) <= 100 and not first.endswith((".", ",", ";")):
        return first
    return path.stem


def read_document(path: Path) -> LoadedDocument:
    """Read one file into a :class:`Document`; raises :class:`DocumentError` with a reason."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file", path=str(path), kind="missing") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror}", path=str(path),
                            kind="unreadable") from None
    if len(raw) > MAX_BYTES:
        raise DocumentError(f"{path}: {len(raw)} bytes is over the {MAX_BYTES}-byte limit",
                            path=str(path), kind="too_large")
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{path}: binary file (NUL bytes), not text", path=str(path),
                            kind="binary")
    notices: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for enc in FALLBACK_ENCODINGS:
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            notices.append(Problem(
                "decoded_with_fallback",
                f"{path}: not UTF-8 (byte {exc.start}); decoded as {enc}", text=str(path)))
            break
    date, body = parse_header(text)
    body = normalise_text(body)
    if not body:
        raise DocumentError(f"{path}: empty document", path=str(path), kind="empty")
    doc = Document.from_text(body, title=_title(body, path), date=date, source=str(path))
    notices = [Problem(n.kind, n.reason, n.text, doc.id) for n in notices]
    return LoadedDocument(doc, path, tuple(notices))


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively) into document files, in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if not p.exists():
            problems.append(Problem("missing", f"{p}: no such file or folder", text=str(p)))
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*")
                           if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                problems.append(Problem("no_documents",
                                        f"{p}: folder holds no .txt or .md documents",
                                        text=str(p)))
            files.extend(found)
        elif p.suffix.lower() not in SUFFIXES:
            problems.append(Problem("unsupported",
                                    f"{p}: not a .txt or .md file", text=str(p)))
        else:
            files.append(p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


def load_paths(paths: Iterable[str | Path]) -> tuple[list[LoadedDocument], list[Problem]]:
    """Read every document under ``paths``; bad files become problems, the rest load."""
    files, problems = find_files(paths)
    docs: list[LoadedDocument] = []
    for f in files:
        try:
            docs.append(read_document(f))
        except DocumentError as exc:
            problems.append(Problem(exc.details.get("kind", "unreadable"), exc.message,
                                    text=str(f)))
    return docs, problems
