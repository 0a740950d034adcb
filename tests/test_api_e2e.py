"""End to end: ``ergraph serve`` in a real uvicorn process, queried over HTTP with httpx,
on a SQLite file and on a real Neo4j (``tests/neo4j_server``, marker ``neo4j``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_api import build_store, eid

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=[
    ("sqlite", 1), ("sqlite", 2),
    pytest.param(("neo4j", 1), marks=pytest.mark.neo4j),
    pytest.param(("neo4j", 2), marks=pytest.mark.neo4j),
], ids=["one-process", "two-worker-processes", "neo4j-one-process",
        "neo4j-two-worker-processes"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    backend, workers = request.param
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    env["ERGRAPH_API_KEY"] = "e2e-key"
    if backend == "sqlite":
        uri = f"sqlite:///{tmp_path / 'graph.db'}"
        build_store(uri).close()
    else:
        from ergraph.graph import open_store

        neo = request.getfixturevalue("neo4j_server")
        uri = neo.store_uri
        env["ERGRAPH_NEO4J_PASSWORD"] = neo.password
        with open_store(uri, password=neo.password, database=neo.database) as target, \
                build_store() as built:
            target.clear()
            target.load(built.dump())
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ergraph.cli", "serve", "--port", str(port),
         "--store", uri, "--log-level", "warning", "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"ergraph serve exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("ergraph serve did not answer /health within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_path_query_over_http(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        r = http.get("/paths", params={"source": "Putin", "target": "Hunter Biden"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["source"]["id"] == eid("Vladimir Putin")
        (path,) = body["paths"]
        assert [n["name"] for n in path["nodes"]] == ["Vladimir Putin", "Andrii Derkach",
                                                      "Hunter Biden"]
        assert path["relations"][1]["evidence"][0]["sentence"] == \
            "Andrii Derkach sought to undermine Hunter Biden."
        # the envelope over the wire, and the key that ERGRAPH_API_KEY set
        err = http.get("/paths", params={"source": "Putin", "target": "Smith"})
        assert err.status_code == 409 and err.json()["error"]["code"] == "ambiguous_name"
        assert http.post("/documents", json={"text": "x"}).status_code == 403
        assert http.get("/openapi.json").json()["info"]["title"] == "ergraph"
        assert http.get("/docs").status_code == 200
