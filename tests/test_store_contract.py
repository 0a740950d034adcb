"""The store behaviour suite: written once, run against every backend.

Like networkx runs one suite over each graph class, every test here takes ``store`` and
runs on:

* ``sqlite-memory`` and ``sqlite-file`` - the embedded store, always;
* ``neo4j`` - the Neo4j backend over Bolt against a real Neo4j 5.26 started by Neo4j's
  own test harness (``tests/neo4j_server``, session fixture ``neo4j_server``; marker
  ``neo4j``; fails under ``CI=1`` if the server cannot start, skips locally with the
  reason), or the server named by ``ERGRAPH_TEST_NEO4J_URI``.

Besides behaviour asserted directly, :func:`test_same_answers_as_the_reference_store`
checks every read against the embedded in-memory store loaded with the same data: the
backends must agree, tie-breaking included. The test graphs are built from
``ergraph.model`` objects (no spaCy).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from ergraph.errors import (
    AmbiguousName,
    DocumentNotFound,
    EntityNotFound,
    SchemaError,
    StoreError,
    StoreUnavailable,
)
from ergraph.graph import EdgeFilter, GraphStore, SQLiteStore, open_store, resolve_entity
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, OpenName, Relation
from ergraph.schema import default_schema

SCHEMA = default_schema()

# -- the test world ---------------------------------------------------------------------
PEOPLE = {
    "Alice Smith": ("PERSON", ["Alice", "A. Smith"]),
    "Bob Jones": ("PERSON", ["The Boss"]),
    "Carol White": ("PERSON", ["The Boss"]),
    "Dave Brown": ("PERSON", []),
    "Frank Miller": ("PERSON", ["F. Miller"]),
    "Smithers": ("PERSON", []),
    "Acme Corp": ("ORGANIZATION", ["Acme"]),
    "Ruritania": ("STATE", []),
    "Ruritania Holdings": ("ORGANIZATION", ["Ruritania"]),
}
ENT = {name: Entity.create(name, t, aliases) for name, (t, aliases) in PEOPLE.items()}
ID = {name: e.id for name, e in ENT.items()}

Fact = tuple[str, str, str, str, str]  # source, TYPE, target, modality, sentence


def extraction(text: str, date: str | None, facts: list[Fact], names: list[str],
               title: str = "") -> Extraction:
    doc = Document.from_text(text, title=title, date=date)
    ents = [ENT[n] for n in names]
    mentions = []
    for e in ents:
        i = doc.text.find(e.name)
        if i >= 0:
            mentions.append(Mention(e.id, doc.id, i, i + len(e.name), e.name))
    rels: dict[str, Relation] = {}
    for s, typ, t, modality, sentence in facts:
        start = doc.text.index(sentence)
        ev = Evidence("", doc.id, sentence, start, start + len(sentence), modality, "test", 0.8,
                      trigger=typ.lower())
        r = Relation.create(ID[s], typ, ID[t], symmetric=SCHEMA.relations[typ].symmetric,
                            evidence=[ev])
        old = rels.get(r.id)
        rels[r.id] = r if old is None else Relation(old.id, old.source, old.type, old.target,
                                                    old.symmetric, old.evidence + r.evidence)
    return Extraction(doc, tuple(ents), tuple(mentions), tuple(rels.values()))


D1 = extraction(
    "Alice Smith met Bob Jones in Paris. Alice Smith joined Bob Jones on the board. "
    "Bob Jones leads Acme Corp. Alice Smith did not accuse Carol White. "
    "Acme Corp may have supported Ruritania.",
    "2020-01-10",
    [("Alice Smith", "MET", "Bob Jones", "asserted", "Alice Smith met Bob Jones in Paris."),
     ("Alice Smith", "AFFILIATED_WITH", "Bob Jones", "asserted",
      "Alice Smith joined Bob Jones on the board."),
     ("Bob Jones", "LEADS", "Acme Corp", "asserted", "Bob Jones leads Acme Corp."),
     ("Alice Smith", "ACCUSED", "Carol White", "negated",
      "Alice Smith did not accuse Carol White."),
     ("Acme Corp", "SUPPORTED", "Ruritania", "hedged",
      "Acme Corp may have supported Ruritania.")],
    ["Alice Smith", "Bob Jones", "Acme Corp", "Carol White", "Ruritania"],
    title="The pact",
)
D2 = extraction(
    "Carol White cooperated with Ruritania. Alice Smith met Bob Jones again. "
    "Bob Jones is an associate of Dave Brown. Frank Miller attacked Carol White.",
    "2021-06-01",
    [("Carol White", "COOPERATED_WITH", "Ruritania", "asserted",
      "Carol White cooperated with Ruritania."),
     ("Alice Smith", "MET", "Bob Jones", "asserted", "Alice Smith met Bob Jones again."),
     ("Bob Jones", "ASSOCIATE_OF", "Dave Brown", "asserted",
      "Bob Jones is an associate of Dave Brown."),
     ("Frank Miller", "ATTACKED", "Carol White", "asserted",
      "Frank Miller attacked Carol White.")],
    ["Carol White", "Ruritania", "Alice Smith", "Bob Jones", "Dave Brown", "Frank Miller"],
    title="The meeting",
)
D3 = extraction(
    "Dave Brown sanctioned Ruritania. Smithers is affiliated with Acme Corp. "
    "Ruritania Holdings is a firm. Alice Smith met Bob Jones at the firm.",
    None,
    [("Dave Brown", "SANCTIONED", "Ruritania", "asserted", "Dave Brown sanctioned Ruritania."),
     ("Alice Smith", "MET", "Bob Jones", "asserted", "Alice Smith met Bob Jones at the firm."),
     ("Smithers", "AFFILIATED_WITH", "Acme Corp", "asserted",
      "Smithers is affiliated with Acme Corp.")],
    ["Dave Brown", "Ruritania", "Smithers", "Acme Corp", "Ruritania Holdings", "Alice Smith",
     "Bob Jones"],
    title="Sanctions",
)
WORLD = (D1, D2, D3)

EMPTY_STATS = {
    "documents": 0, "entities": 0,
    "entities_by_type": {"PERSON": 0, "STATE": 0, "ORGANIZATION": 0},
    "relations": 0, "relations_by_type": {}, "negated_only_relations": 0, "evidence": 0,
    "evidence_by_modality": {}, "mentions": 0, "date_range": {"first": None, "last": None},
}
WORLD_STATS = {
    "documents": 3, "entities": 9,
    "entities_by_type": {"PERSON": 6, "STATE": 1, "ORGANIZATION": 2},
    "relations": 9,
    "relations_by_type": {"AFFILIATED_WITH": 2, "ASSOCIATE_OF": 1, "ATTACKED": 1,
                          "COOPERATED_WITH": 1, "LEADS": 1, "MET": 1, "SANCTIONED": 1,
                          "SUPPORTED": 1},
    "negated_only_relations": 1,
    "evidence": 12, "evidence_by_modality": {"asserted": 10, "hedged": 1, "negated": 1},
    "mentions": 18,
    "date_range": {"first": "2020-01-10", "last": "2021-06-01"},
}


def names(entities: Any) -> list[str]:
    return [e.name for e in entities]


def path_names(paths: Any) -> list[list[str]]:
    return [names(p.nodes) for p in paths]


# -- backends -------------------------------------------------------------------------
@dataclass
class Backend:
    name: str
    opener: Callable[..., GraphStore]
    #: a second, empty store of the same kind (None: the server has one database only)
    other: Callable[[], GraphStore] | None
    bolt: bool = False

    def open(self, **options: Any) -> GraphStore:
        return self.opener(**options)


BACKENDS = [
    "sqlite-memory",
    "sqlite-file",
    pytest.param("neo4j", marks=pytest.mark.neo4j),
]


def _bolt(uri: str, password: str, database: str | None) -> Callable[..., GraphStore]:
    def opener(**options: Any) -> GraphStore:
        options.setdefault("batch_size", 2)  # every multi-row write spans several batches
        return open_store(uri, password=password, database=database, **options)

    return opener


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    kind = request.param
    if kind == "sqlite-memory":
        return Backend(kind, lambda **_: SQLiteStore("sqlite://:memory:"),
                       lambda: SQLiteStore("sqlite://:memory:"))
    if kind == "sqlite-file":
        return Backend(kind, lambda **_: SQLiteStore(f"sqlite:///{tmp_path / 'graph.db'}"),
                       lambda: SQLiteStore(f"sqlite:///{tmp_path / 'copy.db'}"))
    server = request.getfixturevalue("neo4j_server")
    opener = _bolt(server.store_uri, server.password, server.database)

    def fresh_copy() -> GraphStore:
        # Community Neo4j has one user database: the "other" store is a second store
        # object on it, emptied (the tests read everything they need from the first
        # store before opening it).
        s = opener()
        s.clear()
        return s

    return Backend(kind, opener, fresh_copy, bolt=True)


@pytest.fixture
def store(backend: Backend) -> Iterator[GraphStore]:
    s = backend.open()
    s.clear()
    yield s
    s.close()


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    for x in WORLD:
        assert store.write(x) is True
    return store


@pytest.fixture(scope="module")
def reference() -> SQLiteStore:
    """The embedded in-memory store with the same data: the answers every backend gives."""
    ref = SQLiteStore("sqlite://:memory:")
    for x in WORLD:
        ref.write(x)
    return ref


# -- writes ---------------------------------------------------------------------------
def test_store_implements_the_protocol(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)
    assert store.stats() == EMPTY_STATS


def test_write_then_same_extraction_again_changes_nothing(store: GraphStore) -> None:
    assert store.write(D1) is True
    first = store.stats()
    dumped = list(store.dump())
    assert first["documents"] == 1 and first["relations"] == 4
    assert store.write(D1) is False
    assert store.has_document(D1.document.id)
    assert store.stored_documents([D2.document.id, D1.document.id, D1.document.id]) \
        == {D1.document.id}
    assert store.stored_documents([]) == set()
    assert store.stats() == first
    assert list(store.dump()) == dumped


def test_write_many_skips_stored_and_repeated_documents(store: GraphStore) -> None:
    write_many = store.write_many
    assert write_many([D1, D2, D1]) == [True, True, False]
    assert write_many([D2, D3]) == [False, True]
    assert write_many([]) == []
    assert store.stats() == WORLD_STATS
    bad = Relation("rbogus", ID["Dave Brown"], "NOT_A_RELATION", ID["Ruritania"])
    fresh = extraction("Smithers met Dave Brown.", "2023-03-03",
                       [("Smithers", "MET", "Dave Brown", "asserted", "Smithers met Dave Brown.")],
                       ["Smithers", "Dave Brown"])
    broken = Extraction(D1.document, (), (), (bad,))  # stored already, but still invalid
    before = list(store.dump())
    with pytest.raises(SchemaError):
        write_many([fresh, Extraction(Document.from_text("x y z"), (), (), (bad,)), broken])
    assert not store.has_document(fresh.document.id)  # the whole batch rolled back
    assert list(store.dump()) == before


def test_world_statistics(world: GraphStore) -> None:
    assert world.stats() == WORLD_STATS


def test_entities_merge_aliases_and_evidence_across_documents(store: GraphStore) -> None:
    store.write(D1)
    later = Extraction(D2.document, (ENT["Alice Smith"].with_aliases(["Ally"]),),
                       D2.mentions[2:3], tuple(r for r in D2.relations if r.type == "MET"))
    assert store.write(later)
    alice = store.get_entity(ID["Alice Smith"])
    assert alice.aliases == ("A. Smith", "Alice", "Ally")
    met = store.relations(source=ID["Alice Smith"], type="MET")
    assert len(met) == 1
    assert [(e.document_date, e.sentence) for e in met[0].evidence] == [
        ("2020-01-10", "Alice Smith met Bob Jones in Paris."),
        ("2021-06-01", "Alice Smith met Bob Jones again."),
    ]


def test_documents_and_mentions(world: GraphStore) -> None:
    docs = world.documents()
    assert [d.title for d in docs] == ["The pact", "The meeting", "Sanctions"]  # undated last
    assert [d.title for d in world.documents(limit=1, offset=1)] == ["The meeting"]
    got = world.get_document(D2.document.id)
    assert got == D2.document
    with pytest.raises(DocumentNotFound):
        world.get_document("dnope")
    ms = world.mentions(D1.document.id)
    assert [(m.text, m.start) for m in ms] == sorted(
        [(m.text, m.start) for m in D1.mentions], key=lambda t: t[1])
    assert [d.title for d in world.entity_documents(ID["Dave Brown"])] == [
        "The meeting", "Sanctions"]


def test_document_evidence_lists_a_documents_sentences_in_one_query(world: GraphStore
                                                                     ) -> None:
    spans = world.document_evidence(D1.document.id)
    text = D1.document.text
    got = [(s.type, s.source_name, s.target_name, s.modality, s.sentence) for s in spans]
    met_ends = sorted(["Alice Smith", "Bob Jones"], key=ID.__getitem__)  # symmetric: by id
    assert got == [
        ("MET", *met_ends, "asserted", "Alice Smith met Bob Jones in Paris."),
        ("AFFILIATED_WITH", "Alice Smith", "Bob Jones", "asserted",
         "Alice Smith joined Bob Jones on the board."),
        ("LEADS", "Bob Jones", "Acme Corp", "asserted", "Bob Jones leads Acme Corp."),
        ("ACCUSED", "Alice Smith", "Carol White", "negated",  # denials too
         "Alice Smith did not accuse Carol White."),
        ("SUPPORTED", "Acme Corp", "Ruritania", "hedged",
         "Acme Corp may have supported Ruritania."),
    ]
    for s in spans:
        assert text[s.start:s.end] == s.sentence and s.page is None
        rel = next(r for r in world.relations(source=s.source, target=s.target, type=s.type))
        assert rel.id == s.relation_id and rel.symmetric == s.symmetric
    met = spans[0].to_dict()
    assert met["symmetric"] is True and "page" not in met  # not a paged document
    assert met["source"] == ID[met_ends[0]] and met["relation_id"] == spans[0].relation_id
    # bounded: the first by offset
    assert [s.sentence for s in world.document_evidence(D1.document.id, limit=2)] == [
        s.sentence for s in spans[:2]]
    assert len(world.document_evidence(D1.document.id, limit=10**9)) == 5  # clamped
    assert world.document_evidence("dnope") == []
    # only this document's evidence of a relation with evidence in three
    d3 = world.document_evidence(D3.document.id)
    assert [s.sentence for s in d3 if s.type == "MET"] == ["Alice Smith met Bob Jones at the firm."]
    world.delete_document(D3.document.id)
    assert world.document_evidence(D3.document.id) == []


#: a paged document (two "pages", as a PDF's page table) with an e-mail's metadata
PAGED_TEXT = ("Alice Smith met Bob Jones in Paris.\n\nBob Jones leads Acme Corp. "
              "Alice Smith did not accuse Carol White.")


def paged(metadata: dict[str, Any] | None = None) -> Extraction:
    x = extraction(PAGED_TEXT, "2022-02-02",
                   [("Alice Smith", "MET", "Bob Jones", "asserted",
                     "Alice Smith met Bob Jones in Paris."),
                    ("Bob Jones", "LEADS", "Acme Corp", "asserted", "Bob Jones leads Acme Corp."),
                    ("Alice Smith", "ACCUSED", "Carol White", "negated",
                     "Alice Smith did not accuse Carol White.")],
                   ["Alice Smith", "Bob Jones", "Acme Corp", "Carol White"], title="Report")
    meta = {"format": "pdf", "pages": [0, PAGED_TEXT.index("Bob Jones leads")],
            "page_count": 2, "from": "Ann <ann@example.org>",
            "to": ["bo@example.org", "cy@example.org"], "attachments": [
                {"file": "r.pdf", "document_id": "d0123456789abcdef"}], "ratio": 0.5,
            "flag": True, "none": None} if metadata is None else metadata
    return replace(x, document=replace(x.document, metadata=meta))


def test_document_metadata_is_stored_and_evidence_gets_its_page(backend: Backend,
                                                                store: GraphStore) -> None:
    x = paged()
    assert store.write(x) is True
    doc = store.get_document(x.document.id)
    assert doc.metadata == x.document.metadata
    assert [d.metadata for d in store.documents()] == [x.document.metadata]
    assert [d.metadata for d in store.entity_documents(ID["Acme Corp"])] == [
        x.document.metadata]
    pages = {e.sentence: e.page for r in store.relations() for e in r.evidence}
    assert pages == {"Alice Smith met Bob Jones in Paris.": 1,
                     "Bob Jones leads Acme Corp.": 2,
                     "Alice Smith did not accuse Carol White.": 2}
    (leads,) = store.relations(source=ID["Bob Jones"], type="LEADS")
    assert leads.evidence[0].to_dict()["page"] == 2
    sub = store.neighbors(ID["Bob Jones"])
    assert {e.page for r in sub.relations for e in r.evidence} == {1, 2}
    (path,) = store.shortest_paths(ID["Alice Smith"], ID["Acme Corp"])
    assert [r.evidence[0].page for r in path.relations] == [1, 2]
    assert [(s.sentence, s.page) for s in store.document_evidence(x.document.id)] == [
        ("Alice Smith met Bob Jones in Paris.", 1), ("Bob Jones leads Acme Corp.", 2),
        ("Alice Smith did not accuse Carol White.", 2)]
    # the dump record carries it, and a load (any backend) keeps it
    dumped = list(store.dump())
    (rec,) = [r for r in dumped if r["kind"] == "document"]
    assert rec["metadata"] == x.document.metadata
    assert all("page" not in e for r in dumped if r["kind"] == "relation"
               for e in r["evidence"])  # derived on reading, not stored
    via = SQLiteStore("sqlite://:memory:")
    via.load(dumped)
    assert via.get_document(x.document.id).metadata == x.document.metadata
    assert list(via.dump()) == dumped
    store.clear()
    store.load(via.dump())
    assert store.get_document(x.document.id).metadata == x.document.metadata
    assert list(store.dump()) == dumped
    assert {e.page for r in store.relations() for e in r.evidence} == {1, 2}


def test_metadata_that_is_not_strict_json_is_stored_as_text(store: GraphStore) -> None:
    import datetime as dt

    x = paged({"pages": [0, 36], "sent": dt.date(2021, 6, 2), "ratio": float("nan"),
               "subject": "caf\udce9", "to": ("a@example.org",), 7: "seven"})
    assert store.write(x) is True
    assert store.get_document(x.document.id).metadata == {
        "pages": [0, 36], "sent": "2021-06-02", "ratio": "nan", "subject": "caf?",
        "to": ["a@example.org"], "7": "seven"}
    pages = {e.sentence: e.page for r in store.relations() for e in r.evidence}
    assert pages["Alice Smith met Bob Jones in Paris."] == 1
    assert pages["Bob Jones leads Acme Corp."] == 2


def test_oversized_metadata_is_cut_down_not_stored_whole(store: GraphStore) -> None:
    from ergraph.graph.records import METADATA_MAX_BYTES

    pages = [0, PAGED_TEXT.index("Bob Jones leads")]
    huge = {"pages": pages, "to": [f"person{i}@example.org" for i in range(10_000)],
            "format": "email", "note": "x" * (METADATA_MAX_BYTES + 1)}
    x = paged(huge)
    assert store.write(x) is True
    got = store.get_document(x.document.id).metadata
    import json

    assert len(json.dumps(got).encode()) <= METADATA_MAX_BYTES
    assert got == {"pages": pages, "format": "email", "truncated": ["note", "to"]}
    (leads,) = store.relations(source=ID["Bob Jones"], type="LEADS")
    assert leads.evidence[0].page == 2  # the page table is kept


def test_delete_document_removes_its_evidence_edges_and_orphans(world: GraphStore) -> None:
    assert world.delete_document(D2.document.id) is True
    assert not world.has_document(D2.document.id)
    assert world.delete_document(D2.document.id) is False
    # evidence from D2 gone; the MET edge survives on D1's evidence
    met = world.relations(source=ID["Alice Smith"], target=ID["Bob Jones"], type="MET")
    assert [e.document_id for e in met[0].evidence] == [D1.document.id, D3.document.id]
    # edges whose only evidence was D2 are gone
    assert world.relations(type="COOPERATED_WITH") == []
    assert world.relations(type="ASSOCIATE_OF") == []
    assert world.relations(type="ATTACKED") == []
    # Frank was only in D2: gone with his names; Dave is still mentioned in D3
    with pytest.raises(EntityNotFound):
        world.get_entity(ID["Frank Miller"])
    assert world.lookup("F. Miller") == []
    assert world.search("frank") == []
    assert names(world.lookup("dave brown")) == ["Dave Brown"]
    stats = world.stats()
    assert stats["documents"] == 2
    assert stats["entities"] == 8
    assert stats["evidence"] == 8
    assert stats["mentions"] == 12


def test_open_names_are_kept_with_their_document_and_found_by_key(store: GraphStore) -> None:
    # what loaders.settling asks: which documents left a one-word name open, and how
    a = replace(D1, open_names=(OpenName("smithers", "ORGANIZATION", ""),
                                OpenName("zenda", "", "")))
    b = replace(D2, open_names=(OpenName("smithers", "", "PERSON"),))
    store.write_many([a, b, D3])
    assert store.open_name_documents(["smithers"]) == {
        a.document.id: (OpenName("smithers", "ORGANIZATION", ""),
                        OpenName("zenda", "", "")),
        b.document.id: (OpenName("smithers", "", "PERSON"),),
    }
    assert store.open_name_documents(["zenda", "nobody"]) == {
        a.document.id: a.open_names}
    assert store.open_name_documents([]) == {}
    # an open name is no entity name: nothing to look up or search
    assert store.lookup("zenda") == [] and store.search("zenda") == []
    assert store.delete_document(a.document.id)
    assert store.open_name_documents(["smithers", "zenda"]) == {
        b.document.id: b.open_names}
    store.clear()
    assert store.open_name_documents(["smithers"]) == {}


def test_delete_everything_leaves_an_empty_graph(world: GraphStore) -> None:
    for x in WORLD:
        assert world.delete_document(x.document.id)
    assert world.stats() == EMPTY_STATS
    assert list(world.dump()) == []


def test_clear(world: GraphStore) -> None:
    world.clear()
    assert world.stats() == EMPTY_STATS
    assert world.write(D1) is True  # and writable again


def test_failing_write_rolls_back_the_whole_document(store: GraphStore) -> None:
    store.write(D1)
    before = list(store.dump())
    bad_type = Relation("rbogus", ID["Dave Brown"], "NOT_A_RELATION", ID["Ruritania"])
    broken = Extraction(D2.document, D2.entities, D2.mentions, (*D2.relations, bad_type))
    with pytest.raises(SchemaError):
        store.write(broken)
    assert not store.has_document(D2.document.id)
    assert store.lookup("Frank Miller") == []
    assert list(store.dump()) == before

    ghost = Mention("e0000000000000000", D3.document.id, 0, 5, "Ghost")
    dangling = Extraction(D3.document, D3.entities, (*D3.mentions, ghost), D3.relations)
    with pytest.raises(StoreError):
        store.write(dangling)
    assert not store.has_document(D3.document.id)
    assert store.lookup("Smithers") == []
    assert list(store.dump()) == before
    assert store.write(D2) is True  # the failures left nothing in the way


def _concurrent_writes(backend: Backend, store: GraphStore, shared: bool) -> None:
    """Four writer threads, eight documents about the same two entities and relation:
    through one shared store object, or through a store object each (as separate
    processes would). Nothing is lost, nothing is doubled, nothing fails."""
    docs = [extraction(f"Alice Smith met Bob Jones, report {i}.", f"2022-01-{i + 1:02d}",
                       [("Alice Smith", "MET", "Bob Jones", "asserted",
                         f"Alice Smith met Bob Jones, report {i}.")],
                       ["Alice Smith", "Bob Jones"]) for i in range(8)]
    docs += docs[:2]  # two documents written twice, by different writers
    errors: list[BaseException] = []
    common = backend.open() if shared else None

    def writer(part: list[Extraction]) -> None:
        s = common or backend.open()
        try:
            for x in part:
                s.write(x)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            if common is None:
                s.close()

    threads = [threading.Thread(target=writer, args=(docs[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if common is not None:
        common.close()
    assert errors == []
    stats = store.stats()
    assert stats["documents"] == 8 and stats["entities"] == 2 and stats["evidence"] == 8
    assert stats["relations"] == 1 and stats["mentions"] == 16


def test_concurrent_writers_in_one_process(backend: Backend, store: GraphStore) -> None:
    if backend.name == "sqlite-memory":
        pytest.skip("an in-memory database is private to one store object")
    _concurrent_writes(backend, store, shared=True)


def test_concurrent_writers_from_separate_clients(backend: Backend, store: GraphStore) -> None:
    """Server-side concurrency: each writer with its own store object and connections."""
    if backend.name == "sqlite-memory":
        pytest.skip("an in-memory database is private to one store object")
    _concurrent_writes(backend, store, shared=False)


# -- lookup and search ----------------------------------------------------------------
def test_lookup_is_case_accent_and_alias_insensitive(world: GraphStore) -> None:
    assert names(world.lookup("alice SMITH")) == ["Alice Smith"]
    assert names(world.lookup("Álice Smith")) == ["Alice Smith"]
    assert names(world.lookup("a smith")) == ["Alice Smith"]  # alias "A. Smith"
    assert names(world.lookup("the boss")) == ["Bob Jones", "Carol White"]
    assert world.lookup("nobody at all") == []


def test_search_orders_exact_prefix_word_then_substring(world: GraphStore) -> None:
    assert names(world.search("smith")) == ["Smithers", "Alice Smith"]
    assert names(world.search("Ruritania")) == ["Ruritania", "Ruritania Holdings"]
    assert names(world.search("ruri", type="ORGANIZATION")) == ["Ruritania Holdings"]
    assert names(world.search("ith")) == ["Alice Smith", "Smithers"]
    assert names(world.search("o", limit=2)) == names(world.search("o"))[:2]
    assert names(world.search("o", limit=2, offset=2)) == names(world.search("o"))[2:4]
    assert world.search("   ") == []
    with pytest.raises(SchemaError):
        world.search("x", type="PLANET")


def test_resolve_entity(world: GraphStore) -> None:
    assert resolve_entity(world, "alice").id == ID["Alice Smith"]
    assert resolve_entity(world, ID["Dave Brown"]).name == "Dave Brown"
    # a canonical name wins over another entity's alias
    assert resolve_entity(world, "Ruritania").type == "STATE"
    with pytest.raises(AmbiguousName) as amb:
        resolve_entity(world, "The Boss")
    assert {c["name"] for c in amb.value.candidates} == {"Bob Jones", "Carol White"}
    with pytest.raises(EntityNotFound) as missing:
        resolve_entity(world, "Alise Smith")
    assert "Alice Smith" in [c["name"] for c in missing.value.close_matches]


# -- relations ------------------------------------------------------------------------
def test_relations_with_evidence(world: GraphStore) -> None:
    rels = world.relations(source=ID["Bob Jones"])
    # Bob is the source of LEADS, and either end of the symmetric MET and ASSOCIATE_OF
    assert sorted(r.type for r in rels) == ["ASSOCIATE_OF", "LEADS", "MET"]
    leads = next(r for r in rels if r.type == "LEADS")
    (ev,) = leads.evidence
    assert (ev.sentence, ev.modality, ev.document_id, ev.document_title, ev.document_date) == (
        "Bob Jones leads Acme Corp.", "asserted", D1.document.id, "The pact", "2020-01-10")
    assert D1.document.text[ev.start:ev.end] == ev.sentence
    assert (ev.extractor, ev.confidence, ev.trigger) == ("test", 0.8, "leads")
    into_bob = world.relations(target=ID["Bob Jones"])
    assert sorted(r.type for r in into_bob) == ["AFFILIATED_WITH", "ASSOCIATE_OF", "MET"]
    between = world.relations(source=ID["Bob Jones"], target=ID["Alice Smith"])
    assert [r.type for r in between] == ["MET"]  # symmetric: either way round
    # evidence in document date order, undated documents last
    assert [e.document_date for e in between[0].evidence] == ["2020-01-10", "2021-06-01", None]
    assert len(world.relations(limit=3)) == 3
    negated = world.relations(source=ID["Alice Smith"], type="ACCUSED")
    assert [e.modality for e in negated[0].evidence] == ["negated"]
    assert world.relations(source=ID["Alice Smith"], type="ACCUSED",
                           include_negated=False) == []
    with pytest.raises(SchemaError):
        world.relations(type="DROP_EVERYTHING")


# -- neighbourhoods -------------------------------------------------------------------
def test_neighbors_depth_filters_and_limit(world: GraphStore) -> None:
    one = world.neighbors(ID["Alice Smith"])
    assert names(one.entities) == ["Alice Smith", "Bob Jones"]  # the negated edge is not used
    assert sorted(r.type for r in one.relations) == ["AFFILIATED_WITH", "MET"]
    assert one.center == ID["Alice Smith"] and not one.truncated
    two = world.neighbors(ID["Alice Smith"], depth=2)
    assert names(two.entities) == ["Alice Smith", "Bob Jones", "Acme Corp", "Dave Brown"]
    cut = world.neighbors(ID["Alice Smith"], depth=2, limit=3)
    assert names(cut.entities) == ["Alice Smith", "Bob Jones", "Acme Corp"] and cut.truncated
    only_met = world.neighbors(ID["Alice Smith"], depth=3, where=EdgeFilter.build(SCHEMA, ["MET"]))
    assert names(only_met.entities) == ["Alice Smith", "Bob Jones"]
    assert [r.type for r in only_met.relations] == ["MET"]
    everything = EdgeFilter.build(SCHEMA, modalities=["asserted", "hedged", "hypothetical",
                                                      "negated"])
    assert names(world.neighbors(ID["Alice Smith"], where=everything).entities) == [
        "Alice Smith", "Bob Jones", "Carol White"]
    # relations carry only the evidence that passed the filter
    in_2020 = EdgeFilter.build(SCHEMA, until="2020-12-31")
    met = next(r for r in world.neighbors(ID["Alice Smith"], where=in_2020).relations
               if r.type == "MET")
    assert [e.document_date for e in met.evidence] == ["2020-01-10"]
    with pytest.raises(EntityNotFound):
        world.neighbors("e0000000000000000")


# -- paths ----------------------------------------------------------------------------
def test_shortest_paths(world: GraphStore) -> None:
    a, r = ID["Alice Smith"], ID["Ruritania"]
    both = world.shortest_paths(a, r, all_shortest=True)
    assert path_names(both) == [["Alice Smith", "Bob Jones", "Acme Corp", "Ruritania"],
                                ["Alice Smith", "Bob Jones", "Dave Brown", "Ruritania"]]
    # per hop the edge with the most passing evidence: MET (two documents) over AFFILIATED_WITH
    assert [x.type for x in both[0].relations] == ["MET", "LEADS", "SUPPORTED"]
    assert [e.sentence for e in both[0].relations[2].evidence] == [
        "Acme Corp may have supported Ruritania."]
    one = world.shortest_paths(a, r)
    assert len(one) == 1 and one[0].hops == 3
    assert world.shortest_paths(a, r, max_hops=2) == []
    capped = world.shortest_paths(a, r, all_shortest=True, limit=1)
    assert len(capped) == 1 and path_names(capped)[0] in path_names(both)
    assert path_names(world.shortest_paths(a, a)) == [["Alice Smith"]]


def test_shortest_paths_filters(world: GraphStore) -> None:
    a, r = ID["Alice Smith"], ID["Ruritania"]
    typed = EdgeFilter.build(SCHEMA, ["MET", "ASSOCIATE_OF", "SANCTIONED"])
    assert path_names(world.shortest_paths(a, r, where=typed, all_shortest=True)) == [
        ["Alice Smith", "Bob Jones", "Dave Brown", "Ruritania"]]
    # negated evidence is never traversed by default, but can be asked for
    with_negated = EdgeFilter.build(SCHEMA, modalities=["asserted", "hedged", "negated"])
    shortcut = world.shortest_paths(a, r, where=with_negated, all_shortest=True)
    assert path_names(shortcut) == [["Alice Smith", "Carol White", "Ruritania"]]
    assert [x.type for x in shortcut[0].relations] == ["ACCUSED", "COOPERATED_WITH"]
    asserted_only = EdgeFilter.build(SCHEMA, modalities=["asserted"])
    assert path_names(world.shortest_paths(a, r, where=asserted_only, all_shortest=True)) == [
        ["Alice Smith", "Bob Jones", "Dave Brown", "Ruritania"]]  # SUPPORTED is hedged
    # dates: until 2020 only D1 counts (and ties go to the relation type first in order)
    early = world.shortest_paths(a, r, where=EdgeFilter.build(SCHEMA, until="2020-12-31"),
                                 all_shortest=True)
    assert path_names(early) == [["Alice Smith", "Bob Jones", "Acme Corp", "Ruritania"]]
    assert [x.type for x in early[0].relations] == ["AFFILIATED_WITH", "LEADS", "SUPPORTED"]
    # since 2021 the only link into Ruritania left is from an undated document
    assert world.shortest_paths(a, r, where=EdgeFilter.build(SCHEMA, since="2021-01-01")) == []
    window = EdgeFilter.build(SCHEMA, since="2021-01-01", until="2021-12-31")
    assert path_names(world.shortest_paths(a, ID["Dave Brown"], where=window)) == [
        ["Alice Smith", "Bob Jones", "Dave Brown"]]


def test_directed_paths(world: GraphStore) -> None:
    a, r = ID["Alice Smith"], ID["Ruritania"]
    assert len(world.shortest_paths(a, r, directed=True, all_shortest=True)) == 2
    assert world.shortest_paths(r, a, directed=True) == []
    assert len(world.shortest_paths(r, a)) == 1  # undirected by default
    # symmetric types go both ways even when directed
    assert path_names(world.shortest_paths(ID["Dave Brown"], ID["Bob Jones"], directed=True)) \
        == [["Dave Brown", "Bob Jones"]]
    with pytest.raises(EntityNotFound):
        world.shortest_paths(a, "e0000000000000000")


def test_k_shortest_paths(world: GraphStore, reference: SQLiteStore) -> None:
    a, r = ID["Alice Smith"], ID["Ruritania"]
    found = world.k_shortest_paths(a, r, k=4)
    # the only two loop-free paths (Carol's link to Alice is a denial): shortest first,
    # ties in the order Yen's search over the id-ordered region gives on every backend
    assert path_names(found) == [["Alice Smith", "Bob Jones", "Dave Brown", "Ruritania"],
                                 ["Alice Smith", "Bob Jones", "Acme Corp", "Ruritania"]]
    assert [x.type for x in found[1].relations] == ["MET", "LEADS", "SUPPORTED"]
    with_denials = EdgeFilter.build(SCHEMA, modalities=["asserted", "hedged", "negated"])
    longer = world.k_shortest_paths(a, r, k=10, where=with_denials)
    assert path_names(longer)[0] == ["Alice Smith", "Carol White", "Ruritania"]
    assert [p.hops for p in longer] == [2, 3, 3]
    assert all(len(set(p.node_ids())) == len(p.nodes) for p in longer)  # loop-free
    assert all(p.hops <= 3 for p in world.k_shortest_paths(a, r, k=10, max_hops=3))
    assert world.k_shortest_paths(a, r, k=3, max_hops=2) == []
    assert path_names(world.k_shortest_paths(r, a, k=3, directed=True)) == []
    for k, hops, directed in ((4, 4, False), (10, 6, False), (3, 5, True)):
        assert [p.to_dict() for p in world.k_shortest_paths(a, r, k, hops, directed=directed)] \
            == [p.to_dict() for p in reference.k_shortest_paths(a, r, k, hops,
                                                                directed=directed)]
    with pytest.raises(EntityNotFound):
        world.k_shortest_paths(a, "e0000000000000000", k=2)


def test_paths_from_nodes(world: GraphStore) -> None:
    a, b, d = ID["Alice Smith"], ID["Bob Jones"], ID["Dave Brown"]
    (p,) = world.paths_from_nodes([[a, b, d]], EdgeFilter(), False)
    assert names(p.nodes) == ["Alice Smith", "Bob Jones", "Dave Brown"]
    assert [x.type for x in p.relations] == ["MET", "ASSOCIATE_OF"]  # most evidence wins
    early = world.paths_from_nodes([[a, b]], EdgeFilter.build(SCHEMA, until="2020-12-31"),
                                   False)
    assert [x.type for x in early[0].relations] == ["AFFILIATED_WITH"]  # then type order
    assert [e.document_date for e in early[0].relations[0].evidence] == ["2020-01-10"]
    assert world.paths_from_nodes([], EdgeFilter(), False) == []


def test_connections(world: GraphStore) -> None:
    assert world.connections(ID["Alice Smith"]) == {
        "relation_counts": {"AFFILIATED_WITH": 1, "MET": 1}, "negated_relations": 1}
    assert world.connections(ID["Bob Jones"]) == {
        "relation_counts": {"AFFILIATED_WITH": 1, "ASSOCIATE_OF": 1, "LEADS": 1, "MET": 1},
        "negated_relations": 0}
    assert world.connections(ID["Ruritania Holdings"]) == {
        "relation_counts": {}, "negated_relations": 0}
    with pytest.raises(EntityNotFound):
        world.connections("e0000000000000000")


def test_relation_modalities(world: GraphStore) -> None:
    """All of a relation's stored modalities, whatever filter thinned the evidence given."""
    met = world.relations(source=ID["Alice Smith"], type="MET")
    accused = world.relations(source=ID["Alice Smith"], type="ACCUSED")
    hedged = [r for r in world.relations(limit=1000)
              if "hedged" in {e.modality for e in r.evidence}]
    assert len(met) == len(accused) == len(hedged) == 1
    thinned = [replace(r, evidence=()) for r in (*met, *accused, *hedged)]
    ghost = Relation("r0000000000000000", ID["Alice Smith"], "MET", ID["Dave Brown"])
    assert world.relation_modalities([*thinned, ghost]) == {
        met[0].id: ("asserted",), accused[0].id: ("negated",),
        hedged[0].id: tuple(sorted({e.modality for e in hedged[0].evidence}))}
    assert world.relation_modalities([]) == {}


def test_disputed_relations(world: GraphStore) -> None:
    """Relations denied by some evidence and stated by other, within the types and dates:
    counted in all, ordered by source name, type and target name, paged, each with only
    its evidence within the dates."""
    assert world.disputed_relations() == (0, [])  # a denial alone is no dispute
    d4 = extraction(
        "Bob Jones did not lead Acme Corp. Alice Smith accused Carol White.", "2022-03-01",
        [("Bob Jones", "LEADS", "Acme Corp", "negated", "Bob Jones did not lead Acme Corp."),
         ("Alice Smith", "ACCUSED", "Carol White", "asserted",
          "Alice Smith accused Carol White.")],
        ["Bob Jones", "Acme Corp", "Alice Smith", "Carol White"], title="Denials")
    d5 = extraction("Alice Smith never met Bob Jones.", None,
                    [("Alice Smith", "MET", "Bob Jones", "negated",
                      "Alice Smith never met Bob Jones.")],
                    ["Alice Smith", "Bob Jones"], title="Undated denial")
    assert world.write(d4) and world.write(d5)

    by_id = {e: n for n, e in ID.items()}

    def found(**kw: Any) -> tuple[int, list[tuple[str, str, str]]]:
        total, rels = world.disputed_relations(**kw)
        return total, [(by_id[r.source], r.type, by_id[r.target]) for r in rels]

    met = world.relations(source=ID["Alice Smith"], type="MET")[0]  # symmetric: either way
    accused = ("Alice Smith", "ACCUSED", "Carol White")
    leads = ("Bob Jones", "LEADS", "Acme Corp")
    meeting = (by_id[met.source], "MET", by_id[met.target])
    everything = sorted([accused, leads, meeting])  # source name, type, target name
    assert found() == (3, everything)
    assert found(limit=1, offset=1) == (3, everything[1:2])
    assert found(limit=2) == (3, everything[:2])
    assert found(offset=3) == (3, [])
    assert found(types=["LEADS", "MET"]) == (2, sorted([leads, meeting]))
    assert found(types=["SUPPORTED"]) == (0, [])
    # the undated denial of the meeting does not count once dates are asked for
    assert found(since="2020-01-01") == (2, [accused, leads])
    assert found(until="2021-12-31") == (0, [])
    assert found(since="2022-01-01", until="2022-12-31") == (0, [])
    total, rels = world.disputed_relations(types=["LEADS"], since="2020-01-01",
                                           until="2022-12-31")
    assert total == 1
    assert sorted((e.modality, e.document_date) for e in rels[0].evidence) == [
        ("asserted", "2020-01-10"), ("negated", "2022-03-01")]
    _, rels = world.disputed_relations(types=["MET"])
    assert sorted(e.sentence for e in rels[0].evidence) == sorted([
        "Alice Smith met Bob Jones in Paris.", "Alice Smith met Bob Jones again.",
        "Alice Smith met Bob Jones at the firm.", "Alice Smith never met Bob Jones."])
    _, rels = world.disputed_relations(types=["MET"], since="2020-01-01")
    assert rels == []
    with pytest.raises(SchemaError):
        world.disputed_relations(types=["NOT_A_TYPE"])


def test_merge_entities(world: GraphStore) -> None:
    """Entities merged into new and existing targets: the same graph as the embedded store
    gives for the same merge, relations between two merged entities and a relation that
    would join a target to itself included."""
    david = Entity.create("David Brown", "PERSON")
    mapping = {ID["Dave Brown"]: david, ID["Smithers"]: ENT["Alice Smith"],
               ID["Frank Miller"]: ENT["Carol White"], "e0000000000000000": david}
    ref = SQLiteStore("sqlite://:memory:")
    for x in WORLD:
        ref.write(x)
    assert ref.merge_entities(dict(mapping)) == 3
    assert world.merge_entities(dict(mapping)) == 3
    assert list(world.dump()) == list(ref.dump())
    with pytest.raises(EntityNotFound):
        world.get_entity(ID["Dave Brown"])
    assert world.get_entity(david.id).aliases == ("Dave Brown",)
    assert sorted(r.type for r in world.relations(source=david.id)) == [
        "ASSOCIATE_OF", "SANCTIONED"]
    assert [d.title for d in world.entity_documents(david.id)] == ["The meeting", "Sanctions"]
    # Frank attacked Carol: merged into Carol, the relation would be a self-loop: dropped
    assert world.relations(source=ID["Carol White"], type="ATTACKED") == []
    assert path_names(world.shortest_paths(ID["Alice Smith"], david.id)) == [
        ["Alice Smith", "Bob Jones", "David Brown"]]
    assert world.merge_entities({}) == 0
    assert world.merge_entities({david.id: david}) == 0


def test_every_protocol_method_has_a_contract_test() -> None:
    """The suite tests exactly the protocol: each of its methods is called by a test that
    runs on every backend (one taking ``store``, ``world`` or ``backend``)."""
    import ast
    import inspect
    import sys

    methods = sorted(n for n, v in vars(GraphStore).items()
                     if callable(v) and not n.startswith("_"))
    assert {"write_many", "network", "paths_from_nodes", "k_shortest_paths", "connections",
            "merge_entities"} <= set(methods)
    tree = ast.parse(inspect.getsource(sys.modules[__name__]))
    called: set[str] = set()
    for fn in tree.body:
        if not (isinstance(fn, ast.FunctionDef) and fn.name.startswith("test_")):
            continue
        if not {a.arg for a in fn.args.args} & {"store", "world", "backend"}:
            continue
        called |= {n.func.attr for n in ast.walk(fn)
                   if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        called |= {n.attr for n in ast.walk(fn) if isinstance(n, ast.Attribute)}
    assert [m for m in methods if m not in called] == []


# -- views, dumps and agreement with the reference -------------------------------------
def _view(G: Any) -> tuple[list[Any], list[Any]]:
    return (sorted(G.nodes(data=True)),
            sorted((u, v, k, d["type"], d["symmetric"], d["ev"])
                   for u, v, k, d in G.edges(keys=True, data=True)))


def test_network_view(world: GraphStore, reference: SQLiteStore) -> None:
    G = world.network()
    assert G.number_of_nodes() == 9 and G.number_of_edges() == 10
    assert _view(G) == _view(reference.network())
    world.delete_document(D3.document.id)
    G2 = world.network()
    assert G2.number_of_edges() == 8  # the cached view follows writes
    fresh = SQLiteStore("sqlite://:memory:")
    for x in (D1, D2):
        fresh.write(x)
    assert _view(G2) == _view(fresh.network())
    world.write(D3)  # and back: the same view as one built from scratch
    assert _view(world.network()) == _view(reference.network())


def test_dump_load_round_trip(backend: Backend, world: GraphStore) -> None:
    dumped = list(world.dump())
    assert [r["kind"] for r in dumped] == (["document"] * 3 + ["entity"] * 9 + ["mention"] * 18
                                           + ["relation"] * 10)
    via = SQLiteStore("sqlite://:memory:")
    assert via.load(dumped) == {"document": 3, "entity": 9, "mention": 18, "relation": 10}
    assert list(via.dump()) == dumped
    if backend.other is not None:
        target = backend.other()
        try:
            assert target.load(dumped) == {"document": 3, "entity": 9, "mention": 18,
                                           "relation": 10}
            assert list(target.dump()) == dumped
            assert target.stats() == WORLD_STATS
            target.load(dumped)  # loading twice changes nothing
            assert list(target.dump()) == dumped
        finally:
            target.close()
    world.clear()
    world.load(via.dump())
    assert list(world.dump()) == dumped


def test_same_answers_as_the_reference_store(world: GraphStore, reference: SQLiteStore) -> None:
    """Every read, as JSON, equals the embedded store's answer for the same data."""
    a, b, r = ID["Alice Smith"], ID["Bob Jones"], ID["Ruritania"]
    filters = [None, EdgeFilter.build(SCHEMA, until="2020-12-31"),
               EdgeFilter.build(SCHEMA, ["MET", "LEADS", "ASSOCIATE_OF"]),
               EdgeFilter.build(SCHEMA, modalities=["negated", "asserted"])]
    calls: list[Callable[[GraphStore], Any]] = [
        lambda s: s.stats(),
        lambda s: list(s.dump()),
        lambda s: [d.summary() for d in s.documents()],
        lambda s: [m.to_dict() for m in s.mentions(D2.document.id)],
        lambda s: [e.to_dict() for e in s.lookup("ruritania")],
        lambda s: [e.to_dict() for e in s.search("r", limit=50)],
        lambda s: [e.to_dict() for e in s.search("a", type="PERSON", limit=3, offset=1)],
        lambda s: [d.summary() for d in s.entity_documents(b)],
        lambda s: [x.to_dict() for x in s.relations()],
        lambda s: [x.to_dict() for x in s.relations(source=a, include_negated=False)],
        lambda s: [x.to_dict() for x in s.relations(target=r)],
        lambda s: [x.to_dict() for x in s.relations(source=b, target=a)],
        *[lambda s, d=x.document.id: [v.to_dict() for v in s.document_evidence(d)]
          for x in WORLD],
        lambda s: [d.metadata for d in s.documents()],
    ]
    for f in filters:
        for depth in (1, 2, 3):
            calls.append(lambda s, f=f, d=depth: s.neighbors(a, depth=d, where=f).to_dict())
        calls.append(lambda s, f=f: s.neighbors(b, depth=3, where=f, limit=4).to_dict())
        for directed in (False, True):
            for every in (False, True):
                for src, dst in ((a, r), (r, a), (ID["Frank Miller"], ID["Smithers"])):
                    calls.append(lambda s, f=f, d=directed, e=every, x=src, y=dst: [
                        p.to_dict() for p in s.shortest_paths(x, y, max_hops=6, where=f,
                                                              all_shortest=e, directed=d)])
    for i, call in enumerate(calls):
        assert call(world) == call(reference), f"call #{i} differs"


# -- Neo4j specifics ------------------------------------------------------------------
def _neo4j_store(server: Any, **options: Any) -> Any:
    return open_store(server.store_uri, password=server.password, database=server.database,
                      **options)


@pytest.mark.neo4j
def test_entity_type_labels_and_whitelisted_types(neo4j_server: Any) -> None:
    store = _neo4j_store(neo4j_server)
    try:
        store.clear()
        for x in WORLD:
            store.write(x)
        with neo4j_server.driver() as driver, \
                driver.session(database=neo4j_server.database) as s:
            count = {lab: s.run(f"MATCH (e:{lab}) RETURN count(e) AS n").single()["n"]
                     for lab in ("Entity", "Person", "State", "Organization", "Document")}
            types = s.run("MATCH (:Entity)-[r]->(:Entity) RETURN DISTINCT type(r) AS t"
                          ).value()
        assert count == {"Entity": 9, "Person": 6, "State": 1, "Organization": 2,
                         "Document": 3}
        assert set(types) <= set(SCHEMA.relation_types) | {"NAMED"}
        # request text never reaches the query text: unknown types are refused up front
        with pytest.raises(SchemaError):
            store.neighbors(ID["Alice Smith"], where=EdgeFilter(types=("MET]-() DELETE (x",)))
    finally:
        store.close()


@pytest.mark.neo4j
def test_constraints_and_indexes_are_created_once_at_connect(neo4j_server: Any) -> None:
    """Uniqueness on every id, the per-type relation id indexes and the text index that
    name search uses; reconnecting (IF NOT EXISTS) adds nothing and fails nothing."""
    from ergraph.graph import cypher as C

    def schema_objects() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
        with neo4j_server.driver() as driver, \
                driver.session(database=neo4j_server.database) as s:
            cons = {r["name"]: (r["type"], *r["labelsOrTypes"], *r["properties"])
                    for r in s.run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, "
                                   "properties")}
            idx = {r["name"]: r["type"] for r in s.run("SHOW INDEXES YIELD name, type")}
        return cons, idx

    _neo4j_store(neo4j_server).close()
    cons, idx = schema_objects()
    assert {cons[n] for n in cons if n.startswith("ergraph_")} == {
        ("UNIQUENESS", "Entity", "id"), ("UNIQUENESS", "Document", "id"),
        ("UNIQUENESS", "Name", "norm"), ("UNIQUENESS", "ErgraphMeta", "key")}
    assert idx["ergraph_name_norm_text"] == "TEXT"
    assert {f"ergraph_relation_id_{t}" for t in SCHEMA.relation_types} <= set(idx)
    _neo4j_store(neo4j_server).close()
    assert schema_objects() == (cons, idx)
    # the search statement is answered from the text index, not by scanning every name
    text = C.SEARCH_ENTITIES.render(SCHEMA)
    with neo4j_server.driver() as driver, driver.session(database=neo4j_server.database) as s:
        s.run("CALL db.awaitIndexes(60)").consume()
        plan = s.run("EXPLAIN " + text, key="smith", word=" smith", entity_type=None,
                     offset=0, limit=10).consume().plan
    ops: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        ops.append(node["operatorType"])
        for child in node.get("children", ()):
            walk(child)

    walk(plan)
    assert any(op.startswith("NodeIndexContainsScan") for op in ops), ops


@pytest.mark.neo4j
def test_wrong_password_is_one_clear_error(neo4j_server: Any) -> None:
    uri = neo4j_server.store_uri
    with pytest.raises(StoreUnavailable) as err:
        open_store(uri, password="not-the-password-42")
    msg = str(err.value)
    assert "authentication failed" in msg and uri in msg
    assert "not-the-password-42" not in msg


@pytest.mark.neo4j
def test_missing_database_is_unavailable(neo4j_server: Any) -> None:
    with pytest.raises(StoreUnavailable) as err:
        open_store(neo4j_server.store_uri, password=neo4j_server.password,
                   database="no-such-database-here")
    assert "no-such-database-here" in str(err.value)


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_is_one_clear_error() -> None:
    port = _closed_port()
    with pytest.raises(StoreUnavailable) as err:
        open_store(f"neo4j://ergraph:s3cret-pw@127.0.0.1:{port}", connection_timeout=2)
    msg = str(err.value)
    assert f"neo4j://ergraph@127.0.0.1:{port}" in msg and "unreachable" in msg
    assert "s3cret-pw" not in msg and err.value.__cause__ is None
    assert err.value.__suppress_context__


def test_missing_password_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ERGRAPH_NEO4J_PASSWORD", raising=False)
    with pytest.raises(StoreUnavailable, match="ERGRAPH_NEO4J_PASSWORD"):
        open_store("neo4j://neo4j@127.0.0.1:7687")


def test_neo4j_server_fails_under_ci_and_skips_locally(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without Maven (or Java) the harness module cannot be built: one clear reason, which
    fails the Neo4j tests under CI=1 and skips them locally."""
    import shutil

    import bolt_servers

    module = tmp_path / "neo4j_server"
    shutil.copytree(bolt_servers.MODULE / "src", module / "src")
    shutil.copy(bolt_servers.MODULE / "pom.xml", module / "pom.xml")
    assert not bolt_servers.jar_is_fresh(module)
    real_which = shutil.which
    monkeypatch.setattr(bolt_servers.shutil, "which",
                        lambda name: None if name == "mvn" else real_which(name))
    if real_which("java"):
        with pytest.raises(bolt_servers.ServerUnavailable, match="no `mvn` on PATH"):
            bolt_servers.build(module)
    monkeypatch.setattr(bolt_servers.shutil, "which", lambda name: None)
    with pytest.raises(bolt_servers.ServerUnavailable, match="no `java` on PATH"):
        bolt_servers.start(tmp_path / "root", module=module)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="unavailable under CI: no server"):
        bolt_servers.unavailable("no server")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no server"):
        bolt_servers.unavailable("no server")


def test_neo4j_server_jar_is_rebuilt_when_a_source_is_newer(tmp_path: Path) -> None:
    import os

    import bolt_servers

    module = tmp_path / "m"
    (module / "src").mkdir(parents=True)
    (module / "target" / "lib").mkdir(parents=True)
    (module / "pom.xml").write_text("<project/>")
    source = module / "src" / "A.java"
    source.write_text("class A {}")
    jar = module / "target" / bolt_servers.JAR.name
    jar.write_bytes(b"jar")
    now = os.stat(jar).st_mtime
    os.utime(source, (now - 10, now - 10))
    os.utime(module / "pom.xml", (now - 10, now - 10))
    assert bolt_servers.jar_is_fresh(module)
    os.utime(source, (now + 10, now + 10))
    assert not bolt_servers.jar_is_fresh(module)
