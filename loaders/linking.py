"""Cross-document entity linking: one node per real entity across articles.

Within a document the extractor already gathers every name of an entity under its
fullest form ("Putin", "President Putin" -> "Vladimir Putin"). Across documents, entity
ids (type + canonical name) join "Joe Biden" from two articles by themselves. What they
cannot join is an article that only ever says "Biden": its canonical name is the surname.

:class:`EntityLinker` links such an entity to an earlier one when its canonical name is
an *alias* of exactly one entity of the same type already known (in the store, or
earlier in this ingest run) and that entity's name is fuller. "Biden" joins "Joe Biden"
when "Biden" names only him; when "Biden" is an alias of both Joe and Hunter Biden it is
ambiguous and stays its own node, so two people who share a surname are never merged.

The linker runs in the single writer, in document order, so the result does not depend
on how many extraction workers ran. Known limit: a surname-only article ingested *before*
any article that gives the full name keeps its own node.
"""

from __future__ import annotations

from dataclasses import replace

from ..graph.base import GraphStore
from ..model import Entity, Evidence, Extraction, Problem, Relation, normalise_name
from ..schema import Schema

__all__ = ["EntityLinker", "remap_entities"]


class EntityLinker:
    """Remaps partial names in new extractions onto entities already known."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        # alias key -> ids of entities (by type) seen in this run, with their names
        self._seen: dict[tuple[str, str], dict[str, Entity]] = {}

    def _candidates(self, entity: Entity) -> dict[str, Entity]:
        key = normalise_name(entity.name)
        found = {e.id: e for e in self.store.lookup(entity.name) if e.type == entity.type}
        found.update(self._seen.get((entity.type, key), {}))
        return found

    def _remember(self, entity: Entity) -> None:
        for name in entity.names():
            self._seen.setdefault((entity.type, normalise_name(name)), {})[entity.id] = entity

    def link(self, extraction: Extraction) -> Extraction:
        mapping: dict[str, Entity] = {}
        for e in extraction.entities:
            if len(e.name.split()) > 1:
                continue  # a full name is its own key; only partial names are linked
            cands = {i: c for i, c in self._candidates(e).items() if i != e.id}
            fuller = [c for c in cands.values()
                      if len(c.name.split()) > 1
                      and normalise_name(e.name) != normalise_name(c.name)]
            if len(cands) == 1 and len(fuller) == 1:
                mapping[e.id] = fuller[0]
        linked = remap_entities(extraction, mapping, self.store.schema) if mapping else extraction
        for e in linked.entities:
            self._remember(e)
        return linked


def remap_entities(extraction: Extraction, mapping: dict[str, Entity], schema: Schema
                   ) -> Extraction:
    """The extraction with entities ``mapping`` keys replaced by the mapped entities
    (their names kept as aliases); mentions, relations and evidence follow. A relation
    that would join an entity to itself is dropped with a problem record."""
    if not mapping:
        return extraction
    entities: dict[str, Entity] = {}
    for e in extraction.entities:
        target = mapping.get(e.id)
        merged = target.with_aliases(e.names()) if target else e
        if merged.id in entities:
            merged = entities[merged.id].with_aliases(merged.names())
        entities[merged.id] = merged
    new_id = {old: ent.id for old, ent in mapping.items()}
    mentions = tuple(replace(m, entity_id=new_id.get(m.entity_id, m.entity_id))
                     for m in extraction.mentions)
    relations: dict[str, Relation] = {}
    problems = list(extraction.problems)
    for r in extraction.relations:
        s, t = new_id.get(r.source, r.source), new_id.get(r.target, r.target)
        if s == t:
            problems.append(Problem("self_relation",
                                    f"{r.type} would join {entities[s].name} to itself "
                                    "after linking names across documents"))
            continue
        evidence: tuple[Evidence, ...] = r.evidence
        moved = Relation.create(s, r.type, t, symmetric=schema.relation(r.type).symmetric,
                                evidence=evidence)
        old = relations.get(moved.id)
        relations[moved.id] = moved if old is None else replace(
            old, evidence=old.evidence + moved.evidence)
    return replace(extraction, entities=tuple(entities.values()), mentions=mentions,
                   relations=tuple(relations.values()), problems=tuple(problems))

