"""Routes and errors of the HTTP API, in process, on graphs built from model objects."""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from ergraph.api.app import create_app
from ergraph.api.models import (
    CentralityResponse,
    CommunitiesResponse,
    DocumentDetail,
    EntityDetail,
    EntitySearch,
    ErrorEnvelope,
    IngestResponse,
    PathsResponse,
    RelationList,
    Stats,
    SubgraphOut,
)
from ergraph.api.settings import Settings
from ergraph.graph.sqlite import SQLiteStore
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation
from ergraph.schema import default_schema
from fastapi.testclient import TestClient

# -- a small graph, built from model objects ------------------------------------------------
PEOPLE = {
    "Vladimir Putin": ("PERSON", ["Putin"]),
    "Andrii Derkach": ("PERSON", ["Derkach"]),
    "Rudy Giuliani": ("PERSON", ["Giuliani"]),
    "Donald Trump": ("PERSON", ["Trump"]),
    "Hunter Biden": ("PERSON", []),
    "Russia": ("STATE", ["Russian Federation"]),
    "John Smith": ("PERSON", ["Smith"]),
    "Jane Smith": ("PERSON", ["Smith"]),
}
# (date, [(source, TYPE, target, modality, sentence)])
DOCS: list[tuple[str, list[tuple[str, str, str, str, str]]]] = [
    ("2019-05-01", [
        ("Vladimir Putin", "AUTHORIZED", "Andrii Derkach", "asserted",
         "Vladimir Putin authorized Andrii Derkach to run the campaign."),
        ("Andrii Derkach", "MET", "Rudy Giuliani", "asserted",
         "Andrii Derkach met Rudy Giuliani in Kyiv."),
        ("Vladimir Putin", "LEADS", "Russia", "asserted",
         "Vladimir Putin leads Russia."),
    ]),
    ("2020-01-10", [
        ("Rudy Giuliani", "SUPPORTED", "Donald Trump", "hedged",
         "Rudy Giuliani probably supported Donald Trump."),
        ("Andrii Derkach", "SOUGHT_TO_UNDERMINE", "Hunter Biden", "asserted",
         "Andrii Derkach sought to undermine Hunter Biden."),
        ("John Smith", "MET", "Jane Smith", "asserted", "John Smith met Jane Smith."),
    ]),
    ("2021-03-16", [
        ("Vladimir Putin", "MET", "Donald Trump", "negated",
         "Vladimir Putin did not meet Donald Trump."),
        ("Russia", "SUPPORTED", "Donald Trump", "asserted",
         "Russia supported Donald Trump."),
    ]),
]


def entity(name: str) -> Entity:
    type_, aliases = PEOPLE[name]
    return Entity.create(name, type_, aliases)


def extraction(date: str, facts: list[tuple[str, str, str, str, str]], n: int) -> Extraction:
    schema = default_schema()
    text = f"Report {n}.\n" + " ".join(f[4] for f in facts)
    doc = Document.from_text(text, title=f"Report {n}", date=date, source=f"test/{n}.txt")
    names = sorted({f[0] for f in facts} | {f[2] for f in facts})
    ents = [entity(x) for x in names]
    mentions = []
    for e in ents:
        i = doc.text.find(e.name)
        mentions.append(Mention(e.id, doc.id, i, i + len(e.name), e.name))
    rels = []
    for s, typ, t, modality, sentence in facts:
        start = doc.text.index(sentence)
        ev = Evidence("", doc.id, sentence, start, start + len(sentence), modality, "test", 0.8,
                      sentence.split()[2])
        rels.append(Relation.create(entity(s).id, typ, entity(t).id,
                                    symmetric=schema.relations[typ].symmetric, evidence=[ev]))
    return Extraction(doc, tuple(ents), tuple(mentions), tuple(rels))


def build_store(uri: str = "sqlite://:memory:") -> SQLiteStore:
    store = SQLiteStore(uri)
    for n, (date, facts) in enumerate(DOCS, 1):
        assert store.write(extraction(date, facts, n))
    return store


def eid(name: str) -> str:
    return entity(name).id


class FakeExtractor:
    """Deterministic test double of the Extractor protocol: every capitalised pair of
    words in PEOPLE is an entity; 'X met Y.' is a MET relation; 'zzz' is a problem."""

    name = "fake"

    def extract(self, document: Document) -> Extraction:
        from ergraph.model import Problem

        ents = {n: entity(n) for n in PEOPLE if n in document.text and " " in n}
        mentions = [Mention(e.id, document.id, document.text.index(n),
                            document.text.index(n) + len(n), n) for n, e in ents.items()]
        rels = []
        for sentence in document.text.split("."):
            sentence = sentence.strip()
            if " met " in sentence:
                a, b = (p.strip() for p in sentence.split(" met ", 1))
                if a in ents and b in ents:
                    start = document.text.index(sentence)
                    ev = Evidence("", document.id, sentence + ".", start,
                                  start + len(sentence) + 1, "asserted", self.name, 0.7, "met")
                    rels.append(Relation.create(ents[a].id, "MET", ents[b].id, symmetric=True,
                                                evidence=[ev]))
        problems = [Problem("not_an_entity", "zzz is not a name", "zzz", document.id)] \
            if "zzz" in document.text else []
        return Extraction(document, tuple(ents.values()), tuple(mentions), tuple(rels),
                          tuple(problems))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for d in documents:
            yield self.extract(d)


@pytest.fixture()
def store() -> Iterator[SQLiteStore]:
    s = build_store()
    yield s
    s.close()


def make_client(store: Any, **settings: Any) -> TestClient:
    app = create_app(Settings(**settings), store=store, extractor=FakeExtractor())
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture()
def client(store: SQLiteStore) -> TestClient:
    return make_client(store)


def assert_envelope(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    ErrorEnvelope.model_validate(body)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


# -- service --------------------------------------------------------------------------------
def test_health_and_stats(client: TestClient) -> None:
    h = client.get("/health").json()
    assert h["status"] == "ok" and h["store"] == "sqlite://:memory:" and not h["read_only"]
    s = client.get("/stats").json()
    Stats.model_validate(s)
    assert s["documents"] == 3
    assert s["entities_by_type"] == {"PERSON": 7, "STATE": 1, "ORGANIZATION": 0}
    # the Putin-Trump meeting is only denied: not a relation, but counted as negated-only
    assert s["relations_by_type"]["MET"] == 2
    assert s["negated_only_relations"] == 1
    assert s["date_range"] == {"first": "2019-05-01", "last": "2021-03-16"}


def test_schema_route_lists_types(client: TestClient) -> None:
    body = client.get("/schema").json()
    assert "MET" in body["relations"] and body["relations"]["MET"]["symmetric"] is True
    assert set(body["entities"]) == {"PERSON", "STATE", "ORGANIZATION"}


# -- entities -------------------------------------------------------------------------------
def test_search_exact_alias_prefix_and_fuzzy(client: TestClient) -> None:
    r = client.get("/entities", params={"q": "putin"}).json()
    EntitySearch.model_validate(r)
    assert [(x["name"], x["match"]) for x in r["results"]] == [("Vladimir Putin", "exact")]
    r = client.get("/entities", params={"q": "VLAD"}).json()
    assert [(x["name"], x["match"]) for x in r["results"]] == [("Vladimir Putin", "prefix")]
    r = client.get("/entities", params={"q": "Vladmir Putn"}).json()
    assert [(x["name"], x["match"]) for x in r["results"]] == [("Vladimir Putin", "fuzzy")]
    r = client.get("/entities", params={"q": "smith"}).json()
    assert [x["name"] for x in r["results"]] == ["Jane Smith", "John Smith"]


def test_search_type_filter_and_pagination(client: TestClient) -> None:
    r = client.get("/entities", params={"q": "r", "type": "state"}).json()
    assert [x["name"] for x in r["results"]] == ["Russia"]
    first = client.get("/entities", params={"q": "smith", "limit": 1}).json()
    assert first["count"] == 1 and first["next_offset"] == 1
    second = client.get("/entities", params={"q": "smith", "limit": 1, "offset": 1}).json()
    assert [x["name"] for x in first["results"] + second["results"]] == [
        "Jane Smith", "John Smith"]
    err = assert_envelope(client.get("/entities", params={"q": "x", "type": "PLANET"}), 422,
                          "invalid_query")
    assert err["details"]["param"] == "type"


def test_entity_detail_by_id_and_name(client: TestClient) -> None:
    r = client.get(f"/entities/{eid('Vladimir Putin')}").json()
    EntityDetail.model_validate(r)
    assert r["name"] == "Vladimir Putin" and r["aliases"] == ["Putin"]
    assert r["names"] == ["Vladimir Putin", "Putin"]
    # AUTHORIZED Derkach, LEADS Russia; the denied meeting does not count
    assert r["degree"] == 2
    assert r["relation_counts"] == {"AUTHORIZED": 1, "LEADS": 1}
    assert r["negated_relations"] == 1
    assert [d["date"] for d in r["documents"]] == ["2019-05-01", "2021-03-16"]
    assert client.get("/entities/Putin").json()["id"] == eid("Vladimir Putin")


# -- neighbourhoods -------------------------------------------------------------------------
def names_of(sub: dict[str, Any]) -> set[str]:
    return {e["name"] for e in sub["entities"]}


def test_neighbors_depth_types_modalities_dates(client: TestClient) -> None:
    url = f"/entities/{eid('Andrii Derkach')}/neighbors"
    sub = client.get(url).json()
    SubgraphOut.model_validate(sub)
    assert names_of(sub) == {"Andrii Derkach", "Vladimir Putin", "Rudy Giuliani",
                             "Hunter Biden"}
    assert sub["truncated"] is False and sub["center"] == eid("Andrii Derkach")
    two = client.get(url, params={"depth": 2}).json()
    assert {"Russia", "Donald Trump"} <= names_of(two)
    only_met = client.get(url, params={"types": "MET"}).json()
    assert names_of(only_met) == {"Andrii Derkach", "Rudy Giuliani"}
    both = client.get(url, params=[("types", "MET"), ("types", "AUTHORIZED")]).json()
    assert names_of(both) == {"Andrii Derkach", "Rudy Giuliani", "Vladimir Putin"}
    assert names_of(client.get(url, params={"types": "MET,AUTHORIZED"}).json()) == \
        names_of(both)
    # dates: only 2020 documents
    dated = client.get(url, params={"since": "2020-01-01", "until": "2020-12-31"}).json()
    assert names_of(dated) == {"Andrii Derkach", "Hunter Biden"}
    for rel in dated["relations"]:
        assert all(ev["document_date"].startswith("2020") for ev in rel["evidence"])
    # the denied meeting is traversed only when negated evidence is asked for
    putin = f"/entities/{eid('Vladimir Putin')}/neighbors"
    assert "Donald Trump" not in names_of(client.get(putin).json())
    neg = client.get(putin, params={"modalities": "negated"}).json()
    assert names_of(neg) == {"Vladimir Putin", "Donald Trump"}
    assert neg["relations"][0]["evidence"][0]["modality"] == "negated"


def test_neighbors_count_the_denials_the_filter_hid(client: TestClient) -> None:
    """``hidden_denials``: the centre's relations left out as only denied, so a viewer
    can say so without asking again; scoped by types and dates; 0 once denials show."""
    putin = f"/entities/{eid('Vladimir Putin')}/neighbors"
    assert client.get(putin).json()["hidden_denials"] == 1  # the denied meeting with Trump
    assert client.get(putin, params={"types": "MET"}).json()["hidden_denials"] == 1
    assert client.get(putin, params={"types": "LEADS"}).json()["hidden_denials"] == 0
    assert client.get(putin, params={"until": "2020-12-31"}).json()["hidden_denials"] == 0
    assert client.get(putin, params={"since": "2021-01-01"}).json()["hidden_denials"] == 1
    assert client.get(putin, params={"modalities": "asserted,negated"}
                      ).json()["hidden_denials"] == 0
    derkach = f"/entities/{eid('Andrii Derkach')}/neighbors"
    assert client.get(derkach).json()["hidden_denials"] == 0


def test_neighbors_limit_truncates(client: TestClient) -> None:
    sub = client.get(f"/entities/{eid('Andrii Derkach')}/neighbors", params={"limit": 2}).json()
    assert sub["truncated"] is True and len(sub["entities"]) == 2


# -- paths ----------------------------------------------------------------------------------
def test_shortest_path_by_name_carries_evidence(client: TestClient) -> None:
    r = client.get("/paths", params={"source": "Putin", "target": "Hunter Biden"})
    body = r.json()
    PathsResponse.model_validate(body)
    assert body["mode"] == "shortest" and body["count"] == 1
    p = body["paths"][0]
    assert p["hops"] == 2
    assert [n["name"] for n in p["nodes"]] == ["Vladimir Putin", "Andrii Derkach",
                                               "Hunter Biden"]
    assert [rel["type"] for rel in p["relations"]] == ["AUTHORIZED", "SOUGHT_TO_UNDERMINE"]
    ev = p["relations"][0]["evidence"][0]
    assert ev["sentence"] == "Vladimir Putin authorized Andrii Derkach to run the campaign."
    assert ev["document_title"] == "Report 1" and ev["document_date"] == "2019-05-01"
    assert ev["modality"] == "asserted"
    by_id = client.get("/paths", params={"source": eid("Vladimir Putin"),
                                         "target": eid("Hunter Biden")}).json()
    assert by_id["paths"] == body["paths"]


def test_paths_all_k_directed_and_filters(client: TestClient) -> None:
    q = {"source": "Vladimir Putin", "target": "Donald Trump"}
    one = client.get("/paths", params=q).json()
    assert [n["name"] for n in one["paths"][0]["nodes"]] == [
        "Vladimir Putin", "Russia", "Donald Trump"]
    k = client.get("/paths", params={**q, "k": 3}).json()
    PathsResponse.model_validate(k)
    assert k["mode"] == "k_shortest"
    assert [p["hops"] for p in k["paths"]] == [2, 3]
    assert [n["name"] for n in k["paths"][1]["nodes"]] == [
        "Vladimir Putin", "Andrii Derkach", "Rudy Giuliani", "Donald Trump"]
    assert all(rel["evidence"] for p in k["paths"] for rel in p["relations"])
    # negated evidence makes the denied meeting a 1-hop path only when asked for
    neg = client.get("/paths", params={**q, "modalities": "asserted,negated"}).json()
    assert neg["paths"][0]["hops"] == 1
    assert neg["paths"][0]["relations"][0]["evidence"][0]["modality"] == "negated"
    # type and date filters
    none = client.get("/paths", params={**q, "types": "MET"}).json()
    assert none["count"] == 0 and none["paths"] == []
    late = client.get("/paths", params={"source": "Putin", "target": "Hunter Biden",
                                        "since": "2020-01-01"}).json()
    assert late["count"] == 0
    # direction: Hunter Biden -> Putin follows no edge forwards
    assert client.get("/paths", params={"source": "Hunter Biden", "target": "Putin",
                                        "directed": True}).json()["count"] == 0
    assert client.get("/paths", params={"source": "Putin", "target": "Hunter Biden",
                                        "directed": True}).json()["count"] == 1
    # max_hops bounds the search
    assert client.get("/paths", params={"source": "Putin", "target": "Hunter Biden",
                                        "max_hops": 1}).json()["count"] == 0


def test_all_shortest_paths(store: SQLiteStore) -> None:
    # a second 2-hop route Putin -> Russia -> Hunter Biden makes two shortest paths
    extra = extraction("2020-02-02", [("Russia", "SOUGHT_TO_UNDERMINE", "Hunter Biden",
                                       "asserted", "Russia sought to undermine Hunter Biden.")],
                       9)
    store.write(extra)
    client = make_client(store)
    q = {"source": "Putin", "target": "Hunter Biden"}
    every = client.get("/paths", params={**q, "all": True}).json()
    assert every["mode"] == "all_shortest"
    assert sorted(p["nodes"][1]["name"] for p in every["paths"]) == ["Andrii Derkach", "Russia"]
    assert client.get("/paths", params={**q, "all": True, "limit": 1}).json()["count"] == 1


def test_path_unknown_and_ambiguous_names(client: TestClient) -> None:
    err = assert_envelope(client.get("/paths", params={"source": "Vladmir Putin",
                                                       "target": "Trump"}), 404,
                          "entity_not_found")
    assert err["details"]["param"] == "source"
    assert [c["name"] for c in err["details"]["close_matches"]] == ["Vladimir Putin"]
    assert "Vladimir Putin" in err["message"]
    err = assert_envelope(client.get("/paths", params={"source": "Putin", "target": "Smith"}),
                          409, "ambiguous_name")
    assert err["details"]["param"] == "target"
    assert sorted(c["name"] for c in err["details"]["candidates"]) == ["Jane Smith",
                                                                      "John Smith"]


def test_path_limits_and_filters_are_validated(client: TestClient) -> None:
    base = {"source": "Putin", "target": "Trump"}
    for extra, field in [({"max_hops": 7}, "max_hops"), ({"k": 21}, "k"), ({"k": 0}, "k"),
                         ({"limit": 101}, "limit"), ({"since": "2020-13-01"}, "since")]:
        err = assert_envelope(client.get("/paths", params={**base, **extra}), 422,
                              "validation_error")
        assert [f["field"] for f in err["details"]["fields"]] == [field]
        assert err["details"]["fields"][0]["message"]
    err = assert_envelope(client.get("/paths", params={**base, "types": "LIKED"}), 422,
                          "invalid_query")
    assert err["details"]["param"] == "types" and "MET" in err["details"]["known"]
    err = assert_envelope(client.get("/paths", params={**base, "modalities": "rumoured"}), 422,
                          "invalid_query")
    assert err["details"]["param"] == "modalities"
    assert_envelope(client.get("/paths", params={**base, "k": 3, "all": True}), 422,
                    "invalid_query")
    assert_envelope(client.get("/paths", params={**base, "since": "2021-01-01",
                                                 "until": "2020-01-01"}), 422, "invalid_query")
    err = assert_envelope(client.get("/paths", params={"source": "Putin"}), 422,
                          "validation_error")
    assert err["details"]["fields"][0]["field"] == "target"


# -- relations ------------------------------------------------------------------------------
def test_relations_with_evidence(client: TestClient) -> None:
    # denials are left out by default, as on every other endpoint
    r = client.get("/relations", params={"source": "Putin"}).json()
    RelationList.model_validate(r)
    assert sorted(x["type"] for x in r["relations"]) == ["AUTHORIZED", "LEADS"]
    assert not any(x["denied"] for x in r["relations"])
    assert {e["name"] for e in r["entities"]} == {"Vladimir Putin", "Andrii Derkach", "Russia"}
    r = client.get("/relations", params={"source": "Putin", "modalities": "asserted,negated"}
                   ).json()
    assert sorted(x["type"] for x in r["relations"]) == ["AUTHORIZED", "LEADS", "MET"]
    met = next(x for x in r["relations"] if x["type"] == "MET")
    assert met["evidence"][0]["modality"] == "negated"
    assert met["denied"] is True and met["disputed"] is False
    assert "Donald Trump" in {e["name"] for e in r["entities"]}
    r = client.get("/relations", params={"source": "Giuliani", "target": "Derkach",
                                         "types": "met"}).json()
    assert r["count"] == 1 and r["relations"][0]["evidence"][0]["sentence"].endswith("Kyiv.")
    r = client.get("/relations", params=[("source", "Putin"), ("types", "LEADS"),
                                         ("types", "AUTHORIZED")]).json()
    assert sorted(x["type"] for x in r["relations"]) == ["AUTHORIZED", "LEADS"]
    r = client.get("/relations", params={"source": "Putin", "since": "2020-01-01"}).json()
    assert r["count"] == 0  # Putin's stated relations are all from 2019
    assert_envelope(client.get("/relations", params={"types": "LIKED"}), 422, "invalid_query")


def test_relations_type_is_an_unknown_parameter(client: TestClient) -> None:
    """``/relations?types=MET`` filters; the old ``type`` is refused, naming it, instead
    of being ignored (which answered everything)."""
    met = client.get("/relations", params={"types": "MET"}).json()
    assert met["count"] >= 1 and {x["type"] for x in met["relations"]} == {"MET"}
    err = assert_envelope(client.get("/relations", params={"type": "MET"}), 422,
                          "invalid_query")
    assert err["details"]["unknown"] == ["type"] and "'type'" in err["message"]
    assert "types" in err["message"]  # did you mean


# -- documents ------------------------------------------------------------------------------
def test_documents_list_and_detail(client: TestClient) -> None:
    docs = client.get("/documents").json()
    assert [d["date"] for d in docs["documents"]] == ["2019-05-01", "2020-01-10", "2021-03-16"]
    page = client.get("/documents", params={"limit": 2, "offset": 2}).json()
    assert page["count"] == 1 and page["next_offset"] is None
    doc_id = docs["documents"][0]["id"]
    d = client.get(f"/documents/{doc_id}").json()
    DocumentDetail.model_validate(d)
    assert d["text"].startswith("Report 1.")
    for m in d["mentions"]:
        assert d["text"][m["start"]:m["end"]] == m["text"] == m["name"]
    assert {m["name"] for m in d["mentions"]} == {"Vladimir Putin", "Andrii Derkach",
                                                 "Rudy Giuliani", "Russia"}
    assert_envelope(client.get("/documents/dnope"), 404, "document_not_found")


def test_delete_document_removes_its_evidence(client: TestClient) -> None:
    q = {"source": "Putin", "target": "Hunter Biden"}
    assert client.get("/paths", params=q).json()["count"] == 1
    first = client.get("/documents").json()["documents"][0]["id"]
    r = client.delete(f"/documents/{first}")
    assert r.status_code == 200 and r.json() == {"deleted": first}
    # the AUTHORIZED edge had no other evidence: it is gone, and the path with it
    assert client.get("/paths", params=q).json()["count"] == 0
    assert client.get("/relations", params={"source": "Putin", "types": "AUTHORIZED"}
                      ).json()["count"] == 0
    assert client.get("/stats").json()["documents"] == 2
    assert_envelope(client.delete(f"/documents/{first}"), 404, "document_not_found")


def test_post_documents_with_fake_extractor(client: TestClient) -> None:
    text = "Donald Trump met Hunter Biden. Then zzz happened."
    r = client.post("/documents", json={"text": text, "title": "A meeting",
                                        "date": "2022-02-02", "source": "wire"})
    assert r.status_code == 201, r.text
    body = r.json()
    IngestResponse.model_validate(body)
    (added,) = body["added"]
    assert added["document"]["title"] == "A meeting"
    assert added["document"]["date"] == "2022-02-02"
    assert {e["name"] for e in added["entities"]} == {"Donald Trump", "Hunter Biden"}
    assert [(x["source_name"], x["type"], x["target_name"]) for x in added["relations"]] == [
        ("Donald Trump", "MET", "Hunter Biden")] or \
        [(x["target_name"], x["type"], x["source_name"]) for x in added["relations"]] == [
        ("Donald Trump", "MET", "Hunter Biden")]
    assert added["problems"][0]["kind"] == "not_an_entity" and body["problems"] == 1
    # it is now in the graph: a 1-hop path, dated
    p = client.get("/paths", params={"source": "Trump", "target": "Hunter Biden"}).json()
    assert p["paths"][0]["hops"] == 1
    assert p["paths"][0]["relations"][0]["evidence"][0]["document_date"] == "2022-02-02"
    # the same text again is skipped; a list and the {"documents": [...]} form both work
    again = client.post("/documents", json=[{"text": text}, {"text": "Rudy Giuliani met "
                                                                     "Donald Trump."}]).json()
    assert [s["reason"] for s in again["skipped"]] == ["already in the store"]
    assert len(again["added"]) == 1
    wrapped = client.post("/documents", json={"documents": [{"text": "Jane Smith wrote."}]})
    assert wrapped.status_code == 201 and len(wrapped.json()["added"]) == 1
    assert client.get("/stats").json()["documents"] == 6


def test_post_validation(client: TestClient) -> None:
    err = assert_envelope(client.post("/documents", json={"title": "no text"}), 422,
                          "validation_error")
    assert any(f["field"].endswith("text") for f in err["details"]["fields"])
    assert_envelope(client.post("/documents", json={"text": "x", "date": "2020-02-31"}), 422,
                    "validation_error")
    assert_envelope(client.post("/documents", json={"text": "   \n  "}), 422, "document_error")
    assert_envelope(client.post("/documents", content=b"{not json",
                                headers={"content-type": "application/json"}),
                    422, "validation_error")


def test_write_needs_key_when_configured(store: SQLiteStore) -> None:
    client = make_client(store, api_key="s3cret")
    doc = {"text": "Rudy Giuliani met Hunter Biden."}
    err = assert_envelope(client.post("/documents", json=doc), 403, "forbidden")
    assert err["details"]["reason"] == "missing_key"
    err = assert_envelope(client.post("/documents", json=doc, headers={"X-API-Key": "nope"}),
                          403, "forbidden")
    assert err["details"]["reason"] == "wrong_key" and "s3cret" not in str(err)
    first = client.get("/documents").json()["documents"][0]["id"]
    assert_envelope(client.delete(f"/documents/{first}"), 403, "forbidden")
    assert client.post("/documents", json=doc, headers={"X-API-Key": "s3cret"}
                       ).status_code == 201
    assert client.delete(f"/documents/{first}", headers={"X-API-Key": "s3cret"}
                         ).status_code == 200
    # reads never need the key
    assert client.get("/stats").status_code == 200


def test_read_only_service_refuses_writes(store: SQLiteStore) -> None:
    client = make_client(store, read_only=True)
    err = assert_envelope(client.post("/documents", json={"text": "x y"}), 403, "forbidden")
    assert err["details"]["reason"] == "read_only"
    assert client.get("/health").json()["read_only"] is True
    assert client.get("/stats").json()["documents"] == 3


def test_document_and_body_size_limits(store: SQLiteStore) -> None:
    client = make_client(store, max_document_bytes=100, max_request_bytes=5000, max_batch=3)
    err = assert_envelope(client.post("/documents", json={"text": "é" * 60}), 413,
                          "payload_too_large")
    assert err["details"] == {"index": 0, "bytes": 120, "limit": 100}
    err = assert_envelope(client.post("/documents", json=[{"text": f"doc {i}"}
                                                          for i in range(4)]),
                          413, "payload_too_large")
    assert err["details"]["limit"] == 3
    # over the request limit: refused before the body is parsed, declared or streamed
    assert_envelope(client.post("/documents", json={"text": "x" * 6000}), 413,
                    "payload_too_large")

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    assert_envelope(client.post("/documents", content=chunks(),
                                headers={"content-type": "application/json"}),
                    413, "payload_too_large")
    assert client.get("/stats").json()["documents"] == 3


# -- analytics ------------------------------------------------------------------------------
def test_centrality_and_communities(client: TestClient) -> None:
    r = client.get("/central", params={"metric": "degree", "limit": 2}).json()
    CentralityResponse.model_validate(r)
    # Derkach: Putin, Giuliani, Hunter Biden; everyone else on a path has at most 2
    assert r["results"][0]["name"] == "Andrii Derkach"
    assert [x["score"] for x in r["results"]] == [3.0, 2.0]
    pr = client.get("/central", params={"metric": "pagerank"})
    if importlib.util.find_spec("scipy") is None:  # networkx's pagerank needs scipy
        assert assert_envelope(pr, 501, "not_implemented")["details"]["package"] == "scipy"
    else:
        assert abs(sum(x["score"] for x in pr.json()["results"]) - 1.0) < 1e-6
    assert client.get("/central", params={"metric": "betweenness"}).json()["results"][0][
        "name"] == "Andrii Derkach"
    assert_envelope(client.get("/central", params={"metric": "fame"}), 422, "validation_error")
    c = client.get("/communities").json()
    CommunitiesResponse.model_validate(c)
    members = [{m["name"] for m in com["members"]} for com in c["communities"]]
    assert {"John Smith", "Jane Smith"} in members
    assert sum(com["size"] for com in c["communities"]) == 8
    capped = client.get("/communities", params={"member_limit": 1}).json()
    assert all(len(com["members"]) == 1 for com in capped["communities"])
    # both say what they ran over: the whole graph's view, in this process
    basis = {"scope": "whole_graph", "computed_in": "api_process", "entities": 8,
             "relations": 8}
    assert r["basis"] == c["basis"] == basis
    assert client.get("/openapi.json").json()["components"]["schemas"]["CentralityResponse"][
        "required"] == ["metric", "count", "results", "basis"]


# -- routes other modules provide -----------------------------------------------------------
def test_export_streams_when_exchange_provides_it(client: TestClient) -> None:
    import importlib

    exchange = importlib.import_module("ergraph.exchange")
    if not hasattr(exchange, "export_stream"):
        assert_envelope(client.get("/export", params={"format": "jsonl"}), 501,
                        "not_implemented")
        return
    r = client.get("/export", params={"format": "jsonl"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert len(r.text.strip().splitlines()) > 10
    assert_envelope(client.get("/export", params={"format": "pdf"}), 422, "invalid_query")


def test_explorer_page_when_viz_provides_it(client: TestClient) -> None:
    import importlib.util

    if importlib.util.find_spec("ergraph.viz.explorer") is None:
        assert_envelope(client.get("/"), 501, "not_implemented")
        return
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


# -- docs -----------------------------------------------------------------------------------
def test_docs_work_offline(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assert "cdn." not in html and "https://" not in html
        assert "/openapi.json" in html
    html = client.get("/docs").text
    for asset in ("/docs-static/swagger-ui-bundle.js", "/docs-static/swagger-ui.css"):
        assert asset in html
        assert client.get(asset).status_code == 200
    assert client.get("/docs-static/redoc.standalone.js").status_code == 200


def test_openapi_documents_every_route_and_the_envelope(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for route in ("/health", "/stats", "/entities", "/entities/{id}",
                  "/entities/{id}/neighbors", "/paths", "/relations", "/documents",
                  "/documents/{id}", "/central", "/communities", "/", "/export"):
        assert route in paths, route
    envelope_ref = "#/components/schemas/ErrorEnvelope"
    for route, ops in paths.items():
        for method, op in ops.items():
            assert "200" in op["responses"] or "201" in op["responses"], (route, method)
            errors = {c: v for c, v in op["responses"].items() if c[0] in "45"}
            assert "500" in errors, (route, method)
            for code, resp in errors.items():
                schema = resp["content"]["application/json"]["schema"]
                assert schema == {"$ref": envelope_ref}, (route, method, code)
    paths_op = paths["/paths"]["get"]
    assert {"404", "409", "422", "504"} <= set(paths_op["responses"])
    ok_schema = paths_op["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok_schema == {"$ref": "#/components/schemas/PathsResponse"}
    assert spec["components"]["schemas"]["PathsResponse"]["examples"]
    assert {"403", "413"} <= set(paths["/documents"]["post"]["responses"])
    assert "HTTPValidationError" not in spec["components"]["schemas"]


# -- the error envelope, for every error path -------------------------------------------------
class SlowStore(SQLiteStore):
    def stats(self) -> dict[str, Any]:
        time.sleep(0.5)
        return super().stats()


class BrokenStore(SQLiteStore):
    def stats(self) -> dict[str, Any]:
        raise RuntimeError("secret internals at /srv/db password=hunter2")


def _error_case(case: str, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
                ) -> tuple[TestClient, str, str, dict[str, Any]]:
    """(client, method, url, request kwargs) that provoke the error ``case``."""
    if case == "404 entity":
        return make_client(store), "GET", "/entities/Nobody%20Atall", {}
    if case == "404 document":
        return make_client(store), "GET", "/documents/dmissing", {}
    if case == "404 route":
        return make_client(store), "GET", "/no/such/route", {}
    if case == "409":
        return make_client(store), "GET", "/entities/Smith/neighbors", {}
    if case == "413":
        return (make_client(store, max_document_bytes=10), "POST", "/documents",
                {"json": {"text": "a document of more than ten bytes"}})
    if case == "422 validation":
        return make_client(store), "GET", "/entities", {"params": {"q": "x", "limit": 0}}
    if case == "422 schema":
        return (make_client(store), "GET", "/paths",
                {"params": {"source": "Putin", "target": "Trump", "types": "NOPE"}})
    if case == "403":
        return (make_client(store, api_key="k"), "POST", "/documents",
                {"json": {"text": "Donald Trump met Hunter Biden."}})
    if case == "501":
        monkeypatch.setitem(sys.modules, "ergraph.viz.explorer", None)
        return make_client(store), "GET", "/", {}
    if case == "503":
        app = create_app(Settings(store="sqlite:////no/such/folder/graph.db"))
        return TestClient(app, raise_server_exceptions=False), "GET", "/paths", {
            "params": {"source": "Putin", "target": "Trump"}}
    if case == "504":
        slow = SlowStore("sqlite://:memory:")
        return make_client(slow, query_timeout=0.05), "GET", "/stats", {}
    if case == "500":
        return make_client(BrokenStore("sqlite://:memory:")), "GET", "/stats", {}
    raise AssertionError(case)


@pytest.mark.parametrize(("case", "status", "code"), [
    ("404 entity", 404, "entity_not_found"),
    ("404 document", 404, "document_not_found"),
    ("404 route", 404, "not_found"),
    ("409", 409, "ambiguous_name"),
    ("413", 413, "payload_too_large"),
    ("422 validation", 422, "validation_error"),
    ("422 schema", 422, "invalid_query"),
    ("403", 403, "forbidden"),
    ("501", 501, "not_implemented"),
    ("503", 503, "store_unavailable"),
    ("504", 504, "query_timeout"),
    ("500", 500, "internal_error"),
])
def test_every_error_uses_the_envelope(case: str, status: int, code: str, store: SQLiteStore,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    client, method, url, kwargs = _error_case(case, store, monkeypatch)
    r = client.request(method, url, **kwargs)
    err = assert_envelope(r, status, code)
    assert isinstance(err["details"], dict)
    text = r.text
    assert "Traceback" not in text and "hunter2" not in text and "/srv/db" not in text
    if case == "503":  # names the file, not where it lives (issue 14)
        assert "graph.db" in err["message"] and "/no/such/folder" not in text
    if case == "504":
        assert err["details"]["budget_seconds"] == 0.05
    if case == "422 validation":
        assert err["details"]["fields"][0]["field"] == "limit"
        assert err["details"]["fields"][0]["in"] == "query"


def test_store_is_opened_lazily_and_a_failure_is_retried(tmp_path: Any) -> None:
    folder = tmp_path / "later"
    app = create_app(Settings(store=f"sqlite:///{folder}/graph.db"))
    client = TestClient(app, raise_server_exceptions=False)
    assert_envelope(client.get("/health"), 503, "store_unavailable")
    folder.mkdir()
    assert client.get("/health").status_code == 200
    assert (folder / "graph.db").exists()


def test_settings_come_from_the_environment_when_asked(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Any) -> None:
    monkeypatch.setenv("ERGRAPH_API_KEY", "from-env")
    monkeypatch.setenv("ERGRAPH_STORE", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("ERGRAPH_QUERY_TIMEOUT", "3.5")
    monkeypatch.setenv("ERGRAPH_MAX_DOCUMENT_BYTES", "1234")
    s = Settings()
    assert (s.key, s.query_timeout, s.max_document_bytes) == ("from-env", 3.5, 1234)
    assert "from-env" not in repr(s)
    client = TestClient(create_app(), raise_server_exceptions=False)
    # the store it opened, by file name only: /health never shows folders (issue 14)
    assert client.get("/health").json()["store"] == "sqlite:///\u2026/env.db"
    assert_envelope(client.post("/documents", json={"text": "x"}), 403, "forbidden")


# -- ergraph serve ----------------------------------------------------------------------------
def test_serve_binds_localhost_and_is_read_only_beyond_it(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import typer
    from ergraph.api import commands
    from typer.testing import CliRunner

    cli = typer.Typer()
    commands.register(cli)
    cli.command()(lambda: None)  # a second command keeps "serve" a subcommand
    calls: list[dict[str, Any]] = []

    def fake_run(app: Any, **kwargs: Any) -> None:
        calls.append({"app": app, **kwargs})

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.delenv("ERGRAPH_API_KEY", raising=False)
    runner = CliRunner()
    r = runner.invoke(cli, ["serve", "--store", "sqlite://:memory:"])
    assert r.exit_code == 0, r.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert calls[-1]["app"].state.runtime.settings.read_only is False
    r = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123",
                                "--store", "sqlite://:memory:"])
    assert r.exit_code == 0, r.output
    assert "READ-ONLY" in r.output
    assert calls[-1]["app"].state.runtime.settings.read_only is True
    monkeypatch.setenv("ERGRAPH_API_KEY", "k")
    r = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--store", "sqlite://:memory:"])
    assert "READ-ONLY" not in r.output
    assert calls[-1]["app"].state.runtime.settings.read_only is False


# -- the real extractor -----------------------------------------------------------------------
@pytest.mark.slow
def test_post_with_the_default_extractor() -> None:
    store = SQLiteStore("sqlite://:memory:")
    client = TestClient(create_app(Settings(), store=store), raise_server_exceptions=False)
    text = ("Russian President Vladimir Putin met Donald Trump in Helsinki on Monday. "
            "Rudy Giuliani supported Donald Trump.")
    r = client.post("/documents", json={"text": text, "title": "Helsinki",
                                        "date": "2018-07-16"})
    assert r.status_code == 201, r.text
    added = r.json()["added"][0]
    names = {e["name"] for e in added["entities"]}
    assert {"Vladimir Putin", "Donald Trump"} <= names
    assert any(x["type"] == "MET" for x in added["relations"])
    p = client.get("/paths", params={"source": "Vladimir Putin", "target": "Donald Trump"})
    assert p.json()["count"] == 1
    store.close()


# -- denials, disputes, timelines, one vocabulary (issue 13) --------------------------------
@pytest.fixture()
def disputed(store: SQLiteStore) -> TestClient:
    """The small graph plus a report that Putin did meet Trump (denied in report 3)."""
    assert store.write(extraction("2018-07-16", [
        ("Vladimir Putin", "MET", "Donald Trump", "asserted",
         "Vladimir Putin met Donald Trump in Helsinki.")], 4))
    return make_client(store)


def test_disputes_list_both_sides_evidence(disputed: TestClient) -> None:
    from ergraph.api.models import Disputes

    r = disputed.get("/disputes").json()
    Disputes.model_validate(r)
    assert r["total"] == r["count"] == 1
    d = r["disputes"][0]
    assert d["relation"]["type"] == "MET" and d["relation"]["disputed"] is True
    assert d["relation"]["denied"] is False
    assert [e["sentence"] for e in d["asserted"]] == [
        "Vladimir Putin met Donald Trump in Helsinki."]
    assert [(e["modality"], e["document_date"]) for e in d["denied"]] == [
        ("negated", "2021-03-16")]
    assert {e["name"] for e in r["entities"]} == {"Vladimir Putin", "Donald Trump"}
    # filters: types, and dates (only one side in range: no dispute)
    assert disputed.get("/disputes", params={"types": "SUPPORTED"}).json()["total"] == 0
    assert disputed.get("/disputes", params={"since": "2020-01-01"}).json()["total"] == 0
    assert disputed.get("/disputes", params={"until": "2021-12-31"}).json()["total"] == 1
    page = disputed.get("/disputes", params={"offset": 1}).json()
    assert page["total"] == 1 and page["disputes"] == []
    assert_envelope(disputed.get("/disputes", params={"modalities": "negated"}), 422,
                    "invalid_query")
    # a relation only denied is no dispute
    assert client_total(disputed, "MET") == 1


def client_total(c: TestClient, types: str) -> int:
    return int(c.get("/disputes", params={"types": types}).json()["total"])


def test_a_disputed_relation_is_flagged_where_both_sides_are_shown(disputed: TestClient
                                                                   ) -> None:
    r = disputed.get("/relations", params={"source": "Putin", "types": "MET",
                                           "modalities": "asserted,negated"}).json()
    assert [(x["disputed"], x["denied"]) for x in r["relations"]] == [(True, False)]
    # by default only the stating side is shown, and the relation is still flagged
    # disputed (from all of its evidence), without the hidden denial being given
    r = disputed.get("/relations", params={"source": "Putin", "types": "MET"}).json()
    assert [x["modalities"] for x in r["relations"]] == [["asserted"]]
    assert [(x["disputed"], x["denied"]) for x in r["relations"]] == [(True, False)]
    assert [e["modality"] for e in r["relations"][0]["evidence"]] == ["asserted"]


def test_disputed_under_default_filters_everywhere(disputed: TestClient) -> None:
    """A relation asserted in one document and denied in another reads ``disputed`` in
    neighbourhoods, paths and relations with denials hidden (the default); the denial
    is not returned; a relation never denied is not disputed."""
    from ergraph.api.models import PathsResponse, RelationList

    ends = {eid("Vladimir Putin"), eid("Donald Trump")}

    def met(rels: list[dict[str, Any]]) -> dict[str, Any]:
        (one,) = [x for x in rels if x["type"] == "MET" and {x["source"], x["target"]} == ends]
        assert {e["modality"] for e in one["evidence"]} == {"asserted"}
        assert one["denied"] is False
        assert not any(x["disputed"] for x in rels if x is not one)
        return one

    sub = disputed.get(f"/entities/{eid('Vladimir Putin')}/neighbors").json()
    SubgraphOut.model_validate(sub)
    assert met(sub["relations"])["disputed"] is True
    assert sub["hidden_denials"] == 0  # the meeting is stated too: not only denied
    two = disputed.get("/entities/Trump/neighbors", params={"depth": 2}).json()
    assert met(two["relations"])["disputed"] is True
    paths = disputed.get("/paths", params={"source": "Putin", "target": "Trump"}).json()
    PathsResponse.model_validate(paths)
    (path,) = paths["paths"]
    assert met(path["relations"])["disputed"] is True
    rels = disputed.get("/relations", params={"source": "Putin"}).json()
    RelationList.model_validate(rels)
    assert met(rels["relations"])["disputed"] is True
    # the flag does not follow the date filter: the stated side of 2018 alone, still flagged
    old = disputed.get("/relations", params={"source": "Putin", "until": "2019-01-01"}).json()
    assert met(old["relations"])["disputed"] is True
    # the timeline's event of the statement says so too
    tl = disputed.get("/entities/Putin/timeline").json()
    assert [e["relation"]["disputed"] for e in tl["events"]
            if e["relation"]["type"] == "MET"] == [True]


def test_timeline_orders_an_entitys_relations_by_date(disputed: TestClient) -> None:
    from ergraph.api.models import Timeline

    r = disputed.get("/entities/Putin/timeline").json()
    Timeline.model_validate(r)
    assert r["entity"]["name"] == "Vladimir Putin"
    dates = [e["date"] for e in r["events"]]
    assert dates == sorted(dates) and dates[0] == "2018-07-16"
    assert [(e["relation"]["type"], e["other"]["name"]) for e in r["events"]] == [
        ("MET", "Donald Trump"), ("AUTHORIZED", "Andrii Derkach"), ("LEADS", "Russia")]
    assert r["periods"] == [{"period": "2018-07", "count": 1}, {"period": "2019-05", "count": 2}]
    assert r["total"] == 3 and r["truncated"] is False
    # the denial is an event only when asked for, and then flagged
    r = disputed.get("/entities/Putin/timeline", params={"modalities": "negated"}).json()
    assert [(e["date"], e["relation"]["denied"]) for e in r["events"]] == [("2021-03-16", True)]
    r = disputed.get("/entities/Putin/timeline", params={"since": "2019-01-01",
                                                         "types": "LEADS"}).json()
    assert [e["relation"]["type"] for e in r["events"]] == ["LEADS"]
    r = disputed.get("/entities/Putin/timeline", params={"limit": 1}).json()
    assert len(r["events"]) == 1 and r["total"] == 3 and r["truncated"] is True
    assert_envelope(disputed.get("/entities/Nobody/timeline"), 404, "entity_not_found")
    assert_envelope(disputed.get("/entities/Smith/timeline"), 409, "ambiguous_name")


def test_document_detail_lists_its_evidence_spans(client: TestClient) -> None:
    docs = client.get("/documents").json()["documents"]
    d = client.get(f"/documents/{docs[2]['id']}").json()
    DocumentDetail.model_validate(d)
    assert [(e["type"], e["modality"]) for e in d["evidence"]] == [
        ("MET", "negated"), ("SUPPORTED", "asserted")]
    for e in d["evidence"]:
        assert d["text"][e["start"]:e["end"]] == e["sentence"]
    assert d["evidence"][0]["source_name"] in ("Vladimir Putin", "Donald Trump")


def test_unknown_query_parameters_are_a_422_naming_them(client: TestClient) -> None:
    for path, params in [("/paths", {"source": "Putin", "target": "Trump", "maxhops": 2}),
                         ("/entities/Putin/neighbors", {"type": "MET"}),
                         ("/entities", {"q": "putin", "lmit": 3}),
                         ("/disputes", {"frobnicate": 1}),
                         ("/entities/Putin/timeline", {"modality": "negated"}),
                         ("/stats", {"x": 1})]:
        err = assert_envelope(client.get(path, params=params), 422, "invalid_query")
        name = next(iter(k for k in params if k not in ("source", "target", "q")))
        assert err["details"]["unknown"] == [name], path
        assert repr(name) in err["message"], path
    err = assert_envelope(client.get("/relations", params={"a": 1, "b": 2}), 422,
                          "invalid_query")
    assert err["details"]["unknown"] == ["a", "b"]


#: the one vocabulary: a parameter of this meaning is spelled this way everywhere
VOCABULARY = {"types", "modalities", "since", "until", "k", "limit", "offset", "depth",
              "max_hops", "directed", "all", "source", "target", "q", "metric",
              "member_limit", "format", "async", "mode", "id", "type"}
#: spellings that mean a vocabulary word and must not be used
MISSPELT = {"type": "types", "modality": "modalities", "from": "since", "to": "until",
            "start_date": "since", "end_date": "until", "include_negated": "modalities",
            "relation_type": "types", "relation_types": "types", "paths": "k"}


def test_one_vocabulary_across_endpoints(client: TestClient) -> None:
    """Walk the OpenAPI document: every query parameter is a word of the vocabulary;
    ``type`` appears only on /entities, where it is an entity type (relation types are
    ``types`` everywhere); every endpoint filtering relations takes the same four."""
    spec = client.get("/openapi.json").json()
    filters = {"types", "modalities", "since", "until"}
    seen: dict[str, set[str]] = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
            seen[f"{method} {path}"] = names
            assert names <= VOCABULARY, (path, names - VOCABULARY)
            for name in names:
                if name == "type":
                    assert path == "/entities", path
                    entity_types = next(p for p in op["parameters"] if p["name"] == "type")
                    assert "PERSON" in str(entity_types["schema"])
                else:
                    assert name not in MISSPELT, (path, name)
            if "types" in names and path != "/disputes":
                assert filters <= names, (path, names)
    for path in ("/entities/{id}/neighbors", "/paths", "/relations", "/central",
                 "/communities", "/entities/{id}/timeline"):
        assert filters <= seen[f"get {path}"], path
    assert {"types", "since", "until", "limit", "offset"} <= seen["get /disputes"]


def test_document_evidence_names_an_end_the_document_does_not_mention(store: SQLiteStore
                                                                      ) -> None:
    """A relation whose other end is named only elsewhere (a pronoun here) still gives
    its span and both names."""
    from graph_fixtures import build_extraction

    ex = build_extraction("Andrii Derkach said he met him in Kyiv.", "2020-02-02",
                          [("Andrii Derkach", "MET", "Rudy Giuliani", "asserted",
                            "Andrii Derkach said he met him in Kyiv.")],
                          {"Andrii Derkach": "PERSON", "Rudy Giuliani": "PERSON"})
    assert store.write(ex)
    d = make_client(store).get(f"/documents/{ex.document.id}").json()
    assert [m["name"] for m in d["mentions"]] == ["Andrii Derkach"]
    (span,) = d["evidence"]
    assert {span["source_name"], span["target_name"]} == {"Andrii Derkach", "Rudy Giuliani"}


def test_disputes_follow_a_write(store: SQLiteStore) -> None:
    """Disputes are found by the store at each request: a write that makes one shows."""
    c = make_client(store)
    assert c.get("/disputes").json()["total"] == 0
    assert store.write(extraction("2018-07-16", [
        ("Vladimir Putin", "MET", "Donald Trump", "asserted",
         "Vladimir Putin met Donald Trump in Helsinki.")], 4))
    assert c.get("/disputes").json()["total"] == 1


def test_disputes_are_found_by_the_store_without_the_graph_view(
        store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """/disputes asks the store (disputed_relations, paged where the data is) and never
    builds the whole-graph view: on Neo4j that view would be read into the API process."""
    assert store.write(extraction("2018-07-16", [
        ("Vladimir Putin", "MET", "Donald Trump", "asserted",
         "Vladimir Putin met Donald Trump in Helsinki.")], 4))
    asked: list[dict[str, Any]] = []
    real = store.disputed_relations

    def disputed_relations(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs)
        return real(*args, **kwargs)

    def no_view() -> Any:
        raise AssertionError("the whole-graph view was built")

    monkeypatch.setattr(store, "network", no_view)
    monkeypatch.setattr(store, "disputed_relations", disputed_relations)
    c = make_client(store)
    r = c.get("/disputes", params={"limit": 5, "offset": 0}).json()
    assert r["total"] == r["count"] == 1 and r["next_offset"] is None
    assert asked == [{"limit": 5, "offset": 0}]
    assert c.get("/disputes", params={"offset": 1}).json()["disputes"] == []


@pytest.mark.neo4j
def test_neo4j_disputes_run_in_the_database_and_analytics_state_their_basis(
        neo4j_server: Any) -> None:
    """On Neo4j, /disputes is one statement in the database: it answers even where the
    whole-graph view is refused (max_network_edges below the graph's size), while
    /central and /communities, which need that view, are refused saying why; with room
    for the view they answer and state its size."""
    from ergraph.graph import open_store

    def opened(cap: int) -> Any:
        return open_store(neo4j_server.store_uri, password=neo4j_server.password,
                          database=neo4j_server.database, max_network_edges=cap)

    small = opened(1)
    try:
        small.clear()
        for n, (date, facts) in enumerate(DOCS, 1):
            assert small.write(extraction(date, facts, n))
        assert small.write(extraction("2018-07-16", [
            ("Vladimir Putin", "MET", "Donald Trump", "asserted",
             "Vladimir Putin met Donald Trump in Helsinki.")], 4))
        c = make_client(small)
        r = c.get("/disputes").json()
        assert r["total"] == r["count"] == 1
        d = r["disputes"][0]
        assert d["relation"]["type"] == "MET" and d["relation"]["disputed"] is True
        assert [e["modality"] for e in d["denied"]] == ["negated"]
        assert c.get("/disputes", params={"since": "2020-01-01"}).json()["total"] == 0
        refused = assert_envelope(c.get("/central"), 422, "invalid_query")
        assert "max_network_edges" in refused["message"]
        assert_envelope(c.get("/communities"), 422, "invalid_query")
    finally:
        small.close()
    roomy = opened(1000)
    try:
        c = make_client(roomy)
        basis = {"scope": "whole_graph", "computed_in": "api_process", "entities": 8,
                 "relations": 8}
        assert c.get("/central").json()["basis"] == basis
        assert c.get("/communities").json()["basis"] == basis
    finally:
        roomy.clear()
        roomy.close()
