"""Plain text: decoding (byte-order marks, UTF-8, the fallbacks), the text-or-binary
heuristic, the ``date YYYY-MM-DD`` header. Every text-based format decodes through here."""

from __future__ import annotations

import codecs
import datetime as _dt
import re
import unicodedata

from ...model import Problem, ProblemKind
from .common import Part, Read, make_document, refuse

__all__ = ["FALLBACK_ENCODINGS", "MIN_TEXT_SHARE", "MAX_CONTROL_SHARE", "decode",
           "decode_text", "text_shares", "parse_header", "read", "notices"]

FALLBACK_ENCODINGS = ("cp1252", "latin-1")
_HEADER = re.compile(r"^\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)

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


def parse_header(text: str) -> tuple[str | None, str]:
    """Split an optional leading ``date YYYY-MM-DD`` header from the text."""
    m = _HEADER.match(text)
    if not m:
        return None, text
    try:
        _dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None, text  # "date 2021-13-45" is text, not a header
    return m.group(1), text[m.end():]


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


def bom_codec(raw: bytes) -> tuple[str, int] | None:
    """(codec, length of the mark) of a byte-order mark ``raw`` starts with."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec, len(bom)
    return None


def decode(raw: bytes, name: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Text of ``raw``: by its byte-order mark (UTF-8/16/32), else UTF-8, else the
    encoding the file declares (an HTML ``charset``), else the fallbacks; and notes on
    how it was decoded."""
    marked = bom_codec(raw)
    if marked:
        codec, size = marked
        try:
            return raw[size:].decode(codec), []
        except UnicodeDecodeError as exc:
            refuse(name, f"starts with a {codec.upper()} byte-order mark but is not "
                   f"{codec.upper()} (byte {exc.start + size})", ProblemKind.BINARY)
    if b"\x00" in raw[:8192]:
        refuse(name, "binary file (NUL bytes), not text", ProblemKind.BINARY)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        candidates = ([declared] if declared else []) + list(FALLBACK_ENCODINGS)
        for enc in candidates:
            try:
                text = raw.decode(enc)
            except (UnicodeDecodeError, LookupError):
                continue
            if enc == declared:
                return text, []
            return text, [f"{name}: not UTF-8 (byte {exc.start}); decoded as {enc}"]
    refuse(name, "not text in any known encoding", ProblemKind.BINARY)


def decode_text(raw: bytes, name: str, declared: str | None = None, markup: bool = False
                ) -> tuple[str, list[str]]:
    """:func:`decode`, and ``binary`` when what comes out is not text by
    :func:`text_shares` (for ``markup``, HTML, only by its control characters: ``<``,
    ``=`` and ``>`` are symbols, not letters or punctuation, and a page is full of them)."""
    text, notes = decode(raw, name, declared)
    good, ctrl = text_shares(text)
    if (good < MIN_TEXT_SHARE and not markup) or ctrl > MAX_CONTROL_SHARE:
        refuse(name, f"binary data, not text ({good:.0%} text characters, {ctrl:.0%} control "
               f"characters; text has at least {MIN_TEXT_SHARE:.0%} and at most "
               f"{MAX_CONTROL_SHARE:.0%})", ProblemKind.BINARY)
    return text.lstrip("\ufeff"), notes


def notices(notes: list[str], name: str, document_id: str) -> tuple[Problem, ...]:
    """The ``decoded_with_fallback`` notes of a document, as problems."""
    return tuple(Problem(ProblemKind.DECODED_WITH_FALLBACK, n, text=name,
                         document_id=document_id) for n in notes)


def read(raw: bytes, name: str, stem: str = "", **_: object) -> Read:
    """A plain text file: an optional ``date`` header, the title from its first line."""
    text, notes = decode_text(raw, name)
    date, body = parse_header(text)
    doc = make_document(body, name, date=date, stem=stem, metadata={"format": "text"})
    return Read([Part(doc, "text", notices(notes, name, doc.id))])
