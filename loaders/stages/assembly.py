"""Stage 7: assembly of the :class:`~ergraph.model.Extraction`.

Entities (one per type and canonical name, with every surface as an alias), mentions with
character offsets, relations with one piece of evidence per sentence (its modality,
confidence and trigger), and the problems. A hedged or hypothetical claim denied elsewhere
in the document is dropped as ``Problem("contradicted")``.
"""

from __future__ import annotations

from ...model import Entity, Evidence, Extraction, Mention, OpenName, Problem, Relation
from .context import DocContext, EntKey, sentence, span_text
from .mentions import surface


def open_names(ctx: DocContext) -> tuple[OpenName, ...]:
    """The open names with the type their mention has in the end (what the store's answer
    is compared with: a name the document's other mentions typed needs no settling)."""
    if not ctx.open_names:
        return ()
    final = {i: m.type for m in ctx.mentions for i in range(m.start, m.end)}
    return tuple(sorted({OpenName(key, own if told else final.get(start, ""), told)
                         for start, (key, own, told) in ctx.open_names.items()}))


def assemble(ctx: DocContext) -> Extraction:
    """Needs everything; sets ``extraction`` (and returns it)."""
    document = ctx.document
    names: dict[EntKey, set[str]] = {}
    mentions: list[Mention] = []
    ids: dict[EntKey, str] = {}
    texts = [span_text(ctx, m.start, m.end) for m in ctx.mentions]
    for m, text in zip(ctx.mentions, texts, strict=True):
        k = m.key
        names.setdefault(k, set()).add(surface(text))
        if m.also_named:
            names[k].add(surface(m.also_named))
    entities: dict[EntKey, Entity] = {}
    for k, surfaces in names.items():
        e = Entity.create(k[1], k[0], sorted(surfaces))
        entities[k] = e
        ids[k] = e.id
    for m, text in zip(ctx.mentions, texts, strict=True):
        mentions.append(Mention(ids[m.key], document.id, ctx.char_start[m.start],
                                ctx.char_end[m.end - 1], text))
    relations: dict[str, Relation] = {}
    # one Relation.create per edge (its id is a digest; many candidates share an edge), and
    # the evidence made with that id: no copy of each piece of evidence to stamp it
    edges: dict[tuple[str, str, str], Relation] = {}  # (source id, type, target id)
    # a relation's evidence so far, by what its id digests besides the relation and the
    # document (both fixed for the relation): its sentence offsets and modality
    evidence_of: dict[str, set[tuple[int, int, str]]] = {}
    sentences: dict[int, tuple[str, int, int]] = {}
    negated_keys = {(f.source, f.type, f.target) for f in ctx.found if f.modality == "negated"}
    for f in ctx.found:
        for end in (f.source, f.target):
            if end not in entities:  # an end known only from a title ("Lebanese")
                entities[end] = Entity.create(end[1], end[0])
                ids[end] = entities[end].id
        rt = ctx.schema.relations[f.type]
        sym_keys = {(f.source, f.type, f.target), (f.target, f.type, f.source)} \
            if rt.symmetric else {(f.source, f.type, f.target)}
        if f.modality in ("hedged", "hypothetical") and sym_keys & negated_keys:
            ctx.problems.append(Problem(
                "contradicted", f"{f.source[1]} -[{f.type}]-> {f.target[1]} is only "
                f"claimed ({f.modality}) and denied elsewhere in the document",
                f.sent.text.strip(), document.id, f.sent.start_char, f.sent.end_char))
            continue
        if f.sent.start not in sentences:  # one text per sentence, however many edges
            sentences[f.sent.start] = sentence(ctx, f.sent)
        text, start, end_ = sentences[f.sent.start]
        edge_key = (ids[f.source], f.type, ids[f.target])
        edge = edges.get(edge_key)
        if edge is None:
            edge = edges[edge_key] = Relation.create(*edge_key, symmetric=rt.symmetric)
        ev = Evidence(edge.id, document.id, text, start, end_, f.modality, ctx.extractor_name,
                      round(f.confidence, 3), f.trigger)
        old = relations.get(edge.id)
        if old is None:
            relations[edge.id] = Relation(edge.id, edge.source, edge.type, edge.target,
                                          edge.symmetric, (ev,))
            evidence_of[edge.id] = {(start, end_, f.modality)}
        elif (start, end_, f.modality) not in evidence_of[edge.id]:
            evidence_of[edge.id].add((start, end_, f.modality))
            relations[edge.id] = Relation(old.id, old.source, old.type, old.target,
                                          old.symmetric, old.evidence + (ev,))
    ctx.extraction = Extraction(document, tuple(entities.values()), tuple(mentions),
                                tuple(relations.values()), tuple(ctx.problems),
                                open_names(ctx))
    return ctx.extraction
