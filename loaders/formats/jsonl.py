"""JSON lines (``.jsonl``, ``.ndjson``): one document a line, as scrapers and monitoring
tools export them.

Which field holds what is a :data:`FieldMap`: for each of ``text``, ``title``, ``date``,
``url`` and ``id`` the names to look for, first found wins; a dotted name (``meta.title``)
looks inside nested objects. :data:`DEFAULT_FIELDS` covers common scraper outputs; a
mapping given on the command line (``--field text=content``) or in a small TOML file
(``--fields map.toml``, ``text = "content"`` or ``text = ["content", "body"]``, at the top
or under ``[jsonl]``) replaces the defaults of the fields it names.

A line that is not a usable document (not JSON, not an object, no text, a date that is
not one) is a ``bad_record`` problem naming the file and the line; the rest of the file
goes in."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ...errors import DocumentError
from ...model import Problem, ProblemKind
from .common import Part, Read, clean_title, make_document, parse_date
from .html import html_text, looks_like_markup

__all__ = ["FIELDS", "DEFAULT_FIELDS", "FieldMap", "field_map", "parse_field_options",
           "load_field_file", "read"]

FIELDS = ("text", "title", "date", "url", "id")
FieldMap = Mapping[str, tuple[str, ...]]
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "full_text", "article_body",
             "articleBody", "description"),
    "title": ("title", "headline", "name"),
    "date": ("published", "date", "pubDate", "published_at", "publishedAt", "publish_date",
             "datePublished", "date_publish", "created_at", "timestamp"),
    "url": ("url", "link", "canonical_url", "source_url", "permalink"),
    "id": ("id", "guid", "uuid", "_id", "doc_id"),
}
#: a record's text over this many characters is refused, like a text file over the limit
MAX_RECORD_CHARS = 5_000_000


def field_map(overrides: Mapping[str, str | Iterable[str]] | None = None
              ) -> dict[str, tuple[str, ...]]:
    """The defaults with ``overrides`` (field -> a name or names) in their place; a
    field not in :data:`FIELDS` is a :class:`DocumentError`."""
    out = dict(DEFAULT_FIELDS)
    for key, names in (overrides or {}).items():
        if key not in FIELDS:
            raise DocumentError(f"unknown JSON lines field {key!r}; the fields are "
                                f"{', '.join(FIELDS)}", field=key)
        names = (names,) if isinstance(names, str) else tuple(names)
        if not names or not all(isinstance(n, str) and n for n in names):
            raise DocumentError(f"JSON lines field {key!r}: give one or more field names",
                                field=key)
        out[key] = names
    return out


def parse_field_options(options: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``["text=content", "title=headline,name"]`` (command-line ``--field`` values) as
    overrides for :func:`field_map`."""
    out: dict[str, tuple[str, ...]] = {}
    for opt in options:
        key, sep, names = opt.partition("=")
        if not sep or not names.strip():
            raise DocumentError(f"--field {opt!r}: write FIELD=NAME (e.g. text=content)",
                                field=opt)
        out[key.strip()] = tuple(n.strip() for n in names.split(",") if n.strip())
    return out


def load_field_file(path: str | Path) -> dict[str, tuple[str, ...]]:
    """The overrides a TOML file gives (top-level keys, or a ``[jsonl]`` table)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DocumentError(f"{path}: not a readable TOML field map: {exc}",
                            path=str(path)) from None
    table = data.get("jsonl", data)
    if not isinstance(table, dict):
        raise DocumentError(f"{path}: [jsonl] is not a table", path=str(path))
    return {k: v for k, v in field_map(table).items() if k in table}


def _lookup(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value: Any = record
        for key in name.split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)  # paragraphs
    return None


def read(raw: bytes, name: str, fields: FieldMap | None = None, **_: object) -> Read:
    fields = fields or DEFAULT_FIELDS
    out = Read()

    def bad(n: int, why: str, kind: ProblemKind = ProblemKind.BAD_RECORD) -> None:
        out.problems.append(Problem(kind, f"{name} line {n}: {why}", text=f"{name}#L{n}"))

    for n, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8-sig" if n == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            bad(n, f"not UTF-8 (byte {exc.start}); JSON lines are UTF-8")
            continue
        except (json.JSONDecodeError, RecursionError) as exc:
            bad(n, f"not JSON ({getattr(exc, 'msg', exc)}, column {getattr(exc, 'colno', '?')})")
            continue
        if not isinstance(record, dict):
            bad(n, f"a JSON {type(record).__name__}, not an object")
            continue
        text = _as_text(_lookup(record, fields["text"]))
        if text is None or not text.strip():
            bad(n, f"no text (looked for {', '.join(fields['text'])})")
            continue
        if looks_like_markup(text):  # a scraper that kept the page's HTML
            text = html_text(text)
        if len(text) > MAX_RECORD_CHARS:
            bad(n, f"{len(text)} characters of text is over the {MAX_RECORD_CHARS} limit",
                ProblemKind.TOO_LARGE)
            continue
        raw_date = _lookup(record, fields["date"])
        date = parse_date(raw_date)
        if raw_date is not None and date is None:
            bad(n, f"date {str(raw_date)[:40]!r} is not a date")
            continue
        url = _lookup(record, fields["url"])
        rid = _lookup(record, fields["id"])
        meta: dict[str, Any] = {"format": "jsonl", "file": name, "line": n}
        if isinstance(url, str) and url.strip():
            meta["url"] = url.strip()[:2000]
        if isinstance(rid, str | int) and not isinstance(rid, bool):
            meta["record_id"] = str(rid)[:200]
        try:
            doc = make_document(text, f"{name} line {n}",
                                title=clean_title(_lookup(record, fields["title"])), date=date,
                                source=meta.get("url") or f"{name}#L{n}", metadata=meta)
        except DocumentError as exc:
            bad(n, exc.message.partition(": ")[2] or exc.message)
            continue
        out.parts.append(Part(doc, "jsonl", part=f"line {n}"))
    if not out.parts and not out.problems:
        out.problems.append(Problem(ProblemKind.EMPTY, f"{name}: no records", text=name))
    return out
