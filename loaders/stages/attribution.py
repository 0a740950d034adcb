"""Stage 5b: attribution. Reporting a hostile act names its actor as accused.

"X said that Y hacked Z", "Y attacked Z, according to X", "X's charge that Y meddled"
give ``X -[attribution]-> Y`` (``ACCUSED`` in the packaged schema's ``[rules]``), for the
relation types the schema lists as ``hostile``: ANNOTATION.md counts an attribution of
wrongdoing as an accusation. Findings ("the report found") are not accusations, a warning
of what may come or a denial accuses nobody, and a pronoun speaker ("..., he said") is
too often someone else's quote to accuse anyone.
"""

from __future__ import annotations

from typing import Any

from .arguments import resolve_source, state_of_modifier
from .candidates import add
from .context import DocContext, positions
from .lexicon import (
    ACCUSING_NOUNS,
    ACCUSING_SPEECH,
    ALLEGING,
    ALLEGING_NOUNS,
    DENY,
    IDENTIFYING_VERBS,
    PERPETRATOR_NOUNS,
    WRONGDOING_VERBS,
)
from .modality import contested, modality

#: the lemmas of the alleging verbs and nouns, and of the claims that may be rejected
#: (see :func:`accusation_clauses`)
_ALLEGING_WORDS = frozenset(ALLEGING | ALLEGING_NOUNS | {"claim"})
#: how far up from the trigger the reporting clause is looked for
_MAX_CLIMB = 6
#: dependency arcs climbed from a trigger to the clause a speaker reports
_CLIMB = {"xcomp", "conj", "aux", "auxpass", "pcomp", "prep", "pobj", "dobj", "nsubjpass"}


def attribute_accusations(ctx: DocContext) -> None:
    """Needs ``found`` (candidates with their trigger tokens); adds accusation candidates."""
    rule = ctx.schema.rules.attribution
    if rule is None:
        return
    accusation_clauses(ctx)
    _reported_wrongdoing(ctx, rule)
    _named_culprits(ctx, rule)
    _culprits_reported(ctx, rule)
    acts = [(f.source, f.type, f.sent, f.trigger_tok) for f in ctx.found] + ctx.acts
    for actor, rtype, sent, trigger_tok in acts:
        if rtype not in ctx.schema.rules.hostile or trigger_tok is None:
            continue
        stated = modality(ctx, trigger_tok)
        if stated == "hypothetical":
            continue
        for speaker, speech in _speakers(ctx, trigger_tok):
            if speaker.pos_ == "PRON":
                continue
            if stated == "negated" and speech.pos_ not in ("NOUN", "PROPN") and \
                    not contested(ctx, trigger_tok):
                continue  # "X said Y did not hack Z" accuses nobody; "X's claim" was made
            # "India's charge that ...": the charge was made, whoever dismisses it (the
            # noun presupposes the accusation; a verb of saying carries its own modality)
            trigger = None if speech.pos_ in ("NOUN", "PROPN") else speech
            for key, factor in resolve_source(ctx, speaker):
                add(ctx, key, rule, actor, sent, trigger, speech.text, 0.8 * factor)


def _named_culprits(ctx: DocContext, rule: str) -> None:
    """ "A UN panel named the Sahel Front as the likely culprit behind the attacks",
    "identified X as the perpetrator": naming someone as who did a wrong accuses them."""
    for i in positions(ctx.lemma, PERPETRATOR_NOUNS):
        if ctx.dep[i] != "pobj" or ctx.lower[ctx.head[i]] != "as":
            continue
        verb = ctx.head[ctx.head[i]]
        if ctx.lemma[verb] not in IDENTIFYING_VERBS or ctx.pos[verb] != "VERB" or \
                ctx.sents[ctx.sent_no[i]].start in ctx.skip_sents:
            continue
        tok = ctx.doc[verb]
        if modality(ctx, tok) in ("negated", "hypothetical"):
            continue
        named = [ctx.doc[c] for c in ctx.kids[verb] if ctx.dep[c] in ("dobj", "nsubjpass")]
        namers = [ctx.doc[c] for c in ctx.kids[verb] if ctx.dep[c] == "nsubj"]
        namers += [ctx.doc[p] for c in ctx.kids[verb] if ctx.dep[c] == "agent"
                   for p in ctx.kids[c] if ctx.dep[p] == "pobj"]
        for namer in namers:
            for sk, sf in resolve_source(ctx, namer):
                for n in named:
                    for nk, nf in resolve_source(ctx, n):
                        if nk != sk:
                            add(ctx, sk, rule, nk, tok.sent, tok, tok.text, 0.8 * sf * nf)


#: verbs that carry out a hostile act ("the attack was carried out by X")
_CARRYING = frozenset({"carry", "conduct", "perpetrate", "launch", "stage", "mount",
                       "commit", "orchestrate", "execute"})


#: what a body holds that a clause is true ("high confidence that", "no doubt that")
_CONVICTION_NOUNS = frozenset({"confidence", "doubt", "evidence", "belief", "certainty",
                               "proof", "indication"})


def _hostile_noun(ctx: DocContext, i: int) -> bool:
    hostile = ctx.schema.rules.hostile
    return ctx.pos[i] == "NOUN" and any(
        rtype in hostile for rtype, _ in ctx.lex.nouns.get(ctx.lemma[i], ()))


#: the verbs whose clauses :func:`_culprits_reported` reads
_CULPRIT_HEADS = _CARRYING | {"bear", "be"}


def _culprits_reported(ctx: DocContext, rule: str) -> None:
    """ "The minister said the attack had been carried out by X", "the agency said X was
    responsible", "said the intrusion bore the hallmarks of X": saying who did a hostile
    act accuses them, when the act has no target named here to make an edge of its own."""
    dep, kids, head, lemma, lower = ctx.dep, ctx.kids, ctx.head, ctx.lemma, ctx.lower
    for i in positions(lemma, _CULPRIT_HEADS):
        word = lemma[i]
        culprits: list[int] = []
        if word in _CARRYING and ctx.pos[i] == "VERB" and any(
                dep[c] == "nsubjpass" and _hostile_noun(ctx, c) for c in kids[i]):
            culprits = [p for c in kids[i] if dep[c] == "agent" for p in kids[c]
                        if dep[p] == "pobj"]
        elif word == "bear" and any(dep[c] == "nsubj" and _hostile_noun(ctx, c)
                                    for c in kids[i]):
            culprits = [p for c in kids[i] if dep[c] == "dobj" and lemma[c] in (
                "hallmark", "fingerprint", "signature") for pr in kids[c]
                if dep[pr] == "prep" and lower[pr] == "of" for p in kids[pr] if dep[p] == "pobj"]
        elif word == "be" and any(dep[c] == "acomp" and lemma[c] == "responsible"
                                  and not any(dep[g] == "prep" for g in kids[c])
                                  for c in kids[i]):
            # ("X was responsible", with the act named before; "responsible for the
            # attack on Y" is the act's own edge)
            culprits = [c for c in kids[i] if dep[c] == "nsubj"]
        if not culprits or ctx.sents[ctx.sent_no[i]].start in ctx.skip_sents:
            continue
        tok = ctx.doc[i]
        if modality(ctx, tok) in ("negated", "hypothetical"):
            continue
        speakers = _speakers(ctx, tok)
        if dep[i] == "acl" and lemma[head[i]] in _CONVICTION_NOUNS and \
                dep[head[i]] == "dobj":
            # "it had high confidence that X was responsible": who has the confidence
            holder = ctx.doc[head[head[i]]]
            speakers = [(c, holder) for c in holder.children
                        if c.dep_ == "nsubj" and c.pos_ != "PRON"] or _speakers(ctx, holder)
        for speaker, speech in speakers:
            if speaker.pos_ == "PRON":
                continue
            for sk, sf in resolve_source(ctx, speaker):
                for c in culprits:
                    for ck, cf in resolve_source(ctx, ctx.doc[c]):
                        if ck != sk:
                            add(ctx, sk, rule, ck, tok.sent, speech, speech.text,
                                0.7 * sf * cf)


def _reported_wrongdoing(ctx: DocContext, rule: str) -> None:
    """ "The Treasury said X had laundered the money", "X smuggled arms, according to Y":
    saying that someone committed a crime accuses them, whatever relation the crime has
    to the graph (the actor is the crime's active subject or its "by" agent)."""
    for i in positions(ctx.lemma, WRONGDOING_VERBS):
        if ctx.pos[i] != "VERB" or ctx.sents[ctx.sent_no[i]].start in ctx.skip_sents:
            continue
        tok = ctx.doc[i]
        stated = modality(ctx, tok)
        if stated == "hypothetical" or (stated == "negated" and not contested(ctx, tok)):
            continue  # (a contested claim was still made: "X armed Y, a claim Z rejects")
        actors = [c for c in tok.children if c.dep_ == "nsubj"]
        actors += [p for c in tok.children if c.dep_ == "agent" for p in c.children
                   if p.dep_ == "pobj"]
        actors += [x for a in actors for x in a.conjuncts]
        if not actors:
            continue
        for speaker, speech in _speakers(ctx, tok):
            if speaker.pos_ == "PRON":
                continue
            for sk, sf in resolve_source(ctx, speaker):
                for a in actors:
                    for ak, af in resolve_source(ctx, a):
                        if ak != sk:
                            add(ctx, sk, rule, ak, tok.sent, speech, speech.text,
                                0.7 * sf * af)


def accusation_clauses(ctx: DocContext) -> None:
    """ "The FSB alleged that Gershkovich was spying": alleging (accusing, charging) that
    someone did something accuses them, whatever the act (the clause's subject)."""
    rule = ctx.schema.rules.attribution
    if rule is None:
        return
    # the alleging verbs and nouns of the document in one pass over its lemmas, in order
    for i in positions(ctx.lemma, _ALLEGING_WORDS):
        sent = ctx.sents[ctx.sent_no[i]]
        if sent.start in ctx.skip_sents:
            continue
        rejected_claim = ctx.lemma[i] == "claim" and ctx.dep[i] == "dobj" and \
            ctx.lemma[ctx.head[i]] in DENY
        if (ctx.lemma[i] in ALLEGING_NOUNS or rejected_claim) and ctx.pos[i] == "NOUN":
            # ("Serbia rejected Croatia's claims that it financed X": a claim its subject
            # rejects is an accusation of the one rejecting it)
            _alleging_noun(ctx, ctx.doc[i], sent, rule)
            continue
        if ctx.lemma[i] not in ALLEGING or ctx.pos[i] != "VERB":
            continue
        tok = ctx.doc[i]
        if modality(ctx, tok) == "negated":
            continue
        speakers = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            accused = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            for sp in speakers:
                for sk, sf in resolve_source(ctx, sp):
                    for a in accused:
                        for ak, af in resolve_source(ctx, a):
                            add(ctx, sk, rule, ak, sent, tok, tok.text, 0.8 * sf * af)


def _alleging_noun(ctx: DocContext, noun: Any, sent: Any, rule: str) -> None:
    """ "Washington's accusation that Iran had armed the rebels": whose accusation it is
    accuses the clause's subject. The noun presupposes that the accusation was made, so
    it stands whoever rejects it; a pronoun subject is not the accuser itself ("Tehran
    rejected Washington's accusation that it ...": it is Tehran)."""
    # ("U.S. accusations that ...", "Russian allegations that ...": the accuser as a
    # modifier, a name or a demonym)
    accusers = [c for c in noun.children if (c.dep_ == "poss" and c.pos_ != "PRON") or (
        c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i and (
            c.i in ctx.tok2m or state_of_modifier(ctx, c) is not None))]
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ in (
        "VERB", "AUX") and any(m.dep_ == "mark" and m.lower_ == "that" and m.pos_ == "SCONJ"
                               for m in c.children)]
    if not accusers or not clauses:
        return
    for sk, sf in (k for a in accusers for k in resolve_source(ctx, a)):
        for clause in clauses:
            for a in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                accused = [(k, f) for k, f in resolve_source(ctx, a) if k != sk]
                # ("... that it armed Y", "... that its refiners buy Z": of the one who
                # rejects the accusation)
                owned = a.pos_ == "PRON" or any(
                    c.dep_ == "poss" and c.pos_ == "PRON" for c in a.children)
                if not accused and owned and noun.head.pos_ in ("VERB", "AUX"):
                    accused = [(k, 0.75 * f) for s in noun.head.children
                               if s.dep_ == "nsubj" for k, f in resolve_source(ctx, s)
                               if k != sk]
                for ak, af in accused:
                    add(ctx, sk, rule, ak, sent, None, noun.text, 0.8 * sf * af)


def _speakers(ctx: DocContext, tok: Any) -> list[tuple[Any, Any]]:
    """(speaker token, the word that reports) for the clause of ``tok``.

    The climb reads the parse tables; tokens are built only for what it returns."""
    doc, dep, kids, lower = ctx.doc, ctx.dep, ctx.kids, ctx.lower
    out: list[tuple[Any, Any]] = []
    cur = tok.i
    for _ in range(_MAX_CLIMB):
        for c in kids[cur]:  # "..., according to X"
            if dep[c] == "prep" and lower[c] == "according":
                word = doc[c]
                out += [(doc[p], word) for t in kids[c] if lower[t] == "to"
                        for p in kids[t] if dep[p] == "pobj"]
        head = ctx.head[cur]
        if dep[cur] in _CLIMB and head != cur:
            cur = head
            continue
        if dep[cur] == "ccomp" and ctx.lemma[head] in ACCUSING_SPEECH:
            word = doc[head]
            out += [(doc[c], word) for c in kids[head] if dep[c] == "nsubj"]
            out += [(doc[p], word) for c in kids[head] if dep[c] == "agent"
                    for p in kids[c] if dep[p] == "pobj"]
        elif dep[cur] in ("acl", "ccomp") and ctx.lemma[head] in ACCUSING_NOUNS:
            word = doc[head]
            out += [(doc[c], word) for c in kids[head] if dep[c] == "poss"]
        break
    return out
