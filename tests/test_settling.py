"""An entity the store already has keeps its type when a new document names it, in
whichever order the documents come (loaders.settling): on a real SQLite file, and the
order test on real Neo4j too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ergraph.graph import SQLiteStore, open_store
from ergraph.loaders import default_extractor
from ergraph.loaders.ingest import ingest_documents
from ergraph.model import Document

INTRODUCES = Document.from_text(
    "Ilse Dravik, a senior diplomat, arrived in Vienna on Monday with the banker Tomas "
    "Sorensk. Dravik and Sorensk spoke to reporters.")
# alone, the model types "Dravik" an organisation and drops "Sorensk" as a place
SURNAMES_ONLY = Document.from_text("Dravik met Sorensk in Vienna.")


@pytest.fixture(scope="module")
def extractor() -> Any:
    return default_extractor()


def graph(store: SQLiteStore) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    rels = store.relations(limit=1000)
    ents = {i: store.get_entity(i) for r in rels for i in (r.source, r.target)}
    return (sorted((e.name, e.type) for e in ents.values()),
            sorted((ents[r.source].name, r.type, ents[r.target].name, ev.document_id)
                   for r in rels for ev in r.evidence))


def ingest_in_order(tmp_path: Path, name: str, docs: list[Document], extractor: Any
                    ) -> tuple[SQLiteStore, Any]:
    store = SQLiteStore(f"sqlite:///{tmp_path / name}")
    return store, ingest_documents(docs, store, extractor)


def test_a_later_document_naming_a_known_person_by_surname_keeps_her_type(
        tmp_path: Path, extractor: Any) -> None:
    store, _ = ingest_in_order(tmp_path, "a.db", [INTRODUCES], extractor)
    report = ingest_documents([SURNAMES_ONLY], store, extractor)  # a second run
    entities, relations = graph(store)
    assert ("Ilse Dravik", "PERSON") in entities and ("Tomas Sorensk", "PERSON") in entities
    assert ("Tomas Sorensk", "MET", "Ilse Dravik", SURNAMES_ONLY.id) in relations
    assert [(e.name, e.type) for e in store.lookup("Dravik")] == [("Ilse Dravik", "PERSON")]
    assert SURNAMES_ONLY.id not in report.resettled  # settled before it was written


@pytest.fixture(params=["sqlite-file", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Any]:
    """A factory of empty stores of one backend (Neo4j Community has one database: the
    same store, cleared)."""
    if request.param == "sqlite-file":
        names = iter(range(100))
        return lambda: SQLiteStore(f"sqlite:///{tmp_path / f'g{next(names)}.db'}")
    server = request.getfixturevalue("neo4j_server")

    def cleared() -> Any:
        store = open_store(server.store_uri, password=server.password,
                           database=server.database)
        store.clear()
        return store

    return cleared


def test_the_graph_is_the_same_whichever_document_comes_first(
        empty_store: Callable[[], Any], extractor: Any) -> None:
    first = empty_store()
    ingest_documents([INTRODUCES, SURNAMES_ONLY], first, extractor)
    first_graph = graph(first)
    later = empty_store()
    report = ingest_documents([SURNAMES_ONLY, INTRODUCES], later, extractor)
    assert graph(later) == first_graph
    # the surnames-only document was stored first, then extracted again and replaced
    assert SURNAMES_ONLY.id in report.resettled
    assert later.stats()["documents"] == 2
    assert all(e.type == "PERSON" for e in later.lookup("Sorensk"))


def test_two_runs_give_the_graph_one_run_gives(tmp_path: Path, extractor: Any) -> None:
    one, _ = ingest_in_order(tmp_path, "one.db", [SURNAMES_ONLY, INTRODUCES], extractor)
    two, _ = ingest_in_order(tmp_path, "two.db", [SURNAMES_ONLY], extractor)
    report = ingest_documents([INTRODUCES], two, extractor)
    assert SURNAMES_ONLY.id in report.resettled
    assert graph(one) == graph(two)


def test_without_a_fuller_name_nothing_is_settled(tmp_path: Path, extractor: Any) -> None:
    store, report = ingest_in_order(tmp_path, "alone.db", [SURNAMES_ONLY], extractor)
    assert report.resettled == []
    assert [e.type for e in store.lookup("Dravik")] == ["ORGANIZATION"]


def test_the_api_answers_which_stored_documents_it_settled(tmp_path: Path,
                                                           extractor: Any) -> None:
    from ergraph.api.app import create_app
    from ergraph.api.settings import Settings
    from fastapi.testclient import TestClient

    store = SQLiteStore(f"sqlite:///{tmp_path / 'api.db'}")
    client = TestClient(create_app(Settings(), store=store, extractor=extractor))
    first = client.post("/documents", json={"text": SURNAMES_ONLY.text}).json()
    assert first["resettled"] == []
    second = client.post("/documents", json={"text": INTRODUCES.text}).json()
    # the answer lists the documents of this request, and which stored ones were redone
    assert [a["document"]["id"] for a in second["added"]] == [INTRODUCES.id]
    assert second["resettled"] == [SURNAMES_ONLY.id]
    assert [(e.name, e.type) for e in store.lookup("Sorensk")] == [("Tomas Sorensk", "PERSON")]
