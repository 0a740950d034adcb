"""The CLI: ingest is idempotent, bad input is reported by name with a telling exit
status, extract writes scorer-readable files, and the demo runs as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ergraph.cli import app
from typer.testing import CliRunner

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(
        "date 2021-03-01\nTalks in Geneva\n\nAngela Merkel met Emmanuel Macron in Geneva on "
        "Monday. Merkel later met Justin Trudeau.\n")
    (folder / "b.md").write_text("# Sanctions\n\nFrance sanctioned Iran over the programme.\n")
    return folder


def stats(store: str) -> dict:
    code, out = run("stats", "--store", store, "--json")
    assert code == 0, out
    return json.loads(out)


def test_ingesting_the_same_folder_twice_changes_no_count(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    store = f"sqlite:///{tmp_path}/g.db"
    code, out = run("ingest", str(docs), "--store", store)
    assert code == 0, out
    first = stats(store)
    assert first["documents"] == 2 and first["entities"] >= 3
    code, out = run("ingest", str(docs), "--store", store)
    assert code == 0 and "skipped 2 already" in out
    assert stats(store) == first


def test_bad_files_are_named_and_exit_status_tells_partial_failure(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    (docs / "empty.txt").write_text("")
    (docs / "blob.txt").write_bytes(b"\x00\x01\x02")
    store = f"sqlite:///{tmp_path}/g.db"
    result = runner.invoke(app, ["ingest", str(docs), str(tmp_path / "nope.txt"),
                                 "--store", store])
    assert result.exit_code == 3
    assert "empty.txt: empty document" in result.output
    assert "blob.txt: binary file" in result.output
    assert "nope.txt: no such file" in result.output
    assert stats(store)["documents"] == 2


def test_nothing_readable_is_a_failure_not_a_partial_one(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out = run("ingest", str(tmp_path / "empty"), "--store", f"sqlite:///{tmp_path}/g.db")
    # the loaders name the formats they read (their list grows with the formats)
    assert code == 1 and re.search(r"holds no \.txt, \.md\b.* documents|holds no \.txt or "
                                   r"\.md documents", out), out


def test_unreachable_store_folder_is_one_clear_error(tmp_path):
    code, out = run("stats", "--store", f"sqlite:///{tmp_path}/no/such/dir/g.db")
    assert code == 1 and "does not exist" in out and "Traceback" not in out


def test_path_and_neighbors_commands_print_evidence(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    store = f"sqlite:///{tmp_path}/g.db"
    assert run("ingest", str(docs), "--store", store)[0] == 0
    code, out = run("neighbors", "Merkel", "--store", store)
    assert code == 0, out
    assert "Emmanuel Macron" in out and "MET" in out
    code, out = run("path", "Emmanuel Macron", "Justin Trudeau", "--store", store)
    assert code == 0, out
    assert "Angela Merkel" in out and "met" in out.lower()
    code, out = run("path", "Nobody Known", "Merkel", "--store", store)
    assert code == 1 and "no entity named 'Nobody Known'" in out


def test_extract_writes_gold_format_the_scorer_reads(tmp_path, shared_dir):
    out_dir = tmp_path / "pred"
    code, out = run("extract", str(shared_dir / "corpus"), "--out", str(out_dir))
    assert code == 0, out
    files = sorted(p.name for p in out_dir.glob("*.json"))
    assert files == sorted(p.name + ".json" for p in (shared_dir / "corpus").iterdir())
    rec = json.loads((out_dir / files[0]).read_text())
    assert set(rec) >= {"document", "entities", "relations"}
    score = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score.py"), str(shared_dir / "gold"),
         str(out_dir), "--json"], capture_output=True, text=True, check=True)
    total = json.loads(score.stdout)["total"]
    assert total["entities"]["tp"] > 0


def test_extract_explain_says_what_each_kind_of_drop_means(tmp_path):
    from ergraph.model import ProblemKind

    doc = tmp_path / "news" / "credit.txt"
    doc.parent.mkdir()
    doc.write_text("Angela Merkel met Emmanuel Macron in Geneva on Monday.\n\n"
                   "Photo: Reuters/John Smith\n")
    code, out = run("extract", str(doc.parent), "--out", str(tmp_path / "out"), "--explain")
    assert code == 0, out
    dropped = {line.split("(", 1)[1].split(")", 1)[0] for line in out.splitlines()
               if line.strip().startswith("dropped (")}
    assert dropped, out  # the credit line is dropped, and said to be
    legend = out.split("kinds of what was dropped:\n", 1)[1]
    for kind in dropped:
        assert f"  {kind}: {ProblemKind(kind).description}" in legend
    assert "kinds of what was dropped" not in run(
        "extract", str(doc.parent), "--out", str(tmp_path / "out2"))[1]


@pytest.mark.e2e
@pytest.mark.slow
def test_demo_runs_as_a_real_process_and_writes_a_page(tmp_path):
    exe = Path(sys.executable).with_name("ergraph")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    proc = subprocess.run([str(exe), "demo"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "path 1" in proc.stdout and "\u201c" in proc.stdout  # a quoted evidence sentence
    page = tmp_path / "ergraph-demo" / "path.html"
    assert page.is_file() and "vis-network" in page.read_text().lower()
    assert str(page.resolve()) in proc.stdout.replace("\n", "")


def test_document_text_that_looks_like_markup_is_printed_as_text(tmp_path):
    from ergraph.graph import SQLiteStore
    from graph_fixtures import build_extraction

    sentence = "Ann Lee [bold]met[/] Bob Roy [/red] in [link=x]Paris[/link]."
    ex = build_extraction(sentence, "2021-01-01",
                          [("Ann Lee", "MET", "Bob Roy", "asserted", sentence)],
                          {"Ann Lee": "PERSON", "Bob Roy": "PERSON"}, title="[red]T[/]")
    store = SQLiteStore(f"sqlite:///{tmp_path}/m.db")
    store.write(ex)
    store.close()
    code, out = run("path", "Ann Lee", "Bob Roy", "--store", f"sqlite:///{tmp_path}/m.db")
    assert code == 0, out
    assert sentence in out and "[red]T[/]" in out


def _disputed_store(path: Path) -> str:
    """Alice met Bob (report 1, 2020) and did not (report 2, 2021); Alice leads Acme; Alice
    never accused Carol (only denied)."""
    from ergraph.graph import SQLiteStore
    from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation

    people = {"Alice Smith": "PERSON", "Bob Jones": "PERSON", "Carol White": "PERSON",
              "Acme Corp": "ORGANIZATION"}
    ents = {n: Entity.create(n, t) for n, t in people.items()}
    reports = [
        ("2020-01-10", [("Alice Smith", "MET", "Bob Jones", "asserted",
                         "Alice Smith met Bob Jones in Geneva."),
                        ("Alice Smith", "LEADS", "Acme Corp", "asserted",
                         "Alice Smith leads Acme Corp.")]),
        ("2021-05-02", [("Alice Smith", "MET", "Bob Jones", "negated",
                         "Alice Smith never met Bob Jones."),
                        ("Alice Smith", "ACCUSED", "Carol White", "negated",
                         "Alice Smith did not accuse Carol White.")]),
    ]
    uri = f"sqlite:///{path}"
    store = SQLiteStore(uri)
    try:
        for n, (date, facts) in enumerate(reports, 1):
            text = " ".join(f[4] for f in facts)
            doc = Document.from_text(text, title=f"Report {n}", date=date, source=f"{n}.txt")
            named = sorted({f[0] for f in facts} | {f[2] for f in facts})
            mentions = tuple(Mention(ents[x].id, doc.id, text.index(x), text.index(x) + len(x),
                                     x) for x in named)
            rels = []
            for s, typ, t, modality, sentence in facts:
                start = text.index(sentence)
                ev = Evidence("", doc.id, sentence, start, start + len(sentence), modality,
                              "test", 0.9, "met")
                rels.append(Relation.create(ents[s].id, typ, ents[t].id,
                                            symmetric=store.schema.relations[typ].symmetric,
                                            evidence=[ev]))
            assert store.write(Extraction(doc, tuple(ents[x] for x in named), mentions,
                                          tuple(rels)))
    finally:
        store.close()
    return uri


def test_disputed_relation_is_flagged_with_denials_hidden(tmp_path):
    """Asserted in one report and denied in another: the CLI prints it disputed under the
    default filters (only the stating evidence shown), in neighbors, path and --json, and
    says how many only-denied relations it hid."""
    store = _disputed_store(tmp_path / "g.db")
    code, out = run("neighbors", "Alice Smith", "--store", store)
    assert code == 0, out
    assert "[MET, disputed]" in out and "[LEADS]" in out
    assert "in Geneva" in out and "never met" not in out  # the denial itself stays hidden
    assert re.search(r"1 denied relation.*not shown", out), out
    code, out = run("path", "Alice Smith", "Bob Jones", "--store", store)
    assert code == 0 and "[MET, disputed]" in out, out
    code, out = run("neighbors", "Alice Smith", "--store", store, "--json")
    assert code == 0, out
    hood = json.loads(out)
    flags = {r["type"]: (r["disputed"], r["denied"]) for r in hood["relations"]}
    assert flags == {"MET": (True, False), "LEADS": (False, False)}
    assert hood["hidden_denials"] == 1
    assert all(e["modality"] == "asserted" for r in hood["relations"] for e in r["evidence"])
    code, out = run("path", "Alice Smith", "Bob Jones", "--store", store, "--json")
    assert code == 0, out
    assert [r["disputed"] for p in json.loads(out) for r in p["relations"]] == [True]


def test_neighbors_counts_the_hidden_denials_once(tmp_path, monkeypatch):
    """The CLI prints the count the neighbourhood answer carries (hidden_denials): the
    service counts once per command, the CLI does not count again."""
    from ergraph.api import service

    store = _disputed_store(tmp_path / "g.db")
    calls = []
    real = service.hidden_denials

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "hidden_denials", counting)
    code, out = run("neighbors", "Alice Smith", "--store", store)
    assert code == 0, out
    assert re.search(r"1 denied relation not shown; --modality negated", out), out
    assert len(calls) == 1
    calls.clear()
    code, out = run("neighbors", "Alice Smith", "--store", store, "--modality", "asserted",
                    "--modality", "negated")
    assert code == 0 and "not shown" not in out, out
    assert len(calls) == 1
