"""Issue 14, failure 7: the graph does not depend on ingest order. A surname-only
article ingested before the article giving the full name joins the full name's node,
exactly as in the other order."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from ergraph.graph.sqlite import SQLiteStore
from ergraph.loaders.ingest import ingest_documents
from ergraph.model import Extraction
from graph_fixtures import build_extraction

ROOT = Path(__file__).resolve().parents[2]


def full_article() -> Extraction:
    ex = build_extraction(
        "Senator Seibrisk Mogrol met Arvid Kell. Mogrol later met Dana Holm.", None, [
            ("Seibrisk Mogrol", "MET", "Arvid Kell", "asserted",
             "Senator Seibrisk Mogrol met Arvid Kell."),
            ("Seibrisk Mogrol", "MET", "Dana Holm", "asserted", "Mogrol later met Dana Holm."),
        ], {"Seibrisk Mogrol": "PERSON", "Arvid Kell": "PERSON", "Dana Holm": "PERSON"})
    ents = tuple(e.with_aliases(["Mogrol", "Senator Mogrol"]) if e.name == "Seibrisk Mogrol"
                 else e for e in ex.entities)
    return Extraction(ex.document, ents, ex.mentions, ex.relations, ex.problems)


def surname_article(n: int = 0) -> Extraction:
    return build_extraction(
        f"Mogrol met Dana Holm in Vasdor, report {n}. Mogrol sanctioned Vasdor.", None, [
            ("Mogrol", "MET", "Dana Holm", "asserted", f"Mogrol met Dana Holm in Vasdor, "
             f"report {n}."),
            ("Mogrol", "SANCTIONED", "Vasdor", "asserted", "Mogrol sanctioned Vasdor."),
        ], {"Mogrol": "PERSON", "Dana Holm": "PERSON", "Vasdor": "STATE"})


class Replay:
    """An extractor that hands back extractions made earlier (no spaCy)."""

    name = "replay"

    def __init__(self, extractions: list[Extraction]) -> None:
        self.by_id = {ex.document.id: ex for ex in extractions}

    def extract(self, document):
        return self.by_id[document.id]

    def extract_many(self, documents):
        for d in documents:
            yield self.by_id[d.id]


def snapshot(store: SQLiteStore) -> dict[str, set]:
    """The whole graph, by identity: what two stores must agree on."""
    out: dict[str, set] = {}
    with store._read() as conn:
        out["entities"] = set(conn.execute("SELECT id, name, type FROM entities"))
        out["aliases"] = set(conn.execute("SELECT entity_id, alias_norm FROM aliases"))
        out["relations"] = set(conn.execute("SELECT id, source, type, target FROM relations"))
        out["evidence"] = set(conn.execute("SELECT relation_id, id, document_id, start, end, "
                                           "modality FROM evidence"))
        out["mentions"] = set(conn.execute("SELECT document_id, start, end, entity_id "
                                           "FROM mentions"))
    return out


def ingest_in_order(extractions: list[Extraction], batch_size: int = 2000
                    ) -> SQLiteStore:
    store = SQLiteStore(":memory:")
    ingest_documents([ex.document for ex in extractions], store, Replay(extractions),
                     batch_size=batch_size)
    return store


@pytest.mark.parametrize("batch_size", [1, 2000])
def test_a_surname_only_article_before_the_full_name_joins_it(batch_size):
    full, surname = full_article(), surname_article()
    forward = ingest_in_order([full, surname], batch_size)
    backward = ingest_in_order([surname, full], batch_size)
    names = {e[1] for e in snapshot(backward)["entities"]}
    assert "Mogrol" not in names and "Seibrisk Mogrol" in names
    assert snapshot(backward) == snapshot(forward)


def test_the_merge_keeps_every_mention_and_evidence_and_later_articles_link():
    full = full_article()
    s1, s2 = surname_article(1), surname_article(2)
    store = ingest_in_order([s1, full, s2])
    snap = snapshot(store)
    mogrol = next(e for e in snap["entities"] if e[1] == "Seibrisk Mogrol")
    assert sum(1 for m in snap["mentions"] if m[3] == mogrol[0]) == sum(
        1 for ex in (s1, full, s2) for m in ex.mentions if m.text.endswith("Mogrol"))
    # MET Mogrol-Holm: evidence of all three articles on one relation
    holm = next(e for e in snap["entities"] if e[1] == "Dana Holm")
    met = [r for r in snap["relations"] if r[2] == "MET" and {r[1], r[3]} == {
        mogrol[0], holm[0]}]
    assert len(met) == 1
    assert len({v[2] for v in snap["evidence"] if v[0] == met[0][0]}) == 3
    assert snap == snapshot(ingest_in_order([full, s1, s2]))


def test_two_full_names_sharing_the_surname_keep_it_apart_when_they_come_first():
    full = full_article()
    other = build_extraction("Tamsin Mogrol met Arvid Kell.", None, [
        ("Tamsin Mogrol", "MET", "Arvid Kell", "asserted", "Tamsin Mogrol met Arvid Kell.")],
        {"Tamsin Mogrol": "PERSON", "Arvid Kell": "PERSON"})
    ents = tuple(e.with_aliases(["Mogrol"]) if e.name == "Tamsin Mogrol" else e
                 for e in other.entities)
    other = Extraction(other.document, ents, other.mentions, other.relations)
    store = ingest_in_order([full, other, surname_article()])
    assert "Mogrol" in {e[1] for e in snapshot(store)["entities"]}  # ambiguous: apart


# -- the property, on the synthetic corpus with the real extractor (slow) -------------

def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ergraph_bench_corpus_oi",
                                                  ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_extractions(extractor) -> list[Extraction]:
    """The documents of the issue's corpus (``bench/corpus.py --docs 1000 --seed 3``)
    that name the two people whose surname-only articles came before their full names
    (Mogrol / Seibrisk Mogrol, Mitrouk / Trodra Mitrouk), plus some others."""
    docs = _corpus().documents(1000, seed=3)
    picked = [d for i, d in enumerate(docs)
              if "Mogrol" in d.text or "Mitrouk" in d.text or i % 50 == 0]
    return list(extractor.extract_many(picked))


@pytest.mark.slow
def test_halves_and_permutations_of_a_corpus_give_identical_graphs(corpus_extractions):
    exs = corpus_extractions
    assert any(e.name == "Mogrol" for ex in exs for e in ex.entities)  # the probe's case
    reference = snapshot(ingest_in_order(exs))
    names = {e[1] for e in reference["entities"]}
    assert "Seibrisk Mogrol" in names and "Mogrol" not in names
    assert "Trodra Mitrouk" in names and "Mitrouk" not in names
    half = len(exs) // 2
    orders = [exs[half:] + exs[:half], exs[::-1]]
    rng = random.Random(14)
    for _ in range(3):
        shuffled = exs[:]
        rng.shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        got = snapshot(ingest_in_order(order, batch_size=rng.choice([1, 7, 2000])))
        for part in reference:
            assert got[part] == reference[part], part
