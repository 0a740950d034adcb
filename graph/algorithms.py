"""Graph algorithms as plain functions: the one query engine of every store.

Most take the networkx view of :mod:`.view` - a :class:`networkx.MultiDiGraph` whose
nodes are entity ids (attributes ``name`` and ``type``) and whose edges are keyed by
relation id, with attributes ``type``, ``symmetric`` and ``ev`` - a tuple of
``(modality, document_date)`` pairs, one per evidence record. The searches also take
what a database gives: :func:`bidirectional_node_paths` and :func:`ranked_levels` expand
a whole frontier per call (one query per level), and :func:`shortest_node_paths` picks
its fast set-at-a-time form when handed a :class:`~.view.Adjacency`. Nothing here
touches a database: stores feed the searches and turn ids back into rich objects.

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
from .view import Adjacency

__all__ = [
    "edge_passes",
    "ranked_levels",
    "neighborhood",
    "bidirectional_node_paths",
    "shortest_sequences",
    "shortest_node_paths",
    "REGION_LIMIT",
    "path_lens",
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
Key = Callable[[Any], tuple[str, str]]


def _closure(start: Iterable[Any], links: Callable[[Any], Iterable[Any]]) -> set[Any]:
    seen = set(start)
    stack = list(seen)
    while stack:
        for p in links(stack.pop()):
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def shortest_sequences(meet: Iterable[Any], parents: Callable[[Any], Iterable[Any]],
                       children: Callable[[Any], Iterable[Any]], source: Any, target: Any,
                       key: Key, want: int) -> list[list[Any]]:
    """The first ``want`` distinct node sequences through the shortest-path DAG, in the
    order every path search here reports them: meeting nodes in ``key`` order, then
    back to ``source`` through ``parents`` and on to ``target`` through ``children``,
    each in ``key`` order; the chosen sequences are sorted by ``key`` along the path.

    This enumeration *is* the tie-break of every backend: the bidirectional searches over
    networkx, over the :class:`~.view.Adjacency` and over a database all end here, and
    Neo4j replays it on the DAG of its own ``ALL SHORTEST`` answer."""

    def chains(n: Any, links: Callable[[Any], Iterable[Any]], end: Any) -> Iterator[list[Any]]:
        """Node lists from ``n`` to ``end`` along ``links``, in ``key`` order."""
        if n == end:
            yield [n]
            return
        for m in sorted(links(n), key=key):
            for rest in chains(m, links, end):
                yield [n, *rest]

    found: list[list[Any]] = []
    distinct: set[tuple[Any, ...]] = set()
    for m in sorted(meet, key=key):
        for head in chains(m, parents, source):
            for tail in chains(m, children, target):
                seq = head[::-1] + tail[1:]
                t = tuple(seq)
                if t not in distinct:
                    distinct.add(t)
                    found.append(seq)
                    if len(found) >= want:
                        found.sort(key=lambda p: [key(n) for n in p])
                        return found
    found.sort(key=lambda p: [key(n) for n in p])
    return found


def bidirectional_node_paths(
    source: Any,
    target: Any,
    max_hops: int,
    expand: Expand,
    name_of: Callable[[Any], str],
    all_shortest: bool = False,
    limit: int = 10,
    prepare: Callable[[set[Any]], None] | None = None,
) -> list[list[Any]]:
    """Shortest node sequences by bidirectional breadth-first search, expanding the
    smaller frontier, so a path query on a large graph touches a small part of it.

    ``expand(frontier, forward)`` yields ``(node, neighbour)`` pairs for a whole frontier:
    along allowed edges when ``forward``, against them otherwise. Taking a frontier at a
    time lets a backend answer each level with one query (SQLite, Neo4j) or an adjacency
    walk (networkx); the search and its tie-breaking (:func:`shortest_sequences`) are the
    same for every backend. With ``all_shortest`` every shortest sequence is returned (at
    most ``limit``, ordered by ``name_of`` along the path); otherwise one. ``prepare``,
    when given, is called once with every node an answer may contain before ``name_of``
    is asked about them (a database backend fetches their names in one go)."""
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
    if prepare is not None:
        prepare(_closure(meet, pred.__getitem__) | _closure(meet, succ.__getitem__))
    key: Key = lambda n: (name_of(n), str(n))  # noqa: E731
    return shortest_sequences(meet, pred.__getitem__, succ.__getitem__, source, target, key,
                              limit if all_shortest else 1)


def _adjacency_paths(adj: Adjacency, source: Any, target: Any, max_hops: int,
                     all_shortest: bool, limit: int) -> list[list[Any]]:
    """:func:`bidirectional_node_paths` over an :class:`~.view.Adjacency` (same answer,
    same order; a test compares them on random graphs), about ten times faster: each
    level is one set union and difference, done in C, and parents are not recorded while
    searching but recovered for the nodes on the answer only - in an undirected graph the
    parents of a node at level d are its neighbours at level d - 1."""
    if source not in adj or target not in adj:
        return []
    if source == target:
        return [[source]]
    nbrs = adj.nbrs
    empty: frozenset[Any] = frozenset()
    layers_s: list[frozenset[Any]] = [frozenset((source,))]
    layers_t: list[frozenset[Any]] = [frozenset((target,))]
    seen_s, seen_t = {source}, {target}
    meet: frozenset[Any] = frozenset()
    while layers_s[-1] and layers_t[-1] and len(layers_s) + len(layers_t) - 2 < max_hops:
        if len(layers_s[-1]) <= len(layers_t[-1]):
            new = frozenset().union(*[nbrs.get(u, empty) for u in layers_s[-1]]) - seen_s
            seen_s |= new
            layers_s.append(new)
            meet = new & seen_t
        else:
            new = frozenset().union(*[nbrs.get(u, empty) for u in layers_t[-1]]) - seen_t
            seen_t |= new
            layers_t.append(new)
            meet = new & seen_s
        if meet:
            break
    if not meet:
        return []

    def level(layers: list[frozenset[Any]], n: Any) -> int:
        return next(i for i, layer in enumerate(layers) if n in layer)

    def parents(n: Any) -> frozenset[Any]:
        return nbrs.get(n, empty) & layers_s[level(layers_s, n) - 1]

    def children(n: Any) -> frozenset[Any]:
        return nbrs.get(n, empty) & layers_t[level(layers_t, n) - 1]

    names = adj.names
    key: Key = lambda n: (names.get(n, ""), str(n))  # noqa: E731
    return shortest_sequences(meet, parents, children, source, target, key,
                              limit if all_shortest else 1)


def shortest_node_paths(
    G: nx.MultiDiGraph | Adjacency,
    source: Any,
    target: Any,
    max_hops: int,
    where: EdgeFilter,
    all_shortest: bool = False,
    directed: bool = False,
    limit: int = 10,
) -> list[list[Any]]:
    """Shortest node sequences from ``source`` to ``target`` of at most ``max_hops`` edges
    (see :func:`bidirectional_node_paths`).

    ``G`` is the networkx view, or - for the default filter, undirected, the query almost
    every caller makes - an :class:`~.view.Adjacency`, searched by the specialised
    set-at-a-time form; the answers are the same."""
    if isinstance(G, Adjacency):
        if directed or where != EdgeFilter():
            raise ValueError("an Adjacency answers the default filter, undirected, only")
        return _adjacency_paths(G, source, target, max_hops, all_shortest, limit)
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


#: most nodes each end's breadth-first ball may hold in :func:`path_lens`
REGION_LIMIT = 50_000

Levels = Callable[[list[Any]], Iterable[tuple[Any, Any]]]


def path_lens(source: Any, target: Any, max_hops: int, expand: Levels,
              limit: int = REGION_LIMIT) -> set[Any]:
    """The nodes some walk of at most ``max_hops`` edges from ``source`` to ``target``
    passes through: ``d(source, n) + d(n, target) <= max_hops``, distances by
    breadth-first levels from each end (``max_hops - 1`` levels, at most ``limit`` nodes
    each; ``expand(frontier)`` yields ``(node, neighbour)`` pairs through allowed edges,
    either way, one call per level). Every loop-free path of at most ``max_hops`` edges
    lies in it, and so do the shortest paths from either end to any of its nodes, so a
    search of its subgraph answers as a search of the whole graph would: a few hundred
    nodes where the ``max_hops`` ball around one end holds most of a large graph."""

    def distances(start: Any) -> dict[Any, int]:
        dist = {start: 0}
        frontier = [start]
        for level in range(1, max_hops):
            new = sorted({v for _u, v in expand(frontier) if v not in dist}, key=str)
            new = new[:max(0, limit - len(dist))]  # bounded: a hub does not take it all
            dist.update(dict.fromkeys(new, level))
            frontier = new
            if not frontier:
                break
        return dist

    if source == target:
        return {source}
    ds, dt = distances(source), distances(target)
    lens = {n for n, d in ds.items() if n in dt and d + dt[n] <= max_hops}
    lens.update((source, target))  # the ends, which the balls may not reach
    return lens


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
    networkx), none longer than ``max_hops``. Searches the :func:`path_lens` between the
    two ends only, so its cost follows the paths asked for, not the graph - and a
    database backend passes just that lens (its nodes and the edges among them), for
    the same answer. The lens is searched in id order, so ties come out the same
    whichever store built it."""
    if source not in G or target not in G:
        return []
    adj = _adjacency(G, where, directed=False)

    def expand(frontier: list[Any]) -> Iterator[tuple[Any, Any]]:
        for u in frontier:
            for v, _k, _d in adj(u):
                yield u, v

    lens = path_lens(source, target, max_hops, expand)
    region = nx.MultiDiGraph()
    region.add_nodes_from(sorted(lens, key=str))
    region.add_edges_from(sorted(G.subgraph(lens).edges(keys=True, data=True),
                                 key=lambda e: (str(e[0]), str(e[1]), str(e[2]))))
    H = filtered_view(region, where, directed)
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
