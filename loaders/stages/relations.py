"""Stage 5: relation candidates from the parse, sentence by sentence.

In each sentence that may carry relations (not boilerplate, not a caption), every token is
tried, in order, as a verbal trigger (:mod:`.verbal`), a nominal trigger (:mod:`.nominal`)
and a role noun (:mod:`.roles`); then every mention of the sentence for a title before it.
The order is the order of the candidates, and of the problems found on the way.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from .context import DocContext, MentionDraft, span_text
from .lexicon import CONSENT_NOUNS, DIRECTIVE_NOUNS, OWNING_VERBS, lemma_guess
from .nominal import noun_relations
from .roles import (
    COUNTERPARTS,
    counterpart_relations,
    directive_relations,
    from_affiliation,
    role_relations,
    state_held,
    title_relations,
)
from .verbal import agentive_acl, verb_relations


def find_relations(ctx: DocContext) -> None:
    """Needs ``skip_sents``, ``boiler_sents``, ``tok2m``, ``by_sent``, ``election_states``;
    sets ``found`` (candidates without modality) and ``pron_cache``."""
    lex = ctx.lex
    lemmas, words = lex.trigger_heads
    # the tokens that may be triggers, in one pass over the document (most are not)
    heads = [i for i, (lemma, word) in enumerate(zip(ctx.lemma, ctx.lower, strict=True))
             if lemma in lemmas or word in words]
    for sent in ctx.sents:
        if sent.start in ctx.boiler_sents:
            continue
        if sent.start in ctx.skip_sents:
            # a sentence without a verb ("Particularly, X, Y's former deputy."): only what
            # titles and appositions state; a caption (no full stop) states nothing
            if not span_text(ctx, sent.start, sent.end).rstrip().endswith(
                    (".", "!", "?", ".”", '."')):
                continue
            for tok in sent:
                if _role_noun(ctx, tok):
                    role_relations(ctx, tok, sent)
            for m in _sent_mentions(ctx, sent):
                title_relations(ctx, m, sent)
            continue
        # (titles first: what a quote's "our" is may be the titled speaker's state)
        for m in _sent_mentions(ctx, sent):
            title_relations(ctx, m, sent)
        for i in heads[bisect_left(heads, sent.start): bisect_left(heads, sent.end)]:
            if (-1 - i) in ctx.boiler_sents:
                continue
            low, word, pos = ctx.lemma[i], ctx.lower[i], ctx.pos[i]
            # cheap string tests first: a Token is built only where a rule may fire
            verb = (low in lex.verbs or lemma_guess(word) in lex.verbs or low in OWNING_VERBS)
            noun = pos in ("NOUN", "PROPN") and (low in lex.nouns or word in lex.nouns)
            role = pos in ("NOUN", "PROPN", "ADJ") and (low in lex.role_nouns
                                                       or word in lex.titles)
            directive = (word in DIRECTIVE_NOUNS or word in CONSENT_NOUNS) and pos == "NOUN"
            if not (verb or noun or role or directive or word in COUNTERPARTS):
                continue
            tok = ctx.doc[i]
            if directive:
                directive_relations(ctx, tok, sent)
            if verb and (pos in ("VERB", "AUX") or ctx.tag[i].startswith("VB")
                         or agentive_acl(ctx, i)):
                verb_relations(ctx, tok, sent)
            if noun:
                noun_relations(ctx, tok, sent)
            if role and _role_noun(ctx, tok):
                role_relations(ctx, tok, sent)
            if word in COUNTERPARTS and pos == "NOUN":
                counterpart_relations(ctx, tok, sent)
        for m in _sent_mentions(ctx, sent):
            from_affiliation(ctx, m, sent)
            state_held(ctx, m, sent)


def _sent_mentions(ctx: DocContext, sent: Any) -> list[MentionDraft]:
    return ctx.by_sent.get(sent.start, [])


def _role_noun(ctx: DocContext, tok: Any) -> bool:
    """A role noun, or a role word the tagger took for an adjective in apposition
    ("X, stepson of Y"); read from the token tables."""
    i, pos = tok.i, ctx.pos[tok.i]
    if not (pos in ("NOUN", "PROPN") or (pos == "ADJ" and ctx.dep[i] == "appos")):
        return False
    return ctx.lemma[i] in ctx.lex.role_nouns or ctx.lower[i] in ctx.lex.titles
