"""Nominal triggers: the schema's ``nouns`` ("talks between", "campaign against").

The actor is the noun's possessor, "by" / "of" phrase or demonym, else whoever acts up the
control chain; targets are the noun's prepositional objects ("in favour of X": the noun
inside the phrase).
"""

from __future__ import annotations

from typing import Any

from .arguments import controller, noun_agent
from .candidates import emit, types_for
from .context import DocContext
from .elections import election_and_favour
from .lexicon import OBJ_PREPS, PREPS


def noun_relations(ctx: DocContext, tok: Any, sent: Any) -> None:
    lemma = tok.lemma_.lower()
    cands = types_for(ctx, tok, ctx.lex.nouns, lemma) or types_for(
        ctx, tok, ctx.lex.nouns, tok.lower_)
    if not cands:
        return
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in ctx.lex.nouns:
        return  # "influence operation": the head noun carries it
    agent = noun_agent(ctx, tok)
    if agent is None:
        agent = controller(ctx, tok)
    if agent is None:
        return
    for rtype, rest in cands:
        preps = {w for w in rest if w in PREPS} or (OBJ_PREPS - {"by", "of"})
        targets = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                targets += [p for p in c.children if p.dep_ == "pobj"]
        if rest and rest[0] in PREPS and tok.head.lower_ == rest[0]:
            # "in favour of X": the noun is inside the prepositional phrase
            agent = controller(ctx, tok.head) or agent
        emit(ctx, [agent], targets, rtype, tok, sent)
        election_and_favour(ctx, tok, [agent], rtype, sent)
        if targets:
            break
