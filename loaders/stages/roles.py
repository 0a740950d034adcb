"""Roles: role nouns ("Kilimnik is a colleague of X", "served as chairman of X",
appositions) and titles before a name ("Russian President X", "Trump's lawyer X",
"his son X") give the schema's role relations (``titles``: leaders, affiliations,
associates, kin)."""

from __future__ import annotations

from typing import Any

from ..countries import STATE_TITLES
from .arguments import ent_of, pronoun, resolve, state_of_modifier
from .candidates import add, emit
from .context import ORG, PERSON, STATE, DocContext, EntKey, MentionDraft
from .lexicon import HONORIFICS, POSS_PRON


def role_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    """Role nouns: "Kilimnik is a colleague of X", "served as chairman of X", appositions."""
    lemma = tok.lemma_.lower()
    rtypes = ctx.lex.role_nouns.get(lemma) or ctx.lex.role_nouns.get(tok.lower_) or ()
    holders: list[Any] = []
    if tok.dep_ == "attr":
        holders = [c for c in tok.head.children if c.dep_ == "nsubj"]
    elif tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB":
        holders = [c for c in tok.head.head.children if c.dep_ == "nsubj"]
        if not holders and tok.head.head.dep_ == "relcl":
            holders = [tok.head.head.head]
    elif tok.dep_ == "appos":
        holders = [tok.head]
    holders += [c for c in tok.children if c.dep_ == "appos"]
    if not holders:
        return
    anchors: list[Any] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "to", "at", "for"):
            anchors += [p for p in c.children if p.dep_ == "pobj"]
        elif c.dep_ == "poss":
            anchors.append(c)
    for rtype in rtypes:
        emit(ctx, holders, anchors, rtype, tok, sent, role_anchor=True)
    # demonym or state before the role: "the Ukrainian energy company, Burisma"
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod"):
            s = state_of_modifier(ctx, c)
            if s:
                for rtype in rtypes:
                    for h in holders:
                        for k, f in resolve(ctx, h, "source"):
                            add(ctx, k, rtype, s, sent, tok, tok.text, 0.8 * f)


def title_relations(ctx: DocContext, m: MentionDraft, sent: Any) -> None:
    """Titles before a name: "Russian President X", "Trump's lawyer X", "his son X"."""
    if m.type not in (PERSON, ORG):
        return
    # a title naming a state's office ("POTUS") that the schema lists under no type
    state_title = (ctx.schema.rules.state_title,) if ctx.schema.rules.state_title else ()
    doc = ctx.doc
    i = m.start - 1
    window: list[Any] = []
    title_idx = set(m.title_toks)
    while i >= sent.start and len(window) < 8:
        t = doc[i]
        if t.is_space or t.text in (",", "\n"):
            break
        window.insert(0, t)
        i -= 1
    window = [t for t in window] + [doc[j] for j in sorted(title_idx) if j >= m.start]
    window = sorted({t.i: t for t in window}.values(), key=lambda t: t.i)
    if not window:
        return
    words = [t.lower_ for t in window]
    n = len(words)
    # longest title phrase ending nearest the name
    found: list[tuple[int, int, tuple[str, ...]]] = []
    j = n
    while j > 0:
        hit = None
        for size in range(min(ctx.lex.max_title_len, j), 0, -1):
            phrase = " ".join(words[j - size:j])
            if phrase in ctx.lex.titles or phrase in STATE_TITLES:
                hit = (j - size, j, ctx.lex.titles.get(phrase) or state_title)
                break
        if hit:
            found.append(hit)
            j = hit[0]
        elif window[j - 1].lower_ in HONORIFICS or window[j - 1].pos_ in ("ADJ", "NOUN"):
            j -= 1
        else:
            break
    if not found:
        return
    me = m.key
    for a, _b, rtypes in found:
        phrase = " ".join(words[a:_b])
        anchor: list[tuple[EntKey, float]] = []
        if phrase in STATE_TITLES:
            anchor = [((STATE, STATE_TITLES[phrase]), 0.9)]
        else:
            for t in reversed(window[:a]):
                k = ent_of(ctx, t)
                if k and k != me:
                    anchor = [(k, 1.0)]
                    break
                s = state_of_modifier(ctx, t) if t.pos_ in ("ADJ", "PROPN") else None
                if s is None and t.ent_type_ == "NORP":
                    name = ctx.gaz.demonym(t.text)
                    s = (STATE, name) if name else None
                if s:
                    anchor = [(s, 0.9)]
                    break
                if t.lower_ in POSS_PRON:
                    anchor = [(k, 0.75) for k in pronoun(ctx, t)]
                    break
                if t.tag_ == "POS" or t.lower_ in HONORIFICS or t.pos_ == "ADJ":
                    continue
                if t.lower_ in ctx.lex.titles or t.lower_ in ctx.lex.role_nouns:
                    continue
                break
        # a title is presupposed: "Russian President X likely approved" hedges the
        # approval, not the presidency (no trigger token: the modality stage asserts it)
        for k, f in anchor:
            for rtype in rtypes:
                add(ctx, me, rtype, k, sent, None, phrase, 0.9 * f)
