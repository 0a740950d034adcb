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
  ``--duration`` seconds;
* write then read (``--writes``, default 20), on a freshly started server with the default
  query budget: the cold start (process start to the first ``/paths`` answer), then after
  each single-document ``POST /documents`` the first path query's latency and status and
  the server's RSS (``VmRSS`` of the ``ergraph serve`` process).

The same deterministic name pairs are used everywhere. Targets: p99 < 50 ms over HTTP,
>= 500 requests/s; write then read: cold start < 5 s, p99 of the first query after a write
< 100 ms with no error, RSS after each write within 5 % of its value after the first.

    python bench/api_bench.py --only write-read     # just the write-then-read run
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
    store.adjacency(wait=True)  # the default-filter adjacency, built in the background
    warm = time.perf_counter() - t0
    where = EdgeFilter()
    lat, found = [], 0
    for a, b in pairs:
        t = time.perf_counter()
        ea, eb = resolve_entity(store, a), resolve_entity(store, b)
        paths = store.shortest_paths(ea.id, eb.id, max_hops=max_hops, where=where)
        lat.append((time.perf_counter() - t) * 1000)
        found += bool(paths)
    # what the server runs for the same query: resolve + the store's path search + JSON
    api_lat = []
    for a, b in pairs:
        t = time.perf_counter()
        answer = find_paths(store, a, b, max_hops, where, False, 1, False, 10)
        FastJSONResponse(answer)  # encodes, as the server does
        api_lat.append((time.perf_counter() - t) * 1000)
    store.close()
    return {"warm_s": warm, "lat": lat, "found": found, "api_lat": api_lat}


def server_rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


_WRITE_GIVEN = ["Adela", "Bruno", "Celia", "Dario", "Edith", "Fabian", "Gisela", "Henrik",
                "Ilse", "Janek", "Kira", "Lorenz", "Milena", "Nestor", "Ottilie", "Piotr",
                "Renata", "Sven", "Theda", "Urban", "Vera", "Walter"]


def write_document(i: int) -> tuple[dict[str, Any], str, str]:
    """A small news item, new each time (ids are content hashes), and the two people it
    says met."""
    a, b = _WRITE_GIVEN[i % len(_WRITE_GIVEN)], _WRITE_GIVEN[(i * 7 + 3) % len(_WRITE_GIVEN)]
    text = (f"Senator {a} Harrowgate met Minister {b} Feldmark in Vienna on Monday, "
            f"according to report number {i}. Senator {a} Harrowgate later accused "
            f"Minister {b} Feldmark of blocking the inquiry.")
    doc = {"text": text, "title": f"bench write {i}", "date": "2024-03-01"}
    return doc, f"{a} Harrowgate", f"{b} Feldmark"


def post(conn: http.client.HTTPConnection, url: str, body: Any) -> tuple[int, bytes]:
    conn.request("POST", url, body=json.dumps(body).encode(),
                 headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    return r.status, r.read()


def write_then_read(db: Path, pairs: list[tuple[str, str]], max_hops: int, writes: int
                    ) -> dict[str, Any]:
    """A fresh server (default query budget): cold start to the first path answer, then
    ``writes`` single-document POSTs, each followed at once by one path query."""
    port = free_port()
    t0 = time.perf_counter()
    proc = start_server(db, port, 1, query_timeout=None)
    try:
        wait_ready(proc, port, timeout=120)
        ready = time.perf_counter() - t0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        status, body = get(conn, path_url(*pairs[0], max_hops))
        cold = time.perf_counter() - t0
        if status != 200:
            raise SystemExit(f"first query failed: {status} {body[:300]!r}")
        t1 = time.perf_counter()
        warm_until_fast(conn, [path_url(a, b, max_hops) for a, b in pairs[1:]])
        warm = time.perf_counter() - t1
        lat, other_lat, post_lat, rss, hwm, errors, statuses = [], [], [], [], [], 0, []
        fresh = 0
        for i in range(writes):
            doc, who, whom = write_document(i)
            t = time.perf_counter()
            status, body = post(conn, "/documents", {"documents": [doc]})
            post_lat.append((time.perf_counter() - t) * 1000)
            if status != 201:
                errors += 1
                statuses.append(f"POST {status} {body[:200]!r}")
            # the first query: the two people the document just said met (the write must
            # be visible: a path of one hop), then a pair of the synthetic graph
            for j, (a, b) in enumerate(((who, whom), pairs[(i * 31 + 7) % len(pairs)])):
                t = time.perf_counter()
                status, body = get(conn, path_url(a, b, max_hops))
                (lat if j == 0 else other_lat).append((time.perf_counter() - t) * 1000)
                if status != 200:
                    errors += 1
                    statuses.append(f"GET {status} {body[:200]!r}")
                elif j == 0:
                    answer = json.loads(body)
                    fresh += bool(answer["count"]) and answer["paths"][0]["hops"] == 1
            r, h = server_rss_mb(proc.pid)
            rss.append(r)
            hwm.append(h)
        conn.close()
    finally:
        stop_server(proc)
    return {"ready_s": ready, "cold_s": cold, "warm_s": warm, "lat": lat,
            "other_lat": other_lat, "fresh": fresh, "post_lat": post_lat, "rss": rss, "hwm": hwm, "errors": errors,
            "statuses": statuses}


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def report_write_read(wr: dict[str, Any], writes: int) -> None:
    lat, rss = wr["lat"], wr["rss"]
    base = rss[0]
    drift = max(abs(r - base) / base * 100 for r in rss)
    print()
    print(f"write then read ({writes} single-document POST /documents, default query budget)")
    print(f"  cold start: /health after {wr['ready_s']:.1f} s, first /paths answer after "
          f"{wr['cold_s']:.2f} s (target < 5 s); fast path ready {wr['warm_s']:.1f} s later")
    print(f"  first /paths after each write (the pair it wrote): p50 "
          f"{percentile(lat, 50):.1f} ms, p99 {percentile(lat, 99):.1f} ms, max "
          f"{max(lat):.1f} ms (target p99 < 100 ms); the new edge found {wr['fresh']}/"
          f"{writes}; errors {wr['errors']}")
    other = wr["other_lat"]
    print(f"  the next /paths (a synthetic pair): p50 {percentile(other, 50):.1f} ms, "
          f"p99 {percentile(other, 99):.1f} ms")
    print(f"  POST /documents: p50 {percentile(wr['post_lat'], 50):.0f} ms, "
          f"max {max(wr['post_lat']):.0f} ms")
    print(f"  server RSS after each write (MB): {', '.join(f'{r:.0f}' for r in rss)}")
    print(f"  RSS drift from the first: max {drift:.1f} % (target <= 5 %); VmHWM "
          f"{wr['hwm'][0]:.0f} -> {wr['hwm'][-1]:.0f} MB")
    for s in wr["statuses"][:5]:
        print(f"  error: {s}")
    ok = (wr["cold_s"] < 5 and percentile(lat, 99) < 100 and wr["errors"] == 0
          and drift <= 5 and wr["fresh"] == writes)
    print(f"  targets: {'met' if ok else 'MISSED'}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 1, query_timeout: float | None = 600
                 ) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    if query_timeout is not None:
        env["ERGRAPH_QUERY_TIMEOUT"] = str(query_timeout)
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
    """Every server process builds its own adjacency after its first query: send rounds of
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
        if max(times) < 0.1:  # the adjacency is built in every process (see above)
            break
    return time.perf_counter() - t0


def warm_until_fast(conn: http.client.HTTPConnection, urls: list[str], streak: int = 30,
                    fast: float = 0.03, timeout: float = 180) -> float:
    """Path queries until ``streak`` in a row answer within ``fast`` seconds: the server's
    adjacency, built in the background after its first path query, is then in place
    (queries answered over the indexes meanwhile are slower than that, and the build
    competes with them for the interpreter). Returns the seconds it took."""
    t0 = time.perf_counter()
    run, i = 0, 0
    while run < streak and time.perf_counter() - t0 < timeout:
        t = time.perf_counter()
        get(conn, urls[i % len(urls)])
        run = run + 1 if time.perf_counter() - t < fast else 0
        i += 1
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
    status, body = get(conn, path_url(*pairs[0], max_hops))  # starts the adjacency's build
    first = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"warm-up query failed: {status} {body[:300]!r}")
    warm = warm_until_fast(conn, [path_url(a, b, max_hops) for a, b in pairs[::-1]])
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
    return {"first_s": first, "warm_s": warm, "lat": lat, "found": found, "errors": errors}


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
    ap.add_argument("--writes", type=int, default=20,
                    help="single-document POSTs of the write-then-read run (0: skip it)")
    ap.add_argument("--only", choices=("write-read",), default=None,
                    help="run only the write-then-read part")
    args = ap.parse_args(argv)

    db = args.db or HERE / "out" / f"api_synthetic-{args.entities}-{args.relations}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not db.exists():
        t0 = time.perf_counter()
        counts = synthetic_graph(f"sqlite:///{db}", args.entities, args.relations, args.seed)
        print(f"built {db}: {counts} in {time.perf_counter() - t0:.1f} s", flush=True)
    pairs = name_pairs(args.entities, args.queries, args.seed + 1)
    SQLiteStore(f"sqlite:///{db}").close()  # any index the store adds, made before timing
    if args.only == "write-read":
        # on a copy: the run writes documents, and the other runs want the pristine graph
        work = db.with_name(db.stem + "-writes.db")
        _copy_db(db, work)
        print("write then read ...", flush=True)
        report_write_read(write_then_read(work, pairs, args.max_hops, args.writes), args.writes)
        return 0

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
        stop_server(proc)
    wr = None
    if args.writes:
        work = db.with_name(db.stem + "-writes.db")
        _copy_db(db, work)
        print("write then read ...", flush=True)
        wr = write_then_read(work, pairs, args.max_hops, args.writes)

    n = len(pairs)
    print()
    print(f"synthetic graph: {args.entities:,} entities, {args.relations:,} relations; "
          f"{n} path queries by name, max_hops={args.max_hops}; "
          f"paths found {local['found']}/{n} in process, {seq['found']}/{n} over HTTP")
    print(f"one-off: the adjacency's build in process {local['warm_s']:.1f} s (in the "
          f"background; queries meanwhile search the indexes); the server's first query "
          f"{seq['first_s']:.2f} s, its adjacency in place {seq['warm_s']:.1f} s later "
          "(the timed runs start then)")
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
    if wr is not None:
        report_write_read(wr, args.writes)
    return 0


def _copy_db(src: Path, dst: Path) -> None:
    """A consistent copy of a SQLite file (its WAL included), replacing ``dst``."""
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


if __name__ == "__main__":
    sys.exit(main())
