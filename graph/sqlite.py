"""The embedded store: one SQLite file, one writer, many readers.

WAL journal so readers never block the writer; each document is written in a single
``BEGIN IMMEDIATE`` transaction, so a crash mid-batch loses no committed document and
leaves no half document. Reads go through per-thread connections; writes through one
connection behind a lock. ``sqlite://:memory:`` gives a private in-memory database: the
library's own test double, with the same code paths as the file store.

Traversals (neighbourhood, paths, centrality) run on a networkx view of the relation
table that is cached per process and rebuilt when any connection has committed a change
(``PRAGMA data_version`` plus a local write counter).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path as FsPath
from typing import Any

import networkx as nx

from ..errors import DocumentNotFound, EntityNotFound, StoreError, StoreUnavailable
from ..model import Document, Entity, Evidence, Extraction, Mention, Relation, normalise_name
from ..schema import Schema, default_schema
from . import algorithms
from .base import LIMITS, EdgeFilter, Path, Subgraph, bounded

__all__ = ["SQLiteStore"]

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, source TEXT NOT NULL, text TEXT NOT NULL
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
"""

# Version 2 (this layout): mentions and evidence have no unique key - a document's rows
# are written once, with the document, so uniqueness holds by construction and the write
# path saves two random-key B-trees per relation. Version 1 files (unique keys on both)
# are read and written by the same code.
SCHEMA_VERSION = "2"
#: A new file's page size. 16 KiB pages: fewer, shallower B-tree pages to dirty per
#: commit; measured 20% faster bulk ingest at 1M relations than SQLite's 4 KiB default.
PAGE_SIZE = 16384
#: Entity and alias keys the writer remembers as stored (see SQLiteStore._known).
KNOWN_KEYS_MAX = 1_000_000


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
        self._view: nx.MultiDiGraph | None = None
        self._view_key: tuple[int, int] | None = None
        self._view_lock = threading.Lock()
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
                self._writer.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
                self._writer.commit()
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
                docs, rels = [], []
                ments: dict[tuple[Any, ...], None] = {}
                ents: list[Entity] = []  # every occurrence (see _insert_entities)
                for ex in batch:
                    doc = ex.document
                    if doc.id in present:
                        written.append(False)
                        continue
                    present.add(doc.id)
                    written.append(True)
                    docs.append((doc.id, doc.title, doc.date, doc.source, doc.text))
                    ents.extend(ex.entities)
                    # mentions have no unique key: a repeated one is dropped here
                    ments.update(dict.fromkeys((doc.id, m.start, m.end, m.entity_id, m.text)
                                               for m in ex.mentions))
                    rels.extend(ex.relations)
                self._check_references(c, ents, ments, rels, present)
                c.executemany(
                    "INSERT INTO documents(id, title, date, source, text) VALUES (?,?,?,?,?)",
                    docs)
                new_keys = self._insert_entities(c, ents)
                c.executemany(
                    "INSERT INTO mentions(document_id, start, end, entity_id, text) "
                    "VALUES (?,?,?,?,?)", list(ments))
                self._insert_relations(c, rels)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.uri}: could not write {len(batch)} document(s): {exc}"
                             ) from None
        self._remember(new_keys)  # only once committed
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

        mapping = {old: t for old, t in mapping.items() if old != t.id}
        if not mapping:
            return 0
        for t in {e.type for e in mapping.values()}:
            self.schema.check_entity_type(t)
        ids = {old: t.id for old, t in mapping.items()}
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
            for table, column in (("evidence", "document_id"), ("mentions", "document_id"),
                                  ("documents", "id")):
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
        return True

    def clear(self) -> None:
        with self._transaction() as c:
            for table in ("evidence", "relations", "mentions", "aliases", "entities", "documents"):
                c.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self._known.clear()

    # -- documents ----------------------------------------------------------------
    @staticmethod
    def _document(row: sqlite3.Row) -> Document:
        return Document(id=row["id"], text=row["text"], title=row["title"], date=row["date"],
                        source=row["source"])

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
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            rels = c.execute(f"SELECT * FROM relations WHERE id IN ({marks})", chunk).fetchall()
            for r in rels:
                out[r["id"]] = Relation(r["id"], r["source"], r["type"], r["target"],
                                        bool(r["symmetric"]))
            for v in c.execute(
                "SELECT v.*, d.title AS dtitle, d.date AS ddate FROM evidence v "
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

    # -- the networkx view --------------------------------------------------------
    def network(self) -> nx.MultiDiGraph:
        """The cached networkx view of the whole store (see :mod:`.algorithms`).
        Treat it as read-only: it is shared by every query in this process."""
        with self._read() as c:
            key = (c.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if self._view is not None and self._view_key == key:
            return self._view
        # one build at a time: concurrent first queries would each build a full copy
        with self._view_lock:
            if self._view is not None and self._view_key == key:
                return self._view
            return self._build_network(key)

    def _build_network(self, key: tuple[int, int]) -> nx.MultiDiGraph:
        with self._read() as c:
            G = nx.MultiDiGraph()
            for r in c.execute("SELECT id, name, type FROM entities"):
                G.add_node(r[0], name=r[1], type=r[2])
            ev: dict[str, list[tuple[str, str | None]]] = {}
            for rid, mod, date in c.execute(
                "SELECT v.relation_id, v.modality, d.date FROM evidence v "
                "JOIN documents d ON d.id = v.document_id"
            ):
                ev.setdefault(rid, []).append((mod, date))
            shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
            for rid, s, t, typ, sym in c.execute(
                "SELECT id, source, target, type, symmetric FROM relations"
            ):
                pairs = tuple(sorted(set(ev.get(rid, ())), key=str))
                # most edges have the same few (modality, date) sets: share one tuple each
                G.add_edge(s, t, key=rid, type=typ, symmetric=bool(sym),
                           ev=shared.setdefault(pairs, pairs))
        self._view, self._view_key = G, key
        return G

    def neighbors(self, entity_id: str, depth: int = 1, where: EdgeFilter | None = None,
                  limit: int = 100) -> Subgraph:
        where = where or EdgeFilter()
        depth = bounded(depth, "depth")
        limit = bounded(limit, "limit")
        self.get_entity(entity_id)  # raises EntityNotFound
        nodes, edge_ids, truncated = algorithms.neighborhood(
            self.network(), entity_id, depth, where, limit)
        with self._read() as c:
            ents = self._entities(c, nodes)
            rels = self._relations(c, edge_ids, where)
        return Subgraph(
            entities=tuple(ents[n] for n in nodes if n in ents),
            relations=tuple(rels[r] for r in edge_ids if r in rels),
            center=entity_id,
            truncated=truncated,
        )

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4,
                       where: EdgeFilter | None = None, all_shortest: bool = False,
                       directed: bool = False, limit: int = 10) -> list[Path]:
        where = where or EdgeFilter()
        max_hops = bounded(max_hops, "max_hops")
        limit = bounded(limit, "paths")
        self.get_entity(source_id)
        self.get_entity(target_id)
        G = self.network()
        seqs = algorithms.shortest_node_paths(G, source_id, target_id, max_hops, where,
                                              all_shortest, directed, limit)
        return self.paths_from_nodes(seqs, where, directed)

    def paths_from_nodes(self, seqs: list[list[str]], where: EdgeFilter, directed: bool
                         ) -> list[Path]:
        """Turn node sequences into :class:`Path` objects with full evidence."""
        G = self.network()
        hops = [[algorithms.best_edge(G, u, v, where, directed)[0] for u, v in zip(s, s[1:])]
                for s in seqs]
        with self._read() as c:
            ents = self._entities(c, sorted({n for s in seqs for n in s}))
            rels = self._relations(c, sorted({r for h in hops for r in h}), where)
        return [Path(tuple(ents[n] for n in s), tuple(rels[r] for r in h))
                for s, h in zip(seqs, hops)]

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
                yield {"kind": "document", **self._document(r).summary(), "text": r["text"]}
            ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id")]
            for chunk in _chunks(ids, 500):
                found = self._entities(conn, chunk)
                for i in chunk:
                    yield {"kind": "entity", **found[i].to_dict()}
            for r in conn.execute("SELECT * FROM mentions ORDER BY document_id, start, end, "
                                  "entity_id"):
                yield {"kind": "mention", "document_id": r["document_id"],
                       "entity_id": r["entity_id"], "start": r["start"], "end": r["end"],
                       "text": r["text"]}
            rids = [r[0] for r in conn.execute("SELECT id FROM relations ORDER BY id")]
            for chunk in _chunks(rids, 500):
                found_r = self._relations(conn, chunk)
                for i in chunk:
                    rel = found_r[i]
                    yield {"kind": "relation", "id": rel.id, "source": rel.source,
                           "type": rel.type, "target": rel.target, "symmetric": rel.symmetric,
                           "evidence": [_evidence_record(e) for e in rel.evidence]}
        finally:
            if c is not None:
                c.close()

    def load(self, records: Iterable[dict[str, Any]], batch: int = 2000) -> dict[str, int]:
        counts = {"document": 0, "entity": 0, "mention": 0, "relation": 0}
        pending: list[dict[str, Any]] = []

        def flush() -> None:
            if not pending:
                return
            with self._transaction() as c:
                for rec in pending:
                    _load_record(self, c, rec)
            pending.clear()

        for rec in records:
            kind = rec.get("kind")
            if kind not in counts:
                raise StoreError(f"unknown record kind {kind!r} in dump")
            counts[kind] += 1
            pending.append(rec)
            if len(pending) >= batch:
                flush()
        flush()
        return counts


def _evidence_record(e: Evidence) -> dict[str, Any]:
    return {"document_id": e.document_id, "sentence": e.sentence, "start": e.start,
            "end": e.end, "modality": e.modality, "extractor": e.extractor,
            "confidence": e.confidence, "trigger": e.trigger}


def _load_record(store: SQLiteStore, c: sqlite3.Connection, rec: dict[str, Any]) -> None:
    kind = rec["kind"]
    if kind == "document":
        c.execute("INSERT OR IGNORE INTO documents(id, title, date, source, text) "
                  "VALUES (?,?,?,?,?)",
                  (rec["id"], rec.get("title", ""), rec.get("date"), rec.get("source", ""),
                   rec["text"]))
    elif kind == "entity":
        store.schema.check_entity_type(rec["type"])
        store._insert_entities(c, [Entity(rec["id"], rec["name"], rec["type"],
                                          tuple(rec.get("aliases", ())))])
    elif kind == "mention":
        # mentions have no unique key (see SCHEMA_VERSION): a re-import must not repeat one
        c.execute("INSERT INTO mentions(document_id, entity_id, start, end, text) "
                  "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM mentions "
                  "WHERE document_id = ?1 AND entity_id = ?2 AND start = ?3 AND end = ?4)",
                  (rec["document_id"], rec["entity_id"], rec["start"], rec["end"],
                   rec["text"]))
    elif kind == "relation":
        store.schema.relation(rec["type"])  # whitelist
        ev = tuple(Evidence(relation_id=rec["id"], **e) for e in rec.get("evidence", ()))
        store._insert_relations(c, [Relation(rec["id"], rec["source"], rec["type"],
                                             rec["target"], bool(rec["symmetric"]), ev)],
                                evidence_exists_check=True)


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
