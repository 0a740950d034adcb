"""Interactive pages drawn with pyvis, self-contained and offline (first version)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from pyvis.network import Network

from ..graph.base import EdgeFilter, GraphStore, Path as GPath, Subgraph
from ..model import Entity, Relation

__all__ = ["neighborhood_page", "path_page", "graph_page"]


def _plain(text: str) -> str:
    # pyvis switches to an HTML popup when a title contains "href"; keep titles plain text
    return text.replace("href", "hre\u200bf")


def _network(schema: Any, entities: list[Entity], relations: list[Relation],
             highlight: set[str] | None = None) -> Network:
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for e in entities:
        et = schema.entities.get(e.type)
        net.add_node(e.id, label=e.name, title=_plain(f"{e.name} ({e.type})"),
                     color=et.color if et else "#888888", shape=et.shape if et else "dot")
    for r in relations:
        rt = schema.relations.get(r.type)
        sentences = "\n".join(f"[{ev.modality}] {ev.sentence}" for ev in r.evidence[:3])
        net.add_edge(r.source, r.target, label=r.type, title=_plain(f"{r.type}\n{sentences}"),
                     color=rt.color if rt else "#888888",
                     width=4 if highlight and r.id in highlight else 1,
                     arrows="" if r.symmetric else "to")
    net.toggle_physics(True)
    return net


def _write(net: Network, out: Path, heading: str) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    page = net.generate_html(notebook=False)
    page = re.sub(r'<link[^>]+bootstrap[^>]*>', "", page)
    page = re.sub(r'<script[^>]+bootstrap[^>]*></script>', "", page)
    page = page.replace("<body>", f"<body><h1>{html.escape(heading)}</h1>", 1)
    out.write_text(page, encoding="utf-8")
    return out


def neighborhood_page(store: GraphStore, sub: Subgraph, out: Path) -> Path:
    center = next((e.name for e in sub.entities if e.id == sub.center), "")
    net = _network(store.schema, list(sub.entities), list(sub.relations))
    return _write(net, out, f"Neighbourhood of {center}")


def path_page(store: GraphStore, paths: list[GPath], out: Path, a: Entity, b: Entity) -> Path:
    ents = {n.id: n for p in paths for n in p.nodes}
    rels = {r.id: r for p in paths for r in p.relations}
    net = _network(store.schema, list(ents.values()), list(rels.values()), set(rels))
    return _write(net, out, f"Paths from {a.name} to {b.name}")


def graph_page(store: GraphStore, out: Path, where: EdgeFilter | None = None,
               max_nodes: int = 500) -> Path:
    from ..graph import algorithms

    G = store.network()  # type: ignore[attr-defined]
    top = [n for n, _ in algorithms.centrality(G, "degree", where or EdgeFilter(), max_nodes)]
    rels = [r for r in store.relations(limit=1000) if r.source in top and r.target in top]
    ents = [store.get_entity(n) for n in top]
    return _write(_network(store.schema, ents, rels), out, "Whole graph")
