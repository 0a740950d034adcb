"""The embedded store and real Neo4j side by side, on the same synthetic graph, in one run.

    python bench/neo4j_bench.py                                # the size stated below
    python bench/neo4j_bench.py --entities 20000 --relations 200000 --queries 200

Neo4j is the real thing: 5.26 started by Neo4j's own test harness (``tests/neo4j_server``,
built with Maven on first use, see ``tests/bolt_servers.py``), on loopback, with a
password. The graph is :class:`synthetic.SyntheticPlan` (deterministic; hubs, four
modalities, dated documents), turned into one :class:`~ergraph.model.Extraction` per
document so both stores are written through the ingest writer (``write_many``). Printed:

* ingest: relations/s into SQLite and into Neo4j (``write_many`` of ``--batch`` documents;
  the first tenth of the documents, then the rest);
* path query (``/paths`` shortest, default filter, ``--max-hops``) p50/p99, in process
  (``api.service.find_paths``, what the route runs, JSON-encoded) and over HTTP against a
  real ``ergraph serve`` (uvicorn) process, one client in sequence;
* neighbourhood (depth 2, limit 100) p50/p99, in process and over HTTP;
* peak RSS (VmHWM) of the API process, on the tenth-size graph and on the whole graph;
* the re-decisions of ``graph/neo4j.py``: per-level path search against Neo4j's own
  ``ALL SHORTEST`` quantified path pattern, and serialised against concurrent writers.

Targets: on Neo4j, path p99 over HTTP < 50 ms and an API RSS that does not grow with the
graph. The same name pairs are used everywhere; warm-ups (the embedded store's graph
views; JIT warm-up of Neo4j) are excluded and reported separately.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import bolt_servers  # noqa: E402
from api_bench import free_port, name_pairs, percentile, wait_ready  # noqa: E402
from ergraph.api.errors import FastJSONResponse  # noqa: E402
from ergraph.api.service import find_paths, neighbors  # noqa: E402
from ergraph.graph import open_store  # noqa: E402
from ergraph.graph.base import EdgeFilter, GraphStore, resolve_entity  # noqa: E402
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation  # noqa: E402
from synthetic import SyntheticPlan  # noqa: E402

#: Neo4j for the benchmark: JIT on, a heap and page cache that hold the graph.
BENCH_JVM = ("-Xms1g", "-Xmx3g", "-XX:+UseG1GC")
BENCH_ARGS = ("--page-cache", "2g")


# -- the graph as extractions ----------------------------------------------------------
def extractions(plan: SyntheticPlan) -> list[Extraction]:
    """One extraction per synthetic document: its mentions, and every relation whose
    evidence it holds (with both ends as entities of the extraction)."""
    entity = {eid: Entity(eid, name, t, (name.split(" ", 1)[1],))
              for eid, name, t in zip(plan.ids, plan.names, plan.types, strict=True)}
    docs = {d[0]: d for d in plan.documents}
    mentions: dict[str, list[Mention]] = {}
    for did, eid, s, e, text in plan.mentions:
        mentions.setdefault(did, []).append(Mention(eid, did, s, e, text))
    rels: dict[str, list[Relation]] = {}
    for (rid, a, rtype, b, sym), ev in zip(plan.relations, plan.evidence, strict=True):
        evidence = Evidence(relation_id=rid, document_id=ev[2], sentence=ev[3], start=ev[4],
                            end=ev[5], modality=ev[6], extractor=ev[7], confidence=ev[8],
                            trigger=ev[9])
        rels.setdefault(ev[2], []).append(Relation(rid, a, rtype, b, bool(sym), (evidence,)))
    out = []
    for did, (_id, title, date, source, text) in docs.items():
        doc = Document(id=did, text=text, title=title, date=date, source=source)
        ms = mentions.get(did, [])
        rs = rels.get(did, [])
        ids = dict.fromkeys([m.entity_id for m in ms] + [x for r in rs
                                                          for x in (r.source, r.target)])
        out.append(Extraction(doc, tuple(entity[i] for i in ids), tuple(ms), tuple(rs)))
    return out


def ingest(store: GraphStore, batch_docs: list[Extraction], batch: int) -> tuple[float, int]:
    """Seconds spent in ``write_many`` and relations written."""
    seconds, written = 0.0, 0
    it = iter(batch_docs)
    while chunk := list(itertools.islice(it, batch)):
        t = time.perf_counter()
        store.write_many(chunk)
        seconds += time.perf_counter() - t
        written += sum(len(x.relations) for x in chunk)
    return seconds, written


# -- measuring ----------------------------------------------------------------------------
def timed(calls: list[Callable[[], Any]]) -> list[float]:
    out = []
    for call in calls:
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{percentile(values, 50):.1f} / {percentile(values, 99):.1f}"


def start_api(uri: str, password: str | None) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    env["ERGRAPH_QUERY_TIMEOUT"] = "600"  # the embedded store's first query builds its view
    if password:
        env["ERGRAPH_NEO4J_PASSWORD"] = password
    cmd = [sys.executable, "-m", "ergraph.cli", "serve", "--port", str(port), "--store", uri,
           "--log-level", "warning", "--no-access-log", "--workers", "1"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_ready(proc, port, timeout=120)
    return proc, port


def stop_api(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def vm_hwm(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def http_get(conn: http.client.HTTPConnection, url: str) -> tuple[int, bytes]:
    conn.request("GET", url)
    r = conn.getresponse()
    return r.status, r.read()


def http_session(uri: str, password: str | None, pairs: list[tuple[str, str]],
                 centres: list[str], max_hops: int) -> dict[str, Any]:
    """Path and neighbourhood latencies over HTTP and the server's peak RSS."""
    proc, port = start_api(uri, password)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        paths = ["/paths?" + urllib.parse.urlencode({"source": a, "target": b,
                                                     "max_hops": max_hops})
                 for a, b in pairs]
        hoods = [f"/entities/{urllib.parse.quote(c)}/neighbors?depth=2&limit=100"
                 for c in centres]
        t = time.perf_counter()
        for url in paths[:20] + hoods[:20]:  # warm-up: view and index, JIT, plan caches
            status, body = http_get(conn, url)
            if status != 200:
                raise SystemExit(f"{url}: {status} {body[:300]!r}")
        warm = time.perf_counter() - t
        found = 0

        def path_call(url: str) -> Callable[[], None]:
            def call() -> None:
                nonlocal found
                status, body = http_get(conn, url)
                if status != 200:
                    raise SystemExit(f"{url}: {status} {body[:300]!r}")
                found += json.loads(body)["count"] > 0
            return call

        path_ms = timed([path_call(u) for u in paths])
        hood_ms = timed([lambda u=u: http_get(conn, u) for u in hoods])
        conn.close()
        return {"path": path_ms, "hood": hood_ms, "found": found, "warm_s": warm,
                "rss": vm_hwm(proc.pid)}
    finally:
        stop_api(proc)


def in_process(store: GraphStore, pairs: list[tuple[str, str]], centres: list[str],
               max_hops: int) -> dict[str, Any]:
    where = EdgeFilter()
    t = time.perf_counter()
    for a, b in pairs[:20]:
        find_paths(store, a, b, max_hops, where, False, 1, False, 10)
    for c in centres[:20]:
        neighbors(store, c, 2, where, 100)
    warm = time.perf_counter() - t
    path_ms = timed([lambda a=a, b=b: FastJSONResponse(
        find_paths(store, a, b, max_hops, where, False, 1, False, 10))
        for a, b in pairs])
    hood_ms = timed([lambda c=c: FastJSONResponse(neighbors(store, c, 2, where, 100))
                     for c in centres])
    return {"path": path_ms, "hood": hood_ms, "warm_s": warm}


# -- the re-decisions -------------------------------------------------------------------
def path_search(store: Any, pairs: list[tuple[str, str]], max_hops: int
                ) -> dict[str, Any]:
    """The backend's two path searches on the same pairs, node sequences only: the
    per-level search, and Neo4j's ALL SHORTEST first (per-level only for ties); for the
    shortest path and for all shortest paths (limit 10). Answers must be identical."""
    where = EdgeFilter()
    ids = [(resolve_entity(store, a), resolve_entity(store, b)) for a, b in pairs]
    out: dict[str, Any] = {"pairs": len(ids)}
    for every in (False, True):
        answers: dict[str, list[Any]] = {}
        for mode in ("levels", "native-first"):
            store.path_search = mode
            for a, b in ids[:10]:  # warm-up (JIT, plan cache)
                store._node_paths(a, b, max_hops, where, every, False, 10)
            ms, got = [], []
            for a, b in ids:
                t = time.perf_counter()
                got.append(store._node_paths(a, b, max_hops, where, every, False, 10))
                ms.append((time.perf_counter() - t) * 1000)
            out[(mode, every)] = ms
            answers[mode] = got
        out[("agree", every)] = sum(x == y for x, y in zip(answers["levels"],
                                                           answers["native-first"]))
        want = 10 if every else 1
        out[("ties", every)] = sum(len(store._shortest_native(a, b, max_hops, where, False,
                                                              want + 1)) > want
                                   for a, b in ids)
        store.path_search = "native-first"
        calls = [0]
        by_levels = store._node_paths_by_levels

        def counted(*a: Any, calls: list[int] = calls, by_levels: Any = by_levels,
                    **k: Any) -> Any:
            calls[0] += 1
            return by_levels(*a, **k)

        store._node_paths_by_levels = counted
        for a, b in ids:
            store._node_paths(a, b, max_hops, where, every, False, 10)
        del store._node_paths_by_levels
        out[("fallback", every)] = calls[0]
    store.path_search = "native-first"
    return out


def writers(server: bolt_servers.Neo4jServer, docs: int) -> dict[str, Any]:
    """Two writer threads with one shared lock (serialised) and with a lock each
    (concurrent, as two processes), on the same entities; documents/s and checks."""
    from corpus import synthetic_extractions

    out: dict[str, Any] = {}
    for mode in ("serialised", "concurrent"):
        batch = list(synthetic_extractions(docs, relations_per_doc=20, entities=2000,
                                           seed=7 if mode == "serialised" else 8))
        stores = [open_store(server.store_uri, password=server.password) for _ in range(2)]
        if mode == "concurrent":
            stores[1]._lock = threading.Lock()  # type: ignore[attr-defined]
        errors: list[BaseException] = []

        def run(s: Any, part: list[Extraction], errors: list[BaseException] = errors
                ) -> None:
            try:
                for i in range(0, len(part), 5):
                    s.write_many(part[i:i + 5])
            except BaseException as exc:  # noqa: BLE001 - reported
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(s, batch[i::2]))
                   for i, s in enumerate(stores)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        seconds = time.perf_counter() - t
        for s in stores:
            s.close()
        with open_store(server.store_uri, password=server.password) as s:
            stored = s.stored_documents(x.document.id for x in batch)
        out[mode] = {"docs_per_s": docs / seconds, "errors": len(errors),
                     "stored": len(stored), "docs": docs,
                     "error": str(errors[0])[:200] if errors else ""}
    return out


# -- report -------------------------------------------------------------------------------
def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=30_000)
    ap.add_argument("--relations", type=int, default=300_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--max-hops", type=int, default=4)
    ap.add_argument("--batch", type=int, default=5, help="documents per write_many")
    ap.add_argument("--writer-docs", type=int, default=200)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args(argv)
    # a signal still stops Neo4j and removes its data folder (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t_all = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"graph: {args.entities} entities, {args.relations} relations (synthetic, seed 0); "
          f"{os.cpu_count()} CPUs", flush=True)
    plan = SyntheticPlan(args.entities, args.relations)
    xs = extractions(plan)
    del plan
    tenth = max(1, len(xs) // 10)
    pairs = name_pairs(args.entities, args.queries, seed=1)
    centres = [a for a, _b in name_pairs(args.entities, args.queries, seed=2)]

    root = Path(tempfile.mkdtemp(prefix="ergraph-neo4j-bench-"))
    t = time.perf_counter()
    server = bolt_servers.start(root, jvm=BENCH_JVM, args=BENCH_ARGS, timeout=300)
    print(f"Neo4j {server.version} (harness) at {server.bolt}, started in "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    db = args.out / f"neo4j_bench-{args.entities}-{args.relations}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    uris = {"SQLite": (f"sqlite:///{db}", None),
            "Neo4j": (server.store_uri, server.password)}
    res: dict[str, dict[str, Any]] = {k: {} for k in uris}
    try:
        stores = {k: open_store(u, password=pw) if pw else open_store(u)
                  for k, (u, pw) in uris.items()}
        stores["Neo4j"].clear()
        for name, s in stores.items():
            sec, n = ingest(s, xs[:tenth], args.batch)
            res[name]["ingest_s"], res[name]["ingest_n"] = sec, n
            print(f"{name}: first tenth ingested ({n} relations, {sec:.1f} s)", flush=True)
        # the tenth-size graph holds only its documents' entities
        import random

        rng = random.Random(3)
        known = sorted({e.name for x in xs[:tenth] for e in x.entities})
        small_pairs = [(rng.choice(known), rng.choice(known)) for _ in range(60)]
        small_centres = [rng.choice(known) for _ in range(60)]
        for name, (u, pw) in uris.items():
            res[name]["rss_small"] = http_session(u, pw, small_pairs, small_centres,
                                                  args.max_hops)["rss"]
        for name, s in stores.items():
            sec, n = ingest(s, xs[tenth:], args.batch)
            res[name]["ingest_s"] += sec
            res[name]["ingest_n"] += n
            print(f"{name}: all ingested ({res[name]['ingest_n']} relations, "
                  f"{res[name]['ingest_s']:.1f} s)", flush=True)
        del xs
        for name, s in stores.items():
            res[name]["stats"] = s.stats()
            res[name]["inproc"] = in_process(s, pairs, centres, args.max_hops)
            print(f"{name}: in-process queries done", flush=True)
        for s in stores.values():
            s.close()
        for name, (u, pw) in uris.items():
            res[name]["http"] = http_session(u, pw, pairs, centres, args.max_hops)
            print(f"{name}: HTTP queries done", flush=True)
        with open_store(server.store_uri, password=server.password) as neo:
            decision = path_search(neo, pairs[:100], args.max_hops)
        print("path search compared", flush=True)
        writer = writers(server, args.writer_docs)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)

    s_stats, n_stats = res["SQLite"]["stats"], res["Neo4j"]["stats"]
    same = {k: v for k, v in s_stats.items()} == {k: v for k, v in n_stats.items()}
    print()
    print(f"## SQLite vs Neo4j {server.version}: {args.entities} entities / "
          f"{args.relations} relations ({n_stats['relations']} positive + "
          f"{n_stats['negated_only_relations']} negated-only, {n_stats['evidence']} evidence, "
          f"{n_stats['documents']} documents); stats identical: {same}")
    print(f"{args.queries} path queries (shortest, max_hops {args.max_hops}, default filter; "
          f"{res['Neo4j']['http']['found']} found a path), {args.queries} neighbourhoods "
          "(depth 2, limit 100); latencies p50 / p99 in ms")
    rows = []
    for label, fn in [
        ("ingest (write_many), relations/s",
         lambda r: f"{r['ingest_n'] / r['ingest_s']:,.0f}"),
        ("path, in process", lambda r: p(r["inproc"]["path"])),
        ("path, HTTP", lambda r: p(r["http"]["path"])),
        ("neighbourhood, in process", lambda r: p(r["inproc"]["hood"])),
        ("neighbourhood, HTTP", lambda r: p(r["http"]["hood"])),
        ("API peak RSS, tenth of the graph", lambda r: mib(r["rss_small"])),
        ("API peak RSS, whole graph", lambda r: mib(r["http"]["rss"])),
        ("warm-up in process / HTTP, s",
         lambda r: f"{r['inproc']['warm_s']:.1f} / {r['http']['warm_s']:.1f}"),
    ]:
        rows.append([label, fn(res["SQLite"]), fn(res["Neo4j"])])
    print(table(["", "SQLite", "Neo4j"], rows))
    print()
    print(f"## Neo4j path search, node sequences only ({decision['pairs']} pairs, "
          f"max_hops {args.max_hops}); p50 / p99 ms")
    rows = []
    for every, label in ((False, "shortest"), (True, "all shortest, limit 10")):
        rows.append([label, p(decision[("levels", every)]),
                     p(decision[("native-first", every)]),
                     f"{decision[('agree', every)]}/{decision['pairs']}",
                     str(decision[("ties", every)]), str(decision[("fallback", every)])])
    print(table(["", "per-level", "ALL SHORTEST first", "identical", "ties",
                 "per-level still ran"], rows))
    print()
    print(f"## Neo4j: two writer threads, {args.writer_docs} documents of 20 relations over "
          "2000 shared entities (write_many of 5)")
    print(table(["", "documents/s", "errors", "stored"], [
        [m, f"{w['docs_per_s']:.1f}", str(w["errors"]) + (f" ({w['error']})" if w["error"] else ""),
         f"{w['stored']}/{w['docs']}"] for m, w in writer.items()]))
    print(f"\ntotal {time.perf_counter() - t_all:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
