"""A compact adjacency index over the store's graph view, for the hot path query.

``algorithms.shortest_node_paths`` walks the networkx view and re-checks every edge's
evidence against the filter at every step: about 10 ms per path query on a graph of
1M relations, which caps a server at ~100 path queries per second. For the filter almost
every query uses - the default one (no type, modality or date restriction), undirected -
this module builds once per graph view the neighbour sets of every node through the
edges that pass it, and runs the *same* bidirectional breadth-first search over plain
sets. The node sequences it returns are identical to ``shortest_node_paths``'s (a test
compares them on random graphs); the store then turns them into paths with evidence.

Proposed for :mod:`ergraph.graph.algorithms` (owned elsewhere): this is where it would
live, keyed by filter, so every backend's ``shortest_paths`` gains from it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import networkx as nx

from ..graph.algorithms import edge_passes
from ..graph.base import EdgeFilter

__all__ = ["AdjacencyIndex", "IndexCache", "shortest_node_paths"]


class AdjacencyIndex:
    """Undirected neighbour sets through the edges that pass ``where``."""

    def __init__(self, G: nx.MultiDiGraph, where: EdgeFilter) -> None:
        nbrs: dict[Any, set[Any]] = {}
        for u, v, d in G.edges(data=True):
            if edge_passes(d, where):
                nbrs.setdefault(u, set()).add(v)
                nbrs.setdefault(v, set()).add(u)
        self.graph = G
        self.where = where
        self.nbrs: dict[Any, frozenset[Any]] = {n: frozenset(s) for n, s in nbrs.items()}


_EMPTY: frozenset[Any] = frozenset()


def _layer_of(layers: list[frozenset[Any]], n: Any) -> int:
    for i, layer in enumerate(layers):
        if n in layer:
            return i
    raise KeyError(n)


def shortest_node_paths(index: AdjacencyIndex, source: Any, target: Any, max_hops: int,
                        all_shortest: bool = False, limit: int = 10) -> list[list[Any]]:
    """``algorithms.shortest_node_paths(G, source, target, max_hops, where,
    all_shortest, directed=False, limit)`` over the index (same answer, same order).

    Same search (bidirectional, expanding the smaller frontier), but each level is one
    set union and difference, done in C; parents are not recorded while searching but
    recovered for the nodes on the answer only: in an undirected graph the parents of
    a node at level d are its neighbours at level d - 1."""
    G = index.graph
    if source not in G or target not in G:
        return []
    if source == target:
        return [[source]]
    nbrs = index.nbrs
    layers_s: list[frozenset[Any]] = [frozenset((source,))]
    layers_t: list[frozenset[Any]] = [frozenset((target,))]
    seen_s, seen_t = {source}, {target}
    meet: frozenset[Any] = frozenset()
    while layers_s[-1] and layers_t[-1] and len(layers_s) + len(layers_t) - 2 < max_hops:
        if len(layers_s[-1]) <= len(layers_t[-1]):
            new = frozenset().union(*[nbrs.get(u, _EMPTY) for u in layers_s[-1]]) - seen_s
            seen_s |= new
            layers_s.append(new)
            meet = new & seen_t
        else:
            new = frozenset().union(*[nbrs.get(u, _EMPTY) for u in layers_t[-1]]) - seen_t
            seen_t |= new
            layers_t.append(new)
            meet = new & seen_s
        if meet:
            break
    if not meet:
        return []

    nodes = G.nodes

    def name(n: Any) -> tuple[str, str]:
        return (nodes[n].get("name", ""), str(n))

    def back(n: Any, level: int) -> Iterator[list[Any]]:
        if level == 0:
            yield [n]
            return
        for p in sorted(nbrs[n] & layers_s[level - 1], key=name):
            for head in back(p, level - 1):
                yield head + [n]

    def forth(n: Any, level: int) -> Iterator[list[Any]]:
        if level == 0:
            yield [n]
            return
        for c in sorted(nbrs[n] & layers_t[level - 1], key=name):
            for tail in forth(c, level - 1):
                yield [n] + tail

    def every() -> Iterator[list[Any]]:
        for m in sorted(meet, key=name):
            ls, lt = _layer_of(layers_s, m), _layer_of(layers_t, m)
            for head in back(m, ls):
                for tail in forth(m, lt):
                    yield head + tail[1:]

    want = limit if all_shortest else 1
    found: list[list[Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for p in every():
        t = tuple(p)
        if t not in seen:
            seen.add(t)
            found.append(p)
            if len(found) >= want:
                break
    found.sort(key=lambda p: [name(n) for n in p])
    return found


class IndexCache:
    """The index of the current graph view for the default filter, built once per view
    (a new view, after a write, replaces it). Other filters are not indexed: building
    costs ~2 s per million relations, more than the queries it would speed up."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: AdjacencyIndex | None = None

    @staticmethod
    def indexable(where: EdgeFilter, directed: bool) -> bool:
        return not directed and where == EdgeFilter()

    def get(self, G: nx.MultiDiGraph, where: EdgeFilter) -> AdjacencyIndex:
        index = self._index
        if index is not None and index.graph is G and index.where == where:
            return index
        with self._lock:  # one build at a time; the others wait for it
            index = self._index
            if index is None or index.graph is not G or index.where != where:
                index = AdjacencyIndex(G, where)
                self._index = index
        return index
