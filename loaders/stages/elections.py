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
    if rules.favour and ctx.pos[tok.i] in ("VERB", "AUX"):
        doc, dep, lower, kids = ctx.doc, ctx.dep, ctx.lower, ctx.kids  # read by index
        favour = prep_objects(ctx, tok, FAVOUR_PREPS)
        for c in kids[tok.i]:  # "... in favour of X"
            if dep[c] == "prep" and lower[c] == "in":
                for p in kids[c]:
                    if dep[p] == "pobj" and ctx.lemma[p] in ("favour", "favor"):
                        favour += [doc[x] for cc in kids[p] if dep[cc] == "prep"
                                   and lower[cc] == "of" for x in kids[cc]
                                   if dep[x] == "pobj"]
        if favour:
            emit(ctx, sources, favour, rules.favour, tok, sent)


def _election_objects(ctx: DocContext, tok: Any) -> list[Any]:
    doc, dep, lower, kids = ctx.doc, ctx.dep, ctx.lower, ctx.kids  # read by index
    out = []
    for c in kids[tok.i]:
        if dep[c] in ("dobj", "nsubjpass") and (is_election(ctx, c) or _polity(ctx, c)):
            out.append(doc[c])
        elif dep[c] == "prep" and lower[c] in ("in", "with", "into", "on"):
            out += [doc[p] for p in kids[c] if dep[p] == "pobj"
                    and (is_election(ctx, p) or _polity(ctx, p))]
    return out


def _polity(ctx: DocContext, i: int) -> bool:
    """ "political processes", "the country's affairs" with no state named in them (token
    ``i``)."""
    return (ctx.lemma[i] in POLITY_NOUNS or ctx.lower[i] in POLITY_NOUNS) and \
        not resolve(ctx, ctx.doc[i], "target")


def _state_for_election(ctx: DocContext, obj: Any) -> EntKey | None:
    for t in obj.subtree:
        if t.i in ctx.tok2m and ctx.tok2m[t.i].type == STATE:
            return ctx.tok2m[t.i].key
        s = state_of_modifier(ctx, t) if t.i != obj.i and t.i < obj.i else None
        if s:
            return s
    return _reporter_state(ctx, obj) or (_election_state(ctx, obj) if is_election(ctx, obj.i)
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


def is_election(ctx: DocContext, i: int) -> bool:
    """An election, or a thing of one ("the election results", "electoral process"): token
    ``i``, read from the tables."""
    lemma, lower, dep = ctx.lemma, ctx.lower, ctx.dep
    if lemma[i] in ELECTION_NOUNS or lower[i] in ELECTION_NOUNS:
        return True
    return any(dep[c] in ("compound", "amod", "nmod") and (
        lemma[c] in ELECTION_NOUNS or lower[c] == "electoral")
        for c in ctx.kids[i])


