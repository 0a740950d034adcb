"""The API's adjacency index gives exactly the paths of ``algorithms.shortest_node_paths``."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from ergraph.api.pathindex import AdjacencyIndex, IndexCache, shortest_node_paths
from ergraph.graph import algorithms
from ergraph.graph.base import EdgeFilter

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


@pytest.mark.parametrize("seed", range(25))
def test_same_paths_as_the_algorithm(seed: int) -> None:
    rng = random.Random(seed)
    G = random_view(rng, n=rng.randrange(5, 60), m=rng.randrange(5, 150))
    where = EdgeFilter()
    index = AdjacencyIndex(G, where)
    nodes = sorted(G.nodes)
    for _ in range(60):
        s, t = rng.choice(nodes), rng.choice(nodes)
        hops = rng.randrange(1, 7)
        every = rng.random() < 0.5
        limit = rng.randrange(1, 12)
        expected = algorithms.shortest_node_paths(G, s, t, hops, where, every, False, limit)
        assert shortest_node_paths(index, s, t, hops, every, limit) == expected


def test_negated_edges_are_not_indexed_and_unknown_nodes_give_nothing() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", name="A")
    G.add_node("b", name="B")
    G.add_edge("a", "b", key="r1", type="MET", symmetric=True, ev=(("negated", None),))
    index = AdjacencyIndex(G, EdgeFilter())
    assert shortest_node_paths(index, "a", "b", 3) == []
    assert shortest_node_paths(index, "a", "zzz", 3) == []
    assert shortest_node_paths(index, "a", "a", 3) == [["a"]]


def test_cache_rebuilds_for_a_new_view_and_indexes_only_the_default_filter() -> None:
    cache = IndexCache()
    g1, g2 = random_view(random.Random(1), 10, 20), random_view(random.Random(2), 10, 20)
    first = cache.get(g1, EdgeFilter())
    assert cache.get(g1, EdgeFilter()) is first
    assert cache.get(g2, EdgeFilter()).graph is g2
    assert cache.indexable(EdgeFilter(), directed=False)
    assert not cache.indexable(EdgeFilter(), directed=True)
    assert not cache.indexable(EdgeFilter(types=("MET",)), directed=False)
    assert not cache.indexable(EdgeFilter(since="2020-01-01"), directed=False)
