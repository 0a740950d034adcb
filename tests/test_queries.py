"""Path and neighbourhood queries on a graph built in the test (embedded store)."""

from __future__ import annotations

import pytest
from ergraph.errors import AmbiguousName, EntityNotFound, QueryError
from ergraph.graph import EdgeFilter, SQLiteStore, resolve_entity
from ergraph.schema import default_schema
from graph_fixtures import build_extraction

TYPES = {"Ann Lee": "PERSON", "Bob Roy": "PERSON", "Cy Dunn": "PERSON", "Dee Roy": "PERSON",
         "Acme Corp": "ORGANIZATION", "Freedonia": "STATE"}


@pytest.fixture
def store(tmp_path):
    text = ("Ann Lee met Bob Roy. Bob Roy is the brother of Dee Roy. Cy Dunn leads Acme Corp. "
            "Ann Lee did not meet Cy Dunn. Acme Corp might support Freedonia. "
            "Dee Roy works for Acme Corp.")
    ex = build_extraction(text, "2021-05-01", [
        ("Ann Lee", "MET", "Bob Roy", "asserted", "Ann Lee met Bob Roy."),
        ("Bob Roy", "RELATIVE_OF", "Dee Roy", "asserted", "Bob Roy is the brother of Dee Roy."),
        ("Cy Dunn", "LEADS", "Acme Corp", "asserted", "Cy Dunn leads Acme Corp."),
        ("Ann Lee", "MET", "Cy Dunn", "negated", "Ann Lee did not meet Cy Dunn."),
        ("Acme Corp", "SUPPORTED", "Freedonia", "hypothetical",
         "Acme Corp might support Freedonia."),
        ("Dee Roy", "AFFILIATED_WITH", "Acme Corp", "asserted", "Dee Roy works for Acme Corp."),
    ], TYPES)
    s = SQLiteStore(f"sqlite:///{tmp_path}/q.db")
    assert s.write(ex)
    yield s
    s.close()


def ids(store, *names):
    return [resolve_entity(store, n).id for n in names]


def test_negated_evidence_is_never_traversed_by_default(store):
    a, c = ids(store, "Ann Lee", "Cy Dunn")
    (p,) = store.shortest_paths(a, c, max_hops=6)
    assert [n.name for n in p.nodes] == ["Ann Lee", "Bob Roy", "Dee Roy", "Acme Corp", "Cy Dunn"]
    assert all(ev.modality != "negated" for r in p.relations for ev in r.evidence)
    # asking for negated evidence explicitly makes the denial visible as a one-hop edge
    denied = store.shortest_paths(a, c, where=EdgeFilter.build(default_schema(), None,
                                                                ["negated"]))
    assert denied[0].hops == 1 and denied[0].relations[0].evidence[0].modality == "negated"


def test_each_edge_of_a_path_carries_its_evidence_sentence_and_document(store):
    a, b = ids(store, "Ann Lee", "Bob Roy")
    (p,) = store.shortest_paths(a, b)
    ev = p.relations[0].evidence[0]
    assert ev.sentence == "Ann Lee met Bob Roy."
    assert ev.document_date == "2021-05-01" and ev.document_title


def test_max_hops_and_type_filter_bound_the_search(store):
    a, c = ids(store, "Ann Lee", "Cy Dunn")
    assert store.shortest_paths(a, c, max_hops=3) == []
    only_met = EdgeFilter.build(default_schema(), ["MET", "RELATIVE_OF"])
    assert store.shortest_paths(a, c, max_hops=6, where=only_met) == []


def test_modality_filter_excludes_hypothetical_edges(store):
    c, f = ids(store, "Cy Dunn", "Freedonia")
    assert store.shortest_paths(c, f)[0].hops == 2
    asserted = EdgeFilter.build(default_schema(), None, ["asserted"])
    assert store.shortest_paths(c, f, where=asserted) == []


def test_date_filter_uses_document_dates(store):
    a, b = ids(store, "Ann Lee", "Bob Roy")
    later = EdgeFilter.build(default_schema(), since="2022-01-01")
    assert store.shortest_paths(a, b, where=later) == []
    window = EdgeFilter.build(default_schema(), since="2021-01-01", until="2021-12-31")
    assert store.shortest_paths(a, b, where=window)[0].hops == 1


def test_directed_paths_follow_edge_direction_symmetric_both_ways(store):
    c, acme, f = ids(store, "Cy Dunn", "Acme Corp", "Freedonia")
    assert store.shortest_paths(c, f, directed=True)[0].hops == 2
    assert store.shortest_paths(f, c, directed=True) == []
    a, b = ids(store, "Ann Lee", "Bob Roy")
    assert store.shortest_paths(b, a, directed=True)[0].hops == 1  # MET is symmetric


def test_all_shortest_paths_lists_each_node_sequence_once(store, tmp_path):
    extra = build_extraction("Ann Lee met Cy Dunn in Rome.", "2021-06-01", [
        ("Ann Lee", "MET", "Cy Dunn", "asserted", "Ann Lee met Cy Dunn in Rome."),
    ], {"Ann Lee": "PERSON", "Cy Dunn": "PERSON"})
    store.write(extra)
    b, acme = ids(store, "Bob Roy", "Acme Corp")
    paths = store.shortest_paths(b, acme, all_shortest=True, limit=10)
    seqs = [[n.name for n in p.nodes] for p in paths]
    assert seqs == [["Bob Roy", "Ann Lee", "Cy Dunn", "Acme Corp"],
                    ["Bob Roy", "Dee Roy", "Acme Corp"]][1:]  # only the shortest (2 hops)
    b_to_c = store.shortest_paths(*ids(store, "Bob Roy", "Cy Dunn"), all_shortest=True)
    assert sorted(tuple(n.name for n in p.nodes) for p in b_to_c) == [
        ("Bob Roy", "Ann Lee", "Cy Dunn")]


def test_neighbourhood_depth_type_filter_and_limit(store):
    (bob,) = ids(store, "Bob Roy")
    one = store.neighbors(bob, depth=1)
    assert {e.name for e in one.entities} == {"Bob Roy", "Ann Lee", "Dee Roy"}
    two = store.neighbors(bob, depth=2)
    assert "Acme Corp" in {e.name for e in two.entities}
    only_met = store.neighbors(bob, depth=2, where=EdgeFilter.build(default_schema(), ["MET"]))
    assert {e.name for e in only_met.entities} == {"Bob Roy", "Ann Lee"}
    capped = store.neighbors(bob, depth=3, limit=2)
    assert len(capped.entities) == 2 and capped.truncated


def test_lookup_is_case_insensitive_and_ambiguity_lists_candidates(store):
    assert resolve_entity(store, "ann lee").name == "Ann Lee"
    extra = build_extraction("Ann Lee works at Acme Corp.", None, [],
                             {"Ann Lee": "ORGANIZATION"})
    store.write(extra)
    with pytest.raises(AmbiguousName) as info:
        resolve_entity(store, "ANN LEE")
    assert {c["type"] for c in info.value.candidates} == {"PERSON", "ORGANIZATION"}
    with pytest.raises(EntityNotFound) as missing:
        resolve_entity(store, "Ann Le")
    assert any(c["name"] == "Ann Lee" for c in missing.value.close_matches)


def test_unknown_filters_are_query_errors():
    with pytest.raises(Exception, match="unknown relation type"):
        EdgeFilter.build(default_schema(), ["LOVES"])
    with pytest.raises(QueryError, match="unknown modality"):
        EdgeFilter.build(default_schema(), None, ["rumoured"])
    with pytest.raises(QueryError, match="since must be a date"):
        EdgeFilter.build(default_schema(), since="last week")


def test_analytics_follow_a_write_though_the_view_is_updated_in_place(store):
    """The cached networkx view is the same object after a write (updated, not rebuilt);
    results memoised over it (the in-process client's centrality) still follow writes."""
    import ergraph

    g = ergraph.open(store)
    before = {e.name: s for e, s in g.central("degree", limit=10)}
    G = store.network()
    sentence = "Freedonia met Ann Lee."
    assert store.write(build_extraction(sentence, "2021-06-01", [
        ("Freedonia", "MET", "Ann Lee", "asserted", sentence)],
        {"Freedonia": "STATE", "Ann Lee": "PERSON"}))
    assert store.network() is G
    after = {e.name: s for e, s in g.central("degree", limit=10)}
    assert after["Freedonia"] > before["Freedonia"]
    assert after["Ann Lee"] > before["Ann Lee"]
