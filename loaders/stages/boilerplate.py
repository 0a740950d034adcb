"""Stage 1-2: paragraphs and boilerplate.

``paragraphs`` is the spaCy component (registered as ``ergraph_paragraphs``, before the
parser) that starts a sentence at every line break, so headlines, captions and credits
never glue onto prose. ``mark_boilerplate`` recognises photo credits, bylines, datelines
and machine-translation disclaimers: they yield neither entities nor relations
(``Problem("boilerplate")``); lines without a verb (captions, headings) yield entities but
no relations.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Problem
from .context import DocContext, sentence

_CREDIT = re.compile(
    r"^\W*(image|images|photo|photos|photograph|picture|credit|credits|source|file photo|"
    r"video|illustration|graphic|caption)\s*:|\b(getty images|afp photo|ap photo|reuters/|"
    r"/ reuters|shutterstock|wikimedia commons)\b", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"automatically (generated|translated)|machine[- ]translat|translated (automatically|by)|"
    r"inaccuracies in translat|"
    r"(all rights reserved|copyright ©|\(c\) \d{4})", re.IGNORECASE)
_BYLINE = re.compile(r"^(by|reporting by|editing by|written by|additional reporting by)\s+"
                     r"[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*[;,.]?\s*$")
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'’-]{2,40}(\s*\([A-Za-z .]+\))?)\s+[-–—]{1,2}\s+")


def paragraphs(doc: Any) -> Any:
    """Start a sentence after every line break (titles, captions, credits stand alone)."""
    forced = -2
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
            forced = tok.i
        elif tok.is_space and "\n" in tok.text:
            tok.is_sent_start = False
        elif tok.i == forced + 1 and not tok.is_punct:
            # without this the parser tends to cut a line's first word off as a sentence of
            # its own ("Angela | Merkel met ..."), and NER then loses the name
            tok.is_sent_start = False
    return doc


def mark_boilerplate(ctx: DocContext) -> None:
    """Needs ``sents``; sets ``boiler_sents``, ``skip_sents`` and problems.

    Credits, bylines, datelines and disclaimers: no entities, no relations."""
    for sent in ctx.sents:
        text, start, end = sentence(sent, ctx.text)
        if not text:
            ctx.skip_sents.add(sent.start)
            continue
        kind = ""
        if (text.startswith("(") and text.endswith(")")) or _CREDIT.search(text):
            kind = "photo credit or caption"
        elif _DISCLAIMER.search(text):
            kind = "machine-translation or copyright disclaimer"
        elif _BYLINE.match(text):
            kind = "byline"
        if kind:
            ctx.boiler_sents.add(sent.start)
            ctx.skip_sents.add(sent.start)
            ctx.problems.append(Problem("boilerplate", f"{kind}: no entities or relations taken",
                                        text, ctx.document.id, start, end))
            continue
        if not any(p in ("VERB", "AUX") for p in ctx.pos[sent.start:sent.end]):
            ctx.skip_sents.add(sent.start)  # caption or heading: names, but no relations
            ctx.problems.append(Problem("caption", "line without a verb (caption or heading): "
                                        "entities kept, no relations", text, ctx.document.id,
                                        start, end))
        m = _DATELINE.match(sent.text) if sent.start == 0 or _line_start(sent) else None
        if m:
            for tok in sent:
                if tok.idx < sent.start_char + m.end():
                    ctx.boiler_sents.add(-1 - tok.i)  # dateline tokens, marked individually
            ctx.problems.append(Problem("boilerplate", "dateline: place name not an actor",
                                        m.group(0).strip(), ctx.document.id, sent.start_char,
                                        sent.start_char + m.end()))


def _line_start(sent: Any) -> bool:
    doc = sent.doc
    return sent.start == 0 or "\n" in doc[sent.start - 1].text + doc[sent.start - 1].whitespace_
