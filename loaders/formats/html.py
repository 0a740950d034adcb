"""Saved web pages: the article's main text without the page's chrome (menus, share bars,
related links, cookie banners, comment forms, footers), and its metadata (headline,
publication date, author, canonical URL, site name), by trafilatura (with htmldate).

Nothing is fetched: the page is parsed here into a tree and the tree is what the
libraries see (htmldate downloads a *string* that looks like a URL; a tree is never
one), and no option that follows links or downloads is used. The document's date is the
publication date the page states; its source is the canonical URL when the page names
one (else the file)."""

from __future__ import annotations

import re
import warnings
from typing import Any

from ...model import ProblemKind
from .common import Part, Read, clean_title, make_document, parse_date, refuse
from .text import decode_text, notices

__all__ = ["read", "extract_html", "html_text", "looks_like_html", "looks_like_markup"]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                      re.IGNORECASE)
_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                    r"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)
_FRAGMENT = re.compile(r"\A\s*<(?:!doctype|html|body|article|main|section|div|p|h[1-6])\b",
                       re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s<>\"']+$")
#: htmldate's date search: the original (publication) date, also found in the text
DATE_PARAMS = {"extensive_search": True, "original_date": True}


def looks_like_html(head: str) -> bool:
    """True when text starts like a web page (a doctype, ``<html>``, ``<head>``...; an
    XML declaration or comments may come first), whatever the file is called."""
    return bool(_START.match(head[:4096]))


def looks_like_markup(text: str) -> bool:
    """True for a page or a fragment of one (``<p>...``, ``<div>...``): a JSON record's
    HTML body, an HTML e-mail part."""
    return bool(_FRAGMENT.match(text[:4096]))


def declared_charset(raw: bytes) -> str | None:
    """The ``charset`` a page declares in a ``<meta>`` of its first 4 KB."""
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def extract_html(html: str) -> dict[str, Any] | None:
    """trafilatura's main text and metadata of a page (None when it finds no text).
    Comments are left out: they are not the article."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    found = _extract(tree)
    if found is not None and _BROKEN.search(found.get("text") or ""):
        # a page without article markup: trafilatura's fallback cuts paragraphs at inline
        # tags ("met the\nboard\nin Riga"); its precise mode keeps them whole - taken
        # when it keeps (almost) all the text
        precise = _extract(load_html(html), favor_precision=True)
        if precise and _letters(precise.get("text")) >= 0.9 * _letters(found.get("text")):
            found = {**found, "text": precise.get("text")}
    return found


#: a line that starts in the middle of a sentence: lower case or closing punctuation
_BROKEN = re.compile(r"\n[a-z.,;:!?)\]]")


def _letters(text: Any) -> int:
    return sum(ch.isalnum() for ch in text) if isinstance(text, str) else 0


def _extract(tree: Any, **options: Any) -> dict[str, Any] | None:
    from trafilatura import bare_extraction

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = bare_extraction(tree, include_comments=False, include_tables=True,
                                with_metadata=True, date_extraction_params=DATE_PARAMS,
                                **options)
    if found is None:
        return None
    return found.as_dict() if hasattr(found, "as_dict") else dict(found)


def html_text(html: str) -> str:
    """The text of a page or a fragment, paragraphs a blank line apart: a whole page's
    main text (as :func:`read`), else, for a fragment (a JSON record's body, a mail part)
    or a page the extractor finds no main text in, all of its text by block."""
    found = extract_html(html) if looks_like_html(html) else None
    text = _paragraphs((found or {}).get("text") or "")
    return text or fragment_text(html)


_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "section", "article", "header", "footer", "table", "ul", "ol", "hr")


def fragment_text(html: str) -> str:
    """All the text of an HTML fragment (no scripts, styles or head), a paragraph a
    block element."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in tree.xpath("//script|//style|//head|//noscript|//template"):
        bad.drop_tree()
    for el in tree.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().split("\n"))
    return _paragraphs("\n".join(lines))


def _paragraphs(text: str) -> str:
    return "\n\n".join(p.strip() for p in text.split("\n") if p.strip())


def read(raw: bytes, name: str, stem: str = "", **_: object) -> Read:
    html, notes = decode_text(raw, name, declared_charset(raw), markup=True)
    found = extract_html(html) or {}
    # paragraphs as the text files have them: a blank line between
    text = _paragraphs(found.get("text") or "")
    if not text:
        refuse(name, "empty document (no article text in the page)", ProblemKind.EMPTY)
    title = clean_title(found.get("title"))
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"  # the headline is part of the story, as in a .txt
    meta: dict[str, Any] = {"format": "html", "file": name}
    for key, field in (("author", "author"), ("sitename", "site_name"),
                       ("description", "description"), ("language", "language")):
        value = clean_title(found.get(key), 500)
        if value:
            meta[field] = value
    url = found.get("url")
    if isinstance(url, str) and _URL.match(url):
        meta["url"] = url
    doc = make_document(text, name, title=title, date=parse_date(found.get("date")),
                        source=meta.get("url", ""), stem=stem, metadata=meta)
    return Read([Part(doc, "html", notices(notes, name, doc.id))])
