"""Inline graphs for notebooks, small: the page's code travels once per notebook.

A graph output is an ``<iframe srcdoc>`` (sandboxed, its own strict CSP, no network)
holding the page's markup and data and a small loader, next to a parent-level script:

* the first graph output of a kernel process also carries the *bundle* (vis-network,
  ``ergraph.js``, ``page.js`` and the styles, gzip-compressed, base64) and keeps it in the
  notebook window (``window.__ergraphBundles``);
* every output's parent-level script answers its iframe's request with the bundle
  (``postMessage``); the iframe unpacks it and runs the scripts, which its CSP allows by
  hash only, so no other text could run there.

The first output is about 170 KB, each later one a few KB plus its data (measured in
``tests/test_viz_pages.py``). :func:`reset` makes the next output carry the bundle again
(e.g. after clearing the first cell's output). ``standalone=True`` gives the previous
self-contained iframe (the whole page inline, ~0.5 MB) for a frontend that runs no
scripts in outputs but does run them in iframes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import secrets
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..graph.base import Path as GPath
from ..graph.base import Subgraph
from ..model import Entity
from ..schema import Schema
from . import pages, render

__all__ = ["bundle", "inline", "neighborhood_output", "path_output", "reset", "IFRAME_HEIGHT"]

IFRAME_HEIGHT = 640
_state = {"sent": False}


@lru_cache(maxsize=1)
def bundle() -> tuple[str, str]:
    """(name, payload): the shared code and styles, gzip + base64; the name is a hash of
    the payload, so a notebook holding an older bundle never runs it for a newer page."""
    vis_js, vis_css = render.vis_assets()
    data = {"scripts": [vis_js, render.static_script("ergraph.js"),
                        render.static_script("page.js")],
            "styles": [vis_css, render._static("ergraph.css")]}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    code = base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")
    return "eg" + hashlib.sha256(code.encode()).hexdigest()[:16], code


def reset() -> None:
    """The next output carries the bundle again."""
    _state["sent"] = False


#: The parent-level script: keep the bundle (when given) and answer iframes asking for it.
_SERVE = """(function(){var w=window,b=w.__ergraphBundles=w.__ergraphBundles||{};%s
if(w.__ergraphServing)return;w.__ergraphServing=true;
w.addEventListener("message",function(e){var d=e.data;if(!d||typeof d.ergraphNeed!=="string"||
!e.source||!b[d.ergraphNeed])return;e.source.postMessage({ergraphBundle:d.ergraphNeed,code:b[d.ergraphNeed]},"*");});
})();"""


def inline(page: str, *, height: int = IFRAME_HEIGHT, title: str = "ergraph",
           with_bundle: bool | None = None) -> str:
    """The output HTML for a page made with ``shared=True``: the iframe and the serving
    script, with the bundle the first time in this process (or when ``with_bundle``)."""
    name, code = bundle()
    carry = (not _state["sent"]) if with_bundle is None else with_bundle
    keep = f'b["{name}"]=b["{name}"]||"{code}";' if carry else ""
    _state["sent"] = _state["sent"] or carry
    frame = (f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title)}" '
             f'id="ergraph-{secrets.token_hex(6)}" '
             f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
             'sandbox="allow-scripts allow-popups allow-downloads"></iframe>')
    return f'<div class="ergraph-output">{frame}<script>{_SERVE % keep}</script></div>'


def _shared_page(schema: Schema, data: render.PageData) -> str:
    name, _ = bundle()
    page = pages.render_page(schema, data, shared=True)
    return page.replace("<head>", f'<head>\n<meta name="ergraph-bundle" content="{name}">', 1)


def neighborhood_output(schema: Schema, sub: Subgraph, store: Any = None,
                        **kw: Any) -> str:
    """An entity's neighbourhood as a notebook output (see :func:`inline`)."""
    return inline(_shared_page(schema, pages.neighborhood_data(sub, store)), **kw)


def path_output(schema: Schema, paths: Sequence[GPath], a: Entity, b: Entity,
                store: Any = None, **kw: Any) -> str:
    """The paths between ``a`` and ``b`` as a notebook output (see :func:`inline`)."""
    return inline(_shared_page(schema, pages.path_data(paths, a, b, store)), **kw)
