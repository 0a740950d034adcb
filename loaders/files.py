"""Reading documents from disk: ``.txt`` and ``.md`` files and folders (recursive).

An optional header ``date YYYY-MM-DD`` at the very start of the first line becomes the
document date and is removed from the text. Bad input never stops a batch: every file
that cannot be used comes back as a :class:`~ergraph.model.Problem` naming the file.
Text that is not UTF-8 is decoded with the declared fallback (Windows-1252, then
Latin-1) and a ``decoded_with_fallback`` notice says so.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError
from ..model import Document, Problem, ProblemKind, normalise_text

__all__ = ["SUFFIXES", "NOTICE_KINDS", "LoadedDocument", "find_files", "read_document", "parse_header",
           "load_paths", "FALLBACK_ENCODINGS", "parse_front_matter", "text_shares",
           "MAX_BYTES"]

SUFFIXES = (".txt", ".md")
#: problem kinds that are notes about a document that was read, not failures
NOTICE_KINDS = frozenset({ProblemKind.DECODED_WITH_FALLBACK})
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


#: byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: The text heuristic, measured (see tests/robustness/test_files.py): on the sample
#: corpus, README.md and Python sources, letters + marks + digits + whitespace +
#: punctuation make 96.7-100 % of the characters and C0/C1 control characters 0 %; on
#: random bytes decoded as Latin-1 (what the fallback does with binary data) they make
#: 68-74 %, with 15-24 % controls even when no byte is NUL or below 0x20. The thresholds
#: sit between: at least 85 % text characters and at most 1 % controls.
MIN_TEXT_SHARE = 0.85
MAX_CONTROL_SHARE = 0.01
_SAMPLE = 65_536
_TEXT_CATEGORIES = frozenset("LMNPZ")


def text_shares(text: str) -> tuple[float, float]:
    """(share of text characters, share of control characters) of ``text``'s start."""
    sample = text[:_SAMPLE]
    if not sample:
        return 1.0, 0.0
    good = ctrl = 0
    for ch in sample:
        if ch in "\t\n\r\f\v":
            good += 1
            continue
        cat = unicodedata.category(ch)
        if cat[0] in _TEXT_CATEGORIES:
            good += 1
        elif cat == "Cc" or ch == "\ufffd":
            ctrl += 1
    return good / len(sample), ctrl / len(sample)


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``; the check
    is made before anything is read (a FIFO would block, ``/dev/zero`` never ends, a
    sparse file claims gigabytes), and again on the opened file (it may have changed)."""
    name = str(path)
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
    if st.st_size > max_bytes:
        raise DocumentError(f"{name}: {st.st_size} bytes is over the {max_bytes}-byte limit",
                            path=name, kind=ProblemKind.TOO_LARGE)
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
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise DocumentError(f"{name}: over the {max_bytes}-byte limit", path=name,
                                    kind=ProblemKind.TOO_LARGE)
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read: {exc.strerror or exc}", path=name,
                            kind=ProblemKind.UNREADABLE) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Text of ``raw``: by its byte-order mark (UTF-8/16/32), else UTF-8, else the
    fallbacks; and notes on how it was decoded."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), []
            except UnicodeDecodeError as exc:
                raise DocumentError(f"{name}: starts with a {codec.upper()} byte-order mark "
                                    f"but is not {codec.upper()} (byte {exc.start + len(bom)})",
                                    path=name, kind=ProblemKind.BINARY) from None
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{name}: binary file (NUL bytes), not text", path=name,
                            kind=ProblemKind.BINARY)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        for enc in FALLBACK_ENCODINGS:
            try:
                return raw.decode(enc), [f"{name}: not UTF-8 (byte {exc.start}); decoded "
                                         f"as {enc}"]
            except UnicodeDecodeError:
                continue
    raise DocumentError(f"{name}: not text in any known encoding", path=name,
                        kind=ProblemKind.BINARY)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split Markdown front matter (``---`` / ``key: value`` lines / ``---``) from the
    text: its top-level scalar fields, and the text after it. Text without front matter
    comes back whole with no fields."""
    m = _FRONT_MATTER.match(text)
    if not m or len(m.group(0)) > 65_536:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        f = _FM_LINE.match(line)
        if f and f.group(2) and not f.group(2).startswith(("|", ">", "[", "{")):
            value = f.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields.setdefault(f.group(1).lower(), value)
    return fields, text[m.end():]


def _front_matter_date(value: str | None) -> str | None:
    import datetime as _dt

    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> LoadedDocument:
    """Read one file into a :class:`Document`; raises :class:`DocumentError` with a reason.

    Only regular files are read (checked before reading, with the size); a byte-order
    mark picks UTF-8/16/32; bytes that decode only to something that is not text (by
    :func:`text_shares`) are ``binary``; a Markdown file's front matter gives the title
    and date and is not part of the text."""
    name = str(path)
    raw = _read_regular(path, max_bytes)
    text, notes = _decode(raw, name)
    good, ctrl = text_shares(text)
    if good < MIN_TEXT_SHARE or ctrl > MAX_CONTROL_SHARE:
        raise DocumentError(
            f"{name}: binary data, not text ({good:.0%} text characters, {ctrl:.0%} control "
            f"characters; text has at least {MIN_TEXT_SHARE:.0%} and at most "
            f"{MAX_CONTROL_SHARE:.0%})", path=name, kind=ProblemKind.BINARY)
    title = ""
    date: str | None = None
    if path.suffix.lower() == ".md":
        fields, text = parse_front_matter(text.lstrip("\ufeff"))
        title = " ".join(fields.get("title", "").split())[:200]
        date = _front_matter_date(fields.get("date"))
    header_date, body = parse_header(text)
    date = date or header_date
    body = normalise_text(body)
    if not body:
        raise DocumentError(f"{name}: empty document", path=name, kind=ProblemKind.EMPTY)
    doc = Document.from_text(body, title=title or _title(body, path), date=date, source=name)
    notices = [Problem(ProblemKind.DECODED_WITH_FALLBACK, n, text=name, document_id=doc.id)
               for n in notes]
    return LoadedDocument(doc, path, tuple(notices))


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
            found = []
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
                                        f"{p}: folder holds no .txt or .md documents",
                                        text=str(p)))
            files.extend(found)
        elif p.suffix.lower() not in SUFFIXES:
            problems.append(Problem(ProblemKind.UNSUPPORTED,
                                    f"{p}: not a .txt or .md file", text=str(p)))
        else:
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


def load_paths(paths: Iterable[str | Path]) -> tuple[list[LoadedDocument], list[Problem]]:
    """Read every document under ``paths``; bad files become problems, the rest load."""
    files, problems = find_files(paths)
    docs: list[LoadedDocument] = []
    for f in files:
        try:
            docs.append(read_document(f))
        except DocumentError as exc:
            problems.append(Problem(exc.details.get("kind", ProblemKind.UNREADABLE), exc.message,
                                    text=str(f)))
    return docs, problems
