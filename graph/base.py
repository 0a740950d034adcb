"""The ``GraphStore`` protocol every backend implements, and the result types it returns.

Backends: :mod:`ergraph.graph.sqlite` (embedded, the default; also the library's test
double on an in-memory database) and :mod:`ergraph.graph.neo4j`. One behaviour suite
(``tests/test_store_contract.py``) runs against each.

Filter semantics shared by every backend
----------------------------------------
An edge can be traversed when at least one of its evidence records has a modality in
``modalities`` (default: asserted, hedged, hypothetical - never negated) and, when
``since``/``until`` are given, comes from a document dated within them (undated
documents then do not count). Relations returned by a query carry only the evidence
that passed the filter, so what you see is what made the edge count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import AmbiguousName, EntityNotFound, QueryError
from ..model import (
    MODALITIES,
    POSITIVE_MODALITIES,
    Document,
    Entity,
    Extraction,
    Mention,
    OpenName,
    Relation,
)
from ..schema import Schema

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "GraphStore",
    "EdgeFilter",
    "Path",
    "Subgraph",
    "DocumentEvidence",
    "LIMITS",
    "bounded",
    "resolve_entity",
    "close_matches",
    "new_documents",
    "merge_plan",
]

#: Hard ceilings; every query is clamped or refused beyond these.
LIMITS = {
    "max_hops": 6,
    "depth": 3,
    "limit": 1000,
    "paths": 100,
    "search": 1000,
}


def bounded(value: int, limit: str) -> int:
    """``value`` clamped to 1..``LIMITS[limit]``: the one place every backend applies
    the ceilings, so a query is never unbounded whichever store answers it."""
    return max(1, min(value, LIMITS[limit]))


@dataclass(frozen=True, slots=True)
class EdgeFilter:
    """Which edges a traversal may use (see module docstring)."""

    types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = POSITIVE_MODALITIES
    since: str | None = None
    until: str | None = None

    @classmethod
    def build(
        cls,
        schema: Schema,
        types: Iterable[str] | None = None,
        modalities: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> EdgeFilter:
        t = schema.check_relation_types(tuple(types or ()))
        mods = tuple(m.lower() for m in (modalities or ()))
        bad = [m for m in mods if m not in MODALITIES]
        if bad:
            raise QueryError(
                f"unknown modality {bad[0]!r}; known: {', '.join(MODALITIES)}", modality=bad[0]
            )
        for name, value in (("since", since), ("until", until)):
            if value is not None and not _is_iso_date(value):
                raise QueryError(f"{name} must be a date YYYY-MM-DD, got {value!r}", field=name)
        return cls(types=tuple(sorted(set(t))), modalities=tuple(sorted(set(mods)))
                   or POSITIVE_MODALITIES, since=since, until=until)

    def evidence_ok(self, modality: str, date: str | None) -> bool:
        if modality not in self.modalities:
            return False
        if self.since is None and self.until is None:
            return True
        if date is None:
            return False
        if self.since is not None and date < self.since:
            return False
        return not (self.until is not None and date > self.until)

    def type_ok(self, type_: str) -> bool:
        return not self.types or type_ in self.types


def _is_iso_date(value: str) -> bool:
    import datetime as _dt

    try:
        _dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


@dataclass(frozen=True, slots=True)
class Path:
    """``nodes[i]`` and ``nodes[i+1]`` are joined by ``relations[i]`` (in either direction)."""

    nodes: tuple[Entity, ...]
    relations: tuple[Relation, ...]

    @property
    def hops(self) -> int:
        return len(self.relations)

    def node_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "hops": self.hops,
            "nodes": [n.to_dict() for n in self.nodes],
            "relations": [r.to_dict() for r in self.relations],
        }


@dataclass(frozen=True, slots=True)
class Subgraph:
    """Entities and the relations among them; ``truncated`` says a limit cut it short."""

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    center: str | None = None
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "truncated": self.truncated,
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            **self.extra,
        }


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    """One evidence sentence of a document, with the relation it supports and the names
    of its ends (:meth:`GraphStore.document_evidence`). ``page``: the page of a paged
    document (PDF) the sentence starts on, else None."""

    relation_id: str
    type: str
    source: str
    target: str
    source_name: str
    target_name: str
    symmetric: bool
    sentence: str
    start: int
    end: int
    modality: str
    page: int | None = None

    def sort_key(self) -> tuple[int, int, str, str, str, str, str]:
        """By offset, then type and names: the order a document's evidence is listed in."""
        return (self.start, self.end, self.type, self.source_name, self.target_name,
                self.relation_id, self.modality)

    def to_dict(self) -> dict[str, Any]:
        return {"relation_id": self.relation_id, "start": self.start, "end": self.end,
                "sentence": self.sentence, "modality": self.modality, "type": self.type,
                "source": self.source, "target": self.target,
                "source_name": self.source_name, "target_name": self.target_name,
                "symmetric": self.symmetric,
                **({"page": self.page} if self.page is not None else {})}


@runtime_checkable
class GraphStore(Protocol):
    """What every store backend offers - the whole contract: the CLI, the client, the API,
    the pages and the loaders call these methods and no others, and
    ``tests/test_store_contract.py`` runs each of them on every backend (a test there
    fails when a method has no contract test). Path searches and neighbourhoods are the
    algorithms of :mod:`.algorithms`, run by the store where its data lives (SQLite's
    indexes and cached adjacency; Neo4j's server), so every caller runs the same engine.
    """

    uri: str
    schema: Schema

    def close(self) -> None: ...

    # -- writes -------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool: ...

    def stored_documents(self, document_ids: Iterable[str]) -> set[str]:
        """Which of these document ids the store holds (one round trip per few hundred
        ids: what an ingest asks before extracting a whole folder)."""
        ...

    def write(self, extraction: Extraction) -> bool:
        """Store one document with its entities, mentions, relations and evidence as one
        transaction. Returns False (and changes nothing) when the document is there."""
        ...

    def write_many(self, extractions: Iterable[Extraction]) -> list[bool]:
        """Write several documents in one transaction; True for each one added (a document
        already stored, or repeated in the batch, is skipped as :meth:`write` does)."""
        ...

    def merge_entities(self, mapping: dict[str, Entity]) -> int:
        """Merge each entity ``old id -> target`` into its target, in one transaction: the
        target is created if new and gains the old entity's names as aliases; mentions,
        relations and evidence move to it (relation and evidence ids re-derived; a
        relation joining the target to itself is dropped); the old entity is deleted.
        Returns how many entities were merged away (``loaders.linking``)."""
        ...

    def delete_document(self, document_id: str) -> bool:
        """Remove a document, its mentions, evidence and open names; drop relations left
        without evidence and entities left without mentions. False if it was not there."""
        ...

    def open_name_documents(self, keys: Iterable[str]) -> dict[str, tuple[OpenName, ...]]:
        """The stored documents that left one of these name keys open
        (:attr:`~ergraph.model.Extraction.open_names`, written with the document), each
        with all its open names: what :mod:`ergraph.loaders.settling` re-examines when
        the store learns a name's type. One round trip per few hundred keys."""
        ...

    def clear(self) -> None: ...

    # -- reads --------------------------------------------------------------------
    def get_document(self, document_id: str) -> Document: ...

    def documents(self, limit: int = 100, offset: int = 0) -> list[Document]: ...

    def mentions(self, document_id: str) -> list[Mention]: ...

    def document_evidence(self, document_id: str, limit: int = 1000
                          ) -> list[DocumentEvidence]:
        """The evidence sentences taken from one document (every modality), each with
        its relation's id, type and ends (names: an end's id when it is not stored) and
        its page (a PDF's), in one bounded query: at most ``limit`` (clamped to
        ``LIMITS["limit"]``), the first by (start, end, relation id, modality), listed by
        :meth:`DocumentEvidence.sort_key`. Empty for a document not stored."""
        ...

    def get_entity(self, entity_id: str) -> Entity: ...

    def lookup(self, name: str) -> list[Entity]:
        """Entities whose name or an alias equals ``name`` (normalised, case-insensitive)."""
        ...

    def search(
        self, query: str, type: str | None = None, limit: int = 20, offset: int = 0
    ) -> list[Entity]:
        """Exact name/alias matches first, then prefix, then substring; ordered, paginated."""
        ...

    def entity_documents(self, entity_id: str) -> list[Document]: ...

    def relations(
        self,
        source: str | None = None,
        target: str | None = None,
        type: str | None = None,
        limit: int = 100,
        include_negated: bool = True,
    ) -> list[Relation]: ...

    def relation_modalities(self, relations: Iterable[Relation]) -> dict[str, tuple[str, ...]]:
        """The modalities of all the stored evidence of each of these relations (by id,
        sorted), whatever filter left evidence out of them: what says a relation is denied
        or disputed. Relations not stored are left out."""
        ...

    def disputed_relations(
        self,
        types: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[Relation]]:
        """Relations (of ``types``; every type when empty) that some evidence denies and
        other evidence states (asserts, hedges...), counting only evidence from documents
        dated within ``since``/``until`` when either is given: ``(how many in all, the page
        at offset of at most limit)``, ordered by source name, type, target name and id,
        each with its evidence within the dates. Found where the data is (one bounded
        query); ``limit`` is clamped to ``LIMITS["limit"]``."""
        ...

    def connections(self, entity_id: str) -> dict[str, Any]:
        """The entity's relations counted by type: ``relation_counts`` (those traversable
        by the default filter) and ``negated_relations`` (those only denied). Raises
        :class:`EntityNotFound`."""
        ...

    def neighbors(
        self, entity_id: str, depth: int = 1, where: EdgeFilter | None = None, limit: int = 100
    ) -> Subgraph:
        """Entities within ``depth`` hops (:func:`.algorithms.ranked_levels`: at most
        ``limit``, closest first) and the allowed relations among them."""
        ...

    def shortest_paths(
        self,
        source_id: str,
        target_id: str,
        max_hops: int = 4,
        where: EdgeFilter | None = None,
        all_shortest: bool = False,
        directed: bool = False,
        limit: int = 10,
    ) -> list[Path]:
        """Shortest paths of at most ``max_hops`` (:func:`.algorithms.shortest_node_paths`:
        one, or with ``all_shortest`` up to ``limit``, in the same order on every
        backend). Raises :class:`EntityNotFound` for an unknown end."""
        ...

    def k_shortest_paths(
        self,
        source_id: str,
        target_id: str,
        k: int,
        max_hops: int = 4,
        where: EdgeFilter | None = None,
        directed: bool = False,
    ) -> list[Path]:
        """Up to ``k`` loop-free paths in order of length, none longer than ``max_hops``
        (:func:`.algorithms.k_shortest_node_paths`, over the region around the source)."""
        ...

    def paths_from_nodes(self, seqs: list[list[str]], where: EdgeFilter, directed: bool
                         ) -> list[Path]:
        """Node sequences as :class:`Path` objects: per hop the allowed relation
        :func:`.algorithms.best_edge` picks, with only the evidence that passes ``where``."""
        ...

    def network(self) -> nx.MultiDiGraph:
        """The whole graph as the networkx view of :mod:`.view` (for analytics and the
        whole-graph page), cached and shared: treat it as read-only."""
        ...

    def stats(self) -> dict[str, Any]: ...

    def dump(self) -> Iterator[dict[str, Any]]:
        """Every document, entity, mention and relation (with evidence) as JSON records."""
        ...

    def load(self, records: Iterable[dict[str, Any]]) -> dict[str, int]:
        """Load records produced by :meth:`dump` (any backend); returns counts by kind."""
        ...


def new_documents(batch: list[Extraction], present: set[str]
                  ) -> tuple[list[bool], list[Extraction]]:
    """What ``write_many`` writes of ``batch``: (True for each extraction added, the
    extractions to add) - a document in ``present`` (the stored ones) or repeated in the
    batch is skipped. ``present`` gains the added ids."""
    written: list[bool] = []
    fresh: list[Extraction] = []
    for ex in batch:
        if ex.document.id in present:
            written.append(False)
            continue
        present.add(ex.document.id)
        written.append(True)
        fresh.append(ex)
    return written, fresh


def merge_plan(schema: Schema, mapping: dict[str, Entity]
               ) -> tuple[dict[str, Entity], dict[str, str]]:
    """What ``merge_entities`` merges: the mapping without entities merged into
    themselves, its target types whitelisted, and ``old id -> target id``."""
    mapping = {old: t for old, t in mapping.items() if old != t.id}
    for t in {e.type for e in mapping.values()}:
        schema.check_entity_type(t)
    return mapping, {old: t.id for old, t in mapping.items()}


def entity_brief(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type}


def resolve_entity(store: GraphStore, name_or_id: str) -> Entity:
    """An entity by id, or by a name or alias that names exactly one entity.

    Raises :class:`EntityNotFound` (with close matches) or :class:`AmbiguousName`
    (with the candidates)."""
    text = (name_or_id or "").strip()
    if not text:
        raise QueryError("an entity name or id is required", field="name")
    if text.startswith("e") and len(text) == 17:
        try:
            return store.get_entity(text)
        except EntityNotFound:
            pass
    found = store.lookup(text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        # A name that is the *canonical name* of exactly one entity wins over aliases.
        from ..model import normalise_name

        canonical = [e for e in found if normalise_name(e.name) == normalise_name(text)]
        if len(canonical) == 1:
            return canonical[0]
        raise AmbiguousName(text, [entity_brief(e) for e in found])
    close = store.search(text, limit=5) or close_matches(store, text)
    raise EntityNotFound(text, [entity_brief(e) for e in close])


def close_matches(store: GraphStore, query: str, n: int = 5, type: str | None = None,
                  exclude: Iterable[str] = ()) -> list[Entity]:
    """Entities whose name or an alias is close to ``query`` by edit similarity (ratio
    >= 0.6), best first. Bounded: candidates come from at most six store searches of 200
    for 3-letter pieces of the query's longest words, so it never scans the store."""
    import difflib

    from ..model import normalise_name

    key = normalise_name(query)
    skip = set(exclude)
    pieces: list[str] = []
    for token in sorted(key.split(), key=len, reverse=True)[:3]:
        for piece in (token[:3], token[-3:]):
            if len(piece) >= 2 and piece not in pieces:
                pieces.append(piece)
    seen: dict[str, Entity] = {}
    for piece in pieces:
        for e in store.search(piece, type=type, limit=200):
            if e.id not in skip:
                seen.setdefault(e.id, e)
    scored: list[tuple[float, str, Entity]] = []
    for e in seen.values():
        best = max(difflib.SequenceMatcher(None, key, normalise_name(name)).ratio()
                   for name in e.names())
        if best >= 0.6:
            scored.append((-best, e.name, e))
    scored.sort(key=lambda s: (s[0], s[1], s[2].id))
    return [s[2] for s in scored[:n]]
