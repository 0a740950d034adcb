"""Stage 6: modality, from the path between each candidate's trigger and its clause.

Negation ("did not", "no indications that", a negated conjunct, "deny"), hypothetical
(modal auxiliaries, "is expected to"), hedged (likely, allegedly, "if not", "is said to",
"blamed on", accusations and claims). Negated evidence is kept with ``modality="negated"``.
A title is presupposed: asserted whatever its sentence says.
"""

from __future__ import annotations

from typing import Any

from .context import MARKS, DocContext, marked, per_token
from .lexicon import (
    ABSTAINING,
    ACCUSING_SPEECH,
    ACCUSING_VERBS,
    BLAMING_VERBS,
    CANCELLING,
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
    JUDGING,
    MODAL_HYPO,
    NEG_DET,
    OPEN_QUESTION,
    REFUSE,
    STATIVE_WOULD,
    lemma_guess,
)

#: the confidence of a candidate is this base times its argument factor
BASE_CONFIDENCE = {"asserted": 0.9, "hedged": 0.6, "hypothetical": 0.45, "negated": 0.9}


def assign_modality(ctx: DocContext) -> None:
    """Needs ``found``; sets each candidate's ``modality`` and ``confidence``."""
    for f in ctx.found:
        f.modality = "asserted" if f.trigger_tok is None else modality(ctx, f.trigger_tok)
        f.confidence = BASE_CONFIDENCE[f.modality] * f.factor


#: nouns of a bond between two, which a comparative makes a wish ("closer ties")
_TIES = frozenset({"tie", "ties", "link", "links", "relation", "relations", "cooperation"})


#: the arcs from a denying verb to what it denies
DENIED_ARCS = {"dobj", "ccomp", "xcomp", "pcomp", "oprd", "attr", "acomp", "prep", "pobj"}


def _disputed(top: Any, left: int, right: int) -> bool:
    """ "X met Y in Oslo, a claim both men deny": a claim noun beside the clause that a
    relative clause denies (``top``: the token the clause's chain ends at, whose subtree
    is tokens ``left:right``)."""
    if not marked(top, "claim", left, right):
        return False
    return any(
        c.lemma_.lower() in CLAIM_NOUNS and c.dep_ in ("appos", "npadvmod", "attr", "advcl", "conj")
        and any(g.dep_ in ("relcl", "acl") and (g.lemma_.lower() in DENY or any(
            x.dep_ == "neg" for x in g.children)) for g in c.children)
        for c in top.subtree)


def _dismissed(ctx: DocContext, chain: list[int]) -> bool:
    """The clause is called false: "Moscow called the accusations that it meddled
    unfounded" (a claim noun with a dismissive predicate), "it is false that X met Y", "the
    claim that X met Y is baseless"."""
    dep, lemma = ctx.dep, ctx.lemma

    def dismissive(verb: int) -> bool:
        return any(dep[c] in ("oprd", "acomp", "attr", "xcomp", "ccomp")
                   and lemma[c] in DISMISSIVE for c in ctx.kids[verb])

    for t in chain[1:]:
        if lemma[t] in CLAIM_NOUNS and ctx.head[t] != t and dismissive(ctx.head[t]):
            return True  # "called [the claims that ...] unfounded"
        if lemma[t] in CLAIM_NOUNS and ctx.head[t] != t and lemma[ctx.head[t]] in JUDGING \
                and any(lemma[x] in DISMISSIVE
                        for x in range(t, ctx.doc[t].right_edge.i + 1)):
            return True  # the same, with the parser hanging "baseless" inside the clause
    # "it is false that ...": the clause hangs from "be" with a dismissive complement
    top = chain[-1]
    return ctx.lemma_case[top] == "be" and dismissive(top)


#: the markers whose absence from a document settles :func:`marked` for every clause
_UNMARKED = frozenset({"neither", "nor", "claim"})


def _unmade_claim(ctx: DocContext, top: int) -> bool:
    """"She refused to write posts claiming that X worked for Y", "he never published a
    report saying that ...": a claim carried by something that was never made is no
    statement of its content (the clause's governor ``top`` is "claiming", "saying")."""
    dep, head, lemma = ctx.dep, ctx.head, ctx.lemma
    if dep[top] != "acl" or ctx.pos[top] != "VERB":
        return False
    noun = head[top]
    if dep[noun] not in ("dobj", "nsubjpass") or head[noun] == noun:
        return False
    verb = head[noun]
    if any(dep[c] == "neg" for c in ctx.kids[verb]):
        return True
    return dep[verb] == "xcomp" and head[verb] != verb and lemma[head[verb]] in REFUSE


def _opens_neither(ctx: DocContext, i: int) -> bool:
    """Whether the phrase of token ``i`` opens with "neither" and holds a "nor" ("Neither
    the party's leader, X, nor its treasurer, Y"), however deep the parser hung them."""
    tok = ctx.doc[i]
    first, last = tok.left_edge.i, tok.right_edge.i
    return ctx.lower[first] == "neither" and "nor" in ctx.lower[first + 1:last + 1]


#: verbs that clear someone of what they were charged with ("acquitted X of spying")
ACQUITTING = frozenset({"acquit", "clear", "exonerate", "absolve"})
#: verbs whose complement clause the sentence takes as true, negated or not
FACTIVE = frozenset({"disclose", "reveal", "declare", "register",
                     "conceal", "hide", "mention", "realise", "realize", "regret"})


def _clause_chain(ctx: DocContext, i: int) -> tuple[list[int], int]:
    """The tokens from ``i`` up to the clause that states it (its chain), and the chain
    index from which only negation and modals count (0: none)."""
    dep, head, pos, lower, kids = ctx.dep, ctx.head, ctx.pos, ctx.lower, ctx.kids
    chain = [i]
    cur = i
    beyond = 0
    for _ in range(10):
        up = head[cur]
        if dep[cur] in ("ROOT",) or up == cur:
            break
        # a preposed adverbial clause is background ("Prompted by X's support, ...")
        if dep[cur] == "advcl" and cur < up:
            break
        stop = dep[cur] in ("ccomp", "parataxis") or (
            dep[cur] in ("acl", "ccomp", "appos") and pos[up] in ("NOUN", "PROPN")
            and any(lower[c] == "that" for c in kids[cur]))
        if dep[cur] in ("acl", "relcl") and pos[up] in ("NOUN", "PROPN") \
                and not beyond:
            # "approved an effort to swing ...": the effort is reported as existing;
            # only a denial or a modal on the governing clause reaches inside it
            beyond = len(chain)
        cur = up
        chain.append(cur)
        if stop:
            break
    return chain, beyond


def contested(ctx: DocContext, tok: Any) -> bool:
    """Whether the clause of ``tok`` is a claim the text says is denied beside it ("X
    armed Y, a claim Z rejects"): negated as a fact, but still alleged by whoever made
    it (ANNOTATION: a contested claim's accuser's edge is required)."""
    marks = ctx.doc.user_data.get(MARKS)
    if marks is not None and "claim" not in marks:
        return False
    top_tok = ctx.doc[_clause_chain(ctx, tok.i)[0][-1]]
    return _disputed(top_tok, top_tok.left_edge.i, top_tok.right_edge.i + 1)


@per_token
def modality(ctx: DocContext, tok: Any) -> str:
    """How the sentence states the clause of ``tok``: the strongest marker wins.

    Read from the per-token tables of ``ctx`` (the walk looks at every child of every
    token up the chain, many times over: Token objects would be built for each look)."""
    i = tok.i
    dep, head, pos, lower, kids = ctx.dep, ctx.head, ctx.pos, ctx.lower, ctx.kids
    lemma, lemma_case = ctx.lemma, ctx.lemma_case  # lowercased, as the model gives it
    neg = hypo = hedge = False
    chain, beyond = _clause_chain(ctx, i)
    top = chain[-1]
    marks = ctx.doc.user_data.get(MARKS)
    if marks is None or not _UNMARKED.isdisjoint(marks):
        top_tok = ctx.doc[top]
        left, right = top_tok.left_edge.i, top_tok.right_edge.i + 1
        # (a marker the document lacks is in no clause of it)
        either = (marks is None or "neither" in marks or "nor" in marks) and (
            marked(top_tok, "neither", left, right) or marked(top_tok, "nor", left, right))
        # (the accusation itself was made: "Ukraine accused X of funding Y, a claim X
        # denies" disputes the funding, not that Ukraine accused X)
        # (nor that Z said it: "Z says X armed Y, a claim X rejects")
        disputed = (marks is None or "claim" in marks) and lemma[i] not in ACCUSING_VERBS \
            and lemma[i] not in ACCUSING_SPEECH and _disputed(top_tok, left, right)
    else:  # none of the markers in the document: the clause's extent does not matter
        either = disputed = False
    # "no sanctions were imposed": only in a document with a "no"
    no_det = marks is None or "no" in marks
    # "rejected claims that X met Y": the claim the clause states is itself denied
    if lemma[top] in CLAIM_NOUNS and head[top] != top and (
            lemma[head[top]] in DENY or any(dep[c] == "neg" for c in kids[head[top]])
            # "dismissed as absurd claims that X ...", "as" taken for the claims' preposition
            or (lower[head[top]] == "as" and lemma[head[head[top]]] in DENY)):
        neg = True
    if _dismissed(ctx, chain):
        neg = True
    if _unmade_claim(ctx, top):
        neg = True
    if disputed:
        neg = True
    if lemma[i] in _TIES and any(dep[c] == "amod" and ctx.tag[c] == "JJR" for c in kids[i]):
        hypo = True  # "campaigned on closer ties with Moscow": ties wanted, not had
    for n, t in enumerate(chain):
        prev = chain[n - 1] if n else None
        below = kids[t]
        # the arcs below, as a set: most tests below look for one arc before they look
        # at its word
        deps = {dep[c] for c in below}
        if prev is not None and dep[prev] == "xcomp" and pos[t] in ("VERB", "AUX"):
            if lemma[t] in REFUSE:
                neg = True  # "refused to meet": the meeting did not happen
            elif lemma[t] in ("have", "be") and any(
                    lower[c] == "yet" and dep[c] == "advmod" for c in below):
                neg = True  # "has yet to sanction X", "is yet to be sanctioned": not so far
            elif lemma[t] in INTEND or lemma_guess(lower[t]) in INTEND:
                hypo = True  # "plans to meet", "threatened to sanction"
        if n > 1 and dep[chain[n - 1]] == "prep" and dep[chain[n - 2]] == "pcomp" and (
                (lemma[t] in ABSTAINING and lower[chain[n - 1]] in ("from", "at", "on", "away"))
                or (lemma[t] == "hold" and any(lower[c] in ("off", "back") for c in below))):
            neg = True  # "refrained from sanctioning X", "balked at", "held off on"
        if prev is not None and lower[t] == "without" and dep[prev] in ("pcomp", "pobj"):
            neg = True  # "left without meeting X"
        if prev is not None and lemma[t] in ACQUITTING and "of" in (
                lower[prev], lower[chain[n - 2]] if n > 1 else ""):
            neg = True  # "acquitted X of working for Y": a court found it not so
        if prev is not None and dep[prev] == "ccomp" and lemma[t] in HEDGE_CLAUSE \
                and "neg" not in deps:
            hedge = True  # "records suggest that X met Y"
        if prev is not None and dep[prev] == "ccomp" and lemma[t] in FACTIVE:
            # "by not disclosing that she was acting for X": what is kept quiet is so
            # (a denial or a modal above the factive verb still counts)
            continue
        if either and any(dep[c] in ("nsubj", "nsubjpass", "dobj", "pobj") and (any(
                lower[g] in ("neither", "nor") for g in kids[c]) or _opens_neither(ctx, c))
                for c in kids[t]):
            # "neither X nor Y met Z", "met neither X nor Y", "Neither the party's leader,
            # X, nor its treasurer, Y, met Z"
            neg = True
        if either and pos[t] in ("VERB", "AUX") and (
                any(lower[c] in ("neither", "nor") and dep[c] in ("preconj", "cc")
                    for c in kids[t])
                or (dep[t] == "conj" and any(lower[c] == "nor" for c in kids[head[t]]))):
            neg = True  # "neither met X nor spoke with him": both verbs are denied
        if beyond and n > beyond:
            if dep[chain[n - 1]] in ("nsubj", "nsubjpass"):
                # "Azerbaijan, which is led by X, denies it": what the subject's relative
                # clause says is background, not what the governing clause denies
                continue
            if "neg" in deps or (lemma[t] in DENY and dep[chain[n - 1]] in DENIED_ARCS):
                neg = True
            if lemma[t] in BLAMING_VERBS and dep[prev] == "prep" and not any(
                    dep[c] == "appos" for c in chain[:n]):
                # "blamed Y for the attack that knocked X offline": who did it is the
                # accusation's (the attack itself is no less real); not what describes
                # the one blamed ("attributed to X, a group tied to Y")
                hedge = True
            if "aux" in deps and any(dep[c] == "aux" and lower[c] in MODAL_HYPO
                                     for c in below):
                hypo = True
            continue
        lows = {lower[c] for c in below}
        # "X claimed responsibility for the attack": who claims an act admits it
        admitted = n > 0 and dep[chain[n - 1]] == "dobj" and \
            lemma[chain[n - 1]] in ("responsibility", "credit")
        if n > 0 and lemma[t] == "rule" and "out" in lows:
            # "did not rule out sanctions": still possible; "ruled out sanctions": no
            if "neg" in deps:
                hypo = True
            else:
                neg = True
            continue
        if n > 0 and dep[prev] in ("dobj", "nsubjpass") and lemma[t] in CANCELLING:
            neg = True  # "cancelled her meeting with X", "a meeting ... was cancelled"
        if lemma[t] == "stop" and "short" in lows:
            neg = True  # "stopped short of sanctioning X"
        if lemma[t] == "do" and dep[t] in ("relcl", "acl") and lower[head[t]] == "nothing":
            neg = True  # "had nothing to do with the hack"
        if_not = "if" in lows and ("not" in lows or "n't" in lows)
        denial = n > 0 and lemma[t] in DENY and dep[prev] in DENIED_ARCS
        if denial and any(dep[c] == "neg" for c in below):
            # "did not deny meeting X": a denial withheld concedes that it may have been
            hedge = True
            continue
        if if_not:
            hedge = True
        elif "neg" in deps or ("det" in deps and any(
                dep[c] == "det" and lower[c] in NEG_DET for c in below)):
            neg = True
        elif no_det and pos[t] in ("VERB", "AUX") and (
                "nsubjpass" in deps or "nsubj" in deps) and any(
                dep[c] in ("nsubjpass", "nsubj") and any(
                    dep[g] == "det" and lower[g] == "no" and lower[g + 1] not in (
                        "fewer", "less", "more", "longer") for g in kids[c]) for c in below):
            neg = True  # "no sanctions were imposed on X", "no one met X"
        if denial:
            # what is denied is the verb's object or complement, not a clause beside it
            # ("denied X and accused Y") nor an adverbial ("..., a week after X alleged")
            neg = True
        # a negated conjunct sharing the object: "considered but did not deploy"
        # (only the verbs coordinated right beside it: a long coordination stays linear)
        if pos[t] == "VERB" and "dobj" not in deps:
            beside = [c for c in below if dep[c] == "conj"]
            if dep[t] == "conj":
                beside.append(head[t])
            if any(dep[g] == "neg" for c in beside for g in kids[c]):
                neg = True
        if "aux" in deps or "auxpass" in deps:
            for a in below:
                if dep[a] in ("aux", "auxpass") and lower[a] in MODAL_HYPO:
                    if lower[a] == "would" and lemma_case[t] in STATIVE_WOULD:
                        continue
                    hypo = True
        passive = "auxpass" in deps or "nsubjpass" in deps
        if n > 0 and lemma_case[t] in HYPO_RAISING and (passive or pos[t] == "ADJ"):
            hypo = True
        if n > 0 and lemma_case[t] in HEDGE_RAISING and passive:
            hedge = True
        if n > 0 and lemma_case[t] in ("appear", "seem") and dep[prev] == "xcomp":
            hedge = True  # "X appears to have met Y"
        if n > 0 and dep[prev] == "dobj" and lemma[t] in CONSIDERING:
            hypo = True  # "Canada is considering sanctions on X": not imposed yet
        if n > 0 and lemma_case[t] in ("accuse", "allege", "claim", "charge", "blame", "attribute",
                                       "arrest", "detain", "indict", "suspect", "prosecute",
                                       "investigate", "sue") and dep[prev] not in ("conj", "advcl") \
                and not any(dep[c] == "appos" for c in chain[:n]) and not admitted:
            # (what describes the one accused is no part of the accusation: "accused X,
            # a Valtek executive, of fraud")
            hedge = True
        if not lows.isdisjoint(HEDGE_ADV) and any(
                lower[c] in HEDGE_ADV and dep[c] in ("advmod", "acomp", "amod") for c in below):
            hedge = True
        if lemma[t] in HEDGE_NOUNS and n > 0 and not admitted:
            hedge = True
        if n > 0 and dep[chain[n - 1]] == "ccomp" and any(
                dep[c] in ("dobj", "nsubj", "nsubjpass") and lemma[c] in HEDGE_NOUNS
                for c in below):
            hedge = True  # "delivers a narrative ..., that X is interfering"
        if pos[t] == "NOUN" and "acl" in deps and any(
                dep[c] == "acl" and lemma_case[c] in ("blame", "attribute") for c in below):
            hedge = True
        if "amod" in deps and any(dep[c] == "amod" and lower[c] in (
                "alleged", "suspected", "purported") for c in below):
            hedge = True
        if "mark" in deps and any(dep[c] == "mark" and lower[c] in ("if", "unless", "whether")
                                  for c in below):
            if "whether" in lows and head[t] != t and (lower[head[t]] in OPEN_QUESTION or any(
                    lower[c] in OPEN_QUESTION for c in kids[head[t]])):
                hedge = True  # "it is unclear whether X met Y"
            else:
                hypo = True
    if neg:
        return "negated"
    if hypo:
        return "hypothetical"
    if hedge:
        return "hedged"
    return "asserted"
