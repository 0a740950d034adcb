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
