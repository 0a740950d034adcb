"""The benchmark harness runs from its README and prints every table (tiny sizes here:
the figures themselves are for bench/README.md, not for a test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_ingest_bench_prints_every_table(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest_bench.py"), "--docs", "12",
         "--relations", "4000", "--write-relations", "1000", "--batch", "50",
         "--json", str(out)],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    for title in ("Extraction: 12 synthetic docs", "Ingest end to end",
                  "Embedded store write path", "store.write (1 txn/doc)",
                  "store.write_many (50 docs/txn)", "ingest_documents loop"):
        assert title in done.stdout, title
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["ingest"]["same_graph"] is True
    assert figures["extraction"]["p2_same_as_in_process"] is True
    rows = {r["mode"]: r for r in figures["store"]}
    assert set(rows) == {"write", "write_many", "ingest"}
    # random triples may repeat: a repeat adds evidence, not a relation
    assert 0.9 * 1000 < rows["write"]["relations_stored"] <= 1000
    for mode in ("write_many", "ingest"):
        assert rows[mode]["relations_written"] == 4000
        assert rows[mode]["relations_stored"] == rows["write_many"]["relations_stored"]
        assert 0 < rows[mode]["peak_rss_bytes"] < 2 * 1024**3
