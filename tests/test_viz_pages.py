"""The static pages and the explorer page, read as text: offline, escaped, styled from
the schema, size-guarded. (The same pages in a real browser: test_viz_browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time
import tomllib
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ergraph.graph.base import EdgeFilter
from ergraph.graph.sqlite import SQLiteStore
from ergraph.model import Entity
from ergraph.schema import Schema, default_schema, parse_schema
from ergraph.viz import explorer, pages, render
from viz_fixtures import (
    EVIL_LINK,
    EVIL_ORG,
    EVIL_PERSON,
    HOSTILE_MARKUP,
    HOSTILE_NAMES,
    HOSTILE_TITLE,
    HUB,
    MARKER,
    PLAIN,
    SENT_ATTACKED,
    SENT_MET,
    SENT_SUPPORTED,
    hostile_store,
    synthetic_store,
)

URL_ATTRS = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background",
             "xlink:href", "manifest", "ping", "cite", "longdesc", "codebase", "archive"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|//|\\\\)", re.I)


class PageParser(HTMLParser):
    """Collects tags, URL-bearing attributes, script blocks and the JSON data block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._buf: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        for k, v in a.items():
            if k in URL_ATTRS and v is not None:
                self.urls.append((tag, k, v))
        if tag in ("script", "style"):
            self._in, self._buf = (tag, a), []

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], body))
            else:
                self.styles.append(body)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)
        else:
            self.text.append(data)


def parse(page: str) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    return p


def payload(page: str) -> dict[str, Any]:
    blocks = [body for attrs, body in parse(page).scripts
              if attrs.get("type") == "application/json" and attrs.get("id") == "ergraph-data"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def external_references(page: str) -> list[str]:
    """Every way a page could load something from elsewhere."""
    p = parse(page)
    found = [f"<{t} {k}={v!r}>" for t, k, v in p.urls if EXTERNAL.match(v)]
    found += [f"<{t}> tag" for t, _a in p.tags if t in ("link", "iframe", "object", "embed",
                                                        "base", "frame")]
    for css in p.styles:
        found += [f"css {m}" for m in re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
                  if EXTERNAL.match(m) and not m.strip().startswith("data:")]
        found += [f"css @import {m}" for m in re.findall(r"@import\s+([^;]+)", css)]
    for tag, a in p.tags:
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
    return found


# -- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store() -> SQLiteStore:
    return hostile_store()


def _ids(store: SQLiteStore) -> dict[str, str]:
    return {e.name: e.id for q in ("Evil", "Smith", "javascript", "Ivanov", PLAIN, HUB)
            for e in store.search(q, limit=5)}


@pytest.fixture(scope="module")
def written(store: SQLiteStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("pages")
    ids = _ids(store)
    org = store.get_entity(ids[EVIL_ORG])
    sub = store.neighbors(org.id, depth=2)
    a, b = store.get_entity(ids[EVIL_PERSON]), store.get_entity(ids[PLAIN])
    paths = store.shortest_paths(a.id, b.id, 6, all_shortest=True)
    assert paths, "fixture: the hostile graph should connect its ends"
    files = {
        "neighborhood": pages.neighborhood_page(store, sub, out / "n.html"),
        "path": pages.path_page(store, paths, out / "p.html", a, b),
        "graph": pages.graph_page(store, out / "g.html"),
    }
    for f in files.values():
        assert isinstance(f, Path) and f.is_file()
    texts = {k: f.read_text(encoding="utf-8") for k, f in files.items()}
    texts["explorer"] = explorer.explorer_html()
    return texts


# -- offline -----------------------------------------------------------------------------

def test_pages_have_no_external_src_or_href(written: dict[str, str]) -> None:
    for name, page in written.items():
        assert external_references(page) == [], name
        assert "cdnjs" not in page and "bootstrap" not in page.lower(), name


def test_external_reference_check_catches_what_it_should() -> None:
    bad = ('<html><head><link rel="stylesheet" href="x.css"><script src="https://cdn/x.js">'
           '</script><style>a{background:url(//evil/x.png)}</style></head><body>'
           '<img src="http://h/i.png"><a href="//h/">x</a><img src="data:image/png;base64,AA">'
           "</body></html>")
    found = external_references(bad)
    assert any("https://cdn" in f for f in found)
    assert any("http://h/i.png" in f for f in found)
    assert any("'//h/'" in f for f in found)
    assert any("css //evil" in f for f in found)
    assert any("<link> tag" in f for f in found)


def test_vis_network_and_scripts_are_inline(written: dict[str, str]) -> None:
    vis_js, _css = render.vis_assets()
    for name, page in written.items():
        p = parse(page)
        code = [body for attrs, body in p.scripts if attrs.get("type") != "application/json"]
        assert all("src" not in attrs for attrs, _ in p.scripts), name
        assert vis_js in code, name
        assert any("window.ErGraph" in c for c in code), name


def test_csp_allows_exactly_the_inline_scripts(written: dict[str, str]) -> None:
    for name, page in written.items():
        p = parse(page)
        csp = next(a["content"] for t, a in p.tags
                   if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
        assert csp is not None
        assert "default-src 'none'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
        allowed = set(re.findall(r"'sha256-([^']+)'", csp))
        code = [body for attrs, body in p.scripts if attrs.get("type") != "application/json"]
        hashes = {base64.b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in code}
        assert hashes == allowed, name
        connect = re.search(r"connect-src ([^;]+)", csp)
        assert connect is not None
        assert connect.group(1).strip() == ("'self'" if name == "explorer" else "'none'")


# -- escaping ----------------------------------------------------------------------------

def test_hostile_strings_appear_only_escaped(written: dict[str, str]) -> None:
    for name in ("neighborhood", "path", "graph"):
        page = written[name]
        for markup in HOSTILE_MARKUP:
            assert markup not in page, (name, markup)
        assert "\u2028" not in page and "\u2029" not in page
        p = parse(page)
        # the only elements are the page's own: no <img>, <svg>, <a> made from data
        assert {t for t, _ in p.tags} <= {"html", "head", "meta", "title", "style", "body",
                                          "header", "h1", "h2", "p", "div", "aside",
                                          "section", "ul", "ol", "li", "span", "script",
                                          "button", "label", "input", "select", "option"}
        assert len([1 for _ in p.scripts]) == 4  # data block, vis-network, ergraph, page
        assert page.lower().count("</script") == 4


def test_hostile_strings_survive_as_data(written: dict[str, str], store: SQLiteStore) -> None:
    data = payload(written["neighborhood"])
    names = {e["name"] for e in data["entities"].values()}
    assert set(HOSTILE_NAMES) <= names
    labels = {n["label"] for n in data["nodes"]}
    assert set(HOSTILE_NAMES) <= labels
    sentences = {ev["sentence"] for r in data["relations"].values() for ev in r["evidence"]}
    assert {SENT_MET, SENT_SUPPORTED, SENT_ATTACKED} <= sentences
    titles = {ev["document_title"] for r in data["relations"].values() for ev in r["evidence"]}
    assert titles == {HOSTILE_TITLE}
    # tooltips are plain strings carrying the text, never HTML elements
    assert all(isinstance(n["title"], str) for n in data["nodes"])
    assert any(EVIL_PERSON in e["title"] for e in data["edges"])


def test_title_and_heading_are_escaped(store: SQLiteStore, tmp_path: Path) -> None:
    ids = _ids(store)
    a, b = store.get_entity(ids[EVIL_ORG]), store.get_entity(ids[EVIL_LINK])
    page = pages.path_page(store, store.shortest_paths(a.id, b.id, 4), tmp_path / "p.html",
                           a, b).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert "&lt;script&gt;window." in title.group(1)
    h1 = re.search(r'<h1 id="eg-title">(.*?)</h1>', page, re.S)
    assert h1 is not None and "&lt;script&gt;" in h1.group(1) and "<script>" not in h1.group(1)
    assert EVIL_LINK in h1.group(1)  # text, and no link anywhere
    assert 'href="javascript' not in page.lower()


def test_embed_json_escapes_markup_and_line_separators() -> None:
    value = {"s": "</script><!-- <b>&amp;</b> \u2028\u2029 'q\" \\"}
    text = render.embed_json(value)
    for ch in "<>&\u2028\u2029":
        assert ch not in text
    assert json.loads(text) == value


def test_inline_code_may_not_close_its_element() -> None:
    with pytest.raises(ValueError):
        render.assemble(title="t", body="", data={}, scripts=["var a = '</script>';"])


def test_template_markers_in_data_are_not_substituted(store: SQLiteStore) -> None:
    e = Entity.create("%%SCRIPTS%% %%DATA%%", "PERSON")
    data = render.PageData(kind="graph", title="%%SCRIPTS%% %%CSP%%", entities=[e],
                           relations=[])
    page = pages.render_page(default_schema(), data)
    assert len(parse(page).scripts) == 4
    assert "<title>%%SCRIPTS%% %%CSP%%</title>" in page
    assert payload(page)["entities"][e.id]["name"] == "%%SCRIPTS%% %%DATA%%"


# -- styling from the schema -------------------------------------------------------------

CUSTOM = """
version = 1
[entities.PERSON]
label = "Person"
color = "#112233"
shape = "star"
[entities.SHIP]
label = "Vessel"
color = "#abcdef"
shape = "triangle"
[relations.MET]
symmetric = true
color = "#010203"
[relations.SAILED_TO]
source = ["SHIP"]
target = ["PERSON"]
color = "#fedcba"
"""


def test_legend_comes_from_the_schema() -> None:
    for schema in (default_schema(), parse_schema(tomllib.loads(CUSTOM))):
        legend = render.legend_html(schema)
        for name, et in schema.entities.items():
            assert f'data-type="{name}"' in legend
            assert et.label in legend and et.color in legend
            assert f"eg-shape-{et.shape}" in legend
        for name, rt in schema.relations.items():
            item = re.search(rf'<li data-type="{name}" data-directed="(\w+)">(.*?)</li>', legend)
            assert item is not None, name
            assert item.group(1) == str(not rt.symmetric).lower()
            assert rt.color in item.group(2)
            assert render.relation_label(name) in item.group(2)
    custom = render.legend_html(parse_schema(tomllib.loads(CUSTOM)))
    assert "Vessel" in custom and "sailed to" in custom and "attacked" not in custom


def test_page_and_explorer_carry_the_schema_legend_and_filters(written: dict[str, str]) -> None:
    schema = default_schema()
    for name, page in written.items():
        for rel in schema.relations:
            assert f'data-type="{rel}"' in page, (name, rel)
    ex = written["explorer"]
    boxes = re.findall(r'name="eg-type" value="([A-Z_]+)"', ex)
    assert boxes == list(schema.relations)
    checked = re.findall(r'name="eg-modality" value="(\w+)"( checked)?', ex)
    assert dict(checked) == {"asserted": " checked", "hedged": " checked",
                             "hypothetical": " checked", "negated": ""}


def test_explorer_uses_the_settings_schema_file(tmp_path: Path) -> None:
    f = tmp_path / "schema.toml"
    f.write_text(CUSTOM, encoding="utf-8")

    class S:
        schema_file = f

    page = explorer.explorer_html(S())
    assert 'value="SAILED_TO"' in page and 'value="ATTACKED"' not in page
    assert payload(page)["style"]["entities"]["SHIP"] == {"label": "Vessel", "color": "#abcdef",
                                                          "shape": "triangle"}


def _edges_by_type(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for e in data["edges"]:
        out.setdefault(e["relType"], []).append(e)
    return out


def test_nodes_styled_by_entity_type(written: dict[str, str]) -> None:
    schema = default_schema()
    data = payload(written["graph"])
    assert data["nodes"]
    for n in data["nodes"]:
        et = schema.entities[data["entities"][n["id"]]["type"]]
        assert (n["color"], n["shape"]) == (et.color, et.shape)
        assert n["value"] >= 0
    # size by connections: the organisation with five relations is the biggest
    biggest = max(data["nodes"], key=lambda n: n["value"])
    assert biggest["label"] == EVIL_ORG


def test_hedged_or_hypothetical_edges_are_dashed(written: dict[str, str]) -> None:
    data = payload(written["neighborhood"])
    by = _edges_by_type(data)
    assert by["SUPPORTED"][0]["dashes"] is True  # hedged only
    assert by["ATTACKED"][0]["dashes"] is True  # hypothetical only
    assert by["AUTHORIZED"][0]["dashes"] is False  # asserted
    # asserted and hedged evidence for the same edge: asserted wins, solid
    mixed = [e for e in by["MET"] if set(e["modalities"]) == {"asserted", "hedged"}]
    assert mixed and mixed[0]["dashes"] is False
    for e in data["edges"]:
        mods = set(data["relations"][e["id"]]["modalities"])
        assert e["dashes"] is ("asserted" not in mods)


def test_negated_only_edge_is_dotted_when_asked_for(store: SQLiteStore) -> None:
    schema = default_schema()
    from ergraph.model import Evidence, Relation

    a, b = Entity.create("A", "PERSON"), Entity.create("B", "PERSON")
    ev = Evidence("", "d1", "A did not meet B.", 0, 17, "negated")
    r = Relation.create(a.id, "MET", b.id, symmetric=True, evidence=[ev])
    opts = render.edge_options(schema, r, {a.id: "A", b.id: "B"})
    assert opts["dashes"] == [2, 5]


def test_arrows_only_on_directed_types(written: dict[str, str]) -> None:
    schema = default_schema()
    for name in ("neighborhood", "path", "graph"):
        data = payload(written[name])
        seen = set()
        for e in data["edges"]:
            directed = not schema.relations[e["relType"]].symmetric
            assert e["arrows"] == {"to": {"enabled": directed}}, (name, e["relType"])
            seen.add(directed)
        if name != "path":
            assert seen == {True, False}, name


def test_edges_carry_type_label_colour_and_evidence_tooltip(written: dict[str, str]) -> None:
    schema = default_schema()
    data = payload(written["neighborhood"])
    for e in data["edges"]:
        assert e["color"] == schema.relations[e["relType"]].color
        assert e["label"] == render.relation_label(e["relType"])
        assert "modality: " + ", ".join(e["modalities"]) in e["title"]
    sup = _edges_by_type(data)["SUPPORTED"][0]
    assert "[hedged]" in sup["title"] and EVIL_LINK in sup["title"]
    org = next(n for n in data["nodes"] if n["label"] == EVIL_ORG)
    assert org["title"].startswith(EVIL_ORG + "\ntype: Organization")


def test_path_page_highlights_the_path(written: dict[str, str], store: SQLiteStore) -> None:
    data = payload(written["path"])
    ids = _ids(store)
    ends = {ids[EVIL_PERSON], ids[PLAIN]}
    assert {data["source"], data["target"]} == ends
    assert data["paths"] and all(p["nodes"][0] == ids[EVIL_PERSON] for p in data["paths"])
    on_path = {r for p in data["paths"] for r in p["relations"]}
    assert on_path == {e["id"] for e in data["edges"]}
    assert all(e["width"] == 4 for e in data["edges"])
    bold = {n["id"] for n in data["nodes"] if n.get("borderWidth") == 4}
    assert bold == ends
    assert "1 path of 2 hops" in data["notice"]
    assert '<ol class="eg-paths" id="eg-paths">' in written["path"]


def test_path_page_without_paths_says_so(store: SQLiteStore, tmp_path: Path) -> None:
    ids = _ids(store)
    a, b = store.get_entity(ids[EVIL_PERSON]), store.get_entity(ids[PLAIN])
    page = pages.path_page(store, [], tmp_path / "none.html", a, b).read_text("utf-8")
    data = payload(page)
    assert data["notice"].startswith("No path between")
    assert {n["id"] for n in data["nodes"]} == {a.id, b.id} and data["edges"] == []


def test_neighborhood_page_marks_centre_and_truncation(store: SQLiteStore, tmp_path: Path
                                                       ) -> None:
    ids = _ids(store)
    sub = store.neighbors(ids[EVIL_ORG], depth=1, limit=3)
    assert sub.truncated
    data = payload(pages.neighborhood_page(store, sub, tmp_path / "n.html").read_text("utf-8"))
    assert data["center"] == ids[EVIL_ORG]
    assert "Truncated" in data["notice"] and len(data["nodes"]) == 3
    centre = next(n for n in data["nodes"] if n["id"] == ids[EVIL_ORG])
    assert centre["borderWidth"] == 4


# -- size guard and scale ----------------------------------------------------------------

def test_size_guard_shows_top_n_by_centrality_and_says_so(tmp_path: Path) -> None:
    st = synthetic_store(120, 300)
    page = pages.graph_page(st, tmp_path / "g.html", max_nodes=25).read_text("utf-8")
    data = payload(page)
    assert len(data["nodes"]) == 25
    assert "Size guard" in data["notice"] and "25 most connected of 120" in data["notice"]
    assert "95 not shown" in data["notice"]
    assert "Size guard: showing the 25 most connected of 120" in page  # in the HTML too
    # the kept nodes are the highest-degree ones
    from ergraph.graph import algorithms

    H = algorithms.filtered_view(st.network(), EdgeFilter())
    degrees = sorted((d for _, d in H.degree()), reverse=True)
    shown = sorted((n["value"] for n in data["nodes"]), reverse=True)
    assert shown == degrees[:25]
    # edges only among the shown nodes
    keep = {n["id"] for n in data["nodes"]}
    assert data["edges"] and all(e["from"] in keep and e["to"] in keep for e in data["edges"])
    small = payload(pages.graph_page(st, tmp_path / "all.html", max_nodes=500)
                    .read_text("utf-8"))
    assert small["notice"] == "" and len(small["nodes"]) == 120


def test_graph_page_applies_the_edge_filter(store: SQLiteStore, tmp_path: Path) -> None:
    where = EdgeFilter.build(store.schema, modalities=["asserted"])
    data = payload(pages.graph_page(store, tmp_path / "g.html", where=where).read_text("utf-8"))
    types = {e["relType"] for e in data["edges"]}
    assert "SUPPORTED" not in types and "ATTACKED" not in types and "LEADS" in types
    for r in data["relations"].values():
        assert {ev["modality"] for ev in r["evidence"]} == {"asserted"}


def test_large_pages_start_from_a_computed_layout_with_bounded_physics(tmp_path: Path) -> None:
    st = synthetic_store(2000, 3500)
    t = time.perf_counter()
    page = pages.graph_page(st, tmp_path / "big.html", max_nodes=2000).read_text("utf-8")
    elapsed = time.perf_counter() - t
    data = payload(page)
    assert len(data["nodes"]) == 2000
    xs = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xs)
    assert len(set(xs)) == len(xs)  # distinct positions
    assert data["physics"]["iterations"] == render.physics_iterations(2000) == 0
    assert "label" not in data["edges"][0]  # edge labels left off on big pages
    assert elapsed < 30


def test_physics_iterations_are_bounded() -> None:
    its = [render.physics_iterations(n) for n in (1, 100, 500, 1000, 2000, 20000)]
    assert its == sorted(its, reverse=True) and max(its) <= 200 and its[-1] == 0


def test_layout_keeps_connected_nodes_closer_than_average() -> None:
    nodes = [f"n{i}" for i in range(600)]
    edges = [(f"n{i}", f"n{i + 1}") for i in range(0, 598, 2)]  # 299 pairs
    pos = render.compute_layout(nodes, edges)
    assert set(pos) == set(nodes)

    def dist(a: str, b: str) -> float:
        return math.dist(pos[a], pos[b])

    paired = sum(dist(a, b) for a, b in edges) / len(edges)
    apart = sum(dist(f"n{i}", f"n{(i * 7 + 301) % 600}") for i in range(600)) / 600
    assert paired < apart / 3


# -- the CLI -----------------------------------------------------------------------------

def test_cli_viz_writes_offline_pages(tmp_path: Path) -> None:
    from ergraph.cli import app
    from typer.testing import CliRunner

    db = tmp_path / "h.db"
    hostile_store(f"sqlite:///{db}").close()
    runner = CliRunner()
    uri = f"sqlite:///{db}"
    for args, kind in ((["viz", "--all"], "graph"), (["viz", HUB], "neighborhood"),
                       (["viz", HUB, "--to", PLAIN], "path")):
        out = tmp_path / f"{kind}.html"
        res = runner.invoke(app, [*args, "--store", uri, "--out", str(out)])
        assert res.exit_code == 0, res.output
        page = out.read_text("utf-8")
        assert payload(page)["kind"] == kind
        assert external_references(page) == []
        assert MARKER not in re.sub(r'<script type="application/json"[^>]*>.*?</script>', "",
                                    page, flags=re.S)


def test_static_assets_are_packaged() -> None:
    names = {p.name for p in resources.files("ergraph.viz").joinpath("static").iterdir()}
    assert {"ergraph.js", "page.js", "explorer.js", "ergraph.css"} <= names
    assert resources.files("ergraph.viz").joinpath("templates", "page.html").is_file()


def test_custom_schema_store_pages_use_its_colours(tmp_path: Path) -> None:
    schema: Schema = parse_schema(tomllib.loads(CUSTOM))
    st = SQLiteStore("sqlite://:memory:", schema=schema)
    from ergraph.model import Document, Evidence, Extraction, Mention, Relation

    doc = Document.from_text("The Argo sailed to Jason.", title="t", date="2020-01-01")
    ship, person = Entity.create("Argo", "SHIP"), Entity.create("Jason", "PERSON")
    ev = Evidence("", doc.id, doc.text, 0, len(doc.text), "asserted")
    rel = Relation.create(ship.id, "SAILED_TO", person.id, evidence=[ev])
    st.write(Extraction(doc, (ship, person), (Mention(ship.id, doc.id, 4, 8, "Argo"),
                                              Mention(person.id, doc.id, 19, 24, "Jason")),
                        (rel,)))
    data = payload(pages.graph_page(st, tmp_path / "c.html").read_text("utf-8"))
    assert {n["color"] for n in data["nodes"]} == {"#abcdef", "#112233"}
    assert {n["shape"] for n in data["nodes"]} == {"triangle", "star"}
    assert data["edges"][0]["color"] == "#fedcba"
    assert data["edges"][0]["arrows"] == {"to": {"enabled": True}}


# -- the workbench (issue 13): documents, denials, disputes, notebook outputs ---------------

@pytest.fixture(scope="module")
def case() -> SQLiteStore:
    from viz_fixtures import case_store

    return case_store(with_hostile=True)


def _case_page(case: SQLiteStore, tmp_path: Path) -> str:
    from ergraph.model import MODALITIES
    from viz_fixtures import VALE

    sub = case.neighbors(case.lookup(VALE)[0].id, 2, EdgeFilter(modalities=MODALITIES))
    return pages.neighborhood_page(case, sub, tmp_path / "case.html").read_text("utf-8")


def test_pages_embed_the_documents_their_evidence_cites(case: SQLiteStore,
                                                        tmp_path: Path) -> None:
    from viz_fixtures import CASE_DOCUMENTS

    data = payload(_case_page(case, tmp_path))
    cited = {ev["document_id"] for r in data["relations"].values() for ev in r["evidence"]}
    assert set(data["documents"]) == cited and len(cited) == 3
    by_title = {d["title"]: d for d in data["documents"].values()}
    for date, title, text, _facts in CASE_DOCUMENTS:
        assert by_title[title]["text"] == text and by_title[title]["date"] == date
    # every evidence sentence is where its offsets say, in the embedded text
    for r in data["relations"].values():
        for ev in r["evidence"]:
            text = data["documents"][ev["document_id"]]["text"]
            assert text[ev["start"]:ev["end"]] == ev["sentence"]


def test_embedded_documents_stay_data(store: SQLiteStore, tmp_path: Path) -> None:
    ids = _ids(store)
    page = pages.neighborhood_page(store, store.neighbors(ids[EVIL_ORG], 2),
                                   tmp_path / "h.html").read_text("utf-8")
    data = payload(page)
    (doc,) = data["documents"].values()
    assert doc["title"] == HOSTILE_TITLE and SENT_MET in doc["text"]
    assert "</script><script>" in doc["text"]  # the text as it is, inside the JSON
    for markup in HOSTILE_MARKUP:
        assert markup not in page
    assert page.lower().count("</script") == 4


def test_document_text_is_capped(case: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    rels = list(case.relations(limit=100))
    monkeypatch.setattr(render, "DOCUMENTS_TOTAL_CHARS", 120)
    docs = pages.cited_documents(case, rels)
    assert docs and sum(len(d.get("text", "")) for d in docs.values()) <= 120
    assert any("text" not in d for d in docs.values())  # the rest: title and date only
    assert all(d["title"] for d in docs.values())
    assert pages.cited_documents(object(), rels) == {}  # no store, no documents


def test_denied_edge_is_labelled_and_never_an_arrow() -> None:
    from ergraph.model import Evidence, Relation

    schema = default_schema()
    a, b = Entity.create("A", "STATE"), Entity.create("B", "STATE")
    names = {a.id: "A", b.id: "B"}
    neg = Evidence("", "d1", "A did not interfere in B.", 0, 25, "negated")
    pos = Evidence("", "d2", "A interfered in B.", 0, 18, "asserted")
    denied = Relation.create(a.id, "INTERFERED_IN", b.id, evidence=[neg])
    opts = render.edge_options(schema, denied, names)
    assert opts["label"] == "denied: interfered in"
    assert opts["arrows"] == {"to": {"enabled": False}}
    assert opts["weight"] == 0 and opts["denied"] is True and opts["disputed"] is False
    assert opts["color"] == render.DENIED_COLOR and opts["dashes"] == [2, 5]
    assert opts["title"].startswith("A → denied: interfered in → B")
    assert render.DENIED_NOTE in opts["title"]
    disputed = Relation.create(a.id, "INTERFERED_IN", b.id, evidence=[neg, pos])
    opts = render.edge_options(schema, disputed, names)
    assert opts["label"] == "\u26a0 disputed: interfered in"
    assert opts["arrows"] == {"to": {"enabled": True}} and opts["shadow"]["enabled"]
    assert opts["weight"] == 1 and opts["disputed"] is True
    assert opts["color"] == schema.relations["INTERFERED_IN"].color
    asserted = Relation.create(a.id, "INTERFERED_IN", b.id, evidence=[pos])
    assert "shadow" not in render.edge_options(schema, asserted, names)


def test_case_page_carries_denied_and_disputed_edges(case: SQLiteStore, tmp_path: Path) -> None:
    data = payload(_case_page(case, tmp_path))
    labels = {e["label"]: e for e in data["edges"]}
    assert labels["denied: interfered in"]["weight"] == 0
    assert labels["\u26a0 disputed: met"]["disputed"] is True
    rel = data["relations"][labels["\u26a0 disputed: met"]["id"]]
    assert rel["disputed"] is True and rel["denied"] is False
    assert {ev["modality"] for ev in rel["evidence"]} == {"asserted", "negated"}
    assert "denied: only negated" in render.legend_html(default_schema())


def test_pages_carry_the_workbench_controls(written: dict[str, str]) -> None:
    for name, page in written.items():
        for marker in ('id="eg-denials"', 'id="eg-fit"', 'id="eg-layout"', 'id="eg-png"',
                       'id="eg-graphml"', 'id="eg-timeline"', 'id="eg-doc"'):
            assert marker in page, (name, marker)
    assert 'id="eg-undo"' in written["explorer"] and 'id="eg-disputes"' in written["explorer"]


def test_pages_leave_out_vis_network_unused_styles(written: dict[str, str]) -> None:
    _js, css = render.vis_assets()
    assert "vis-tooltip" in css and "url(" not in css and len(css) < 2000
    for name, page in written.items():
        assert len(page.encode()) < 600_000, name


def test_notebook_outputs_share_one_bundle_and_stay_small(case: SQLiteStore) -> None:
    from ergraph.viz import notebook
    from viz_fixtures import VALE

    sub = case.neighbors(case.lookup(VALE)[0].id, 2)
    notebook.reset()
    first = notebook.neighborhood_output(case.schema, sub, case)
    second = notebook.neighborhood_output(case.schema, sub, case)
    name, code = notebook.bundle()
    assert code in first and code not in second and name in second
    sizes = len(first.encode()), len(second.encode())
    assert sizes[1] < 150_000, sizes  # every later graph
    assert sizes[0] < 260_000, sizes  # the first carries the code once (~180 KB of it)
    # the iframe page: no code but the loader, and a CSP allowing exactly the bundle's
    import gzip
    import html as html_mod

    srcdoc = html_mod.unescape(re.search(r'srcdoc="([^"]*)"', second).group(1))
    p = parse(srcdoc)
    code_blocks = [b for a, b in p.scripts if a.get("type") != "application/json"]
    assert code_blocks == [render.static_script("loader.js")]
    csp = next(a["content"] for t, a in p.tags if a.get("http-equiv") == "Content-Security-Policy")
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    shipped = json.loads(gzip.decompress(base64.b64decode(code)))
    want = {base64.b64encode(hashlib.sha256(c.encode()).digest()).decode()
            for c in [*shipped["scripts"], render.static_script("loader.js")]}
    assert allowed == want
    assert payload(srcdoc)["documents"]
    notebook.reset()
    assert code in notebook.neighborhood_output(case.schema, sub)


def test_notebook_inline_page_shares_the_code_of_any_static_page(case: SQLiteStore,
                                                                  tmp_path: Path) -> None:
    from ergraph.viz import notebook

    page = _case_page(case, tmp_path)
    notebook.reset()
    first, second = notebook.inline_page(page), notebook.inline_page(page)
    name, code = notebook.bundle()
    assert code in first and code not in second
    assert len(second.encode()) < 150_000 < len(page.encode())
    import html as html_mod

    srcdoc = html_mod.unescape(re.search(r'srcdoc="([^"]*)"', second).group(1))
    assert payload(srcdoc) == payload(page)
    p = parse(srcdoc)
    assert [b for a, b in p.scripts if a.get("type") != "application/json"] == [
        render.static_script("loader.js")]
    assert f'content="{name}"' in srcdoc
    # not one of ours: the whole page in a sandboxed iframe, nothing shared
    other = notebook.inline_page("<html><body>hello</body></html>")
    assert other.startswith("<iframe srcdoc=") and code not in other


def test_a_dispute_shows_both_sides_even_when_the_filter_hid_the_denial(
        case: SQLiteStore, tmp_path: Path) -> None:
    from viz_fixtures import CASE_DENY_MET, CASE_MET, VALE

    sub = case.neighbors(case.lookup(VALE)[0].id, 1)  # the default: no negated evidence
    assert not any(ev.modality == "negated" for r in sub.relations for ev in r.evidence)
    data = payload(pages.neighborhood_page(case, sub, tmp_path / "v.html").read_text("utf-8"))
    disputed = [e for e in data["edges"] if e["disputed"]]
    assert len(disputed) == 1 and disputed[0]["label"] == "\u26a0 disputed: met"
    sentences = {ev["sentence"] for ev in data["relations"][disputed[0]["id"]]["evidence"]}
    assert sentences == {CASE_MET, CASE_DENY_MET}
    assert not any(e["denied"] for e in data["edges"])  # only-denied relations stay out
    assert len(data["documents"]) == 3


def test_both_sides_are_read_only_for_the_disputed_relations(
        case: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """One relation_modalities call says which relations are disputed; the store is asked
    for the full evidence of those only (not once per relation)."""
    from viz_fixtures import CASE_DENY_MET, CASE_MET, VALE

    sub = case.neighbors(case.lookup(VALE)[0].id, 2)  # default filter: denials left out
    assert len(sub.relations) >= 3
    asked: list[tuple[Any, ...]] = []
    checked: list[int] = []
    real_relations, real_modalities = case.relations, case.relation_modalities

    def relations(*args: Any, **kwargs: Any) -> Any:
        asked.append((kwargs.get("source"), kwargs.get("type"), kwargs.get("target")))
        return real_relations(*args, **kwargs)

    def relation_modalities(rels: Any) -> Any:
        rels = list(rels)
        checked.append(len(rels))
        return real_modalities(rels)

    monkeypatch.setattr(case, "relations", relations)
    monkeypatch.setattr(case, "relation_modalities", relation_modalities)
    out = pages.with_both_sides(case, sub.relations)
    assert checked == [len(sub.relations)]
    assert [t for _s, t, _t in asked] == ["MET"]
    met = [r for r in out if r.type == "MET"]
    assert {e.sentence for e in met[0].evidence} == {CASE_MET, CASE_DENY_MET}
    others = {r.id: r for r in sub.relations if r.type != "MET"}
    assert [r for r in out if r.type != "MET"] == list(others.values())  # left as given
