"""What every format reader shares: the result of reading, dates, titles, failures."""

from __future__ import annotations

import datetime as _dt
import email.utils
import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ...errors import DocumentError
from ...model import Document, Problem, ProblemKind, normalise_text

__all__ = ["Part", "Read", "refuse", "parse_date", "headline", "make_document",
           "clean_title"]


@dataclass(frozen=True)
class Part:
    """One document a file held: the file itself (``part == ""``), a line of a JSON lines
    file (``"line 3"``), an attachment of an e-mail (``"attachment report.pdf"``)."""

    document: Document
    format: str
    notices: tuple[Problem, ...] = field(default=())
    part: str = ""


@dataclass
class Read:
    """What reading one file gave: its documents, and problems with parts of it (a bad
    line, an attachment that could not be read) that did not stop the rest."""

    parts: list[Part] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def refuse(name: str, why: str, kind: ProblemKind) -> NoReturn:
    """The whole file cannot be used: a :class:`DocumentError` naming it and the kind."""
    raise DocumentError(f"{name}: {why}", path=name, kind=kind)


_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> str | None:
    """ISO ``YYYY-MM-DD`` of a date as scrapers, mail and pages write it: ISO 8601
    (``2021-03-17``, ``2021-03-17T10:00:00Z``), RFC 2822 (``Wed, 17 Mar 2021 10:00:00
    +0000``), a Unix time in seconds or milliseconds; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return _dt.datetime.fromtimestamp(seconds, _dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if m:
        try:
            return _dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def clean_title(value: Any, limit: int = 200) -> str:
    """A title as one line of at most ``limit`` characters ("" for a non-string)."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:limit]


_HASHLIKE = re.compile(r"^[0-9a-fA-F_-]{8,}$")


def headline(text: str, stem: str = "") -> str:
    """A readable title for text that names none: its first line when it looks like a
    headline (short, not a sentence that runs on), else the file's stem unless that is
    a hash or a number, else the text's first words."""
    first = text.split("\n", 1)[0].strip().lstrip("#").strip()
    if first and len(first) <= 100 and not first.endswith((".", ",", ";", ":")):
        return first
    if stem and not _HASHLIKE.match(stem) and not stem.isdigit():
        return stem
    words = " ".join(text.split()[:12])
    return words[:80].rstrip() + ("…" if len(words) > 80 or len(text.split()) > 12 else "")


def make_document(text: str, name: str, *, title: str = "", date: str | None = None,
                  source: str = "", stem: str = "", metadata: dict[str, Any] | None = None
                  ) -> Document:
    """The :class:`Document` of a reader's text (normalised; ``empty`` when nothing is
    left), titled by :func:`headline` when the format gave no title."""
    text = normalise_text(text)
    if not text:
        refuse(name, "empty document", ProblemKind.EMPTY)
    return Document.from_text(text, title=clean_title(title) or headline(text, stem),
                              date=date, source=source or name, metadata=metadata)
