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

The other order joins too: when a fuller name arrives whose aliases include the name of
a surname-only entity already known, and no other entity goes by that name, the earlier
node is merged into the fuller one (:meth:`EntityLinker.take_merges` hands the merges to
the writer, which applies them with the store's ``merge_entities``: aliases, mentions and
evidence move, ids re-derived by rule). So "Mogrol" before "Seibrisk Mogrol" gives the
graph "Seibrisk Mogrol" before "Mogrol" gives. Known limit: a name that becomes
ambiguous only later ("Biden", then Joe Biden, then Hunter Biden, both called "Biden") is
not split again - it stays with the first full name, where the other order keeps it
apart; stores without ``merge_entities`` keep the surname-only node.

The linker runs in the single writer, in document order, so the result does not depend
on how many extraction workers ran.

Each name is looked up in the store once per run (none at all when the run started on an
empty store); what the run itself adds is tracked in memory. So entities another process
writes to the same store *during* the run are not linked to.
"""

from __future__ import annotations

from dataclasses import replace

from ..graph.base import GraphStore
from ..model import (
    Entity,
    Evidence,
    Extraction,
    Problem,
    ProblemKind,
    Relation,
    normalise_name,
)
from ..schema import Schema

__all__ = ["EntityLinker", "full_name", "remap_entities"]


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
        # earlier partial-name entities to merge into a fuller one that arrived later
        self._merges: dict[str, Entity] = {}

    def take_merges(self) -> dict[str, Entity]:
        """Entities (by id) already written or seen that should be merged into a fuller
        entity that arrived since; the writer applies them with ``store.merge_entities``
        after writing what it holds, and before the extraction last linked."""
        merges, self._merges = self._merges, {}
        return merges

    def _stored(self, key: str) -> tuple[Entity, ...]:
        """The stored entities going by ``key`` (asked once per key and run)."""
        stored = () if self._store_was_empty else self._looked_up.get(key)
        if stored is None:
            stored = self._looked_up[key] = tuple(self.store.lookup(key))
        return stored

    def known_type(self, key: str) -> str | None:
        """The type the store (or this run) gives the name ``key``: the one type of the
        entities named in two words or more that go by it, None if none or several.

        One-word-named entities never answer: their own type may have come from such an
        answer, and an answer resting on them would depend on which document came
        first (:mod:`.settling`)."""
        types = {e.type for e in self._stored(key) if full_name(e)}
        for t in self.store.schema.entity_types:
            if any(full_name(e) for e in self._seen.get((t, key), {}).values()):
                types.add(t)
        return types.pop() if len(types) == 1 else None

    def _candidates(self, entity: Entity, key: str) -> dict[str, Entity]:
        """Entities of the same type, other than ``entity``, that its name ``key`` may
        name: in the store (asked once per key and run) or seen earlier in this run."""
        stored = self._stored(key)
        seen = self._seen.get((entity.type, key))
        if not stored and (not seen or (len(seen) == 1 and entity.id in seen)):
            return {}  # the common case in a big ingest: nothing else goes by this name
        found = {e.id: e for e in stored if e.type == entity.type}
        found.update(seen or {})
        found.pop(entity.id, None)
        return found

    def _decide(self, entity: Entity) -> Entity | None:
        """The fuller entity a partial name links to, if exactly one; remembered."""
        if full_name(entity):  # a full name is its own key
            self._decided[entity.id] = (_NEVER_GROWS, 0, None)
            return None
        key = normalise_name(entity.name)
        bucket = self._seen.setdefault((entity.type, key), {})
        target = None
        cands = self._candidates(entity, key)
        if len(cands) == 1:  # none, or ambiguous, links nowhere
            (only,) = cands.values()
            if full_name(only) and normalise_name(only.name) != key:
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
        grown: list[Entity] = []
        for e in linked.entities:
            # an entity usually comes back with the names it had: nothing new to index
            if remembered.get(e.id) != e.aliases:
                remembered[e.id] = e.aliases
                grown.append(e)
                for name in e.names():
                    seen.setdefault((e.type, normalise_name(name)), {})[e.id] = e
        for e in grown:  # every store merges entities (GraphStore.merge_entities)
            self._absorb_earlier(e)
        return linked

    def _absorb_earlier(self, full: Entity) -> None:
        """``full`` arrived with names that earlier partial-name entities go by: each such
        entity that ``full`` alone could be (what :meth:`_decide` would have linked, had
        ``full`` come first) is merged into it."""
        if not full_name(full):
            return
        own = normalise_name(full.name)
        for alias in full.aliases:
            key = normalise_name(alias)
            if not key or " " in key or key == own:
                continue
            from ..model import entity_id

            partial_id = entity_id(full.type, key)
            if partial_id == full.id or partial_id in self._merges:
                continue
            named = {e.id: e for e in self._stored(key) if e.type == full.type}
            named.update(self._seen.get((full.type, key), {}))
            if partial_id not in named:
                continue
            others = set(named) - {partial_id, full.id}
            if others:
                continue  # ambiguous: two entities go by this name
            self._merges[partial_id] = full
            self._forget(partial_id, full)

    def _forget(self, old: str, into: Entity) -> None:
        """After ``old`` is merged into ``into``, no index of this run names ``old``."""
        for bucket in self._seen.values():
            if old in bucket:
                del bucket[old]
                bucket.setdefault(into.id, into)
        for key, found in list(self._looked_up.items()):
            if any(e.id == old for e in found):
                self._looked_up[key] = tuple(e for e in found if e.id != old) + tuple(
                    () if any(e.id == into.id for e in found) else (into,))
        self._remembered.pop(old, None)
        self._decided.pop(old, None)


_NEVER_GROWS: dict[str, Entity] = {}  # the bucket of full names: never written to


def full_name(e: Entity) -> bool:
    """Whether an entity is named in two words or more (a surname alone is not)."""
    return len(e.name.split()) > 1


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
            problems.append(Problem(ProblemKind.SELF_RELATION,
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

