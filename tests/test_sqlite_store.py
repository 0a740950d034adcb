"""What is particular to the embedded store's write path (the shared behaviour is in
test_store_contract.py): the file layout, the writer's memory of stored entities, the
reference checks that stand in for unenforced foreign keys, and version-1 files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from ergraph.errors import EntityNotFound, StoreError
from ergraph.graph import SQLiteStore
from ergraph.graph.sqlite import PAGE_SIZE, SCHEMA_VERSION
from ergraph.model import Entity, Evidence, Extraction, Relation
from graph_fixtures import build_extraction

PEOPLE = {"Alice Smith": "PERSON", "Bob Jones": "PERSON"}


def article(n: int, names: dict[str, str] = PEOPLE) -> Extraction:
    sentence = f"Alice Smith met Bob Jones, report {n}."
    return build_extraction(sentence, f"2022-01-{n:02d}",
                            [("Alice Smith", "MET", "Bob Jones", "asserted", sentence)], names)


def table_sql(db: Path, table: str) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        con.close()


def test_a_new_file_has_the_current_layout(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with SQLiteStore(f"sqlite:///{db}") as store:
        store.write(article(1))
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                           ).fetchone()[0] == SCHEMA_VERSION == "2"
    finally:
        con.close()
    assert "PRIMARY KEY" not in table_sql(db, "evidence")
    assert "PRIMARY KEY" not in table_sql(db, "mentions")


def test_entity_deleted_by_another_connection_is_written_again(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'g.db'}"
    with SQLiteStore(uri) as writer, SQLiteStore(uri) as other:
        first = article(1)
        writer.write(first)  # the writer now remembers Alice and Bob as stored
        assert other.delete_document(first.document.id)  # ...which removes them
        alice = Entity.create("Alice Smith", "PERSON").id
        with pytest.raises(EntityNotFound):
            writer.get_entity(alice)
        assert writer.write(article(2)) is True
        assert writer.get_entity(alice).name == "Alice Smith"
        assert writer.stats()["entities"] == 2
        assert [e.name for e in writer.lookup("alice smith")] == ["Alice Smith"]


def test_entity_deleted_by_the_same_store_is_written_again() -> None:
    store = SQLiteStore("sqlite://:memory:")
    first = article(1)
    store.write(first)
    store.delete_document(first.document.id)
    assert store.stats()["entities"] == 0
    store.write(article(2))
    assert store.stats()["entities"] == 2


def test_new_alias_of_a_remembered_entity_is_stored() -> None:
    store = SQLiteStore("sqlite://:memory:")
    store.write(article(1))
    ex = article(2)
    ents = tuple(e.with_aliases(["Ms Smith"]) if e.name == "Alice Smith" else e
                 for e in ex.entities)
    store.write(Extraction(ex.document, ents, ex.mentions, ex.relations))
    assert [e.name for e in store.lookup("Ms Smith")] == ["Alice Smith"]


def test_relation_of_an_unknown_entity_is_refused_whole() -> None:
    store = SQLiteStore("sqlite://:memory:")
    ex = article(1)
    ghost = Relation.create(ex.entities[0].id, "MET", "e0000000000000000", symmetric=True,
                            evidence=list(ex.relations[0].evidence))
    with pytest.raises(StoreError, match="unknown entity 'e0000000000000000'"):
        store.write(Extraction(ex.document, ex.entities, ex.mentions, (*ex.relations, ghost)))
    assert store.stats()["documents"] == 0 and store.stats()["entities"] == 0


def test_evidence_from_an_unknown_document_is_refused() -> None:
    store = SQLiteStore("sqlite://:memory:")
    ex = article(1)
    (rel,) = ex.relations
    (ev,) = rel.evidence
    stray = Evidence(rel.id, "d-not-stored", ev.sentence, ev.start, ev.end)
    moved = Relation(rel.id, rel.source, rel.type, rel.target, rel.symmetric, (ev, stray))
    with pytest.raises(StoreError, match="unknown document 'd-not-stored'"):
        store.write(Extraction(ex.document, ex.entities, ex.mentions, (moved,)))
    assert store.stats()["documents"] == 0


def test_entity_stored_earlier_may_be_referenced_without_being_repeated() -> None:
    store = SQLiteStore("sqlite://:memory:")
    store.write(article(1))
    ex = article(2)
    assert store.write(Extraction(ex.document, (), ex.mentions, ex.relations)) is True
    assert store.stats()["relations"] == 1 and store.stats()["evidence"] == 2


def test_repeated_mentions_and_evidence_in_one_extraction_are_stored_once() -> None:
    store = SQLiteStore("sqlite://:memory:")
    ex = article(1)
    (rel,) = ex.relations
    doubled = Relation(rel.id, rel.source, rel.type, rel.target, rel.symmetric,
                       rel.evidence * 2)
    store.write(Extraction(ex.document, ex.entities, ex.mentions * 2, (doubled,)))
    assert len(store.mentions(ex.document.id)) == len(ex.mentions)
    assert store.stats()["evidence"] == 1


def test_loading_a_dump_twice_repeats_nothing(tmp_path: Path) -> None:
    source = SQLiteStore("sqlite://:memory:")
    for n in (1, 2, 3):
        source.write(article(n))
    dumped = list(source.dump())
    with SQLiteStore(f"sqlite:///{tmp_path / 'g.db'}") as target:
        target.load(dumped)
        target.load(dumped)
        assert list(target.dump()) == dumped
        assert target.stats() == source.stats()


# The version-1 layout, as the first release created it: unique keys on mentions and
# evidence, cascading foreign keys.
V1_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, source TEXT NOT NULL, text TEXT NOT NULL
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, name_norm TEXT NOT NULL
);
CREATE TABLE aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL, alias_norm TEXT NOT NULL, PRIMARY KEY (entity_id, alias_norm)
);
CREATE TABLE mentions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (document_id, start, end, entity_id)
);
CREATE TABLE relations (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL,
    symmetric INTEGER NOT NULL
);
CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    relation_id TEXT NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    modality TEXT NOT NULL, extractor TEXT NOT NULL, confidence REAL NOT NULL,
    trigger TEXT NOT NULL DEFAULT ''
);
"""


def test_a_version_1_file_is_read_and_written(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    con = sqlite3.connect(db)
    con.executescript(V1_DDL)
    con.close()
    fresh = SQLiteStore("sqlite://:memory:")
    with SQLiteStore(f"sqlite:///{db}") as old:
        for n in (1, 2):
            assert old.write(article(n)) is True
            fresh.write(article(n))
        assert old.write(article(1)) is False
        assert list(old.dump()) == list(fresh.dump())
        assert old.delete_document(article(1).document.id)
        fresh.delete_document(article(1).document.id)
        assert old.stats() == fresh.stats()
    assert "PRIMARY KEY" in table_sql(db, "evidence")  # the file keeps its own layout


def with_alias(ex: Extraction, name: str, alias: str) -> Extraction:
    ents = tuple(e.with_aliases([alias]) if e.name == name else e for e in ex.entities)
    return Extraction(ex.document, ents, ex.mentions, ex.relations)


def test_batch_boundaries_do_not_change_the_graph() -> None:
    """What an ingest commits per batch depends on timing (1 or 2 workers, a slow disk):
    the graph must not. Here the same entity brings a new alias in each document."""
    articles = [with_alias(article(n), "Alice Smith", f"Agent {n}") for n in range(1, 7)]
    one_by_one = SQLiteStore("sqlite://:memory:")
    for ex in articles:
        one_by_one.write(ex)
    expected = list(one_by_one.dump())
    for sizes in ([6], [2, 4], [3, 1, 2]):
        batched = SQLiteStore("sqlite://:memory:")
        i = 0
        for size in sizes:
            batched.write_many(articles[i:i + size])
            i += size
        assert list(batched.dump()) == expected, sizes
    assert len(one_by_one.get_entity(Entity.create("Alice Smith", "PERSON").id).aliases) == 6


# -- the cached views follow writes -------------------------------------------------------
CAST = {"Alice Smith": "PERSON", "Bob Jones": "PERSON", "Carol White": "PERSON",
        "Dave Brown": "PERSON", "Acme Corp": "ORGANIZATION"}


def fact_doc(n: int, s: str, t: str, modality: str = "asserted") -> Extraction:
    sentence = f"{s} met {t}, report {n}."
    return build_extraction(sentence, f"2022-02-{n:02d}", [(s, "MET", t, modality, sentence)],
                            {s: CAST[s], t: CAST[t]})


def fresh_views(db: Path) -> tuple[dict[str, frozenset[str]], dict[str, str], list[object]]:
    with SQLiteStore(f"sqlite:///{db}") as other:
        adj = other.adjacency(wait=True)
        assert adj is not None
        G = other.network()
        return adj.nbrs, adj.names, sorted(G.edges(keys=True, data=True))


def test_writes_update_the_cached_views_in_place(tmp_path: Path) -> None:
    """A write refreshes the nodes it touched in the one adjacency and the one networkx
    view the store keeps: the same objects afterwards, equal to views built afresh."""
    db = tmp_path / "g.db"
    store = SQLiteStore(f"sqlite:///{db}")
    docs = [fact_doc(1, "Alice Smith", "Bob Jones"), fact_doc(2, "Bob Jones", "Carol White"),
            fact_doc(3, "Carol White", "Dave Brown", "negated")]
    store.write(docs[0])
    adj = store.adjacency(wait=True)
    G = store.network()
    assert adj is not None and G.graph.get("version", 0) == 0
    edits = [lambda: store.write(docs[1]), lambda: store.write(docs[2]),
             lambda: store.write_many([fact_doc(4, "Dave Brown", "Acme Corp"),
                                       fact_doc(5, "Acme Corp", "Alice Smith")]),
             lambda: store.delete_document(docs[0].document.id),
             lambda: store.merge_entities({Entity.create("Dave Brown", "PERSON").id:
                                           Entity.create("David Brown", "PERSON")})]
    for i, edit in enumerate(edits, 1):
        edit()
        assert store.adjacency() is adj and store.network() is G  # updated, not rebuilt
        assert G.graph["version"] == i
        nbrs, names, edges = fresh_views(db)
        assert adj.nbrs == nbrs and adj.names == names
        assert sorted(G.edges(keys=True, data=True)) == edges
    alice, carol = (Entity.create(n, "PERSON").id for n in ("Alice Smith", "Carol White"))
    david = Entity.create("David Brown", "PERSON").id
    assert [[e.name for e in p.nodes] for p in store.shortest_paths(alice, david)] == [
        ["Alice Smith", "Acme Corp", "David Brown"]]
    assert store.shortest_paths(alice, carol) == []  # Alice-Bob deleted, Carol-Dave denied
    store.clear()
    assert store.adjacency(wait=True) is not adj  # a bulk change: built again
    store.close()


def test_a_write_by_another_process_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    reader = SQLiteStore(f"sqlite:///{db}")
    writer = SQLiteStore(f"sqlite:///{db}")  # another connection: as another process
    writer.write(fact_doc(1, "Alice Smith", "Bob Jones"))
    alice, bob, carol = (Entity.create(n, "PERSON").id
                         for n in ("Alice Smith", "Bob Jones", "Carol White"))
    reader.adjacency(wait=True)
    assert reader.shortest_paths(alice, bob)[0].hops == 1
    writer.write(fact_doc(2, "Bob Jones", "Carol White"))
    reader.adjacency(wait=True)  # dropped on seeing the other commit, built again
    assert reader.shortest_paths(alice, carol)[0].hops == 2
    assert reader.connections(carol) == {"relation_counts": {"MET": 1},
                                         "negated_relations": 0}
    writer.close()
    reader.close()


def test_first_path_query_needs_no_view(tmp_path: Path) -> None:
    """Before the adjacency is built (and for every other filter) paths and
    neighbourhoods are searched over the indexes: the same answers as over the
    adjacency, and no whole-graph view."""
    db = tmp_path / "g.db"
    store = SQLiteStore(f"sqlite:///{db}")
    store.write_many([fact_doc(1, "Alice Smith", "Bob Jones"),
                      fact_doc(2, "Bob Jones", "Carol White")])
    alice, carol = (Entity.create(n, "PERSON").id for n in ("Alice Smith", "Carol White"))
    store.write(fact_doc(3, "Carol White", "Acme Corp"))
    store._adj = None  # as if the build had not finished
    store._building = True
    by_index = store.shortest_paths(alice, carol, all_shortest=True)
    hoods = [store.neighbors(x, depth=d, limit=n).to_dict()
             for x in (alice, carol) for d in (1, 2, 3) for n in (2, 3, 100)]
    assert store._view is None and store._adj is None
    store._building = False
    store.adjacency(wait=True)
    assert [p.to_dict() for p in store.shortest_paths(alice, carol, all_shortest=True)] == \
        [p.to_dict() for p in by_index]
    assert [store.neighbors(x, depth=d, limit=n).to_dict()
            for x in (alice, carol) for d in (1, 2, 3) for n in (2, 3, 100)] == hoods
    store.close()


def test_a_relation_without_evidence_is_never_traversed(tmp_path: Path) -> None:
    """A loaded relation record may carry no evidence: no search uses it, whether over the
    indexes or over the adjacency."""
    a, b = Entity.create("Ann Lee", "PERSON"), Entity.create("Bo Ray", "PERSON")
    store = SQLiteStore(f"sqlite:///{tmp_path / 'g.db'}")
    store.load([{"kind": "entity", **a.to_dict()}, {"kind": "entity", **b.to_dict()},
                {"kind": "relation", "id": "r1", "source": a.id, "type": "MET",
                 "target": b.id, "symmetric": True, "evidence": []}])
    assert store.shortest_paths(a.id, b.id) == []  # over the indexes (being built)
    store.adjacency(wait=True)
    assert store.shortest_paths(a.id, b.id) == []
    assert store.neighbors(a.id).relations == ()
    store.close()


def test_the_view_changes_only_when_asked_for_again() -> None:
    """A write never mutates the networkx view under an analysis iterating it: the nodes it
    touched are refreshed when the view is next asked for."""
    store = SQLiteStore("sqlite://:memory:")
    store.write(fact_doc(1, "Alice Smith", "Bob Jones"))
    G = store.network()
    before = sorted(G.edges(keys=True))
    edges = iter(G.edges(keys=True))
    next(edges)
    store.write(fact_doc(2, "Bob Jones", "Carol White"))
    assert sorted(G.edges(keys=True)) == before
    list(edges)  # the iteration started before the write finishes undisturbed
    assert store.network() is G and G.number_of_edges() == 2
    store.close()


def test_views_stay_right_under_concurrent_writes_and_reads(tmp_path: Path) -> None:
    """Readers search while a writer writes and deletes, the adjacency being built
    meanwhile: no reader fails, and the views end equal to ones built afresh."""
    import random
    import threading

    db = tmp_path / "g.db"
    store = SQLiteStore(f"sqlite:///{db}")
    people = [n for n, t in CAST.items() if t == "PERSON"]
    ids = [Entity.create(n, "PERSON").id for n in people]
    store.write(fact_doc(1, "Alice Smith", "Bob Jones"))
    stop = threading.Event()
    failures: list[BaseException] = []

    def read(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                store.shortest_paths(rng.choice(ids), rng.choice(ids), all_shortest=True)
                store.neighbors(rng.choice(ids), depth=2)
            except EntityNotFound:
                pass  # an entity deleted with its last document
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
                return

    readers = [threading.Thread(target=read, args=(i,)) for i in range(3)]
    for t in readers:
        t.start()
    rng = random.Random(7)
    written = []
    for n in range(2, 60):
        s, t = rng.sample(people, 2)
        doc = fact_doc(n % 28 + 1, s, t, rng.choice(["asserted", "negated"]))
        if store.write(doc):
            written.append(doc)
        if n % 5 == 0 and written:
            store.delete_document(written.pop(rng.randrange(len(written))).document.id)
        if n == 20:
            store.network()
    stop.set()
    for t in readers:
        t.join()
    assert failures == []
    adj = store.adjacency(wait=True)
    assert adj is not None
    nbrs, names, edges = fresh_views(db)
    assert adj.nbrs == nbrs and adj.names == names
    assert sorted(store.network().edges(keys=True, data=True)) == edges
    store.close()
