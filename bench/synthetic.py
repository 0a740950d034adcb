"""A deterministic synthetic graph, bulk-loaded straight into a store, for query benchmarks.

``synthetic_graph(store_uri, entities=100_000, relations=1_000_000, seed=0)`` builds the
same graph, byte for byte, for the same arguments on every machine:

* entities named ``<Given> <Family> <n>`` (unique; each with the alias ``<Family> <n>``),
  60 % PERSON, 25 % ORGANIZATION, 15 % STATE;
* ``relations`` distinct relations of schema types allowed between their ends, chosen
  with a mild skew (low-numbered entities are hubs, as in news), one evidence sentence
  each: 90 % asserted, 5 % hedged, 3 % hypothetical, 2 % negated;
* ``max(1, relations // 1000)`` documents dated 2015-01-01 onwards that hold the
  evidence, and one mention of every entity.

Ids are derived with :mod:`ergraph.model`'s functions, so the graph is indistinguishable
from one that came through the extractor. A ``sqlite://`` URI is loaded with batched
``executemany`` on the store's own tables (about a minute for a million relations); any
other store gets the same records through ``store.load(records)``.

CLI: ``python bench/synthetic.py sqlite:///bench/out/synthetic.db --entities 100000
--relations 1000000``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ergraph.model import document_id, entity_id, evidence_id, normalise_name, relation_id
from ergraph.schema import Schema, default_schema

__all__ = ["synthetic_graph", "synthetic_records", "entity_name", "entity_type", "SyntheticPlan"]

_GIVEN = ["Alma", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Irina",
          "Jonas", "Katya", "Luis", "Mara", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan",
          "Tamar", "Viktor", "Wanda", "Yusuf", "Zofia", "Anton", "Bianca", "Cyril"]
_FAMILY = ["Berg", "Castell", "Dorn", "Esker", "Falk", "Gorin", "Holm", "Ivers", "Jarl",
           "Kade", "Lind", "Morav", "Nolte", "Orsk", "Pell", "Quist", "Rook", "Sand",
           "Tarn", "Ulm", "Vance", "Wold", "Yarrow", "Zell"]
_ORG = ["Bank", "Group", "Agency", "Party", "Holdings", "Institute", "Council", "Media"]
_STATE = ["ia", "land", "stan", "ovia", "ania", "ora"]
_MODALITIES = ["asserted"] * 90 + ["hedged"] * 5 + ["hypothetical"] * 3 + ["negated"] * 2
_TYPE_SHARE = [("PERSON", 0.60), ("ORGANIZATION", 0.25), ("STATE", 0.15)]


def entity_name(i: int, type_: str) -> str:
    """The name of entity number ``i`` (unique over ``i``)."""
    a, b = _GIVEN[i % len(_GIVEN)], _FAMILY[(i // len(_GIVEN)) % len(_FAMILY)]
    if type_ == "ORGANIZATION":
        return f"{b} {_ORG[i % len(_ORG)]} {i}"
    if type_ == "STATE":
        return f"{a}{_STATE[i % len(_STATE)]} {i}"
    return f"{a} {b} {i}"


def entity_type(i: int, n: int) -> str:
    # deterministic by position: the first 60 % persons, then organisations, then states,
    # interleaved by a stride so every range of ids mixes types
    x = (i * 7919) % n / n
    acc = 0.0
    for t, share in _TYPE_SHARE:
        acc += share
        if x < acc:
            return t
    return "STATE"


class SyntheticPlan:
    """The graph as plain rows, computed once, in memory (about 1 GB for 1M relations)."""

    def __init__(self, entities: int, relations: int, seed: int = 0,
                 schema: Schema | None = None) -> None:
        if entities < 2:
            raise ValueError("at least two entities")
        self.schema = schema or default_schema()
        rng = random.Random(seed)
        n = entities
        self.types = [entity_type(i, n) for i in range(n)]
        self.names = [entity_name(i, t) for i, t in enumerate(self.types)]
        self.ids = [entity_id(t, name) for t, name in zip(self.types, self.names, strict=True)]
        ndocs = max(1, relations // 1000)
        start = dt.date(2015, 1, 1)
        self.documents: list[tuple[str, str, str, str, str]] = []
        per_doc = (n + ndocs - 1) // ndocs
        self.mentions: list[tuple[str, str, int, int, str]] = []
        self.doc_dates: list[str] = []
        for d in range(ndocs):
            members = range(d * per_doc, min(n, (d + 1) * per_doc))
            text_parts: list[str] = [f"Synthetic report {d}."]
            offset = len(text_parts[0]) + 1
            spans = []
            for i in members:
                spans.append((i, offset, offset + len(self.names[i])))
                text_parts.append(self.names[i] + ".")
                offset += len(self.names[i]) + 2
            text = " ".join(text_parts)
            date = (start + dt.timedelta(days=(d * 3653) // ndocs)).isoformat()
            did = document_id(text)
            self.documents.append((did, f"Synthetic report {d}", date, f"synthetic/{d}", text))
            self.doc_dates.append(date)
            self.mentions.extend((did, self.ids[i], s, e, self.names[i]) for i, s, e in spans)
        # relation types allowed between each pair of entity types
        allowed: dict[tuple[str, str], list[str]] = {}
        for st, _ in _TYPE_SHARE:
            for tt, _ in _TYPE_SHARE:
                allowed[(st, tt)] = [r.name for r in self.schema.relations.values()
                                     if st in r.source and tt in r.target]
        symmetric = self.schema.symmetric_types
        self.relations: list[tuple[str, str, str, str, int]] = []
        self.evidence: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        while len(self.relations) < relations:
            s = int(n * rng.random() ** 1.6)
            t = rng.randrange(n)
            if s == t:
                continue
            kinds = allowed[(self.types[s], self.types[t])]
            if not kinds:
                continue
            rtype = kinds[rng.randrange(len(kinds))]
            sym = rtype in symmetric
            a, b = self.ids[s], self.ids[t]
            if sym and b < a:
                a, b = b, a
            rid = relation_id(a, rtype, b, sym)
            if rid in seen:
                continue
            seen.add(rid)
            d = rng.randrange(ndocs)
            modality = _MODALITIES[rng.randrange(100)]
            verb = rtype.lower().replace("_", " ")
            sentence = f"{self.names[s]} {verb} {self.names[t]}."
            self.relations.append((rid, a, rtype, b, int(sym)))
            did = self.documents[d][0]
            self.evidence.append((evidence_id(rid, did, 0, len(sentence), modality), rid, did,
                                  sentence, 0, len(sentence), modality, "synthetic",
                                  round(0.5 + rng.random() / 2, 3), verb))

    def records(self) -> Iterator[dict[str, Any]]:
        """The graph as ``GraphStore.dump`` records, for ``store.load``."""
        for did, title, date, source, text in self.documents:
            yield {"kind": "document", "id": did, "title": title, "date": date,
                   "source": source, "text": text}
        for eid, name, type_ in zip(self.ids, self.names, self.types, strict=True):
            yield {"kind": "entity", "id": eid, "name": name, "type": type_,
                   "aliases": [name.split(" ", 1)[1]]}
        for did, eid, s, e, text in self.mentions:
            yield {"kind": "mention", "document_id": did, "entity_id": eid, "start": s,
                   "end": e, "text": text}
        for (rid, a, rtype, b, sym), ev in zip(self.relations, self.evidence, strict=True):
            yield {"kind": "relation", "id": rid, "source": a, "type": rtype, "target": b,
                   "symmetric": bool(sym), "evidence": [{
                       "document_id": ev[2], "sentence": ev[3], "start": ev[4], "end": ev[5],
                       "modality": ev[6], "extractor": ev[7], "confidence": ev[8],
                       "trigger": ev[9]}]}


def synthetic_records(entities: int = 100_000, relations: int = 1_000_000, seed: int = 0
                      ) -> Iterator[dict[str, Any]]:
    """The synthetic graph as store records (see :meth:`GraphStore.load`)."""
    yield from SyntheticPlan(entities, relations, seed).records()


def synthetic_graph(store_uri: str, entities: int = 100_000, relations: int = 1_000_000,
                    seed: int = 0, replace: bool = True) -> dict[str, int]:
    """Build the synthetic graph into the store at ``store_uri``; returns counts by kind.

    With ``replace`` (default) an existing SQLite file is removed first; other stores
    must be empty."""
    plan = SyntheticPlan(entities, relations, seed)
    if store_uri.startswith("sqlite://") and ":memory:" not in store_uri:
        return _bulk_sqlite(store_uri, plan, replace)
    from ergraph.graph import open_store

    store = open_store(store_uri)
    try:
        return store.load(plan.records())
    finally:
        store.close()


def _bulk_sqlite(store_uri: str, plan: SyntheticPlan, replace: bool) -> dict[str, int]:
    from ergraph.graph.sqlite import SQLiteStore, _parse_uri

    path, _memory = _parse_uri(store_uri)
    if replace:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    SQLiteStore(store_uri).close()  # creates the tables the store expects
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -500000")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents(id, title, date, source, text) "
                         "VALUES (?,?,?,?,?)", plan.documents)
        conn.executemany(
            "INSERT INTO entities(id, name, type, name_norm) VALUES (?,?,?,?)",
            ((e, n, t, normalise_name(n))
             for e, n, t in zip(plan.ids, plan.names, plan.types, strict=True)))
        alias_rows: list[tuple[str, str, str]] = []
        for e, n in zip(plan.ids, plan.names, strict=True):
            alias = n.split(" ", 1)[1]
            alias_rows.append((e, n, normalise_name(n)))
            alias_rows.append((e, alias, normalise_name(alias)))
        conn.executemany("INSERT OR IGNORE INTO aliases(entity_id, alias, alias_norm) "
                         "VALUES (?,?,?)", alias_rows)
        conn.executemany("INSERT OR IGNORE INTO mentions(document_id, entity_id, start, end, "
                         "text) VALUES (?,?,?,?,?)", plan.mentions)
        conn.executemany("INSERT INTO relations(id, source, type, target, symmetric) "
                         "VALUES (?,?,?,?,?)", plan.relations)
        conn.executemany("INSERT INTO evidence(id, relation_id, document_id, sentence, start, "
                         "end, modality, extractor, confidence, trigger) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?)", plan.evidence)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return {"document": len(plan.documents), "entity": len(plan.ids),
            "mention": len(plan.mentions), "relation": len(plan.relations)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", help="store URI, e.g. sqlite:///bench/out/synthetic.db")
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--relations", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = synthetic_graph(args.store, args.entities, args.relations, args.seed)
    print(f"{counts} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
