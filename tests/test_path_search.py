"""One path search (``graph.algorithms``): its fast form over the ``view.Adjacency`` gives
exactly the paths of the networkx form, and an adjacency refreshed after writes equals
one built from scratch."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from ergraph.graph import algorithms
from ergraph.graph.base import EdgeFilter
from ergraph.graph.view import Adjacency, build_view, update_view, view_from_objects

TYPES = ["MET", "SUPPORTED", "AUTHORIZED"]
MODALITIES = ["asserted", "hedged", "negated"]


def random_view(rng: random.Random, n: int, m: int) -> nx.MultiDiGraph:
    """A graph shaped like a store's networkx view (names collide on purpose, to exercise
    the tie-break by id)."""
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"e{i:03d}", name=f"N{rng.randrange(n // 2 + 1)}", type="PERSON")
    for j in range(m):
        u, v = f"e{rng.randrange(n):03d}", f"e{rng.randrange(n):03d}"
        t = rng.choice(TYPES)
        ev = tuple((rng.choice(MODALITIES), f"202{rng.randrange(4)}-01-01")
                   for _ in range(rng.randrange(1, 3)))
        G.add_edge(u, v, key=f"r{j}", type=t, symmetric=t == "MET", ev=ev)
    return G


def adjacency_of(G: nx.MultiDiGraph) -> Adjacency:
    where = EdgeFilter()
    return Adjacency({n: d["name"] for n, d in G.nodes(data=True)},
                     [(u, v) for u, v, d in G.edges(data=True)
                      if algorithms.edge_passes(d, where)])


@pytest.mark.parametrize("seed", range(25))
def test_same_paths_over_the_adjacency_as_over_networkx(seed: int) -> None:
    rng = random.Random(seed)
    G = random_view(rng, n=rng.randrange(5, 60), m=rng.randrange(5, 150))
    where = EdgeFilter()
    adj = adjacency_of(G)
    nodes = sorted(G.nodes)
    for _ in range(60):
        s, t = rng.choice(nodes), rng.choice(nodes)
        hops = rng.randrange(1, 7)
        every = rng.random() < 0.5
        limit = rng.randrange(1, 12)
        expected = algorithms.shortest_node_paths(G, s, t, hops, where, every, False, limit)
        assert algorithms.shortest_node_paths(adj, s, t, hops, where, every, False,
                                              limit) == expected


def test_negated_edges_are_not_in_the_adjacency_and_unknown_nodes_give_nothing() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", name="A")
    G.add_node("b", name="B")
    G.add_edge("a", "b", key="r1", type="MET", symmetric=True, ev=(("negated", None),))
    adj = adjacency_of(G)
    where = EdgeFilter()
    assert algorithms.shortest_node_paths(adj, "a", "b", 3, where) == []
    assert algorithms.shortest_node_paths(adj, "a", "zzz", 3, where) == []
    assert algorithms.shortest_node_paths(adj, "a", "a", 3, where) == [["a"]]


def test_the_adjacency_answers_the_default_filter_undirected_only() -> None:
    adj = adjacency_of(random_view(random.Random(1), 10, 20))
    for where, directed in ((EdgeFilter(), True), (EdgeFilter(types=("MET",)), False),
                            (EdgeFilter(since="2020-01-01"), False)):
        with pytest.raises(ValueError):
            algorithms.shortest_node_paths(adj, "e000", "e001", 3, where, directed=directed)


@pytest.mark.parametrize("seed", range(10))
def test_a_refreshed_adjacency_and_view_equal_fresh_ones(seed: int) -> None:
    """Random edits (edges added and removed, nodes renamed and removed) applied with
    ``Adjacency.refresh`` and ``update_view`` give what a rebuild gives."""
    rng = random.Random(seed)
    G = random_view(rng, 30, 80)
    adj = adjacency_of(G)
    live = G.copy()
    for step in range(30):
        touched: set[str] = set()
        if rng.random() < 0.5:  # add edges
            for j in range(rng.randrange(1, 4)):
                u, v = f"e{rng.randrange(30):03d}", f"e{rng.randrange(30):03d}"
                if u in G and v in G:
                    G.add_edge(u, v, key=f"s{step}-{j}", type="MET", symmetric=True,
                               ev=((rng.choice(MODALITIES), None),))
                    touched |= {u, v}
        if rng.random() < 0.4 and G.number_of_edges():  # remove an edge
            u, v, k = rng.choice(sorted(G.edges(keys=True)))
            G.remove_edge(u, v, key=k)
            touched |= {u, v}
        if rng.random() < 0.2:  # remove a node, rename another
            n = rng.choice(sorted(G.nodes))
            touched |= {n, *G.successors(n), *G.predecessors(n)}
            G.remove_node(n)
            m = rng.choice(sorted(G.nodes))
            G.nodes[m]["name"] = f"R{step}"
            touched.add(m)
        fresh = adjacency_of(G)
        names = {n: (G.nodes[n]["name"] if n in G else None) for n in touched}
        adj.refresh(touched, names,
                    lambda ids, fresh=fresh: {n: set(fresh.neighbours(n)) for n in ids})
        assert adj.nbrs == fresh.nbrs and adj.names == fresh.names
        removed = [(u, v, k) for n in touched if n in live
                   for u, v, k in [*live.out_edges(n, keys=True), *live.in_edges(n, keys=True)]]
        from ergraph.graph.view import EdgeRow, NodeRow

        rows = [EdgeRow(k, u, v, d["type"], d["symmetric"], d["ev"])
                for u, v, k, d in G.edges(keys=True, data=True) if {u, v} & touched]
        update_view(live, [NodeRow(n, G.nodes[n]["name"], G.nodes[n]["type"])
                           for n in touched if n in G], [n for n in touched if n not in G],
                    rows, removed)
        assert sorted(live.nodes(data=True)) == sorted(G.nodes(data=True))
        assert sorted(live.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))


def test_one_builder_for_objects_and_rows() -> None:
    from ergraph.model import Entity, Evidence, Relation

    a, b = Entity.create("Ann Lee", "PERSON"), Entity.create("Bo Ray", "PERSON", ["Bo"])
    ev = Evidence("", "d1", "Ann Lee met Bo Ray.", 0, 19, "hedged", "t", 0.5,
                  document_date="2020-01-01")
    r = Relation.create(a.id, "MET", b.id, symmetric=True, evidence=[ev])
    G = view_from_objects([a, b], [r])
    assert G.edges[r.source, r.target, r.id]["ev"] == (("hedged", "2020-01-01"),)
    assert G.nodes[b.id] == {"name": "Bo Ray", "type": "PERSON"}
    S = view_from_objects([a, b], [r], scalar=True)
    assert S.nodes[b.id]["aliases"] == "Bo"
    assert S.edges[r.source, r.target, r.id] == {
        "type": "MET", "symmetric": True, "modalities": "hedged", "confidence": 0.5,
        "evidence_count": 1}
    assert build_view([], []).number_of_nodes() == 0


@pytest.mark.parametrize("seed", range(15))
def test_k_shortest_over_the_lens_are_the_k_shortest_of_the_whole_graph(seed: int) -> None:
    """Every loop-free path of at most max_hops lies in ``path_lens``; Yen's search of the
    lens gives paths as short as a search of the whole graph (ties may differ)."""
    from itertools import islice

    rng = random.Random(seed)
    G = random_view(rng, n=rng.randrange(8, 40), m=rng.randrange(10, 90))
    where = EdgeFilter()
    H = algorithms.filtered_view(G, where)
    adj = adjacency_of(G)
    nodes = sorted(G.nodes)
    for _ in range(15):
        s, t = rng.sample(nodes, 2)
        hops, k = rng.randrange(1, 5), rng.randrange(1, 6)
        lens = algorithms.path_lens(
            s, t, hops, lambda f: ((u, v) for u in f for v in adj.neighbours(u)))
        if nx.has_path(H, s, t):
            for p in nx.all_simple_paths(H, s, t, cutoff=hops):
                assert set(p) <= lens
            whole = [p for p in islice(nx.shortest_simple_paths(H, s, t), k)
                     if len(p) - 1 <= hops]
        else:
            whole = []
        got = algorithms.k_shortest_node_paths(G, s, t, k, hops, where)
        assert [len(p) for p in got] == [len(p) for p in whole]
        assert all(len(set(p)) == len(p) for p in got)
