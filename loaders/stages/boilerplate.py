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
from .context import DocContext, line_start, sentence, span_text

_AGENCY = (r"getty images|afp photo|ap photo|reuters/|/ reuters|shutterstock|"
           r"wikimedia commons")
_CREDIT = re.compile(
    r"^\W*(image|images|photo|photos|photograph|picture|credit|credits|source|file photo|"
    r"video|illustration|graphic|caption)\s*:|\b(" + _AGENCY + r")\b", re.IGNORECASE)
#: an agency's name anywhere in the text: without one, a credit can only open its line
_AGENCIES = re.compile(_AGENCY, re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"automatically (generated|translated)|machine[- ]translat|translated (automatically|by)|"
    r"inaccuracies in translat|"
    r"(all rights reserved|copyright ©|\(c\) \d{4})", re.IGNORECASE)
#: words every match of :data:`_DISCLAIMER` / :data:`_AGENCIES` holds, as ``str.lower``
#: gives them: a case-insensitive search over a whole text costs as much as the rules of
#: a sentence, and most texts hold none of these words. (Each word is part of a literal
#: of every alternative, and has no letter that ``re.IGNORECASE`` matches with a
#: character ``str.lower`` does not turn into that letter, as it does "i" with "İ" and
#: "s" with "ſ".)
_DISCLAIMER_WORDS = ("automat", "tran", "all r", "copyr", "(c) ")
_AGENCY_WORDS = ("getty", "p photo", "reuter", "hutter", "a commo")
_BYLINE = re.compile(r"^(by|reporting by|editing by|written by|additional reporting by)\s+"
                     r"[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*[;,.]?\s*$")
#: "KYIV —", "MOSCOW (Reuters) -", "MADRID, Nov 4 -", "WASHINGTON, June 3 (AP) —",
#: "ALEXANDRIA, Va. (Reuters) —"; a live
#: blog's time stamps, "09:12 KST -"
_DATELINE = re.compile(r"^\s*(([A-Z][A-Z .'’-]{2,40}(,\s*[A-Z][a-z]{1,8}\.?(\s+\d{1,2})?){0,2}"
                       r"(\s*\([A-Za-z .]+\))?)|\d{1,2}[:.]\d{2}(\s*[A-Z]{2,4})?)\s+[-–—]{1,2}\s+")


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
    # a disclaimer's words lie inside its sentence: none in the text, none in a sentence
    lowered = ctx.text.lower()
    disclaimer = any(w in lowered for w in _DISCLAIMER_WORDS) and \
        _DISCLAIMER.search(ctx.text) is not None
    agency = any(w in lowered for w in _AGENCY_WORDS) and \
        _AGENCIES.search(ctx.text) is not None
    credit = _CREDIT.search if agency else _CREDIT.match
    for sent in ctx.sents:
        text, start, end = sentence(ctx, sent)
        if not text:
            ctx.skip_sents.add(sent.start)
            continue
        kind = ""
        if (text.startswith("(") and text.endswith(")")) or credit(text):
            kind = "photo credit or caption"
        elif disclaimer and _DISCLAIMER.search(text):
            kind = "machine-translation or copyright disclaimer"
        elif _BYLINE.match(text):
            kind = "byline"
        if kind:
            ctx.boiler_sents.add(sent.start)
            ctx.skip_sents.add(sent.start)
            ctx.problems.append(Problem("boilerplate", f"{kind}: no entities or relations taken",
                                        text, ctx.document.id, start, end))
            continue
        pos = ctx.pos[sent.start:sent.end]
        if "VERB" not in pos and "AUX" not in pos:
            ctx.skip_sents.add(sent.start)  # caption or heading: names, but no relations
            ctx.problems.append(Problem("caption", "line without a verb (caption or heading): "
                                        "entities kept, no relations", text, ctx.document.id,
                                        start, end))
        first = sent.start  # (a sentence may open with the line break before it)
        while first < sent.end - 1 and ctx.is_space[first]:
            first += 1
        # read on the line, not the sentence: "ALEXANDRIA, Va. (Reuters) —" is split
        # after "Va." by the parser
        line_end = ctx.text.find("\n", ctx.char_start[first])
        line_end = len(ctx.text) if line_end < 0 else line_end
        m = _DATELINE.match(ctx.text[sent.start_char:line_end]) \
            if sent.start == 0 or line_start(ctx, first) else None
        if m:
            for tok in ctx.doc[sent.start:]:
                if tok.idx >= sent.start_char + m.end():
                    break
                ctx.boiler_sents.add(-1 - tok.i)  # dateline tokens, marked individually
            ctx.problems.append(Problem("boilerplate", "dateline: place name not an actor",
                                        m.group(0).strip(), ctx.document.id, sent.start_char,
                                        sent.start_char + m.end()))
