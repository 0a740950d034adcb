"""Issue 14, failure 12 (malformed HTTP): a request the server cannot parse gets the
API's one JSON error envelope with a 400, not uvicorn's ``text/plain`` "Invalid HTTP
request received.". A real ``ergraph serve`` process, spoken to over a raw socket."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

pytestmark = pytest.mark.e2e

MALFORMED = [
    pytest.param(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", id="tls-hello"),
    pytest.param(b"\x00\xff\xfe GARBAGE \x07\x08\r\n\r\n", id="binary-request-line"),
    pytest.param(b"GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n",
                 id="header-without-colon"),
    pytest.param(b"POST /documents HTTP/1.1\r\nHost: localhost\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n",
                 id="bad-chunk-size"),
    pytest.param(b"GET /health HTTP/9.9 extra\r\nHost: localhost\r\n\r\n", id="bad-version"),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(proc: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            pytest.fail(f"server exited with {proc.returncode}:\n{out}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("server did not answer /health within 60 s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# h11: uvicorn's other protocol (the one --http auto picks without httptools), served by
# uvicorn with the class ergraph serve would use then
H11_SERVER = """
import sys, uvicorn
from ergraph.api.app import create_app
from ergraph.api.settings import Settings
uvicorn.run(create_app(Settings(store=sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", http="ergraph.api.protocols:EnvelopeH11Protocol")
"""


@pytest.fixture(scope="module", params=["serve", "serve-2-workers", "h11"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, int]]:
    tmp = tmp_path_factory.mktemp("malformed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    store = f"sqlite:///{tmp / 'graph.db'}"
    port = free_port()
    if request.param == "h11":
        cmd = [sys.executable, "-c", H11_SERVER, store, str(port)]
    else:
        cmd = [sys.executable, "-m", "ergraph.cli", "serve", "--port", str(port), "--store",
               store, "--log-level", "warning",
               "--workers", "2" if request.param == "serve-2-workers" else "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            cwd=tmp)
    try:
        _wait_up(proc, f"http://127.0.0.1:{port}")
        yield "127.0.0.1", port
    finally:
        _stop(proc)


def raw_exchange(addr: tuple[str, int], payload: bytes) -> bytes:
    """Send ``payload`` on a fresh connection; everything the server answers until it
    closes the connection."""
    with socket.create_connection(addr, timeout=10) as s:
        s.sendall(payload)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, sep, body = raw.partition(b"\r\n\r\n")
    assert sep, raw
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


@pytest.mark.parametrize("payload", MALFORMED)
def test_a_request_that_is_not_http_gets_the_json_envelope(server, payload):
    status, headers, body = parse(raw_exchange(server, payload))
    assert status == 400, body
    assert headers["content-type"].startswith("application/json"), headers
    assert int(headers["content-length"]) == len(body)
    assert headers.get("connection") == "close"
    doc = json.loads(body)
    assert set(doc) == {"error"}
    assert set(doc["error"]) == {"code", "message", "details"}
    assert doc["error"]["code"] == "malformed_request"
    assert isinstance(doc["error"]["details"], dict)
    assert b"Invalid HTTP request received" not in body


def test_the_server_still_serves_after_malformed_requests(server):
    for _ in range(3):
        raw_exchange(server, b"\x00\x01\x02 not http\r\n\r\n")
    host, port = server
    r = httpx.get(f"http://{host}:{port}/health", timeout=5)
    assert r.status_code == 200 and r.json()["status"] == "ok"
