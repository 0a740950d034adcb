"""Graph algorithms as plain functions over a networkx view of a store.

The view is a :class:`networkx.MultiDiGraph` whose nodes are entity ids (attributes
``name`` and ``type``) and whose edges are keyed by relation id, with attributes
``type``, ``symmetric`` and ``ev`` - a tuple of ``(modality, document_date)`` pairs, one
per evidence record. Nothing here touches a database: stores build the view and turn ids
back into rich objects.

Path semantics (identical in every backend): one path per distinct node sequence; for
each hop, the allowed edge with the most passing evidence is reported, ties broken by
relation type then id. Paths are undirected unless ``directed`` is set, in which case
edges are followed source to target (symmetric types both ways).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import networkx as nx

from .base import EdgeFilter

__all__ = [
    "edge_passes",
    "ranked_levels",
    "neighborhood",
    "bidirectional_node_paths",
    "shortest_node_paths",
    "k_shortest_node_paths",
    "best_edge",
    "centrality",
    "communities",
    "filtered_view",
]

Adjacent = Callable[[Any], Iterator[tuple[Any, str, dict]]]


def edge_passes(data: dict[str, Any], where: EdgeFilter) -> bool:
    if not where.type_ok(data["type"]):
        return False
    return any(where.evidence_ok(m, d) for m, d in data["ev"])


def passing_count(data: dict[str, Any], where: EdgeFilter) -> int:
    return sum(1 for m, d in data["ev"] if where.evidence_ok(m, d))


def _adjacency(G: nx.MultiDiGraph, where: EdgeFilter, directed: bool, reverse: bool = False
               ) -> Adjacent:
    """Neighbours of a node through allowed edges, as (neighbour, relation id, data)."""

    def out_edges(u: Any) -> Iterator[tuple[Any, str, dict]]:
        for v, keyed in G.succ[u].items():
            for k, d in keyed.items():
                if edge_passes(d, where):
                    yield v, k, d

    def in_edges(u: Any, symmetric_only: bool) -> Iterator[tuple[Any, str, dict]]:
        for v, keyed in G.pred[u].items():
            for k, d in keyed.items():
                if symmetric_only and not d["symmetric"]:
                    continue
                if edge_passes(d, where):
                    yield v, k, d

    def both(u: Any) -> Iterator[tuple[Any, str, dict]]:
        yield from out_edges(u)
        yield from in_edges(u, symmetric_only=False)

    def forward(u: Any) -> Iterator[tuple[Any, str, dict]]:
        yield from out_edges(u)
        yield from in_edges(u, symmetric_only=True)

    def backward(u: Any) -> Iterator[tuple[Any, str, dict]]:
        # predecessors along directed edges, plus symmetric edges either way
        for v, keyed in G.pred[u].items():
            for k, d in keyed.items():
                if edge_passes(d, where):
                    yield v, k, d
        for v, keyed in G.succ[u].items():
            for k, d in keyed.items():
                if d["symmetric"] and edge_passes(d, where):
                    yield v, k, d

    if not directed:
        return both
    return backward if reverse else forward


def ranked_levels(
    center: Any,
    depth: int,
    limit: int,
    expand: Callable[[list[Any]], Iterable[Any]],
    name_of: Callable[[Any], str],
) -> tuple[list[Any], bool]:
    """Breadth-first levels around ``center``: at most ``limit`` nodes (centre included),
    each level in (name, id) order, so a limit keeps the closest nodes deterministically
    in every backend. ``expand(frontier)`` yields the neighbours of a whole level (one
    query per level for a database). Returns (nodes in visiting order, truncated)."""
    order = [center]
    seen = {center}
    frontier = [center]
    truncated = False
    for _ in range(depth):
        nxt = {v for v in expand(frontier) if v not in seen}
        ranked = sorted(nxt, key=lambda n: (name_of(n), n))
        room = limit - len(order)
        if len(ranked) > room:
            ranked = ranked[: max(room, 0)]
            truncated = True
        order.extend(ranked)
        seen.update(ranked)
        frontier = ranked
        if truncated or not frontier:
            break
    return order, truncated


def neighborhood(
    G: nx.MultiDiGraph, center: Any, depth: int, where: EdgeFilter, limit: int
) -> tuple[list[Any], list[str], bool]:
    """Nodes within ``depth`` hops of ``center`` (see :func:`ranked_levels`) and the
    allowed edges among them. Returns (nodes, relation ids, truncated)."""
    if center not in G:
        return [], [], False
    adj = _adjacency(G, where, directed=False)

    def expand(frontier: list[Any]) -> Iterator[Any]:
        for u in frontier:
            for v, _k, _d in adj(u):
                yield v

    order, truncated = ranked_levels(center, depth, limit, expand,
                                     lambda n: G.nodes[n].get("name", ""))
    keep = set(order)
    edges: set[str] = set()
    for u in order:
        for v, k, _d in adj(u):
            if v in keep:
                edges.add(k)
    return order, sorted(edges), truncated


def best_edge(
    G: nx.MultiDiGraph, u: Any, v: Any, where: EdgeFilter, directed: bool
) -> tuple[str, dict]:
    """The edge reported for hop u -> v (see module docstring)."""
    cands: list[tuple[int, str, str, dict]] = []
    for k, d in G.get_edge_data(u, v, default={}).items():
        if edge_passes(d, where):
            cands.append((-passing_count(d, where), d["type"], k, d))
    for k, d in G.get_edge_data(v, u, default={}).items():
        if (not directed or d["symmetric"]) and edge_passes(d, where):
            cands.append((-passing_count(d, where), d["type"], k, d))
    if not cands:
        raise KeyError((u, v))
    cands.sort(key=lambda c: c[:3])
    return cands[0][2], cands[0][3]


Expand = Callable[[set[Any], bool], Iterable[tuple[Any, Any]]]


def bidirectional_node_paths(
    source: Any,
    target: Any,
    max_hops: int,
    expand: Expand,
    name_of: Callable[[Any], str],
    all_shortest: bool = False,
    limit: int = 10,
) -> list[list[Any]]:
    """Shortest node sequences by bidirectional breadth-first search, expanding the
    smaller frontier, so a path query on a large graph touches a small part of it.

    ``expand(frontier, forward)`` yields ``(node, neighbour)`` pairs for a whole frontier:
    along allowed edges when ``forward``, against them otherwise. Taking a frontier at a
    time lets a backend answer each level with one query (Neo4j) or an adjacency walk
    (networkx); the search and its tie-breaking are the same for every backend. With
    ``all_shortest`` every shortest sequence is returned (at most ``limit``, ordered by
    ``name_of`` along the path); otherwise one."""
    if source == target:
        return [[source]]
    pred: dict[Any, set[Any]] = {source: set()}
    succ: dict[Any, set[Any]] = {target: set()}
    front_s, front_t = {source}, {target}
    hops = 0
    meet: set[Any] = set()
    while front_s and front_t and hops < max_hops:
        forward = len(front_s) <= len(front_t)
        seen, front = (pred, front_s) if forward else (succ, front_t)
        new: dict[Any, set[Any]] = {}
        for node, neighbour in expand(front, forward):
            if neighbour not in seen:
                new.setdefault(neighbour, set()).add(node)
        seen.update(new)
        if forward:
            front_s = set(new)
            meet = front_s & set(succ)
        else:
            front_t = set(new)
            meet = front_t & set(pred)
        hops += 1
        if meet:
            break
    if not meet:
        return []

    key = lambda n: (name_of(n), str(n))  # noqa: E731

    def back(n: Any) -> Iterator[list[Any]]:
        if n == source:
            yield [n]
            return
        for p in sorted(pred[n], key=key):
            for head in back(p):
                yield head + [n]

    def forth(n: Any) -> Iterator[list[Any]]:
        if n == target:
            yield [n]
            return
        for c in sorted(succ[n], key=key):
            for tail in forth(c):
                yield [n] + tail

    def every() -> Iterator[list[Any]]:
        for m in sorted(meet, key=key):
            for head in back(m):
                for tail in forth(m):
                    yield head + tail[1:]

    want = limit if all_shortest else 1
    found: list[list[Any]] = []
    distinct: set[tuple[Any, ...]] = set()
    for p in every():
        t = tuple(p)
        if t not in distinct:
            distinct.add(t)
            found.append(p)
            if len(found) >= want:
                break
    found.sort(key=lambda p: [key(n) for n in p])
    return found


def shortest_node_paths(
    G: nx.MultiDiGraph,
    source: Any,
    target: Any,
    max_hops: int,
    where: EdgeFilter,
    all_shortest: bool = False,
    directed: bool = False,
    limit: int = 10,
) -> list[list[Any]]:
    """Shortest node sequences from ``source`` to ``target`` of at most ``max_hops`` edges
    over the networkx view (see :func:`bidirectional_node_paths`)."""
    if source not in G or target not in G:
        return []
    fwd = _adjacency(G, where, directed)
    bwd = _adjacency(G, where, directed, reverse=True)

    def expand(frontier: set[Any], forward: bool) -> Iterator[tuple[Any, Any]]:
        step = fwd if forward else bwd
        for u in frontier:
            for v, _k, _d in step(u):
                yield u, v

    return bidirectional_node_paths(source, target, max_hops, expand,
                                     lambda n: G.nodes[n].get("name", ""), all_shortest, limit)


def filtered_view(G: nx.MultiDiGraph, where: EdgeFilter, directed: bool = False) -> nx.Graph:
    """A simple graph (DiGraph when ``directed``) of the allowed edges, for algorithms that
    do not understand parallel edges."""
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, _k, d in G.edges(keys=True, data=True):
        if edge_passes(d, where):
            H.add_edge(u, v)
            if directed and d["symmetric"]:
                H.add_edge(v, u)
    return H


def k_shortest_node_paths(
    G: nx.MultiDiGraph,
    source: Any,
    target: Any,
    k: int,
    max_hops: int,
    where: EdgeFilter,
    directed: bool = False,
) -> list[list[Any]]:
    """Up to ``k`` loop-free node sequences in order of length (Yen's algorithm via
    networkx), none longer than ``max_hops``. Works on the component around the two
    ends only, so its cost follows the neighbourhood, not the whole graph."""
    if source not in G or target not in G:
        return []
    # restrict to nodes within max_hops of the source: no longer path can use others
    near, _e, _t = neighborhood(G, source, max_hops, where, limit=50_000)
    sub = G.subgraph(near)
    H = filtered_view(sub, where, directed)
    if target not in H:
        return []
    out: list[list[Any]] = []
    try:
        for p in islice(nx.shortest_simple_paths(H, source, target), k):
            if len(p) - 1 > max_hops:
                break
            out.append(p)
    except nx.NetworkXNoPath:
        return []
    return out


def centrality(G: nx.MultiDiGraph, metric: str, where: EdgeFilter, limit: int
               ) -> list[tuple[Any, float]]:
    """Top ``limit`` nodes by degree, pagerank or betweenness over the allowed edges.
    Betweenness on graphs over 2,000 nodes is estimated from a 500-node sample."""
    H = filtered_view(G, where)
    if H.number_of_nodes() == 0:
        return []
    if metric == "degree":
        scores = {n: float(d) for n, d in H.degree()}
    elif metric == "pagerank":
        scores = nx.pagerank(H, max_iter=200, tol=1e-6)
    elif metric == "betweenness":
        k = 500 if H.number_of_nodes() > 2000 else None
        scores = nx.betweenness_centrality(H, k=k, seed=7)
    else:
        raise ValueError(f"unknown centrality metric {metric!r}")
    return heapq.nlargest(limit, scores.items(), key=lambda kv: (kv[1], str(kv[0])))


def communities(G: nx.MultiDiGraph, where: EdgeFilter, limit: int = 100) -> list[list[Any]]:
    """Clusters by greedy modularity (Louvain with a fixed seed), largest first."""
    H = filtered_view(G, where)
    H.remove_nodes_from([n for n, d in H.degree() if d == 0])
    if H.number_of_edges() == 0:
        return []
    parts = nx.community.louvain_communities(H, seed=7)
    ranked = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p))
    return ranked[:limit]
