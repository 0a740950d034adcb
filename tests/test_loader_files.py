from __future__ import annotations

from ergraph.loaders.files import find_files, load_paths, parse_header, read_document


def test_date_header_becomes_date_and_is_removed():
    date, body = parse_header(" date 2022-04-12 Prompted by the report, officials met.")
    assert date == "2022-04-12"
    assert body == "Prompted by the report, officials met."
    date, body = parse_header("date 2021-03-17\nTitle line\n\nBody.")
    assert (date, body) == ("2021-03-17", "Title line\n\nBody.")


def test_no_header_or_invalid_date_leaves_text_alone():
    assert parse_header("The date 2021 was busy.") == (None, "The date 2021 was busy.")
    assert parse_header("date 2021-13-45 text")[0] is None


def test_read_document_uses_header_title_and_offsets_into_clean_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2021-03-17\nShort title\n\nPutin met Xi in Moscow.\n")
    ld = read_document(f)
    assert ld.document.date == "2021-03-17"
    assert ld.document.title == "Short title"
    assert ld.document.text.startswith("Short title")
    assert ld.document.source == str(f)


def test_bad_inputs_are_reported_by_name_and_the_rest_loads(tmp_path):
    good = tmp_path / "docs" / "sub" / "good.md"
    good.parent.mkdir(parents=True)
    good.write_text("Angela Merkel met Emmanuel Macron in Paris.")
    (tmp_path / "docs" / "empty.txt").write_text("   \n\n")
    (tmp_path / "docs" / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "docs" / "latin.txt").write_bytes("Caf\xe9 owner met the mayor.".encode("cp1252"))
    (tmp_path / "docs" / "ignored.docx").write_bytes(b"PK\x03\x04")  # not a format read
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"%PDF")
    (tmp_path / "nodocs").mkdir()
    docs, problems = load_paths([tmp_path / "docs", tmp_path / "missing.txt",
                                 tmp_path / "nodocs"])
    loaded = sorted(d.path.name for d in docs)
    assert loaded == ["good.md", "latin.txt"]
    kinds = {p.kind: p.reason for p in problems}
    assert "empty.txt" in kinds["empty"]
    assert "binary.txt" in kinds["binary"]
    assert "missing.txt" in kinds["missing"]
    assert "nodocs" in kinds["no_documents"]
    assert "broken.pdf" in kinds["malformed"]
    assert not any("ignored.docx" in p.reason for p in problems)
    latin = next(d for d in docs if d.path.name == "latin.txt")
    assert latin.document.text.startswith("Café owner")
    (notice,) = latin.notices
    assert notice.kind == "decoded_with_fallback"
    assert "latin.txt" in notice.reason and "cp1252" in notice.reason


def test_find_files_is_recursive_sorted_and_deduplicated(tmp_path):
    for name in ("b.txt", "a/c.md", "a/d.txt", ".hidden/e.txt"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    files, problems = find_files([tmp_path, tmp_path / "b.txt"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/c.md", "a/d.txt", "b.txt"]
    assert problems == []
