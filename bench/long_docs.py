"""Long-document benchmark: extraction time and peak RSS by document size.

Each (kind, size) runs in a child process of its own, so its peak RSS (Linux VmHWM) is
that one extraction's, model included. Two kinds of text:

* ``news``: synthetic news articles (``corpus.py``) joined into one long document of
  many paragraphs;
* ``one-line``: "Senator Dorina Valsek met President Arvid Kell and " repeated on one
  line, no sentence end (the worst case of issue 14).

Extraction goes through ``WindowedExtractor`` (bounded windows), so time should grow
linearly with size and peak RSS stay flat. Targets checked: 1 MB of news in < 60 s and
< 1 GB RSS on one core. Time is CPU time of the one extracting process (what one core
spends, whatever else the machine runs) beside the wall-clock time.

Run: ``python bench/long_docs.py`` (50 KB, 200 KB, 1 MB, 5 MB; ~10 minutes on one core)
or ``--quick`` (50 KB and 200 KB). ``--sizes 50000,1000000`` picks sizes (characters),
``--kinds news``, ``--json FILE`` writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

LINE = "Senator Dorina Valsek met President Arvid Kell and "
SIZES = (50_000, 200_000, 1_000_000, 5_000_000)
QUICK = (50_000, 200_000)
TARGET_SECONDS, TARGET_RSS = 60.0, 1 << 30  # for 1 MB of news


def text_of(kind: str, size: int) -> str:
    """``size`` characters of ``kind`` text (deterministic)."""
    if kind == "one-line":
        return (LINE * (size // len(LINE) + 1))[:size].rstrip()
    import corpus

    parts: list[str] = []
    total, n = 0, max(10, size // 700)
    while total < size:
        files, _ = corpus.generate(n, seed=len(parts) + 7)
        for _name, t in files:
            body = t.split("\n", 1)[1].strip()  # no date header inside the long text
            parts.append(body)
            total += len(body) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size].rstrip()


def peak_rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def child(kind: str, size: int) -> dict[str, Any]:
    """One measurement (runs in its own process)."""
    from ergraph.loaders import default_extractor
    from ergraph.loaders.windows import FAILURE_KINDS, WindowedExtractor
    from ergraph.model import Document

    text = text_of(kind, size)
    opts = json.loads(os.environ.get("LONG_DOCS_OPTIONS", "{}"))  # window sizes, to compare
    ex = WindowedExtractor(default_extractor(), **opts)
    ex.extract(Document.from_text("Warm-up: Anna Berg met Carl Dane in Oslo."))
    doc = Document.from_text(text)
    t, cpu = time.perf_counter(), time.process_time()
    out = ex.extract(doc)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    bad = [p.reason for p in out.problems if p.kind in FAILURE_KINDS]
    peak = peak_rss_bytes()  # the extraction's, before the comparison below
    # the same windows through the bare pipeline, in the same process right after and in
    # the extractor's batches: what the extraction costs beyond the parse, whatever the
    # machine's speed just now
    from ergraph.loaders.spacy_extractor import load_nlp
    from ergraph.loaders.windows import BATCH_CHARS, WINDOW, split_windows

    raw_cpu = time.process_time()
    for _ in load_nlp().pipe((doc.text[a:b] for a, b in split_windows(doc.text)),
                             batch_size=max(1, BATCH_CHARS // WINDOW)):
        pass
    raw_cpu = time.process_time() - raw_cpu
    return {"kind": kind, "chars": len(doc.text), "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2), "parse_cpu_seconds": round(raw_cpu, 2),
            "peak_rss_mb": round(peak / 2**20), "entities": len(out.entities),
            "mentions": len(out.mentions), "relations": len(out.relations),
            "failed": bad}


def run(kinds: list[str], sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    for kind in kinds:
        for size in sizes:
            proc = subprocess.run([sys.executable, __file__, "--child", kind, str(size)],
                                  capture_output=True, text=True, env=env, check=False)
            if proc.returncode != 0:
                rows.append({"kind": kind, "chars": size, "error": proc.stderr[-500:]})
            else:
                rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(_row(rows[-1]), flush=True)
    return rows


def _row(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"{r['kind']:>9} {r['chars']:>10,}  FAILED: {r['error']}"
    per_mb = r["cpu_seconds"] / (r["chars"] / 1e6)
    return (f"{r['kind']:>9} {r['chars']:>10,} {r['seconds']:>9.1f} {r['cpu_seconds']:>9.1f} "
            f"{per_mb:>8.1f} "
            f"{r['peak_rss_mb']:>8} {r['entities']:>8} {r['relations']:>9}"
            + (f"  {r['failed']}" if r["failed"] else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="50 KB and 200 KB only")
    ap.add_argument("--sizes", help="comma-separated sizes in characters")
    ap.add_argument("--kinds", default="news,one-line")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child[0], int(a.child[1]))))
        return 0
    sizes = [int(s) for s in a.sizes.split(",")] if a.sizes else list(QUICK if a.quick
                                                                         else SIZES)
    print(f"{'kind':>9} {'chars':>10} {'wall s':>9} {'CPU s':>9} {'CPU s/MB':>8} {'RSS MB':>8} "
          f"{'entities':>8} {'relations':>9}")
    rows = run(a.kinds.split(","), sizes)
    ok = True
    for r in rows:
        if r.get("kind") == "news" and r.get("chars", 0) >= 1_000_000 and "error" not in r \
                and r["chars"] <= 1_100_000:
            met = r["cpu_seconds"] < TARGET_SECONDS and r["peak_rss_mb"] * 2**20 < TARGET_RSS
            ok = ok and met
            print(f"target 1 MB news < {TARGET_SECONDS:.0f} s and < 1 GB RSS: "
                  f"{'met' if met else 'MISSED'}")
        if "error" in r or r.get("failed"):
            ok = False
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
