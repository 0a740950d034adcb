"""End-to-end: extract the development sets and score them with the shared scorer.

Two sets beside the repository in ``../shared``: the three seed documents (``corpus`` /
``gold``) and sixteen real articles from other outlets (``dev/docs`` / ``dev/gold``).
Without them the tests are skipped with the reason.

Issue 17 asks for entity F1 0.90, relation F1 0.70 and no negation errors on each set,
and these are the floors (the dev articles scored 0.937 / 0.722 when this was written,
the seeds 0.990 / 0.940).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
#: set -> (documents, gold, {part: floor})
SETS = {
    "seeds": ("corpus", "gold", {"entities": 0.90, "relations": 0.70, "core": 0.75}),
    "dev": ("dev/docs", "dev/gold", {"entities": 0.90, "relations": 0.70}),
}


def _score(name: str, tmp: Path) -> dict[str, Any]:
    docs, gold, _ = SETS[name]
    corpus, gold_dir, scorer = SHARED / docs, SHARED / gold, SHARED / "tools" / "score.py"
    if not (corpus.is_dir() and gold_dir.is_dir() and scorer.is_file()):
        pytest.skip(f"{name}: documents, gold or scorer not found under {SHARED}")
    from ergraph.loaders import default_extractor, load_paths, to_gold

    loaded, problems = load_paths([corpus])
    assert loaded and not [p for p in problems if p.kind != "decoded_with_fallback"]
    extractor = default_extractor()
    for ld, ex in zip(loaded, extractor.extract_many([ld.document for ld in loaded]),
                      strict=True):
        (tmp / f"{ld.path.name}.json").write_text(
            json.dumps(to_gold(ex, ld.path.name)), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(scorer), str(gold_dir), str(tmp), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["total"]


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return {name: _score(name, tmp_path_factory.mktemp(name)) for name in SETS}


CASES = [(name, part) for name, (_, _, floors) in SETS.items() for part in floors]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "part"), CASES)
def test_f1_meets_floor(scores: dict[str, dict[str, Any]], name: str, part: str) -> None:
    floor = SETS[name][2][part]
    assert scores[name][part]["f1"] >= floor, (name, scores[name][part])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_modality_accuracy(scores: dict[str, dict[str, Any]], name: str) -> None:
    assert scores[name]["modality_accuracy"] >= 0.85, name


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_no_negation_errors(scores: dict[str, dict[str, Any]], name: str) -> None:
    assert scores[name]["negation_errors"] == 0, name
