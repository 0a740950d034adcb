"""PDF: the text layer, page by page (pypdf), with a page table so that an offset in the
document's text (an evidence sentence's ``start``) maps back to its page.

The page table is ``metadata["pages"]``: the offset in the text where each page starts,
page 1 first. A PDF without a text layer (scanned pages) is a ``no_text_layer`` problem,
not an empty document; pages without text in a PDF that has some are left out with a
``pages_without_text`` note. There is no OCR. A PDF that needs a password is
``encrypted``; one pypdf cannot parse is ``malformed``."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from typing import Any

from ...model import Document, Extraction, Problem, ProblemKind, normalise_text
from .common import Part, Read, clean_title, make_document, parse_date, refuse

__all__ = ["read", "page_of", "with_pages", "PAGE_BREAK", "MIN_PAGE_CHARS"]

#: between two pages in the text: a paragraph break
PAGE_BREAK = "\n\n"
#: a page with fewer letters or digits than this has no (usable) text layer
MIN_PAGE_CHARS = 3
_WORD = re.compile(r"\w", re.UNICODE)
#: titles that name the program that wrote the PDF, not the document
_NOT_A_TITLE = re.compile(r"^(?:untitled|microsoft word - .*|document\d*|.*\.(?:docx?|pdf))$",
                          re.IGNORECASE)


def page_of(document: Document, offset: int) -> int | None:
    """The page (1-based) on which ``offset`` of ``document.text`` lies; None for a
    document without a page table (not a PDF). The stores compute it the same way for
    the evidence they read back (:meth:`Document.page_of`, :func:`~ergraph.model.page_at`)."""
    return document.page_of(offset)


def with_pages(extraction: Extraction) -> Extraction:
    """The extraction with each evidence sentence's page filled from its document."""
    doc = extraction.document
    if not doc.metadata.get("pages"):
        return extraction
    rels = tuple(replace(r, evidence=tuple(replace(e, page=page_of(doc, e.start))
                                           for e in r.evidence))
                 for r in extraction.relations)
    return replace(extraction, relations=rels)


_ENDS = (".", "!", "?", ":", ";", "\u201d", '"')


def reflow(page: str) -> str:
    """A page's lines as the text runs: a line that fills the width (at least 3/4 of the
    page's longest) and does not end a sentence is joined to the next (``licen-`` +
    ``ce`` without the hyphen); short lines (headings, a paragraph's last) stay lines."""
    lines = [line.strip() for line in page.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out and line:
            if out[-1].endswith("-") and line[:1].islower():
                out[-1] = out[-1][:-1] + line
            else:
                out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joining = bool(line) and len(line) >= 0.75 * width and not line.endswith(_ENDS)
    return normalise_text("\n".join(out))


#: a line that is only a page number: "3", "- 3 -", "Page 3", "3 / 10", "Page 3 of 10"
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?"
                          r"(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
#: how many lines at the top and at the bottom of a page may be running heads or feet
_EDGE_LINES = 2


def strip_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running heads and feet: at a page's top or bottom, a line
    that is only a page number, or a line (digits aside) found at the top or bottom of
    at least half the pages of a document of three pages or more."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).lower())

    split = [page.split("\n") if page else [] for page in pages]
    counts: dict[str, int] = {}
    for lines in split:
        for k in {key(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]}:
            counts[k] = counts.get(k, 0) + 1
    with_text = sum(1 for lines in split if lines)
    running = ({k for k, n in counts.items() if k and n >= max(3, with_text / 2)}
               if with_text >= 3 else set())

    def edge(line: str) -> bool:
        return bool(_PAGE_NUMBER.match(line.strip())) or key(line) in running

    out = []
    for lines in split:
        for _ in range(_EDGE_LINES):
            if lines and edge(lines[0]):
                lines = lines[1:]
            if lines and edge(lines[-1]):
                lines = lines[:-1]
        out.append(normalise_text("\n".join(lines)))
    return out


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """The text of the pages and the offset where each starts. Pages are a paragraph
    apart (:data:`PAGE_BREAK`) but for a sentence that runs on from one page to the next
    (no sentence end, a lower-case start): it is joined with a space, and the next page
    starts where its part does. A page without text starts where the next one does."""
    text, starts = "", []
    for page in pages:
        if not page:
            starts.append(len(text))
            continue
        sep = "" if not text else (" " if not text.endswith(_ENDS) and page[:1].islower()
                                   else PAGE_BREAK)
        starts.append(len(text) + len(sep))
        text = f"{text}{sep}{page}"
    return text, starts


def _pdf_date(value: Any) -> str | None:
    """``D:20210603...`` (a PDF date string) or a datetime as ISO ``YYYY-MM-DD``."""
    if hasattr(value, "date"):
        return value.date().isoformat()
    if isinstance(value, str):
        m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value)
        if m:
            return parse_date("-".join(m.groups()))
    return None


def read(raw: bytes, name: str, stem: str = "", **_: object) -> Read:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are ours to report
    encrypted = False
    try:
        reader = PdfReader(io.BytesIO(raw))
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(""):
            refuse(name, "encrypted PDF (needs a password); not read", ProblemKind.ENCRYPTED)
        pages = [normalise_text(page.extract_text() or "") for page in reader.pages]
        info: Any = reader.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, NotImplementedError) as exc:
        why = f"{type(exc).__name__}: {str(exc)[:200]}"
        if encrypted:  # no password, or a cipher pypdf cannot use here
            refuse(name, f"encrypted PDF; not read ({why})", ProblemKind.ENCRYPTED)
        refuse(name, f"not a readable PDF ({why})", ProblemKind.MALFORMED)
    if not pages:
        refuse(name, "PDF without pages", ProblemKind.EMPTY)
    empty = [i + 1 for i, p in enumerate(pages) if len(_WORD.findall(p)) < MIN_PAGE_CHARS]
    if len(empty) == len(pages):
        refuse(name, f"no text layer on any of its {len(pages)} page(s) (a scan?); no OCR, "
               "not read", ProblemKind.NO_TEXT_LAYER)
    text, starts = join_pages([reflow(page) for page in strip_running_lines(
        ["" if i + 1 in empty else page for i, page in enumerate(pages)])])
    raw_title = clean_title(str(info.get("/Title") or ""))
    title = "" if _NOT_A_TITLE.match(raw_title) else raw_title
    meta: dict[str, Any] = {"format": "pdf", "pages": starts, "page_count": len(pages)}
    author = clean_title(str(info.get("/Author") or ""))
    if author:
        meta["author"] = author
    doc = make_document(text, name, title=title, stem=stem, metadata=meta,
                        date=_pdf_date(info.get("/CreationDate")))
    if doc.text != text:  # normalising moved offsets: never, as pages come normalised
        raise AssertionError(f"{name}: page table out of step with the text")
    notes: tuple[Problem, ...] = ()
    if empty:
        notes = (Problem(ProblemKind.PAGES_WITHOUT_TEXT,
                         f"{name}: page(s) {', '.join(map(str, empty))} of {len(pages)} "
                         "have no text layer (scanned?); left out, no OCR", text=name,
                         document_id=doc.id),)
    return Read([Part(doc, "pdf", notes)])
