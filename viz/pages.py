"""Interactive pages as single self-contained HTML files that open offline.

* :func:`neighborhood_page` - an entity and its neighbourhood;
* :func:`path_page` - the shortest path(s) between two entities, highlighted;
* :func:`graph_page` - the whole graph, size-guarded: beyond ``max_nodes`` entities the
  page shows the most connected ones and says so.

Nodes and edges are built with pyvis and styled from the schema (colour and shape per
entity type, colour and label per relation type, arrows only for directed types, dashed
lines for hedged or hypothetical edges, size by connections); the page itself comes from
:mod:`ergraph.viz.render` (vis-network inlined, data as escaped JSON, strict CSP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import DocumentNotFound
from ..graph import algorithms
from ..graph.base import LIMITS, EdgeFilter, GraphStore, Subgraph
from ..graph.base import Path as GPath
from ..model import Entity, Relation
from ..schema import Schema
from . import render

__all__ = ["neighborhood_page", "path_page", "graph_page", "render_page", "neighborhood_data",
           "path_data", "cited_documents"]


def _body(schema: Schema, title: str, notice: str, with_paths: bool) -> str:
    esc = render._esc
    paths = ('<section class="eg-paths-section"><h2>Paths</h2>'
             '<ol class="eg-paths" id="eg-paths"></ol></section>') if with_paths else ""
    return f"""<header class="eg-header">
<h1 id="eg-title">{esc(title)}</h1>
<p class="eg-notice" id="eg-notice" role="status">{esc(notice)}</p>
</header>
<div class="eg-main">
{render.graph_area_html(title)}
<aside class="eg-side">
{paths}
<h2>Details</h2>
<div class="eg-details" id="eg-details"><p class="eg-hint">Click a node for its names and type,
or an edge for its evidence sentences and their documents. Hover for a summary; scroll to
zoom; drag to move.</p></div>
{render.legend_html(schema)}
</aside>
</div>
{render.document_dialog_html()}"""


def cited_documents(store: Any, relations: Sequence[Relation]) -> dict[str, dict[str, Any]]:
    """The documents the relations' evidence cites, for the page's document view: id,
    title, date, source and text (the text is left out past
    :data:`render.DOCUMENTS_TOTAL_CHARS` in all, and clipped at
    :data:`render.DOCUMENT_CHARS`; a store that cannot give documents gives none)."""
    ids: dict[str, None] = {}
    for r in relations:
        for ev in r.evidence:
            ids.setdefault(ev.document_id, None)
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(store, GraphStore):  # e.g. the client's pages: a schema only
        return out
    budget = render.DOCUMENTS_TOTAL_CHARS
    for doc_id in ids:
        try:
            doc = store.get_document(doc_id)
        except DocumentNotFound:  # a missing document only loses its view
            continue
        entry: dict[str, Any] = {"id": doc.id, "title": doc.title, "date": doc.date,
                                 "source": getattr(doc, "source", "") or ""}
        text = doc.text or ""
        if len(text) <= budget:
            entry["text"] = text[: render.DOCUMENT_CHARS]
            entry["clipped"] = len(text) > render.DOCUMENT_CHARS
            budget -= len(entry["text"])
        out[doc_id] = entry
    return out


#: Pages with more relations than this do not look up the other side of disputes.
DISPUTE_LOOKUP_MAX = 2000


def with_both_sides(store: Any, relations: Sequence[Relation]) -> list[Relation]:
    """The relations, each disputed one (asserted by some evidence in the store and denied
    by other) carrying both sides' evidence, so the page flags it and shows both even
    when the query's filter left the denials out. One bounded store query
    (:meth:`GraphStore.relation_modalities`) says which are disputed; only those are
    read again."""
    rels = list(relations)
    if not isinstance(store, GraphStore) or len(rels) > DISPUTE_LOOKUP_MAX:
        return rels
    # those whose evidence given shows one side only (and some evidence at all)
    partial = [r for r in rels if r.evidence and not render.relation_flags(r)[1]]
    stored = store.relation_modalities(partial) if partial else {}
    disputed = {rid for rid, m in stored.items() if "negated" in m and len(m) > 1}
    out: list[Relation] = []
    for r in rels:
        if r.id not in disputed:
            out.append(r)
            continue
        full = next((x for x in store.relations(source=r.source, target=r.target, type=r.type,
                                                limit=LIMITS["limit"]) if x.id == r.id), None)
        if full is None:  # the store changed meanwhile
            out.append(r)
            continue
        have = {e.id for e in r.evidence}
        denials = any(e.modality == "negated" for e in r.evidence)
        extra = tuple(e for e in full.evidence
                      if e.id not in have and (e.modality != "negated") == denials)
        out.append(replace(r, evidence=r.evidence + extra))
    return out


def _complete(data: render.PageData, store: Any) -> render.PageData:
    """Both sides of disputes and the cited documents, from ``store``."""
    if store is None:
        return data
    data.relations = with_both_sides(store, data.relations)
    if not data.documents:
        data.documents = cited_documents(store, data.relations)
    return data


def render_page(schema: Schema, data: render.PageData, store: Any = None,
                shared: bool = False) -> str:
    """The HTML of one static page (``store``, when given, supplies the cited documents'
    text for the document view; ``shared``: the code comes from the notebook, see
    :mod:`ergraph.viz.notebook`)."""
    _complete(data, store)
    payload = render.page_payload(schema, data)
    body = _body(schema, data.title, data.notice, with_paths=data.kind == "path")
    return render.assemble(title=data.title, body=body, data=payload,
                           scripts=[render.static_script("ergraph.js"),
                                    render.static_script("page.js")], shared=shared)


def neighborhood_data(sub: Subgraph, store: Any = None) -> render.PageData:
    """What a neighbourhood page shows (documents from ``store`` when given)."""
    center = next((e for e in sub.entities if e.id == sub.center), None)
    name = center.name if center else "(unknown entity)"
    n = len(sub.entities) - (1 if center else 0)
    notice = ""
    if sub.truncated:
        notice = (f"Truncated: showing {n} neighbour(s), the closest first; the limit cut "
                  "the neighbourhood short.")
    data = render.PageData(
        kind="neighborhood", title=f"Neighbourhood of {name}", notice=notice,
        entities=list(sub.entities), relations=list(sub.relations), center=sub.center,
        highlight_nodes={sub.center} if sub.center else set())
    return _complete(data, store)


def neighborhood_page(store: GraphStore, sub: Subgraph, out: Path | str) -> Path:
    """An entity's neighbourhood (``store.neighbors(...)``), centre highlighted."""
    data = neighborhood_data(sub)
    return render.write_page(out, render_page(store.schema, data, store))


def path_data(paths: Sequence[GPath], a: Entity, b: Entity, store: Any = None
              ) -> render.PageData:
    """What a paths page shows (documents from ``store`` when given)."""
    ents: dict[str, Entity] = {a.id: a, b.id: b}
    rels: dict[str, Relation] = {}
    for p in paths:
        ents.update((n.id, n) for n in p.nodes)
        rels.update((r.id, r) for r in p.relations)
    if not paths:
        notice = f"No path between {a.name} and {b.name} with the filters used."
    else:
        hops = sorted({p.hops for p in paths})
        span = f"{hops[0]} hop{'s' if hops[0] != 1 else ''}" if len(hops) == 1 else \
            f"{hops[0]}–{hops[-1]} hops"
        notice = f"{len(paths)} path{'s' if len(paths) != 1 else ''} of {span}."
    data = render.PageData(
        kind="path", title=f"Paths from {a.name} to {b.name}", notice=notice,
        entities=list(ents.values()), relations=list(rels.values()),
        highlight_nodes={a.id, b.id}, highlight_edges=set(rels),
        paths=[{"nodes": list(p.node_ids()), "relations": [r.id for r in p.relations]}
               for p in paths],
        extra={"source": a.id, "target": b.id})
    return _complete(data, store)


def path_page(store: GraphStore, paths: Sequence[GPath], out: Path | str, a: Entity,
              b: Entity) -> Path:
    """All given paths between ``a`` and ``b``, path edges and both ends highlighted."""
    data = path_data(paths, a, b)
    return render.write_page(out, render_page(store.schema, data, store))


def _filtered(r: Relation, where: EdgeFilter) -> Relation | None:
    """The relation with only the evidence that passes ``where``; None if none does."""
    if not where.type_ok(r.type):
        return None
    ev = tuple(e for e in r.evidence if where.evidence_ok(e.modality, e.document_date))
    return replace(r, evidence=ev) if ev else None


def graph_data(store: GraphStore, where: EdgeFilter | None = None, max_nodes: int = 500
               ) -> render.PageData:
    """The whole graph (allowed edges only), or its ``max_nodes`` most connected
    entities with a notice saying how many were left out."""
    where = where or EdgeFilter()
    max_nodes = max(1, max_nodes)
    G = store.network()
    H = algorithms.filtered_view(G, where)
    total = H.number_of_nodes()
    degree: dict[Any, float] = {n: float(d) for n, d in H.degree()}
    if total > max_nodes:
        top = [n for n, _ in algorithms.centrality(G, "degree", where, max_nodes)]
        notice = (f"Size guard: showing the {len(top):,} most connected of {total:,} "
                  f"entities (top {len(top):,} by degree centrality); "
                  f"{total - len(top):,} not shown. Draw a neighbourhood or a path to see "
                  "the rest.")
    else:
        top = sorted(H.nodes, key=lambda n: (-degree.get(n, 0.0), str(n)))
        notice = ""
    keep = set(top)
    rels: dict[str, Relation] = {}
    for n in top:
        if not any(True for _ in G.successors(n)):
            continue
        for r in store.relations(source=n, limit=LIMITS["limit"]):
            if r.id in rels or r.source not in keep or r.target not in keep:
                continue
            fr = _filtered(r, where)
            if fr is not None:
                rels[r.id] = fr
    ents = _entities(store, top)
    kinds = f"{len(ents):,} entities, {len(rels):,} relations"
    return render.PageData(
        kind="graph", title=f"Whole graph ({kinds})", notice=notice, entities=ents,
        relations=list(rels.values()), scores={n: degree.get(n, 0.0) for n in top},
        extra={"total": total, "shown": len(ents), "maxNodes": max_nodes})


def _entities(store: GraphStore, ids: list[str]) -> list[Entity]:
    return [store.get_entity(i) for i in ids]


def graph_page(store: GraphStore, out: Path | str, where: EdgeFilter | None = None,
               max_nodes: int = 500) -> Path:
    """The whole graph; beyond ``max_nodes`` entities the top ones by degree, and the page
    says so."""
    data = graph_data(store, where, max_nodes)
    return render.write_page(out, render_page(store.schema, data, store))
