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
(e.g. after clearing the first cell's output). :func:`inline_page` turns any static
page's HTML (``result.html()``) into such an output, so a notebook client needs one call:
``return notebook.inline_page(self.html())``.
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

__all__ = ["bundle", "inline", "inline_page", "neighborhood_output", "path_output", "reset",
           "shared_page", "IFRAME_HEIGHT"]

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


def _name_bundle(page: str) -> str:
    name, _ = bundle()
    return page.replace("<head>", f'<head>\n<meta name="ergraph-bundle" content="{name}">', 1)


def _shared_page(schema: Schema, data: render.PageData) -> str:
    return _name_bundle(pages.render_page(schema, data, shared=True))


def shared_page(page: str) -> str | None:
    """A self-contained static page (:func:`ergraph.viz.pages.render_page`) turned into
    its shared form: its inline code and styles out, the loader in, the loader's hash
    added to its CSP. None when ``page`` is not such a page (its code is not the
    bundle's)."""
    vis_js, vis_css = render.vis_assets()
    blocks = [f"<script>{c}</script>" for c in (vis_js, render.static_script("ergraph.js"),
                                                 render.static_script("page.js"))]
    blocks += [f"<style>{c}</style>" for c in (vis_css, render._static("ergraph.css"))]
    if any(page.count(b) != 1 for b in blocks) or page.count("script-src ") != 1:
        return None
    for b in blocks:
        page = page.replace(b, "", 1)
    loader = render.static_script("loader.js")
    page = page.replace("script-src ", "script-src " + html.escape(render._csp_hash(loader))
                        + " ", 1)
    page = page.replace("</body>", f"<script>{loader}</script>\n</body>", 1)
    return _name_bundle(page)


def inline_page(page: str, *, height: int = IFRAME_HEIGHT, title: str = "ergraph") -> str:
    """The notebook output for a static page's HTML: shared (see :func:`inline`) when the
    page is one of ours, else the whole page in a sandboxed iframe."""
    shared = shared_page(page)
    if shared is None:
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" '
                f'title="{html.escape(title)}" '
                f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
                'sandbox="allow-scripts allow-popups allow-downloads"></iframe>')
    return inline(shared, height=height, title=title)


def neighborhood_output(schema: Schema, sub: Subgraph, store: Any = None,
                        **kw: Any) -> str:
    """An entity's neighbourhood as a notebook output (see :func:`inline`)."""
    return inline(_shared_page(schema, pages.neighborhood_data(sub, store)), **kw)


def path_output(schema: Schema, paths: Sequence[GPath], a: Entity, b: Entity,
                store: Any = None, **kw: Any) -> str:
    """The paths between ``a`` and ``b`` as a notebook output (see :func:`inline`)."""
    return inline(_shared_page(schema, pages.path_data(paths, a, b, store)), **kw)
