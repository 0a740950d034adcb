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
from .roles import role_relations, title_relations
from .verbal import verb_relations


def find_relations(ctx: DocContext) -> None:
    """Needs ``skip_sents``, ``boiler_sents``, ``tok2m``, ``by_sent``, ``election_states``;
    sets ``found`` (candidates without modality) and ``pron_cache``."""
    for sent in ctx.sents:
        if sent.start in ctx.skip_sents:
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
            if tok.pos_ in ("NOUN", "PROPN") and (low in ctx.lex.role_nouns
                                                  or tok.lower_ in ctx.lex.titles):
                role_relations(ctx, tok, sent)
        for m in _sent_mentions(ctx, sent):
            title_relations(ctx, m, sent)


def _sent_mentions(ctx: DocContext, sent: Any) -> list[MentionDraft]:
    return ctx.by_sent.get(sent.start, [])
