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

Each name is looked up in the store once per run (none at all when the run started on an
empty store); what the run itself adds is tracked in memory. So entities another process
writes to the same store *during* the run are not linked to.
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
        # alias keys already looked up in the store: what this run adds under such a key
        # is in _seen, so asking the store again would only repeat the first answer
        self._looked_up: dict[str, tuple[Entity, ...]] = {}
        # a run that starts on an empty store (a first ingest) has nothing to look up:
        # everything it can link to is in _seen
        self._store_was_empty = not store.documents(limit=1)
        # entity id -> the aliases it was last indexed in _seen with
        self._remembered: dict[str, tuple[str, ...]] = {}
        # entity id -> (its name's _seen bucket, the bucket's size then, where it links):
        # the answer stands until the bucket grows (stored candidates are fixed per run)
        self._decided: dict[str, tuple[dict[str, Entity], int, Entity | None]] = {}

    def _candidates(self, entity: Entity, key: str) -> dict[str, Entity]:
        """Entities of the same type, other than ``entity``, that its name ``key`` may
        name: in the store (asked once per key and run) or seen earlier in this run."""
        stored = () if self._store_was_empty else self._looked_up.get(key)
        if stored is None:
            stored = self._looked_up[key] = tuple(self.store.lookup(entity.name))
        seen = self._seen.get((entity.type, key))
        if not stored and (not seen or (len(seen) == 1 and entity.id in seen)):
            return {}  # the common case in a big ingest: nothing else goes by this name
        found = {e.id: e for e in stored if e.type == entity.type}
        found.update(seen or {})
        found.pop(entity.id, None)
        return found

    def _decide(self, entity: Entity) -> Entity | None:
        """The fuller entity a partial name links to, if exactly one; remembered."""
        if len(entity.name.split()) > 1:  # a full name is its own key
            self._decided[entity.id] = (_NEVER_GROWS, 0, None)
            return None
        key = normalise_name(entity.name)
        bucket = self._seen.setdefault((entity.type, key), {})
        target = None
        cands = self._candidates(entity, key)
        if len(cands) == 1:  # none, or ambiguous, links nowhere
            (only,) = cands.values()
            if len(only.name.split()) > 1 and normalise_name(only.name) != key:
                target = only
        self._decided[entity.id] = (bucket, len(bucket), target)
        return target

    def link(self, extraction: Extraction) -> Extraction:
        mapping: dict[str, Entity] = {}
        decided = self._decided
        for e in extraction.entities:
            known = decided.get(e.id)
            if known is not None and len(known[0]) == known[1]:
                target = known[2]
                if target is not None:  # the latest object: it may have gained aliases
                    target = known[0].get(target.id, target)
            else:
                target = self._decide(e)
            if target is not None:
                mapping[e.id] = target
        linked = remap_entities(extraction, mapping, self.store.schema) if mapping else extraction
        seen, remembered = self._seen, self._remembered
        for e in linked.entities:
            # an entity usually comes back with the names it had: nothing new to index
            if remembered.get(e.id) != e.aliases:
                remembered[e.id] = e.aliases
                for name in e.names():
                    seen.setdefault((e.type, normalise_name(name)), {})[e.id] = e
        return linked


_NEVER_GROWS: dict[str, Entity] = {}  # the bucket of full names: never written to


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

