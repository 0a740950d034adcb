"""End to end: ``ergraph serve`` in a real uvicorn process on a SQLite file, queried over
HTTP with httpx."""

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


@pytest.fixture(params=[1, 2], ids=["one-process", "two-worker-processes"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "graph.db"
    build_store(f"sqlite:///{db}").close()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    env["ERGRAPH_API_KEY"] = "e2e-key"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ergraph.cli", "serve", "--port", str(port),
         "--store", f"sqlite:///{db}", "--log-level", "warning",
         "--workers", str(request.param)],
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
