"""The CLI's reading commands on a small graph built from model objects (no spaCy):
denials named and counted, disputes, timelines, documents shown with what was taken
from them, date filters, and the store named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ergraph.cli import app
from ergraph.graph.sqlite import SQLiteStore
from test_api import DOCS, extraction
from typer.testing import CliRunner

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture()
def store(tmp_path: Path) -> str:
    uri = f"sqlite:///{tmp_path}/g.db"
    s = SQLiteStore(uri)
    for n, (date, facts) in enumerate(DOCS, 1):
        assert s.write(extraction(date, facts, n))
    s.close()
    return uri


@pytest.fixture()
def disputed(store: str) -> str:
    s = SQLiteStore(store)
    assert s.write(extraction("2018-07-16", [
        ("Vladimir Putin", "MET", "Donald Trump", "asserted",
         "Vladimir Putin met Donald Trump in Helsinki.")], 4))
    s.close()
    return store


EDGE = re.compile(r"^  \S.* (?:-\[[^\]]+\]-[->]|x\[[^\]]+\]x) ", re.M)


def test_neighbors_names_the_store_and_counts_what_it_prints(store: str) -> None:
    code, out = run("neighbors", "Putin", "--store", store, "--depth", "2")
    assert code == 0, out
    assert f"store {store}" in out
    m = re.search(r"(\d+) relation\(s\) with (\d+) other entit", out)
    assert m, out
    edges = EDGE.findall(out)
    assert int(m.group(1)) == len(edges) > 1
    assert edges == sorted(edges, key=str.lower)  # sorted by source name, type, target


def test_hidden_denials_are_counted_and_shown_when_asked(store: str) -> None:
    code, out = run("neighbors", "Putin", "--store", store)
    assert code == 0, out
    assert "1 denied relation not shown; --modality negated" in out
    assert "MET" not in out
    code, out = run("neighbors", "Putin", "--store", store, "--modality", "negated")
    assert code == 0, out
    assert "[denied: MET]" in out and "-[denied" not in out  # never an arrow
    assert "not shown" not in out
    # a date range before the denial hides nothing
    code, out = run("neighbors", "Putin", "--store", store, "--until", "2020-01-01")
    assert code == 0 and "not shown" not in out and "LEADS" in out
    code, out = run("neighbors", "Putin", "--store", store, "--since", "2020-01-01")
    assert code == 0 and "LEADS" not in out and "1 denied relation not shown" in out


def test_path_takes_k_dates_and_names_a_hidden_denial(store: str) -> None:
    code, out = run("path", "Putin", "Hunter Biden", "--store", store, "--k", "2")
    assert code == 0, out
    assert "path 1 (2 hops)" in out
    code, out = run("path", "Putin", "Hunter Biden", "--store", store, "--since", "2020-01-01")
    assert code == 1 and "no path" in out
    code, out = run("path", "Putin", "Trump", "--store", store, "--max-hops", "1")
    assert code == 1 and "1 denied relation not shown; --modality negated" in out
    code, out = run("path", "Putin", "Trump", "--store", store, "--max-hops", "1",
                    "--modality", "negated")
    assert code == 0 and "[denied: MET]" in out
    code, out = run("path", "Putin", "Trump", "--store", store, "--k", "2", "--all")
    assert code == 1 and "not both" in out


def test_an_unknown_name_in_an_empty_store_says_so(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path}/empty.db"
    for cmd in (["neighbors", "Putin"], ["path", "Putin", "Trump"], ["timeline", "Putin"]):
        code, out = run(*cmd, "--store", uri)
        assert code == 1, out
        assert "no entity" in out and "is empty" in out and uri in out, out
        assert "ergraph ingest" in out


def test_an_unknown_name_in_a_filled_store_names_it(store: str) -> None:
    code, out = run("neighbors", "Nobody Atall", "--store", store)
    assert code == 1 and store in out and "is empty" not in out


def test_disputes_lists_both_sides(disputed: str) -> None:
    code, out = run("disputes", "--store", disputed)
    assert code == 0, out
    assert "1 disputed relation(s)" in out and "[MET, disputed]" in out
    stated, denied = out.index("stated:"), out.index("denied:")
    assert out.index("Vladimir Putin met Donald Trump in Helsinki.") in range(stated, denied)
    assert out.index("Vladimir Putin did not meet Donald Trump.") > denied
    code, out = run("disputes", "--store", disputed, "--since", "2020-01-01")
    assert code == 0 and "0 disputed relation(s)" in out
    code, out = run("disputes", "--store", disputed, "--json")
    assert json.loads(out)["total"] == 1


def test_timeline_orders_by_date(disputed: str) -> None:
    code, out = run("timeline", "Putin", "--store", disputed)
    assert code == 0, out
    dates = re.findall(r"^  (\d{4}-\d{2}-\d{2}|undated) ", out, re.M)
    assert dates == ["2018-07-16", "2019-05-01", "2019-05-01"]
    assert "by month: 2018-07 1, 2019-05 2" in out
    code, out = run("timeline", "Putin", "--store", disputed, "--modality", "negated")
    assert "[denied: MET]" in out and "2021-03-16" in out
    code, out = run("timeline", "Putin", "--store", disputed, "--types", "LEADS", "--json")
    assert [e["relation"]["type"] for e in json.loads(out)["events"]] == ["LEADS"]


def test_show_prints_a_document_with_what_was_extracted(store: str) -> None:
    code, out = run("documents", "--store", store, "--json")
    doc = json.loads(out)["documents"][2]  # report 3: the denial and a support
    code, out = run("show", doc["id"], "--store", store)
    assert code == 0, out
    assert out.splitlines()[1] == "Report 3"
    assert "2021-03-16" in out and "test/3.txt" in out
    assert "\u27e81\u27e9 Vladimir Putin did not meet Donald Trump." in out
    assert "\u27e82\u27e9 Russia supported Donald Trump." in out
    assert re.search(r"\u27e81\u27e9 (Vladimir Putin|Donald Trump) x\[denied: MET\]x", out)
    assert re.search(r"\u27e82\u27e9 Russia -\[SUPPORTED\]-> Donald Trump", out)
    assert "entities (3): Donald Trump (PERSON), Russia (STATE), Vladimir Putin (PERSON)" in out
    code, out = run("show", "dnope", "--store", store)
    assert code == 1 and "no document" in out


def test_a_hash_stem_title_gives_way_to_the_first_line(tmp_path: Path) -> None:
    from ergraph.model import Document, Extraction

    uri = f"sqlite:///{tmp_path}/t.db"
    s = SQLiteStore(uri)
    text = "Grain broker questioned\n\nThe broker was questioned on Monday."
    doc = Document.from_text(text, title="001_ed58398ac473eb24", date="2024-01-02")
    assert s.write(Extraction(doc))
    s.close()
    code, out = run("documents", "--store", uri)
    assert code == 0 and "Grain broker questioned" in out and "ed58398a" not in out


def test_evidence_from_a_hash_stem_titled_document_shows_its_first_line(tmp_path: Path
                                                                         ) -> None:
    from graph_fixtures import build_extraction

    uri = f"sqlite:///{tmp_path}/t.db"
    s = SQLiteStore(uri)
    text = "Talks in Geneva\n\nAngela Merkel met Emmanuel Macron in Geneva."
    ex = build_extraction(text, "2021-03-01", [
        ("Angela Merkel", "MET", "Emmanuel Macron", "asserted",
         "Angela Merkel met Emmanuel Macron in Geneva.")],
        {"Angela Merkel": "PERSON", "Emmanuel Macron": "PERSON"}, title="002_9f8e7d6c5b4a3f2e")
    assert s.write(ex)
    s.close()
    code, out = run("neighbors", "Angela Merkel", "--store", uri)
    assert code == 0, out
    assert "2021-03-01, Talks in Geneva:" in out and "9f8e7d6c" not in out
    code, out = run("timeline", "Angela Merkel", "--store", uri, "--json")
    ev = json.loads(out)["events"][0]["relation"]["evidence"][0]
    assert ev["document_title"] == "Talks in Geneva"


def test_viz_takes_dates_and_names_hidden_denials(store: str, tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    code, text = run("viz", "Putin", "--store", store, "--out", str(out), "--since",
                     "2019-01-01", "--until", "2021-12-31")
    assert code == 0, text
    assert out.stat().st_size > 0 and store in text
    assert "1 denied relation not shown; --modality negated" in text
    code, text = run("viz", "Putin", "--store", store, "--out", str(out), "--since", "2019")
    assert code == 1 and "since" in text
