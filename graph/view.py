"""The graph views: the one builder of the networkx view of a store, and the lean
adjacency the default path search runs on.

The networkx view (:func:`build_view`) is a :class:`networkx.MultiDiGraph` whose nodes are
entity ids (attributes ``name`` and ``type``) and whose edges are keyed by relation id,
with attributes ``type``, ``symmetric`` and ``ev`` - a tuple of ``(modality,
document_date)`` pairs, one per distinct evidence record (see :mod:`.algorithms`). Every
backend, the pages and the client build it here, from rows (:class:`NodeRow`,
:class:`EdgeRow`), from dump records (:func:`view_from_records`) or from model objects
(:func:`view_from_objects`). :func:`update_view` applies a write to a view in place, so a
store keeps one view current instead of rebuilding it.

:class:`Adjacency` is the compact form for the filter almost every query uses (no type,
modality or date restriction, undirected): per node, the set of neighbours through an
edge with some non-negated evidence, and the node's name (for tie-breaking). A store
builds it from two plain table scans - no per-edge attribute dicts - and refreshes the
nodes a write touched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import networkx as nx

from ..model import Entity, Relation
from .records import evidence_pairs, sorted_pairs

__all__ = ["NodeRow", "EdgeRow", "build_view", "update_view", "view_from_records",
           "view_from_objects", "Adjacency"]

EvPairs = tuple[tuple[str, str | None], ...]


class NodeRow(NamedTuple):
    id: str
    name: str
    type: str


class EdgeRow(NamedTuple):
    id: str
    source: str
    target: str
    type: str
    symmetric: bool
    ev: EvPairs


def _add_edges(G: nx.MultiDiGraph, edges: Iterable[EdgeRow],
               shared: dict[EvPairs, EvPairs]) -> None:
    for e in edges:
        # most edges have the same few (modality, date) sets: share one tuple each
        G.add_edge(e.source, e.target, key=e.id, type=e.type, symmetric=bool(e.symmetric),
                   ev=shared.setdefault(e.ev, e.ev))


def build_view(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> nx.MultiDiGraph:
    """The networkx view of these nodes and edges (an edge's ends become nodes)."""
    G = nx.MultiDiGraph()
    for n in nodes:
        G.add_node(n.id, name=n.name, type=n.type)
    _add_edges(G, edges, {})
    return G


def update_view(G: nx.MultiDiGraph, nodes: Iterable[NodeRow], removed_nodes: Iterable[str],
                edges: Iterable[EdgeRow], removed_edges: Iterable[tuple[str, str, str]]
                ) -> None:
    """Apply a write to ``G`` in place: nodes added or renamed, nodes removed (with their
    edges), edges ``(source, target, id)`` removed, edges added or replaced."""
    for u, v, k in removed_edges:
        if G.has_edge(u, v, key=k):
            G.remove_edge(u, v, key=k)
    G.remove_nodes_from([n for n in removed_nodes if n in G])
    for n in nodes:
        G.add_node(n.id, name=n.name, type=n.type)
    _add_edges(G, edges, {})
    # what caches of results over the view (api.service.Runtime.cached) compare
    G.graph["version"] = G.graph.get("version", 0) + 1


def view_from_records(records: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """The view of a store's ``dump()`` (documents come first, so their dates are known
    when the relations citing them arrive)."""
    dates: dict[str, str | None] = {}
    nodes: list[NodeRow] = []
    edges: list[EdgeRow] = []
    for rec in records:
        kind = rec.get("kind")
        if kind == "document":
            dates[rec["id"]] = rec.get("date")
        elif kind == "entity":
            nodes.append(NodeRow(rec["id"], rec["name"], rec["type"]))
        elif kind == "relation":
            edges.append(EdgeRow(rec["id"], rec["source"], rec["target"], rec["type"],
                                 bool(rec["symmetric"]), evidence_pairs(dict(rec), dates)))
    return build_view(nodes, edges)


def view_from_objects(entities: Iterable[Entity], relations: Iterable[Relation],
                      scalar: bool = False) -> nx.MultiDiGraph:
    """The view of model objects (a query's result). With ``scalar`` the attributes are
    the exportable ones instead (``nx.write_graphml`` / ``write_gexf`` take only scalars):
    nodes ``name``, ``type``, ``aliases``; edges ``type``, ``symmetric``, ``modalities``,
    ``confidence``, ``evidence_count``."""
    ents = list(entities)
    rels = list(relations)
    G = build_view((NodeRow(e.id, e.name, e.type) for e in ents),
                   (EdgeRow(r.id, r.source, r.target, r.type, r.symmetric,
                            sorted_pairs((x.modality, x.document_date) for x in r.evidence))
                    for r in rels))
    if scalar:
        for e in ents:
            G.nodes[e.id]["aliases"] = "; ".join(e.aliases)
        for r in rels:
            d = G.edges[r.source, r.target, r.id]
            del d["ev"]
            d.update(modalities=", ".join(r.modalities), confidence=r.confidence,
                     evidence_count=len(r.evidence))
    return G


_EMPTY: frozenset[str] = frozenset()


class Adjacency:
    """Undirected neighbour sets through the edges that pass the default filter, and
    node names; the structure :func:`.algorithms.shortest_node_paths` searches fastest.

    Neighbour sets are replaced, never mutated, when a write refreshes a node, so a
    search running in another thread sees each set whole."""

    def __init__(self, names: dict[str, str], pairs: Iterable[tuple[str, str]]) -> None:
        intern: dict[str, str] = {n: n for n in names}
        nbrs: dict[str, set[str]] = {}
        for u, v in pairs:
            u = intern.setdefault(u, u)
            v = intern.setdefault(v, v)
            if u == v:
                nbrs.setdefault(u, set()).add(u)
                continue
            nbrs.setdefault(u, set()).add(v)
            nbrs.setdefault(v, set()).add(u)
        self.names = names
        self.nbrs: dict[str, frozenset[str]] = {n: frozenset(s) for n, s in nbrs.items()}
        self.lock = threading.Lock()

    def __contains__(self, node: object) -> bool:
        return node in self.names

    def neighbours(self, node: str) -> frozenset[str]:
        return self.nbrs.get(node, _EMPTY)

    def name(self, node: str) -> str:
        return self.names.get(node, "")

    def refresh(self, nodes: Iterable[str], names: Mapping[str, str | None],
                fetch: Callable[[list[str]], dict[str, set[str]]]) -> None:
        """Bring ``nodes`` up to date after a write: ``names[n]`` is the node's name now
        (None: the entity is gone); ``fetch(ids)`` their neighbour sets as stored now."""
        ids = sorted(set(nodes))
        if not ids:
            return
        current = fetch(ids)
        with self.lock:
            changed: dict[str, set[str]] = {}

            def edit(n: str) -> set[str]:
                s = changed.get(n)
                if s is None:
                    s = changed[n] = set(self.nbrs.get(n, _EMPTY))
                return s

            for n in ids:
                new = current.get(n, set()) if names.get(n) is not None else set()
                old = self.nbrs.get(n, _EMPTY)
                for m in old - new:
                    if m != n:
                        edit(m).discard(n)
                for m in new - old:
                    if m != n:
                        edit(m).add(n)
                changed[n] = set(new)
            for n in ids:
                name = names.get(n)
                if name is None:
                    self.names.pop(n, None)
                else:
                    self.names[n] = name
            for n, s in changed.items():
                if s:
                    self.nbrs[n] = frozenset(s)
                else:
                    self.nbrs.pop(n, None)
