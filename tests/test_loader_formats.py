"""Issue 15: news as it arrives - saved web pages, PDFs, JSON lines, e-mail, Markdown
front matter - read into the same Document (title, date, source, text), bad input as
problems, the format found by content, the text loaders' limits kept."""

from __future__ import annotations

import io
import json
import os
import socket
import sys
from pathlib import Path

import pytest
from ergraph.cli import app
from ergraph.errors import DocumentError
from ergraph.loaders.files import NOTICE_KINDS, find_files, load_paths, read_document, read_file
from ergraph.loaders.formats import LIMITS, detect, jsonl, page_of, with_pages
from ergraph.model import Evidence, Extraction, Relation
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "formats"))
import make  # noqa: E402  (tests/fixtures/formats/make.py)

runner = CliRunner()


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*_a, **_k):
        raise AssertionError("a loader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# -- saved web pages ------------------------------------------------------------------------
def test_a_saved_news_page_gives_the_article_and_none_of_the_chrome(no_network):
    ld = read_document(make.SAVED_PAGE)
    doc = ld.document
    assert ld.format == "html"
    for para in make.PAGE_BODY:
        assert para in doc.text
    leaked = [c for c in make.PAGE_CHROME if c in doc.text]
    assert leaked == []
    assert make.chrome_characters(doc.text) == 0
    assert doc.title == make.PAGE_HEADLINE
    assert doc.text.startswith(make.PAGE_HEADLINE + "\n\n")
    assert doc.date == "2021-06-03"  # published, not the dateModified of the JSON-LD
    assert doc.source == "https://balticledger.example/2021/06/03/harbour-chief-shipping-contract"
    assert doc.metadata["author"] == "Ilze Berzina"
    assert doc.metadata["site_name"] == "The Baltic Ledger"
    assert doc.metadata["file"] == str(make.SAVED_PAGE)


def test_a_web_page_saved_as_txt_is_read_as_a_web_page(tmp_path, no_network):
    f = tmp_path / "page.txt"
    f.write_bytes(make.SAVED_PAGE.read_bytes())
    ld = read_document(f)
    assert ld.format == "html"
    assert "<p>" not in ld.document.text and "cookie" not in ld.document.text.lower()
    assert ld.document.text == read_document(make.SAVED_PAGE).document.text
    # text that merely mentions markup stays text
    g = tmp_path / "note.txt"
    g.write_text("Reporters found <html> tags in the leaked files.\n")
    assert read_document(g).format == "text"


def test_a_page_in_a_declared_legacy_charset_is_decoded_by_its_declaration(tmp_path):
    page = ("<!DOCTYPE html><html><head><meta charset=\"windows-1252\"><title>Café talks"
            "</title></head><body><article><h1>Café talks</h1><p>Angela Merkel met Emmanuel "
            "Macron at a café in Paris on Tuesday, officials said. The two leaders discussed "
            "trade and the “difficult” negotiations ahead.</p></article></body></html>")
    f = tmp_path / "cafe.html"
    f.write_bytes(page.encode("cp1252"))
    ld = read_document(f)
    assert "café in Paris" in ld.document.text and "“difficult”" in ld.document.text
    assert ld.notices == ()  # the page said how it was encoded


def test_a_page_without_article_text_is_a_problem_not_an_empty_document(tmp_path):
    f = tmp_path / "menu.html"
    f.write_text("<!DOCTYPE html><html><body><script>var x = 1;</script></body></html>")
    with pytest.raises(DocumentError) as info:
        read_document(f)
    assert info.value.details["kind"] == "empty" and "menu.html" in info.value.message


# -- PDF ----------------------------------------------------------------------------------------
def test_a_two_page_pdf_is_read_page_by_page_with_a_page_table(tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(make.pdf())
    ld = read_document(f)
    doc = ld.document
    assert ld.format == "pdf" and ld.notices == ()
    assert doc.title == make.PDF_TITLE and doc.date == "2021-07-01"
    assert doc.source == str(f)
    assert doc.metadata["page_count"] == 2 and len(doc.metadata["pages"]) == 2
    first = doc.text.index("The committee reviewed the tender")
    second = doc.text.index("Tomas Kalnins met Oleg Sedov in Tallinn in May 2021")
    assert page_of(doc, 0) == 1 and page_of(doc, first) == 1
    assert page_of(doc, second) == 2 and page_of(doc, len(doc.text) - 1) == 2
    # lines wrapped by the page width are joined back into their sentence
    assert ("the head of the port authority, the board that evaluated the bids and two "
            "bidders.") in doc.text
    # a document that is not paged has no page
    assert page_of(read_document(make.SAVED_PAGE).document, 10) is None


def test_evidence_says_on_which_page_its_sentence_is(tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(make.pdf())
    doc = read_document(f).document
    start = doc.text.index("Tomas Kalnins met")
    end = doc.text.index(".", start) + 1
    ev = Evidence("", doc.id, doc.text[start:end], start, end)
    rel = Relation.create("e1", "MET", "e2", symmetric=True, evidence=[ev])
    (got,) = with_pages(Extraction(doc, relations=(rel,))).relations
    assert got.evidence[0].page == 2
    assert got.evidence[0].to_dict()["page"] == 2
    assert "page" not in ev.to_dict()  # unknown page: no key


def test_a_scanned_pdf_without_text_layer_is_a_problem(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(make.scanned_pdf())
    docs, problems = load_paths([f])
    assert docs == []
    (p,) = problems
    assert p.kind == "no_text_layer" and "scan.pdf" in p.reason and "2 page" in p.reason


def test_a_pdf_with_some_scanned_pages_keeps_the_text_and_notes_the_rest(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (make.pdf(), make.scanned_pdf(pages=1)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    f = tmp_path / "mixed.pdf"
    with open(f, "wb") as out:
        writer.write(out)
    ld = read_document(f)
    assert "Tomas Kalnins met Oleg Sedov" in ld.document.text
    (note,) = ld.notices
    assert note.kind == "pages_without_text" and note.kind in NOTICE_KINDS
    assert "page(s) 3 of 3" in note.reason


def test_a_pdf_is_found_by_its_magic_whatever_it_is_called(tmp_path):
    f = tmp_path / "report.txt"
    f.write_bytes(make.pdf())
    assert read_document(f).format == "pdf"
    assert detect(b"%PDF-1.7\n...", ".html") == "pdf"
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a PDF body at all\n")
    with pytest.raises(DocumentError) as info:
        read_document(bad)
    assert info.value.details["kind"] in ("malformed", "empty")
    assert "broken.pdf" in info.value.message


def test_an_encrypted_pdf_is_a_problem_and_one_without_a_user_password_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    for password, name in (("s3cret", "locked.pdf"), ("", "open.pdf")):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make.pdf())))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        with open(tmp_path / name, "wb") as out:
            writer.write(out)
    with pytest.raises(DocumentError) as info:
        read_document(tmp_path / "locked.pdf")
    assert info.value.details["kind"] == "encrypted" and "locked.pdf" in info.value.message
    assert "Tomas Kalnins met" in read_document(tmp_path / "open.pdf").document.text


# -- JSON lines ---------------------------------------------------------------------------------
def test_json_lines_one_document_a_line_and_a_bad_line_names_its_number(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(make.jsonl_with_bad_line())
    docs, problems = load_paths([f])
    assert [d.document.title for d in docs] == ["Minister resigns over contract",
                                                "Bureau opens inquiry", "Dredging firm answers"]
    assert [d.document.date for d in docs] == ["2021-05-04", "2021-05-05", "2021-05-07"]
    assert [d.document.source for d in docs] == ["https://news.example/a1",
                                                 "https://news.example/a2", f"{f}#L4"]
    assert [d.part for d in docs] == ["line 1", "line 2", "line 4"]
    assert docs[0].document.metadata["record_id"] == "a1"
    assert docs[1].document.text == make.JSONL_RECORDS[1]["body"]
    (p,) = problems
    assert p.kind == "bad_record" and f"{f} line 3: not JSON" in p.reason


def test_json_lines_field_map_from_options_and_from_toml(tmp_path):
    f = tmp_path / "export.jsonl"
    f.write_text(json.dumps({"story": {"heading": "Port talks", "paras": ["A met B.", "C."]},
                             "when": 1620000000, "content": "not this"}) + "\n"
                 + json.dumps({"story": {"heading": "No text"}}) + "\n"
                 + json.dumps({"story": {"paras": ["Text."]}, "when": "yesterday"}) + "\n"
                 + "[1, 2]\n")
    toml = tmp_path / "fields.toml"
    toml.write_text('[jsonl]\ntext = ["story.paras", "story.body"]\ntitle = "story.heading"\n')
    fields = jsonl.field_map({**jsonl.load_field_file(toml),
                              **jsonl.parse_field_options(["date=when"])})
    docs, problems = load_paths([f], fields=fields)
    (d,) = docs
    assert d.document.text == "A met B.\n\nC." and d.document.title == "Port talks"
    assert d.document.date == "2021-05-03"
    assert [p.reason.split(": ", 1)[1] for p in problems] == [
        "no text (looked for story.paras, story.body)", "date 'yesterday' is not a date",
        "a JSON list, not an object"]
    with pytest.raises(DocumentError, match="unknown JSON lines field 'body'"):
        jsonl.field_map({"body": "x"})
    with pytest.raises(DocumentError, match="FIELD=NAME"):
        jsonl.parse_field_options(["text"])


def test_a_json_line_that_is_not_utf8_is_a_bad_record_and_the_rest_goes_in(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_bytes(json.dumps({"text": "Good one."}).encode() + b"\n"
                  + '{"text": "Caf\xe9"}'.encode("latin-1") + b"\n")
    docs, problems = load_paths([f])
    assert [d.document.text for d in docs] == ["Good one."]
    assert problems[0].kind == "bad_record" and "line 2: not UTF-8" in problems[0].reason


# -- e-mail -------------------------------------------------------------------------------------
def test_an_email_with_attachments_gives_linked_documents(tmp_path):
    f = tmp_path / "forward.eml"
    f.write_bytes(make.eml_with_attachments())
    docs, problems = load_paths([f])
    mail, notes, report = docs
    assert [d.format for d in docs] == ["email", "text", "pdf"]
    m = mail.document
    assert m.title == "Harbour contract: meeting in Tallinn" and m.date == "2021-06-02"
    assert m.text == make.EMAIL_BODY.strip() and m.source == str(f)
    assert m.metadata["from"] == "Ilze Berzina <ilze@ledger.example>"
    assert m.metadata["to"] == ["Desk <desk@ledger.example>", "Editor <editor@ledger.example>"]
    assert m.metadata["cc"] == ["legal@ledger.example"]
    assert m.metadata["attachments"] == [
        {"file": "notes.txt", "document_id": notes.document.id},
        {"file": "report.pdf", "document_id": report.document.id}]
    assert notes.document.title == "Notes from the port"
    assert notes.document.date == "2021-06-02"  # undated: sent with the e-mail
    assert report.document.date == "2021-07-01"  # the PDF's own date
    assert notes.document.metadata["parent"] == m.id
    assert report.document.metadata["parent"] == m.id
    assert report.document.title == make.PDF_TITLE
    assert page_of(report.document, report.document.text.index("Tomas Kalnins met")) == 2
    assert notes.part == "attachment notes.txt" and notes.label == f"{f}#attachment notes.txt"
    assert notes.document.source == f"{f}#notes.txt"
    (skipped,) = problems
    assert skipped.kind == "attachment_skipped" and "photo.png" in skipped.reason
    assert skipped.kind in NOTICE_KINDS


def test_an_email_saved_as_txt_is_read_as_email_and_a_bad_attachment_is_a_problem(tmp_path):
    f = tmp_path / "mail.txt"
    f.write_bytes(make.eml_with_attachments(pdf_bytes=make.scanned_pdf(1)))
    docs, problems = read_file(f)
    assert [d.format for d in docs] == ["email", "text"]
    assert sorted(p.kind for p in problems) == ["attachment_skipped", "no_text_layer"]
    assert any(f"{f}#report.pdf" in p.reason for p in problems)


# -- Markdown and plain text ------------------------------------------------------------------
def test_markdown_front_matter_gives_title_date_source_and_is_not_text(tmp_path):
    f = tmp_path / "post.md"
    f.write_text("---\ntitle: Port inquiry widens\ndate: 2021-06-10\n"
                 "source: https://blog.example/port\nauthor: Desk\n---\n\n"
                 "# A heading\n\nThe bureau widened its inquiry.\n")
    doc = read_document(f).document
    assert (doc.title, doc.date, doc.source) == ("Port inquiry widens", "2021-06-10",
                                                 "https://blog.example/port")
    assert doc.text == "# A heading\n\nThe bureau widened its inquiry."
    assert "title:" not in doc.text and doc.metadata["author"] == "Desk"
    g = tmp_path / "nofm.md"
    g.write_text("Some intro sentence that runs on, and on.\n\n## Talks in Riga\n\nText.\n")
    assert read_document(g).document.title == "Talks in Riga"  # the first heading


def test_plain_text_titles_are_readable_not_the_hash_stem(tmp_path):
    f = tmp_path / "3f9a1c0d4e5b6a7f.txt"
    f.write_text("Harbour chief questioned\n\nTomas Kalnins met Oleg Sedov.\n")
    assert read_document(f).document.title == "Harbour chief questioned"
    g = tmp_path / "8c1d2e3f4a5b6c7d.txt"
    g.write_text("Tomas Kalnins, the head of the port authority, met Oleg Sedov in Tallinn "
                 "in May, weeks before the contract was signed, documents show.\n")
    title = read_document(g).document.title
    assert title.startswith("Tomas Kalnins, the head of the port") and "8c1d" not in title


# -- limits and the mixed folder ------------------------------------------------------------------
def test_the_size_limit_is_checked_before_reading_for_every_format(tmp_path, monkeypatch):
    for suffix in (".pdf", ".jsonl", ".eml", ".html"):
        with open(tmp_path / f"big{suffix}", "wb") as out:
            out.truncate(LIMITS[detect(b"", suffix)] + 1)  # sparse: takes no disk

    def no_read(*_a, **_k):
        raise AssertionError("read a file that is over the limit")

    monkeypatch.setattr(os, "read", no_read)
    docs, problems = load_paths([tmp_path])
    assert docs == []
    assert sorted(p.kind for p in problems) == ["too_large"] * 4
    assert all("-byte limit" in p.reason for p in problems)


def test_a_file_over_the_limit_of_the_format_its_content_shows_is_refused(tmp_path):
    f = tmp_path / "page.pdf"  # called .pdf (50 MB allowed) but a web page (10 MB)
    f.write_bytes(b"<!DOCTYPE html><html><body><p>" + b"word " * (LIMITS["html"] // 5)
                  + b"</p></body></html>")
    with pytest.raises(DocumentError) as info:
        read_document(f)
    assert info.value.details["kind"] == "too_large"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_pdf_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")
    with pytest.raises(DocumentError) as info:
        read_document(tmp_path / "pipe.pdf")
    assert info.value.details["kind"] == "not_regular"


def _mixed_folder(root: Path) -> Path:
    d = root / "news"
    d.mkdir()
    (d / "a.txt").write_text("date 2021-03-01\nTalks in Geneva\n\nAngela Merkel met Emmanuel "
                             "Macron in Geneva on Monday.\n")
    (d / "b.md").write_text("---\ntitle: Sanctions\ndate: 2021-03-02\n---\n\nFrance "
                            "sanctioned Iran over the programme.\n")
    (d / "page.html").write_bytes(make.SAVED_PAGE.read_bytes())
    (d / "report.pdf").write_bytes(make.pdf())
    (d / "feed.jsonl").write_bytes(make.jsonl_with_bad_line())
    (d / "mail.eml").write_bytes(make.eml_with_attachments())
    (d / "photo.png").write_bytes(b"\x89PNG")  # not looked at
    return d


def test_find_files_takes_every_format_in_a_folder(tmp_path):
    d = _mixed_folder(tmp_path)
    files, problems = find_files([d])
    assert [f.name for f in files] == ["a.txt", "b.md", "feed.jsonl", "mail.eml", "page.html",
                                      "report.pdf"]
    assert problems == []


def test_ingest_of_a_mixed_folder_reports_per_format_counts(tmp_path, no_network):
    d = _mixed_folder(tmp_path)
    store = f"sqlite:///{tmp_path}/g.db"
    result = runner.invoke(app, ["ingest", str(d), "--store", store, "--json"])
    assert result.exit_code == 3, result.output  # the bad JSON line
    report = json.loads(result.stdout)
    assert report["formats"]["read"] == {"jsonl": 3, "pdf": 2, "text": 2, "email": 1,
                                         "markdown": 1, "html": 1}
    # the same PDF came as a file and as an attachment: stored once
    assert report["formats"]["added"] == {"jsonl": 3, "text": 2, "pdf": 1, "email": 1,
                                          "markdown": 1, "html": 1}
    assert report["stats"]["documents"] == 9
    kinds = sorted(p["kind"] for p in report["problems"])
    assert kinds == ["attachment_skipped", "bad_record"]
    titles = {a["title"] for a in report["added"]}
    assert {make.PAGE_HEADLINE, make.PDF_TITLE, "Harbour contract: meeting in Tallinn",
            "Sanctions", "Talks in Geneva"} <= titles
    result = runner.invoke(app, ["ingest", str(d / "feed.jsonl"), "--store",
                                 f"sqlite:///{tmp_path}/h.db"])
    assert "documents read by format: 3 jsonl; added: 3 jsonl" in result.output


def test_extract_writes_one_file_per_document_of_a_many_document_file(tmp_path):
    f = tmp_path / "in" / "feed.jsonl"
    f.parent.mkdir()
    f.write_bytes(make.jsonl_with_bad_line())
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(f), "--out", str(out),
                                 "--field", "text=content,body,text"])
    assert result.exit_code == 3, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "feed.jsonl#line 1.json", "feed.jsonl#line 2.json", "feed.jsonl#line 4.json"]
    assert "line 3: not JSON" in result.output


def test_html_inside_a_json_record_or_an_email_is_read_as_text_not_markup(tmp_path):
    from email.message import EmailMessage

    f = tmp_path / "scraped.jsonl"
    f.write_text(json.dumps({"title": "Talks", "content": "<p>Tomas Kalnins met <b>Oleg "
                             "Sedov</b>.</p><script>track()</script><p>They talked.</p>"}) + "\n")
    (d,) = read_file(f)[0]
    assert d.document.text == "Tomas Kalnins met Oleg Sedov.\n\nThey talked."
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@x.example", "b@x.example", "Port"
    msg["Date"] = "Thu, 03 Jun 2021 09:00:00 +0200"
    msg.set_content("<html><body><p>Oleg Sedov met the <i>board</i>.</p></body></html>",
                    subtype="html")
    g = tmp_path / "html.eml"
    g.write_bytes(msg.as_bytes())
    (m,) = read_file(g)[0]
    assert m.document.text == "Oleg Sedov met the board." and m.document.date == "2021-06-03"
    assert m.document.metadata["from"] == "a@x.example"


def test_a_page_without_article_markup_keeps_sentences_whole_across_inline_tags(tmp_path):
    f = tmp_path / "bare.html"
    f.write_text("<!DOCTYPE html><html><head><title>Board meets</title></head><body>"
                 "<p>Oleg Sedov met the <i>harbour board</i> in Riga on Tuesday, officials "
                 "said.</p><p>They <b>talked</b> about the tender.</p></body></html>")
    text = read_document(f).document.text
    assert "Oleg Sedov met the harbour board in Riga on Tuesday, officials said." in text
    assert "They talked about the tender." in text


def test_running_heads_page_numbers_and_sentences_across_pages(tmp_path):
    f = tmp_path / "long.pdf"
    f.write_bytes(make.pdf(make.LONG_PDF_PAGES, running_head=make.LONG_PDF_HEAD))
    doc = read_document(f).document
    assert "Confidential" not in doc.text and "Page " not in doc.text
    assert ("The committee then heard the board that evaluated the bids, and two of the "
            "bidders, in July and August.") in doc.text
    assert page_of(doc, doc.text.index("two of the bidders")) == 3
    assert page_of(doc, doc.text.index("The head of the port authority")) == 2
    assert page_of(doc, doc.text.index("Tomas Kalnins met")) == 4
    assert doc.metadata["page_count"] == 4


def test_a_file_named_without_a_known_suffix_is_read_by_its_content(tmp_path):
    (tmp_path / "report").write_bytes(make.pdf())
    (tmp_path / "page.aspx").write_bytes(make.SAVED_PAGE.read_bytes())
    (tmp_path / "data.bin").write_bytes(b"\x00\x01" * 1000)
    docs, problems = load_paths([tmp_path / "report", tmp_path / "page.aspx",
                                 tmp_path / "data.bin"])
    assert [d.format for d in docs] == ["pdf", "html"]
    (p,) = problems
    assert p.kind == "unsupported" and "data.bin" in p.reason
    # a folder is searched by suffix only: its other files are not opened
    docs, problems = load_paths([tmp_path])
    assert docs == [] and [p.kind for p in problems] == ["no_documents"]
