"""Document formats: one reader a format, and which reader a file gets.

The format is found by content first and by name second (:func:`detect`): a PDF by its
``%PDF-`` mark wherever it is and whatever it is called, a web page saved as ``.txt`` by
its doctype or ``<html>``, an e-mail saved as ``.txt`` by its block of mail headers; then
by suffix (:data:`SUFFIXES`). Every reader takes the file's bytes (read by
:mod:`..files`, which checks regular file and size before reading) and returns a
:class:`~.common.Read`: the documents it holds (:class:`~.common.Part`, one per file but
for JSON lines and e-mails with attachments) and problems with parts of it; a file that
cannot be used at all raises :class:`~ergraph.errors.DocumentError` with its kind."""

from __future__ import annotations

import types
from typing import Any

from . import email, html, jsonl, markdown, pdf, text
from .common import Part, Read
from .pdf import page_of, with_pages

__all__ = ["SUFFIXES", "FORMATS", "LIMITS", "Part", "Read", "detect", "read_bytes",
           "page_of", "with_pages"]

#: suffix -> format
SUFFIXES: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".eml": "email",
}
#: format -> its reader module (``read(raw, name, stem=..., **options) -> Read``)
FORMATS: dict[str, types.ModuleType] = {
    "text": text, "markdown": markdown, "html": html, "pdf": pdf, "jsonl": jsonl,
    "email": email,
}
#: the largest file of a format that is read, in bytes (the text formats: 5 MB); a PDF
#: of scans and an e-mail with attachments are larger for the same text, a JSON lines
#: export holds many documents (each record's text has the text limit)
LIMITS: dict[str, int] = {"text": 5_000_000, "markdown": 5_000_000, "html": 10_000_000,
                          "pdf": 50_000_000, "jsonl": 200_000_000, "email": 30_000_000}
#: how much of a file :func:`detect` looks at
HEAD_BYTES = 8192


def _head_text(head: bytes) -> str:
    marked = text.bom_codec(head)
    if marked:
        codec, size = marked
        return head[size:].decode(codec, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def detect(head: bytes, suffix: str) -> str | None:
    """The format of a file from its first bytes and its suffix (lower case, with the
    dot; a file without a known suffix is only known by content); None when it is none
    ergraph reads."""
    by_name = SUFFIXES.get(suffix)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if by_name == "jsonl":
        return by_name
    if html.looks_like_html(_head_text(head)):
        return "html"
    if by_name in ("text", "email", None) and email.looks_like_email(head):
        return "email"
    return by_name


def read_bytes(raw: bytes, name: str, fmt: str, **options: Any) -> Read:
    """Read ``raw`` (the bytes of ``name``) as format ``fmt``. Options: ``stem`` (the file
    name's stem, a title of last resort), ``fields`` (the JSON lines field map),
    ``depth`` (of e-mails inside e-mails)."""
    return FORMATS[fmt].read(raw, name, **options)
