"""Issue 14, failures 1 and 2: long documents are extracted in bounded windows.

The fast tests use a small rule-based stand-in extractor with spaCy's length limit (it
raises like E088 past ``limit`` characters), so windowing, offset mapping and failure
isolation are checked in milliseconds; the slow ones run the real extractor.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ergraph.graph.sqlite import SQLiteStore
from ergraph.loaders.ingest import ingest_documents
from ergraph.loaders.windows import (
    WindowedExtractor,
    cap_names,
    failure,
    merge_extractions,
    split_windows,
)
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation

ROOT = Path(__file__).resolve().parents[2]
LINE = "Senator Dorina Valsek met President Arvid Kell and "
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b")
_STOP = {"Senator", "President", "The", "He", "She", "It", "In", "And", "Later", "Then",
         "Report", "Mr", "Filler"}


class RuleExtractor:
    """Stand-in extractor: capitalised names are persons, "X met Y" in one sentence is a
    MET relation; offsets are relative to the text it is given. Like spaCy it refuses
    texts over ``limit`` characters, and it fails on any text holding ``BOOM``."""

    name = "rules"

    def __init__(self, limit: int = 1_000_000) -> None:
        self.limit = limit
        self.calls: list[int] = []

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents):
        for d in documents:
            self.calls.append(len(d.text))
            if len(d.text) > self.limit:
                raise ValueError(f"[E088] Text of length {len(d.text)} exceeds maximum of "
                                 f"{self.limit}")
            if "BOOM" in d.text:
                raise RuntimeError("the extractor fell over")
            yield self._one(d)

    def _one(self, d: Document) -> Extraction:
        ents: dict[str, Entity] = {}
        mentions = []
        relations: dict[str, Relation] = {}
        for sent in re.finditer(r"[^.\n]+", d.text):
            found = []
            for m in _NAME.finditer(sent.group()):
                words = [w for w in m.group().split() if w not in _STOP]
                if not words:
                    continue
                name = " ".join(words)
                start = sent.start() + m.start() + m.group().index(words[0])
                e = ents.setdefault(name, Entity.create(name, "PERSON"))
                mentions.append(Mention(e.id, d.id, start, start + len(name), name))
                found.append(e)
            if " met " in sent.group() and len(found) >= 2:
                text = sent.group().strip()
                s0 = sent.start() + sent.group().index(text)
                ev = Evidence("", d.id, text, s0, s0 + len(text), "asserted", self.name)
                r = Relation.create(found[0].id, "MET", found[1].id, symmetric=True,
                                    evidence=[ev])
                old = relations.get(r.id)
                relations[r.id] = r if old is None else Relation(
                    old.id, old.source, old.type, old.target, old.symmetric,
                    old.evidence + r.evidence)
        return Extraction(d, tuple(ents.values()), tuple(mentions), tuple(relations.values()))


def news(chars: int) -> str:
    paras = []
    i = 0
    while sum(len(p) + 2 for p in paras) < chars:
        i += 1
        paras.append(f"Report {i}. Anna Berg met Carl Dane in Oslo on day {i}. Mr. Dane "
                     f"said little. Later Berg met Ivo Lund. The talks went on.")
    return "\n\n".join(paras)[:chars]


def assert_offsets_map_back(doc: Document, ex: Extraction) -> None:
    for m in ex.mentions:
        assert doc.text[m.start:m.end] == m.text
        assert m.document_id == doc.id
    for r in ex.relations:
        for v in r.evidence:
            assert doc.text[v.start:v.end] == v.sentence
            assert v.document_id == doc.id and v.relation_id == r.id


# -- splitting -----------------------------------------------------------------------

def test_windows_cover_the_text_exactly_and_are_bounded():
    text = news(200_000)
    spans = split_windows(text, 20_000, 2_000)
    assert len(spans) > 9
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(e - s <= 20_000 for s, e in spans)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


def test_windows_end_at_paragraphs_and_never_after_an_abbreviation():
    text = news(100_000)
    for _s, e in split_windows(text, 5_000, 2_000)[:-1]:
        assert text[:e].endswith("\n\n"), repr(text[e - 30:e])
    # one paragraph only: sentence ends, but not "Mr." or an initial
    one = " ".join(["Mr. Dane met J. Berg in Oslo. Then the talks ended."] * 400)
    for _s, e in split_windows(one, 3_000, 2_000)[:-1]:
        assert one[:e].rstrip().endswith((" Oslo.", " ended.")), repr(one[e - 20:e])


def test_a_text_without_sentence_ends_is_cut_at_clauses_into_short_windows():
    text = LINE * 20_000  # 1 MB, one line, no full stop
    t = time.perf_counter()
    spans = split_windows(text, 20_000, 2_000)
    assert time.perf_counter() - t < 5
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(e - s <= 2_000 for s, e in spans)
    assert all(text[e:].startswith("and ") for s, e in spans[:-1])


def test_a_short_document_is_one_window_and_passes_through_untouched():
    inner = RuleExtractor()
    d = Document.from_text("Anna Berg met Carl Dane in Oslo.")
    ex = WindowedExtractor(inner).extract(d)
    assert inner.calls == [len(d.text)]
    assert ex.document is d and len(ex.relations) == 1


# -- extraction through windows ------------------------------------------------------

def test_a_document_over_the_model_limit_is_extracted_with_offsets_mapped_back():
    inner = RuleExtractor(limit=1_000_000)
    text = news(1_050_000)
    d = Document.from_text(text)
    with pytest.raises(ValueError, match="E088"):
        inner.extract(d)  # what ingest met before windows
    ex = WindowedExtractor(inner).extract(d)
    assert max(inner.calls[1:]) <= 20_000
    assert failure(ex) is None
    assert len(ex.mentions) > 10_000
    assert_offsets_map_back(d, ex)
    by_name = {e.name: e for e in ex.entities}
    assert {"Anna Berg", "Carl Dane", "Ivo Lund"} <= set(by_name)
    met = {r.id: r for r in ex.relations}
    # one relation, its evidence from every window, each sentence once
    berg_dane = [r for r in met.values() if {r.source, r.target} == {
        by_name["Anna Berg"].id, by_name["Carl Dane"].id}]
    assert len(berg_dane) == 1
    ev = berg_dane[0].evidence
    assert len(ev) == len({v.id for v in ev}) > 1000
    assert len({(v.start, v.end) for v in ev}) == len(ev)


def test_the_in_process_client_ingests_a_document_over_the_model_limit():
    import ergraph

    g = ergraph.open("sqlite://:memory:", extractor=RuleExtractor(limit=1_000_000))
    report = g.ingest(news(1_050_000), title="long")
    assert [a["document"]["title"] for a in report.added] == ["long"]
    assert g.stats()["documents"] == 1 and g.stats()["relations"] >= 2


def test_a_surname_in_a_later_window_joins_the_full_name_of_an_earlier_one():
    inner = RuleExtractor()
    text = "Anna Berg met Carl Dane.\n\n" + "Filler text here.\n\n" * 200 \
        + "Later Berg met Ivo Lund."
    d = Document.from_text(text)
    ex = WindowedExtractor(inner, window=1_000).extract(d)
    names = {e.name for e in ex.entities}
    assert "Berg" not in names and "Anna Berg" in names
    berg = next(e for e in ex.entities if e.name == "Anna Berg")
    assert "Berg" in berg.aliases
    lund = next(e for e in ex.entities if e.name == "Ivo Lund")
    assert any({r.source, r.target} == {berg.id, lund.id} for r in ex.relations)
    assert_offsets_map_back(d, ex)


def test_merge_keeps_one_entity_per_id_with_every_alias():
    d = Document.from_text("x" * 10)
    a = Entity.create("Anna Berg", "PERSON", ["Ms Berg"])
    b = Entity.create("Anna Berg", "PERSON", ["Anna"])
    out = merge_extractions(d, [(0, Extraction(d, (a,))), (5, Extraction(d, (b,)))])
    (only,) = out.entities
    assert set(only.aliases) == {"Ms Berg", "Anna"}


def test_a_document_over_the_configured_limit_is_a_problem_and_the_batch_goes_in():
    store = SQLiteStore(":memory:")
    big = Document.from_text(news(60_000), source="big.txt")
    small = Document.from_text("Anna Berg met Carl Dane in Oslo.", source="small.txt")
    report = ingest_documents([big, small], store, WindowedExtractor(
        RuleExtractor(), max_chars=50_000))
    assert [a["id"] for a in report.added] == [small.id]
    (p,) = report.failed
    assert p.kind == "too_large" and "big.txt" in p.reason and "50000" in p.reason
    assert report.exit_code == 3
    assert store.stats()["documents"] == 1


def test_one_document_the_extractor_fails_on_never_fails_the_batch():
    store = SQLiteStore(":memory:")
    docs = [Document.from_text(t, source=f"{i}.txt") for i, t in enumerate([
        "Anna Berg met Carl Dane.", "BOOM goes Ivo Lund.", "Ivo Lund met Eva Holm."])]
    report = ingest_documents(docs, store, RuleExtractor())  # ingest windows it itself
    assert sorted(a["id"] for a in report.added) == sorted([docs[0].id, docs[2].id])
    (p,) = report.failed
    assert p.kind == "extraction_failed" and "1.txt" in p.reason
    assert "RuntimeError" in p.reason
    assert report.exit_code == 3
    assert store.stats()["relations"] == 2


def test_a_failing_window_fails_only_its_document():
    inner = RuleExtractor()
    bad = Document.from_text(news(30_000) + "\n\nBOOM.", source="bad.txt")
    good = Document.from_text(news(30_000).replace("Oslo", "Rome"), source="good.txt")
    out = list(WindowedExtractor(inner).extract_many([bad, good]))
    assert failure(out[0]).kind == "extraction_failed"
    assert failure(out[1]) is None and out[1].relations


def test_entity_names_over_the_cap_are_dropped_with_a_problem():
    d = Document.from_text("x")
    long = Entity.create("A" * 500, "ORGANIZATION")
    ok = Entity.create("Anna Berg", "PERSON", ["B" * 300, "Berg"])
    rel = Relation.create(long.id, "MET", ok.id)
    ex = cap_names(Extraction(d, (long, ok), (Mention(long.id, d.id, 0, 1, "A"),), (rel,)))
    assert [e.name for e in ex.entities] == ["Anna Berg"]
    assert ex.entities[0].aliases == ("Berg",)
    assert ex.mentions == () and ex.relations == ()
    assert [p.kind for p in ex.problems] == ["name_too_long"]
    assert "500 characters" in ex.problems[0].reason


def test_the_default_pipeline_caps_names(tmp_path):
    class Huge(RuleExtractor):
        def _one(self, d):
            e = Entity.create("X" * 300, "ORGANIZATION")
            return Extraction(d, (e,), (Mention(e.id, d.id, 0, 1, "x"),))

    store = SQLiteStore(":memory:")
    report = ingest_documents([Document.from_text("x y z")], store, Huge())
    assert report.added and store.stats()["entities"] == 0


# -- the real extractor (slow) -------------------------------------------------------

def _cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ergraph.cli", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, check=False)


def _over_limit_text() -> str:
    """1.2M characters in few tokens (fast to parse), over spaCy's 1,000,000 limit."""
    word = "Lorem" + "x" * 45
    line = " ".join([word] * 40) + "."
    return "\n".join([line] * (1_200_000 // (len(line) + 1) + 1))


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_of_a_text_over_spacys_limit_beside_a_small_one(tmp_path, workers):
    d = tmp_path / "d"
    d.mkdir()
    (d / "big.txt").write_text(_over_limit_text(), encoding="utf-8")
    (d / "small.txt").write_text("Angela Merkel met Emmanuel Macron in Paris.\n")
    db = tmp_path / "s.db"
    r = _cli("ingest", str(d), "--store", f"sqlite:///{db}", "--workers", workers, "--json")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "E088" not in r.stderr and "worker failed" not in r.stderr
    report = json.loads(r.stdout)
    assert report["stats"]["documents"] == 2


@pytest.mark.slow
@pytest.mark.e2e
def test_extract_of_a_text_over_spacys_limit(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "big.txt").write_text(_over_limit_text(), encoding="utf-8")
    (d / "small.txt").write_text("Angela Merkel met Emmanuel Macron in Paris.\n")
    r = _cli("extract", str(d), "--out", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "o" / "big.txt.json").is_file()
    assert (tmp_path / "o" / "small.txt.json").is_file()


@pytest.mark.slow
def test_one_line_text_time_grows_linearly(extractor):
    """Failure 2: 50 KB took 10 s and 200 KB 167 s (x17 for x4); now about x4."""
    ex = WindowedExtractor(extractor)
    ex.extract(Document.from_text("Warm-up: Anna Berg met Carl Dane."))
    times = {}
    for n in (25_000, 100_000):
        d = Document.from_text((LINE * (n // len(LINE) + 1))[:n])
        t = time.perf_counter()
        out = ex.extract(d)
        times[n] = time.perf_counter() - t
        assert_offsets_map_back(d, out)
        names = {e.name for e in out.entities}
        assert {"Dorina Valsek", "Arvid Kell"} <= names
    assert times[100_000] < 6 * times[25_000] + 1, times


@pytest.mark.slow
@pytest.mark.e2e
def test_one_megabyte_of_news_in_bounded_time_and_memory():
    """Issue 14: 1 MB of news on one core in bounded memory (< 1 GB RSS) and in time
    linear in its length: no more than 1.5x what the bare pipeline takes for the same
    windows, measured side by side in the same process (an absolute bound only flakes
    with the machine's load; bench/long_docs.py prints the seconds - about 55 s here)."""
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "long_docs.py"), "--child",
                        "news", "1000000"], capture_output=True, text=True, timeout=900,
                       check=False, env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr[-3000:]
    row = json.loads(r.stdout.strip().splitlines()[-1])
    assert row["failed"] == []
    assert row["peak_rss_mb"] < 1024, row
    assert row["cpu_seconds"] < 1.5 * row["parse_cpu_seconds"], row
    assert row["cpu_seconds"] < 180, row  # and never minutes beyond the target's 60 s
    assert row["relations"] > 100



# -- the spaCy extractor itself, for callers that do not wrap it in windows -----------

def test_the_spacy_extractor_windows_a_text_over_the_models_limit_itself(extractor,
                                                                         monkeypatch):
    """``default_extractor()`` used directly (no WindowedExtractor around it) met spaCy's
    E088 past ``nlp.max_length``; now such a document is extracted in windows, with its
    offsets mapped back, and the documents beside it are extracted as they would be
    alone. The model's limit is lowered to keep the test fast."""
    from ergraph.loaders.spacy_extractor import load_nlp

    short = [Document.from_text("Angela Merkel met Emmanuel Macron in Paris."),
             Document.from_text("Vladimir Putin met Donald Trump in Helsinki.")]
    alone = [extractor.extract(d) for d in short]
    nlp = load_nlp(extractor.model)
    monkeypatch.setattr(nlp, "max_length", 3_000)
    text = news(9_000) + "\n\nAt the end, Helga Sorensen met Pavel Durov in Vilnius."
    long_doc = Document.from_text(text)
    with pytest.raises(ValueError, match="E088"):
        nlp(text)  # what the extractor handed spaCy before
    out = list(extractor.extract_many([short[0], long_doc, short[1]]))
    assert [ex.document.id for ex in out] == [short[0].id, long_doc.id, short[1].id]
    assert out[0] == alone[0] and out[2] == alone[1]
    ex = out[1]
    assert failure(ex) is None
    assert_offsets_map_back(long_doc, ex)
    names = {e.name for e in ex.entities}
    assert {"Anna Berg", "Carl Dane", "Helga Sorensen", "Pavel Durov"} <= names, names
    assert max(m.end for m in ex.mentions) > len(text) - 40  # the last window is there


@pytest.mark.slow
def test_the_default_extractor_takes_a_text_over_spacys_real_limit(extractor):
    """The 1.2M-character text of failure 1, straight into ``default_extractor()``."""
    d = Document.from_text(_over_limit_text())
    ex = extractor.extract(d)
    assert failure(ex) is None
    assert ex.document is d
