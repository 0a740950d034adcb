"""Elections and favour: acting on an election targets the state holding it (the
schema's ``[rules] election`` type); "swing the election towards X" / "in favour of X"
helps X (``[rules] favour``). Both read the triggers of ``[rules] election_triggers``."""

from __future__ import annotations

from typing import Any

from .arguments import prep_objects, resolve, resolve_source, state_of_modifier
from .candidates import add, emit
from .context import STATE, DocContext, EntKey, positions
from .lexicon import ACCUSING_SPEECH, CLAIM_NOUNS, ELECTION_NOUNS, FAVOUR_PREPS, POLITY_NOUNS


def find_election_states(ctx: DocContext) -> None:
    """Needs ``tok2m``; sets ``election_states``.

    States whose elections the document talks about ("US election", "elections in X")."""
    for i in positions(ctx.lemma, _ELECTION_LEMMAS):
        tok = ctx.doc[i]
        for c in tok.children:
            k = state_of_modifier(ctx, c)
            if k:
                ctx.election_states.append((tok.i, k))
        for c in tok.subtree:
            if c.i in ctx.tok2m and ctx.tok2m[c.i].type == STATE:
                ctx.election_states.append((tok.i, ctx.tok2m[c.i].key))
                break


#: the lemmas of the nouns an election's state is read from
_ELECTION_LEMMAS = frozenset({"election", "vote", "poll", "voter", "electorate"})


def _election_state(ctx: DocContext, tok: Any) -> EntKey | None:
    """The state of "the election": the nearest election named with its state."""
    best: tuple[int, EntKey] | None = None
    for i, k in ctx.election_states:
        d = tok.i - i
        score = d if d >= 0 else 100000 - d  # prefer the nearest preceding one
        if best is None or score < best[0]:
            best = (score, k)
    return best[1] if best else None


def election_and_favour(ctx: DocContext, tok: Any, sources: list[Any], rtype: str,
                        sent: Any) -> None:
    """Acting on an election targets its state; "towards X" / "in favour of X" helps X."""
    rules = ctx.schema.rules
    if rtype not in rules.election_triggers or not sources:
        return
    if rules.election:
        for obj in _election_objects(ctx, tok):
            state = _state_for_election(ctx, obj)
            if state:
                for s in sources:
                    for k, f in resolve_source(ctx, s):
                        add(ctx, k, rules.election, state, sent, tok, tok.text,
                            0.85 * f)
    if rules.favour and tok.pos_ in ("VERB", "AUX"):
        favour = prep_objects(ctx, tok, FAVOUR_PREPS)
        for c in tok.children:  # "... in favour of X"
            if c.dep_ == "prep" and c.lower_ == "in":
                for p in c.children:
                    if p.dep_ == "pobj" and p.lemma_.lower() in ("favour", "favor"):
                        favour += [x for cc in p.children if cc.dep_ == "prep"
                                   and cc.lower_ == "of" for x in cc.children
                                   if x.dep_ == "pobj"]
        if favour:
            emit(ctx, sources, favour, rules.favour, tok, sent)


def _election_objects(ctx: DocContext, tok: Any) -> list[Any]:
    out = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and (is_election(c) or _polity(ctx, c)):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("in", "with", "into", "on"):
            out += [p for p in c.children if p.dep_ == "pobj"
                    and (is_election(p) or _polity(ctx, p))]
    return out


def _polity(ctx: DocContext, tok: Any) -> bool:
    """ "political processes", "the country's affairs" with no state named in them."""
    return (tok.lemma_.lower() in POLITY_NOUNS or tok.lower_ in POLITY_NOUNS) and \
        not resolve(ctx, tok, "target")


def _state_for_election(ctx: DocContext, obj: Any) -> EntKey | None:
    for t in obj.subtree:
        if t.i in ctx.tok2m and ctx.tok2m[t.i].type == STATE:
            return ctx.tok2m[t.i].key
        s = state_of_modifier(ctx, t) if t.i != obj.i and t.i < obj.i else None
        if s:
            return s
    return _reporter_state(ctx, obj) or (_election_state(ctx, obj) if is_election(obj)
                                         else None)


def _reporter_state(ctx: DocContext, tok: Any) -> EntKey | None:
    """ "Britain accused Russia of meddling in the 2019 election", "Germany warned that
    Russia was targeting voters": a state that accuses or warns of meddling in an election
    it does not name speaks of its own."""
    cur = tok
    for _ in range(10):
        if cur.head.i == cur.i:
            return None
        came, cur = cur, cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in ACCUSING_SPEECH and came.dep_ in (
                "ccomp", "prep", "pcomp", "xcomp", "advcl"):
            for c in cur.children:
                if c.dep_ == "nsubj":
                    states = [k for k, _ in resolve_source(ctx, c) if k[0] == STATE] or [
                        s for s in (state_of_modifier(ctx, m) for m in c.children
                                    if m.dep_ in ("poss", "compound", "amod")) if s]
                    if states:  # (or the state of the body that says it: "Lithuania's
                        return states[0]  # State Security Department said ...")
            return None
        if cur.pos_ == "NOUN" and cur.lemma_.lower() in CLAIM_NOUNS and came.dep_ in (
                "acl", "ccomp"):
            # "Armenia's claims that Russia had meddled in the election"
            for c in cur.children:
                if c.dep_ == "poss":
                    states = [k for k, _ in resolve_source(ctx, c) if k[0] == STATE]
                    if states:
                        return states[0]
            return None
    return None


def is_election(tok: Any) -> bool:
    """An election, or a thing of one ("the election results", "electoral process")."""
    if tok.lemma_.lower() in ELECTION_NOUNS or tok.lower_ in ELECTION_NOUNS:
        return True
    return any(c.dep_ in ("compound", "amod", "nmod") and (
        c.lemma_.lower() in ELECTION_NOUNS or c.lower_ == "electoral")
        for c in tok.children)


