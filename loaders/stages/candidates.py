"""Relation candidates: the trigger tables and how a candidate is recorded.

Shared by the verbal, nominal, role and election rules. A candidate is checked against the
schema's argument types (a ``type_mismatch`` problem otherwise) and symmetric relations are
put in schema order; its modality and confidence come later, from :mod:`.modality`.
"""

from __future__ import annotations

from typing import Any

from ...model import Problem
from .arguments import resolve, resolve_source, state_of_modifier
from .context import ORG, PERSON, STATE, Arg, Candidate, DocContext, EntKey, per_token
from .lexicon import EMPLOYING, LINK_VERBS


def types_for(ctx: DocContext, tok: Any,
              table: dict[str, tuple[tuple[str, tuple[str, ...]], ...]],
              words: str) -> list[tuple[str, tuple[str, ...]]]:
    """The relation types a trigger word can start, the most specific phrase first (the
    lexicon lists each word's phrases in that order)."""
    return [(rtype, rest) for rtype, rest in table.get(words, ())
            if not rest or phrase_present(ctx, tok, rest)]


def phrase_present(ctx: DocContext, tok: Any, rest: tuple[str, ...]) -> bool:
    """The other words of a multi-word trigger near the head ("sanctions on", "with")."""
    # (a word the document does not have is near no head: most phrases fail so)
    if not ctx.words.issuperset(rest):
        return False
    near = _near_words(ctx, tok)
    return all(w in near for w in rest)


@per_token
def _near_words(ctx: DocContext, tok: Any) -> frozenset[str]:
    """The words a multi-word trigger's other words are looked for in (once per head:
    each of its phrases, verbal or nominal, is tested on them)."""
    a, b = max(0, tok.i - 1), min(len(ctx.lower), tok.i + 6)
    near = set(ctx.lower[a:b]) | set(ctx.lemma[a:b])
    i, lower, dep, kids = tok.i, ctx.lower, ctx.dep, ctx.kids
    if ctx.head[i] != i:
        near.add(lower[ctx.head[i]])
    for c in kids[i]:  # "the assets of X were frozen": the passive subject
        if dep[c] in ("prep", "dative", "prt"):
            near.add(lower[c])  # "attributed the breach of Velta Bank to Iran"
            # "add the arms broker X to its sanctions list": the phrase's own words
            near.update(lower[g] for p in kids[c] if dep[p] == "pobj"
                        for g in (p, *kids[p]) if dep[g] in ("pobj", "compound"))
        if dep[c] in ("nsubjpass", "dobj"):
            near.update((lower[c], ctx.lemma[c]))
            near.update(lower[g] for g in ctx.kids[c] if dep[g] in ("prep", "det"))
    return frozenset(near)


def emit(ctx: DocContext, sources: list[Arg], targets: list[Any], rtype: str, tok: Any,
         sent: Any, role_anchor: bool = False) -> None:
    """Every resolved source with every resolved target (tokens), triggered by ``tok``.

    A hostile act with a named target is remembered (``ctx.victims``), and "the
    attack" named later with its actor but no target of its own is that act: "X was hit by a cyberattack ... Officials blamed the attack on Y"."""
    hostile = rtype in ctx.schema.rules.hostile
    if not sources and not hostile:
        return
    srcs: list[tuple[EntKey, float]] = []
    for s in sources:
        srcs += resolve_source(ctx, s)
    tgts: list[tuple[EntKey, float]] = []
    for t in targets:
        res = resolve(ctx, t, "target")
        if not res and role_anchor:
            state = state_of_modifier(ctx, t)
            res = [(state, 0.8)] if state else []
        tgts += res
    if hostile:
        # (an act already claimed counts too: "the attack" is the latest act named)
        ctx.victims += [(ctx.sent_no[tok.i], rtype, tk, tok.i) for tk, _ in tgts]
    if not srcs and hostile and tgts:
        # "... blamed on an attack by Russia. The attack had targeted X": the actor of the
        # act named before
        srcs = earlier_actors(ctx, rtype, tok)
    if not srcs:
        return
    if not tgts and hostile:
        tgts = earlier_victims(ctx, rtype, tok)
    if not tgts and hostile:
        ctx.acts += [(sk, rtype, sent, tok) for sk, _ in srcs]
    for sk, sf in srcs:
        for tk, tf in tgts:
            add(ctx, sk, rtype, tk, sent, tok, tok.text, sf * tf)


#: how many sentences back "the attack" may refer to an act named before
_EVENT_REACH = 3


def _definite_event(ctx: DocContext, tok: Any) -> int | None:
    """The definite event noun a trigger is or has as its subject ("the attack", "the
    attack had targeted X"), by index, or None."""
    i = tok.i
    if ctx.pos[i] != "NOUN":
        i = next((c for c in ctx.kids[i] if ctx.dep[c] in ("nsubj", "nsubjpass")
                  and ctx.pos[c] == "NOUN" and ctx.lemma[c] in ctx.lex.nouns), -1)
        if i < 0:
            return None
    if not any(ctx.dep[c] == "det" and ctx.lower[c] in ("the", "this", "that")
               for c in ctx.kids[i]):
        return None
    return i


def earlier_actors(ctx: DocContext, rtype: str, tok: Any) -> list[tuple[EntKey, float]]:
    """The actor of the act a definite event noun refers back to when it names only the
    target: the latest act of that type with a named actor, in the sentences just
    before."""
    i = _definite_event(ctx, tok)
    if i is None:
        return []
    here = ctx.sent_no[i]
    acts = [(t.i, source) for source, type_, _sent, t in
            [(f.source, f.type, f.sent, f.trigger_tok) for f in ctx.found] + ctx.acts
            if type_ == rtype and t is not None and t.i < i
            and here - ctx.sent_no[t.i] <= _EVENT_REACH]
    if not acts:
        return []
    last = max(at for at, _ in acts)
    return list(dict.fromkeys((source, 0.7) for at, source in acts if at == last))


def earlier_victims(ctx: DocContext, rtype: str, tok: Any) -> list[tuple[EntKey, float]]:
    """The targets of the act a definite event noun ("the attack", "this intrusion")
    refers back to: the latest act of that type with a named target, in the sentences
    just before (or earlier in this one)."""
    i = tok.i
    if ctx.pos[i] != "NOUN" or _definite_event(ctx, tok) is None:
        return []
    here = ctx.sent_no[i]
    earlier = [v for v in ctx.victims
               if v[1] == rtype and v[3] < i and here - v[0] <= _EVENT_REACH]
    if not earlier:
        return []
    last = max(v[3] for v in earlier)
    return [(v[2], 0.7) for v in earlier if v[3] == last]


def add(ctx: DocContext, source: EntKey, rtype: str, target: EntKey, sent: Any,
        trigger_tok: Any, trigger: str, factor: float) -> None:
    """Record one candidate; ``trigger_tok`` is ``None`` for a presupposed title."""
    if source == target:
        return
    rt = ctx.schema.relations[rtype]  # a schema type: a trigger's, or a validated rule's
    if (not rt.allows(source[0], target[0]) and rt.allows(target[0], source[0])
            and trigger_tok is not None and (ctx.lemma[trigger_tok.i] in LINK_VERBS
                                             or ctx.lemma[trigger_tok.i] in EMPLOYING)):
        # "the Kremlin-linked network": the network is linked; "Kavel hired X": X is Kavel's
        source, target = target, source
    rules = ctx.schema.rules
    if not rt.allows(source[0], target[0]) and rtype == rules.leader and rules.affiliation \
            and source[0] != PERSON and target[0] == ORG and trigger_tok is not None \
            and ctx.schema.relations[rules.affiliation].allows(target[0], source[0]):
        # "the site was run by Vantor Reach Ltd", "Russia runs the network": what an
        # organisation or a state runs belongs to it
        source, target, rtype = target, source, rules.affiliation
        rt = ctx.schema.relations[rtype]
    if not rt.allows(source[0], target[0]):
        ctx.problems.append(Problem(
            "type_mismatch", f"{source[1]} ({source[0]}) -[{rtype}]-> {target[1]} "
            f"({target[0]}): argument types outside the schema", sent.text.strip(),
            ctx.document.id, sent.start_char, sent.end_char))
        return
    if rt.symmetric and not (source[0] in rt.source and target[0] in rt.target):
        source, target = target, source
    ctx.found.append(Candidate(source, rtype, target, sent, trigger, factor, trigger_tok))
    state = (ctx.post_states.get(target) or _ministry_state(ctx, target)) \
        if rtype in (rules.affiliation, rules.leader) and source[0] == PERSON else None
    if state is not None and rules.affiliation is not None:
        # "a first secretary at the Russian embassy in Sofia", "Iranian foreign ministry
        # spokesman X": who works at a state's post abroad or in its ministry works for
        # the state
        add(ctx, source, rules.affiliation, state, sent, trigger_tok, trigger, factor)


def _ministry_state(ctx: DocContext, org: EntKey) -> EntKey | None:
    """The state a ministry's name says it is of ("Iranian Foreign Ministry")."""
    words = org[1].split()
    if org[0] != ORG or len(words) < 2 or words[-1].lower() not in ("ministry", "government"):
        return None
    state = ctx.gaz.demonym(words[0])
    return (STATE, state) if state else None
