"""The extraction stages, in order. Each is a plain function of the document's
:class:`~.context.DocContext`; its docstring says what it needs and what it sets.

1. ``ergraph_paragraphs`` (:func:`.boilerplate.paragraphs`, a spaCy component before the
   parser) starts a sentence at every line break; it runs inside ``nlp.pipe``.
2. :func:`.repairs.repair_parse`: parser mistakes English rules out, mended on the Doc;
   :func:`.context.index_sentences`, :func:`.boilerplate.mark_boilerplate`: credits,
   bylines, datelines, disclaimers; captions.
3. :func:`.mentions.collect_mentions`: cleaned NER spans, aliases, typed.
4. :func:`.names.resolve_names`, :func:`.names.propagate`, :func:`.names.index_mentions`:
   one entity, many names.
5. :func:`.elections.find_election_states`, :func:`.relations.find_relations`: relation
   candidates from verbal and nominal triggers, role nouns and titles;
   :func:`.attribution.attribute_accusations`: reporting a hostile act accuses its actor.
6. :func:`.modality.assign_modality`: asserted, hedged, hypothetical or negated.
7. :func:`.names.family_names` ("his son Hunter" -> Hunter Biden),
   :func:`.assembly.assemble`: the :class:`~ergraph.model.Extraction`.
"""

from __future__ import annotations

from collections.abc import Callable

from ...model import Extraction
from .assembly import assemble
from .attribution import attribute_accusations
from .boilerplate import mark_boilerplate
from .context import DocContext, index_sentences
from .elections import find_election_states
from .mentions import collect_mentions
from .modality import assign_modality
from .names import family_names, index_mentions, propagate, resolve_names
from .relations import find_relations
from .repairs import repair_parse

Stage = Callable[[DocContext], object]

STAGES: tuple[Stage, ...] = (
    repair_parse,
    index_sentences,
    mark_boilerplate,
    collect_mentions,
    resolve_names,
    propagate,
    index_mentions,
    find_election_states,
    find_relations,
    attribute_accusations,
    assign_modality,
    family_names,
    assemble,
)


def run(ctx: DocContext) -> Extraction:
    """Every stage in order over one parsed document."""
    for stage in STAGES:
        stage(ctx)
    assert ctx.extraction is not None
    return ctx.extraction
