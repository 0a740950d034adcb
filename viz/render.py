"""Building blocks of every ergraph page: styling, layout, safe data embedding, assembly.

Safety model (see DEVELOPERS.md "every string shown in a page is escaped"):

* document data never enters the page as HTML. It travels as JSON inside one
  ``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029
  escaped, so no sequence in it can close the block or start markup; the page's script
  reads it with ``JSON.parse`` and writes every string with ``textContent``;
* the few strings Python writes into markup (``<title>``, the heading, the legend) go
  through :func:`html.escape`;
* tooltips are plain strings, which vis-network shows with ``innerText``;
* a Content-Security-Policy allows only the page's own inline scripts (by SHA-256 hash),
  so an injected ``<script>`` or ``onerror=`` handler would not run even if one slipped
  through; pages written to disk may not connect anywhere (``connect-src 'none'``);
* vis-network's JS and CSS are inlined from pyvis's bundled copy: nothing is fetched.

The graph itself is built with pyvis (:class:`pyvis.network.Network` holds the vis node
and edge options); its HTML template is not used, because it loads Bootstrap from a CDN
and, when a title contains "href", inserts titles as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from pyvis.edge import Edge as PyvisEdge
from pyvis.network import Network

from ..model import Entity, Relation
from ..schema import Schema

__all__ = [
    "DASHED_MODALITIES",
    "PageData",
    "assemble",
    "compute_layout",
    "edge_options",
    "embed_json",
    "legend_html",
    "node_options",
    "physics_iterations",
    "relation_label",
    "style_config",
    "vis_assets",
]

#: Edges whose evidence is only of these modalities are drawn dashed.
DASHED_MODALITIES = ("hedged", "hypothetical")
#: Evidence sentences repeated in an edge tooltip (the side panel shows all of them).
TOOLTIP_EVIDENCE = 3
TOOLTIP_SENTENCE_CHARS = 280
#: Above this many nodes edge labels are left off (the legend and tooltips still say).
EDGE_LABEL_MAX_NODES = 300
DEFAULT_COLOR = "#888888"
#: A denied relation (every piece of evidence negates it) is drawn grey and dotted, with
#: no arrow and weight 0: it must never read as a fact.
DENIED_COLOR = "#9aa0a6"
DENIED_DASHES = [2, 5]
#: The halo of a disputed relation (asserted by some evidence, denied by other).
DISPUTED_COLOR = "#e8590c"
DISPUTED_SHADOW = {"enabled": True, "color": "rgba(232,89,12,0.6)", "size": 10, "x": 0,
                   "y": 0}
DENIED_NOTE = "denied: every piece of evidence says it did not happen"
DISPUTED_NOTE = "disputed: asserted in some evidence, denied in other"
#: Document text embedded in a static page, per document and in all (characters).
DOCUMENT_CHARS = 200_000
DOCUMENTS_TOTAL_CHARS = 2_000_000


# -- assets -------------------------------------------------------------------------

def _static(name: str) -> str:
    return resources.files("ergraph.viz").joinpath("static", name).read_text(encoding="utf-8")


def _template(name: str) -> str:
    return resources.files("ergraph.viz").joinpath("templates", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS, from the copy bundled inside pyvis."""
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, _trim_vis_css(css)


#: vis-network stylesheet rules the pages never use (navigation buttons, the
#: configurator, manipulation toolbars): 210 KB of images in data: URLs.
_UNUSED_VIS_CSS = ("vis-configuration", "vis-color-picker", "vis-navigation", "vis-button",
                   "vis-manipulation", "vis-edit", "vis-close", "vis-separator", "vis-label",
                   "vis-none")


def _trim_vis_css(css: str) -> str:
    """The rules of vis-network's stylesheet the pages use (the tooltip, overlays)."""
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    keep = [f"{sel.strip()}{{{body}}}" for sel, body in rules
            if "url(" not in body and not any(u in sel for u in _UNUSED_VIS_CSS)]
    return "\n".join(keep)


def _check_inline(kind: str, text: str) -> str:
    closing = f"</{kind}"
    if closing in text.lower() or "<!--" in text:
        raise ValueError(f"inline {kind} must not contain {closing!r} or '<!--'")
    return text


# -- escaping -----------------------------------------------------------------------

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def embed_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: no ``<``, ``>``
    or ``&`` survives, so the text can neither close the element nor form markup."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).translate(_JSON_ESCAPES)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- style --------------------------------------------------------------------------

def relation_label(type_: str) -> str:
    """``SOUGHT_TO_UNDERMINE`` -> ``sought to undermine``."""
    return type_.replace("_", " ").lower()


def style_config(schema: Schema) -> dict[str, Any]:
    """The styling rules as data, for the legend and for the explorer's script, which
    styles what the API returns exactly as :func:`node_options`/:func:`edge_options` do."""
    return {
        "entities": {n: {"label": e.label, "color": e.color, "shape": e.shape}
                     for n, e in schema.entities.items()},
        "relations": {n: {"label": relation_label(n), "color": r.color,
                          "symmetric": r.symmetric}
                      for n, r in schema.relations.items()},
        "dashed": list(DASHED_MODALITIES),
        "edgeLabelMaxNodes": EDGE_LABEL_MAX_NODES,
        "default": DEFAULT_COLOR,
        "denied": {"color": DENIED_COLOR, "dashes": DENIED_DASHES, "note": DENIED_NOTE},
        "disputed": {"color": DISPUTED_COLOR, "shadow": DISPUTED_SHADOW,
                     "note": DISPUTED_NOTE},
    }


def relation_flags(r: Relation) -> tuple[bool, bool]:
    """(denied, disputed): every piece of evidence negates the relation; or some states it
    and some denies it."""
    mods = [e.modality for e in r.evidence]
    neg = sum(1 for m in mods if m == "negated")
    denied = bool(mods) and neg == len(mods)
    return denied, (0 < neg < len(mods))


def edge_label(type_: str, denied: bool, disputed: bool) -> str:
    """``met``; ``denied: met``; ``⚠ disputed: met``."""
    label = relation_label(type_)
    if denied:
        return "denied: " + label
    if disputed:
        return "\u26a0 disputed: " + label
    return label


def _clip(text: str, size: int = TOOLTIP_SENTENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def entity_tooltip(e: Entity, label: str) -> str:
    lines = [e.name, f"type: {label}"]
    if e.aliases:
        lines.append("also: " + ", ".join(e.aliases))
    return "\n".join(lines)


def relation_tooltip(r: Relation, names: Mapping[str, str]) -> str:
    arrow = "—" if r.symmetric else "→"
    src, dst = names.get(r.source, r.source), names.get(r.target, r.target)
    denied, disputed = relation_flags(r)
    lines = [f"{src} {arrow} {edge_label(r.type, denied, disputed)} {arrow} {dst}",
             "modality: " + (", ".join(r.modalities) or "none")]
    if denied:
        lines.append(DENIED_NOTE)
    elif disputed:
        lines.append(DISPUTED_NOTE)
    for ev in r.evidence[:TOOLTIP_EVIDENCE]:
        where = ", ".join(x for x in (ev.document_title, ev.document_date or "",
                                      f"p. {ev.page}" if ev.page else "") if x)
        lines.append(f"• [{ev.modality}] {_clip(ev.sentence)}" + (f" ({where})" if where else ""))
    if len(r.evidence) > TOOLTIP_EVIDENCE:
        lines.append(f"… {len(r.evidence) - TOOLTIP_EVIDENCE} more (click the edge)")
    return "\n".join(lines)


def edge_dashes(modalities: Iterable[str]) -> bool | list[int]:
    """Solid when some evidence asserts the relation; dashed when it is only hedged or
    hypothetical; dotted when it is only denied (shown when negated is asked for)."""
    mods = set(modalities)
    if "asserted" in mods:
        return False
    if mods & set(DASHED_MODALITIES):
        return True
    if mods == {"negated"}:
        return [2, 5]
    return False


def node_options(schema: Schema, e: Entity, value: float, *, highlight: bool = False,
                 x: float | None = None, y: float | None = None) -> dict[str, Any]:
    et = schema.entities.get(e.type)
    opts: dict[str, Any] = {
        "title": entity_tooltip(e, et.label if et else e.type),
        "shape": et.shape if et else "dot",
        "color": et.color if et else DEFAULT_COLOR,
        "value": round(float(value), 6),
        "entityType": e.type,
    }
    if highlight:
        opts["borderWidth"] = 4
        opts["font"] = {"size": 18, "bold": True}
    if x is not None and y is not None:
        opts["x"], opts["y"] = round(x, 1), round(y, 1)
    return opts


def edge_options(schema: Schema, r: Relation, names: Mapping[str, str], *,
                 highlight: bool = False, label: bool = True) -> dict[str, Any]:
    rt = schema.relations.get(r.type)
    symmetric = rt.symmetric if rt else r.symmetric
    denied, disputed = relation_flags(r)
    opts: dict[str, Any] = {
        "id": r.id,
        "title": relation_tooltip(r, names),
        "color": DENIED_COLOR if denied else (rt.color if rt else DEFAULT_COLOR),
        "dashes": list(DENIED_DASHES) if denied else edge_dashes(r.modalities),
        "arrows": {"to": {"enabled": not symmetric and not denied}},
        "width": 4 if highlight else (1 if denied else 3 if disputed else 1.5),
        "relType": r.type,
        "modalities": list(r.modalities),
        "weight": 0 if denied else sum(1 for e in r.evidence if e.modality != "negated"),
        "denied": denied,
        "disputed": disputed,
    }
    if disputed:
        opts["shadow"] = dict(DISPUTED_SHADOW)
    if label:
        opts["label"] = edge_label(r.type, denied, disputed)
    return opts


# -- layout -------------------------------------------------------------------------

def physics_iterations(n: int) -> int:
    """Stabilisation iterations run in the browser before physics is frozen: positions
    are computed here, so large graphs need few (and the largest none)."""
    if n <= 150:
        return 200
    if n <= 600:
        return 60
    if n <= 1500:
        return 15
    return 0


def compute_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = 7
                   ) -> dict[str, tuple[float, float]]:
    """Positions in vis-network pixels. networkx ``spring_layout`` for small graphs; a
    Fruchterman-Reingold variant with sampled repulsion (O(n·k) per step, no scipy)
    for large ones, so a 5,000-node page is laid out in a second or two."""
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b]
    scale = 90.0 * math.sqrt(n) + 150.0
    if n <= 400:
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(pairs)
        pos = nx.spring_layout(G, seed=seed, iterations=60 if n <= 100 else 40)
        arr = np.array([pos[i] for i in range(n)], dtype=float)
    else:
        arr = _sampled_fr(n, pairs, seed)
    arr -= arr.mean(axis=0)
    extent = float(np.abs(arr).max()) or 1.0
    arr *= scale / extent
    return {v: (float(arr[i, 0]), float(arr[i, 1])) for i, v in enumerate(nodes)}


def _sampled_fr(n: int, pairs: list[tuple[int, int]], seed: int, iterations: int = 80,
                samples: int = 40) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    if pairs:
        e = np.array(pairs, dtype=np.int64)
        src, dst = e[:, 0], e[:, 1]
    else:
        src = dst = np.zeros(0, dtype=np.int64)
    m = min(samples, n - 1)
    temp = math.sqrt(n) / 2.0
    cool = (0.02) ** (1.0 / iterations)
    gravity = 0.08
    for _ in range(iterations):
        idx = rng.integers(0, n, (n, m))
        delta = pos[:, None, :] - pos[idx]
        d2 = (delta * delta).sum(axis=-1) + 1e-3
        disp = (delta / d2[..., None]).sum(axis=1) * ((n - 1) / m)
        if src.size:
            de = pos[src] - pos[dst]
            dist = np.sqrt((de * de).sum(axis=1))[:, None]
            force = de * dist
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        disp -= gravity * pos * np.sqrt((pos * pos).sum(axis=1))[:, None] / math.sqrt(n)
        length = np.sqrt((disp * disp).sum(axis=1))[:, None] + 1e-9
        pos += disp / length * np.minimum(length, temp)
        temp *= cool
    return pos


def degree_scores(entities: Sequence[Entity], relations: Sequence[Relation]) -> dict[str, float]:
    deg = {e.id: 0.0 for e in entities}
    for r in relations:
        for end in (r.source, r.target):
            if end in deg:
                deg[end] += 1.0
    return deg


# -- the page -----------------------------------------------------------------------

@dataclass
class PageData:
    """Everything one static page shows."""

    kind: str  # "neighborhood" | "path" | "graph"
    title: str
    entities: list[Entity]
    relations: list[Relation]
    notice: str = ""
    center: str | None = None
    highlight_nodes: set[str] = field(default_factory=set)
    highlight_edges: set[str] = field(default_factory=set)
    scores: dict[str, float] | None = None
    score_name: str = "degree"
    paths: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    #: id -> {"id", "title", "date", "source", "text"} of the documents the evidence
    #: cites (see :func:`ergraph.viz.pages.cited_documents`); "text" may be missing.
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_network(schema: Schema, data: PageData) -> Network:
    """The pyvis network holding the vis options of every node and edge."""
    ents = {e.id: e for e in data.entities}
    rels = [r for r in data.relations if r.source in ents and r.target in ents]
    names = {i: e.name for i, e in ents.items()}
    scores = data.scores or degree_scores(list(ents.values()), rels)
    positions = compute_layout(list(ents), ((r.source, r.target) for r in rels))
    net = Network(directed=True, cdn_resources="in_line")
    for e in ents.values():
        x, y = positions.get(e.id, (None, None))
        opts = node_options(schema, e, scores.get(e.id, 0.0),
                            highlight=e.id in data.highlight_nodes, x=x, y=y)
        net.add_node(e.id, label=e.name, **opts)
    show_labels = len(ents) <= EDGE_LABEL_MAX_NODES
    for r in rels:
        opts = edge_options(schema, r, names, highlight=r.id in data.highlight_edges,
                            label=show_labels)
        # pyvis' add_edge scans every edge and node per call (quadratic); the ends are
        # known to exist, so build the same pyvis Edge directly.
        net.edges.append(PyvisEdge(r.source, r.target, directed=True, **opts).options)
    return net


def _evidence_dict(r: Relation) -> list[dict[str, Any]]:
    return [{"sentence": ev.sentence, "document_title": ev.document_title,
             "document_date": ev.document_date, "document_id": ev.document_id,
             "modality": ev.modality, "start": ev.start, "end": ev.end,
             **({"page": ev.page} if ev.page is not None else {})} for ev in r.evidence]


def _relation_dict(r: Relation) -> dict[str, Any]:
    denied, disputed = relation_flags(r)
    return {**r.to_dict(with_evidence=False), "denied": denied, "disputed": disputed,
            "evidence": _evidence_dict(r)}


def page_payload(schema: Schema, data: PageData) -> dict[str, Any]:
    net = build_network(schema, data)
    n = len(net.nodes)
    ents = {e.id: e for e in data.entities}
    return {
        "kind": data.kind,
        "title": data.title,
        "notice": data.notice,
        "center": data.center,
        "scoreName": data.score_name,
        "nodes": net.nodes,
        "edges": net.edges,
        "entities": {e.id: e.to_dict() for e in ents.values()},
        "relations": {r.id: _relation_dict(r)
                      for r in data.relations if r.source in ents and r.target in ents},
        "documents": data.documents,
        "paths": data.paths,
        "physics": {"iterations": physics_iterations(n)},
        "style": style_config(schema),
        **data.extra,
    }


def legend_html(schema: Schema) -> str:
    """The legend, from the schema (escaped; the schema is user-editable)."""
    rows = ['<section class="eg-legend" id="eg-legend" aria-label="Legend">',
            "<h2>Legend</h2>", '<ul class="eg-legend-entities">']
    for name, e in schema.entities.items():
        rows.append(
            f'<li data-type="{_esc(name)}"><span class="eg-swatch eg-shape-{_esc(e.shape)}" '
            f'style="background:{_esc(e.color)}"></span>{_esc(e.label)}</li>')
    rows.append('</ul><ul class="eg-legend-relations">')
    for name, r in schema.relations.items():
        mark = "—" if r.symmetric else "→"
        rows.append(
            f'<li data-type="{_esc(name)}" data-directed="{str(not r.symmetric).lower()}">'
            f'<span class="eg-line" style="border-color:{_esc(r.color)}"></span>'
            f'<span class="eg-arrow" style="color:{_esc(r.color)}">{mark}</span>'
            f"{_esc(relation_label(name))}</li>")
    rows.append('</ul><ul class="eg-legend-lines">'
                '<li><span class="eg-line"></span>asserted</li>'
                '<li><span class="eg-line eg-dashed"></span>only hedged or hypothetical</li>'
                '<li><span class="eg-line eg-dotted eg-denied"></span>denied: only negated '
                "evidence (no arrow, not a fact; hidden unless shown)</li>"
                '<li><span class="eg-line eg-disputed"></span>\u26a0 disputed: asserted '
                "and denied</li>"
                '<li><span class="eg-arrow">→</span>directed · <span class="eg-arrow">—</span>'
                "symmetric</li>"
                '<li><span class="eg-swatch eg-size"></span>size: connections</li></ul>')
    rows.append("</section>")
    return "\n".join(rows)


def toolbar_html(*, explorer: bool = False) -> str:
    """The view toolbar above the graph (the explorer adds disputes, undo and the hidden
    nodes list). Only the page's own markup: no data."""
    parts = ['<div class="eg-toolbar" id="eg-toolbar" role="toolbar" aria-label="View">',
             '<label class="eg-toggle"><input type="checkbox" id="eg-denials"> '
             'show denials</label>']
    if explorer:
        parts.append('<button type="button" id="eg-disputes">Disputes</button>')
        parts.append('<button type="button" id="eg-undo" disabled>Undo</button>')
    parts += ['<button type="button" id="eg-fit">Fit</button>',
              '<label class="eg-toggle">Layout <select id="eg-layout">'
              '<option value="force" selected>force</option>'
              '<option value="hierarchical">hierarchical</option></select></label>',
              '<button type="button" id="eg-show-hidden" hidden>Show hidden</button>',
              '<button type="button" id="eg-png">PNG</button>',
              '<button type="button" id="eg-graphml">GraphML</button>',
              '<span class="eg-toolbar-note" id="eg-view-note" role="status"></span>',
              "</div>"]
    return "".join(parts)


def timeline_html() -> str:
    """The timeline strip under the graph (filled by the page's script)."""
    return ('<section class="eg-timeline" id="eg-timeline" aria-label="Timeline">'
            '<span class="eg-timeline-title">Timeline: click an entity to see its relations by '
            "document date</span></section>")


def document_dialog_html() -> str:
    """The document view: a dialog the script fills with text nodes (title, date, source,
    the text with the evidence sentences marked)."""
    return ('<div class="eg-doc" id="eg-doc" role="dialog" aria-modal="true" '
            'aria-labelledby="eg-doc-title" hidden><div class="eg-doc-box">'
            '<div class="eg-doc-head"><h2 id="eg-doc-title"></h2>'
            '<button type="button" class="eg-doc-close" id="eg-doc-close" '
            'aria-label="Close the document">Close</button></div>'
            '<p class="eg-doc-meta" id="eg-doc-meta"></p>'
            '<p class="eg-doc-note" id="eg-doc-note"></p>'
            '<div class="eg-doc-text" id="eg-doc-text"></div></div></div>')


def graph_area_html(label: str, *, explorer: bool = False) -> str:
    """The graph column: toolbar, canvas, timeline strip."""
    return (f'<div class="eg-graph">{toolbar_html(explorer=explorer)}'
            f'<div class="eg-canvas"><div id="eg-network" role="img" aria-label="{_esc(label)}">'
            f"</div></div>{timeline_html()}</div>")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def assemble(*, title: str, body: str, data: Any, scripts: Sequence[str],
             connect: str = "'none'", css: Sequence[str] = (), shared: bool = False) -> str:
    """One self-contained HTML page: vis-network and our code inline, ``data`` as escaped
    JSON, a CSP that only lets these exact scripts run.

    ``shared``: the page holds no code but a small loader (see :mod:`ergraph.viz.notebook`);
    the code and styles arrive from the embedding notebook by ``postMessage`` and run only
    because the CSP lists their hashes (a different text would be refused)."""
    vis_js, vis_css = vis_assets()
    inline = [_check_inline("script", s) for s in (vis_js, *scripts)]
    styles = [_check_inline("style", s) for s in (vis_css, _static("ergraph.css"), *css)]
    allowed = inline + ([_static("loader.js")] if shared else [])
    csp = ("default-src 'none'; "
           f"script-src {' '.join(_csp_hash(s) for s in allowed)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           f"connect-src {connect}; base-uri 'none'; form-action 'none'")
    page = _template("page.html")
    if shared:
        code = f"<script>{_static('loader.js')}</script>"
        css_out = ""
    else:
        code = "\n".join(f"<script>{s}</script>" for s in inline)
        css_out = "\n".join(f"<style>{s}</style>" for s in styles)
    parts = {
        "%%CSP%%": _esc(csp),
        "%%TITLE%%": _esc(title),
        "%%STYLES%%": css_out,
        "%%BODY%%": body,
        "%%DATA%%": embed_json(data),
        "%%SCRIPTS%%": code,
    }
    # one pass over the template only: text put in never gets substituted again
    return re.sub(r"%%[A-Z]+%%", lambda m: parts[m.group(0)], page)


def static_script(name: str) -> str:
    return _static(name)


def write_page(out: Path | str, page: str) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
