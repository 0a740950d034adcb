"""Extraction quality per topic group: the leave-one-group-out table.

Why: extraction is judged on articles nobody tuned on. The development articles come
in four topic groups by file prefix (``a1_`` influence operations, ``a2_`` sanctions and
indictments, ``a3_`` diplomacy and personal ties, ``a4_`` cyber attacks and denials);
the seeds are a fifth. The extractor is rules plus world knowledge, with no component
trained on these files, so each group's row is its held-out score when the rules were
changed with the other groups in view (the discipline: a change is kept only if it
helps on a group it was not written for). Every row is scored by the shared scorer.

    python bench/extraction_groups.py [--shared ../shared] [--json FILE]

Prints per group and in total: entity P/R/F1, relation P/R/F1, negation errors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("a1", "a2", "a3", "a4")


def _extract(files: list[Path], out: Path) -> None:
    from ergraph.loaders import default_extractor, load_paths, to_gold

    loaded, _problems = load_paths(files)
    extractor = default_extractor()
    for ld, ex in zip(loaded, extractor.extract_many([ld.document for ld in loaded]),
                      strict=True):
        (out / f"{ld.path.name}.json").write_text(json.dumps(to_gold(ex, ld.path.name)),
                                                  encoding="utf-8")


def _score(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["total"]


def score_groups(shared: Path) -> dict[str, dict[str, Any]]:
    """Scores of the seeds, each dev group, and all dev articles together."""
    scorer = shared / "tools" / "score.py"
    dev_docs, dev_gold = shared / "dev" / "docs", shared / "dev" / "gold"
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        seeds = base / "seeds"
        seeds.mkdir()
        _extract(sorted((shared / "corpus").glob("*.txt")), seeds)
        rows["seeds"] = _score(scorer, shared / "gold", seeds)
        pred_all = base / "dev"
        pred_all.mkdir()
        _extract(sorted(dev_docs.glob("*.txt")), pred_all)
        for group in GROUPS:
            # score one group alone: its gold files and predictions in their own folders
            g_gold, g_pred = base / f"{group}-gold", base / f"{group}-pred"
            g_gold.mkdir()
            g_pred.mkdir()
            for f in sorted(dev_gold.glob(f"{group}_*.json")):
                (g_gold / f.name).write_bytes(f.read_bytes())
                pred = pred_all / f.name
                if pred.exists():
                    (g_pred / f.name).write_bytes(pred.read_bytes())
            rows[group] = _score(scorer, g_gold, g_pred)
        rows["dev (all)"] = _score(scorer, dev_gold, pred_all)
    return rows


def _fmt(part: dict[str, Any]) -> str:
    return f"{part['precision']:.3f} {part['recall']:.3f} {part['f1']:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    if not (args.shared / "dev" / "gold").is_dir():
        print(f"no development data under {args.shared}", file=sys.stderr)
        return 2
    rows = score_groups(args.shared)
    print(f"{'group':10s} | {'entity P R F1':17s} | {'relation P R F1':17s} | negation errors")
    print("-" * 68)
    for name, s in rows.items():
        print(f"{name:10s} | {_fmt(s['entities'])} | {_fmt(s['relations'])} | "
              f"{s['negation_errors']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
