"""Path-query latency and throughput, in process and over HTTP, on a synthetic graph.

    python bench/api_bench.py                      # 100k entities / 1M relations
    python bench/api_bench.py --entities 20000 --relations 200000 --queries 300

Builds (once, then reuses) ``bench/out/api_synthetic-<entities>-<relations>.db`` with
:func:`synthetic.synthetic_graph`, then prints side by side:

* in process: ``resolve_entity`` (by name) x 2 + ``store.shortest_paths`` - p50 / p99;
  and the API's own hot path for the same query without HTTP (``service.find_paths``
  with the adjacency index, JSON encoded);
* over HTTP: ``GET /paths?source=<name>&target=<name>`` against a real ``ergraph serve``
  (uvicorn) process, one client in sequence - p50 / p99;
* over HTTP: requests/s with ``--concurrency`` clients (threads, keep-alive) for
  ``--duration`` seconds.

The same deterministic name pairs are used everywhere; the server's one-off build of the
graph view is excluded (reported separately as the warm-up). Targets: p99 < 50 ms over
HTTP, >= 500 requests/s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ergraph.api.errors import FastJSONResponse  # noqa: E402
from ergraph.api.pathindex import IndexCache  # noqa: E402
from ergraph.api.service import find_paths  # noqa: E402
from ergraph.graph.base import EdgeFilter, resolve_entity  # noqa: E402
from ergraph.graph.sqlite import SQLiteStore  # noqa: E402
from synthetic import entity_name, entity_type, synthetic_graph  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))]


def name_pairs(entities: int, count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        a, b = rng.randrange(entities), rng.randrange(entities)
        if a != b:
            out.append((entity_name(a, entity_type(a, entities)),
                        entity_name(b, entity_type(b, entities))))
    return out


def in_process(db: Path, pairs: list[tuple[str, str]], max_hops: int) -> dict[str, Any]:
    store = SQLiteStore(f"sqlite:///{db}")
    t0 = time.perf_counter()
    store.network()
    warm = time.perf_counter() - t0
    where = EdgeFilter()
    lat, found = [], 0
    for a, b in pairs:
        t = time.perf_counter()
        ea, eb = resolve_entity(store, a), resolve_entity(store, b)
        paths = store.shortest_paths(ea.id, eb.id, max_hops=max_hops, where=where)
        lat.append((time.perf_counter() - t) * 1000)
        found += bool(paths)
    # what the server runs for the same query: resolve + the adjacency index + the store's
    # batched path building + JSON, without HTTP
    index = IndexCache()
    t0 = time.perf_counter()
    index.get(store.network(), where)
    index_s = time.perf_counter() - t0
    api_lat = []
    for a, b in pairs:
        t = time.perf_counter()
        answer = find_paths(store, a, b, max_hops, where, False, 1, False, 10, index)
        FastJSONResponse(answer)  # encodes, as the server does
        api_lat.append((time.perf_counter() - t) * 1000)
    store.close()
    return {"warm_s": warm, "lat": lat, "found": found, "api_lat": api_lat,
            "index_s": index_s}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    env["ERGRAPH_QUERY_TIMEOUT"] = "600"  # the first query builds the graph view
    cmd = [sys.executable, "-m", "ergraph.cli", "serve", "--port", str(port),
           "--store", f"sqlite:///{db}", "--log-level", "warning", "--no-access-log",
           "--workers", str(workers)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(proc: subprocess.Popen[bytes], port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"ergraph serve exited with {proc.returncode}:\n{err[-3000:]}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("ergraph serve did not start")


def warm_workers(port: int, url: str, workers: int) -> float:
    """Every server process builds its own graph view on its first query: send rounds of
    concurrent queries on fresh connections until a whole round answers fast, so the
    timed runs measure warm processes only. Returns the seconds it took."""
    t0 = time.perf_counter()
    for _ in range(60):
        times: list[float] = []

        def one(times: list[float] = times) -> None:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            t = time.perf_counter()
            get(c, url)
            times.append(time.perf_counter() - t)
            c.close()

        threads = [threading.Thread(target=one) for _ in range(4 * workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if max(times) < 0.5:
            break
    return time.perf_counter() - t0


def path_url(a: str, b: str, max_hops: int) -> str:
    return "/paths?" + urllib.parse.urlencode({"source": a, "target": b, "max_hops": max_hops})


def get(conn: http.client.HTTPConnection, url: str) -> tuple[int, bytes]:
    conn.request("GET", url)
    r = conn.getresponse()
    return r.status, r.read()


def http_sequential(port: int, pairs: list[tuple[str, str]], max_hops: int
                    ) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    t0 = time.perf_counter()
    status, body = get(conn, path_url(*pairs[0], max_hops))  # builds the graph view
    warm = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"warm-up query failed: {status} {body[:300]!r}")
    lat, found, errors = [], 0, 0
    for a, b in pairs:
        t = time.perf_counter()
        status, body = get(conn, path_url(a, b, max_hops))
        lat.append((time.perf_counter() - t) * 1000)
        if status != 200:
            errors += 1
        else:
            found += json.loads(body)["count"] > 0
    conn.close()
    return {"warm_s": warm, "lat": lat, "found": found, "errors": errors}


def http_throughput(port: int, pairs: list[tuple[str, str]], max_hops: int, clients: int,
                    duration: float) -> dict[str, Any]:
    urls = [path_url(a, b, max_hops) for a, b in pairs]
    counts = [0] * clients
    errors = [0] * clients
    lat: list[list[float]] = [[] for _ in range(clients)]
    start = threading.Event()
    stop_at = [0.0]

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        j = i * 7919
        start.wait()
        while time.perf_counter() < stop_at[0]:
            t = time.perf_counter()
            try:
                status, _ = get(conn, urls[j % len(urls)])
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            lat[i].append((time.perf_counter() - t) * 1000)
            if status == 200:
                counts[i] += 1
            else:
                errors[i] += 1
            j += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    stop_at[0] = t0 + duration
    start.set()
    for t in threads:
        t.join(duration + 120)
    elapsed = time.perf_counter() - t0
    all_lat = [x for xs in lat for x in xs]
    return {"rps": sum(counts) / elapsed, "ok": sum(counts), "errors": sum(errors),
            "lat": all_lat, "elapsed": elapsed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--relations", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--db", type=Path, default=None, help="reuse or build this SQLite file")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--queries", type=int, default=1000, help="path queries per latency run")
    ap.add_argument("--max-hops", type=int, default=4)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    ap.add_argument("--server-workers", type=int, default=1,
                    help="ergraph serve --workers (processes, each with its own graph view)")
    args = ap.parse_args(argv)

    db = args.db or HERE / "out" / f"api_synthetic-{args.entities}-{args.relations}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not db.exists():
        t0 = time.perf_counter()
        counts = synthetic_graph(f"sqlite:///{db}", args.entities, args.relations, args.seed)
        print(f"built {db}: {counts} in {time.perf_counter() - t0:.1f} s", flush=True)
    pairs = name_pairs(args.entities, args.queries, args.seed + 1)

    print("in process ...", flush=True)
    local = in_process(db, pairs, args.max_hops)
    port = free_port()
    proc = start_server(db, port, args.server_workers)
    try:
        wait_ready(proc, port, timeout=120)
        if args.server_workers > 1:
            print(f"warming {args.server_workers} server processes ...", flush=True)
            warm = warm_workers(port, path_url(*pairs[0], args.max_hops), args.server_workers)
            print(f"  warm after {warm:.1f} s", flush=True)
        print("over HTTP, one client ...", flush=True)
        seq = http_sequential(port, pairs, args.max_hops)
        print(f"over HTTP, {args.concurrency} clients for {args.duration:g} s ...", flush=True)
        load = http_throughput(port, pairs, args.max_hops, args.concurrency, args.duration)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    n = len(pairs)
    print()
    print(f"synthetic graph: {args.entities:,} entities, {args.relations:,} relations; "
          f"{n} path queries by name, max_hops={args.max_hops}; "
          f"paths found {local['found']}/{n} in process, {seq['found']}/{n} over HTTP")
    print(f"one-off: graph view build in process {local['warm_s']:.1f} s, adjacency index "
          f"{local['index_s']:.1f} s; the server's first query (both) {seq['warm_s']:.1f} s")
    rows = [
        ("in process: store", local["lat"], "-"),
        ("in process: API path", local["api_lat"], "-"),
        ("HTTP, 1 client", seq["lat"], f"{n / (sum(seq['lat']) / 1000):.0f}"),
        (f"HTTP, {args.concurrency} clients, {args.server_workers} server process(es)",
         load["lat"], f"{load['rps']:.0f}"),
    ]
    print(f"{'':<22}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'req/s':>10}")
    for label, lat, rps in rows:
        print(f"{label:<22}{percentile(lat, 50):>10.2f}{percentile(lat, 99):>10.2f}"
              f"{max(lat):>10.2f}{rps:>10}")
    print(f"errors over HTTP: {seq['errors']} sequential, {load['errors']} under load "
          f"({load['ok']} ok in {load['elapsed']:.1f} s)")
    p99 = percentile(seq["lat"], 99)
    print(f"targets: p99 < 50 ms over HTTP: {'met' if p99 < 50 else 'MISSED'} ({p99:.1f}); "
          f">= 500 req/s: {'met' if load['rps'] >= 500 else 'MISSED'} ({load['rps']:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
