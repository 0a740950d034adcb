"""Page benchmark: write whole-graph pages of 500, 2,000 and 5,000 nodes and time them
in headless Chromium until the network is drawn and stable (``window.ergraphReady``).

    python bench/page_bench.py [--sizes 500 2000 5000] [--runs 3] [--out bench/out]

Prints, per size: relations, seconds to build the page in Python (layout included), file
size, and the browser time from navigation start to ready (median of the runs, and the
worst). Target: 5,000 nodes ready in under 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser_support import (  # noqa: E402
    browser_errors,
    canvas_stats,
    chrome_driver,
    chromium_missing,
    wait_ready,
)
from ergraph.viz import pages  # noqa: E402
from viz_fixtures import synthetic_store  # noqa: E402

TARGET_MS = {5000: 5000.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--edges-per-node", type=float, default=1.8)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args(argv)
    why = chromium_missing()
    if why:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        store = synthetic_store(n, int(n * args.edges_per_node))
        t = time.perf_counter()
        path = pages.graph_page(store, args.out / f"graph-{n}.html", max_nodes=n)
        build = time.perf_counter() - t
        rels = store.stats()["relations"]
        store.close()
        times = []
        with chrome_driver() as d:
            for _ in range(args.runs):
                d.get(path.as_uri())
                times.append(wait_ready(d, 300))
            stats = canvas_stats(d) or {}
            errors = browser_errors(d)
        rows.append((n, rels, build, path.stat().st_size, statistics.median(times), max(times),
                     stats.get("colours", 0), errors))
    print(f"{'nodes':>6} {'relations':>9} {'build s':>8} {'page MB':>8} {'ready ms':>9} "
          f"{'worst ms':>9} {'colours':>8}")
    failed = False
    for n, rels, build, size, med, worst, colours, errors in rows:
        mark = ""
        if n in TARGET_MS:
            ok = worst < TARGET_MS[n]
            failed |= not ok
            mark = f"  target < {TARGET_MS[n] / 1000:.0f} s: {'ok' if ok else 'MISSED'}"
        print(f"{n:>6} {rels:>9} {build:>8.2f} {size / 1e6:>8.2f} {med:>9.0f} {worst:>9.0f} "
              f"{colours:>8}{mark}")
        for e in errors:
            print(f"    browser error: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
