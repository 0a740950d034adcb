"""Issue 15, read back from a store: a PDF's evidence says on which page its sentence is
and an e-mail keeps its sender, recipients and attachments - stored as the document's
metadata (SQLite file: the ``metadata`` column, added to files written before it), shown
by the API (``GET /documents/{id}``, every evidence list) and the CLI (``neighbors``,
``path``, ``show``). Real files: a two-page PDF made with fpdf2 and an e-mail with
attachments (``tests/fixtures/formats/make.py``), ingested by ``ergraph ingest``."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from ergraph.api.app import create_app
from ergraph.api.models import DocumentDetail, RelationList, SubgraphOut
from ergraph.api.settings import Settings
from ergraph.cli import app
from ergraph.graph import SQLiteStore
from ergraph.graph.sqlite import DDL
from ergraph.model import Document, Extraction
from fastapi.testclient import TestClient
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "formats"))
import make  # noqa: E402  (tests/fixtures/formats/make.py)

runner = CliRunner()
#: the sentence on the second page of make.pdf()
PAGE_TWO = "Tomas Kalnins met Oleg Sedov in Tallinn in May 2021, before the contract was signed."


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real SQLite store file holding the two-page PDF and the e-mail (with a .txt and
    the same PDF attached), ingested by the CLI; the ids of the three documents."""
    root = tmp_path_factory.mktemp("pages")
    folder = root / "in"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(make.pdf())
    (folder / "mail.eml").write_bytes(make.eml_with_attachments())
    uri = f"sqlite:///{root / 'g.db'}"
    result = runner.invoke(app, ["ingest", str(folder), "--store", uri, "--json"])
    assert result.exit_code == 0, result.output
    with SQLiteStore(uri) as store:
        docs = {d.metadata.get("format"): d.id for d in store.documents()}
    assert set(docs) == {"pdf", "email", "text"}
    return {"uri": uri, **docs}


def _api(uri: str) -> TestClient:
    return TestClient(create_app(Settings(), store=SQLiteStore(uri)),
                      raise_server_exceptions=False)


def test_pdf_metadata_and_page_table_are_stored_in_the_file(ingested: dict[str, Any]) -> None:
    with SQLiteStore(ingested["uri"]) as store:
        doc = store.get_document(ingested["pdf"])
        assert doc.metadata["format"] == "pdf" and doc.metadata["page_count"] == 2
        pages = doc.metadata["pages"]
        assert len(pages) == 2 and pages[0] == 0
        start = doc.text.index(PAGE_TWO)
        assert start >= pages[1]  # the sentence is on page 2 by the table
        (ev,) = [e for r in store.relations() for e in r.evidence if e.sentence == PAGE_TWO]
        assert ev.page == 2 and ev.start == start
        assert ev.to_dict()["page"] == 2
        other = [e for r in store.relations() for e in r.evidence
                 if e.document_id != ingested["pdf"]]
        assert other and all(e.page is None for e in other)  # the e-mail is not paged
        spans = store.document_evidence(ingested["pdf"])
        assert [(s.sentence, s.page) for s in spans] == [(PAGE_TWO, 2)]


def test_the_api_says_page_2_for_the_sentence_on_page_2(ingested: dict[str, Any]) -> None:
    api = _api(ingested["uri"])
    r = api.get(f"/documents/{ingested['pdf']}")
    assert r.status_code == 200, r.text
    d = r.json()
    DocumentDetail.model_validate(d)
    assert d["metadata"]["page_count"] == 2 and len(d["metadata"]["pages"]) == 2
    (span,) = [e for e in d["evidence"] if e["sentence"] == PAGE_TWO]
    assert span["page"] == 2 and span["type"] == "MET"
    assert {span["source_name"], span["target_name"]} == {"Tomas Kalnins", "Oleg Sedov"}
    rels = api.get("/relations", params={"source": "Tomas Kalnins"}).json()
    RelationList.model_validate(rels)
    evidence = [e for rel in rels["relations"] for e in rel["evidence"]]
    assert [e["page"] for e in evidence if e["sentence"] == PAGE_TWO] == [2]
    assert all("page" not in e for e in evidence if e["document_id"] != ingested["pdf"])
    tomas = next(e["id"] for e in rels["entities"] if e["name"] == "Tomas Kalnins")
    sub = api.get(f"/entities/{tomas}/neighbors").json()
    SubgraphOut.model_validate(sub)
    assert [e["page"] for rel in sub["relations"] for e in rel["evidence"]
            if e["sentence"] == PAGE_TWO] == [2]


def test_the_cli_says_page_2(ingested: dict[str, Any]) -> None:
    uri = ingested["uri"]
    out = runner.invoke(app, ["neighbors", "Tomas Kalnins", "--store", uri])
    assert out.exit_code == 0, out.output
    (line,) = [x for x in out.output.splitlines() if "before the contract was signed" in x]
    assert "Report on the award of the harbour dredging contract, p. 2:" in line
    (mail,) = [x for x in out.output.splitlines() if "according to the register" in x]
    assert "p." not in mail.split("\u201c")[0]  # an e-mail has no pages
    out = runner.invoke(app, ["path", "Tomas Kalnins", "Oleg Sedov", "--store", uri])
    assert out.exit_code == 0, out.output
    assert ", p. 2: \u201c" + PAGE_TWO in out.output
    out = runner.invoke(app, ["show", ingested["pdf"], "--store", uri])
    assert out.exit_code == 0, out.output
    assert "pages: 2" in out.output
    (rel,) = [x for x in out.output.splitlines() if "-[MET]--" in x]
    assert rel.endswith("(asserted, p. 2)")
    out = runner.invoke(app, ["show", ingested["pdf"], "--store", uri, "--json"])
    d = json.loads(out.stdout[out.stdout.index("{"):])
    assert [e["page"] for e in d["evidence"]] == [2] and d["metadata"]["page_count"] == 2


def test_email_metadata_is_kept_and_shown(ingested: dict[str, Any]) -> None:
    uri = ingested["uri"]
    d = _api(uri).get(f"/documents/{ingested['email']}").json()
    DocumentDetail.model_validate(d)
    meta = d["metadata"]
    assert meta["from"] == "Ilze Berzina <ilze@ledger.example>"
    assert meta["to"] == ["Desk <desk@ledger.example>", "Editor <editor@ledger.example>"]
    assert meta["cc"] == ["legal@ledger.example"]
    assert meta["message_id"] == "<harbour-1@ledger.example>"
    assert {a["file"]: a["document_id"] for a in meta["attachments"]} == {
        "notes.txt": ingested["text"], "report.pdf": ingested["pdf"]}
    notes = _api(uri).get(f"/documents/{ingested['text']}").json()
    assert notes["metadata"]["parent"] == ingested["email"]
    assert notes["metadata"]["attachment"] == "notes.txt"
    out = runner.invoke(app, ["show", ingested["email"], "--store", uri])
    assert out.exit_code == 0, out.output
    for line in ("from: Ilze Berzina <ilze@ledger.example>",
                 "to: Desk <desk@ledger.example>, Editor <editor@ledger.example>",
                 "cc: legal@ledger.example",
                 f"attachment: notes.txt ({ingested['text']})",
                 f"attachment: report.pdf ({ingested['pdf']})"):
        assert line in out.output
    out = runner.invoke(app, ["show", ingested["text"], "--store", uri])
    assert f"attached to: {ingested['email']}" in out.output


def test_an_older_file_gains_the_metadata_column_and_keeps_its_documents(tmp_path: Path
                                                                         ) -> None:
    db = tmp_path / "old.db"
    old_ddl = DDL.replace(",\n    metadata TEXT NOT NULL DEFAULT '{}'", "")
    assert "metadata" not in old_ddl
    con = sqlite3.connect(db)
    con.executescript(old_ddl)
    con.execute("INSERT INTO documents(id, title, date, source, text) VALUES "
                "('dold', 'Old', '2020-01-01', 'old.txt', 'An old text.')")
    con.commit()
    con.close()
    with SQLiteStore(f"sqlite:///{db}") as store:
        assert store.get_document("dold").metadata == {}
        assert store.get_document("dold").title == "Old"
        doc = Document.from_text("A new text.", metadata={"format": "pdf", "pages": [0]})
        assert store.write(Extraction(doc)) is True
        assert store.get_document(doc.id).metadata == {"format": "pdf", "pages": [0]}
    with SQLiteStore(f"sqlite:///{db}") as again:  # opening once more adds nothing
        assert again.get_document(doc.id).metadata["pages"] == [0]
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(documents)")]
    con.close()
    assert cols.count("metadata") == 1


def test_a_json_lines_export_and_import_keeps_metadata_and_pages(ingested: dict[str, Any],
                                                                 tmp_path: Path) -> None:
    from ergraph.exchange import export_to, import_jsonl

    with SQLiteStore(ingested["uri"]) as store:
        (out,) = export_to(store, "jsonl", tmp_path / "g.jsonl")
        before = {d.id: d.metadata for d in store.documents()}
    lines = [json.loads(x) for x in Path(out).read_text().splitlines() if x.strip()]
    docs = {r["id"]: r["metadata"] for r in lines if r["kind"] == "document"}
    assert docs == before and docs[ingested["pdf"]]["page_count"] == 2
    with SQLiteStore(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        import_jsonl(copy, out)
        assert {d.id: d.metadata for d in copy.documents()} == before
        pages = [e.page for r in copy.relations() for e in r.evidence if e.sentence == PAGE_TWO]
        assert pages == [2]


def test_the_pages_evidence_carries_the_page(ingested: dict[str, Any]) -> None:
    from ergraph.viz import render

    with SQLiteStore(ingested["uri"]) as store:
        (rel,) = [r for r in store.relations() if any(e.sentence == PAGE_TWO
                                                       for e in r.evidence)]
    tip = render.relation_tooltip(rel, {})
    (line,) = [x for x in tip.splitlines() if "before the contract" in x]
    assert line.endswith(", 2021-07-01, p. 2)")
    (ev,) = [e for e in render._relation_dict(rel)["evidence"] if e["sentence"] == PAGE_TWO]
    assert ev["page"] == 2
