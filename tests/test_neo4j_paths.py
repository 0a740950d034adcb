"""The Neo4j backend's shortcut for path ties, checked against the search it stands for.

``Neo4jStore`` asks Neo4j for every shortest node sequence (``ALL SHORTEST``) and breaks
ties by replaying, on those sequences alone, the enumeration of
:func:`ergraph.graph.algorithms.bidirectional_node_paths` for every meeting point
(``graph.neo4j._same_for_every_meet``); it answers only when all meeting points give one
answer. Here, on many random graphs (no server needed), every answer it gives must be
the bidirectional search's own, and it must answer often enough to matter.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import networkx as nx
import pytest
from ergraph.graph import algorithms
from ergraph.graph.neo4j import _same_for_every_meet


def _graph(seed: int) -> tuple[nx.Graph, dict[str, str]]:
    rng = random.Random(seed)
    if seed % 2:  # grids and tori: many equally short paths
        G = nx.grid_2d_graph(rng.randrange(2, 6), rng.randrange(2, 6), periodic=seed % 4 == 1)
    else:
        n = rng.randrange(6, 40)
        G = nx.gnm_random_graph(n, rng.randrange(n, 3 * n), seed=seed)
    G = nx.relabel_nodes(G, {v: f"n{i:02d}" for i, v in enumerate(sorted(G))})
    # few distinct names, so (name, id) order often differs from id order
    names = {v: rng.choice(["Ann", "Bo", "Cy", "Di"]) for v in G}
    return G, names


@pytest.mark.parametrize("every", [False, True], ids=["shortest", "all-shortest-limit-3"])
def test_tie_breaking_without_the_search_matches_the_search(every: bool) -> None:
    answered = ties = 0
    for seed in range(600):
        G, names = _graph(seed)
        s, t = random.Random(-seed).sample(sorted(G), 2)

        def expand(frontier: set[str], forward: bool, G: nx.Graph = G
                   ) -> Iterator[tuple[str, str]]:
            for u in sorted(frontier):
                for v in G[u]:
                    yield u, v

        want = 3 if every else 1
        expected = algorithms.bidirectional_node_paths(
            s, t, 6, expand, lambda n, names=names: names[n], every, want)
        try:
            seqs = [list(p) for p in nx.all_shortest_paths(G, s, t)]
        except nx.NetworkXNoPath:
            assert expected == []
            continue
        if len(seqs[0]) - 1 > 6:
            continue
        found = [([(names[n], n) for n in p], p) for p in seqs]
        if len(found) <= want:
            assert sorted(p for _k, p in sorted(found)) == sorted(expected)
            continue
        ties += 1
        got = _same_for_every_meet(found, want)
        if got is not None:
            answered += 1
            assert got == expected, (seed, s, t)
    # 600 graphs: 202 ties for the shortest path (168 answered), 36 for three (8 answered)
    assert ties > 30
    assert answered >= 5  # the shortcut is used, not just always declined


@pytest.mark.neo4j
def test_api_path_and_entity_queries_never_load_the_whole_graph(neo4j_server: object) -> None:
    """On Neo4j the API's path queries (shortest, all shortest, k shortest, filtered) and
    entity details run in the server: the store's whole-graph view is never built, so the
    API process's memory does not follow the graph's size."""
    from ergraph.api import service
    from ergraph.graph import EdgeFilter, open_store
    from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation

    store = open_store(neo4j_server.store_uri, password=neo4j_server.password,  # type: ignore[attr-defined]
                       database=neo4j_server.database)  # type: ignore[attr-defined]
    try:
        store.clear()
        names = ["Ann Lee", "Bo Ray", "Cy Dunn", "Di Moss"]
        ents = [Entity.create(n, "PERSON") for n in names]
        for i, (a, b) in enumerate(zip(ents, ents[1:], strict=False)):
            text = f"{a.name} met {b.name} on day {i}."
            doc = Document.from_text(text, date=f"2021-01-0{i + 1}")
            ev = Evidence("", doc.id, text, 0, len(text), "asserted", "t", 0.9)
            store.write(Extraction(doc, (a, b), (Mention(a.id, doc.id, 0, len(a.name), a.name),),
                                   (Relation.create(a.id, "MET", b.id, symmetric=True,
                                                    evidence=[ev]),)))
        where = EdgeFilter()
        one = service.find_paths(store, "Ann Lee", "Di Moss", 4, where, False, 1, False, 10)
        assert [n["name"] for n in one["paths"][0]["nodes"]] == names
        every = service.find_paths(store, "Ann Lee", "Di Moss", 4, where, True, 1, True, 10)
        assert every["count"] == 1 and every["mode"] == "all_shortest"
        k = service.find_paths(store, "Ann Lee", "Di Moss", 4, where, False, 3, False, 10)
        assert k["mode"] == "k_shortest" and k["count"] == 1
        dated = EdgeFilter(until="2021-01-02")
        assert service.find_paths(store, "Ann Lee", "Di Moss", 4, dated, False, 1, False,
                                  10)["count"] == 0
        detail = service.entity_detail(store, "Bo Ray")
        assert detail["relation_counts"] == {"MET": 2} and detail["degree"] == 2
        assert store._view is None  # type: ignore[attr-defined]
    finally:
        store.clear()
        store.close()
