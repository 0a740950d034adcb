"""Stage 5: relation candidates from the parse, sentence by sentence.

In each sentence that may carry relations (not boilerplate, not a caption), every token is
tried, in order, as a verbal trigger (:mod:`.verbal`), a nominal trigger (:mod:`.nominal`)
and a role noun (:mod:`.roles`); then every mention of the sentence for a title before it.
The order is the order of the candidates, and of the problems found on the way.
"""

from __future__ import annotations

from typing import Any

from .context import DocContext, MentionDraft
from .lexicon import lemma_guess
from .nominal import noun_relations
from .roles import from_affiliation, role_relations, title_relations
from .verbal import verb_relations


def find_relations(ctx: DocContext) -> None:
    """Needs ``skip_sents``, ``boiler_sents``, ``tok2m``, ``by_sent``, ``election_states``;
    sets ``found`` (candidates without modality) and ``pron_cache``."""
    for sent in ctx.sents:
        if sent.start in ctx.boiler_sents:
            continue
        if sent.start in ctx.skip_sents:
            # a sentence without a verb ("Particularly, X, Y's former deputy."): only what
            # titles and appositions state; a caption (no full stop) states nothing
            if not sent.text.rstrip().endswith((".", "!", "?", ".”", '."')):
                continue
            for tok in sent:
                if _role_noun(ctx, tok):
                    role_relations(ctx, tok, sent)
            for m in _sent_mentions(ctx, sent):
                title_relations(ctx, m, sent)
            continue
        for tok in sent:
            if (-1 - tok.i) in ctx.boiler_sents:
                continue
            low = tok.lemma_.lower()
            if (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and (
                    low in ctx.lex.verbs or lemma_guess(tok.lower_) in ctx.lex.verbs):
                verb_relations(ctx, tok, sent)
            if tok.pos_ in ("NOUN", "PROPN") and (low in ctx.lex.nouns
                                                  or tok.lower_ in ctx.lex.nouns):
                noun_relations(ctx, tok, sent)
            if _role_noun(ctx, tok):
                role_relations(ctx, tok, sent)
        for m in _sent_mentions(ctx, sent):
            title_relations(ctx, m, sent)
            from_affiliation(ctx, m, sent)


def _sent_mentions(ctx: DocContext, sent: Any) -> list[MentionDraft]:
    return ctx.by_sent.get(sent.start, [])


def _role_noun(ctx: DocContext, tok: Any) -> bool:
    """A role noun, or a role word the tagger took for an adjective in apposition
    ("X, stepson of Y")."""
    if not (tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.dep_ == "appos")):
        return False
    return tok.lemma_.lower() in ctx.lex.role_nouns or tok.lower_ in ctx.lex.titles
