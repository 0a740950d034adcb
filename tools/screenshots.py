"""Screenshots of the explorer's and the pages' views for the README, from a real browser.

    .venv/bin/python tools/screenshots.py [--out docs]

Builds the small case of the page tests (three dated articles: a meeting asserted and
denied, a denied interference, a hedged meeting; tests/viz_fixtures.py) in a temporary
store, serves the API and explorer on a free local port, drives headless Chromium
(tests/browser_support.py) through each view and saves one PNG per view:

* ``workbench-document.png`` - a document opened from an edge, its sentence marked;
* ``workbench-disputed.png`` - a disputed edge with both sides' evidence side by side;
* ``workbench-denials.png`` - denials shown: "denied: interfered in", grey, no arrow;
* ``workbench-timeline.png`` - the timeline strip, one period picked, the graph filtered;
* ``workbench-view.png`` - an expanded, pinned view in the hierarchical layout;
* ``workbench-page.png`` - a static page (``ergraph viz``) with its document view.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import chrome_driver, chromium_missing, wait_ready  # noqa: E402
from viz_fixtures import BORDURIA, MOSS, ORBIS, VALE, case_store  # noqa: E402


def wait_for(d: Any, script: str, timeout: float = 20.0, *args: Any) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = d.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(script)


def serve(db: str) -> tuple[Any, str]:
    import uvicorn
    from ergraph.api.app import create_app
    from ergraph.api.settings import Settings
    from ergraph.graph import open_store

    app = create_app(Settings(store=db), open_store(db))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return srv, f"http://127.0.0.1:{port}/"


def search(d: Any, text: str, pick: str) -> None:
    box = d.find_element("id", "eg-q")
    box.clear()
    box.send_keys(text)
    wait_for(d, "return document.querySelectorAll('#eg-suggest-a button').length > 0")
    for b in d.find_elements("css selector", "#eg-suggest-a button"):
        if b.text.startswith(pick):
            b.click()
            break
    wait_for(d, "return window.ergraphReady && document.getElementById('eg-status')"
             ".textContent.startsWith(arguments[0])", 20, pick)
    time.sleep(0.3)


def edge(d: Any, a: str, b: str, rel_type: str) -> str:
    return d.execute_script("""
        const ents = Object.values(window.ergraph.entities || window.ergraph.data.entities);
        const id = n => (ents.find(e => e.name === n) || {}).id;
        const x = id(arguments[0]), y = id(arguments[1]);
        return window.ergraph.edges.get().find(e => e.relType === arguments[2] &&
          ((e.from === x && e.to === y) || (e.from === y && e.to === x))).id;""", a, b, rel_type)


def select_edge(d: Any, edge_id: str) -> None:
    """Show an edge's details as a click does (a click at its middle, in the page)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    x, y = d.execute_script("""
        const net = window.ergraph.network, e = window.ergraph.edges.get(arguments[0]);
        const pos = net.getPositions([e.from, e.to]);
        const p = net.canvasToDOM({x: (pos[e.from].x + pos[e.to].x) / 2,
                                   y: (pos[e.from].y + pos[e.to].y) / 2});
        const r = document.querySelector('#eg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];""", edge_id)
    a = ActionBuilder(d)
    a.pointer_action.move_to_location(int(x), int(y)).click()
    a.perform()
    wait_for(d, "return document.getElementById('eg-details').dataset.relation === arguments[0]",
             10, edge_id)
    time.sleep(0.3)


def shoot(d: Any, out: Path, name: str) -> Path:
    path = out / name
    d.save_screenshot(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    args = ap.parse_args()
    why = chromium_missing()
    if why:
        print(f"cannot take screenshots: {why}", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="ergraph-shots-"))
    db = f"sqlite:///{tmp / 'case.db'}"
    case_store(db).close()
    srv, url = serve(db)
    try:
        with chrome_driver(1400, 860) as d:
            d.get(url)
            wait_ready(d)
            # 1. a document from an edge
            search(d, "Vale", VALE)
            met = edge(d, VALE, MOSS, "MET")
            select_edge(d, edge(d, VALE, ORBIS, "LEADS"))
            d.find_element("css selector", "#eg-details .eg-open-doc").click()
            wait_for(d, "return document.querySelector('#eg-doc mark.eg-current')")
            time.sleep(0.3)
            shoot(d, out, "workbench-document.png")
            d.find_element("id", "eg-doc-close").click()
            # 2. a disputed edge, both sides
            select_edge(d, met)
            wait_for(d, "return document.querySelector('#eg-details .eg-side-against "
                        ".eg-sentence')")
            time.sleep(0.3)
            shoot(d, out, "workbench-disputed.png")
            # 3. denials shown
            search(d, "Bordur", BORDURIA)
            d.find_element("id", "eg-denials").click()
            wait_for(d, "return window.ergraphReady && "
                        "window.ergraph.edges.get().some(e => e.denied)")
            time.sleep(0.4)
            denied = d.execute_script("return window.ergraph.edges.get()"
                                      ".find(e => e.denied).id")
            select_edge(d, denied)
            shoot(d, out, "workbench-denials.png")
            d.find_element("id", "eg-denials").click()
            # 4. the timeline, one period picked
            search(d, "Vale", VALE)
            wait_for(d, "return document.querySelector(\"#eg-timeline .eg-period\")")
            d.find_element("css selector",
                           "#eg-timeline .eg-period[data-period='2021-01']").click()
            wait_for(d, "return window.ergraphReady && document.querySelector("
                        "\"#eg-timeline .eg-period[aria-pressed='true']\")")
            time.sleep(0.4)
            shoot(d, out, "workbench-timeline.png")
            d.find_element("css selector", "#eg-timeline .eg-period-all").click()
            wait_for(d, "return window.ergraphReady && document.getElementById('eg-since')"
                        ".value === ''")
            # 5. expanded, pinned, hierarchical
            orbis = d.execute_script("return Object.values(window.ergraph.entities)"
                                     ".find(e => e.name === arguments[0]).id", ORBIS)
            d.execute_script("return window.ergraph.expand(arguments[0])", orbis)
            wait_for(d, "return window.ergraphReady && window.ergraph.nodes.length >= 5")
            d.execute_script("window.ergraph.pin(arguments[0])", orbis)
            sel = d.find_element("id", "eg-layout")
            from selenium.webdriver.support.ui import Select

            Select(sel).select_by_value("hierarchical")
            wait_for(d, "return window.ergraphReady")
            time.sleep(0.5)
            d.execute_script("window.ergraph.network.selectNodes([arguments[0]])", orbis)
            shoot(d, out, "workbench-view.png")
            # 6. a static page with its document view
            from ergraph.graph import open_store
            from ergraph.graph.base import EdgeFilter
            from ergraph.model import MODALITIES
            from ergraph.viz import pages

            st = open_store(db)
            try:
                vale = st.lookup(VALE)[0]
                page = pages.neighborhood_page(
                    st, st.neighbors(vale.id, 2, EdgeFilter(modalities=MODALITIES)),
                    tmp / "vale.html")
            finally:
                st.close()
            d.get(page.as_uri())
            wait_ready(d)
            d.find_element("id", "eg-denials").click()
            time.sleep(0.3)
            d.execute_script("""
                const rel = Object.values(window.ergraph.data.relations)
                  .find(r => r.disputed);
                const ev = rel.evidence.find(e => e.modality === 'negated');
                window.ergraph.openDocument(ev.document_id, ev, rel.id);""")
            wait_for(d, "return document.querySelector('#eg-doc mark.eg-current')")
            time.sleep(0.3)
            shoot(d, out, "workbench-page.png")
    finally:
        srv.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
