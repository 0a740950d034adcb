"""E-mail (``.eml``, RFC 5322, read with the standard library's ``email`` and
``policy.default``): the subject is the title, the ``Date`` header the date, sender and
recipients are kept in the document's metadata. The body is the plain-text part (an
HTML-only body is read as a web page). Attachments that are documents ergraph reads
(``.txt``, ``.md``, ``.html``, ``.pdf``, ``.jsonl``, forwarded ``.eml``...) become documents
of their own, linked both ways: the e-mail's ``metadata["attachments"]`` lists them
(file name and document id), each one's ``metadata["parent"]`` is the e-mail's id; one
that has no date of its own is dated by the e-mail."""

from __future__ import annotations

import email
import email.message
import email.utils
from dataclasses import replace
from email import policy
from pathlib import PurePath
from typing import Any

from ...errors import DocumentError
from ...model import Problem, ProblemKind
from .common import Part, Read, clean_title, make_document, parse_date, refuse
from .text import FALLBACK_ENCODINGS

__all__ = ["read", "looks_like_email", "MAX_DEPTH"]

#: forwarded e-mails inside e-mails are read this deep, no deeper
MAX_DEPTH = 3
_HEADERS = ("from", "to", "cc", "date", "subject", "message-id", "received", "return-path",
            "mime-version", "reply-to", "sender", "delivered-to")


def looks_like_email(head: bytes) -> bool:
    """True when the start of a file is a block of mail headers: at least three of them
    known, ``From`` among them, before the first blank line."""
    block = head[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = set()
    for line in block.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header's continuation
        key, sep, _ = line.partition(b":")
        if not sep or not key or b" " in key:
            return False
        names.add(key.decode("latin-1").lower())
    return "from" in names and len(names & set(_HEADERS)) >= 3


def _addresses(msg: email.message.EmailMessage, header: str) -> list[str]:
    values = msg.get_all(header) or []
    return [email.utils.formataddr((n, a)) if n else a
            for n, a in email.utils.getaddresses([str(v) for v in values]) if a or n]


def _text_of(part: email.message.MIMEPart, name: str) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        payload = _bytes(part.get_payload(decode=True))
        for enc in ("utf-8", *FALLBACK_ENCODINGS):
            try:
                content = payload.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        from .html import html_text

        return html_text(content)
    return content


def _payload(part: email.message.MIMEPart) -> bytes:
    if part.get_content_maintype() == "message":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if isinstance(inner, email.message.Message) else b""
    return _bytes(part.get_payload(decode=True))


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else b""


def read(raw: bytes, name: str, stem: str = "", depth: int = 0, **options: Any) -> Read:
    from . import LIMITS, detect, read_bytes

    try:
        msg = email.message_from_bytes(raw, policy=policy.default)
    except (ValueError, TypeError, IndexError, LookupError) as exc:
        refuse(name, f"not a readable e-mail: {exc}", ProblemKind.MALFORMED)
    if not isinstance(msg, email.message.EmailMessage) or not (msg.keys()):
        refuse(name, "not an e-mail (no headers)", ProblemKind.MALFORMED)
    out = Read()
    body = msg.get_body(preferencelist=("plain", "html"))
    text = _text_of(body, name) if body is not None else ""
    meta: dict[str, Any] = {"format": "email", "file": name}
    for header, key in (("from", "from"), ("to", "to"), ("cc", "cc"), ("reply-to", "reply_to")):
        found = _addresses(msg, header)
        if found:
            meta[key] = found if key != "from" else found[0]
    if msg.get("message-id"):
        meta["message_id"] = clean_title(str(msg["message-id"]), 500)
    try:
        subject = clean_title(str(msg.get("subject", "")))
        date = parse_date(str(msg.get("date", "")))
    except (ValueError, TypeError, IndexError):
        subject, date = "", None
    try:
        doc = make_document(text, name, title=subject, date=date, stem=stem, metadata=meta)
    except DocumentError as exc:
        out.problems.append(Problem(exc.details.get("kind", ProblemKind.EMPTY),
                                    f"{name}: the e-mail has no body text", text=name))
        doc = None
    attached: list[dict[str, str]] = []
    for i, part in enumerate(msg.iter_attachments(), 1):
        filename = part.get_filename() or ""
        if not filename and part.get_content_maintype() == "message":
            filename = f"message-{i}.eml"
        sub = f"{name}#{PurePath(filename).name or f'attachment-{i}'}"
        payload = _payload(part)
        suffix = PurePath(filename).suffix.lower()
        fmt = detect(payload[:8192], suffix) if payload else None
        if fmt is None or (fmt == "email" and depth >= MAX_DEPTH):
            out.problems.append(Problem(ProblemKind.ATTACHMENT_SKIPPED,
                                        f"{sub}: attachment of type {part.get_content_type()} "
                                        "is not a document ergraph reads; not read", text=sub))
            continue
        if len(payload) > LIMITS[fmt]:
            out.problems.append(Problem(ProblemKind.TOO_LARGE, f"{sub}: {len(payload)} bytes "
                                        f"is over the {LIMITS[fmt]}-byte limit", text=sub))
            continue
        try:
            got = read_bytes(payload, sub, fmt, stem=PurePath(filename).stem,
                             depth=depth + 1, **options)
        except DocumentError as exc:
            out.problems.append(Problem(exc.details.get("kind", ProblemKind.UNREADABLE),
                                        exc.message, text=sub))
            continue
        out.problems.extend(got.problems)
        for p in got.parts:
            pmeta = {**p.document.metadata, "attachment": filename}
            if doc is not None:
                pmeta["parent"] = doc.id
            pmeta["parent_source"] = name
            # an attachment that names no date of its own was sent on the e-mail's
            out.parts.append(replace(p, document=replace(p.document, metadata=pmeta,
                                                          date=p.document.date or date),
                                     part=f"attachment {filename}"
                                     + (f" {p.part}" if p.part else "")))
            attached.append({"file": filename, "document_id": p.document.id})
    if doc is not None:
        if attached:
            doc = replace(doc, metadata={**doc.metadata, "attachments": attached})
        out.parts.insert(0, Part(doc, "email"))
    return out
