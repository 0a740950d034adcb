"""The notebook client: ``ergraph.client.Client`` against a live uvicorn server and
``ergraph.client.open`` in-process must give the same answers, typed results must convert
to networkx / pandas / inline HTML, and API errors must come back as ergraph's own
exceptions."""

from __future__ import annotations

import base64
import gzip
import html
import io
import json
import re
import socket
import sys
import threading
import time
import zipfile
from collections.abc import Iterator, Sized
from pathlib import Path
from typing import Any

import httpx
import pytest
from ergraph import client as ec
from ergraph.errors import (
    AmbiguousName,
    DocumentNotFound,
    EntityNotFound,
    ErgraphError,
    NotImplementedFeature,
    PayloadTooLarge,
    PermissionDenied,
    QueryError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
)
from ergraph.graph import open_store
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation
from ergraph.schema import default_schema

HOSTILE = "Ivan <script>alert(1)</script> O'Neil"

# (document text, date, facts); a fact is (source, TYPE, target, modality, sentence)
CORPUS: list[tuple[str, str | None, list[tuple[str, str, str, str, str]]]] = [
    ("Vladimir Putin met Donald Trump in Helsinki. Rudy Giuliani is a lawyer of Donald "
     "Trump.", "2018-07-16", [
         ("Vladimir Putin", "MET", "Donald Trump", "asserted",
          "Vladimir Putin met Donald Trump in Helsinki."),
         ("Rudy Giuliani", "ASSOCIATE_OF", "Donald Trump", "asserted",
          "Rudy Giuliani is a lawyer of Donald Trump."),
     ]),
    ("Vladimir Putin leads Russia. Russia sought to undermine Joe Biden. Hunter Biden is the "
     "son of Joe Biden. Vladimir Putin never met Hunter Biden.", "2021-03-16", [
         ("Vladimir Putin", "LEADS", "Russia", "asserted", "Vladimir Putin leads Russia."),
         ("Russia", "SOUGHT_TO_UNDERMINE", "Joe Biden", "asserted",
          "Russia sought to undermine Joe Biden."),
         ("Hunter Biden", "RELATIVE_OF", "Joe Biden", "asserted",
          "Hunter Biden is the son of Joe Biden."),
         ("Vladimir Putin", "MET", "Hunter Biden", "negated",
          "Vladimir Putin never met Hunter Biden."),
     ]),
    ("Rudy Giuliani may have met Hunter Biden. " + HOSTILE + " supported Rudy Giuliani.",
     None, [
         ("Rudy Giuliani", "MET", "Hunter Biden", "hedged",
          "Rudy Giuliani may have met Hunter Biden."),
         (HOSTILE, "SUPPORTED", "Rudy Giuliani", "asserted",
          HOSTILE + " supported Rudy Giuliani."),
     ]),
    # a denial of what the document above hedges: the MET relation is disputed
    ("Rudy Giuliani denied that he met Hunter Biden.", "2022-02-01", [
        ("Rudy Giuliani", "MET", "Hunter Biden", "negated",
         "Rudy Giuliani denied that he met Hunter Biden."),
    ]),
]
TYPES = {"Vladimir Putin": "PERSON", "Donald Trump": "PERSON", "Rudy Giuliani": "PERSON",
         "Russia": "STATE", "Joe Biden": "PERSON", "Hunter Biden": "PERSON", HOSTILE: "PERSON"}
ALIASES = {"Vladimir Putin": ("Putin",), "Joe Biden": ("Biden",), "Hunter Biden": ("Biden",),
           "Russia": ("Russian Federation",)}


def extraction(text: str, date: str | None, facts: list[tuple[str, str, str, str, str]],
               doc: Document | None = None) -> Extraction:
    schema = default_schema()
    doc = doc or Document.from_text(text, title=text[:25], date=date, source="test")
    ents = {n: Entity.create(n, t, ALIASES.get(n, ())) for n, t in TYPES.items()
            if n in doc.text}
    mentions = [Mention(e.id, doc.id, doc.text.index(n), doc.text.index(n) + len(n), n)
                for n, e in ents.items()]
    rels: dict[str, Relation] = {}
    for s, typ, t, modality, sentence in facts:
        start = doc.text.index(sentence)
        ev = Evidence("", doc.id, sentence, start, start + len(sentence), modality, "test",
                      0.8, trigger=typ.lower())
        r = Relation.create(ents[s].id, typ, ents[t].id,
                            symmetric=schema.relations[typ].symmetric, evidence=[ev])
        rels[r.id] = r
    return Extraction(doc, tuple(ents.values()), tuple(mentions), tuple(rels.values()))


def build_store(path: Path) -> str:
    uri = f"sqlite:///{path}"
    store = open_store(uri)
    try:
        for text, date, facts in CORPUS:
            assert store.write(extraction(text, date, facts))
    finally:
        store.close()
    return uri


class FakeExtractor:
    """Finds the TYPES names in a document and a MET relation in each "A met B." sentence
    (no spaCy in these tests)."""

    name = "fake"

    def extract(self, document: Document) -> Extraction:
        facts = []
        for sentence in re.findall(r"[^.]*\bmet\b[^.]*\.", document.text):
            sentence = sentence.strip()
            names = [n for n in TYPES if n in sentence]
            if len(names) == 2:
                facts.append((names[0], "MET", names[1], "asserted", sentence))
        return extraction(document.text, document.date, facts, doc=document)

    def extract_many(self, documents: Any) -> Iterator[Extraction]:
        for d in documents:
            yield self.extract(d)


class Server:
    """uvicorn serving ``create_app(settings, store)`` in a thread, on a free port."""

    def __init__(self, uri: str, api_key: str | None = None) -> None:
        import uvicorn
        from ergraph.api.app import create_app
        from ergraph.api.settings import Settings

        self.store = open_store(uri)
        settings = Settings(store=uri, api_key=api_key, read_only=False, query_timeout=30)
        app = create_app(settings, store=self.store, extractor=FakeExtractor())
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.store.close()
        self.sock.close()


@pytest.fixture(scope="module")
def store_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("client") / "graph.db")


@pytest.fixture(scope="module")
def server(store_uri: str) -> Iterator[Server]:
    with Server(store_uri) as s:
        yield s


@pytest.fixture(scope="module")
def remote(server: Server) -> Iterator[ec.Client]:
    with ec.Client(server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def local(store_uri: str) -> Iterator[ec.LocalClient]:
    with ec.open(store_uri, extractor=FakeExtractor()) as c:
        yield c


# -- the same answers -----------------------------------------------------------------

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("search", ("putin",), {}),
    ("search", ("biden",), {"type": "PERSON"}),
    ("search", ("Vladmir Putn",), {}),
    ("search", ("i",), {"limit": 2, "offset": 1}),
    ("entity", ("Vladimir Putin",), {}),
    ("entity", ("Hunter Biden",), {}),
    ("neighbors", ("Vladimir Putin",), {}),
    ("neighbors", ("Vladimir Putin",), {"depth": 3}),
    ("neighbors", ("Vladimir Putin",), {"depth": 2, "modalities": ["asserted", "negated"]}),
    ("neighbors", ("Rudy Giuliani",), {"depth": 2, "since": "2018-01-01"}),
    ("paths", ("Vladimir Putin", "Hunter Biden"), {}),
    ("paths", ("Vladimir Putin", "Hunter Biden"), {"modalities": ["asserted", "negated"]}),
    ("paths", ("Putin", "Hunter Biden"), {"all": True, "max_hops": 6}),
    ("paths", ("Vladimir Putin", "Hunter Biden"), {"k": 3, "modalities": ["asserted", "hedged"]}),
    ("paths", ("Vladimir Putin", "Joe Biden"), {"directed": True,
                                               "types": ["LEADS", "SOUGHT_TO_UNDERMINE"]}),
    ("relations", (), {"source": "Vladimir Putin"}),
    ("relations", (), {"target": "Joe Biden", "types": "RELATIVE_OF"}),
    ("relations", (), {"source": "Vladimir Putin", "modalities": ["asserted", "negated"]}),
    ("relations", (), {"source": "Vladimir Putin", "since": "2021-01-01"}),
    ("disputes", (), {}),
    ("disputes", (), {"types": ["MET"], "limit": 5}),
    ("timeline", ("Vladimir Putin",), {}),
    ("timeline", ("Putin",), {"modalities": ["asserted", "negated"], "until": "2030-01-01"}),
    ("documents", (), {}),
    ("documents", (), {"limit": 1, "offset": 1}),
    ("stats", (), {}),
    ("central", (), {}),
    ("central", ("degree",), {"limit": 3}),
    ("central", ("betweenness",), {}),
    ("communities", (), {}),
]


@pytest.mark.e2e
@pytest.mark.parametrize(("method", "args", "kwargs"), CALLS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CALLS)])
def test_live_server_and_in_process_give_the_same_answers(
    remote: ec.Client, local: ec.LocalClient, method: str, args: tuple[Any, ...],
    kwargs: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw: dict[str, Any] = {}
    for name, client in (("http", remote), ("local", local)):
        def spy(op: str, _call: Any = client._call, _name: str = name, **kw: Any) -> Any:
            raw[_name] = _call(op, **kw)
            return raw[_name]

        monkeypatch.setattr(client, "_call", spy)
    over_http = getattr(remote, method)(*args, **kwargs)
    in_process = getattr(local, method)(*args, **kwargs)
    assert raw["http"] == raw["local"]  # the server's JSON is what open() computes
    assert type(over_http) is type(in_process)
    assert over_http.to_dict() == in_process.to_dict() == raw["http"]  # parsed losslessly
    # the comparison is not between two empty answers
    assert over_http.to_dict()
    if isinstance(in_process, Sized):
        assert len(in_process) > 0


@pytest.mark.e2e
def test_pagerank_gives_the_same_answer_or_the_same_error(remote: ec.Client,
                                                          local: ec.LocalClient) -> None:
    """pagerank needs scipy (optional): without it both clients raise the same error."""
    try:
        expected = local.central("pagerank", limit=3)
    except ErgraphError as exc:
        assert exc.code == "not_implemented" and "scipy" in exc.message
        with pytest.raises(ErgraphError) as info:
            remote.central("pagerank", limit=3)
        assert info.value.code == exc.code and info.value.message == exc.message
    else:
        assert remote.central("pagerank", limit=3).to_dict() == expected.to_dict()


@pytest.mark.e2e
def test_document_detail_is_the_same(remote: ec.Client, local: ec.LocalClient) -> None:
    docs = local.documents()
    assert len(docs) == 4
    for d in docs:
        a, b = remote.document(d.id), local.document(d.id)
        assert a.to_dict() == b.to_dict()
        assert a.evidence  # every test document has a relation
        for span in a.evidence:  # the spans are the sentences, in place
            assert a.text[span["start"]:span["end"]].endswith(".")
        assert a.text and a.mentions and {m.entity_id for m in a.mentions} <= set(a.names)


@pytest.mark.e2e
def test_raw_answers_match_the_api_json(remote: ec.Client, local: ec.LocalClient,
                                        server: Server) -> None:
    """The in-process client builds exactly the JSON the server sends."""
    raw = httpx.get(f"{server.url}/paths", params={"source": "Vladimir Putin",
                                                   "target": "Hunter Biden"}).json()
    assert raw == local._call("paths", source="Vladimir Putin", target="Hunter Biden",
                              max_hops=4, types=None, modalities=None, since=None, until=None,
                              directed=False, k=1, all=False, limit=10)
    assert remote.paths("Vladimir Putin", "Hunter Biden").to_dict() == raw


# -- typed results ------------------------------------------------------------------

def test_paths_are_typed_and_skip_negated_evidence(local: ec.LocalClient) -> None:
    res = local.paths("Vladimir Putin", "Hunter Biden")
    assert isinstance(res, ec.PathResults) and len(res) == 1
    path = res[0]
    assert [n.name for n in path.nodes] == ["Vladimir Putin", "Russia", "Joe Biden",
                                            "Hunter Biden"]
    assert [r.type for r in path.relations] == ["LEADS", "SOUGHT_TO_UNDERMINE", "RELATIVE_OF"]
    assert all(e.modality != "negated" for r in path.relations for e in r.evidence)
    assert path.relations[0].evidence[0].document_date == "2021-03-16"
    denied = local.paths("Vladimir Putin", "Hunter Biden", modalities=["negated"])
    assert [r.type for r in denied[0].relations] == ["MET"]
    assert denied[0].relations[0].evidence[0].modality == "negated"


def test_results_convert_to_networkx(local: ec.LocalClient) -> None:
    hood = local.neighbors("Vladimir Putin", depth=2)
    G = hood.to_networkx()
    assert set(G.nodes) == {e.id for e in hood.entities}
    assert {k for _u, _v, k in G.edges(keys=True)} == {r.id for r in hood.relations}
    putin = local.entity("Vladimir Putin")
    assert G.nodes[putin.id]["name"] == "Vladimir Putin"
    assert G.nodes[putin.id]["aliases"] == "Putin"
    russia = local.entity("Russia").id
    assert G.edges[putin.id, russia, next(iter(G[putin.id][russia]))]["type"] == "LEADS"
    paths = local.paths("Vladimir Putin", "Hunter Biden").to_networkx()
    assert paths.number_of_nodes() == 4 and paths.number_of_edges() == 3
    ranking = local.central("degree").to_networkx()
    assert all("degree" in d for _n, d in ranking.nodes(data=True))


def test_results_convert_to_pandas(local: ec.LocalClient) -> None:
    pytest.importorskip("pandas")
    rels = local.relations(source="Vladimir Putin", modalities=["asserted", "negated"])
    df = rels.to_pandas()
    assert list(df.columns) == list(ec.RELATION_COLUMNS)
    assert len(df) == len(rels) == 3  # MET Trump, LEADS Russia, MET (denied) Hunter
    # the denial is left out unless asked for
    assert len(local.relations(source="Vladimir Putin")) == 2
    row = df[df["type"] == "LEADS"].iloc[0]
    assert (row["source_name"], row["target_name"]) == ("Vladimir Putin", "Russia")
    assert row["evidence_count"] == 1 and row["first_date"] == "2021-03-16"
    ev = rels.to_pandas(evidence=True)
    assert len(ev) == sum(len(r.evidence) for r in rels)
    assert set(ev["modality"]) == {"asserted", "negated"}
    hops = local.paths("Vladimir Putin", "Hunter Biden").to_pandas()
    assert list(hops["hop"]) == [0, 1, 2]
    assert list(hops["to"]) == ["Russia", "Joe Biden", "Hunter Biden"]
    found = local.search("biden").to_pandas()
    assert set(found["name"]) == {"Joe Biden", "Hunter Biden"}
    assert set(found["match"]) == {"exact"}


def test_to_pandas_without_pandas_says_what_to_install(local: ec.LocalClient,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    res = local.relations(source="Vladimir Putin")
    with pytest.raises(ec.MissingExtra) as info:
        res.to_pandas()
    assert isinstance(info.value, ImportError) and isinstance(info.value, ErgraphError)
    assert "pip install" in str(info.value) and "pandas" in str(info.value)
    assert len(res.to_networkx()) > 0  # the rest still works


def _output(markup: str) -> tuple[str, str]:
    """(the page in the iframe, the notebook-level script) of a graph output."""
    m = re.fullmatch(r'<div class="ergraph-output"><iframe srcdoc="([^"]*)"[^>]*></iframe>'
                     r'<script>(.*)</script></div>', markup, re.S)
    assert m, markup[:200]
    return html.unescape(m.group(1)), m.group(2)


def _srcdoc(markup: str) -> str:
    return _output(markup)[0]


def test_graph_results_render_inline_offline(local: ec.LocalClient) -> None:
    """A graph result is an iframe whose page holds its data and a loader; the page code
    (vis-network and ergraph's) travels once, with the first graph of the kernel, and
    later graphs are small; nothing is fetched from the network."""
    from ergraph.viz import notebook

    notebook.reset()
    hood = local.neighbors("Rudy Giuliani", depth=1)
    assert any(e.name == HOSTILE for e in hood.entities)
    first = hood._repr_html_()
    page, script = _output(first)
    # the only markup outside the escaped attribute is the notebook's serving script
    assert HOSTILE not in script and "<" not in script and first.count("<script") == 1
    assert "<html" in page.lower() and "Rudy Giuliani" in page
    assert 'name="ergraph-bundle"' in page and "DecompressionStream" in page  # the loader
    assert "<script>alert(1)</script>" not in page  # the name is data, not markup
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    name, code = notebook.bundle()
    assert code in script and name in page  # the first output carries the bundle
    bundled = gzip.decompress(base64.b64decode(code)).decode("utf-8")
    assert "vis.Network" in bundled or "vis-network" in bundled.lower()
    path_markup = local.paths("Vladimir Putin", "Hunter Biden")._repr_html_()
    path_page, path_script = _output(path_markup)
    assert "Hunter Biden" in path_page and code not in path_script
    assert len(path_markup) < 150_000 < len(first)


def _page_data(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="ergraph-data">(.*?)</script>', page,
                  re.S)
    assert m, page[:200]
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_inline_graphs_in_process_carry_documents_and_disputes(
        local: ec.LocalClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, a graph's page holds its cited documents' text (within the inline
    budget; past it, only their evidence sentences) and both sides of a relation that is
    disputed though the query hid the denial."""
    hood = local.neighbors("Rudy Giuliani")
    data = _page_data(_srcdoc(hood._repr_html_()))
    cited = {e.document_id for r in hood.relations for e in r.evidence}
    # ... and the document of the hidden denial, the other side of the dispute
    assert cited < set(data["documents"])
    assert [d["date"] for i, d in data["documents"].items() if i not in cited] == ["2022-02-01"]
    assert all(d["text"] for d in data["documents"].values())
    cited = set(data["documents"])
    disputed = [e for e in data["edges"] if e["disputed"]]
    assert len(disputed) == 1 and "disputed" in disputed[0]["label"]
    monkeypatch.setattr(ec, "INLINE_DOCUMENT_CHARS", 0)
    data = _page_data(_srcdoc(hood._repr_html_()))
    assert set(data["documents"]) == cited
    assert not any("text" in d for d in data["documents"].values())
    assert "text" in next(iter(_page_data(hood.html())["documents"].values()))  # a file: all


def test_table_results_render_escaped(local: ec.LocalClient) -> None:
    found = local.search("ivan")
    markup = found._repr_html_()
    assert "<table" in markup and html.escape(HOSTILE) in markup and HOSTILE not in markup
    assert "<table" in local.stats()._repr_html_()
    none = local.paths("Donald Trump", "Russia", types=["LEADS"])
    assert len(none) == 0 and "no path" in none._repr_html_()


# -- errors -------------------------------------------------------------------------

@pytest.fixture(params=[pytest.param("http", marks=pytest.mark.e2e), "local"])
def either(request: pytest.FixtureRequest, local: ec.LocalClient) -> Any:
    if request.param == "http":
        return request.getfixturevalue("remote")
    return local


def test_unknown_name_is_entity_not_found_with_close_matches(either: Any) -> None:
    with pytest.raises(EntityNotFound) as info:
        either.paths("Vladmir Putn", "Hunter Biden")
    exc = info.value
    assert exc.code == "entity_not_found" and exc.status_code == 404
    assert exc.name == "Vladmir Putn"
    assert "Vladimir Putin" in [c["name"] for c in exc.close_matches]
    assert "did you mean 'Vladimir Putin'" in exc.message


def test_ambiguous_name_lists_the_candidates(either: Any) -> None:
    with pytest.raises(AmbiguousName) as info:
        either.neighbors("Biden")
    exc = info.value
    assert exc.code == "ambiguous_name" and exc.name == "Biden"
    assert sorted(c["name"] for c in exc.candidates) == ["Hunter Biden", "Joe Biden"]
    assert all({"id", "name", "type"} <= set(c) for c in exc.candidates)


def test_bad_filters_and_ids_map_to_query_errors(either: Any) -> None:
    with pytest.raises(QueryError) as info:
        either.neighbors("Vladimir Putin", types=["NOT_A_TYPE"])
    assert info.value.details.get("param") == "types"
    with pytest.raises(DocumentNotFound):
        either.document("d0000000000000000")
    with pytest.raises(QueryError):
        either.paths("Vladimir Putin", "Hunter Biden", k=2, all=True)
    with pytest.raises(QueryError):
        either.export("pdf")
    with pytest.raises(QueryError):
        either.search("")
    with pytest.raises(QueryError):
        either.neighbors("Vladimir Putin", depth=4)
    with pytest.raises(QueryError):
        either.paths("Vladimir Putin", "Hunter Biden", max_hops=0)


def test_dead_server_is_store_unavailable() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with ec.Client(f"http://127.0.0.1:{port}", timeout=5) as c, \
            pytest.raises(StoreUnavailable) as info:
        c.stats()
    assert info.value.code == "store_unavailable" and str(port) in info.value.message


def _mock(status: int, body: Any) -> ec.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    return ec.Client("http://ergraph.test", transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(("status", "code", "cls"), [
    (404, "entity_not_found", EntityNotFound),
    (409, "ambiguous_name", AmbiguousName),
    (422, "invalid_query", QueryError),
    (422, "validation_error", QueryError),
    (403, "forbidden", PermissionDenied),
    (404, "document_not_found", DocumentNotFound),
    (503, "store_unavailable", StoreUnavailable),
    (504, "query_timeout", QueryTimeout),
    (500, "internal_error", StoreError),
    (501, "not_implemented", NotImplementedFeature),
    (413, "payload_too_large", PayloadTooLarge),
])
def test_envelope_codes_map_to_the_error_classes(status: int, code: str,
                                                 cls: type[ErgraphError]) -> None:
    details = {"name": "X", "candidates": [{"id": "e1", "name": "X", "type": "PERSON"}],
               "close_matches": []}
    c = _mock(status, {"error": {"code": code, "message": f"the {code} message",
                                 "details": details}})
    with pytest.raises(cls) as info:
        c.stats()
    assert type(info.value) is cls
    assert info.value.message == f"the {code} message" == str(info.value)
    assert info.value.code == code and info.value.details["name"] == "X"


def test_answers_without_an_envelope_map_by_status() -> None:
    with pytest.raises(StoreUnavailable):
        _mock(503, "<html>bad gateway</html>").stats()
    with pytest.raises(StoreError):
        _mock(502, "<html>bad gateway</html>").stats()
    with pytest.raises(NotImplementedFeature):
        _mock(501, "<html>not implemented</html>").stats()
    with pytest.raises(QueryError):
        _mock(422, "<html>unprocessable</html>").stats()


def test_every_class_of_the_tree_comes_back_as_itself() -> None:
    """The client's code map is derived from the tree: a class added to errors.py is
    mapped back without a second list to keep."""
    from ergraph.errors import public_errors

    for cls in public_errors()[1:]:
        with pytest.raises(cls) as info:
            _mock(cls.status_code, {"error": {"code": cls.code, "message": "m",
                                              "details": {}}}).stats()
        assert type(info.value) is cls, cls


def test_a_501_from_the_api_is_not_implemented_feature_both_ways(
    store_uri: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pagerank without scipy: the service raises NotImplementedFeature; over HTTP the
    app's 501 envelope maps back to the same class, message and details."""
    from ergraph.api.app import create_app
    from ergraph.api.settings import Settings
    from ergraph.graph import algorithms
    from fastapi.testclient import TestClient

    def no_scipy(*args: Any, **kwargs: Any) -> Any:
        raise ModuleNotFoundError("No module named 'scipy'", name="scipy")

    monkeypatch.setattr(algorithms, "centrality", no_scipy)
    with ec.open(store_uri) as local, pytest.raises(NotImplementedFeature) as in_process:
        local.central("pagerank")
    assert in_process.value.details["package"] == "scipy"

    with TestClient(create_app(Settings(store=store_uri)),
                    raise_server_exceptions=False) as app:
        def forward(request: httpx.Request) -> httpx.Response:
            answer = app.request(request.method, str(request.url.copy_with(
                scheme="http", host="testserver")), headers={"accept": "application/json"})
            return httpx.Response(answer.status_code, content=answer.content,
                                  headers=answer.headers)

        with ec.Client("http://ergraph.test", transport=httpx.MockTransport(forward)) as remote, \
                pytest.raises(NotImplementedFeature) as over_http:
            remote.central("pagerank")
    assert over_http.value.status_code == 501 and over_http.value.code == "not_implemented"
    assert over_http.value.message == in_process.value.message
    assert over_http.value.details == in_process.value.details


# -- writes and exports through the client ----------------------------------------------

@pytest.mark.e2e
def test_ingest_and_delete_over_http_and_in_process(tmp_path: Path) -> None:
    uri = build_store(tmp_path / "writes.db")
    text = "Donald Trump met Rudy Giuliani in New York."
    with Server(uri, api_key="s3cret") as srv, \
            ec.Client(srv.url, api_key="s3cret") as remote, \
            ec.Client(srv.url) as keyless, \
            ec.open(uri, extractor=FakeExtractor()) as local:
        with pytest.raises(PermissionDenied):
            keyless.ingest(text)
        report = remote.ingest(text, title="NY", date="2019-05-01")
        assert isinstance(report, ec.IngestReport) and len(report.added) == 1
        added = report.added[0]
        assert [r["type"] for r in added["relations"]] == ["MET"]
        doc_id = added["document"]["id"]
        # the in-process client sees the server's write, and skips the same text
        assert local.document(doc_id).title == "NY"
        again = local.ingest(text)
        assert again.added == [] and again.skipped[0]["id"] == doc_id
        assert {e.name for e in local.neighbors("Rudy Giuliani").entities} >= {"Donald Trump"}
        assert remote.delete(doc_id) is True
        with pytest.raises(DocumentNotFound):
            local.document(doc_id)
        with pytest.raises(DocumentNotFound):
            local.delete(doc_id)


@pytest.mark.e2e
def test_export_through_both_clients(remote: ec.Client, local: ec.LocalClient,
                                     tmp_path: Path) -> None:
    a, b = remote.export("jsonl"), local.export("jsonl")
    assert a == b and a.count(b"\n") == sum(1 for _ in local.store.dump())
    z = zipfile.ZipFile(io.BytesIO(remote.export("csv")))
    assert sorted(z.namelist()) == ["nodes.csv", "relationships.csv"]
    out = remote.export("graphml", tmp_path / "g.graphml")
    assert out.read_bytes() == local.export("graphml")


# -- disputes and timelines, over HTTP and in-process --------------------------------

def test_disputes_list_both_sides(either: Any) -> None:
    found = either.disputes()
    assert isinstance(found, ec.Disputes) and found.total == len(found) == 1
    d = found[0]
    names = found.names()
    assert (names[d.relation.source], d.relation.type, names[d.relation.target]) in {
        ("Rudy Giuliani", "MET", "Hunter Biden"), ("Hunter Biden", "MET", "Rudy Giuliani")}
    assert d.relation.disputed and not d.relation.denied
    assert [e.sentence for e in d.asserted] == ["Rudy Giuliani may have met Hunter Biden."]
    assert [e.modality for e in d.denied] == ["negated"]
    assert d.denied[0].document_date == "2022-02-01"
    assert either.disputes(types="SUPPORTED").total == 0
    # the stating side is undated: a date range leaves only the denial, no dispute
    assert either.disputes(since="2000-01-01").total == 0


def test_disputed_under_default_filters_and_hidden_denials(either: Any) -> None:
    """Giuliani's hedged meeting with Hunter Biden is denied elsewhere: with denials
    hidden (the default) the relation comes back with only the hedged evidence, flagged
    ``disputed`` all the same, in neighbourhoods, paths and relations, and in their
    ``to_dict()``; a neighbourhood says how many of its centre's relations it hid as
    only denied."""
    def met(rels: Any) -> Any:
        names = {either.entity(n).id for n in ("Rudy Giuliani", "Hunter Biden")}
        (one,) = [r for r in rels if r.type == "MET" and {r.source, r.target} == names]
        assert [e.modality for e in one.evidence] == ["hedged"]
        assert one.disputed and not one.denied and one.to_dict()["disputed"] is True
        assert not any(r.disputed for r in rels if r is not one)
        return one

    hood = either.neighbors("Rudy Giuliani")
    met(hood.relations)
    assert hood.to_dict()["relations"] == [r.to_dict() for r in hood.relations]
    assert any(r["disputed"] for r in hood.to_dict()["relations"])
    assert hood.hidden_denials == 0 and hood.to_dict()["hidden_denials"] == 0
    (path,) = either.paths("Rudy Giuliani", "Hunter Biden")
    met(path.relations)
    met(either.relations(source="Rudy Giuliani"))
    # a relation the store holds stated only reads as stated
    assert not any(r.disputed for r in either.relations(source="Vladimir Putin"))
    putin = either.neighbors("Putin")
    assert putin.hidden_denials == 1  # Putin never met Hunter Biden
    assert either.neighbors("Putin", modalities=["asserted", "negated"]).hidden_denials == 0
    assert either.neighbors("Putin", types="LEADS").hidden_denials == 0


def test_timeline_orders_by_document_date(either: Any) -> None:
    t = either.timeline("Putin")
    assert isinstance(t, ec.Timeline) and t.entity.name == "Vladimir Putin"
    assert [ev.date for ev in t] == ["2018-07-16", "2021-03-16"]  # the denial is left out
    assert [(ev.relation.type, ev.other.name) for ev in t] == [
        ("MET", "Donald Trump"), ("LEADS", "Russia")]
    assert t.periods == (("2018-07", 1), ("2021-03", 1))
    full = either.timeline("Putin", modalities=["asserted", "negated"])
    assert full.total == 3 and any(ev.relation.denied for ev in full)
    assert [ev.date for ev in either.timeline("Putin", since="2020-01-01")] == ["2021-03-16"]
    with pytest.raises(QueryError):
        either.timeline("Putin", types="LIKED")


def test_in_process_client_validates_through_the_service(local: ec.LocalClient) -> None:
    """The in-process client has no checks of its own: the service layer's answer it."""
    assert not hasattr(ec, "_check_params")
    with pytest.raises(QueryError, match="not both"):
        local.paths("Putin", "Hunter Biden", k=2, all=True)
    with pytest.raises(QueryError, match="limit"):
        local.neighbors("Putin", limit=0)
    with pytest.raises(ec.DocumentError if hasattr(ec, "DocumentError") else ErgraphError):
        local.ingest("   ")
