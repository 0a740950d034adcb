"""The embedded store: one SQLite file, one writer, many readers.

WAL journal so readers never block the writer; each document is written in a single
``BEGIN IMMEDIATE`` transaction, so a crash mid-batch loses no committed document and
leaves no half document. Reads go through per-thread connections; writes through one
connection behind a lock. ``sqlite://:memory:`` gives a private in-memory database: the
library's own test double, with the same code paths as the file store.

Traversals are the searches of :mod:`.algorithms`, fed from where the data is:
neighbourhoods, filtered or directed paths and the k-shortest region expand level by
level over the ``relations`` indexes (one query per level, nothing whole-graph); paths
under the default filter, the query almost every caller makes, run over a
:class:`~.view.Adjacency` built in a background thread on the first such query (two
narrow scans: ~10 s at 1M relations on two busy cores; queries meanwhile use the
indexes). The networkx view (:meth:`SQLiteStore.network`) is built only for the
analytics that need the whole graph. Both cached views are kept current by this
store's writes - each write refreshes the nodes it touched, so a write costs
milliseconds, never a rebuild, and no old view is kept - and dropped when another
connection (another process) has committed (``PRAGMA data_version`` on the writer).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path as FsPath
from typing import Any

import networkx as nx

from ..errors import DocumentNotFound, EntityNotFound, QueryError, StoreError, StoreUnavailable
from ..model import (
    MODALITIES,
    POSITIVE_MODALITIES,
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

__all__ = ["SQLiteStore"]

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, source TEXT NOT NULL, text TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, name_norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_name_norm ON entities(name_norm);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL, alias_norm TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias_norm)
);
CREATE INDEX IF NOT EXISTS aliases_norm ON aliases(alias_norm);
CREATE TABLE IF NOT EXISTS mentions (
    document_id TEXT NOT NULL REFERENCES documents(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE TABLE IF NOT EXISTS relations (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL,
    symmetric INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_source ON relations(source);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target);
CREATE TABLE IF NOT EXISTS evidence (
    id TEXT NOT NULL,
    relation_id TEXT NOT NULL REFERENCES relations(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    sentence TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    modality TEXT NOT NULL, extractor TEXT NOT NULL, confidence REAL NOT NULL,
    trigger TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS evidence_relation ON evidence(relation_id);
CREATE INDEX IF NOT EXISTS evidence_document ON evidence(document_id);
CREATE INDEX IF NOT EXISTS evidence_denied ON evidence(relation_id) WHERE modality = 'negated';
CREATE TABLE IF NOT EXISTS open_names (
    document_id TEXT NOT NULL REFERENCES documents(id),
    key TEXT NOT NULL, own TEXT NOT NULL, told TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS open_names_key ON open_names(key);
CREATE INDEX IF NOT EXISTS open_names_document ON open_names(document_id);
"""

# Version 2 (this layout): mentions and evidence have no unique key - a document's rows
# are written once, with the document, so uniqueness holds by construction and the write
# path saves two random-key B-trees per relation. Version 1 files (unique keys on both)
# are read and written by the same code.
SCHEMA_VERSION = "2"
#: Columns added since a layout was released, as ``(table, column, definition)``: a file
#: written before one was added gains it when opened (:func:`_migrate`, an ``ALTER TABLE
#: ... ADD COLUMN`` with a default, so old rows read as before). ``documents.metadata``:
#: the document's metadata as JSON (:func:`.records.metadata_json`, bounded).
ADDED_COLUMNS = (("documents", "metadata", "TEXT NOT NULL DEFAULT '{}'"),)
#: A new file's page size. 16 KiB pages: fewer, shallower B-tree pages to dirty per
#: commit; measured 20% faster bulk ingest at 1M relations than SQLite's 4 KiB default.
PAGE_SIZE = 16384
#: Entity and alias keys the writer remembers as stored (see SQLiteStore._known).
KNOWN_KEYS_MAX = 1_000_000
#: A write touching more nodes than this drops the cached views (rebuilt on next use)
#: instead of refreshing them node by node: a bulk load, not an edit.
REFRESH_MAX = 20_000
POSITIVE = tuple(POSITIVE_MODALITIES)
# the statements below bind three modalities, and 'negated' is the only other one (the
# partial index evidence_denied holds exactly the evidence no default search may use)
assert len(POSITIVE) == 3 and set(MODALITIES) - set(POSITIVE) == {"negated"}


class _Changed(Exception):
    """A path's hop has no edge any more: a write landed between search and read."""


def _parse_uri(uri: str) -> tuple[str, bool]:
    """``sqlite:///rel.db``, ``sqlite:////abs.db``, ``sqlite://:memory:`` or a bare path."""
    if uri.startswith("sqlite://"):
        rest = uri[len("sqlite://"):]
        if rest in (":memory:", "/:memory:", ""):
            return ":memory:", True
        return rest[1:] if rest.startswith("/") else rest, False
    if uri == ":memory:":
        return uri, True
    return uri, False


class SQLiteStore:
    """Embedded :class:`~ergraph.graph.base.GraphStore` on SQLite."""

    def __init__(self, uri: str = "sqlite:///ergraph.db", schema: Schema | None = None) -> None:
        self.schema = schema or default_schema()
        path, memory = _parse_uri(uri)
        self.uri = "sqlite://:memory:" if memory else f"sqlite:///{path}"
        self._path = path
        self._memory = memory
        self._lock = threading.RLock()
        self._local = threading.local()
        self._writes = 0
        # the cached views (see "the graph views" below)
        self._view: nx.MultiDiGraph | None = None
        self._adj: view.Adjacency | None = None
        self._view_lock = threading.RLock()
        self._building = False
        self._builder: threading.Thread | None = None
        self._build_generation = 0
        self._pending: set[str] = set()  # touched while the adjacency is being built
        self._view_pending: set[str] = set()  # touched since the view was last refreshed
        self._seen_version: int | None = None
        self._writer_version: int | None = None
        # Entity ids and entity/alias keys this writer knows to be stored, so a bulk
        # ingest skips re-inserting the same entities document after document. Valid
        # only while no other connection has written: checked against the writer's
        # PRAGMA data_version at the start of every write transaction.
        self._known: set[str] = set()
        self._known_version: int | None = None
        self._closed = False
        if not memory:
            parent = FsPath(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreUnavailable(f"cannot open {self.uri}: folder {parent} does not exist")
        try:
            self._writer = self._connect()
            with self._lock:
                self._writer.executescript(DDL)
                _migrate(self._writer)
                self._writer.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
                self._writer.commit()
                self._writer_version = self._writer.execute(
                    "PRAGMA data_version").fetchone()[0]
            self._seen_version = self._writer_version
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"cannot open {self.uri}: {exc}") from None

    # -- connections --------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._path, timeout=30, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        # Only a new, empty database takes it; must come before the switch to WAL.
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        # Foreign keys stay declared but unenforced: the write path writes a document's
        # rows together in one transaction and delete_document removes them explicitly,
        # while enforcement costs a B-tree lookup per row and reference (a quarter of
        # bulk-ingest time at 1M relations).
        conn.execute("PRAGMA foreign_keys = OFF")
        if not self._memory:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # a 64 MB page cache and fewer WAL checkpoints: bulk ingest touches many pages
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA wal_autocheckpoint = 10000")
        return conn

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreUnavailable(f"{self.uri} is closed")
        if self._memory:
            return self._writer  # one private database: share the connection under the lock
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        if self._memory:
            with self._lock:
                yield self._reader()
        else:
            yield self._reader()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self._closed:
            raise StoreUnavailable(f"{self.uri} is closed")
        with self._lock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._known_version:  # another connection committed
                self._known.clear()
                self._known_version = version
            self._writer_version = version
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
                self._writes += 1

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._lock:
            self._writer.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -------------------------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        with self._read() as c:
            return c.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() \
                is not None

    def stored_documents(self, document_ids: Iterable[str]) -> set[str]:
        with self._read() as c:
            return _existing_ids(c, "documents", document_ids)

    def write(self, extraction: Extraction) -> bool:
        return self.write_many([extraction])[0]

    def write_many(self, extractions: Iterable[Extraction]) -> list[bool]:
        """Write several documents in one transaction; True for each one added.

        Each document stays all-or-nothing (a crash loses the uncommitted batch, never
        half a document), and a document already stored - or repeated in the batch - is
        skipped as :meth:`write` does. One COMMIT and one ``executemany`` per table per
        batch is what makes bulk ingest fast: with random hash keys every row touches a
        different index page, and per-document commits would write those pages again and
        again (see bench/ingest_bench.py for the figures). Entity and relation rows go in
        sorted by key; mentions and evidence in document order, which measured as fast as
        sorting them and spares the sort."""
        batch = list(extractions)
        if not batch:
            return []
        self._check_types(batch)
        written: list[bool] = []
        try:
            with self._transaction() as c:
                present = _existing_ids(c, "documents", (ex.document.id for ex in batch))
                docs: list[tuple[Any, ...]] = []
                rels: list[Relation] = []
                ments: dict[tuple[Any, ...], None] = {}
                ents: list[Entity] = []  # every occurrence (see _insert_entities)
                open_names: list[tuple[str, str, str, str]] = []
                written, fresh = new_documents(batch, present)
                for ex in fresh:
                    doc = ex.document
                    docs.append((doc.id, doc.title, doc.date, doc.source, doc.text,
                                 codec.metadata_json(doc)))
                    open_names.extend((doc.id, *n) for n in ex.open_names)
                    ents.extend(ex.entities)
                    # mentions have no unique key: a repeated one is dropped here
                    ments.update(dict.fromkeys((doc.id, m.start, m.end, m.entity_id, m.text)
                                               for m in ex.mentions))
                    rels.extend(ex.relations)
                self._check_references(c, ents, ments, rels, present)
                c.executemany(
                    "INSERT INTO documents(id, title, date, source, text, metadata) "
                    "VALUES (?,?,?,?,?,?)", docs)
                new_keys = self._insert_entities(c, ents)
                c.executemany(
                    "INSERT INTO mentions(document_id, start, end, entity_id, text) "
                    "VALUES (?,?,?,?,?)", list(ments))
                self._insert_relations(c, rels)
                c.executemany("INSERT INTO open_names(document_id, key, own, told) "
                              "VALUES (?,?,?,?)", open_names)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.uri}: could not write {len(batch)} document(s): {exc}"
                             ) from None
        self._remember(new_keys)  # only once committed
        if any(written):
            self._after_write({e.id for e in ents} | {x for r in rels
                                                      for x in (r.source, r.target)})
        return written

    def _check_types(self, batch: list[Extraction]) -> None:
        """Whitelist every entity and relation type before anything is written."""
        for t in {e.type for ex in batch for e in ex.entities}:
            self.schema.check_entity_type(t)
        for t in {r.type for ex in batch for r in ex.relations}:
            self.schema.relation(t)

    def _check_references(self, c: sqlite3.Connection, ents: list[Entity],
                          ments: dict[tuple[Any, ...], None], rels: list[Relation],
                          documents: set[str]) -> None:
        """Refuse mentions and relations of entities, and evidence of documents, that are
        neither in the batch nor in the store: the foreign-key check, done as set lookups
        (``documents`` holds the batch's documents and those already stored)."""
        refs = {m[3] for m in ments}
        refs.update(x for r in rels for x in (r.source, r.target))
        unknown = refs.difference({e.id for e in ents}, self._known)
        if missing := sorted(unknown - _existing_ids(c, "entities", unknown)):
            raise StoreError(f"{self.uri}: mention or relation of unknown entity "
                             f"{missing[0]!r}; the batch was not written", id=missing[0])
        docs = {e.document_id for r in rels for e in r.evidence}.difference(documents)
        if missing := sorted(docs - _existing_ids(c, "documents", docs)):
            raise StoreError(f"{self.uri}: evidence from unknown document {missing[0]!r}; "
                             "the batch was not written", id=missing[0])

    def _remember(self, keys: set[str]) -> None:
        if len(self._known) + len(keys) > KNOWN_KEYS_MAX:
            self._known.clear()  # bounded memory: start over rather than grow
        self._known.update(keys)

    def _insert_entities(self, c: sqlite3.Connection, entities: Iterable[Entity]) -> set[str]:
        """Insert entities and their aliases not yet stored; return the keys written
        (for :attr:`_known`): entity ids, and ``id + US + alias key`` for aliases."""
        known = self._known
        rows, alias_rows, keys = [], [], set()
        for e in entities:
            if e.id not in known:
                key = normalise_name(e.name)
                rows.append((e.id, e.name, e.type, key))
                keys.add(e.id)
                alias_rows.append((e.id, e.name, key))
                keys.add(f"{e.id}\x1f{key}")
            for a in e.aliases:
                akey = normalise_name(a)
                alias_key = f"{e.id}\x1f{akey}"
                if akey and alias_key not in known:
                    alias_rows.append((e.id, a, akey))
                    keys.add(alias_key)
        # Every occurrence goes in - the same entity may bring other aliases in another
        # document of the batch - and INSERT OR IGNORE keeps one row per key; sorted
        # rows keep index inserts local.
        c.executemany(
            "INSERT OR IGNORE INTO entities(id, name, type, name_norm) VALUES (?,?,?,?)",
            sorted(rows))
        c.executemany(
            "INSERT OR IGNORE INTO aliases(entity_id, alias, alias_norm) VALUES (?,?,?)",
            sorted(alias_rows))
        return keys

    def _insert_relations(self, c: sqlite3.Connection, relations: Iterable[Relation],
                          evidence_exists_check: bool = False) -> None:
        """Insert relations (kept once each) and all their evidence. Evidence has no
        unique key: the write path only brings evidence of documents new to the store;
        :meth:`load` (which may re-import records) asks for ``evidence_exists_check``."""
        rel_rows: list[tuple[Any, ...]] = []
        ev_rows: dict[tuple[Any, ...], None] = {}  # ordered, and a repeat is dropped
        for r in relations:
            rel_rows.append((r.id, r.source, r.type, r.target, int(r.symmetric)))
            ev_rows.update(dict.fromkeys(
                (r.id, e.id, e.document_id, e.sentence, e.start, e.end, e.modality,
                 e.extractor, float(e.confidence), e.trigger)
                for e in r.evidence
            ))
        c.executemany(
            "INSERT OR IGNORE INTO relations(id, source, type, target, symmetric) "
            "VALUES (?,?,?,?,?)",
            sorted(rel_rows),
        )
        columns = ("relation_id, id, document_id, sentence, start, end, modality, extractor, "
                   "confidence, trigger")
        if evidence_exists_check:
            c.executemany(
                f"INSERT INTO evidence({columns}) SELECT ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10 "
                "WHERE NOT EXISTS (SELECT 1 FROM evidence WHERE relation_id = ?1 AND id = ?2)",
                list(ev_rows))
        else:
            c.executemany(f"INSERT OR IGNORE INTO evidence({columns}) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?)", list(ev_rows))

    def merge_entities(self, mapping: dict[str, Entity]) -> int:
        """Merge each entity ``old id -> target`` into its target, in one transaction:
        the target is created if new and gains the old entity's names as aliases; the
        old entity's mentions, relations and evidence move to it (relation and evidence
        ids re-derived, evidence already there not repeated); a relation that would join
        the target to itself is dropped; the old entity is deleted. What the graph holds
        is then what it would hold had the target been known when the old entity was
        written (``loaders.linking``). Returns how many entities were merged away."""
        from ..model import evidence_id, relation_id

        mapping, ids = merge_plan(self.schema, mapping)
        if not mapping:
            return 0
        merged = 0
        with self._transaction() as c:
            present = _existing_ids(c, "entities", list(ids))
            for old, target in sorted(mapping.items()):
                if old not in present:
                    continue
                merged += 1
                names = [tuple(r) for r in c.execute(
                    "SELECT alias, alias_norm FROM aliases WHERE entity_id = ?", (old,))]
                self._insert_entities(c, [target])
                c.executemany(
                    "INSERT OR IGNORE INTO aliases(entity_id, alias, alias_norm) VALUES "
                    "(?,?,?)", [(target.id, a, n) for a, n in names if n])
                c.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?",
                          (target.id, old))
                rels = c.execute(
                    "SELECT id, source, type, target, symmetric FROM relations "
                    "WHERE source = ?1 OR target = ?1", (old,)).fetchall()
                for rid, src, rtype, dst, sym in rels:
                    src, dst = ids.get(src, src), ids.get(dst, dst)
                    evidence = c.execute(
                        "SELECT id, document_id, sentence, start, end, modality, extractor, "
                        "confidence, trigger FROM evidence WHERE relation_id = ?",
                        (rid,)).fetchall()
                    c.execute("DELETE FROM evidence WHERE relation_id = ?", (rid,))
                    c.execute("DELETE FROM relations WHERE id = ?", (rid,))
                    if src == dst:  # would join the target to itself
                        continue
                    if sym and dst < src:
                        src, dst = dst, src
                    new_rid = relation_id(src, rtype, dst, bool(sym))
                    c.execute("INSERT OR IGNORE INTO relations(id, source, type, target, "
                              "symmetric) VALUES (?,?,?,?,?)", (new_rid, src, rtype, dst, sym))
                    c.executemany(
                        "INSERT INTO evidence(relation_id, id, document_id, sentence, start, "
                        "end, modality, extractor, confidence, trigger) "
                        "SELECT ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10 WHERE NOT EXISTS "
                        "(SELECT 1 FROM evidence WHERE relation_id = ?1 AND id = ?2)",
                        [(new_rid, evidence_id(new_rid, doc, start, end, modality), doc,
                          sentence, start, end, modality, extractor, conf, trig)
                         for (_eid, doc, sentence, start, end, modality, extractor, conf,
                              trig) in evidence])
                c.execute("DELETE FROM aliases WHERE entity_id = ?", (old,))
                c.execute("DELETE FROM entities WHERE id = ?", (old,))
        self._known.clear()
        if merged:
            self._after_write(set(mapping) | {t.id for t in mapping.values()})
        return merged

    def delete_document(self, document_id: str) -> bool:
        # explicit deletes in dependency order: foreign keys are not enforced (see _connect)
        with self._transaction() as c:
            if not c.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone():
                return False
            touched_entities = [r[0] for r in c.execute(
                "SELECT DISTINCT entity_id FROM mentions WHERE document_id = ?", (document_id,))]
            touched_relations = [r[0] for r in c.execute(
                "SELECT DISTINCT relation_id FROM evidence WHERE document_id = ?",
                (document_id,))]
            touched = set(touched_entities)
            for chunk in _chunks(touched_relations, 500):
                for src, dst in c.execute(
                        "SELECT source, target FROM relations WHERE id IN "
                        f"({','.join('?' * len(chunk))})", chunk):
                    touched.update((src, dst))
            for table, column in (("evidence", "document_id"), ("mentions", "document_id"),
                                  ("open_names", "document_id"), ("documents", "id")):
                c.execute(f"DELETE FROM {table} WHERE {column} = ?",  # noqa: S608 - fixed
                          (document_id,))
            c.executemany(
                "DELETE FROM relations WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM evidence v WHERE v.relation_id = relations.id)",
                [(r,) for r in touched_relations])
            orphans = [(t,) for t in touched_entities if not c.execute(
                "SELECT EXISTS (SELECT 1 FROM mentions WHERE entity_id = ?1) "
                "OR EXISTS (SELECT 1 FROM relations WHERE source = ?1 OR target = ?1)",
                (t,)).fetchone()[0]]
            c.executemany("DELETE FROM aliases WHERE entity_id = ?", orphans)
            c.executemany("DELETE FROM entities WHERE id = ?", orphans)
        self._known.clear()
        self._after_write(touched)
        return True

    def clear(self) -> None:
        with self._transaction() as c:
            for table in ("evidence", "relations", "mentions", "aliases", "entities",
                          "open_names", "documents"):
                c.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self._known.clear()
        self._after_write(None)

    def open_name_documents(self, keys: Iterable[str]) -> dict[str, tuple[OpenName, ...]]:
        with self._read() as c:
            ids: set[str] = set()
            for chunk in _chunks(sorted(set(keys)), 500):
                ids.update(r[0] for r in c.execute(
                    "SELECT DISTINCT document_id FROM open_names WHERE key IN "
                    f"({','.join('?' * len(chunk))})", chunk))
            out: dict[str, list[OpenName]] = {}
            for chunk in _chunks(sorted(ids), 500):
                for r in c.execute(
                        "SELECT document_id, key, own, told FROM open_names WHERE document_id "
                        f"IN ({','.join('?' * len(chunk))}) ORDER BY document_id, key, own, "
                        "told", chunk):
                    out.setdefault(r[0], []).append(OpenName(r[1], r[2], r[3]))
        return {d: tuple(names) for d, names in out.items()}

    # -- documents ----------------------------------------------------------------
    @staticmethod
    def _document(row: sqlite3.Row) -> Document:
        return Document(id=row["id"], text=row["text"], title=row["title"], date=row["date"],
                        source=row["source"],
                        metadata=codec.metadata_from_json(row["metadata"]))

    def get_document(self, document_id: str) -> Document:
        with self._read() as c:
            row = c.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise DocumentNotFound(f"no document with id {document_id!r}", id=document_id)
        return self._document(row)

    def documents(self, limit: int = 100, offset: int = 0) -> list[Document]:
        limit = max(0, min(limit, LIMITS["limit"]))
        with self._read() as c:
            rows = c.execute(
                "SELECT * FROM documents ORDER BY date IS NULL, date, title, id LIMIT ? OFFSET ?",
                (limit, max(0, offset)),
            ).fetchall()
        return [self._document(r) for r in rows]

    def mentions(self, document_id: str) -> list[Mention]:
        with self._read() as c:
            rows = c.execute(
                "SELECT * FROM mentions WHERE document_id = ? ORDER BY start, end, entity_id",
                (document_id,),
            ).fetchall()
        return [Mention(r["entity_id"], r["document_id"], r["start"], r["end"], r["text"])
                for r in rows]

    def document_evidence(self, document_id: str, limit: int = 1000
                          ) -> list[DocumentEvidence]:
        """See :meth:`GraphStore.document_evidence`: one query over ``evidence_document``."""
        limit = bounded(limit, "limit")
        pages = _Pages()
        with self._read() as c:
            rows = c.execute(
                "SELECT v.relation_id, r.type, r.source, r.target, r.symmetric, "
                "s.name AS sname, t.name AS tname, v.sentence, v.start, v.end, v.modality, "
                f"{_PAGES_SQL} AS dpages "
                "FROM evidence v JOIN documents d ON d.id = v.document_id "
                "JOIN relations r ON r.id = v.relation_id "
                "LEFT JOIN entities s ON s.id = r.source "
                "LEFT JOIN entities t ON t.id = r.target "
                "WHERE v.document_id = ? "
                "ORDER BY v.start, v.end, v.relation_id, v.modality LIMIT ?",
                (document_id, limit)).fetchall()
        out = [DocumentEvidence(
            relation_id=r["relation_id"], type=r["type"], source=r["source"],
            target=r["target"], source_name=r["sname"] or r["source"],
            target_name=r["tname"] or r["target"], symmetric=bool(r["symmetric"]),
            sentence=r["sentence"], start=r["start"], end=r["end"], modality=r["modality"],
            page=pages.page(document_id, r["dpages"], r["start"])) for r in rows]
        return sorted(out, key=DocumentEvidence.sort_key)

    # -- entities -----------------------------------------------------------------
    def _entities(self, c: sqlite3.Connection, ids: list[str]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in c.execute(f"SELECT * FROM entities WHERE id IN ({marks})", chunk):
                out[r["id"]] = Entity(r["id"], r["name"], r["type"])
            for r in c.execute(
                f"SELECT entity_id, alias FROM aliases WHERE entity_id IN ({marks}) "
                "ORDER BY alias", chunk,
            ):
                e = out.get(r["entity_id"])
                if e is not None and r["alias"] != e.name:
                    out[e.id] = Entity(e.id, e.name, e.type, (*e.aliases, r["alias"]))
        return out

    def get_entity(self, entity_id: str) -> Entity:
        with self._read() as c:
            found = self._entities(c, [entity_id])
        if entity_id not in found:
            raise EntityNotFound(entity_id)
        return found[entity_id]

    def lookup(self, name: str) -> list[Entity]:
        key = normalise_name(name)
        with self._read() as c:
            ids = [r[0] for r in c.execute(
                "SELECT DISTINCT entity_id FROM aliases WHERE alias_norm = ? ORDER BY entity_id",
                (key,))]
            found = self._entities(c, ids)
        return sorted(found.values(), key=lambda e: (e.name, e.id))

    def search(self, query: str, type: str | None = None, limit: int = 20, offset: int = 0
               ) -> list[Entity]:
        key = normalise_name(query)
        limit = max(0, min(limit, LIMITS["search"]))
        if not key:
            return []
        like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params: list[Any] = [key, like + "%", "% " + like + "%", "%" + like + "%"]
        type_sql = ""
        if type:
            type_sql = "AND e.type = ?"
            params.append(self.schema.check_entity_type(type))
        params += [limit, max(0, offset)]
        sql = f"""
            SELECT e.id, MIN(CASE WHEN a.alias_norm = ?1 THEN 0
                                  WHEN a.alias_norm LIKE ?2 ESCAPE '\\' THEN 1
                                  WHEN a.alias_norm LIKE ?3 ESCAPE '\\' THEN 2
                                  ELSE 3 END) AS rank, e.name
            FROM aliases a JOIN entities e ON e.id = a.entity_id
            WHERE a.alias_norm LIKE ?4 ESCAPE '\\' {type_sql}
            GROUP BY e.id ORDER BY rank, e.name, e.id LIMIT ?{len(params) - 1} OFFSET ?{len(params)}
        """
        with self._read() as c:
            ids = [r[0] for r in c.execute(sql, params)]
            found = self._entities(c, ids)
        return [found[i] for i in ids if i in found]

    def entity_documents(self, entity_id: str) -> list[Document]:
        with self._read() as c:
            rows = c.execute(
                "SELECT d.* FROM documents d WHERE d.id IN "
                "(SELECT document_id FROM mentions WHERE entity_id = ?) "
                "ORDER BY d.date IS NULL, d.date, d.title", (entity_id,),
            ).fetchall()
        return [self._document(r) for r in rows]

    # -- relations ----------------------------------------------------------------
    def _relations(self, c: sqlite3.Connection, ids: list[str],
                   where: EdgeFilter | None = None) -> dict[str, Relation]:
        out: dict[str, Relation] = {}
        evs: dict[str, list[Evidence]] = {}
        pages = _Pages()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rels = c.execute(f"SELECT * FROM relations WHERE id IN ({marks})", chunk).fetchall()
            for r in rels:
                out[r["id"]] = Relation(r["id"], r["source"], r["type"], r["target"],
                                        bool(r["symmetric"]))
            for v in c.execute(
                "SELECT v.*, d.title AS dtitle, d.date AS ddate, "
                f"{_PAGES_SQL} AS dpages FROM evidence v "
                f"JOIN documents d ON d.id = v.document_id WHERE v.relation_id IN ({marks}) "
                "ORDER BY d.date IS NULL, d.date, v.document_id, v.start, v.modality", chunk,
            ):
                if where is not None and not where.evidence_ok(v["modality"], v["ddate"]):
                    continue
                evs.setdefault(v["relation_id"], []).append(Evidence(
                    relation_id=v["relation_id"], document_id=v["document_id"],
                    sentence=v["sentence"], start=v["start"], end=v["end"],
                    modality=v["modality"], extractor=v["extractor"],
                    confidence=v["confidence"], trigger=v["trigger"],
                    document_title=v["dtitle"], document_date=v["ddate"],
                    page=pages.page(v["document_id"], v["dpages"], v["start"]),
                ))
        return {
            rid: Relation(r.id, r.source, r.type, r.target, r.symmetric, tuple(evs.get(rid, ())))
            for rid, r in out.items()
        }

    def relations(self, source: str | None = None, target: str | None = None,
                  type: str | None = None, limit: int = 100, include_negated: bool = True
                  ) -> list[Relation]:
        limit = max(0, min(limit, LIMITS["limit"]))
        clauses, params = [], []
        if source and target:
            clauses.append("((source = ? AND target = ?) OR "
                           "(symmetric = 1 AND source = ? AND target = ?))")
            params += [source, target, target, source]
        elif source:
            clauses.append("(source = ? OR (symmetric = 1 AND target = ?))")
            params += [source, source]
        elif target:
            clauses.append("(target = ? OR (symmetric = 1 AND source = ?))")
            params += [target, target]
        if type:
            clauses.append("type = ?")
            params.append(self.schema.relation(type).name)
        if not include_negated:
            clauses.append("EXISTS (SELECT 1 FROM evidence v WHERE v.relation_id = relations.id "
                           "AND v.modality != 'negated')")
        sql = "SELECT id FROM relations"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY type, source, target LIMIT ?"
        with self._read() as c:
            ids = [r[0] for r in c.execute(sql, [*params, limit])]
            found = self._relations(c, ids)
        return [found[i] for i in ids]

    def relation_modalities(self, relations: Iterable[Relation]) -> dict[str, tuple[str, ...]]:
        """See :meth:`GraphStore.relation_modalities`."""
        ids = sorted({r.id for r in relations})
        found: dict[str, set[str]] = {}
        with self._read() as c:
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                for rid, modality in c.execute(
                        "SELECT DISTINCT relation_id, modality FROM evidence "
                        f"WHERE relation_id IN ({marks})", chunk):
                    found.setdefault(rid, set()).add(modality)
        return {rid: tuple(sorted(m)) for rid, m in found.items()}

    def disputed_relations(self, types: Iterable[str] = (), since: str | None = None,
                           until: str | None = None, limit: int = 100, offset: int = 0
                           ) -> tuple[int, list[Relation]]:
        """See :meth:`GraphStore.disputed_relations`: from the denied evidence (its partial
        index), the relations with stating evidence too, counted and paged in SQL."""
        rtypes = sorted({self.schema.relation(t).name for t in types})
        limit, offset = bounded(limit, "limit"), max(0, offset)
        dated, params = "", []
        if since is not None:
            dated += " AND d.date >= ?"
            params.append(since)
        if until is not None:
            dated += " AND d.date <= ?"
            params.append(until)
        join = " JOIN documents d ON d.id = v.document_id" if dated else ""
        typed = f" AND r.type IN ({','.join('?' * len(rtypes))})" if rtypes else ""
        found = (  # noqa: S608 - only placeholders are put into the text
            f"WITH denied AS (SELECT DISTINCT v.relation_id AS id FROM evidence v{join} "
            f"WHERE v.modality = 'negated'{dated}) "
            "SELECT r.id FROM denied JOIN relations r ON r.id = denied.id "
            "JOIN entities a ON a.id = r.source JOIN entities b ON b.id = r.target "
            f"WHERE EXISTS (SELECT 1 FROM evidence v{join} WHERE v.relation_id = r.id "
            f"AND v.modality != 'negated'{dated}){typed}")
        args = [*params, *params, *rtypes]
        with self._read() as c:
            total = c.execute(f"SELECT count(*) FROM ({found})", args).fetchone()[0]
            ids = [row[0] for row in c.execute(
                f"{found} ORDER BY a.name, r.type, b.name, r.id LIMIT ? OFFSET ?",
                [*args, limit, offset])]
            rels = self._relations(c, ids, EdgeFilter(modalities=MODALITIES, since=since,
                                                      until=until))
        return int(total), [rels[i] for i in ids if i in rels]

    # -- the graph views ------------------------------------------------------------
    # Two cached views, both kept current by this store's own writes (each write refreshes
    # the nodes it touched, see _after_write) and dropped only when another connection
    # (another process) has committed, which this one cannot follow:
    # * the Adjacency (view.Adjacency) for default-filter, undirected path searches, built
    #   in a background thread on the first such query - until it is there, and for every
    #   other filter, searches expand level by level over the SQLite indexes;
    # * the networkx view (network()), for the analytics that need the whole graph.
    def _external_change(self) -> None:
        """Drop the views when another connection (another process) has committed since
        they were built. Seen on the writer connection, whose ``data_version`` moves only
        for commits of other connections: polled here unless a write is running (which
        notes it at its start, in :meth:`_transaction`)."""
        if not self._memory and self._lock.acquire(blocking=False):
            try:
                if not self._closed:
                    self._writer_version = self._writer.execute(
                        "PRAGMA data_version").fetchone()[0]
            finally:
                self._lock.release()
        if self._writer_version != self._seen_version:
            with self._view_lock:
                self._seen_version = self._writer_version
                self._drop_views()

    def _drop_views(self) -> None:
        self._adj = None
        self._view = None
        self._pending.clear()
        self._view_pending.clear()
        self._build_generation += 1

    def _after_write(self, touched: set[str] | None) -> None:
        """Bring the cached views up to date with a committed write that touched the
        nodes ``touched`` (None: too many to follow - the views are dropped): the
        adjacency at once (its neighbour sets are replaced, never mutated, so searches
        running meanwhile are safe); the networkx view when it is next asked for
        (:meth:`network`), so no analysis iterating it sees it change under it."""
        self._external_change()
        with self._view_lock:
            if touched is None or len(touched) > REFRESH_MAX:
                self._drop_views()
                return
            if not touched:
                return
            if self._building:
                self._pending.update(touched)
            if self._view is not None:
                self._view_pending.update(touched)
                if len(self._view_pending) > REFRESH_MAX:
                    self._view = None
                    self._view_pending.clear()
            if self._adj is None:
                return
            ids = sorted(touched)
            with self._read() as c:
                names = {n: None for n in ids} | _names(c, ids)
                self._adj.refresh(ids, names, lambda nodes: self._positive_nbrs(c, nodes))

    def _refresh_view(self, G: nx.MultiDiGraph, touched: set[str]) -> None:
        """Apply the writes that touched ``touched`` to the networkx view, in place."""
        ids = sorted(touched)
        with self._read() as c:
            present = _names_types(c, ids)
            removed = [(u, v, k) for n in ids if n in G
                       for u, v, k in [*G.out_edges(n, keys=True), *G.in_edges(n, keys=True)]]
            rows = self._edge_rows(c, ids, EdgeFilter(types=()), touching=True)
        view.update_view(G, (view.NodeRow(n, nm, t) for n, (nm, t) in present.items()),
                         [n for n in ids if n not in present], rows, removed)

    def _positive_nbrs(self, c: sqlite3.Connection, ids: list[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for u, v in self._expand_rows(c, ids, EdgeFilter(), "both"):
            out.setdefault(u, set()).add(v)
        return out

    def adjacency(self, wait: bool = False) -> view.Adjacency | None:
        """The default-filter adjacency of the whole store, or None while it is being
        built (the first call starts the build in a background thread; ``wait`` blocks
        until it is there)."""
        self._external_change()
        adj = self._adj
        if adj is not None:
            return adj
        with self._view_lock:
            if self._adj is None and not self._building:
                self._building = True
                self._pending.clear()
                generation = self._build_generation
                thread = threading.Thread(target=self._build_adjacency, args=(generation,),
                                          name="ergraph-adjacency", daemon=True)
                self._builder = thread
                thread.start()
            builder = self._builder
        if wait and builder is not None:
            builder.join()
        return self._adj

    def _build_adjacency(self, generation: int) -> None:
        """The background build (see :meth:`adjacency`). A build that fails - the store
        closed under it, say - leaves no adjacency: queries keep using the indexes and
        the next one starts another build."""
        try:
            adj = self._read_adjacency()
            with self._view_lock:
                if generation != self._build_generation or self._closed:
                    return  # dropped meanwhile: another process wrote
                pending = sorted(self._pending)
                if pending:
                    with self._read() as rc:
                        names_now = {n: None for n in pending} | _names(rc, pending)
                        adj.refresh(pending, names_now,
                                    lambda nodes: self._positive_nbrs(rc, nodes))
                self._adj = adj
        except (sqlite3.Error, StoreUnavailable):
            pass
        finally:
            with self._view_lock:
                self._building = False
                self._pending.clear()

    def _read_adjacency(self) -> view.Adjacency:
        c = self._connect() if not self._memory else None
        try:
            conn = c or self._writer
            with self._lock if c is None else nullcontext():
                if self._closed:
                    raise StoreUnavailable(f"{self.uri} is closed")
                conn.execute("BEGIN")  # one snapshot for every read
                try:
                    names = dict(conn.execute("SELECT id, name FROM entities"))
                    # relations whose evidence is all denials, by the partial index
                    denied = {r[0] for r in conn.execute(
                        "SELECT DISTINCT v.relation_id FROM evidence v "
                        "WHERE v.modality = 'negated' AND NOT EXISTS (SELECT 1 FROM "
                        "evidence w WHERE w.relation_id = v.relation_id AND "
                        "w.modality IN (?,?,?))", POSITIVE)}
                    # and those with no evidence at all (a loaded record may have none):
                    # a scan of two covering indexes, normally finding none
                    denied.update(r[0] for r in conn.execute(
                        "SELECT id FROM relations r WHERE NOT EXISTS "
                        "(SELECT 1 FROM evidence v WHERE v.relation_id = r.id)"))
                    # narrow scans instead of an evidence test per relation: every
                    # relation, less the few no default search may use
                    pairs = [(s, t) for rid, s, t in conn.execute(
                        "SELECT id, source, target FROM relations") if rid not in denied]
                finally:
                    conn.execute("COMMIT")
        finally:
            if c is not None:
                c.close()
        return view.Adjacency(names, pairs)

    def network(self) -> nx.MultiDiGraph:
        """The cached networkx view of the whole store (see :mod:`.view`), built on first
        use and kept current by this store's writes: the same object, the nodes the
        writes since the last call touched refreshed in place (``G.graph["version"]``
        counts the refreshes). Treat it as read-only, and call this from one thread at a
        time (the API runs every whole-graph analysis in its one analytics thread)."""
        self._external_change()
        G = self._view
        if G is not None and not self._view_pending:
            return G
        with self._view_lock:  # one build at a time, and no write applied half-way
            if self._view is None:
                self._view_pending.clear()
                with self._read() as c:
                    self._view = view.build_view(
                        (view.NodeRow(*r) for r in c.execute(
                            "SELECT id, name, type FROM entities")),
                        self._edge_rows(c, None, EdgeFilter(types=())))
            elif self._view_pending:
                touched, self._view_pending = self._view_pending, set()
                self._refresh_view(self._view, touched)
            return self._view

    # -- traversal over the indexes -------------------------------------------------------
    def _filter_sql(self, where: EdgeFilter | None) -> tuple[str, list[Any]]:
        """SQL (over ``relations r``) for "the edge passes ``where``" and its parameters;
        ``where`` None: any relation."""
        if where is None:
            return "1", []
        sql, params = [], []
        if where.types:
            sql.append(f"r.type IN ({','.join('?' * len(where.types))})")
            params += list(where.types)
        ev = f"v.modality IN ({','.join('?' * len(where.modalities))})"
        params += list(where.modalities)
        if where.since is None and where.until is None:
            sql.append(f"EXISTS (SELECT 1 FROM evidence v WHERE v.relation_id = r.id AND {ev})")
        else:
            if where.since is not None:
                ev += " AND d.date >= ?"
                params.append(where.since)
            if where.until is not None:
                ev += " AND d.date <= ?"
                params.append(where.until)
            sql.append("EXISTS (SELECT 1 FROM evidence v JOIN documents d ON "
                       f"d.id = v.document_id WHERE v.relation_id = r.id AND {ev})")
        return " AND ".join(sql), params

    def _expand_rows(self, c: sqlite3.Connection, frontier: Iterable[str],
                     where: EdgeFilter, direction: str) -> Iterator[tuple[str, str]]:
        """``(node, neighbour)`` through allowed edges from each frontier node:
        ``direction`` ``both``, ``out`` (along edges) or ``in`` (against them); symmetric
        types go both ways. One indexed query per side per 500 nodes."""
        cond, params = self._filter_sql(where)
        sym_out = "" if direction in ("both", "out") else " AND r.symmetric = 1"
        sym_in = "" if direction in ("both", "in") else " AND r.symmetric = 1"
        for chunk in _chunks(sorted(set(frontier)), 500):
            marks = ",".join("?" * len(chunk))
            yield from c.execute(
                f"SELECT r.source, r.target FROM relations r WHERE r.source IN ({marks})"
                f"{sym_out} AND {cond}", [*chunk, *params])
            yield from c.execute(
                f"SELECT r.target, r.source FROM relations r WHERE r.target IN ({marks})"
                f"{sym_in} AND {cond}", [*chunk, *params])

    def _edge_rows(self, c: sqlite3.Connection, ids: Iterable[str] | None, where: EdgeFilter,
                   touching: bool = False) -> list[view.EdgeRow]:
        """View edges (with their evidence pairs) of the types ``where`` allows: among
        ``ids`` (``touching``: with an end in ``ids``; None: every relation)."""
        types = set(where.types)
        rels: list[tuple[str, str, str, str, int]] = []
        if ids is None:
            rels = c.execute("SELECT id, source, target, type, symmetric FROM relations"
                             ).fetchall()
        else:
            keep = set(ids)
            seen: set[str] = set()
            for chunk in _chunks(sorted(keep), 500):
                marks = ",".join("?" * len(chunk))
                for side in ("source", "target") if touching else ("source",):
                    for row in c.execute(
                        f"SELECT id, source, target, type, symmetric FROM relations "  # noqa: S608
                        f"WHERE {side} IN ({marks})", chunk):
                        if row[0] in seen or (not touching and row[2] not in keep):
                            continue
                        seen.add(row[0])
                        rels.append(tuple(row))
        if types:
            rels = [r for r in rels if r[3] in types]
        ev: dict[str, set[tuple[str, str | None]]] = {}
        if ids is None:
            cur: Iterable[Any] = c.execute(
                "SELECT v.relation_id, v.modality, d.date FROM evidence v "
                "JOIN documents d ON d.id = v.document_id")
            for rid, mod, date in cur:
                ev.setdefault(rid, set()).add((mod, date))
        else:
            for chunk in _chunks([r[0] for r in rels], 500):
                for rid, mod, date in c.execute(
                    "SELECT v.relation_id, v.modality, d.date FROM evidence v JOIN documents d "
                    f"ON d.id = v.document_id WHERE v.relation_id IN ({','.join('?' * len(chunk))})",
                    chunk):
                    ev.setdefault(rid, set()).add((mod, date))
        shared: dict[Any, Any] = {}
        out = []
        for rid, s, t, typ, sym in rels:
            pairs = sorted_pairs(ev.get(rid, ()))
            out.append(view.EdgeRow(rid, s, t, typ, bool(sym), shared.setdefault(pairs, pairs)))
        return out

    def _among(self, c: sqlite3.Connection, ids: Iterable[str], where: EdgeFilter
               ) -> nx.MultiDiGraph:
        """The view of ``ids`` and the relations (of the allowed types) among them."""
        keep = sorted(set(ids))
        return view.build_view((view.NodeRow(n, nm, t) for n, (nm, t) in
                                _names_types(c, keep).items()),
                               self._edge_rows(c, keep, where))

    def neighbors(self, entity_id: str, depth: int = 1, where: EdgeFilter | None = None,
                  limit: int = 100) -> Subgraph:
        where = where or EdgeFilter()
        depth = bounded(depth, "depth")
        limit = bounded(limit, "limit")
        self.get_entity(entity_id)  # raises EntityNotFound
        adj = self.adjacency() if where == EdgeFilter() else None
        with self._read() as c:
            if adj is not None:  # the levels over the adjacency: no query per level
                def expand(frontier: list[str], adj: view.Adjacency = adj) -> list[str]:
                    return sorted(frozenset().union(*map(adj.neighbours, frontier)))

                order, truncated = algorithms.ranked_levels(entity_id, depth, limit, expand,
                                                            adj.name)
            else:
                order, truncated = self._levels(c, entity_id, depth, limit, where)
            G = self._among(c, order, where)
            edge_ids = sorted({k for _u, _v, k, d in G.edges(keys=True, data=True)
                               if algorithms.edge_passes(d, where)})
            ents = self._entities(c, order)
            rels = self._relations(c, edge_ids, where)
        return Subgraph(
            entities=tuple(ents[n] for n in order if n in ents),
            relations=tuple(rels[r] for r in edge_ids if r in rels),
            center=entity_id,
            truncated=truncated,
        )

    def _levels(self, c: sqlite3.Connection, center: str, depth: int, limit: int,
                where: EdgeFilter) -> tuple[list[str], bool]:
        """algorithms.ranked_levels, each level expanded by indexed queries."""
        names: dict[str, str] = _names(c, [center])  # type: ignore[assignment]

        def expand(frontier: list[str]) -> list[str]:
            found = {v for _u, v in self._expand_rows(c, frontier, where, "both")}
            names.update(_names(c, [n for n in found if n not in names]))  # type: ignore[arg-type]
            return sorted(found)

        return algorithms.ranked_levels(center, depth, limit, expand,
                                        lambda n: names.get(n) or "")

    def _node_paths(self, source_id: str, target_id: str, max_hops: int, where: EdgeFilter,
                    all_shortest: bool, directed: bool, limit: int) -> list[list[str]]:
        """The shortest node sequences: over the adjacency when the filter is the default
        one and it is built, else by the same search expanding over the indexes."""
        if where == EdgeFilter() and not directed:
            adj = self.adjacency()
            if adj is not None:
                return algorithms.shortest_node_paths(adj, source_id, target_id, max_hops,
                                                      where, all_shortest, directed, limit)
        with self._read() as c:
            names: dict[str, str | None] = {}

            def expand(frontier: set[str], forward: bool) -> Iterator[tuple[str, str]]:
                direction = "both" if not directed else ("out" if forward else "in")
                return self._expand_rows(c, frontier, where, direction)

            def prepare(nodes: set[str]) -> None:
                names.update(_names(c, sorted(nodes)))

            return algorithms.bidirectional_node_paths(
                source_id, target_id, max_hops, expand, lambda n: names.get(n) or "",
                all_shortest, limit, prepare)

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4,
                       where: EdgeFilter | None = None, all_shortest: bool = False,
                       directed: bool = False, limit: int = 10) -> list[Path]:
        where = where or EdgeFilter()
        max_hops = bounded(max_hops, "max_hops")
        limit = bounded(limit, "paths")
        self.get_entity(source_id)
        self.get_entity(target_id)
        for _attempt in range(3):
            seqs = self._node_paths(source_id, target_id, max_hops, where, all_shortest,
                                    directed, limit)
            try:
                return self.paths_from_nodes(seqs, where, directed)
            except _Changed:
                continue  # a write landed between the search and the read: search again
        raise QueryError("the graph changed during the query; try again")

    def k_shortest_paths(self, source_id: str, target_id: str, k: int, max_hops: int = 4,
                         where: EdgeFilter | None = None, directed: bool = False
                         ) -> list[Path]:
        where = where or EdgeFilter()
        max_hops = bounded(max_hops, "max_hops")
        k = bounded(k, "paths")
        self.get_entity(source_id)
        self.get_entity(target_id)
        adj = self.adjacency() if where == EdgeFilter() else None
        with self._read() as c:
            def expand(frontier: list[str]) -> Iterable[tuple[str, str]]:
                if adj is not None:  # the default filter: over the adjacency
                    return ((u, v) for u in frontier for v in adj.neighbours(u))
                return self._expand_rows(c, frontier, where, "both")

            lens = algorithms.path_lens(source_id, target_id, max_hops, expand)
            G = self._among(c, lens, where)
        seqs = algorithms.k_shortest_node_paths(G, source_id, target_id, k, max_hops, where,
                                                directed)
        try:
            return self.paths_from_nodes(seqs, where, directed)
        except _Changed:
            raise QueryError("the graph changed during the query; try again") from None

    def paths_from_nodes(self, seqs: list[list[str]], where: EdgeFilter, directed: bool
                         ) -> list[Path]:
        """Turn node sequences into :class:`Path` objects with the evidence that passes
        ``where`` (per hop the edge :func:`.algorithms.best_edge` picks)."""
        if not seqs:
            return []
        with self._read() as c:
            G = self._among(c, {n for s in seqs for n in s}, where)
            try:
                hops = [[algorithms.best_edge(G, u, v, where, directed)[0]
                         for u, v in zip(s, s[1:], strict=False)] for s in seqs]
            except KeyError:
                raise _Changed from None
            ents = self._entities(c, sorted({n for s in seqs for n in s}))
            rels = self._relations(c, sorted({r for h in hops for r in h}), where)
        return [Path(tuple(ents[n] for n in s), tuple(rels[r] for r in h))
                for s, h in zip(seqs, hops, strict=True)]

    def connections(self, entity_id: str) -> dict[str, Any]:
        """See :meth:`GraphStore.connections`."""
        self.get_entity(entity_id)
        counts: dict[str, int] = {}
        negated = 0
        with self._read() as c:
            for typ, positive, n in c.execute(
                "SELECT r.type, MAX(v.modality IN (?,?,?)), COUNT(v.relation_id) "
                "FROM relations r LEFT JOIN evidence v ON v.relation_id = r.id "
                "WHERE r.source = ?4 OR r.target = ?4 GROUP BY r.id", (*POSITIVE, entity_id)):
                if positive:
                    counts[typ] = counts.get(typ, 0) + 1
                elif n:
                    negated += 1
        return {"relation_counts": dict(sorted(counts.items())), "negated_relations": negated}

    # -- statistics and dumps -----------------------------------------------------
    def stats(self) -> dict[str, Any]:
        with self._read() as c:
            one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
            ents = dict(c.execute("SELECT type, COUNT(*) FROM entities GROUP BY type").fetchall())
            rels = dict(c.execute(
                "SELECT type, COUNT(*) FROM relations r WHERE EXISTS (SELECT 1 FROM evidence v "
                "WHERE v.relation_id = r.id AND v.modality != 'negated') GROUP BY type"
            ).fetchall())
            mods = dict(c.execute(
                "SELECT modality, COUNT(*) FROM evidence GROUP BY modality").fetchall())
            first, last = c.execute("SELECT MIN(date), MAX(date) FROM documents").fetchone()
            return {
                "documents": one("SELECT COUNT(*) FROM documents"),
                "entities": sum(ents.values()),
                "entities_by_type": {t: ents.get(t, 0) for t in self.schema.entity_types},
                "relations": sum(rels.values()),
                "relations_by_type": {t: rels[t] for t in sorted(rels)},
                "negated_only_relations": one(
                    "SELECT COUNT(*) FROM relations r WHERE NOT EXISTS (SELECT 1 FROM evidence v"
                    " WHERE v.relation_id = r.id AND v.modality != 'negated')"),
                "evidence": sum(mods.values()),
                "evidence_by_modality": {m: mods[m] for m in sorted(mods)},
                "mentions": one("SELECT COUNT(*) FROM mentions"),
                "date_range": {"first": first, "last": last},
            }

    def dump(self) -> Iterator[dict[str, Any]]:
        """Documents, entities, mentions, then relations with evidence, in id order."""
        c = self._connect() if not self._memory else None
        conn = c or self._writer
        try:
            for r in conn.execute("SELECT * FROM documents ORDER BY id"):
                yield codec.document_record(self._document(r))
            ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id")]
            for chunk in _chunks(ids, 500):
                found = self._entities(conn, chunk)
                for i in chunk:
                    yield codec.entity_record(found[i])
            for r in conn.execute("SELECT * FROM mentions ORDER BY document_id, start, end, "
                                  "entity_id"):
                yield codec.mention_record(Mention(r["entity_id"], r["document_id"],
                                                     r["start"], r["end"], r["text"]))
            rids = [r[0] for r in conn.execute("SELECT id FROM relations ORDER BY id")]
            for chunk in _chunks(rids, 500):
                found_r = self._relations(conn, chunk)
                for i in chunk:
                    yield codec.relation_record(found_r[i])
        finally:
            if c is not None:
                c.close()

    def load(self, records: Iterable[dict[str, Any]], batch: int = 2000) -> dict[str, int]:
        counts = dict.fromkeys(codec.KINDS, 0)
        for pending in codec.record_batches(records, batch, counts):
            with self._transaction() as c:
                for rec in pending:
                    _load_record(self, c, rec)
        self._after_write(None)
        return counts


def _load_record(store: SQLiteStore, c: sqlite3.Connection, rec: dict[str, Any]) -> None:
    kind = rec["kind"]
    if kind == "document":
        doc = codec.document_from_record(rec)
        c.execute("INSERT OR IGNORE INTO documents(id, title, date, source, text, metadata) "
                  "VALUES (?,?,?,?,?,?)",
                  (doc.id, rec.get("title", ""), doc.date, rec.get("source", ""), doc.text,
                   codec.metadata_json(doc)))
    elif kind == "entity":
        store.schema.check_entity_type(rec["type"])
        store._insert_entities(c, [codec.entity_from_record(rec)])
    elif kind == "mention":
        # mentions have no unique key (see SCHEMA_VERSION): a re-import must not repeat one
        c.execute("INSERT INTO mentions(document_id, entity_id, start, end, text) "
                  "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM mentions "
                  "WHERE document_id = ?1 AND entity_id = ?2 AND start = ?3 AND end = ?4)",
                  (rec["document_id"], rec["entity_id"], rec["start"], rec["end"],
                   rec["text"]))
    elif kind == "relation":
        store.schema.relation(rec["type"])  # whitelist
        store._insert_relations(c, [codec.relation_from_record(rec)],
                                evidence_exists_check=True)


#: a document's page table as JSON text (NULL when it has none), read in SQL so that the
#: rest of the metadata stays in the database
_PAGES_SQL = "json_extract(d.metadata, '$.pages')"


class _Pages:
    """Evidence pages from the page tables of their documents, each table parsed once."""

    def __init__(self) -> None:
        self._tables: dict[str, list[int]] = {}

    def page(self, document_id: str, pages_json: str | None, start: int) -> int | None:
        if not pages_json:
            return None
        table = self._tables.get(document_id)
        if table is None:
            try:
                table = codec.page_table({"pages": json.loads(pages_json)})
            except ValueError:
                table = []
            self._tables[document_id] = table
        return codec.page_at(table, start)


def _migrate(c: sqlite3.Connection) -> None:
    """Add the columns of :data:`ADDED_COLUMNS` a file written before them lacks (fixed
    names from this module, never from input), in one transaction; looked at again under
    the write lock, so two processes opening one old file add each column once."""
    def missing() -> list[str]:
        out = []
        for table, column, definition in ADDED_COLUMNS:
            have = {r[1] for r in c.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                out.append(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        return out

    if not missing():
        return
    c.execute("BEGIN IMMEDIATE")
    try:
        for stmt in missing():
            c.execute(stmt)
    except BaseException:
        c.execute("ROLLBACK")
        raise
    c.execute("COMMIT")


def _names_types(c: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    """``id -> (name, type)`` of the stored ones among ``ids``."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids, 500):
        for i, name, typ in c.execute(
                f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            out[i] = (name, typ)
    return out


def _names(c: sqlite3.Connection, ids: list[str]) -> dict[str, str | None]:
    """``id -> name`` of the stored ones among ``ids``."""
    return {i: nt[0] for i, nt in _names_types(c, ids).items()}


def _existing_ids(c: sqlite3.Connection, table: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` are rows of ``table`` (``documents`` or ``entities``: fixed
    names from this module, never from input), a few hundred ids per query."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(ids)), 500):
        found.update(r[0] for r in c.execute(
            f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})",  # noqa: S608
            chunk))
    return found


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)
