"""Stage 6: modality, from the path between each candidate's trigger and its clause.

Negation ("did not", "no indications that", a negated conjunct, "deny"), hypothetical
(modal auxiliaries, "is expected to"), hedged (likely, allegedly, "if not", "is said to",
"blamed on", accusations and claims). Negated evidence is kept with ``modality="negated"``.
A title is presupposed: asserted whatever its sentence says.
"""

from __future__ import annotations

from typing import Any

from .context import DocContext, marked
from .lexicon import (
    CLAIM_NOUNS,
    CONSIDERING,
    DENY,
    DISMISSIVE,
    HEDGE_ADV,
    HEDGE_CLAUSE,
    HEDGE_NOUNS,
    HEDGE_RAISING,
    HYPO_RAISING,
    INTEND,
    MODAL_HYPO,
    NEG_DET,
    REFUSE,
    STATIVE_WOULD,
)

#: the confidence of a candidate is this base times its argument factor
BASE_CONFIDENCE = {"asserted": 0.9, "hedged": 0.6, "hypothetical": 0.45, "negated": 0.9}


def assign_modality(ctx: DocContext) -> None:
    """Needs ``found``; sets each candidate's ``modality`` and ``confidence``."""
    seen: dict[int, str] = {}
    for f in ctx.found:
        if f.trigger_tok is None:
            f.modality = "asserted"
        else:
            i = f.trigger_tok.i
            if i not in seen:
                seen[i] = modality(f.trigger_tok)
            f.modality = seen[i]
        f.confidence = BASE_CONFIDENCE[f.modality] * f.factor


#: the arcs from a denying verb to what it denies
DENIED_ARCS = {"dobj", "ccomp", "xcomp", "pcomp", "oprd", "attr", "acomp", "prep", "pobj"}


def _disputed(chain: list[Any]) -> bool:
    """ "X met Y in Oslo, a claim both men deny": a claim noun beside the clause that a
    relative clause denies."""
    top = chain[-1]
    if not marked(top, "claim", top.left_edge.i, top.right_edge.i + 1):
        return False
    return any(
        c.lemma_.lower() in CLAIM_NOUNS and c.dep_ in ("appos", "npadvmod", "attr", "advcl", "conj")
        and any(g.dep_ in ("relcl", "acl") and (g.lemma_.lower() in DENY or any(
            x.dep_ == "neg" for x in g.children)) for g in c.children)
        for c in chain[-1].subtree)


def _dismissed(chain: list[Any]) -> bool:
    """The clause is called false: "Moscow called the accusations that it meddled
    unfounded" (a claim noun with a dismissive predicate), "it is false that X met Y", "the
    claim that X met Y is baseless"."""
    def dismissive(verb: Any) -> bool:
        return any(c.dep_ in ("oprd", "acomp", "attr", "xcomp", "ccomp")
                   and c.lemma_.lower() in DISMISSIVE for c in verb.children)

    for t in chain[1:]:
        if t.lemma_.lower() in CLAIM_NOUNS and t.head.i != t.i and dismissive(t.head):
            return True  # "called [the claims that ...] unfounded"
    # "it is false that ...": the clause hangs from "be" with a dismissive complement
    top = chain[-1]
    return top.lemma_ == "be" and dismissive(top)


def modality(tok: Any) -> str:
    """How the sentence states the clause of ``tok``: the strongest marker wins."""
    neg = hypo = hedge = False
    chain = [tok]
    cur = tok
    beyond = 0  # chain index from which only negation and modals count
    for _ in range(10):
        if cur.dep_ in ("ROOT",) or cur.head.i == cur.i:
            break
        # a preposed adverbial clause is background ("Prompted by X's support, ...")
        if cur.dep_ == "advcl" and cur.i < cur.head.i:
            break
        stop = cur.dep_ in ("ccomp", "parataxis") or (
            cur.dep_ in ("acl", "ccomp", "appos") and cur.head.pos_ in ("NOUN", "PROPN")
            and any(c.lower_ == "that" for c in cur.children))
        if cur.dep_ in ("acl", "relcl") and cur.head.pos_ in ("NOUN", "PROPN") \
                and not beyond:
            # "approved an effort to swing ...": the effort is reported as existing;
            # only a denial or a modal on the governing clause reaches inside it
            beyond = len(chain)
        cur = cur.head
        chain.append(cur)
        if stop:
            break
    top = chain[-1]
    either = marked(top, "neither", top.left_edge.i, top.right_edge.i + 1) or marked(
        top, "nor", top.left_edge.i, top.right_edge.i + 1)
    # "rejected claims that X met Y": the claim the clause states is itself denied
    if top.lemma_.lower() in CLAIM_NOUNS and top.head.i != top.i and (
            top.head.lemma_.lower() in DENY or any(c.dep_ == "neg" for c in top.head.children)):
        neg = True
    if _dismissed(chain):
        neg = True
    if _disputed(chain):
        neg = True
    for n, t in enumerate(chain):
        prev = chain[n - 1] if n else None
        if prev is not None and prev.dep_ == "xcomp" and t.pos_ in ("VERB", "AUX"):
            lemma = t.lemma_.lower()
            if lemma in REFUSE:
                neg = True  # "refused to meet": the meeting did not happen
            elif lemma in INTEND:
                hypo = True  # "plans to meet", "threatened to sanction"
        if prev is not None and t.lower_ == "without" and prev.dep_ in ("pcomp", "pobj"):
            neg = True  # "left without meeting X"
        if prev is not None and prev.dep_ == "ccomp" and t.lemma_.lower() in HEDGE_CLAUSE \
                and not any(c.dep_ == "neg" for c in t.children):
            hedge = True  # "records suggest that X met Y"
        if either and any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and any(
                g.lower_ in ("neither", "nor") for g in c.children) for c in t.children):
            neg = True  # "neither X nor Y met Z", "met neither X nor Y"
        if beyond and n > beyond:
            kids = list(t.children)
            if chain[n - 1].dep_ in ("nsubj", "nsubjpass"):
                # "Azerbaijan, which is led by X, denies it": what the subject's relative
                # clause says is background, not what the governing clause denies
                continue
            if any(c.dep_ == "neg" for c in kids) or (t.lemma_.lower() in DENY
                                                      and chain[n - 1].dep_ in DENIED_ARCS):
                neg = True
            if any(c.dep_ == "aux" and c.lower_ in MODAL_HYPO for c in kids):
                hypo = True
            continue
        kids = list(t.children)
        lows = {c.lower_ for c in kids}
        if_not = "if" in lows and ("not" in lows or "n't" in lows)
        if if_not:
            hedge = True
        elif any(c.dep_ == "neg" for c in kids) or any(
                c.dep_ == "det" and c.lower_ in NEG_DET for c in kids):
            neg = True
        elif t.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubjpass", "nsubj") and any(
                    g.dep_ == "det" and g.lower_ == "no" and g.nbor(1).lower_ not in (
                        "fewer", "less", "more", "longer") for g in c.children) for c in kids):
            neg = True  # "no sanctions were imposed on X", "no one met X"
        if n > 0 and t.lemma_.lower() in DENY and prev.dep_ in DENIED_ARCS:
            # what is denied is the verb's object or complement, not a clause beside it
            # ("denied X and accused Y") nor an adverbial ("..., a week after X alleged")
            neg = True
        # a negated conjunct sharing the object: "considered but did not deploy"
        # (only the verbs coordinated right beside it: a long coordination stays linear)
        if t.pos_ == "VERB" and not any(g.dep_ == "dobj" for g in kids):
            beside = [c for c in kids if c.dep_ == "conj"]
            if t.dep_ == "conj":
                beside.append(t.head)
            if any(g.dep_ == "neg" for c in beside for g in c.children):
                neg = True
        aux = [c for c in kids if c.dep_ in ("aux", "auxpass")]
        for a in aux:
            if a.lower_ in MODAL_HYPO:
                if a.lower_ == "would" and t.lemma_ in STATIVE_WOULD:
                    continue
                hypo = True
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids)
        if n > 0 and t.lemma_ in HYPO_RAISING and (passive or t.pos_ == "ADJ"):
            hypo = True
        if n > 0 and t.lemma_ in HEDGE_RAISING and passive:
            hedge = True
        if n > 0 and t.lemma_ in ("appear", "seem") and prev.dep_ == "xcomp":
            hedge = True  # "X appears to have met Y"
        if n > 0 and prev.dep_ == "dobj" and t.lemma_.lower() in CONSIDERING:
            hypo = True  # "Canada is considering sanctions on X": not imposed yet
        if n > 0 and t.lemma_ in ("accuse", "allege", "claim", "charge", "blame", "arrest",
                                  "detain", "indict", "suspect", "prosecute", "investigate",
                                  "sue") and prev.dep_ != "conj":
            hedge = True
        if any(c.lower_ in HEDGE_ADV and c.dep_ in ("advmod", "acomp", "amod") for c in kids):
            hedge = True
        if t.lemma_.lower() in HEDGE_NOUNS and n > 0:
            hedge = True
        if n > 0 and chain[n - 1].dep_ == "ccomp" and any(
                c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.lower() in HEDGE_NOUNS
                for c in kids):
            hedge = True  # "delivers a narrative ..., that X is interfering"
        if t.pos_ == "NOUN" and any(c.dep_ == "acl" and c.lemma_ in ("blame", "attribute")
                                    for c in kids):
            hedge = True
        if any(c.dep_ == "amod" and c.lower_ in ("alleged", "suspected", "purported")
               for c in kids):
            hedge = True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
            hypo = True
    if neg:
        return "negated"
    if hypo:
        return "hypothetical"
    if hedge:
        return "hedged"
    return "asserted"
