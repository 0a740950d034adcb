"""Markdown: front matter (``title``, ``date``, ``source`` - or ``url``, ``link`` -,
``author``) is read as the document's fields and is not part of its text; without a
title, the first heading."""

from __future__ import annotations

import re

from .common import Part, Read, clean_title, make_document, parse_date
from .text import decode_text, notices, parse_header

__all__ = ["parse_front_matter", "read"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


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


def read(raw: bytes, name: str, stem: str = "", **_: object) -> Read:
    text, notes = decode_text(raw, name)
    fields, text = parse_front_matter(text)
    header_date, body = parse_header(text)
    heading = _HEADING.search(body[:10_000])
    title = clean_title(fields.get("title")) or (clean_title(heading.group(1)) if heading
                                                 else "")
    meta = {"format": "markdown"}
    if fields.get("author"):
        meta["author"] = clean_title(fields["author"])
    doc = make_document(body, name, title=title,
                        date=parse_date(fields.get("date")) or header_date,
                        source=clean_title(fields.get("source") or fields.get("url")
                                           or fields.get("link"), 2000), stem=stem,
                        metadata=meta)
    return Read([Part(doc, "markdown", notices(notes, name, doc.id))])
