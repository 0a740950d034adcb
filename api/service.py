"""What the routes do, apart from HTTP (no FastAPI here: ``ergraph.open()`` runs the same
code in-process, through :mod:`ergraph.api.operations`): the store opened lazily, queries run in worker
threads within a time budget, and the query helpers built on the ``GraphStore``
protocol (plus the ``network()`` view every backend provides).

Nothing here knows a backend: the same code serves the embedded store and Neo4j.
"""

from __future__ import annotations

import asyncio
import functools
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

import networkx as nx

from ..errors import (
    DocumentError,
    EntityNotFound,
    ErgraphError,
    NotImplementedFeature,
    PayloadTooLarge,
    QueryError,
    QueryTimeout,
    SchemaError,
    StoreUnavailable,
)
from ..graph import algorithms
from ..graph.base import LIMITS, EdgeFilter, GraphStore, close_matches, resolve_entity
from ..model import MODALITIES, Document, Entity, Extraction, Relation, normalise_name
from ..schema import Schema, load_schema
from .settings import Settings

__all__ = ["Runtime", "build_filter", "resolve_param", "search_entities", "entity_detail",
           "find_paths", "neighbors", "relations_between", "document_detail", "ingest",
           "centrality", "communities", "disputes", "timeline", "hidden_denials", "flag_disputes",
           "display_title", "document_summary", "MAX_K"]

T = TypeVar("T")

#: most paths a k-shortest query returns
MAX_K = 20


class Runtime:
    """Per-app state: settings, schema, the store (opened on first use), the worker
    threads, the extractor (created on first POST) and a small analytics cache."""

    def __init__(self, settings: Settings, store: GraphStore | None = None,
                 extractor: Any = None) -> None:
        self.settings = settings
        self._store = store
        self.owns_store = store is None
        if store is not None:
            self.schema: Schema = store.schema
        else:
            self.schema = load_schema(settings.schema_file)
        self._extractor = extractor
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()
        # created on first use and again after close(): an app may be started and
        # stopped several times (test clients run the lifespan per session)
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._cache_graph: Any = None
        self._cache_version: Any = None
        self._cache: dict[tuple[Any, ...], Any] = {}

    # -- store and extractor ----------------------------------------------------------
    @property
    def store_uri(self) -> str:
        from ..graph import redact_uri

        return redact_uri(self._store.uri if self._store is not None else self.settings.store)

    def store(self) -> GraphStore:
        """The store, opened on first use; 503 (``StoreUnavailable``) when it cannot be."""
        if self._store is not None:
            return self._store
        with self._lock:
            if self._store is None:
                from ..graph import open_store, redact_uri

                uri = self.settings.store
                try:
                    self._store = open_store(uri, schema=self.schema)
                except StoreUnavailable:
                    raise
                except (ErgraphError, OSError, ImportError) as exc:
                    msg = getattr(exc, "message", None) or type(exc).__name__
                    raise StoreUnavailable(f"cannot open store {redact_uri(uri)}: {msg}",
                                           store=redact_uri(uri)) from None
        return self._store

    def extractor(self) -> Any:
        if self._extractor is None:
            with self._lock:
                if self._extractor is None:
                    from ..loaders import default_extractor

                    self._extractor = default_extractor(schema=self.schema)
        return self._extractor

    #: worker threads per pool; heavy analytics (centrality, communities) get their own
    #: thread so they never starve path and neighbourhood queries; one writer thread
    def _pool(self, name: str) -> ThreadPoolExecutor:
        pool = self._pools.get(name)
        if pool is None:
            with self._lock:
                pool = self._pools.get(name)
                if pool is None:
                    size = self.settings.query_workers if name == "query" else 1
                    pool = ThreadPoolExecutor(size, thread_name_prefix=f"ergraph-{name}")
                    self._pools[name] = pool
        return pool

    def close(self) -> None:
        with self._lock:
            pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        if self.owns_store and self._store is not None:
            self._store.close()
            self._store = None

    # -- running work -----------------------------------------------------------------
    async def query(self, fn: Callable[..., T], *args: Any, analytics: bool = False,
                    **kwargs: Any) -> T:
        """Run ``fn`` in a worker thread; past the time budget answer 504.

        A thread cannot be killed: a query that overruns finishes in the background
        (its result is dropped, or cached for analytics). The pools are bounded, so
        overruns queue up behind each other instead of multiplying."""
        loop = asyncio.get_running_loop()
        pool = self._pool("analytics" if analytics else "query")
        budget = self.settings.query_timeout
        fut = loop.run_in_executor(pool, functools.partial(fn, *args, **kwargs))
        try:
            return await asyncio.wait_for(fut, budget)
        except TimeoutError:
            raise QueryTimeout(
                f"the query ran past its time budget of {budget:g} s; narrow it "
                "(fewer hops, a type filter, a smaller limit)", budget_seconds=budget,
            ) from None

    async def on_store(self, fn: Callable[..., T], *args: Any, analytics: bool = False,
                       **kwargs: Any) -> T:
        """``fn(store, *args)`` in one worker-thread trip (the store opened there if need
        be), within the time budget."""
        def call() -> T:
            return fn(self.store(), *args, **kwargs)

        return await self.query(call, analytics=analytics)

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a write in the single writer thread (no time budget: a write, once
        started, is completed rather than abandoned)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool("write"),
                                          functools.partial(fn, *args, **kwargs))

    def cached(self, G: Any, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Memoise an analytics result for the current graph view (a new view, made
        after a write, empties the cache)."""
        # the view is updated in place by writes: its version says when it changed
        version = getattr(G, "graph", {}).get("version")
        with self._lock:
            if self._cache_graph is not G or self._cache_version != version:
                self._cache_graph, self._cache_version, self._cache = G, version, {}
            if key in self._cache:
                return self._cache[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if self._cache_graph is G and self._cache_version == version:
                self._cache[key] = value
        return value


# -- parameters ---------------------------------------------------------------------------
def split_list(values: Iterable[str] | None) -> list[str]:
    """``?types=A&types=B`` and ``?types=A,B`` alike."""
    out: list[str] = []
    for v in values or ():
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def build_filter(schema: Schema, types: Iterable[str] | None, modalities: Iterable[str] | None,
                 since: str | None = None, until: str | None = None) -> EdgeFilter:
    """``EdgeFilter.build`` with API-shaped errors (422 naming the parameter)."""
    try:
        where = EdgeFilter.build(schema, split_list(types), split_list(modalities), since, until)
    except SchemaError as exc:
        raise QueryError(exc.message, param="types", known=list(schema.relation_types)) \
            from None
    except QueryError as exc:
        param = "modalities" if "modality" in exc.details else exc.details.get("field", "")
        raise QueryError(exc.message, param=param, **exc.details) from None
    if since and until and since > until:
        raise QueryError(f"since ({since}) is after until ({until})", param="since")
    return where


def check_entity_type(schema: Schema, type_: str | None) -> str | None:
    if not type_:
        return None
    try:
        return schema.check_entity_type(type_)
    except SchemaError as exc:
        raise QueryError(exc.message, param="type", known=list(schema.entity_types)) from None


def resolve_param(store: GraphStore, value: str, param: str) -> Entity:
    """``resolve_entity`` whose 404 / 409 say which parameter they are about."""
    try:
        return resolve_entity(store, value)
    except ErgraphError as exc:
        exc.details["param"] = param
        raise


def network_of(store: GraphStore) -> nx.MultiDiGraph:
    """The store's networkx view (``GraphStore.network``: built once, kept current by the
    store's writes), for the analytics that need the whole graph."""
    return store.network()


# -- entities -----------------------------------------------------------------------------
def _match_kind(e: Entity, key: str) -> str:
    names = [normalise_name(n) for n in e.names()]
    if key in names:
        return "exact"
    if any(n.startswith(key) or f" {key}" in f" {n}" for n in names):
        return "prefix"
    return "substring"


def search_entities(store: GraphStore, schema: Schema, q: str, type_: str | None, limit: int,
                    offset: int) -> dict[str, Any]:
    """Exact, prefix and substring matches of names and aliases, paginated; on the first
    page, when those do not fill it, close (fuzzy) matches follow."""
    etype = check_entity_type(schema, type_)
    key = normalise_name(q)
    hits = store.search(q, type=etype, limit=limit, offset=offset) if key else []
    results = [{**e.to_dict(), "match": _match_kind(e, key)} for e in hits]
    full = len(hits) == limit
    if key and not full and offset == 0:
        extra = close_matches(store, q, limit - len(hits), etype, {e.id for e in hits})
        results += [{**e.to_dict(), "match": "fuzzy"} for e in extra]
    return {"query": q, "type": etype, "limit": limit, "offset": offset,
            "count": len(results), "next_offset": offset + limit if full else None,
            "results": results}


def entity_detail(store: GraphStore, name_or_id: str) -> dict[str, Any]:
    e = resolve_param(store, name_or_id, "id")
    conn = store.connections(e.id)  # counted where the data is (SQL / Cypher)
    counts = conn["relation_counts"]
    negated = conn["negated_relations"]
    docs = store.entity_documents(e.id)
    return {
        **e.to_dict(),
        "names": list(e.names()),
        "degree": sum(counts.values()),
        "relation_counts": dict(sorted(counts.items())),
        "negated_relations": negated,
        "documents_total": len(docs),
        "documents": [document_summary(d) for d in docs[:100]],
    }


# -- traversals ---------------------------------------------------------------------------
def flag_disputes(store: GraphStore, relations: Iterable[dict[str, Any]]) -> None:
    """Set ``disputed`` on relation answers (``Relation.to_dict()``) from all of each
    relation's stored evidence, whatever the query's filter kept (by default the denials
    are left out, and with them the sign of a dispute): one bounded store query
    (:meth:`GraphStore.relation_modalities`). ``denied`` still says that every piece of
    evidence given denies it; the hidden evidence itself is not added."""
    rels = list(relations)
    if not rels:
        return
    mods = store.relation_modalities(
        Relation(d["id"], d["source"], d["type"], d["target"]) for d in rels)
    for d in rels:
        m = mods.get(d["id"])
        if m is not None:
            d["disputed"] = "negated" in m and len(m) > 1


def neighbors(store: GraphStore, name_or_id: str, depth: int, where: EdgeFilter, limit: int
              ) -> dict[str, Any]:
    """The neighbourhood, its relations flagged ``disputed`` from all their evidence, and
    ``hidden_denials``: how many relations of the centre the filter left out as only
    denied (0 when it shows denials)."""
    center = resolve_param(store, name_or_id, "id")
    sub = store.neighbors(center.id, depth=depth, where=where, limit=limit)
    out = {**sub.to_dict(), "depth": depth}
    flag_disputes(store, out["relations"])
    out["hidden_denials"] = hidden_denials(store, center.id, where)
    return out


def _filtered(rel: Relation, where: EdgeFilter) -> Relation:
    return replace(rel, evidence=tuple(
        e for e in rel.evidence if where.evidence_ok(e.modality, e.document_date)))


def find_paths(store: GraphStore, source: str, target: str, max_hops: int, where: EdgeFilter,
               directed: bool, k: int, all_shortest: bool, limit: int) -> dict[str, Any]:
    """Paths between two entities by name or id: the store's own path methods (the same
    engine the CLI, the client and the pages run)."""
    a = resolve_param(store, source, "source")
    b = resolve_param(store, target, "target")
    if k > 1:
        paths = store.k_shortest_paths(a.id, b.id, min(k, MAX_K), max_hops=max_hops,
                                       where=where, directed=directed)
        mode = "k_shortest"
    else:
        paths = store.shortest_paths(a.id, b.id, max_hops=max_hops, where=where,
                                     all_shortest=all_shortest, directed=directed, limit=limit)
        mode = "all_shortest" if all_shortest else "shortest"
    out = [p.to_dict() for p in paths]
    flag_disputes(store, [r for p in out for r in p["relations"]])
    return {"source": a.to_dict(), "target": b.to_dict(), "mode": mode, "max_hops": max_hops,
            "directed": directed, "count": len(paths), "paths": out}


def relations_between(store: GraphStore, schema: Schema, source: str | None, target: str | None,
                      where: EdgeFilter, limit: int) -> dict[str, Any]:
    """Relations from ``source`` and/or to ``target`` of the filter's ``types``, each
    with the evidence that passed the filter (``modalities``, ``since``, ``until``);
    relations with none are left out, so denials are not listed unless asked for."""
    a = resolve_param(store, source, "source") if source else None
    b = resolve_param(store, target, "target") if target else None
    include_negated = "negated" in where.modalities
    found: dict[str, Relation] = {}
    for rtype in where.types or (None,):
        for r in store.relations(source=a.id if a else None, target=b.id if b else None,
                                 type=rtype, limit=limit, include_negated=include_negated):
            kept = _filtered(r, where)
            if kept.evidence:
                found[r.id] = kept
    rels = sorted(found.values(), key=lambda r: (r.type, r.source, r.target))[:limit]
    answers = [r.to_dict() for r in rels]
    flag_disputes(store, answers)
    return {"count": len(rels), "relations": answers,
            "entities": _briefs(store, {r.source for r in rels} | {r.target for r in rels})}


def _briefs(store: GraphStore, ids: Iterable[str]) -> list[dict[str, Any]]:
    names: list[dict[str, Any]] = []
    for i in sorted(ids):
        try:
            e = store.get_entity(i)
        except EntityNotFound:
            continue
        names.append({"id": e.id, "name": e.name, "type": e.type})
    return names


# -- disputes and timelines ---------------------------------------------------------------
def _sides(rel: Relation) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the evidence stating ``rel``, the evidence denying it)."""
    return ([e.to_dict() for e in rel.evidence if e.modality != "negated"],
            [e.to_dict() for e in rel.evidence if e.modality == "negated"])


def disputes(store: GraphStore, where: EdgeFilter, limit: int, offset: int
             ) -> dict[str, Any]:
    """Relations asserted (or hedged...) by some evidence and denied by other evidence,
    in the same document or in different ones, within the filter's types and dates;
    ordered by source name, type, target name; paginated (``total`` counts all). Found,
    counted and paged by the store where its data is
    (:meth:`GraphStore.disputed_relations`: SQL, or one Cypher statement on Neo4j), so
    no whole-graph view is built for it."""
    total, rels = store.disputed_relations(where.types, where.since, where.until,
                                           limit=limit, offset=offset)
    out: list[dict[str, Any]] = []
    for rel in rels:
        asserted, denied = _sides(rel)
        out.append({"relation": rel.to_dict(), "asserted": asserted, "denied": denied})
    ids = {r.source for r in rels} | {r.target for r in rels}
    return {"total": total, "limit": limit, "offset": offset, "count": len(out),
            "next_offset": offset + limit if offset + limit < total else None,
            "disputes": out, "entities": _briefs(store, ids)}


#: most events a timeline lists
MAX_EVENTS = 1000


def timeline(store: GraphStore, name_or_id: str, where: EdgeFilter, limit: int
             ) -> dict[str, Any]:
    """An entity's relations ordered by document date (undated last): one event per
    relation and document, with that document's evidence; ``periods`` counts the dated
    events per month (``YYYY-MM``) over all of them, ``events`` lists the first
    ``limit``."""
    e = resolve_param(store, name_or_id, "id")
    include_negated = "negated" in where.modalities
    rels: dict[str, Relation] = {}
    capped = False
    for side in ("source", "target"):
        ends: dict[str, Any] = {side: e.id}
        found = store.relations(**ends, limit=LIMITS["limit"],
                                include_negated=include_negated)
        capped = capped or len(found) >= LIMITS["limit"]
        for r in found:
            if where.type_ok(r.type):
                rels[r.id] = r
    others: dict[str, Entity | None] = {}

    def other_of(r: Relation) -> dict[str, Any] | None:
        oid = r.target if r.source == e.id else r.source
        if oid not in others:
            try:
                others[oid] = store.get_entity(oid)
            except EntityNotFound:
                others[oid] = None
        o = others[oid]
        return o.to_dict() if o is not None else None

    events: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for r in rels.values():
        by_doc: dict[str, list[Any]] = {}
        for ev in r.evidence:
            if where.evidence_ok(ev.modality, ev.document_date):
                by_doc.setdefault(ev.document_id, []).append(ev)
        for doc_id, evs in by_doc.items():
            date = evs[0].document_date
            one = replace(r, evidence=tuple(evs))
            other = other_of(r)
            key = (date is None, date or "", (other or {}).get("name", ""), r.type, doc_id)
            events.append((key, {"date": date, "document_id": doc_id,
                                 "relation": one.to_dict(), "other": other}))
    events.sort(key=lambda x: x[0])
    flag_disputes(store, [ev["relation"] for _k, ev in events[:limit]])
    periods = Counter(ev["date"][:7] for _k, ev in events if ev["date"])
    return {"entity": e.to_dict(),
            "periods": [{"period": p, "count": n} for p, n in sorted(periods.items())],
            "undated": sum(1 for _k, ev in events if not ev["date"]),
            "total": len(events), "truncated": capped or len(events) > limit,
            "events": [ev for _k, ev in events[:limit]]}


def hidden_denials(store: GraphStore, entity_id: str, where: EdgeFilter) -> int:
    """How many relations touching ``entity_id`` (of the filter's types and dates) are
    only denied, and so not shown when negated evidence is not asked for: what the CLI
    names when it hides them, and ``/entities/{id}/neighbors`` answers."""
    if "negated" in where.modalities:
        return 0
    if not where.types and where.since is None and where.until is None:
        # no type or date restriction: counted where the data is (SQL / Cypher)
        return int(store.connections(entity_id)["negated_relations"])
    seen: set[str] = set()
    for side in ("source", "target"):
        ends: dict[str, Any] = {side: entity_id}
        for r in store.relations(**ends, limit=LIMITS["limit"]):
            if r.id in seen or not where.type_ok(r.type):
                continue
            evs = [ev for ev in r.evidence
                   if replace(where, modalities=MODALITIES).evidence_ok(ev.modality,
                                                                        ev.document_date)]
            if evs and all(ev.modality == "negated" for ev in evs):
                seen.add(r.id)
    return len(seen)


# -- documents ----------------------------------------------------------------------------
_HASH_STEM = re.compile(r"(?:\d+_)?[0-9a-f]{12,}")


def unreadable_title(title: str) -> bool:
    """An empty title, or a file stem that is only a hash (``001_ed58398ac473eb24``)."""
    title = title.strip()
    return not title or bool(_HASH_STEM.fullmatch(title))


def display_title(doc: Document) -> str:
    """The document's title; an empty one, or a file stem that is only a hash
    (``001_ed58398ac473eb24``), gives way to the text's first line."""
    if not unreadable_title(doc.title):
        return doc.title
    first = next((line.strip() for line in doc.text.split("\n") if line.strip()), "")
    if not first:
        return doc.title
    return first[:120] + ("\u2026" if len(first) > 120 else "")


def document_summary(doc: Document) -> dict[str, Any]:
    return {**doc.summary(), "title": display_title(doc)}


def document_detail(store: GraphStore, document_id: str) -> dict[str, Any]:
    """A document: its title, date, source, metadata (an e-mail's sender and recipients,
    its attachments or parent, a PDF's page table...) and text, every entity mention, and
    every evidence span extracted from it (offsets of the sentence in the text, and the
    page of a PDF), so a viewer can mark both in place. The evidence is one bounded store
    query (:meth:`GraphStore.document_evidence`), not one per entity mentioned."""
    doc = store.get_document(document_id)
    mentions = store.mentions(document_id)
    known: dict[str, Entity | None] = {}
    for m in mentions:
        if m.entity_id not in known:
            try:
                known[m.entity_id] = store.get_entity(m.entity_id)
            except EntityNotFound:
                known[m.entity_id] = None
    out = []
    for m in mentions:
        e = known[m.entity_id]
        out.append({**m.to_dict(), "name": e.name if e else None, "type": e.type if e else None})
    evidence = [ev.to_dict() for ev in store.document_evidence(document_id, LIMITS["limit"])]
    return {**document_summary(doc), "metadata": dict(doc.metadata), "text": doc.text,
            "mentions": out, "evidence": evidence}


def prepare_documents(items: list[Any], settings: Settings | None = None) -> list[Document]:
    """Validate documents to ingest (batch size and document size when ``settings``
    are given, dates, emptiness) before any work: a POST body's models and the
    in-process client's dicts (``text``, ``title``, ``date``, ``source``) alike."""
    import datetime as dt

    if not items:
        raise QueryError("ingest needs at least one document", field="text")
    if settings is not None and len(items) > settings.max_batch:
        raise PayloadTooLarge(
            f"{len(items)} documents in one request; at most {settings.max_batch}",
            documents=len(items), limit=settings.max_batch)
    docs: list[Document] = []
    for i, item in enumerate(items):
        def field(name: str, default: Any = None, item: Any = item) -> Any:
            if isinstance(item, dict):
                return item.get(name, default)
            return getattr(item, name, default)

        text, title = field("text", ""), field("title", "") or ""
        if not isinstance(text, str):
            raise DocumentError(f"document {i}: text must be a string",
                                index=i, field=f"documents.{i}.text")
        size = len(text.encode("utf-8"))
        if settings is not None and size > settings.max_document_bytes:
            raise PayloadTooLarge(
                f"document {i} ({title or 'untitled'!s:.60}) has {size} bytes; "
                f"at most {settings.max_document_bytes}",
                index=i, bytes=size, limit=settings.max_document_bytes)
        date = field("date")
        if isinstance(date, dt.date):
            date = date.isoformat()
        elif date is not None:
            try:
                ok = len(str(date)) == 10 and bool(dt.date.fromisoformat(str(date)))
            except ValueError:
                ok = False
            if not ok:
                raise QueryError(f"document {i}: date must be YYYY-MM-DD, got {date!r}",
                                 field=f"documents.{i}.date")
            date = str(date)
        doc = Document.from_text(text, title=title, date=date, source=field("source", "") or "")
        if not doc.text:
            raise DocumentError(f"document {i} has no text once blank space is removed",
                                index=i, field=f"documents.{i}.text")
        docs.append(doc)
    return docs


def ingest(store: GraphStore, extractor: Any, docs: list[Document]) -> dict[str, Any]:
    """Extract and store ``docs`` (documents already stored are skipped); answer what
    was extracted from each and the problems met."""
    from ..loaders.ingest import ingest_documents

    # as written: a document of this request settled again replaces its first extraction
    # (earlier documents settled again are the store's business, not this answer's)
    captured: dict[str, Extraction] = {}
    new = {d.id for d in docs} - store.stored_documents(d.id for d in docs)

    def written(ex: Extraction) -> None:
        if ex.document.id in new:
            captured[ex.document.id] = ex

    report = ingest_documents(docs, store, extractor, written=written)
    added = []
    for ex in captured.values():
        names = {e.id: e.name for e in ex.entities}
        added.append({
            "document": ex.document.summary(),
            "entities": [e.to_dict() for e in ex.entities],
            "relations": [{
                "id": r.id, "source": r.source, "source_name": names.get(r.source, r.source),
                "type": r.type, "target": r.target,
                "target_name": names.get(r.target, r.target),
                "modalities": list(r.modalities),
                "sentences": [e.sentence for e in r.evidence],
            } for r in ex.relations],
            "problems": [p.to_dict() for p in ex.problems],
        })
    skipped = [{k: s.get(k) for k in ("id", "title", "date", "source", "reason")}
               for s in report.skipped]
    return {"added": added, "skipped": skipped, "problems": report.extraction_problems,
            "resettled": report.resettled}


# -- analytics ----------------------------------------------------------------------------
def analysis_basis(G: nx.MultiDiGraph) -> dict[str, Any]:
    """What a whole-graph analysis ran over, stated in its answer: the store's networkx
    view (:meth:`GraphStore.network`) held in this process, and its size. On Neo4j that
    view is read from the server into the API process and refused (422) beyond the
    store's ``max_network_edges`` relations: an answer is over the whole graph or there
    is none, never over a part cut short."""
    return {"scope": "whole_graph", "computed_in": "api_process",
            "entities": G.number_of_nodes(), "relations": G.number_of_edges()}


def centrality(store: GraphStore, rt: Runtime, metric: str, where: EdgeFilter, limit: int
               ) -> dict[str, Any]:
    G = network_of(store)
    try:
        top = rt.cached(G, ("central", metric, where, limit),
                        lambda: algorithms.centrality(G, metric, where, limit))
    except ModuleNotFoundError as exc:  # networkx's pagerank needs scipy
        raise NotImplementedFeature(
            f"{metric} needs the {exc.name} package, which is not installed",
            metric=metric, package=exc.name) from None
    nodes = G.nodes
    results = [{"id": n, "name": nodes[n].get("name", ""), "type": nodes[n].get("type", ""),
                "score": float(score)} for n, score in top]
    return {"metric": metric, "count": len(results), "results": results,
            "basis": rt.cached(G, ("basis",), lambda: analysis_basis(G))}


def communities(store: GraphStore, rt: Runtime, where: EdgeFilter, limit: int,
                member_limit: int) -> dict[str, Any]:
    G = network_of(store)
    parts = rt.cached(G, ("communities", where, limit),
                      lambda: algorithms.communities(G, where, limit))
    nodes = G.nodes
    out = []
    for part in parts:
        members = sorted(({"id": n, "name": nodes[n].get("name", ""),
                           "type": nodes[n].get("type", "")} for n in part),
                         key=lambda m: (m["name"], m["id"]))
        out.append({"size": len(part), "members": members[:member_limit]})
    return {"count": len(out), "communities": out,
            "basis": rt.cached(G, ("basis",), lambda: analysis_basis(G))}
