"""The explorer page the API serves at ``/``: one self-contained HTML document.

Search with suggestions (``GET /entities?q=``), an entity's neighbourhood
(``GET /entities/{id}/neighbors``), the paths between two entities
(``GET /paths?all=true``), click a node to expand it, filters by relation type, modality
and date (changing one keeps the expansions), the selected edge's evidence sentences with
their documents (``GET /documents/{id}``, the sentences marked in the text), denials
(hidden until asked for) and disputes (``GET /disputes``, both sides side by side), a
timeline strip for the selected entity (``GET /entities/{id}/timeline``; a period filters
the graph), pin / hide / remove / undo, layouts, PNG and GraphML of the view, and the
whole view in the address's hash so it can be bookmarked.

vis-network and the page's scripts are inlined (the page works without ``/static``); the
page only talks to its own origin (CSP ``connect-src 'self'``) through relative URLs, so
it also works behind a path prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import MODALITIES, POSITIVE_MODALITIES
from ..schema import Schema, default_schema, load_schema
from . import render

__all__ = ["explorer_html", "MAX_NODES"]

#: Most entities the explorer holds at once (expanding stops there).
MAX_NODES = 1000


def _schema_from(settings: Any) -> Schema:
    if settings is None:
        return default_schema()
    schema = getattr(settings, "schema", None)
    if isinstance(schema, Schema):
        return schema
    path = getattr(settings, "schema_file", None)
    if isinstance(path, str | Path) and str(path):
        return load_schema(path)
    return default_schema()


def _controls(schema: Schema) -> str:
    esc = render._esc
    types = "\n".join(
        f'<label><input type="checkbox" class="eg-refilter" name="eg-type" value="{esc(n)}" '
        f'checked><span style="color:{esc(r.color)}">■</span> {esc(render.relation_label(n))}'
        "</label>"
        for n, r in schema.relations.items())
    mods = "\n".join(
        f'<label><input type="checkbox" class="eg-refilter" name="eg-modality" value="{m}"'
        f'{" checked" if m in POSITIVE_MODALITIES else ""}> {m}</label>' for m in MODALITIES)
    return f"""<div class="eg-controls">
<label class="eg-search">Entity
<input type="search" id="eg-q" autocomplete="off" placeholder="type a name, e.g. Putin"
 aria-autocomplete="list" aria-controls="eg-suggest-a">
<ul class="eg-suggest" id="eg-suggest-a" role="listbox"></ul></label>
<label class="eg-search">Path to (optional)
<input type="search" id="eg-q2" autocomplete="off" placeholder="a second name for paths"
 aria-autocomplete="list" aria-controls="eg-suggest-b">
<ul class="eg-suggest" id="eg-suggest-b" role="listbox"></ul></label>
<button type="button" id="eg-clear-b">Clear path</button>
<label>Depth <select id="eg-depth" class="eg-refilter">
<option value="1" selected>1</option><option value="2">2</option><option value="3">3</option>
</select></label>
<label>Limit <input type="number" id="eg-limit" class="eg-refilter" min="1" max="1000"
 value="50" style="width:5em"></label>
<label>Since <input type="date" id="eg-since" class="eg-refilter"></label>
<label>Until <input type="date" id="eg-until" class="eg-refilter"></label>
</div>
<details class="eg-filters-box"><summary>Filters: relation types and modalities</summary>
<fieldset class="eg-filters"><legend>Relation types</legend>
<div class="eg-checks">{types}</div></fieldset>
<fieldset class="eg-filters"><legend>Modalities</legend>
<div class="eg-checks">{mods}</div></fieldset>
</details>
<p class="eg-status" id="eg-status" role="status"></p>"""


def explorer_html(settings: Any = None, schema: Schema | None = None) -> str:
    """The explorer page. ``settings`` are the API's (its ``schema_file`` picks the
    schema for the legend and filters); ``schema`` overrides them."""
    schema = schema or _schema_from(settings)
    title = "ergraph explorer"
    body = f"""<header class="eg-header">
<h1 id="eg-title">{title}</h1>
{_controls(schema)}
</header>
<div class="eg-main">
{render.graph_area_html("entity graph", explorer=True)}
<aside class="eg-side">
<section class="eg-paths-section"><ol class="eg-paths" id="eg-paths"></ol></section>
<h2>Details</h2>
<div class="eg-details" id="eg-details"><p class="eg-hint">Search for an entity. Click a
node to see it and expand its neighbours (pin, hide or remove it from its details); click an
edge for its evidence sentences and open their documents. A second name draws the shortest
paths between the two. The address bar keeps the view: bookmark it to come back.</p></div>
{render.legend_html(schema)}
</aside>
</div>
{render.document_dialog_html()}"""
    data = {"style": render.style_config(schema), "maxNodes": MAX_NODES}
    return render.assemble(title=title, body=body, data=data, connect="'self'",
                           scripts=[render.static_script("ergraph.js"),
                                    render.static_script("explorer.js")])
