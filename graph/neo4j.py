"""The Neo4j backend: the :class:`~ergraph.graph.base.GraphStore` contract over Bolt.

Storage model
-------------
* ``(:Entity:<Label> {id, name, type, name_norm})`` - the second label comes from
  ``schema.entities[T].label`` (``Person``, ``State``, ``Organization``) and is written as
  static query text, one statement per type.
* ``(:Name {norm})<-[:NAMED {text}]-(:Entity)`` - one ``Name`` node per normalised name or
  alias. Lookups are a seek on the unique ``Name.norm``; search (a substring of
  ``norm``) uses a text index (``CONTAINS`` by index, same answers as the embedded store;
  a full-text index would tokenise and answer differently). ``MERGE … ON CREATE SET
  text`` keeps the first spelling per (entity, normalised name), exactly like the
  embedded store's ``INSERT OR IGNORE``. Constraints and indexes are created at connect
  (``IF NOT EXISTS``; setup waits for them to be online).
* ``(:Document {id, title, date, source, text, metadata, pages, ev_sources})-[:MENTIONS {start, end, text}]->(:Entity)``
  - ``metadata`` the document's metadata as JSON text (bounded, :func:`.records.metadata_json`),
  ``pages`` its page table (a PDF's; ``[]`` otherwise) as a list, so that evidence read
  back gets its page without the metadata being parsed. Documents written before these
  properties existed read as having no metadata and no pages.
* ``(:Entity)-[:<TYPE> {id, symmetric, ev_*}]->(:Entity)`` - one relationship per relation,
  type from the schema whitelist, symmetric relations stored once with ordered ends.

Why evidence lives on the relationship (parallel lists ``ev_id``, ``ev_document``,
``ev_sentence``, ``ev_start``, ``ev_end``, ``ev_modality``, ``ev_extractor``,
``ev_confidence``, ``ev_trigger``, ``ev_date``) rather than in evidence nodes: whether an
edge may be traversed depends only on its evidence (modality, document date), and with
the evidence on the relationship that test is a predicate over the relationship itself,
evaluated while expanding, with no sub-query per edge - and one record carries an edge
with everything needed to list its sentences. The document date is copied into
``ev_date`` (``''`` when undated; lists cannot hold nulls) because documents are immutable
(the id is the hash of the text). Each document keeps ``ev_sources``, the source entities
of relations it gives evidence for, so deleting it finds its evidence by index seeks
instead of a scan of every relationship.

Paths: Neo4j's own search first. ``SHORTEST_NODE_PATHS`` is an ``ALL SHORTEST``
quantified path pattern with the direction and evidence tests inside the pattern, so
they apply while searching: a disallowed shortest path is skipped and a longer allowed
one found (checked on every pair of the contract world under four filters, 288/288
identical to the per-level search). Its answers must equal the embedded store's,
tie-breaking included, and the embedded tie-break is the order in which
:func:`.algorithms.bidirectional_node_paths` enumerates paths from where its two
frontiers met. So: no path, or no more shortest node sequences than asked for, is
answered directly; a tie is broken by replaying that enumeration on the shortest-path
DAG for every possible meeting point (:func:`_same_for_every_meet`) - one answer for
all of them is the answer; otherwise (the answer depends on frontier sizes in the whole
graph) the per-level search runs: one parameterised ``EXPAND`` statement per level, at
most ``max_hops`` round trips, the same search as the embedded store. Measured by
``bench/neo4j_bench.py`` (20k entities / 200k relations, 2 shared cores, 100 pairs,
max_hops 4; node sequences only, p50 / p99 ms; answers identical for 100/100):
shortest path 52.0 / 96.7 per-level vs 48.5 / 114.6 native-first (67 pairs tied, the
replay settled 11, 56 still ran the per-level search after Neo4j's); all shortest
(limit 10) 42.5 / 98.7 vs 7.6 / 101.7. Native-first is kept for both: never slower at
the median, 5x faster for all shortest paths, and its path query is one read
transaction (ends, search, evidence) instead of five. The /paths p99 over HTTP is
still above the 50 ms target on this machine (211 ms; p50 71 ms): ties that need the
per-level search and hub frontiers dominate it. Neighbourhoods stay per level (``EXPAND``): they are ranked
breadth-first levels with a limit, which no Cypher path form returns, and a
variable-length expand enumerates paths rather than nodes.

Writes: one document (document, entities, names, mentions, relations, evidence) - or one
batch of them (``write_many``, for ingest) - is one managed write transaction, so
transient errors (deadlocks included) are retried by the driver and any failure rolls
the whole batch back. Rows go in batched ``UNWIND $rows … MERGE`` statements
(``batch_size``), de-duplicated per key first (a later row of one ``UNWIND`` does not see
what an earlier row set) and in key order, so concurrent writers lock shared nodes in
one order. Writers are not serialised: Neo4j makes concurrent ``MERGE`` of one key wait
on its locks (the evidence lists are appended with the relationship write-locked), and a
document created by two writers at once fails the second one's unique constraint, which
re-runs its batch and skips it. Measured (two writer threads, 60 documents of 20
relations over 2000 shared entities): 15.1 documents/s serialised by a lock, 29.9
concurrent, every document stored, no error. Every write bumps a counter node that
invalidates the cached networkx view in every process.
"""

from __future__ import annotations

import functools
import heapq
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import neo4j
import networkx as nx
from neo4j import exceptions as neo4j_errors

from ..errors import (
    DocumentNotFound,
    EntityNotFound,
    ErgraphError,
    QueryError,
    StoreError,
    StoreUnavailable,
)
from ..model import (
    Document,
    Entity,
    Evidence,
    Extraction,
    Mention,
    OpenName,
    Relation,
    normalise_name,
)
from ..schema import Schema, default_schema
from . import algorithms, view
from . import cypher as C
from . import records as codec
from .base import (
    LIMITS,
    DocumentEvidence,
    EdgeFilter,
    Path,
    Subgraph,
    bounded,
    merge_plan,
    new_documents,
)
from .records import sorted_pairs

__all__ = ["Neo4jStore"]

T = TypeVar("T")
Tx = neo4j.ManagedTransaction
PASSWORD_ENV = "ERGRAPH_NEO4J_PASSWORD"
_PAGE = 2000

def _redact(uri: str) -> str:
    from . import redact_uri

    return redact_uri(uri)


class Neo4jStore:
    """:class:`~ergraph.graph.base.GraphStore` on Neo4j 5 (tested on 5.26, started by
    Neo4j's own test harness: ``tests/neo4j_server``).

    ``uri`` is ``neo4j://user@host:7687`` (or ``bolt://…``, ``neo4j+s://…``; a path names
    the database). The password comes from ``password=`` or ``$ERGRAPH_NEO4J_PASSWORD``.
    """

    #: ``native-first`` (Neo4j's ALL SHORTEST, the per-level search for ties) or
    #: ``levels`` (the per-level search only); see the module docstring for the figures
    path_search = "native-first"

    def __init__(
        self,
        uri: str,
        schema: Schema | None = None,
        *,
        password: str | None = None,
        user: str | None = None,
        database: str | None = None,
        batch_size: int = 500,
        connection_timeout: float = 5.0,
        max_retry_time: float = 15.0,
        max_network_edges: int = 2_000_000,
    ) -> None:
        self.schema = schema or default_schema()
        self.uri = _redact(uri)
        parts = urlsplit(uri)
        scheme = parts.scheme.lower()
        from . import NEO4J_SCHEMES

        if scheme not in NEO4J_SCHEMES or not parts.hostname:
            raise StoreUnavailable(f"not a Neo4j URI: {self.uri!r} (use neo4j://user@host:7687)")
        self._user = user or parts.username or "neo4j"
        secret = password or parts.password or os.environ.get(PASSWORD_ENV)
        if not secret:
            raise StoreUnavailable(
                f"cannot open {self.uri}: no password; set {PASSWORD_ENV}")
        self._database = database or parts.path.strip("/") or None
        if batch_size < 1:
            raise StoreError(f"batch_size must be positive, got {batch_size}")
        self.batch_size = int(batch_size)
        self.max_network_edges = int(max_network_edges)
        self._view: nx.MultiDiGraph | None = None
        self._view_key: int | None = None
        self._texts: dict[tuple[Any, ...], str] = {}
        self._closed = False
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        try:
            port = parts.port or 7687
        except ValueError:
            raise StoreUnavailable(f"cannot open {self.uri}: the port is not a number") from None
        target = f"{scheme}://{host}:{port}"
        try:
            self._driver = neo4j.GraphDatabase.driver(
                target, auth=(self._user, secret), connection_timeout=connection_timeout,
                max_transaction_retry_time=max_retry_time,
                connection_acquisition_timeout=max(connection_timeout, 1.0) * 2,
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"cannot open {self.uri}: {_first_line(exc)}") from None
        try:
            with self._guard("connect"):
                self._driver.verify_connectivity()
                self._setup()
        except BaseException:
            self._driver.close()
            raise

    # -- plumbing -----------------------------------------------------------------
    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Driver errors as ergraph errors naming the (redacted) URI, without a trace."""
        if self._closed:
            raise StoreUnavailable(f"{self.uri} is closed")
        try:
            yield
        except ErgraphError:
            raise
        except neo4j_errors.AuthError:
            raise StoreUnavailable(
                f"cannot open {self.uri}: authentication failed for user {self._user!r}"
            ) from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise StoreUnavailable(
                f"cannot reach {self.uri}: server unreachable ({_first_line(exc)})") from None
        except neo4j_errors.Neo4jError as exc:
            code = exc.code or ""
            if "DatabaseNotFound" in code or "Database.DatabaseUnavailable" in code:
                raise StoreUnavailable(
                    f"cannot open {self.uri}: database {self._database!r} is not available"
                ) from None
            raise StoreError(f"{self.uri}: {action} failed: {_first_line(exc)}",
                             code=code) from None
        except neo4j_errors.DriverError as exc:
            raise StoreError(f"{self.uri}: {action} failed: {_first_line(exc)}") from None

    def _text(self, stmt: C.Statement, types: Iterable[str] | None = None,
              type: str | None = None, label_of: str | None = None,
              hops: int | None = None) -> str:
        key = (stmt.name, tuple(sorted(types or ())), type, label_of, hops)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = stmt.render(self.schema, types=types, type=type,
                                                  label_of=label_of, hops=hops)
        return text

    def _run(self, tx: Tx, stmt: C.Statement, *, rel_types: Iterable[str] | None = None,
             rel_type: str | None = None, label_of: str | None = None,
             hops: int | None = None, **params: Any) -> list[dict[str, Any]]:
        text = self._text(stmt, rel_types, rel_type, label_of, hops)
        return [r.data() for r in tx.run(text, stmt.bind(params))]

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database)

    def _read(self, fn: Callable[[Tx], T], action: str = "read") -> T:
        with self._guard(action), self._session() as s:
            return s.execute_read(fn)

    def _write(self, fn: Callable[[Tx], T], action: str = "write") -> T:
        with self._guard(action), self._session() as s:
            return s.execute_write(fn)

    def _query(self, stmt: C.Statement, action: str = "read", **kw: Any
               ) -> list[dict[str, Any]]:
        """One statement in its own read transaction."""
        def work(tx: Tx) -> list[dict[str, Any]]:
            return self._run(tx, stmt, **kw)

        return self._read(work, action)

    def _setup(self) -> None:
        with self._session() as s:
            for stmt in C.SETUP:
                s.run(self._text(stmt)).consume()
            for rel in self.schema.relation_types:
                s.run(self._text(C.INDEX_RELATION_ID, type=rel)).consume()
            s.run(self._text(C.AWAIT_INDEXES), C.AWAIT_INDEXES.bind({"seconds": 300})).consume()

    def _bump(self, tx: Tx) -> None:
        self._run(tx, C.BUMP_VERSION)

    def _batches(self, rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
        for i in range(0, len(rows), self.batch_size):
            yield rows[i:i + self.batch_size]

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        return self._read(lambda tx: self._run(tx, C.DOCUMENT_EXISTS, id=document_id)[0]["n"]
                          > 0)

    def stored_documents(self, document_ids: Iterable[str]) -> set[str]:
        ids = sorted(set(document_ids))
        found: set[str] = set()
        for chunk in _chunks(ids, self.batch_size):
            found.update(r["id"] for r in self._read(
                functools.partial(self._run, stmt=C.STORED_DOCUMENTS, ids=chunk)))
        return found

    def write(self, extraction: Extraction) -> bool:
        return self.write_many([extraction])[0]

    def write_many(self, extractions: Iterable[Extraction]) -> list[bool]:
        """Write several documents in one transaction; True for each one added.

        As :meth:`write`: a document already stored (or repeated in the batch) is skipped,
        and a failure rolls the whole batch back, so no document is ever half written."""
        batch = list(extractions)
        if not batch:
            return []

        def work(tx: Tx) -> list[bool]:
            ids = sorted({x.document.id for x in batch})
            present = {r["id"] for r in self._run(tx, C.STORED_DOCUMENTS, ids=ids)}
            written, fresh = new_documents(batch, present)
            docs: list[dict[str, Any]] = []
            entities: list[Entity] = []
            mentions: list[Mention] = []
            relations: list[Relation] = []
            for x in fresh:
                doc = x.document
                docs.append(_document_row(doc))
                entities.extend(x.entities)
                mentions.extend(Mention(m.entity_id, doc.id, m.start, m.end, m.text)
                                for m in x.mentions)
                relations.extend(x.relations)
            if docs:
                for chunk in self._batches(docs):
                    self._run(tx, C.CREATE_DOCUMENTS, rows=chunk)
                self._write_entities(tx, entities)
                self._write_mentions(tx, mentions)
                self._write_relations(tx, relations, {d["id"]: d["date"] for d in docs})
                open_names = [{"document": x.document.id, "key": n.key, "own": n.own,
                               "told": n.told} for x in fresh for n in x.open_names]
                for chunk in self._batches(open_names):
                    self._run(tx, C.MERGE_OPEN_NAMES, rows=chunk)
                self._bump(tx)
            return written

        action = (f"writing document {batch[0].document.id}" if len(batch) == 1
                  else f"writing {len(batch)} documents")
        for _attempt in range(3):
            try:
                return self._write(work, action)
            except StoreError as exc:
                # Another writer created one of these documents first (two CREATEs of one
                # id: the second waits on the unique index, then fails the constraint):
                # run the batch again, which now skips what the other writer stored.
                if "ConstraintValidationFailed" not in str(exc.details.get("code", "")):
                    raise
        raise StoreError(f"{self.uri}: {action} failed: constraint conflicts with concurrent "
                         "writers")

    def _write_entities(self, tx: Tx, entities: Iterable[Entity]) -> None:
        by_type: dict[str, dict[str, dict[str, Any]]] = {}
        names: dict[tuple[str, str], dict[str, Any]] = {}
        for e in entities:
            kind = self.schema.check_entity_type(e.type)
            by_type.setdefault(kind, {}).setdefault(
                e.id, {"id": e.id, "name": e.name, "type": e.type,
                       "norm": normalise_name(e.name)})
            spellings = [e.name, *(a for a in e.aliases if normalise_name(a))]
            for text in spellings:
                names.setdefault((e.id, normalise_name(text)),
                                 {"id": e.id, "norm": normalise_name(text), "text": text})
        # rows in key order: concurrent writers then lock shared nodes in one order,
        # which keeps Neo4j's deadlock detection (and the driver's retries) rare
        for kind, rows in sorted(by_type.items()):
            for batch in self._batches([rows[k] for k in sorted(rows)]):
                self._run(tx, C.MERGE_ENTITIES, label_of=kind, rows=batch)
        for batch in self._batches([names[k] for k in sorted(names)]):
            self._run(tx, C.MERGE_NAMES, rows=batch)

    def _write_mentions(self, tx: Tx, mentions: Iterable[Mention]) -> None:
        rows: dict[tuple[str, int, int, str], dict[str, Any]] = {}
        for m in mentions:
            rows.setdefault((m.document_id, m.start, m.end, m.entity_id),
                            {"document_id": m.document_id, "entity_id": m.entity_id,
                             "start": m.start, "end": m.end, "text": m.text})
        stored = 0
        for batch in self._batches(list(rows.values())):
            stored += self._run(tx, C.MERGE_MENTIONS, rows=batch)[0]["n"]
        if stored != len(rows):
            raise StoreError(f"{self.uri}: {len(rows) - stored} mention(s) name an entity or "
                             "document that is not stored")

    def _write_relations(self, tx: Tx, relations: Iterable[Relation],
                         dates: dict[str, str | None]) -> None:
        merged: dict[str, tuple[Relation, dict[str, Evidence]]] = {}
        for r in relations:
            rel = self.schema.relation(r.type)  # whitelist
            first, evs = merged.setdefault(r.id, (r, {}))
            if first is r and rel.name != r.type:
                merged[r.id] = (Relation(r.id, r.source, rel.name, r.target, r.symmetric,
                                         r.evidence), evs)
            for e in r.evidence:
                evs.setdefault(e.id, e)
        if not merged:
            return
        cited = sorted({e.document_id for _r, evs in merged.values() for e in evs.values()}
                       - set(dates))
        if cited:
            found = {row["id"]: row["date"]
                     for row in self._run(tx, C.DOCUMENT_DATES, ids=cited)}
            missing = [d for d in cited if d not in found]
            if missing:
                raise StoreError(f"{self.uri}: evidence cites document(s) not stored: "
                                 f"{', '.join(missing[:5])}")
            dates = {**dates, **found}
        by_type: dict[str, list[dict[str, Any]]] = {}
        sources: dict[str, set[str]] = {}
        for r, evs in merged.values():
            ev = list(evs.values())
            by_type.setdefault(r.type, []).append({
                "id": r.id, "source": r.source, "target": r.target,
                "symmetric": bool(r.symmetric),
                "ev_id": [e.id for e in ev],
                "ev_document": [e.document_id for e in ev],
                "ev_sentence": [e.sentence for e in ev],
                "ev_start": [int(e.start) for e in ev],
                "ev_end": [int(e.end) for e in ev],
                "ev_modality": [e.modality for e in ev],
                "ev_extractor": [e.extractor for e in ev],
                "ev_confidence": [float(e.confidence) for e in ev],
                "ev_trigger": [e.trigger for e in ev],
                "ev_date": [dates.get(e.document_id) or "" for e in ev],
            })
            for e in ev:
                sources.setdefault(e.document_id, set()).add(r.source)
        for rel_type, rows in sorted(by_type.items()):
            stored = 0
            rows.sort(key=lambda row: (row["source"], row["target"], row["id"]))
            for batch in self._batches(rows):
                stored += self._run(tx, C.MERGE_RELATIONS, rel_type=rel_type, rows=batch)[0]["n"]
            if stored != len(rows):
                raise StoreError(f"{self.uri}: {len(rows) - stored} {rel_type} relation(s) "
                                 "join entities that are not stored")
        src_rows = [{"document_id": d, "sources": sorted(s)} for d, s in sorted(sources.items())]
        for batch in self._batches(src_rows):
            self._run(tx, C.ADD_EVIDENCE_SOURCES, rows=batch)

    def merge_entities(self, mapping: dict[str, Entity]) -> int:
        """See :meth:`GraphStore.merge_entities`; one write transaction, the same result
        as the embedded store's (the contract suite compares their dumps)."""
        mapping, ids = merge_plan(self.schema, mapping)
        if not mapping:
            return 0
        cap = _MERGE_CAP

        def work(tx: Tx) -> int:
            present = {r["id"] for r in self._run(tx, C.ENTITIES_BY_ID, ids=sorted(ids))}
            olds = [old for old in sorted(mapping) if old in present]
            # every target first: a relation between two merged entities joins targets
            self._write_entities(tx, [mapping[old] for old in olds])
            norms: set[str] = set()
            for old in olds:
                target = mapping[old]
                names = self._run(tx, C.ENTITY_NAMES, id=old)
                for batch in self._batches([{"id": target.id, "norm": n["norm"],
                                             "text": n["text"]} for n in names if n["norm"]]):
                    self._run(tx, C.MERGE_NAMES, rows=batch)
                mentions = self._run(tx, C.ENTITY_MENTIONS, id=old, limit=cap)
                rows = self._run(tx, C.ENTITY_RELATIONS, id=old, limit=cap)
                if len(mentions) >= cap or len(rows) >= cap:
                    raise StoreError(f"{self.uri}: entity {old} has over {cap} mentions or "
                                     "relations; not merged", id=old)
                rels = self._relations(tx, rows)
                by_type: dict[str, list[str]] = {}
                for r in rows:
                    by_type.setdefault(r["type"], []).append(r["id"])
                for rel_type, rids in sorted(by_type.items()):
                    for some in _chunks(rids, self.batch_size):
                        self._run(tx, C.DELETE_RELATIONS, rel_type=rel_type, ids=some)
                moved = []
                for r in rows:
                    rel = rels[r["id"]]
                    src, dst = ids.get(rel.source, rel.source), ids.get(rel.target, rel.target)
                    if src == dst:  # would join the target to itself
                        continue
                    moved.append(Relation.create(src, rel.type, dst, symmetric=rel.symmetric,
                                                 evidence=rel.evidence))
                self._write_mentions(tx, [Mention(target.id, m["document_id"], m["start"],
                                                  m["end"], m["text"]) for m in mentions])
                self._write_relations(tx, moved, {})
                for row in self._run(tx, C.DELETE_ENTITY, id=old):
                    norms.update(n for n in row["norms"] if n is not None)
            for some in _chunks(sorted(norms), self.batch_size):
                self._run(tx, C.DELETE_ORPHAN_NAMES, norms=some)
            if olds:
                self._bump(tx)
            return len(olds)

        return self._write(work, f"merging {len(mapping)} entities")

    def delete_document(self, document_id: str) -> bool:
        def work(tx: Tx) -> bool:
            if not self._run(tx, C.DOCUMENT_EXISTS, id=document_id)[0]["n"]:
                return False
            touched = [r["id"] for r in self._run(tx, C.DOCUMENT_ENTITIES, id=document_id)]
            norms = {r["norm"] for r in self._run(tx, C.DOCUMENT_OPEN_NAMES, id=document_id)}
            self._run(tx, C.REMOVE_DOCUMENT_EVIDENCE, id=document_id)
            self._run(tx, C.DELETE_DOCUMENT, id=document_id)
            self._run(tx, C.DELETE_EMPTY_RELATIONS)
            for batch in _chunks(touched, self.batch_size):
                for row in self._run(tx, C.DELETE_ORPHAN_ENTITIES, ids=batch):
                    norms.update(n for n in row["norms"] if n is not None)
            for batch in _chunks(sorted(norms), self.batch_size):
                self._run(tx, C.DELETE_ORPHAN_NAMES, norms=batch)
            self._bump(tx)
            return True

        return self._write(work, f"deleting document {document_id}")

    def clear(self) -> None:
        for stmt in (C.CLEAR_DOCUMENTS, C.CLEAR_ENTITIES, C.CLEAR_NAMES):
            def step(tx: Tx, s: C.Statement = stmt) -> int:
                return int(self._run(tx, s, batch=10_000)[0]["n"])

            while self._write(step, "clearing the store"):
                pass
        self._write(self._bump, "clearing the store")

    def open_name_documents(self, keys: Iterable[str]) -> dict[str, tuple[OpenName, ...]]:
        out: dict[str, list[OpenName]] = {}
        for chunk in _chunks(sorted(set(keys)), self.batch_size):
            rows = self._read(lambda tx, ks=chunk: self._run(tx, C.OPEN_NAME_DOCUMENTS, keys=ks))
            for r in rows:
                names = out.setdefault(r["document"], [])
                name = OpenName(r["key"], r["own"], r["told"])
                if name not in names:  # a document reached through two keys of a chunk
                    names.append(name)
        return {d: tuple(sorted(names)) for d, names in out.items()}

    # -- documents ----------------------------------------------------------------
    @staticmethod
    def _document(row: dict[str, Any]) -> Document:
        return Document(id=row["id"], text=row["text"], title=row["title"] or "",
                        date=row["date"], source=row["source"] or "",
                        metadata=codec.metadata_from_json(row.get("metadata")))

    def get_document(self, document_id: str) -> Document:
        rows = self._read(lambda tx: self._run(tx, C.GET_DOCUMENT, id=document_id))
        if not rows:
            raise DocumentNotFound(f"no document with id {document_id!r}", id=document_id)
        return self._document(rows[0])

    def documents(self, limit: int = 100, offset: int = 0) -> list[Document]:
        limit = max(0, min(limit, LIMITS["limit"]))
        rows = self._read(lambda tx: self._run(tx, C.LIST_DOCUMENTS, limit=limit,
                                               offset=max(0, offset)))
        return [self._document(r) for r in rows]

    def mentions(self, document_id: str) -> list[Mention]:
        rows = self._read(lambda tx: self._run(tx, C.DOCUMENT_MENTIONS, id=document_id))
        return [Mention(r["entity_id"], document_id, r["start"], r["end"], r["text"])
                for r in rows]

    def document_evidence(self, document_id: str, limit: int = 1000
                          ) -> list[DocumentEvidence]:
        """See :meth:`GraphStore.document_evidence`: one statement from the document's
        ``ev_sources`` (and its page table), in one read transaction."""
        limit = bounded(limit, "limit")

        def work(tx: Tx) -> tuple[list[int], list[dict[str, Any]]]:
            found = self._run(tx, C.DOCUMENT_PAGES, id=document_id)
            if not found:
                return [], []
            pages = codec.page_table({"pages": found[0]["pages"]})
            return pages, self._run(tx, C.DOCUMENT_EVIDENCE, id=document_id, limit=limit)

        pages, rows = self._read(work)
        out = [DocumentEvidence(
            relation_id=r["relation_id"], type=r["type"], source=r["source"],
            target=r["target"], source_name=r["source_name"] or r["source"],
            target_name=r["target_name"] or r["target"], symmetric=bool(r["symmetric"]),
            sentence=r["sentence"], start=r["start"], end=r["end"], modality=r["modality"],
            page=codec.page_at(pages, r["start"])) for r in rows]
        return sorted(out, key=DocumentEvidence.sort_key)

    # -- entities -----------------------------------------------------------------
    def _entities(self, tx: Tx, ids: Iterable[str]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for chunk in _chunks(sorted(set(ids)), _PAGE):
            for r in self._run(tx, C.ENTITIES_BY_ID, ids=chunk):
                out[r["id"]] = _entity(r)
        return out

    def get_entity(self, entity_id: str) -> Entity:
        found = self._read(lambda tx: self._entities(tx, [entity_id]))
        if entity_id not in found:
            raise EntityNotFound(entity_id)
        return found[entity_id]

    def lookup(self, name: str) -> list[Entity]:
        key = normalise_name(name)

        def work(tx: Tx) -> dict[str, Entity]:
            ids = [r["id"] for r in self._run(tx, C.LOOKUP_NAME, norm=key)]
            return self._entities(tx, ids)

        return sorted(self._read(work).values(), key=lambda e: (e.name, e.id))

    def search(self, query: str, type: str | None = None, limit: int = 20, offset: int = 0
               ) -> list[Entity]:
        key = normalise_name(query)
        limit = max(0, min(limit, LIMITS["search"]))
        if not key:
            return []
        kind = self.schema.check_entity_type(type) if type else None

        def work(tx: Tx) -> list[Entity]:
            ids = [r["id"] for r in self._run(tx, C.SEARCH_ENTITIES, key=key, word=" " + key,
                                               entity_type=kind, limit=limit, offset=max(0, offset))]
            found = self._entities(tx, ids)
            return [found[i] for i in ids if i in found]

        return self._read(work)

    def entity_documents(self, entity_id: str) -> list[Document]:
        rows = self._read(lambda tx: self._run(tx, C.ENTITY_DOCUMENTS, id=entity_id))
        return [self._document(r) for r in rows]

    # -- relations ----------------------------------------------------------------
    def _relations(self, tx: Tx, rows: list[dict[str, Any]], where: EdgeFilter | None = None
                   ) -> dict[str, Relation]:
        """Relation objects from relation rows, evidence completed from its documents and
        (with ``where``) only the evidence that passes the filter."""
        cited = sorted({d for r in rows for d in r["ev_document"]})
        docs: dict[str, tuple[str, str | None, list[int]]] = {}
        for chunk in _chunks(cited, _PAGE):
            for d in self._run(tx, C.DOCUMENT_DATES, ids=chunk):
                docs[d["id"]] = (d["title"] or "", d["date"],
                                 codec.page_table({"pages": d["pages"]}))
        return {r["id"]: _relation(r, docs, where) for r in rows}

    def relations(self, source: str | None = None, target: str | None = None,
                  type: str | None = None, limit: int = 100, include_negated: bool = True
                  ) -> list[Relation]:
        limit = max(0, min(limit, LIMITS["limit"]))
        types = (self.schema.relation(type).name,) if type else ()
        params: dict[str, Any] = {"include_negated": bool(include_negated), "limit": limit}
        if source and target:
            stmt, params = C.RELATIONS_BETWEEN, {**params, "source": source, "target": target}
        elif source:
            stmt, params = C.RELATIONS_FROM, {**params, "source": source}
        elif target:
            stmt, params = C.RELATIONS_TO, {**params, "target": target}
        else:
            stmt = C.RELATIONS_ALL

        def work(tx: Tx) -> list[Relation]:
            rows = self._run(tx, stmt, rel_types=types, **params)
            found = self._relations(tx, rows)
            return [found[r["id"]] for r in rows]

        return self._read(work)

    def relation_modalities(self, relations: Iterable[Relation]) -> dict[str, tuple[str, ...]]:
        """See :meth:`GraphStore.relation_modalities`; per type, over its id index."""
        by_type: dict[str, set[str]] = {}
        for r in relations:
            by_type.setdefault(self.schema.relation(r.type).name, set()).add(r.id)

        def work(tx: Tx) -> dict[str, tuple[str, ...]]:
            out: dict[str, tuple[str, ...]] = {}
            for rtype, ids in sorted(by_type.items()):
                for chunk in _chunks(sorted(ids), _PAGE):
                    for row in self._run(tx, C.RELATION_MODALITIES, rel_type=rtype, ids=chunk):
                        out[row["id"]] = tuple(sorted(set(row["modalities"] or ())))
            return out

        return self._read(work) if by_type else {}

    def disputed_relations(self, types: Iterable[str] = (), since: str | None = None,
                           until: str | None = None, limit: int = 100, offset: int = 0
                           ) -> tuple[int, list[Relation]]:
        """See :meth:`GraphStore.disputed_relations`: found, counted, ordered and paged in
        the server (one statement); only the page crosses the wire."""
        from ..model import MODALITIES

        rtypes = tuple(sorted({self.schema.relation(t).name for t in types}))
        params: dict[str, Any] = {"since": since, "until": until,
                                  "limit": bounded(limit, "limit"), "offset": max(0, offset)}

        def work(tx: Tx) -> tuple[int, list[Relation]]:
            rows = self._run(tx, C.DISPUTED_RELATIONS, rel_types=rtypes, **params)
            page = [r for r in rows if r["id"] is not None]
            found = self._relations(tx, page, EdgeFilter(modalities=MODALITIES, since=since,
                                                         until=until))
            return (int(rows[0]["total"]) if rows else 0), [found[r["id"]] for r in page]

        return self._read(work, "finding disputes")

    # -- the networkx view --------------------------------------------------------
    def _version(self) -> int:
        rows = self._read(lambda tx: self._run(tx, C.GRAPH_VERSION))
        return int(rows[0]["version"]) if rows else 0

    def network(self) -> nx.MultiDiGraph:
        """The whole graph as the networkx view of :mod:`.algorithms`, read in keyset pages
        (refused beyond ``max_network_edges``) and cached until any process writes.
        Treat it as read-only: it is shared by every query in this process."""
        version = self._version()
        if self._view is not None and self._view_key == version:
            return self._view
        nodes: list[view.NodeRow] = []
        edges: list[view.EdgeRow] = []
        after = ""
        while True:
            rows = self._query(C.NETWORK_NODES, "reading the graph", after=after, page=_PAGE)
            nodes += [view.NodeRow(r["id"], r["name"], r["type"]) for r in rows]
            if len(rows) < _PAGE:
                break
            after = rows[-1]["id"]
        after = ""
        while True:
            rows = self._query(C.NETWORK_EDGES, "reading the graph", after=after, page=_PAGE)
            edges += [view.EdgeRow(r["id"], r["node"], r["target"], r["type"],
                                   bool(r["symmetric"]), _ev_pairs(r["modalities"], r["dates"]))
                      for r in rows if r["id"] is not None]
            if len(edges) > self.max_network_edges:
                raise QueryError(f"{self.uri}: the graph has over {self.max_network_edges} "
                                 "relations, more than the networkx view allows "
                                 "(max_network_edges)")
            sources = {r["node"] for r in rows}
            if len(sources) < _PAGE:
                break
            after = max(sources)
        G = view.build_view(nodes, edges)
        self._view, self._view_key = G, version
        return G

    # -- traversal ----------------------------------------------------------------
    def _expand(self, frontier: Iterable[str], direction: str, where: EdgeFilter
                ) -> list[dict[str, Any]]:
        """Allowed neighbours of a frontier, one statement (see module docstring)."""
        nodes = sorted(frontier)
        if not nodes:
            return []

        def work(tx: Tx) -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            for chunk in _chunks(nodes, _PAGE):
                out += self._run(tx, C.EXPAND, rel_types=where.types, frontier=chunk,
                                 direction=direction, modalities=list(where.modalities),
                                 since=where.since, until=where.until)
            return out

        return self._read(work, "expanding a traversal")

    def _among(self, ids: Iterable[str], where: EdgeFilter, tx: Tx | None = None
               ) -> tuple[list[dict[str, Any]], nx.MultiDiGraph]:
        """Relation rows of the allowed types among ``ids``, and them as a networkx view
        (in ``tx`` when given, else in a read transaction of its own)."""
        keep = sorted(set(ids))

        def work(tx: Tx) -> list[dict[str, Any]]:
            return self._run(tx, C.RELATIONS_AMONG, rel_types=where.types, ids=keep)

        rows = work(tx) if tx is not None else self._read(work, "reading relations")
        G = view.build_view((), (view.EdgeRow(r["id"], r["source"], r["target"], r["type"],
                                              bool(r["symmetric"]),
                                              _ev_pairs(r["ev_modality"], r["ev_date"]))
                                 for r in rows))
        G.add_nodes_from(keep)
        return rows, G

    def neighbors(self, entity_id: str, depth: int = 1, where: EdgeFilter | None = None,
                  limit: int = 100) -> Subgraph:
        where = where or EdgeFilter()
        depth = bounded(depth, "depth")
        limit = bounded(limit, "limit")
        self.get_entity(entity_id)  # raises EntityNotFound
        # the same levels as algorithms.neighborhood, each expanded by one statement
        names: dict[str, str] = {}

        def expand(frontier: list[str]) -> Iterator[str]:
            for r in self._expand(frontier, "both", where):
                names[r["neighbour"]] = r["name"] or ""
                yield r["neighbour"]

        order, truncated = algorithms.ranked_levels(entity_id, depth, limit, expand,
                                                    lambda n: names.get(n, ""))
        rows, G = self._among(order, where)
        allowed = sorted({r["id"] for r in rows
                          if algorithms.edge_passes(G.edges[r["source"], r["target"], r["id"]],
                                                    where)})
        by_id = {r["id"]: r for r in rows}

        def work(tx: Tx) -> tuple[dict[str, Entity], dict[str, Relation]]:
            return self._entities(tx, order), self._relations(tx, [by_id[i] for i in allowed],
                                                              where)

        ents, rels = self._read(work)
        return Subgraph(
            entities=tuple(ents[n] for n in order if n in ents),
            relations=tuple(rels[r] for r in allowed if r in rels),
            center=entity_id,
            truncated=truncated,
        )

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4,
                       where: EdgeFilter | None = None, all_shortest: bool = False,
                       directed: bool = False, limit: int = 10) -> list[Path]:
        where = where or EdgeFilter()
        max_hops = bounded(max_hops, "max_hops")
        limit = bounded(limit, "paths")
        if self.path_search == "native-first" and source_id != target_id:
            # one read transaction: both ends, Neo4j's ALL SHORTEST and, when that settles
            # the answer, the paths with their evidence (3 round trips fewer than apart)
            def work(tx: Tx) -> tuple[Entity, Entity, list[Path] | None]:
                ends = self._entities(tx, [source_id, target_id])
                for i in (source_id, target_id):
                    if i not in ends:
                        raise EntityNotFound(i)
                src, dst = ends[source_id], ends[target_id]
                seqs = self._settled_by_native(tx, src, dst, max_hops, where, all_shortest,
                                               directed, limit)
                return src, dst, (None if seqs is None
                                  else self._paths_in(tx, seqs, where, directed))

            src, dst, paths = self._read(work, "finding paths")
            if paths is not None:
                return paths
        else:
            src = self.get_entity(source_id)
            dst = self.get_entity(target_id)
        seqs = self._node_paths_by_levels(src, dst, max_hops, where, all_shortest, directed,
                                          limit)
        return self.paths_from_nodes(seqs, where, directed)

    def k_shortest_paths(self, source_id: str, target_id: str, k: int, max_hops: int = 4,
                         where: EdgeFilter | None = None, directed: bool = False
                         ) -> list[Path]:
        """Yen's k shortest loop-free paths (:func:`.algorithms.k_shortest_node_paths`) over
        the lens between the two ends (:func:`.algorithms.path_lens`), found level by level
        in the server (at most ``algorithms.REGION_LIMIT`` nodes a side): bounded, never
        the whole graph."""
        where = where or EdgeFilter()
        max_hops = bounded(max_hops, "max_hops")
        k = bounded(k, "paths")
        self.get_entity(source_id)
        self.get_entity(target_id)

        def expand(frontier: list[str]) -> Iterator[tuple[str, str]]:
            for r in self._expand(frontier, "both", where):
                yield r["node"], r["neighbour"]

        lens = algorithms.path_lens(source_id, target_id, max_hops, expand)
        _rows, G = self._among(lens, where)
        seqs = algorithms.k_shortest_node_paths(G, source_id, target_id, k, max_hops, where,
                                                directed)
        return self.paths_from_nodes(seqs, where, directed)

    def connections(self, entity_id: str) -> dict[str, Any]:
        """See :meth:`GraphStore.connections`; counted in the server."""
        self.get_entity(entity_id)
        rows = self._query(C.ENTITY_CONNECTIONS, "counting relations", id=entity_id,
                           modalities=list(EdgeFilter().modalities))
        counts: dict[str, int] = {}
        negated = 0
        for r in rows:
            if r["positive"]:
                counts[r["type"]] = counts.get(r["type"], 0) + int(r["n"])
            elif r["evidenced"]:
                negated += int(r["n"])
        return {"relation_counts": dict(sorted(counts.items())), "negated_relations": negated}

    def _node_paths(self, src: Entity, dst: Entity, max_hops: int, where: EdgeFilter,
                    all_shortest: bool, directed: bool, limit: int) -> list[list[str]]:
        """The shortest node sequences, as algorithms.bidirectional_node_paths orders them
        (see the module docstring): Neo4j's ``ALL SHORTEST`` first; the per-level search
        only when that leaves a tie the answer depends on."""
        if self.path_search == "native-first" and src.id != dst.id:
            seqs = self._read(lambda tx: self._settled_by_native(
                tx, src, dst, max_hops, where, all_shortest, directed, limit), "finding paths")
            if seqs is not None:
                return seqs
        return self._node_paths_by_levels(src, dst, max_hops, where, all_shortest, directed,
                                          limit)

    def _settled_by_native(self, tx: Tx, src: Entity, dst: Entity, max_hops: int,
                           where: EdgeFilter, all_shortest: bool, directed: bool, limit: int
                           ) -> list[list[str]] | None:
        """The answer from Neo4j's ALL SHORTEST alone, or None when a tie needs the
        per-level search."""
        want = limit if all_shortest else 1
        cap = max(_NATIVE_CAP, want + 1)
        found = self._shortest_native(src, dst, max_hops, where, directed, cap, tx)
        if len(found) <= want:  # none, or every shortest sequence fits: no tie to break
            return [ids for _key, ids in sorted(found)]
        if len(found) < cap:  # all of them: the tie is broken as the search would
            return _same_for_every_meet(found, want)
        return None

    def _shortest_native(self, src: Entity, dst: Entity, max_hops: int, where: EdgeFilter,
                         directed: bool, limit: int, tx: Tx | None = None
                         ) -> list[tuple[list[tuple[str, str]], list[str]]]:
        """Up to ``limit`` distinct shortest node sequences by ``SHORTEST_NODE_PATHS``, each
        with its sort key (the (name, id) of every node, as the embedded store sorts)."""
        def work(tx: Tx) -> list[dict[str, Any]]:
            return self._run(tx, C.SHORTEST_NODE_PATHS, rel_types=where.types, hops=max_hops,
                             source=src.id, target=dst.id, limit=limit, directed=directed,
                             modalities=list(where.modalities), since=where.since,
                             until=where.until)

        rows = work(tx) if tx is not None else self._read(work, "finding paths")
        return [([(name or "", i) for i, name in zip(r["ids"], r["names"], strict=True)],
                 list(r["ids"])) for r in rows]

    def _node_paths_by_levels(self, src: Entity, dst: Entity, max_hops: int,
                              where: EdgeFilter, all_shortest: bool, directed: bool,
                              limit: int) -> list[list[str]]:
        """algorithms.bidirectional_node_paths, each level expanded by one statement."""
        names = {src.id: src.name, dst.id: dst.name}

        def expand(frontier: set[str], forward: bool) -> Iterator[tuple[str, str]]:
            direction = "both" if not directed else ("out" if forward else "in")
            for r in self._expand(frontier, direction, where):
                names[r["neighbour"]] = r["name"] or ""
                yield r["node"], r["neighbour"]

        return algorithms.bidirectional_node_paths(
            src.id, dst.id, max_hops, expand, lambda n: names.get(n, ""), all_shortest, limit)

    def paths_from_nodes(self, seqs: list[list[str]], where: EdgeFilter, directed: bool
                         ) -> list[Path]:
        """Turn node sequences into :class:`Path` objects with full evidence."""
        if not seqs:
            return []
        return self._read(lambda tx: self._paths_in(tx, seqs, where, directed),
                          "reading paths")

    def _paths_in(self, tx: Tx, seqs: list[list[str]], where: EdgeFilter, directed: bool
                  ) -> list[Path]:
        if not seqs:
            return []
        rows, G = self._among({n for s in seqs for n in s}, where, tx)
        hops = [[algorithms.best_edge(G, u, v, where, directed)[0]
                 for u, v in zip(s, s[1:], strict=False)] for s in seqs]
        wanted = {r for h in hops for r in h}
        by_id = {r["id"]: r for r in rows if r["id"] in wanted}
        ents = self._entities(tx, {n for s in seqs for n in s})
        rels = self._relations(tx, list(by_id.values()), where)
        return [Path(tuple(ents[n] for n in s), tuple(rels[r] for r in h))
                for s, h in zip(seqs, hops, strict=True)]

    # -- statistics and dumps -----------------------------------------------------
    def stats(self) -> dict[str, Any]:
        def work(tx: Tx) -> dict[str, Any]:
            docs = self._run(tx, C.STATS_DOCUMENTS)[0]
            ents = {r["type"]: r["n"] for r in self._run(tx, C.STATS_ENTITIES)}
            rels: dict[str, int] = {}
            negated_only = 0
            for r in self._run(tx, C.STATS_RELATIONS):
                if r["positive"]:
                    rels[r["type"]] = rels.get(r["type"], 0) + r["n"]
                else:
                    negated_only += r["n"]
            mods = {r["modality"]: r["n"] for r in self._run(tx, C.STATS_EVIDENCE)}
            return {
                "documents": docs["n"],
                "entities": sum(ents.values()),
                "entities_by_type": {t: ents.get(t, 0) for t in self.schema.entity_types},
                "relations": sum(rels.values()),
                "relations_by_type": {t: rels[t] for t in sorted(rels)},
                "negated_only_relations": negated_only,
                "evidence": sum(mods.values()),
                "evidence_by_modality": {m: mods[m] for m in sorted(mods)},
                "mentions": self._run(tx, C.STATS_MENTIONS)[0]["n"],
                "date_range": {"first": docs["first"], "last": docs["last"]},
            }

        return self._read(work, "computing statistics")

    def _pages(self, stmt: C.Statement, key: str, rel_type: str | None = None
               ) -> Iterator[list[dict[str, Any]]]:
        after = ""
        while True:
            rows = self._query(stmt, "dumping", rel_type=rel_type, after=after, page=_PAGE)
            if rows:
                yield rows
            if len(rows) < _PAGE:
                return
            after = max(r[key] for r in rows)

    def dump(self) -> Iterator[dict[str, Any]]:
        """Documents, entities, mentions, then relations with evidence, in id order -
        the same records, in the same order, as the embedded store."""
        for rows in self._pages(C.DUMP_DOCUMENTS, "id"):
            for r in rows:
                yield codec.document_record(self._document(r))
        for rows in self._pages(C.DUMP_ENTITIES, "id"):
            for r in sorted(rows, key=lambda r: r["id"]):
                yield codec.entity_record(_entity(r))
        for rows in self._pages(C.DUMP_MENTIONS, "document_id"):
            ms = [r for r in rows if r["entity_id"] is not None]
            ms.sort(key=lambda r: (r["document_id"], r["start"], r["end"], r["entity_id"]))
            for r in ms:
                yield codec.mention_record(Mention(r["entity_id"], r["document_id"],
                                                     r["start"], r["end"], r["text"]))
        streams = [self._relation_stream(t) for t in self.schema.relation_types]
        for _rid, rel in heapq.merge(*streams, key=lambda pair: pair[0]):
            yield codec.relation_record(rel)

    def _relation_stream(self, rel_type: str) -> Iterator[tuple[str, Relation]]:
        for rows in self._pages(C.DUMP_RELATIONS, "id", rel_type=rel_type):
            def complete(tx: Tx, rs: list[dict[str, Any]] = rows) -> dict[str, Relation]:
                return self._relations(tx, rs)

            found = self._read(complete, "dumping")
            for r in rows:
                yield r["id"], found[r["id"]]

    def load(self, records: Iterable[dict[str, Any]], batch: int | None = None
             ) -> dict[str, int]:
        """Load :meth:`dump` records of any backend; each batch is one transaction."""
        size = batch or self.batch_size
        counts = dict.fromkeys(codec.KINDS, 0)

        def work(tx: Tx, *, pending: list[dict[str, Any]]) -> None:
            docs = [_document_row(codec.document_from_record(r))
                    for r in pending if r["kind"] == "document"]
            for chunk in self._batches(docs):
                self._run(tx, C.MERGE_DOCUMENTS, rows=chunk)
            self._write_entities(tx, [codec.entity_from_record(r)
                                      for r in pending if r["kind"] == "entity"])
            self._write_mentions(tx, [codec.mention_from_record(r)
                                      for r in pending if r["kind"] == "mention"])
            self._write_relations(tx, [codec.relation_from_record(r)
                                       for r in pending if r["kind"] == "relation"],
                                  {d["id"]: d["date"] for d in docs})
            self._bump(tx)

        for pending in codec.record_batches(records, size, counts):
            self._write(functools.partial(work, pending=pending), "loading records")
        return counts


#: most mentions or relations of one entity merge_entities moves (a bound, not a need)
_MERGE_CAP = 100_000

#: most shortest node sequences fetched to break a tie without the per-level search
_NATIVE_CAP = 64


def _same_for_every_meet(found: list[tuple[list[tuple[str, str]], list[str]]], want: int
                         ) -> list[list[str]] | None:
    """The answer of algorithms.bidirectional_node_paths from *every* shortest node
    sequence, if it does not depend on where its two frontiers met; else None.

    The bidirectional search returns the first ``want`` sequences of an enumeration that
    starts from the nodes at the meeting position ``k`` (in (name, id) order) and walks
    the shortest-path DAG back to the source and on to the target in that order. Which
    ``k`` it meets at depends on frontier sizes in the whole graph; the DAG is all that
    the enumeration reads. So the enumeration is replayed for every possible ``k`` on the
    DAG of ``found``: one answer for all of them is the search's answer."""
    key_of = {i: k for keys, ids in found for k, i in zip(keys, ids, strict=True)}
    length = len(found[0][1]) - 1
    preds: dict[str, set[str]] = {}
    succs: dict[str, set[str]] = {}
    for _keys, ids in found:
        for a, b in zip(ids, ids[1:], strict=False):
            succs.setdefault(a, set()).add(b)
            preds.setdefault(b, set()).add(a)
    source, target = found[0][1][0], found[0][1][-1]

    def key(n: str) -> tuple[str, str]:
        return key_of[n]

    answers = [algorithms.shortest_sequences({ids[k] for _keys, ids in found}, preds.__getitem__,
                                             succs.__getitem__, source, target, key, want)
               for k in range(1, length + 1)]
    return answers[0] if all(a == answers[0] for a in answers) else None


# -- row conversion -------------------------------------------------------------------
def _entity(row: dict[str, Any]) -> Entity:
    name = row["name"]
    aliases = tuple(sorted({t for t in row["names"] if t is not None and t != name}))
    return Entity(row["id"], name, row["type"], aliases)


def _ev_pairs(modalities: list[str] | None, dates: list[str] | None
              ) -> tuple[tuple[str, str | None], ...]:
    return sorted_pairs((m, d or None) for m, d in zip(modalities or (), dates or (),
                                                       strict=False))


def _document_row(doc: Document) -> dict[str, Any]:
    """A document's node properties: ``metadata`` as bounded JSON text
    (:func:`.records.metadata_json`) and its page table as a list (``pages``) for the
    evidence pages, read without parsing the metadata."""
    meta = codec.metadata_json(doc)
    return {"id": doc.id, "title": doc.title, "date": doc.date, "source": doc.source,
            "text": doc.text, "metadata": meta,
            "pages": codec.page_table(codec.metadata_from_json(meta))}


def _relation(row: dict[str, Any], docs: dict[str, tuple[str, str | None, list[int]]],
              where: EdgeFilter | None) -> Relation:
    evs: list[Evidence] = []
    for i, doc in enumerate(row["ev_document"]):
        if doc not in docs:  # as the embedded store's join: evidence needs its document
            continue
        title, date, pages = docs[doc]
        modality = row["ev_modality"][i]
        if where is not None and not where.evidence_ok(modality, date):
            continue
        evs.append(Evidence(
            relation_id=row["id"], document_id=doc, sentence=row["ev_sentence"][i],
            start=row["ev_start"][i], end=row["ev_end"][i], modality=modality,
            extractor=row["ev_extractor"][i], confidence=row["ev_confidence"][i],
            trigger=row["ev_trigger"][i], document_title=title, document_date=date,
            page=codec.page_at(pages, row["ev_start"][i])))
    evs.sort(key=lambda e: (e.document_date is None, e.document_date or "", e.document_id,
                            e.start, e.modality))
    return Relation(row["id"], row["source"], row["type"], row["target"],
                    bool(row["symmetric"]), tuple(evs))


def _chunks(items: list[T] | Iterable[T], size: int) -> Iterator[list[T]]:
    seq = list(items)
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(text).strip().splitlines()[0][:300]
