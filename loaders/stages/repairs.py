"""Parse repairs: mistakes of the statistical parser that English rules out, mended on the
``Doc`` before any stage reads it.

Needs ``doc`` (parsed); sets nothing on the context: the ``Doc``'s own arcs and tags are
rewritten, so every later stage, and :func:`.context.index_sentences` first, reads the
mended tree.
"""

from __future__ import annotations

from typing import Any

from .context import DocContext
from .lexicon import PERSON_DESCRIPTORS


def repair_parse(ctx: DocContext) -> None:
    """Mend the parses every later stage would misread.

    "an adviser to businessman Juraj Hrasko", "granted to tycoon X": the tagger reads "to"
    + a lowercase noun of a person as an infinitive ("to businessman" a verb, the name its
    object). A noun that describes people, right before a name, is no verb: "to" is a
    preposition whose object is the name, the noun a modifier of it.

    "Tomas Brandt's ex-wife": the word split at its hyphen, its parts read as three
    subjects, the possessive hung on the first: one word, its last part the head.

    'X insisted that Russia "has never interfered" and accused Y of ...': a verb after the
    quote closes is no conjunct of the quoted clause but of the verb that reports it."""
    doc, titles = ctx.doc, ctx.lex.titles
    _join_hyphenated_words(doc)
    _verbs_after_a_quote(doc)
    for t in doc:
        if t.tag_ != "VB" or not t.is_lower or t.i == 0 or (
                t.lower_ not in PERSON_DESCRIPTORS and t.lower_ not in titles):
            continue
        to = doc[t.i - 1]
        if to.lower_ != "to" or to.head.i != t.i or t.head.i == t.i:
            continue
        name = next((c for c in t.children if c.dep_ == "dobj" and c.pos_ == "PROPN"), None)
        if name is None or not _name_right_after(doc, t.i, name.i):
            continue
        if any(c.i not in (to.i, name.i) and not c.is_punct for c in t.children):
            continue  # more than the phrase hangs on the word: not a misread noun alone
        _rewire_as_preposition(to, t, name)


def _name_right_after(doc: Any, i: int, root: int) -> bool:
    """Whether tokens ``i + 1`` .. ``root`` are one name: proper nouns hung on its last."""
    return root > i and all(doc[j].pos_ == "PROPN" and (j == root or doc[j].head.i == root)
                            for j in range(i + 1, root + 1))


def _rewire_as_preposition(to: Any, noun: Any, name: Any) -> None:
    """"X to [noun] Name": "to" hangs where the clause hung, the name on "to", the noun on
    the name (no cycle: the old head keeps its place above)."""
    above = noun.head
    to.head, to.dep_, to.pos_, to.tag_ = above, "prep", "ADP", "IN"
    name.head, name.dep_ = to, "pobj"
    noun.head, noun.dep_, noun.pos_, noun.tag_ = name, "compound", "NOUN", "NN"


def _join_hyphenated_words(doc: Any) -> None:
    """ "ex - wife" written without spaces ("ex-wife") and parsed as three siblings: the
    first part and the hyphen hang on the last, which takes over the first part's
    determiner and possessive."""
    for dash in doc:
        i = dash.i
        if dash.text != "-" or i == 0 or i + 1 >= len(doc) or dash.whitespace_ or \
                doc[i - 1].whitespace_:
            continue
        first, last = doc[i - 1], doc[i + 1]
        if last.pos_ != "NOUN" or first.head.i != last.head.i or dash.head.i != last.head.i \
                or first.dep_ != last.dep_ or last.head.i == last.i:
            continue
        for c in list(first.children):
            if c.dep_ in ("poss", "det", "amod", "compound") and c.i < first.i:
                c.head = last
        first.head, first.dep_ = last, "amod"
        dash.head, dash.dep_ = last, "punct"


_QUOTES = frozenset({'"', "\u201d", "\u201c"})


def _verbs_after_a_quote(doc: Any) -> None:
    """ '... insisted that Russia "has never interfered" and accused Y': "and" + a verb
    right after a closing quote, hung on the quoted clause's verb, is coordinated with the
    verb the clause is the complement of."""
    for t in doc:
        i = t.i
        if t.dep_ != "conj" or t.pos_ != "VERB" or i < 3 or doc[i - 1].lower_ != "and" or \
                doc[i - 2].text not in _QUOTES:
            continue
        quoted = t.head
        reporting = quoted.head
        if quoted.dep_ != "ccomp" or reporting.i == quoted.i or reporting.pos_ != "VERB" or \
                not quoted.i < i - 2:
            continue
        # (the quote opens inside the clause: it is the clause's words that are quoted)
        opened = [q for q in doc[quoted.left_edge.i: quoted.i] if q.text in _QUOTES]
        if not opened or any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            continue
        t.head = reporting
        doc[i - 1].head = reporting
